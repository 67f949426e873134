"""`kg push` against a small Graph Store in the test: the server ends up holding exactly the
build, a server that trickles its answer cannot hold a push past its deadline, and an address
that is no URL is one error line."""

from __future__ import annotations

import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pyoxigraph
import pytest

from kg.app import api
from kg.app.push import PushError
from kg.outputs.export import get_exporter
from kg.rdf.graph import build_dataset
from tests.conftest import cooperation_records, hand_built_records
from tests.robustness.servers import Server, running, send

OTHER_GRAPH = "http://other.example/graph"  # another project's graph on the same server


class _GraphStore(BaseHTTPRequestHandler):
    """The Graph Store Protocol parts kg push uses (PUT and DELETE of a named graph) at /store,
    and SPARQL queries at /query, over an in-memory Oxigraph store."""

    protocol_version = "HTTP/1.1"
    server: Server

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/query":
            return send(self, 404)
        result = self.server.store.query(parse_qs(url.query)["query"][0])
        send(self, 200, result.serialize(format=pyoxigraph.QueryResultsFormat.JSON))

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        graph = self._graph()
        if graph is None:
            return send(self, 404)
        if self._held(graph):
            self.server.store.remove_graph(graph)
        self.server.store.extend(
            pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
            for t in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
        )
        send(self, 201)

    def do_DELETE(self) -> None:
        graph = self._graph()
        if graph is None or not self._held(graph):
            return send(self, 404)
        self.server.store.remove_graph(graph)
        send(self, 204)

    def _graph(self) -> pyoxigraph.NamedNode | None:
        url = urlsplit(self.path)
        names = parse_qs(url.query).get("graph")
        return pyoxigraph.NamedNode(names[0]) if url.path == "/store" and names else None

    def _held(self, graph) -> bool:
        return graph in set(self.server.store.named_graphs())

    def log_message(self, *args) -> None:
        pass


class _Trickle(BaseHTTPRequestHandler):
    """A server that answers one byte at a time, for ever (or until the client hangs up)."""

    def do_GET(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        try:
            while True:
                self.wfile.write(b"X")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            return

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def graph_store():
    with running(_GraphStore) as found:
        yield found


def write_build(folder, records):
    get_exporter("trig")(build_dataset(*records), folder / "graph.trig")
    return folder


def held_graphs(store: pyoxigraph.Store) -> dict[str, int]:
    return {
        graph.value: sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
        for graph in store.named_graphs()
    }


def test_a_push_leaves_exactly_the_build_and_others_graphs_alone(graph_store, article, tmp_path):
    server, base = graph_store
    other = pyoxigraph.NamedNode(OTHER_GRAPH)
    thing = pyoxigraph.NamedNode("http://other.example/thing")
    server.store.add(pyoxigraph.Quad(thing, thing, thing, other))
    server.store.add(pyoxigraph.Quad(thing, thing, thing))  # the default graph
    two = write_build(tmp_path / "two", cooperation_records(article))
    one = write_build(tmp_path / "one", hand_built_records(article))
    api.push(f"{base}/store", two)
    assert len(held_graphs(server.store)) == 4
    report = api.push(f"{base}/store", one)
    expected = {str(g.identifier): len(g) for g in api.load_dataset(one).graphs() if len(g)}
    assert held_graphs(server.store) == {**expected, OTHER_GRAPH: 1}
    assert [name.rsplit("/", 1)[-1] for name in report.dropped] == ["article-2"]
    assert (
        len(list(server.store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))) == 1
    )


def test_a_server_that_trickles_cannot_hold_a_push_past_its_deadline(article, tmp_path):
    folder = write_build(tmp_path, cooperation_records(article))
    started = time.monotonic()
    with (
        running(_Trickle) as (_, base),
        pytest.raises(PushError, match=r"did not finish within its deadline of 1 s .*--deadline"),
    ):
        api.push(f"{base}/store", folder, deadline=1.0)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "endpoint,option",
    [
        ("not a url", "--endpoint"),
        ("http://127.0.0.1:notaport/store", "--endpoint"),
        ("ftp://127.0.0.1/store", "--endpoint"),
    ],
)
def test_an_address_that_is_no_url_is_one_error_line(endpoint, option, article, tmp_path):
    folder = write_build(tmp_path, hand_built_records(article))
    result = subprocess.run(
        [sys.executable, "-m", "kg", "push", "--endpoint", endpoint, "--graph", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: {endpoint!r} is not an http(s) address; give {option} like "
        "http://127.0.0.1:7878/store"
    ]


def test_a_graph_store_of_unknown_layout_needs_its_query_endpoint(graph_store, article, tmp_path):
    _, base = graph_store
    folder = write_build(tmp_path, hand_built_records(article))
    with pytest.raises(PushError, match="give it with --query-endpoint"):
        api.push(f"{base}/graphs", folder)
    report = api.push(f"{base}/store", folder, query_endpoint=f"{base}/query")
    assert report.graphs == 2
