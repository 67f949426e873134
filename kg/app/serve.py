"""A read-only SPARQL 1.1 Protocol endpoint over a build's store, and a small page for people.

Routes: ``/sparql`` (also ``/query``) answers GET ``?query=`` and POST (form or
``application/sparql-query``) with SPARQL JSON, XML, CSV or TSV, or Turtle, N-Triples,
RDF/XML or JSON-LD for CONSTRUCT/DESCRIBE, chosen from the ``Accept`` header. Updates are
refused with 403. ``/`` is the query page (``kg/static``), ``/queries`` the named queries as
JSON, ``/named/<name>?var=value`` runs one with bound values (the page's entity links), a
page of ``DEFAULT_PAGE`` rows unless ``limit`` (0: every row) or ``offset`` say otherwise
(``since``/``until``: the facts of articles of those dates, as ``kg query --since``), and
``/graph.html`` the build's picture.

Queries run in worker processes that each open the store read-only: a query that outlives
the time limit is answered with 503 and its worker killed and replaced, so a runaway query
cannot keep a core busy (pyoxigraph cannot cancel a query in-process). The HTTP side is the
stdlib's ``ThreadingHTTPServer``: one thread per client, as many queries at a time as workers
(``default_workers``), and a listen queue long enough for bursts of clients.

What a hostile client or page can send is checked by small functions that do not depend on
the HTTP library: ``host_allowed`` (a ``Host`` header naming another site is a DNS rebinding
attack from a browser: 403), ``body_length`` (a ``Content-Length`` that is no number: 400) and
``kg.outputs.sparql.check_query`` (``SERVICE``, which would make the endpoint query other
servers for the client, unless ``allow_service``; nesting that would crash the parser: 400).
The server serves one whole set of a build folder's outputs and holds it
(``kg.files.hold_outputs``): a rebuild meanwhile neither mixes into it nor removes it.
"""

from __future__ import annotations

import ipaddress
import json
import multiprocessing
import os
import queue
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

from kg.app.parallel import die_with_parent
from kg.errors import InputError, KGError
from kg.files import HeldOutputs, hold_outputs
from kg.outputs.sparql import (
    DEFAULT_PAGE,
    bind_values,
    check_query,
    date_bounds,
    named_queries,
    param_terms,
    slice_query,
)
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
MAX_BODY = 1 << 20  # bytes of a POSTed query
BOOT_TIMEOUT = 60.0  # seconds a fresh worker may take to import and open the store
LISTEN_QUEUE = 1024  # connections the kernel holds until accepted (the stdlib's 5 dropped bursts)
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

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


def default_workers() -> int:
    """Query workers unless told: one per CPU this process may use, at least two, so that one
    slow query leaves another worker free."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(2, cpus)


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The host names a request's ``Host`` header may give: the bound address, the loopback
    names when bound to loopback or to every address, and ``extra`` (``--allow-host``).

    >>> sorted(allowed_hosts("127.0.0.1"))
    ['127.0.0.1', '::1', 'localhost']
    >>> sorted(allowed_hosts("192.0.2.7", ["kg.example.org"]))
    ['192.0.2.7', 'kg.example.org']
    """
    names = {bound.lower().strip("[]")} | {name.lower().rstrip(".") for name in extra}
    if _is_wildcard(bound) or bound == "localhost" or _is_loopback(bound):
        names |= LOOPBACK_NAMES
    return frozenset(names)


def host_allowed(header: str | None, bound: str, allowed: Collection[str]) -> bool:
    """Whether to answer a request whose ``Host`` header is ``header``.

    A page on another site can make a browser send requests here through a DNS name that it
    points at this address (DNS rebinding); the browser then sends that name as ``Host``. So a
    name is answered only if ``allowed`` (``allowed_hosts``) has it. A server bound to every
    address also answers any IP address, which no rebinding can forge; ``*`` in ``allowed``
    answers anything (behind a proxy that checks names). No header: not a browser.

    >>> loopback = allowed_hosts("127.0.0.1")
    >>> [host_allowed(h, "127.0.0.1", loopback) for h in ("localhost:7878", "[::1]:7878", "evil.example:7878")]
    [True, True, False]
    >>> host_allowed("192.0.2.7:80", "0.0.0.0", allowed_hosts("0.0.0.0"))
    True
    """
    if header is None or "*" in allowed:
        return True
    try:
        name = urlsplit(f"//{header.strip()}").hostname
    except ValueError:
        return False
    if not name:
        return False
    name = name.rstrip(".")
    return name in allowed or (_is_wildcard(bound) and _is_ip(name))


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(address: str) -> bool:
    return _is_ip(address.strip("[]")) and ipaddress.ip_address(address.strip("[]")).is_loopback


def _is_wildcard(address: str) -> bool:
    return address in ("", "0.0.0.0", "::", "[::]")


def body_length(values: list[str]) -> int:
    """The bytes a request's body has by its ``Content-Length`` header(s); ValueError when it is
    no whole number or two headers disagree (which would let a body pass for a request).

    >>> body_length([]), body_length(["42"]), body_length(["7", "7"])
    (0, 42, 7)
    >>> body_length(["-1"])
    Traceback (most recent call last):
    ValueError: Content-Length '-1' is not a number of bytes
    """
    lengths = {value.strip() for value in values}
    if len(lengths) > 1:
        raise ValueError(f"Content-Length headers disagree: {', '.join(sorted(lengths))}")
    for length in lengths:
        if not (length.isascii() and length.isdigit()):
            raise ValueError(f"Content-Length {length!r} is not a number of bytes")
        return int(length)
    return 0


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


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: HTTP threads in front of a pool of query worker processes."""

    daemon_threads = True
    request_queue_size = LISTEN_QUEUE

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
    ):
        self.query_timeout = timeout
        self.picture = picture
        self.log = log
        self.allow_service = allow_service
        self.bound = address[0]
        self.hosts = allowed_hosts(address[0], allow_hosts)
        self._cleanup = cleanup
        self._held = held
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
        if self._held is not None:
            self._held.release()


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
        picture = folder / "graph.html"
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
        )
    except BaseException:
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)
        if held is not None:
            held.release()
        raise


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql"

    def log_message(self, format: str, *args) -> None:
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")

    def parse_request(self) -> bool:
        """The request line and headers, then the ``Host`` check, before any route runs."""
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if host_allowed(host, self.server.bound, self.server.hosts):
            return True
        self.close_connection = True
        message = (
            f"Host {host!r} is not this server's address; "
            f"start kg serve with --allow-host NAME to answer another name"
        )
        self._send(HTTPStatus.FORBIDDEN, _PLAIN, message.encode("utf-8"))
        return False

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
        try:
            length = body_length(self.headers.get_all("Content-Length") or [])
        except ValueError as error:
            self.close_connection = True  # where the body ends is unknown
            self._send(HTTPStatus.BAD_REQUEST, _PLAIN, str(error).encode("utf-8"))
            return
        if length > MAX_BODY:
            self.close_connection = True
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
            span = date_bounds(params.pop("since", [None])[0], params.pop("until", [None])[0])
            bindings = {key: param_terms(values[0]) for key, values in params.items()}
            text = bind_values(queries[name].text, {**bindings, **span})
            text = slice_query(text, limit or None, offset)
        except KGError as error:
            self._send(HTTPStatus.BAD_REQUEST, _PLAIN, str(error).encode("utf-8"))
            return
        self._run(text)

    def _run(self, text: str) -> None:
        try:
            check_query(text, allow_service=self.server.allow_service)
        except KGError as error:
            self._send(HTTPStatus.BAD_REQUEST, _PLAIN, str(error).encode("utf-8"))
            return
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
        if self.close_connection:
            self.send_header("Connection", "close")
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
