"""The per-article stages in worker processes: what ``kg build --jobs N`` runs.

The entity stage (spaCy, rulers, the trained NER) is most of a build and looks at one article
at a time, so it is the part worth spreading over cores; so is the relation stage, which
reads one article against the corpus's resolution. Resolution and the graph are
corpus-level and stay in the calling process. One pool serves the whole build, so its
workers start, import and warm their caches once: ``warm`` builds their pipelines while the
caller reads the articles, and at the end one worker loads the SPARQL store from the TriG
file while the caller writes Turtle and HTML. Results come back in input order, so the graph
does not depend on the number of jobs. Workers are spawned, not forked: the parent may run
threads (the CLI's progress bar) and a fork would copy their locks.

Workers die with the build (``die_with_parent``): a build killed with ``kill -9`` or stopped
by SIGTERM leaves no 450 MB process behind, nor, once they are gone, the resource tracker
that multiprocessing starts beside them. On an error the pool stops its workers at once
rather than wait for their current article.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kg.records import Document, Mention, Relation, Resolution

__all__ = ["WorkerPool", "die_with_parent", "worker_pipeline", "warm_pipeline"]

PARENT_CHECK = 0.5  # seconds between a worker's checks that its parent lives
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

_NLP: dict[str | None, Any] = {}  # this worker's pipelines by models folder, built once each
_MODELS: str | None = None  # the folder of trained models the pool was given, if any
_RESOLUTION: tuple[str, Resolution] | None = None  # the build's resolution, by its token


class WorkerPool:
    """``jobs`` worker processes for the per-article stages of one build (a context manager).

    Only the default pipeline (``kg.entities.make_nlp()``) runs in the workers. No process starts
    until ``warm`` or the first article.
    """

    def __init__(self, jobs: int, models: str | Path | None = None):
        self.jobs = jobs
        self._executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(None if models is None else str(models), os.getpid()),
        )

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        # On an error (a bad input, Ctrl-C, SIGTERM) do not wait for the workers: stop them.
        if exc_type is None:
            self._executor.shutdown(wait=True)
        else:
            self.stop()

    def stop(self) -> None:
        """Cancel what is queued and end the workers now, busy or not."""
        # ProcessPoolExecutor has no public way to end busy workers before Python 3.14.
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        for process in processes:
            process.kill()
        for process in processes:
            process.join(timeout=10)
        # Only now, and waiting: the pool sees its workers gone and closes its queues after
        # their feeder thread is done. Shut down first and not waiting, that thread could still
        # be writing to a pipe being closed under it (OSError: Bad file descriptor on stderr).
        self._executor.shutdown(wait=True, cancel_futures=True)

    def warm(self) -> None:
        """Start every worker now and build its pipeline, while the caller reads the articles."""
        for _ in range(self.jobs):
            self._executor.submit(_warm)

    def write_store(self, trig: Path, out: Path) -> Future:
        """``kg.outputs.store.write_store`` of a written TriG file, in a worker (a Future of its path),
        while the caller writes the other formats."""
        from kg.outputs.store import write_store

        return self._executor.submit(write_store, trig, out)

    def extract(self, documents: Sequence[Document]) -> Iterator[list[Mention]]:
        """Mentions of each document, in order."""
        return self._executor.map(_extract, documents)

    def relations(
        self,
        documents: Sequence[Document],
        mentions: Sequence[Sequence[Mention]],
        resolution: Resolution,
    ) -> Iterator[list[Relation]]:
        """Relations of each document (with its mentions), in order.

        Articles go in a few batches per worker. The resolution (the corpus's entities and
        mentions) is pickled once here and sent as bytes with each batch; a worker unpickles it
        once per build. Pickling it anew for every batch took as long, in this process, as the
        workers took to find the relations.
        """
        size = max(1, -(-len(documents) // (4 * self.jobs)))
        shared = (uuid.uuid4().hex, pickle.dumps(resolution, protocol=pickle.HIGHEST_PROTOCOL))
        batches = [
            (documents[i : i + size], mentions[i : i + size], shared)
            for i in range(0, len(documents), size)
        ]
        for found in self._executor.map(_relations, batches):
            yield from found


def _start_worker(models: str | None, parent: int) -> None:
    """Worker start: die with the build, and remember the folder of trained models (``kg
    train``'s), if given."""
    global _MODELS
    die_with_parent(parent)
    _MODELS = models


def die_with_parent(parent: int, *, kernel: bool = True) -> None:
    """End this process when ``parent`` ends, however it ends (``kill -9`` included).

    On Linux the kernel sends SIGKILL when the parent goes (``prctl(PR_SET_PDEATHSIG)``); it
    watches the thread that started the process, so ``kernel=False`` where that may be a
    passing thread (``kg serve`` replaces workers from request threads). Everywhere a thread
    also checks every ``PARENT_CHECK`` seconds that the parent is still this process's parent.
    """
    if kernel and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no prctl: the thread does it
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)


def worker_pipeline(models: str | None = None):
    """This worker's pipeline (with the trained models of ``models``, if given), built once:
    loading it costs seconds, an article far less. Dask workers (``kg.app.cluster``) keep
    theirs here too."""
    from kg.app.models import entity_pipeline

    if models not in _NLP:
        _NLP[models] = entity_pipeline(models)
    return _NLP[models]


def warm_pipeline(models: str | None = None) -> None:
    """Build the pipeline and run it once: jieba loads its dictionaries on the first cut."""
    worker_pipeline(models)("深港合作")


def _warm() -> None:
    warm_pipeline(_MODELS)


def _extract(document: Document) -> list[Mention]:
    from kg.entities import extract_mentions

    return extract_mentions(document, worker_pipeline(_MODELS))


def _relations(
    batch: tuple[Sequence[Document], Sequence[Sequence[Mention]], tuple[str, bytes]],
) -> list[list[Relation]]:
    global _RESOLUTION
    from kg.app.models import relation_model
    from kg.relations import extract_relations

    documents, mentions, (token, pickled) = batch
    if _RESOLUTION is None or _RESOLUTION[0] != token:
        _RESOLUTION = token, pickle.loads(pickled)
    model = relation_model(_MODELS)
    return [extract_relations(d, m, _RESOLUTION[1], model) for d, m in zip(documents, mentions)]
