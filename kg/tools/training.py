"""``kg train``: every trained model of the project from the corpus and the shared data, in
order, into one folder.

1. ``ner/``        the CLUENER2020 NER (``kg.tools.train``), when the CLUENER data is given;
                   otherwise the shipped ``kg/models/ner`` serves (the entity model reads its
                   labels as features, so it is trained against the NER it will run with);
2. ``entities/``   ``kg_entity_model`` on ``corpus/train``, its epoch chosen on ``corpus/dev``;
3. ``relations/``  ``kg_relation_model`` on ``corpus/train``, epoch and thresholds on dev.

``report.json`` holds each step's report. The same corpus, data and seed give the same models,
also with ``jobs`` 2, which trains the relation model in a process of its own while the entity
model trains (the two read only the corpus, never each other). ``limit`` trains on that many
training articles only (a deterministic sample), for the learning curve.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import queue
import shutil
import threading
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
    jobs: int = 1,
    entity_config: Path | None = None,
    relation_config: Path | None = None,
    progress: Callable[[str, dict], None] | None = None,
) -> dict:
    """Train the NER (if ``cluener_data``), the entity model and the relation model into
    ``out``; returns the reports. ``progress(step, info)`` hears of every epoch. ``jobs`` 2
    trains the two models at once; the configs default to the shipped ones'."""
    from kg.entities.learned import reads_cluener
    from kg.tools.train import train_ner
    from kg.tools.train_entities import CONFIG_PATH as ENTITY_CONFIG
    from kg.tools.train_entities import train_entity_model
    from kg.tools.train_relations import CONFIG_PATH as RELATION_CONFIG
    from kg.tools.train_relations import train_relation_model

    started = time.monotonic()
    out = Path(out)
    entity_config = entity_config or ENTITY_CONFIG
    relation_config = relation_config or RELATION_CONFIG
    train, dev = _splits(corpus, limit)
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

    def entities() -> dict:
        return train_entity_model(
            train,
            dev,
            out / "entities",
            cluener_model=ner if reads_cluener(entity_config) else None,
            config=entity_config,
            progress=heard("entities"),
        )

    if jobs > 1:
        apart = _RelationsApart(
            corpus, limit, out / "relations", relation_config, heard("relations")
        )
        try:
            report["entities"] = entities()
            report["relations"] = apart.report()
        finally:
            apart.stop()
    else:
        report["entities"] = entities()
        report["relations"] = train_relation_model(
            train, dev, out / "relations", config=relation_config, progress=heard("relations")
        )
    report["minutes"] = round((time.monotonic() - started) / 60, 1)
    (out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
    )
    return report


def _splits(corpus: str | Path, limit: int | None) -> tuple[list, list]:
    """The training articles (``limit`` of them, the same ones every time) and the dev articles."""
    return training_sample(read_split(corpus, "train"), limit), read_split(corpus, "dev")


def _train_relations(corpus: str, limit: int | None, out: str, config: str, messages) -> None:
    """A process of its own: train the relation model, sending each epoch and the report (or
    what went wrong) to ``messages``."""
    from kg.tools.train_relations import train_relation_model

    try:
        train, dev = _splits(corpus, limit)
        report = train_relation_model(
            train,
            dev,
            Path(out),
            config=Path(config),
            progress=lambda info: messages.put(("progress", info)),
        )
    except BaseException as error:  # told to the parent, which raises it
        messages.put(("failed", (type(error).__name__, str(error))))
        return
    messages.put(("done", report))


class _RelationsApart:
    """The relation model training in a child process; its epochs are passed on to
    ``progress`` as they come, and ``report()`` waits for it."""

    def __init__(self, corpus, limit, out: Path, config: Path, progress) -> None:
        context = multiprocessing.get_context("spawn")
        self._messages = context.Queue()
        self._child = context.Process(
            target=_train_relations,
            args=(str(corpus), limit, str(out), str(config), self._messages),
            daemon=True,
        )
        self._outcome: dict = {}
        self._progress = progress
        self._child.start()
        self._listener = threading.Thread(target=self._listen, daemon=True)
        self._listener.start()

    def _listen(self) -> None:
        while True:
            try:
                kind, body = self._messages.get(timeout=1)
            except queue.Empty:
                if self._child.is_alive():
                    continue
                try:  # what it sent just before it ended
                    kind, body = self._messages.get(timeout=1)
                except queue.Empty:
                    self._outcome["failed"] = ("", f"exit code {self._child.exitcode}")
                    return
            if kind == "progress":
                if self._progress is not None:
                    self._progress(body)
                continue
            self._outcome[kind] = body
            return

    def report(self) -> dict:
        self._listener.join()
        self._child.join()
        if "failed" in self._outcome:
            kind, message = self._outcome["failed"]
            if kind == "InputError":  # the user's to mend: a config, a corpus
                raise InputError(message)
            raise RuntimeError(f"training the relation model failed: {kind} {message}")
        return self._outcome["done"]

    def stop(self) -> None:
        """End the child if the entity model's training failed or was interrupted."""
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()


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
