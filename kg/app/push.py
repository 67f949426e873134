"""Send the graph to an existing SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

A push makes the server hold exactly the build. Each named graph of the build (one per
source article, plus the entity graph) is sent with ``PUT <endpoint>?graph=<name>``, which
replaces that graph on the server, so pushing again never duplicates a triple; then the
project's graphs (IRIs under ``GRAPH_NAMESPACE``) that the build no longer has, the graphs of
removed articles, are dropped with ``DELETE``. Which graphs the server holds is asked of its
SPARQL query endpoint (the Graph Store Protocol cannot list them), known for Oxigraph, Fuseki
and Virtuoso from the Graph Store address (``query_endpoint_of``). Graphs of other projects
and the default graph are left alone. Triples outside any named graph (a plain Turtle file)
go to ``?default``.

The whole push has one deadline (``DEADLINE``): a server that answers a byte at a time would
otherwise hold a push for ever, as a timeout per read never expires. The graphs are read from
``graph.trig`` with Oxigraph's parser (fast at scale, and exact: the store would turn
``xsd:nonNegativeInteger`` offsets into ``xsd:integer``).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from kg.errors import InputError, KGError
from kg.files import reading_outputs
from kg.outputs.shards import N_QUADS, read_shards
from kg.rdf.namespaces import KGID

__all__ = [
    "DEADLINE",
    "GRAPH_NAMESPACE",
    "PushError",
    "PushReport",
    "push_graph",
    "push_shards",
    "graph_store_url",
    "query_endpoint_of",
]

N_TRIPLES = "application/n-triples"
DEADLINE = 600.0  # seconds for a whole push, unless told otherwise
GRAPH_NAMESPACE = str(KGID["graph/"])  # graphs under it are the project's: a push may drop them
LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
# Graph Store address -> SPARQL query address, by the servers' own layouts (docs/deploy.md).
QUERY_ENDPOINTS = (
    ("/store", "/query"),  # Oxigraph
    ("/data", "/query"),  # Apache Jena Fuseki
    ("/sparql-graph-crud", "/sparql"),  # Virtuoso
)


class PushError(KGError):
    """The SPARQL server cannot be reached, refused a graph or did not finish in time."""


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graphs: int
    triples: int
    dropped: tuple[str, ...] = ()  # the project's graphs the build no longer has


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol address of one graph (None: the default graph).

    >>> graph_store_url("http://127.0.0.1:7878/store", "https://w3id.org/szhk-kg/id/graph/doc/a")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fszhk-kg%2Fid%2Fgraph%2Fdoc%2Fa'
    """
    separator = "&" if "?" in endpoint else "?"
    return endpoint + separator + ("default" if graph is None else "graph=" + quote(graph, safe=""))


def query_endpoint_of(endpoint: str) -> str | None:
    """The SPARQL query address beside a Graph Store address, where the server is known.

    >>> query_endpoint_of("http://127.0.0.1:7878/store"), query_endpoint_of("http://h:3030/kg/data")
    ('http://127.0.0.1:7878/query', 'http://h:3030/kg/query')
    >>> query_endpoint_of("http://h/graphs") is None
    True
    """
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for store, query in QUERY_ENDPOINTS:
        if path.endswith(store):
            return parts._replace(path=path[: -len(store)] + query, query="").geturl()
    return None


def push_graph(
    endpoint: str,
    graph: str | Path,
    *,
    deadline: float = DEADLINE,
    query_endpoint: str | None = None,
) -> PushReport:
    """Make the Graph Store ``endpoint`` hold exactly the graphs of a build folder or RDF file,
    within ``deadline`` seconds; ``query_endpoint`` (default ``query_endpoint_of(endpoint)``)
    lists the graphs it holds."""
    query_endpoint = _endpoints(endpoint, query_endpoint, "of removed articles to drop")
    graphs = list(_graphs(Path(graph)))
    clock = _Clock(deadline)
    sent: list[str | None] = []
    try:
        held = _our_graphs(query_endpoint, clock)
        for name, _, body in graphs:
            _request("PUT", graph_store_url(endpoint, name), clock, body=body)
            sent.append(name)
        stale = tuple(sorted(held - set(sent)))
        for name in stale:
            _request("DELETE", graph_store_url(endpoint, name), clock)
    except _Late:
        raise PushError(
            f"{endpoint}: the push did not finish within its deadline of {deadline:g} s "
            f"(the server answered too slowly; {len(sent)} of {len(graphs)} graphs sent); the "
            "server may hold old graphs beside new ones: push again, or allow more with --deadline"
        ) from None
    triples = sum(count for _, count, _ in graphs)
    return PushReport(endpoint=endpoint, graphs=len(graphs), triples=triples, dropped=stale)


def push_shards(
    endpoint: str,
    folder: str | Path,
    *,
    deadline: float = DEADLINE,
    query_endpoint: str | None = None,
) -> PushReport:
    """Load the N-Quads shards of ``kg build --shards`` (``kg.outputs.shards``) into an empty
    server: ``POST`` each file to the Graph Store ``endpoint``, which adds each quad to its
    named graph (Oxigraph's ``.../store`` takes a dataset so), within ``deadline`` seconds.

    A bulk load only adds: into a server that already holds any of the project's graphs it
    would keep what a changed article no longer says, so that is refused (``push_graph``
    replaces graphs one by one). ``PushReport.triples`` counts the quads sent.
    """
    query_endpoint = _endpoints(endpoint, query_endpoint, "already there")
    shards = read_shards(folder)
    clock = _Clock(deadline)
    sent = 0
    try:
        held = _our_graphs(query_endpoint, clock)
        if held:
            raise PushError(
                f"{endpoint}: the server already holds {len(held)} of the project's graphs; "
                "--bulk only adds to an empty store: push without --bulk to update them"
            )
        for shard in shards.shards:
            body = (shards.folder / shard.name).read_bytes()
            _request("POST", endpoint, clock, body=body, content_type=N_QUADS)
            sent += 1
    except _Late:
        raise PushError(
            f"{endpoint}: the bulk load did not finish within its deadline of {deadline:g} s "
            f"({sent} of {len(shards.shards)} shards sent); push without --bulk to complete "
            "it, or allow more with --deadline"
        ) from None
    except OSError as error:
        raise InputError(f"{folder}: cannot read a shard ({error.strerror})") from None
    return PushReport(endpoint=endpoint, graphs=shards.graphs, triples=shards.quads)


def _endpoints(endpoint: str, query_endpoint: str | None, why: str) -> str:
    """Check the Graph Store address and find the query endpoint that lists the graphs."""
    _check_url(endpoint, "--endpoint")
    query_endpoint = query_endpoint or query_endpoint_of(endpoint)
    if query_endpoint is None:
        raise PushError(
            f"{endpoint}: cannot tell this server's SPARQL query endpoint, which lists the graphs "
            f"{why}; give it with --query-endpoint"
        )
    _check_url(query_endpoint, "--query-endpoint")
    return query_endpoint


def _check_url(url: str, option: str) -> None:
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 (raises on a port that is no number)
    except ValueError:
        valid = False
    if not valid:
        raise PushError(
            f"{url!r} is not an http(s) address; give {option} like http://127.0.0.1:7878/store"
        )


def _graphs(path: Path) -> Iterator[tuple[str | None, int, bytes]]:
    """(graph name or None for the default graph, triple count, N-Triples) for each graph."""
    import pyoxigraph

    if path.is_dir():
        with reading_outputs(path) as folder:
            source = folder / "graph.trig"
            if not source.is_file():
                raise InputError(f"{path}: no graph.trig here; run `kg build -o {path}` first")
            graphs = _parse(source, pyoxigraph.RdfFormat.TRIG)
    else:
        if not path.is_file():
            raise InputError(f"{path}: no such graph file; run `kg build` first or give --graph")
        fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
        if fmt is None:
            raise InputError(f"{path}: unknown RDF format; give a .trig, .ttl, .nt or .nq file")
        graphs = _parse(path, fmt)
    for name in sorted(graphs, key=lambda n: (n is None, n or "")):
        triples = graphs[name]
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        yield name, len(triples), body or b""


def _parse(source: Path, fmt) -> dict[str | None, list]:
    import pyoxigraph

    graphs: dict[str | None, list] = {}
    try:
        for quad in pyoxigraph.parse(path=str(source), format=fmt):
            name = (
                None
                if isinstance(quad.graph_name, pyoxigraph.DefaultGraph)
                else quad.graph_name.value
            )
            graphs.setdefault(name, []).append(quad.triple)
    except SyntaxError as error:
        raise InputError(f"{source}: cannot parse: {error}") from None
    return graphs


def _our_graphs(query_endpoint: str, clock: _Clock) -> set[str]:
    """The project's named graphs the server holds."""
    url = f"{query_endpoint}{'&' if '?' in query_endpoint else '?'}{urlencode({'query': LIST_GRAPHS})}"
    body = _request("GET", url, clock, accept="application/sparql-results+json", listing=True)
    try:
        rows = json.loads(body)["results"]["bindings"]
        names = {row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PushError(
            f"{query_endpoint}: did not answer the query for its graphs with SPARQL JSON results; "
            "is this its SPARQL query endpoint? give it with --query-endpoint"
        ) from None
    return {name for name in names if name.startswith(GRAPH_NAMESPACE)}


class _Late(Exception):
    """The push's deadline passed."""


class _Clock:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


def _request(
    method: str,
    url: str,
    clock: _Clock,
    *,
    body: bytes | None = None,
    content_type: str = N_TRIPLES,
    accept: str | None = None,
    listing: bool = False,
) -> bytes:
    """One HTTP exchange, cut off when the push's deadline passes (the socket is shut from a
    timer: a timeout per read would let a server that trickles bytes go on for ever)."""
    left = clock.left()
    if left <= 0:
        raise _Late
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "", parts.port, timeout=left)
    headers = {"Content-Type": content_type} if body is not None else {}
    if accept:
        headers["Accept"] = accept
    timer = threading.Timer(left, _cut, (connection,))
    timer.daemon = True
    timer.start()
    try:
        connection.request(
            method, parts.path + (f"?{parts.query}" if parts.query else ""), body, headers
        )
        response = connection.getresponse()
        answer = response.read()
        if clock.left() <= 0:  # cut off: what was read is not the whole answer
            raise _Late
    except (OSError, http.client.HTTPException) as error:
        if clock.left() <= 0:
            raise _Late from None
        raise PushError(
            f"{url}: cannot reach the SPARQL server ({error}); is it running?"
        ) from None
    finally:
        timer.cancel()
        connection.close()
    if response.status >= 300:
        detail = answer.decode("utf-8", "replace").strip()[:500]
        what = (
            (
                "the query for its graphs",
                "is this its SPARQL query endpoint? give it with --query-endpoint",
            )
            if listing
            else ("the graph", "is this its Graph Store endpoint (e.g. .../store)?")
        )
        raise PushError(
            f"{url}: the server refused {what[0]} ({response.status} {response.reason}): "
            f"{detail}; {what[1]}"
        )
    return answer


def _cut(connection: http.client.HTTPConnection) -> None:
    """Shut the connection's socket: a read or write blocked on it returns at once."""
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)
