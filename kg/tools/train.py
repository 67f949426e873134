"""Train and score kg's statistical NER on CLUENER2020, for Traditional and Simplified text.

CLUENER2020 is Simplified only; the news kg reads is mostly Hong Kong Traditional. Each training
sentence is therefore used twice, as written and converted with OpenCC ``s2hk``
(``kg.text.normalize.to_traditional``, which keeps the length, so the gold offsets stay valid).
Gold spans that do not fall on token boundaries are marked *missing* in training (not "outside"),
and count as *missed* in ``evaluate_ner``: spaCy's own dev score leaves them out and reads higher.

The library never prints: ``train_ner`` reports each evaluation through ``progress``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

import kg.text.segment  # noqa: F401  registers the tokenizer named in the config
from kg.errors import InputError
from kg.text.normalize import to_traditional

__all__ = [
    "CONFIG_PATH",
    "SCRIPTS",
    "read_cluener",
    "gold_spans",
    "cluener_doc",
    "write_docbin",
    "span_loss",
    "score_spans",
    "train_ner",
    "evaluate_ner",
]

CONFIG_PATH = Path(__file__).parent.parent / "configs" / "ner.cfg"
SCRIPTS = ("zh-Hant", "zh-Hans")

GoldSpan = tuple[int, int, str]  # (start, end exclusive, label), character offsets


def read_cluener(path: Path) -> list[dict]:
    """CLUENER2020 records from a JSON-lines file."""
    if not Path(path).is_file():
        raise InputError(
            f"{path}: no such file; pass the folder that holds CLUENER2020's "
            "train.json and dev.json"
        )
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def gold_spans(record: dict) -> list[GoldSpan]:
    """A record's entity spans with exclusive ends, in text order.

    >>> gold_spans({"text": "温格的球队", "label": {"name": {"温格": [[0, 1]]}}})
    [(0, 2, 'name')]
    """
    return sorted(
        (start, end + 1, label)
        for label, surfaces in record.get("label", {}).items()
        for offsets in surfaces.values()
        for start, end in offsets
    )


def _script_text(text: str, script: str) -> str:
    return to_traditional(text) if script == "zh-Hant" else text


def cluener_doc(record: dict, nlp: Language, script: str = "zh-Hans") -> Doc:
    """Tokenized Doc of a record in ``script`` with its entities.

    Tokens under a span that does not align are left missing (unknown), and win over an
    overlapping aligned span; of overlapping aligned spans the longest is kept.
    """
    doc = nlp.make_doc(_script_text(record["text"], script))
    entities: list[Span] = []
    unaligned: list[Span] = []
    for start, end, label in gold_spans(record):
        span = doc.char_span(start, end, label=label)
        wide = doc.char_span(start, end, alignment_mode="expand") if span is None else None
        if span is not None:
            entities.append(span)
        elif wide is not None:
            unaligned.append(wide)
    missing = filter_spans(unaligned)
    blocked = {i for span in missing for i in range(span.start, span.end)}
    entities = [
        span for span in filter_spans(entities) if blocked.isdisjoint(range(span.start, span.end))
    ]
    doc.set_ents(entities, missing=missing, default="outside")
    return doc


def write_docbin(
    records: Iterable[dict], nlp: Language, path: Path, scripts: Iterable[str] = SCRIPTS
) -> int:
    """Write the records, once per script, as a spaCy DocBin; returns the number of docs."""
    docbin = DocBin()
    for record in records:
        for script in scripts:
            docbin.add(cluener_doc(record, nlp, script))
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
    return len(docbin)


def span_loss(records: Iterable[dict], nlp: Language, script: str = "zh-Hant") -> dict:
    """Share of gold spans that cross a token boundary (a token model can never find them)."""
    total = lost = 0
    for record in records:
        doc = nlp.make_doc(_script_text(record["text"], script))
        for start, end, _ in gold_spans(record):
            total += 1
            lost += doc.char_span(start, end) is None
    return {"spans": total, "crossing": lost, "share": lost / total if total else 0.0}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "p": p,
        "r": r,
        "f": 2 * p * r / (p + r) if p + r else 0.0,
        "gold": n_gold,
        "predicted": n_pred,
    }


def _label_counts(spans: set[tuple]) -> Counter:
    return Counter(item[-1] for item in spans)


def score_spans(gold: Iterable[tuple], predicted: Iterable[tuple]) -> dict:
    """Strict span P/R/F1, micro and per label; items are (sentence, start, end, label).

    >>> s = score_spans([(0, 0, 2, "name"), (0, 3, 5, "address")], [(0, 0, 2, "name")])
    >>> round(s["micro"]["f"], 3), s["per_label"]["address"]["r"]
    (0.667, 0.0)
    """
    gold, predicted = set(gold), set(predicted)
    hits = gold & predicted
    n_gold, n_pred, n_hit = _label_counts(gold), _label_counts(predicted), _label_counts(hits)
    return {
        "micro": _prf(len(hits), len(predicted), len(gold)),
        "per_label": {
            label: _prf(n_hit[label], n_pred[label], n_gold[label])
            for label in sorted(set(n_gold) | set(n_pred))
        },
    }


def _init_nlp(config_path: Path, train_path: Path, dev_path: Path) -> Language:
    from spacy.training.initialize import init_nlp

    config = spacy.util.load_config(
        config_path,
        interpolate=False,
        overrides={"paths.train": str(train_path), "paths.dev": str(dev_path)},
    )
    return init_nlp(config)


def _training_steps(nlp: Language):
    """spaCy's own training generator, set up from the pipeline's config."""
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.loop import (
        create_evaluation_callback,
        create_train_batches,
        train_while_improving,
    )

    config = nlp.config.interpolate()
    spacy.util.fix_random_seed(config["training"]["seed"])
    T = spacy.util.registry.resolve(config["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = spacy.util.resolve_dot_names(
        config, [T["train_corpus"], T["dev_corpus"]]
    )
    steps = train_while_improving(
        nlp,
        T["optimizer"],
        create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]),
        create_evaluation_callback(nlp, dev_corpus, T["score_weights"]),
        dropout=T["dropout"],
        eval_frequency=T["eval_frequency"],
        accumulate_gradient=T["accumulate_gradient"],
        patience=T["patience"],
        max_steps=T["max_steps"],
        exclude=T["frozen_components"],
        annotating_components=T["annotating_components"],
        before_update=T["before_update"],
    )
    return T, steps


def _save(nlp: Language, optimizer, path: Path) -> None:
    """Write the pipeline with the optimizer's averaged weights, replacing ``path``."""
    if path.exists():
        shutil.rmtree(path)
    with nlp.use_params(optimizer.averages or {}):
        nlp.to_disk(path)


def _train_loop(
    nlp: Language, best_dir: Path, deadline: float | None, progress: Callable[[dict], None] | None
) -> dict:
    from spacy.training.loop import update_meta

    T, steps = _training_steps(nlp)
    best: dict = {}
    for _, info, is_best in steps:
        if is_best is not None:
            update_meta(T, nlp, info)
            if is_best:
                _save(nlp, T["optimizer"], best_dir)
                best = {
                    "step": info["step"],
                    "epoch": info["epoch"],
                    "score": info["score"],
                    "seconds": info["seconds"],
                }
            if progress:
                progress(
                    {key: info[key] for key in ("epoch", "step", "score", "seconds", "words")}
                    | {"losses": {k: float(v) for k, v in info["losses"].items()}, "best": best}
                )
        if deadline is not None and time.monotonic() > deadline:
            break
    return best


def train_ner(
    data_dir: Path,
    out_dir: Path,
    *,
    max_minutes: float | None = None,
    progress: Callable[[dict], None] | None = None,
    config: Path = CONFIG_PATH,
) -> dict:
    """Train the NER of ``config`` (default ``kg/configs/ner.cfg``, the shipped model's) on
    CLUENER2020 in ``data_dir``.

    Writes ``out_dir/corpus/{train,dev}.spacy`` (train in both scripts, dev in Traditional, the
    checkpoint criterion) and ``out_dir/model-best``; stops at patience, or at the first step
    after ``max_minutes``. Returns the best checkpoint, the share of dev gold spans that cross a
    token boundary (``span_loss``) and the strict dev scores (``evaluate_ner``) in both scripts.
    """
    started = time.monotonic()
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    tokenizer_nlp = spacy.util.load_model_from_config(
        spacy.util.load_config(config), auto_fill=True
    )
    train_path, dev_path = out_dir / "corpus" / "train.spacy", out_dir / "corpus" / "dev.spacy"
    write_docbin(read_cluener(data_dir / "train.json"), tokenizer_nlp, train_path)
    dev = read_cluener(data_dir / "dev.json")
    write_docbin(dev, tokenizer_nlp, dev_path, ("zh-Hant",))
    nlp = _init_nlp(config, train_path, dev_path)
    deadline = None if max_minutes is None else started + 60 * max_minutes
    best = _train_loop(nlp, out_dir / "model-best", deadline, progress)
    return {
        "best": best,
        "minutes": (time.monotonic() - started) / 60,
        "span_loss": span_loss(dev, tokenizer_nlp),
        "dev": evaluate_ner(out_dir / "model-best", data_dir),
    }


def _predicted_spans(nlp: Language, texts: list[str]) -> Iterator[tuple]:
    for i, doc in enumerate(nlp.pipe(texts)):
        for ent in doc.ents:
            yield i, ent.start_char, ent.end_char, ent.label_


def evaluate_ner(model_dir: Path, data_dir: Path) -> dict:
    """Strict character-span P/R/F1 of a trained pipeline on CLUENER dev, per script.

    Every gold span counts (3,072 on the CLUENER2020 dev set): one that does not align to
    tokens is missed. Returns ``{"zh-Hant": score_spans(...), "zh-Hans": ...}``.
    """
    nlp = spacy.load(model_dir)
    records = read_cluener(Path(data_dir) / "dev.json")
    gold = [(i, *span) for i, record in enumerate(records) for span in gold_spans(record)]
    return {
        script: score_spans(
            gold,
            _predicted_spans(nlp, [_script_text(record["text"], script) for record in records]),
        )
        for script in SCRIPTS
    }
