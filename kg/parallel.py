"""The per-article stages in worker processes: what ``kg build --jobs N`` runs.

The entity stage (spaCy, rulers, the trained NER) is most of a build and looks at one article
at a time, so it is the part worth spreading over cores; so is the relation stage, which
reads one article against the corpus's resolution. Resolution and the graph are
corpus-level and stay in the calling process. One pool serves both stages of a build, so
its workers start, import and warm their caches once; each builds the pipeline on its first
article. Results come back in input order, so the graph does not depend on the number of
jobs. Workers are spawned, not forked: the parent may run threads (the CLI's progress bar)
and a fork would copy their locks.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from .records import Document, Mention, Relation, Resolution

__all__ = ["WorkerPool"]

_NLP = None   # this worker's pipeline, built for its first article


class WorkerPool:
    """``jobs`` worker processes for the per-article stages of one build (a context manager).

    Only the default pipeline (``kg.nlp.make_nlp()``) runs in the workers. No process starts
    until the first article is sent.
    """

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._executor = ProcessPoolExecutor(max_workers=jobs,
                                             mp_context=multiprocessing.get_context("spawn"))

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self._executor.shutdown(cancel_futures=True)

    def extract(self, documents: Sequence[Document]) -> Iterator[list[Mention]]:
        """Mentions of each document, in order."""
        return self._executor.map(_extract, documents)

    def relations(self, documents: Sequence[Document], mentions: Sequence[Sequence[Mention]],
                  resolution: Resolution) -> Iterator[list[Relation]]:
        """Relations of each document (with its mentions), in order.

        Articles go in a few batches per worker, each with the resolution, so the corpus's
        entities are pickled a few times rather than once per article.
        """
        size = max(1, -(-len(documents) // (4 * self.jobs)))
        batches = [(documents[i:i + size], mentions[i:i + size], resolution)
                   for i in range(0, len(documents), size)]
        for found in self._executor.map(_relations, batches):
            yield from found


def _extract(document: Document) -> list[Mention]:
    """Build the pipeline once per worker: loading it costs seconds, an article far less."""
    global _NLP
    from .entities import extract_mentions
    from .nlp import make_nlp

    if _NLP is None:
        _NLP = make_nlp()
    return extract_mentions(document, _NLP)


def _relations(batch: tuple[Sequence[Document], Sequence[Sequence[Mention]], Resolution]
               ) -> list[list[Relation]]:
    from .relations import extract_relations

    documents, mentions, resolution = batch
    return [extract_relations(d, m, resolution) for d, m in zip(documents, mentions)]
