"""``kg train``: every trained model of the project from the corpus and the shared data, in
order, into one folder.

1. ``ner/``        the CLUENER2020 NER (``kg.tools.train``), when the CLUENER data is given;
                   otherwise the shipped ``kg/models/ner`` serves (the entity model reads its
                   labels as features, so it is trained against the NER it will run with);
2. ``entities/``   ``kg_entity_model`` on ``corpus/train``, its epoch chosen on ``corpus/dev``;
3. ``relations/``  ``kg_relation_model`` on ``corpus/train``, epoch and thresholds on dev.

``report.json`` holds each step's report. The same corpus, data and seed give the same models.
``limit`` trains on that many training articles only (a deterministic sample), for the
learning curve.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError
from kg.tools.corpus import read_split

__all__ = ["SHIPPED_NER", "train_all", "training_sample", "ship"]

SHIPPED_NER = Path(__file__).parent.parent / "models" / "ner"
MODELS = Path(__file__).parent.parent / "models"


def training_sample(articles: list, limit: int | None) -> list:
    """``limit`` training articles, the same ones for a given corpus (the first by a hash of
    their stems, so both scripts and every topic are drawn), or all of them."""
    if limit is None or limit >= len(articles):
        return articles
    ranked = sorted(articles, key=lambda a: hashlib.sha1(f"sample-{a.stem}".encode()).hexdigest())
    return sorted(ranked[:limit], key=lambda a: a.stem)


def train_all(
    corpus: str | Path,
    out: str | Path,
    *,
    cluener_data: str | Path | None = None,
    limit: int | None = None,
    progress: Callable[[str, dict], None] | None = None,
) -> dict:
    """Train the NER (if ``cluener_data``), the entity model and the relation model into
    ``out``; returns the reports. ``progress(step, info)`` hears of every epoch."""
    from kg.tools.train import train_ner
    from kg.tools.train_entities import train_entity_model
    from kg.tools.train_relations import train_relation_model

    started = time.monotonic()
    out = Path(out)
    train, dev = read_split(corpus, "train"), read_split(corpus, "dev")
    train = training_sample(train, limit)
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {"corpus": str(corpus), "train_articles": len(train), "dev_articles": len(dev)}

    def heard(step: str) -> Callable[[dict], None] | None:
        return None if progress is None else (lambda info: progress(step, info))

    ner = SHIPPED_NER
    if cluener_data is not None:
        data = Path(cluener_data)
        if not (data / "train.json").is_file():
            raise InputError(f"{data}: expected CLUENER2020 train.json and dev.json here")
        report["ner"] = train_ner(data, out / "ner-training", progress=heard("ner"))
        if (out / "ner").exists():
            shutil.rmtree(out / "ner")
        shutil.copytree(out / "ner-training" / "model-best", out / "ner")
        ner = out / "ner"
    report["entities"] = train_entity_model(
        train, dev, out / "entities", cluener_model=ner, progress=heard("entities")
    )
    report["relations"] = train_relation_model(
        train, dev, out / "relations", progress=heard("relations")
    )
    report["minutes"] = round((time.monotonic() - started) / 60, 1)
    (out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
    )
    return report


def ship(trained: str | Path) -> list[Path]:
    """Copy the models of a ``kg train`` folder into the package (``kg/models``), keeping each
    model's card; returns the folders replaced."""
    trained = Path(trained)
    replaced = []
    for part in ("ner", "entities", "relations"):
        source = trained / part
        if not (source / "meta.json").exists():
            continue
        target = MODELS / part
        card = (
            (target / "MODEL_CARD.md").read_text(encoding="utf-8")
            if (target / "MODEL_CARD.md").exists()
            else None
        )
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
        if card is not None:
            (target / "MODEL_CARD.md").write_text(card, encoding="utf-8")
        replaced.append(target)
    return replaced
