"""A read-only SPARQL 1.1 Protocol endpoint over a build's store, and a small page for people.

Routes: ``/sparql`` (also ``/query``) answers GET ``?query=`` and POST (form or
``application/sparql-query``) with SPARQL JSON, XML, CSV or TSV, or Turtle, N-Triples,
RDF/XML or JSON-LD for CONSTRUCT/DESCRIBE, chosen from the ``Accept`` header. Updates are
refused with 403. ``/`` is the query page (``kg/static``), ``/queries`` the named queries as
JSON, ``/named/<name>?var=value`` runs one with bound values (the page's entity links), a
page of ``DEFAULT_PAGE`` rows unless ``limit`` (0: every row) or ``offset`` say otherwise, and
``/graph.html`` the build's picture.

Queries run in worker processes that each open the store read-only: a query that outlives
the time limit is answered with 503 and its worker killed and replaced, so a runaway query
cannot keep a core busy (pyoxigraph cannot cancel a query in-process). The HTTP side is the
stdlib's ``ThreadingHTTPServer``: one thread per client, as many queries at a time as workers.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import shutil
import tempfile
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

from kg.errors import InputError, KGError
from kg.outputs.sparql import DEFAULT_PAGE, bind_values, named_queries, param_terms, slice_query
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
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
MAX_BODY = 1 << 20  # bytes of a POSTed query
BOOT_TIMEOUT = 60.0  # seconds a fresh worker may take to import and open the store

# Offered media types, best first, and the pyoxigraph format each maps to.
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}
_PLAIN = "text/plain; charset=utf-8"

Answer = tuple[int, str, bytes]  # (HTTP status, content type, body)


def negotiate(accept: str | None, offered: dict[str, str]) -> str | None:
    """The offered media type the client prefers (``Accept`` with q-values), or None.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("text/*", RESULT_TYPES), negotiate(None, GRAPH_TYPES), negotiate("image/png", RESULT_TYPES)
    ('text/xml', 'text/turtle', None)
    """
    ranges = []
    for position, item in enumerate((accept or "*/*").split(",")):
        media, *options = [part.strip() for part in item.split(";")]
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranges):
        for candidate in offered:
            if media in (candidate, "*/*") or (
                media.endswith("/*") and candidate.startswith(media[:-1])
            ):
                return candidate
    return None


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


def _work(connection, location: str) -> None:
    """Worker process: open the store, then answer (query, accept) requests until the pipe closes."""
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
        self.process = context.Process(target=_work, args=(child, str(location)), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

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
        self.process.kill()
        self.process.join()
        self.connection.close()


class _WorkerPool:
    """Worker processes handed out one query at a time; a timed-out one is replaced."""

    def __init__(self, location: Path, size: int):
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


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: HTTP threads in front of a pool of query worker processes."""

    daemon_threads = True

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
    ):
        self.query_timeout = timeout
        self.picture = picture
        self.log = log
        self._cleanup = cleanup
        self.pool = _WorkerPool(location, workers)
        try:
            super().__init__(address, _Handler)
        except BaseException:
            self.pool.close()
            raise

    @property
    def url(self) -> str:
        host, port = cast(tuple[str, int], self.server_address[:2])
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()
        if self._cleanup is not None:
            shutil.rmtree(self._cleanup, ignore_errors=True)


def make_server(
    graph: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = 2,
    log: Callable[[str], None] | None = None,
) -> SparqlServer:
    """A server over a build folder's store (or a graph file, loaded into a temporary store).

    Port 0 picks a free port (see ``server.url``). Call ``serve_forever()`` to run it.
    """
    graph = Path(graph)
    location, cleanup = store_location(graph), None
    if location is None:
        if graph.is_dir() and not (graph / "graph.trig").is_file():
            raise InputError(f"{graph}: no {STORE_DIR}/ here; run `kg build -o {graph}` first")
        dataset = load_dataset(graph)
        cleanup = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        location = write_store(dataset, cleanup)
    folder = graph if graph.is_dir() else graph.parent
    picture = folder / "graph.html"
    try:
        return SparqlServer(
            (host, port),
            location,
            timeout=timeout,
            workers=workers,
            picture=picture if picture.is_file() else None,
            log=log,
            cleanup=cleanup,
        )
    except BaseException:
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)
        raise


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql"

    def log_message(self, format: str, *args) -> None:
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        if url.path in ("/sparql", "/query"):
            self._protocol(params)
        elif url.path == "/update":
            self._refuse_update()
        elif url.path == "/":
            self._static("index.html")
        elif url.path.startswith("/static/"):
            self._static(url.path.removeprefix("/static/"))
        elif url.path == "/queries":
            self._send(HTTPStatus.OK, "application/json; charset=utf-8", _queries_json())
        elif url.path.startswith("/named/"):
            self._named(unquote(url.path.removeprefix("/named/")), params)
        elif url.path == "/graph.html" and self.server.picture is not None:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.picture.read_bytes())
        else:
            self._send(HTTPStatus.NOT_FOUND, _PLAIN, f"no such page: {url.path}".encode())

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _PLAIN, b"query too large")
            return
        body = self.rfile.read(length)
        if url.path == "/update" or kind == "application/sparql-update":
            self._refuse_update()
        elif url.path not in ("/sparql", "/query"):
            self._send(HTTPStatus.NOT_FOUND, _PLAIN, f"no such endpoint: {url.path}".encode())
        elif kind == "application/x-www-form-urlencoded":
            self._protocol({**parse_qs(url.query), **parse_qs(body.decode("utf-8", "replace"))})
        elif kind == "application/sparql-query":
            self._run(body.decode("utf-8", "replace"))
        else:
            message = (
                "POST a query as application/sparql-query or application/x-www-form-urlencoded"
            )
            self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, _PLAIN, message.encode("utf-8"))

    def do_PUT(self) -> None:
        self._refuse_update()

    do_DELETE = do_PATCH = do_PUT

    def _protocol(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._refuse_update()
        elif len(params.get("query", [])) != 1:
            self._send(HTTPStatus.BAD_REQUEST, _PLAIN, b"give exactly one query parameter")
        else:
            self._run(params["query"][0])

    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        queries = named_queries()
        if name not in queries:
            self._send(HTTPStatus.NOT_FOUND, _PLAIN, f"no query named {name!r}".encode())
            return
        try:
            limit = int(params.pop("limit", [DEFAULT_PAGE])[0])
            offset = int(params.pop("offset", [0])[0])
        except ValueError:
            self._send(HTTPStatus.BAD_REQUEST, _PLAIN, b"limit and offset are whole numbers")
            return
        try:
            text = bind_values(
                queries[name].text, {key: param_terms(values[0]) for key, values in params.items()}
            )
            text = slice_query(text, limit or None, offset)
        except KGError as error:
            self._send(HTTPStatus.BAD_REQUEST, _PLAIN, str(error).encode("utf-8"))
            return
        self._run(text)

    def _run(self, text: str) -> None:
        status, content_type, body = self.server.pool.run(
            text, self.headers.get("Accept"), self.server.query_timeout
        )
        self._send(status, content_type, body)

    def _refuse_update(self) -> None:
        self._send(HTTPStatus.FORBIDDEN, _PLAIN, b"this endpoint is read-only: updates are refused")

    def _static(self, name: str) -> None:
        resource = files("kg").joinpath("static")
        if "/" in name or name.startswith(".") or not resource.joinpath(name).is_file():
            self._send(HTTPStatus.NOT_FOUND, _PLAIN, f"no such file: {name}".encode())
            return
        kinds = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
        kind = kinds.get(Path(name).suffix, "application/octet-stream")
        self._send(HTTPStatus.OK, f"{kind}; charset=utf-8", resource.joinpath(name).read_bytes())

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _queries_json() -> bytes:
    queries = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "params": list(q.params),
            "text": q.text,
        }
        for q in named_queries().values()
    ]
    return json.dumps(queries, ensure_ascii=False).encode("utf-8")
