"""Train ``kg_entity_model`` (``kg.entities.learned``) on the annotated corpus.

Every sentence of a training article becomes one example: the sentence as the entity pipeline
reads it (rules, the CLUENER model, their readings: the model's features) and its gold names.
The gold gives names and aliases, not offsets; every occurrence of every form in the sentence
is a gold span, the longest first and none overlapping another (a name inside a longer name
is no entity of its own, ``gold/GUIDELINES.md``). Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from spacy.training import Example

from kg.entities.learned import MODEL_NAME
from kg.errors import InputError
from kg.records import ENTITY_TYPES
from kg.text.ingest import parse_document
from kg.tools.corpus import Article

__all__ = [
    "CONFIG_PATH",
    "TrainingSettings",
    "training_settings",
    "gold_forms",
    "project_forms",
    "examples",
    "span_scores",
    "train_entity_model",
]

CONFIG_PATH = Path(__file__).parent.parent / "configs" / "entities_model.cfg"


@dataclass(frozen=True)
class TrainingSettings:
    seed: int
    epochs: int
    batch_size: int
    dropout: float
    learn_rate: float
    L2: float
    grad_clip: float


SettingsT = TypeVar("SettingsT")


def training_settings(kind: type[SettingsT], path: Path) -> SettingsT:
    """The ``[training]`` section of a model config as ``kind`` (a settings dataclass). The
    config file is the one place the values live, so every field must be there."""
    section = spacy.util.load_config(path, interpolate=True).get("training")
    if section is None:
        raise InputError(f"{path}: no [training] section")
    fields = kind.__dataclass_fields__  # type: ignore[attr-defined]
    missing = [k for k in fields if k not in section]
    if missing:
        raise InputError(f"{path}: [training] lacks {', '.join(missing)}")
    return kind(**{k: section[k] for k in fields})


def gold_forms(gold: dict) -> list[tuple[str, str]]:
    """(form, type) of every name and alias of an annotation, the longest first.

    >>> gold_forms({"entities": [{"name": "前海", "type": "Platform", "aliases": ["前海合作區"]}]})
    [('前海合作區', 'Platform'), ('前海', 'Platform')]
    """
    forms = {
        (form, e["type"])
        for e in gold["entities"]
        for form in [e["name"], *e.get("aliases", [])]
        if form
    }
    return sorted(forms, key=lambda f: (-len(f[0]), f))


def project_forms(text: str, forms: Sequence[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Every occurrence of the forms in ``text`` as (start, end, type), longest first, none
    overlapping another.

    >>> project_forms("深圳市政協在深圳開會", [("深圳市政協", "Organization"), ("深圳", "Place")])
    [(0, 5, 'Organization'), (6, 8, 'Place')]
    """
    taken = [False] * len(text)
    spans = []
    for form, label in forms:
        start = text.find(form)
        while start != -1:
            end = start + len(form)
            if not any(taken[start:end]):
                spans.append((start, end, label))
                taken[start:end] = [True] * len(form)
            start = text.find(form, start + 1)
    return sorted(spans)


def examples(articles: Iterable[Article], nlp: Language) -> list[Example]:
    """One example a sentence: the pipeline's reading of it and its gold names."""
    found = []
    for article in articles:
        document = parse_document(article.text(), doc_id=article.stem)
        forms = gold_forms(article.gold())
        texts = [s.text for s in document.sentences]
        for text, doc in zip(texts, nlp.pipe(texts)):
            reference = Doc(
                doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc]
            )
            spans = [
                reference.char_span(s, e, label=label) for s, e, label in project_forms(text, forms)
            ]
            reference.set_ents([s for s in spans if s is not None], default="outside")
            found.append(Example(doc, reference))
    return found


def span_scores(component, examples: Sequence[Example]) -> dict:
    """Exact span P/R/F1 (start, end and type) of the component on the examples' sentences."""
    hits = predicted = gold = 0
    for example in examples:
        doc = component(example.predicted.copy())
        mine = {(e.start, e.end, e.label_) for e in doc.ents}
        theirs = {(e.start, e.end, e.label_) for e in example.reference.ents}
        hits, predicted, gold = hits + len(mine & theirs), predicted + len(mine), gold + len(theirs)
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0}


def train_entity_model(
    train: Sequence[Article],
    dev: Sequence[Article],
    out: Path,
    *,
    cluener_model: Path | None,
    config: Path = CONFIG_PATH,
    progress: Callable[[dict], None] | None = None,
) -> dict:
    """Train the model on ``train``, keep the epoch that scores best on ``dev`` and write it to
    ``out`` (the component's files, its ``config.cfg`` and ``meta.json``); returns the report."""
    from thinc.api import Adam, fix_random_seed

    from kg.entities import make_nlp
    from kg.entities.learned import model_config

    started = time.monotonic()
    settings = training_settings(TrainingSettings, config)
    fix_random_seed(settings.seed)
    nlp = make_nlp(cluener_model, entity_model=None)
    nlp.add_pipe("kg_readings")
    train_examples, dev_examples = examples(train, nlp), examples(dev, nlp)
    component_config = {k: v for k, v in model_config(config).items() if k != "factory"}
    model = cast(EntityRecognizer, nlp.add_pipe("ner", name=MODEL_NAME, config=component_config))
    model.initialize(lambda: train_examples, nlp=nlp)
    optimizer = Adam(settings.learn_rate, L2=settings.L2, grad_clip=settings.grad_clip)
    order = list(range(len(train_examples)))
    best: dict = {"f": -1.0}
    history = []
    for epoch in range(1, settings.epochs + 1):
        random.Random(settings.seed + epoch).shuffle(order)
        losses: dict[str, float] = {}
        for i in range(0, len(order), settings.batch_size):
            batch = [train_examples[j] for j in order[i : i + settings.batch_size]]
            model.update(batch, drop=settings.dropout, sgd=optimizer, losses=losses)
        scores = span_scores(model, dev_examples)
        history.append(
            {
                "epoch": epoch,
                "loss": round(float(losses.get(MODEL_NAME, 0.0)), 2),
                **{k: round(v, 4) for k, v in scores.items()},
            }
        )
        if scores["f"] > best["f"]:
            best = {"epoch": epoch, **scores, "weights": model.to_bytes(exclude=["vocab"])}
        if progress:
            progress(history[-1])
    model.from_bytes(best.pop("weights"), exclude=["vocab"])
    if out.exists():
        shutil.rmtree(out)
    model.to_disk(out, exclude=["vocab"])
    shutil.copy(config, out / "config.cfg")
    report = {
        "name": MODEL_NAME,
        "version": _version(out),
        "labels": sorted(ENTITY_TYPES),
        "train_articles": len(train),
        "train_sentences": len(train_examples),
        "dev_articles": len(dev),
        "best_epoch": best["epoch"],
        "dev_spans": {k: round(best[k], 4) for k in ("p", "r", "f")},
        "settings": settings.__dict__,
        "history": history,
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    (out / "meta.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return report


def _version(folder: Path) -> str:
    """A short hash of the trained weights: the version a statement's extractor names."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]
