"""Send the graph to an existing SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the build (one per source article, plus the entity graph) is sent with
``PUT <endpoint>?graph=<name>``, which replaces that graph on the server: pushing again after
a rebuild updates the server and never duplicates a triple. Triples outside any named graph
(a plain Turtle file) go to ``?default``. The graphs are read from ``graph.trig`` with
Oxigraph's parser (fast at scale, and exact: the store would turn ``xsd:nonNegativeInteger``
offsets into ``xsd:integer``).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kg.errors import InputError, KGError

__all__ = ["PushError", "PushReport", "push_graph", "graph_store_url"]

N_TRIPLES = "application/n-triples"
TIMEOUT = 300.0  # seconds for one graph's upload


class PushError(KGError):
    """The SPARQL server cannot be reached or refused a graph."""


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graphs: int
    triples: int


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol address of one graph (None: the default graph).

    >>> graph_store_url("http://127.0.0.1:7878/store", "https://w3id.org/szhk-kg/id/graph/doc/a")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fszhk-kg%2Fid%2Fgraph%2Fdoc%2Fa'
    """
    separator = "&" if "?" in endpoint else "?"
    return endpoint + separator + ("default" if graph is None else "graph=" + quote(graph, safe=""))


def push_graph(endpoint: str, graph: str | Path) -> PushReport:
    """PUT every graph of a build folder or RDF file to the Graph Store ``endpoint``."""
    graphs = triples = 0
    for name, count, body in _graphs(Path(graph)):
        _put(graph_store_url(endpoint, name), body)
        graphs += 1
        triples += count
    return PushReport(endpoint=endpoint, graphs=graphs, triples=triples)


def _graphs(path: Path) -> Iterator[tuple[str | None, int, bytes]]:
    """(graph name or None for the default graph, triple count, N-Triples) for each graph."""
    import pyoxigraph

    source = path / "graph.trig" if path.is_dir() else path
    if not source.is_file():
        raise InputError(f"{source}: no such graph file; run `kg build` first or give --graph")
    fmt = pyoxigraph.RdfFormat.from_extension(source.suffix.lstrip(".").lower())
    if fmt is None:
        raise InputError(f"{source}: unknown RDF format; give a .trig, .ttl, .nt or .nq file")
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
    for name in sorted(graphs, key=lambda n: (n is None, n or "")):
        triples = graphs[name]
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        yield name, len(triples), body or b""


def _put(url: str, body: bytes) -> None:
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={"Content-Type": N_TRIPLES}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip()[:500]
        raise PushError(
            f"{url}: the server refused the graph ({error.code} {error.reason}): "
            f"{detail}; is this its Graph Store endpoint (e.g. .../store)?"
        ) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PushError(
            f"{url}: cannot reach the SPARQL server ({reason}); is it running?"
        ) from None
