"""The spaCy pipeline of the entity stage: the only place that adds pipes.

Tokens are single characters (``spacy.blank("zh")``'s default segmenter), so any span a rule
or a model proposes can be represented, whatever jieba's cuts; ``kg_words`` then puts jieba's
word boundaries and tags (cut on the Simplified folding) on the characters for the patterns.
The trained NER in ``kg/models/ner`` is used when present; without it the pipeline runs on
patterns and lexicons alone.
"""
from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language

from kg import entities  # noqa: F401  registers the kg_* factories
from kg.entities import gazetteer_patterns
from kg.errors import InputError

__all__ = ["DEFAULT_MODEL", "make_nlp"]

DEFAULT_MODEL = Path(__file__).parent / "models" / "ner"
_LONGEST = {"@misc": "spacy.first_longest_spans_filter.v1"}


def make_nlp(model_dir: Path | None = DEFAULT_MODEL) -> Language:
    """The entity pipeline; ``model_dir=None`` leaves the trained NER out, and so does the
    default when no model is shipped. A ``model_dir`` named explicitly must hold a pipeline.

    >>> from spacy.util import filter_spans
    >>> nlp = make_nlp(None)
    >>> doc = nlp("深圳市政協在羅湖口岸開會")
    >>> [s.text for s in filter_spans(doc.spans["kg_shape_ruler"])]  # the longest matches
    ['深圳市政協', '羅湖口岸']
    """
    _quiet_jieba()
    nlp = spacy.blank("zh")
    nlp.add_pipe("kg_words")
    nlp.add_pipe("kg_quote_ruler")
    nlp.add_pipe("kg_topic_ruler")
    nlp.add_pipe("kg_person_ruler")
    nlp.add_pipe("kg_shape_ruler")
    gazetteer = nlp.add_pipe("span_ruler", name="kg_gazetteer",
                             config={"spans_key": "kg_gazetteer", "spans_filter": _LONGEST,
                                     "phrase_matcher_attr": "NORM", "validate": True})
    gazetteer.add_patterns(gazetteer_patterns())
    nlp.add_pipe("kg_list_ruler")
    if model_dir is not None and (Path(model_dir) / "meta.json").exists():
        nlp.add_pipe("kg_cluener_ner", config={"model": str(model_dir)})
    elif model_dir is not None and Path(model_dir) != DEFAULT_MODEL:
        raise InputError(f"{model_dir}: no spaCy pipeline here (meta.json missing); "
                         "pass the folder of a trained NER, or None to run without one")
    return nlp


def _quiet_jieba() -> None:
    """jieba logs "Building prefix dict ..." to stderr on every dictionary load: not ours to show."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
