"""A read-only SPARQL 1.1 Protocol endpoint over a build's store, and a web app for people.

The routes are ``kg.app.web``'s (the endpoint at ``/sparql``, the query page at ``/``, search,
entity, article and table pages); this module runs them: Starlette under uvicorn, on a socket
bound here with a listen queue long enough for bursts of clients.

Queries run in worker processes that each open the store read-only: a query that outlives
the time limit is answered with 503 and its worker killed and replaced, so a runaway query
cannot keep a core busy (pyoxigraph cannot cancel a query in-process). The HTTP side hands a
query to a free worker from a thread, as many queries at a time as workers
(``default_workers``).

What a hostile client or page can send is checked by small functions that do not depend on
the HTTP library (``kg.app.web.checks``: ``host_allowed``, ``body_length``; and
``kg.outputs.sparql.check_query``). A ``Content-Length`` that is no number is refused by the
HTTP parser itself (h11), with its reason. The server serves one whole set of a build folder's
outputs and holds it (``kg.files.hold_outputs``): a rebuild meanwhile neither mixes into it nor
removes it.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from kg.app.parallel import die_with_parent
from kg.app.web import Site, create_app
from kg.app.web.checks import (
    GRAPH_TYPES,
    RESULT_TYPES,
    allowed_hosts,
    body_length,
    host_allowed,
    negotiate,
)
from kg.app.web.pages import QueryFailed
from kg.app.web.search import build_index
from kg.errors import InputError, KGError
from kg.files import HeldOutputs, hold_outputs
from kg.outputs.articles import ARTICLES_FILE, ArticleTexts
from kg.outputs.store import STORE_DIR, open_store, query_store, store_location, write_store
from kg.rdf.load import load_dataset

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "RESULT_TYPES",
    "GRAPH_TYPES",
    "SparqlServer",
    "make_server",
    "negotiate",
    "default_workers",
    "allowed_hosts",
    "host_allowed",
    "body_length",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
BOOT_TIMEOUT = 60.0  # seconds a fresh worker may take to import and open the store
LISTEN_QUEUE = 1024  # connections the kernel holds until accepted (the stdlib's 5 dropped bursts)
SHUTDOWN_GRACE = 2  # seconds open requests get to finish when the server is stopped (a query
# still running then is stopped with its worker)
_PLAIN = "text/plain; charset=utf-8"

Answer = tuple[int, str, bytes]  # (HTTP status, content type, body)


def default_workers() -> int:
    """Query workers unless told: one per CPU this process may use, at least two, so that one
    slow query leaves another worker free."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(2, cpus)


def answer_query(store, text: str, accept: str | None) -> Answer:
    """Run one query on a pyoxigraph store and serialize it as the client asked."""
    import pyoxigraph

    try:
        result = query_store(store, text)
    except KGError as error:
        return HTTPStatus.BAD_REQUEST, _PLAIN, str(error).encode("utf-8")
    except (OSError, RuntimeError, ValueError) as error:  # pyoxigraph's evaluation errors
        return HTTPStatus.INTERNAL_SERVER_ERROR, _PLAIN, f"query failed: {error}".encode()
    formats: Any
    if isinstance(result, pyoxigraph.QueryTriples):
        offered, formats = GRAPH_TYPES, pyoxigraph.RdfFormat
    else:
        offered, formats = RESULT_TYPES, pyoxigraph.QueryResultsFormat
    media = negotiate(accept, offered)
    if media is None:
        message = f"cannot answer in {accept}; choose from {', '.join(offered)}"
        return HTTPStatus.NOT_ACCEPTABLE, _PLAIN, message.encode("utf-8")
    try:
        body = result.serialize(format=getattr(formats, offered[media]))
    except (OSError, ValueError) as error:  # evaluation errors surface while serializing
        return HTTPStatus.INTERNAL_SERVER_ERROR, _PLAIN, f"query failed: {error}".encode()
    charset = (
        "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    )
    return HTTPStatus.OK, media + charset, body


def _work(connection, location: str, parent: int) -> None:
    """Worker process: open the store, then answer (query, accept) requests until the pipe closes
    or the server ends (a server killed mid-query leaves no worker running it)."""
    die_with_parent(parent, kernel=False)  # replacements start from passing request threads
    try:
        store = open_store(location)
    except KGError as error:
        connection.send(("failed", str(error)))
        return
    connection.send(("ready", ""))
    while True:
        try:
            text, accept = connection.recv()
        except EOFError:
            return
        connection.send(answer_query(store, text, accept))


class _Worker:
    """One query process and the pipe to it."""

    def __init__(self, context, location: Path):
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_work, args=(child, str(location), os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.ready = False
        self._stopping = threading.Lock()

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.connection.poll(BOOT_TIMEOUT):
            raise InputError("a query worker did not start in time")
        state, message = self.connection.recv()
        if state != "ready":
            raise InputError(message)
        self.ready = True

    def ask(self, request: tuple[str, str | None], timeout: float) -> Answer | None:
        """The answer, or None when the time limit passed first."""
        self.connection.send(request)
        return self.connection.recv() if self.connection.poll(timeout) else None

    def stop(self) -> None:
        """End the process and close the pipe, once: the server closing the pool and a request
        thread replacing the worker it was waiting on can both ask at the same moment, and a
        second close of the pipe's descriptor fails (or closes another file that reused it)."""
        with self._stopping:
            if self.connection.closed:  # stopped already
                return
            self.process.kill()
            self.process.join()
            self.connection.close()


class _WorkerPool:
    """Worker processes handed out one query at a time; a timed-out one is replaced."""

    def __init__(self, location: Path, size: int):
        self.size = size
        self._context = multiprocessing.get_context("spawn")
        self._location = location
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._workers = {_Worker(self._context, location) for _ in range(size)}
        try:
            for worker in self._workers:
                worker.wait_ready()
        except BaseException:
            self.close()
            raise
        for worker in self._workers:
            self._idle.put(worker)

    def run(self, text: str, accept: str | None, timeout: float) -> Answer:
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return _too_slow(timeout, "every query worker stayed busy")
        try:
            worker.wait_ready()
            answer = worker.ask((text, accept), max(deadline - time.monotonic(), 0.0))
        except (EOFError, OSError):
            answer = HTTPStatus.INTERNAL_SERVER_ERROR, _PLAIN, b"the query worker died"
            worker = self._replace(worker)
        if answer is None:
            answer = _too_slow(timeout, "the query was stopped")
            worker = self._replace(worker)
        self._idle.put(worker)
        return answer

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop()
        self._workers.discard(worker)
        if self._closed:
            return worker
        fresh = _Worker(self._context, self._location)
        self._workers.add(fresh)
        return fresh

    def close(self) -> None:
        """Stop every worker, busy or not: a running query must not outlive the server."""
        self._closed = True
        for worker in list(self._workers):
            worker.stop()


def _too_slow(timeout: float, what: str) -> Answer:
    message = (
        f"query exceeded the time limit of {timeout:g} s ({what}); restrict it or raise --timeout"
    )
    return HTTPStatus.SERVICE_UNAVAILABLE, _PLAIN, message.encode("utf-8")


class SparqlServer:
    """The endpoint: uvicorn serving ``kg.app.web``'s Starlette app in front of a pool of query
    worker processes. The socket listens from construction on; ``serve_forever`` answers."""

    def __init__(
        self,
        address: tuple[str, int],
        location: Path,
        *,
        timeout: float,
        workers: int,
        picture: Path | None,
        log: Callable[[str], None] | None,
        cleanup: Path | None = None,
        allow_service: bool = False,
        allow_hosts: Iterable[str] = (),
        held: HeldOutputs | None = None,
        texts: Path | None = None,
    ):
        import uvicorn

        self.query_timeout = timeout
        self._cleanup = cleanup
        self._held = held
        self.pool = _WorkerPool(location, workers)
        self.socket: socket.socket | None = None
        try:
            self.socket = _listen(address)
            self.site = Site(
                run=lambda text, accept: self.pool.run(text, accept, timeout),
                bound=address[0],
                hosts=allowed_hosts(address[0], allow_hosts),
                allow_service=allow_service,
                picture=picture,
                log=log,
                texts=ArticleTexts(texts) if texts is not None else None,
            )
            try:
                self.site.names = build_index(self.site)  # here: a failure is an Error line
            except QueryFailed as failure:
                raise InputError(f"cannot index the graph's names: {failure}") from None
            self.app = create_app(self.site)
            config = uvicorn.Config(
                self.app,
                http=_protocol(),
                lifespan="on",
                log_config=None,
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=SHUTDOWN_GRACE,
                server_header=False,
            )
            self._server = uvicorn.Server(config)
        except BaseException:
            if self.socket is not None:
                self.socket.close()
            self.pool.close()
            raise

    @property
    def server_address(self) -> tuple[str, int]:
        assert self.socket is not None
        host, port = self.socket.getsockname()[:2]
        return host, port

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        """Answer until stopped (Ctrl-C or SIGTERM, which uvicorn re-raises once it has
        finished the open requests, or ``shutdown`` from another thread)."""
        assert self.socket is not None
        self._server.run(sockets=[self.socket])

    def shutdown(self) -> None:
        self._server.should_exit = True

    def server_close(self) -> None:
        if self.socket is not None:
            self.socket.close()
        self.pool.close()
        if self._cleanup is not None:
            shutil.rmtree(self._cleanup, ignore_errors=True)
        if self._held is not None:
            self._held.release()


def _listen(address: tuple[str, int]) -> socket.socket:
    """A socket bound to ``address`` and listening with a queue of ``LISTEN_QUEUE``."""
    host, port = address
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(LISTEN_QUEUE)
        sock.set_inheritable(True)
    except OSError as error:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port} ({error.strerror})") from None
    return sock


def _protocol() -> type:
    """uvicorn's h11 protocol, answering a request h11 refuses (a ``Content-Length`` that is no
    number, two that disagree) with h11's reason instead of a bare "Invalid HTTP request"."""
    import h11
    from uvicorn.protocols.http.h11_impl import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE, H11Protocol

    class _Connection(h11.Connection):
        refusal = ""

        def next_event(self) -> Any:
            try:
                return super().next_event()
            except h11.RemoteProtocolError as error:
                self.refusal = str(error)
                raise

    class _Protocol(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            size = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
            self.conn = _Connection(h11.SERVER, size)

        def send_400_response(self, msg: str) -> None:
            refusal = getattr(self.conn, "refusal", "")
            super().send_400_response(f"{msg} {refusal}".strip())

    return _Protocol


def make_server(
    graph: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int | None = None,
    log: Callable[[str], None] | None = None,
    allow_service: bool = False,
    allow_hosts: Iterable[str] = (),
) -> SparqlServer:
    """A server over a build folder's store (or a graph file, loaded into a temporary store).

    Port 0 picks a free port (see ``server.url``). Call ``serve_forever()`` to run it.
    ``workers`` query processes (default ``default_workers()``); ``allow_service`` lets queries
    use ``SERVICE``; ``allow_hosts`` are more names the ``Host`` header may give
    (``host_allowed``).
    """
    graph = Path(graph)
    held = hold_outputs(graph) if graph.is_dir() else None
    cleanup = None
    try:
        folder = held.path if held is not None else graph.parent
        location = store_location(folder) if held is not None else None
        if location is None:
            if graph.is_dir() and not (folder / "graph.trig").is_file():
                raise InputError(f"{graph}: no {STORE_DIR}/ here; run `kg build -o {graph}` first")
            dataset = load_dataset(folder if graph.is_dir() else graph)
            cleanup = Path(tempfile.mkdtemp(prefix="kg-serve-"))
            location = write_store(dataset, cleanup)
        picture, texts = folder / "graph.html", folder / ARTICLES_FILE
        return SparqlServer(
            (host, port),
            location,
            timeout=timeout,
            workers=workers or default_workers(),
            picture=picture if picture.is_file() else None,
            log=log,
            cleanup=cleanup,
            allow_service=allow_service,
            allow_hosts=allow_hosts,
            held=held,
            texts=texts if graph.is_dir() and texts.is_file() else None,
        )
    except BaseException:
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)
        if held is not None:
            held.release()
        raise
