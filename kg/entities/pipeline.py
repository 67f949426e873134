"""The spaCy pipeline of the entity stage: the only place that adds pipes.

Tokens are single characters (``spacy.blank("zh")``'s default segmenter), so any span a rule
or a model proposes can be represented, whatever jieba's cuts; ``kg_words`` then puts jieba's
word boundaries and tags (cut on the Simplified folding) on the characters for the patterns.
The trained NER in ``kg/models/ner`` is used when present and read: by the rules alone, or by
an entity model trained with its labels; without it the pipeline runs on patterns and lexicons
alone.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer, SpanRuler

# The components register their factories when imported.
from kg.entities import cluener, learned, lists, person, quote, shape, topic, words  # noqa: F401
from kg.entities.lexicon import gazetteer_patterns
from kg.entities.sources import CONFIG, SCORES, SOURCES
from kg.errors import InputError

__all__ = ["DEFAULT_MODEL", "DEFAULT_ENTITY_MODEL", "CONFIG", "SOURCES", "SCORES", "make_nlp"]

DEFAULT_MODEL = Path(__file__).parent.parent / "models" / "ner"
DEFAULT_ENTITY_MODEL = Path(__file__).parent.parent / "models" / "entities"
_LONGEST = {"@misc": "spacy.first_longest_spans_filter.v1"}
_DOCUMENT_LEVEL = "kg_propagation"  # no component: kg.entities.merge adds it per document


def make_nlp(
    model_dir: Path | None = DEFAULT_MODEL, entity_model: Path | None = DEFAULT_ENTITY_MODEL
) -> Language:
    """The entity pipeline; ``model_dir=None`` leaves the CLUENER NER out, ``entity_model=None``
    the model trained on the corpus (``kg_entity_model``), and so does the default of either
    when no model is shipped. A folder named explicitly must hold its model. The CLUENER NER
    runs only for a reader: the rules alone, or an entity model that reads its labels
    (``kg.entities.learned.reads_cluener``).

    >>> from spacy.util import filter_spans
    >>> nlp = make_nlp(None)
    >>> doc = nlp("深圳市政協在羅湖口岸開會")
    >>> [s.text for s in filter_spans(doc.spans["kg_shape_ruler"])]  # the longest matches
    ['深圳市政協', '羅湖口岸']
    """
    _quiet_jieba()
    if entity_model is not None and (Path(entity_model) / "meta.json").exists():
        cluener_read = learned.reads_cluener(Path(entity_model) / "config.cfg")
    elif entity_model is not None and Path(entity_model) != DEFAULT_ENTITY_MODEL:
        raise InputError(
            f"{entity_model}: no trained entity model here (meta.json missing); "
            "train one with `kg train`, or pass None to run without one"
        )
    else:
        entity_model, cluener_read = None, True
    nlp = spacy.blank("zh")
    nlp.add_pipe("kg_words")
    for source in SOURCES:
        if source == "kg_gazetteer":
            gazetteer = nlp.add_pipe(
                "span_ruler",
                name=source,
                config={
                    "spans_key": source,
                    "spans_filter": _LONGEST,
                    "phrase_matcher_attr": "NORM",
                    "validate": True,
                },
            )
            cast(SpanRuler, gazetteer).add_patterns(gazetteer_patterns())
        elif source == "kg_cluener_ner":
            if model_dir is not None and (Path(model_dir) / "meta.json").exists():
                if cluener_read:
                    nlp.add_pipe(source, config={"model": str(model_dir)})
            elif model_dir is not None and Path(model_dir) != DEFAULT_MODEL:
                raise InputError(
                    f"{model_dir}: no spaCy pipeline here (meta.json missing); "
                    "pass the folder of a trained NER, or None to run without one"
                )
        elif source != _DOCUMENT_LEVEL:
            nlp.add_pipe(source)
    if entity_model is not None:
        _add_entity_model(nlp, Path(entity_model))
    return nlp


def _add_entity_model(nlp: Language, folder: Path) -> None:
    """The readings the model reads, then the model (``kg.entities.learned``) from ``folder``."""
    from kg.entities.learned import MODEL_NAME, model_config

    nlp.add_pipe("kg_readings")
    config = {k: v for k, v in model_config(folder / "config.cfg").items() if k != "factory"}
    model = cast(EntityRecognizer, nlp.add_pipe("ner", name=MODEL_NAME, config=config))
    model.from_disk(folder, exclude=["vocab"])
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    nlp.meta[f"{MODEL_NAME}_version"] = meta["version"]


def _quiet_jieba() -> None:
    """jieba logs "Building prefix dict ..." to stderr on every dictionary load: not ours to show."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
