"""The entity stage in worker processes: what ``kg build --jobs N`` runs.

The entity stage (spaCy, rulers, the trained NER) is most of a build and looks at one article
at a time, so it is the part worth spreading over cores; resolution, relations and the graph
are corpus-level and stay in the calling process. Each worker builds the pipeline once (in
the pool's initializer) and results come back in input order, so the graph does not depend
on the number of jobs. Workers are spawned, not forked: the parent may run threads (the
CLI's progress bar) and a fork would copy their locks.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from .records import Document, Mention

__all__ = ["extract_in_processes"]

_NLP = None   # this worker's pipeline, built by _start_worker


def extract_in_processes(documents: Sequence[Document], jobs: int) -> Iterator[list[Mention]]:
    """Mentions of each document, in order, extracted by ``jobs`` worker processes.

    Each worker runs ``kg.nlp.make_nlp()`` once, so only the default pipeline is supported.
    """
    workers = max(1, min(jobs, len(documents)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_extract, documents)


def _start_worker() -> None:
    """Build the pipeline once per worker: loading it costs seconds, an article far less."""
    global _NLP
    from .nlp import make_nlp

    _NLP = make_nlp()


def _extract(document: Document) -> list[Mention]:
    from .entities import extract_mentions

    return extract_mentions(document, _NLP)
