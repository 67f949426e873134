"""The per-article stages on a Dask cluster: what ``kg build --scheduler`` runs.

The same two stages as ``kg.app.parallel`` (entities, then relations against the corpus's
resolution) go to the workers of a ``dask.distributed`` scheduler, in batches of articles, one
task each; the rest of a build (reading the articles, the mention cache, resolution, the graph
and the outputs) stays in the calling process, the client. The client reads and caches
because a remote worker need not see its files: only article texts go out and mentions and
relations come back. Results are put back in input order, so the graph is the one a local
build writes, byte for byte.

Each worker builds its pipeline once and keeps it (``kg.app.parallel.worker_pipeline``); the
resolution is sent to every worker once (``scatter``). A worker that dies has its tasks run
again on another (Dask retries a task until it has killed ``distributed.scheduler.
allowed-failures`` workers, 3 by default). ``local:N`` starts a ``LocalCluster`` of N worker
processes of one thread each, closed with the build however the build ends; its worker
processes end with their parent, ``kill -9`` included (distributed's own watch).
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from kg.errors import InputError, KGError
from kg.records import Document, Mention, Relation, Resolution

__all__ = ["CONNECT_TIMEOUT", "ClusterError", "ClusterPool", "MAX_BATCH", "local_workers"]

CONNECT_TIMEOUT = 20.0  # seconds to reach the scheduler and for a first worker to join
MAX_BATCH = 16  # articles per task: few enough that a dead worker loses little work
TASKS_PER_WORKER = 4  # at least this many tasks per worker thread, so none idles at the end
_LOCAL = re.compile(r"local:(\d+)")

Progress = Callable[[str, int, int], None]  # (stage, done, total), as kg.app.api's


class ClusterError(KGError):
    """The Dask scheduler cannot be reached, has no workers, or its workers keep dying."""


def local_workers(scheduler: str) -> int | None:
    """N of ``local:N`` (a cluster this build starts), None for a scheduler's address.

    >>> local_workers("local:2"), local_workers("tcp://10.0.0.5:8786")
    (2, None)
    """
    if not scheduler.startswith("local"):
        return None
    match = _LOCAL.fullmatch(scheduler)
    if match is None or int(match.group(1)) < 1:
        raise InputError(
            f"--scheduler {scheduler!r}: give local:N (N worker processes on this machine, "
            "N at least 1) or a scheduler's address such as tcp://10.0.0.5:8786"
        )
    return int(match.group(1))


class ClusterPool:
    """The per-article stages of one build on a Dask cluster (a context manager), with the
    methods of ``kg.app.parallel.WorkerPool`` that a build calls.

    Connects at once: a scheduler that cannot be reached, or that has no worker within
    ``timeout`` seconds, is a ``ClusterError``. ``progress`` hears of each task done.
    """

    def __init__(
        self,
        scheduler: str,
        models: str | None = None,
        *,
        timeout: float = CONNECT_TIMEOUT,
        progress: Progress | None = None,
    ):
        try:
            import distributed
        except ImportError:
            raise ClusterError(
                "--scheduler needs dask.distributed: pip install 'szhk-kg[cluster]'"
            ) from None
        self.scheduler = scheduler
        self._models = models
        self._progress = progress
        self._warming: list[Any] = []
        self._cluster = None
        workers = local_workers(scheduler)
        if workers is None:
            _check_address(scheduler)
        try:
            self._connect(distributed, workers, timeout)
        except BaseException:
            self.close()  # stopped while connecting: the cluster goes
            raise

    def _connect(self, distributed, workers: int | None, timeout: float) -> None:
        scheduler = self.scheduler
        try:
            if workers is not None:
                with _interrupts_deferred():  # until self._cluster holds it, to be closed
                    self._cluster = _local_cluster(workers)
            self._client = distributed.Client(
                self._cluster or scheduler, timeout=timeout, set_as_default=False
            )
        except (OSError, TimeoutError) as error:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler} ({error}); is it running? "
                "(start one with: dask scheduler; and its workers with: dask worker ADDRESS)"
            ) from None
        try:
            self._client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as error:
            raise ClusterError(
                f"the Dask scheduler at {scheduler} has no workers (waited {timeout:g} s: "
                f"{error}); start some with: dask worker {scheduler}"
            ) from None

    @property
    def jobs(self) -> int:
        """Worker threads the scheduler has now (it may gain or lose some during a build)."""
        return max(1, sum(self._client.nthreads().values()))

    def __enter__(self) -> ClusterPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Leave the scheduler and stop the cluster this pool started; tasks still queued are
        dropped with the client."""
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()

    stop = close  # what a build calls on an error

    def warm(self) -> None:
        """Have the workers build their pipelines while the caller reads the articles."""
        self._warming = [
            self._client.submit(_warm, self._models, pure=False) for _ in range(self.jobs)
        ]

    def write_store(self, trig, out) -> None:
        """None: the caller loads the store itself, as a remote worker may not see ``out``."""
        return None

    def extract(self, documents: Sequence[Document]) -> Iterator[list[Mention]]:
        """Mentions of each document, in order."""
        self._check_workers()
        batches = self._batches(documents)
        futures = [
            self._client.submit(_extract, batch, self._models, pure=False) for batch in batches
        ]
        return self._in_order(futures, "entity tasks")

    def relations(
        self,
        documents: Sequence[Document],
        mentions: Sequence[Sequence[Mention]],
        resolution: Resolution,
    ) -> Iterator[list[Relation]]:
        """Relations of each document (with its mentions), in order; the resolution goes to
        each worker once."""
        shared = self._client.scatter(resolution, broadcast=True, hash=False)
        size = self._batch_size(len(documents))
        futures = [
            self._client.submit(
                _relations,
                documents[i : i + size],
                mentions[i : i + size],
                shared,
                self._models,
                pure=False,
            )
            for i in range(0, len(documents), size)
        ]
        return self._in_order(futures, "relation tasks")

    def _check_workers(self) -> None:
        """The workers must run the same ``kg`` as this process, or the graph would differ
        from a local build's: their answer to ``warm`` carries their package's fingerprint."""
        from kg.app.cache import extractor_fingerprint

        if not self._warming:
            self.warm()
        fingerprint = self._result(self._warming[0])
        if fingerprint != extractor_fingerprint():
            raise ClusterError(
                f"the workers of {self.scheduler} run another version of kg than this client "
                "(its code, data or models differ); install the same one on every worker"
            )

    def _batch_size(self, articles: int) -> int:
        return max(1, min(MAX_BATCH, -(-articles // (TASKS_PER_WORKER * self.jobs))))

    def _batches(self, documents: Sequence[Document]) -> list[Sequence[Document]]:
        size = self._batch_size(len(documents))
        return [documents[i : i + size] for i in range(0, len(documents), size)]

    def _in_order(self, futures: list, stage: str) -> Iterator[Any]:
        """The items of each task's list, in task order, as tasks finish in any order."""
        from distributed import as_completed

        position = {future.key: i for i, future in enumerate(futures)}
        finished: dict[int, list] = {}
        following = 0
        for done, future in enumerate(as_completed(futures, loop=self._client.loop), 1):
            finished[position[future.key]] = self._result(future)
            if self._progress:
                self._progress(stage, done, len(futures))
            while following in finished:
                yield from finished.pop(following)
                following += 1

    def _result(self, future) -> Any:
        """A task's result; workers dying or a lost scheduler are a ``ClusterError``."""
        from distributed import KilledWorker
        from distributed.comm import CommClosedError

        try:
            return future.result()
        except KilledWorker as error:
            raise ClusterError(
                f"Dask workers of {self.scheduler} kept dying on a task ({error}); "
                "check their memory and logs"
            ) from None
        except (CommClosedError, OSError) as error:
            raise ClusterError(f"lost the Dask scheduler at {self.scheduler} ({error})") from None


def _local_cluster(workers: int):
    """A ``LocalCluster`` of ``workers`` processes of one thread, reachable from this machine
    only. It is started with Ctrl-C and SIGTERM deferred (a second or two): distributed cannot
    close a cluster whose workers are still starting, and says so at exit with tracebacks."""
    import distributed

    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM received in the block are delivered when it ends (main thread only:
    elsewhere Python runs no signal handler anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {
        stop: signal.signal(stop, lambda number, _: received.append(number)) for stop in stops
    }
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        if received:
            signal.raise_signal(received[0])


def _check_address(scheduler: str) -> None:
    """A scheduler's address must name a port (and a host that resolves) before a client is
    made: a client made for a bad one lingers and complains on exit."""
    from distributed.comm import resolve_address

    try:
        resolve_address(scheduler)
    except (ValueError, OSError) as error:
        raise InputError(
            f"--scheduler {scheduler!r}: not a scheduler's address ({error}); give one such as "
            "tcp://10.0.0.5:8786, or local:N"
        ) from None


def _warm(models: str | None) -> str:
    """On a worker: build the pipeline now, and say which ``kg`` the worker runs."""
    from kg.app.cache import extractor_fingerprint
    from kg.app.parallel import warm_pipeline

    warm_pipeline(models)
    return extractor_fingerprint()


def _extract(documents: Sequence[Document], models: str | None) -> list[list[Mention]]:
    from kg.app.parallel import worker_pipeline
    from kg.entities import extract_mentions

    nlp = worker_pipeline(models)
    return [extract_mentions(document, nlp) for document in documents]


def _relations(
    documents: Sequence[Document],
    mentions: Sequence[Sequence[Mention]],
    resolution: Resolution,
    models: str | None,
) -> list[list[Relation]]:
    from kg.app.models import relation_model
    from kg.relations import extract_relations

    model = relation_model(models)
    return [extract_relations(d, m, resolution, model) for d, m in zip(documents, mentions)]
