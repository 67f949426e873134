"""`kg push` against a real SPARQL server: the `oxigraph` binary from PyPI, on a free loopback port."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from typer.testing import CliRunner

from kg.app import api
from kg.app.cli import app
from kg.app.push import PushError
from kg.outputs.export import get_exporter
from kg.outputs.shards import write_shards
from kg.rdf.graph import build_dataset
from tests.conftest import cooperation_records, stop_process

START_TIMEOUT = 30
OXIGRAPH = shutil.which("oxigraph") or shutil.which(
    "oxigraph", path=str(Path(sys.executable).parent)
)
COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"

pytestmark = pytest.mark.skipif(
    OXIGRAPH is None, reason="needs the oxigraph server (pip install oxigraph)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path):
    """Base URL of a fresh `oxigraph serve`; the process is always stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        stop_process(process)


def _wait_until_up(base, process):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(
                f"{base}/query?{urlencode({'query': 'ASK {}'})}", timeout=2
            ).read()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError("oxigraph serve did not start")


def triples_per_graph(base) -> dict[str, int]:
    request = urllib.request.Request(
        f"{base}/query?{urlencode({'query': COUNT})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


@pytest.fixture
def build_folder(tmp_path, article):
    folder = tmp_path / "out"
    get_exporter("trig")(build_dataset(*cooperation_records(article)), folder / "graph.trig")
    return folder


def expected_counts(folder) -> dict[str, int]:
    dataset = api.load_dataset(folder)
    return {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}


def test_push_twice_gives_the_same_graphs_and_counts(oxigraph, build_folder):
    first = api.push(f"{oxigraph}/store", build_folder)
    after_first = triples_per_graph(oxigraph)
    second = api.push(f"{oxigraph}/store", build_folder)
    assert triples_per_graph(oxigraph) == after_first == expected_counts(build_folder)
    assert first == second and first.graphs == 3
    assert first.triples == sum(after_first.values())
    assert sorted(name.rsplit("/", 1)[-1] for name in after_first) == [
        "article-1",
        "article-2",
        "entities",
    ]


def test_push_leaves_exactly_the_new_build(oxigraph, build_folder, records, tmp_path):
    api.push(f"{oxigraph}/store", build_folder)
    smaller = tmp_path / "smaller"
    get_exporter("trig")(build_dataset(*records), smaller / "graph.trig")
    report = api.push(f"{oxigraph}/store", smaller)
    assert triples_per_graph(oxigraph) == expected_counts(smaller)
    assert [name.rsplit("/", 1)[-1] for name in report.dropped] == ["article-2"]


def test_push_from_the_command_line(oxigraph, build_folder):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "push",
            "--endpoint",
            f"{oxigraph}/store",
            "--graph",
            str(build_folder),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("pushed 3 graphs")


def test_an_unreachable_server_is_a_push_error(build_folder):
    with pytest.raises(PushError, match="cannot reach the SPARQL server"):
        api.push(f"http://127.0.0.1:{free_port()}/store", build_folder)


def test_a_wrong_endpoint_says_so(oxigraph, build_folder):
    with pytest.raises(PushError, match="refused the graph .*Graph Store endpoint"):
        api.push(f"{oxigraph}/nothing-here", build_folder, query_endpoint=f"{oxigraph}/query")


def test_bulk_load_of_the_seed_shards_holds_exactly_the_build(oxigraph, seed_build, tmp_path):
    import pyoxigraph

    result, out = seed_build
    shards = write_shards(result.dataset, tmp_path / "shards", articles_per_shard=2)
    build_quads = sum(1 for _ in pyoxigraph.parse(path=str(out / "graph.trig")))
    assert shards.quads == build_quads and len(shards.shards) == 4  # 3 of articles, entities
    loaded = CliRunner().invoke(
        app, ["push", "--endpoint", f"{oxigraph}/store", "--bulk", str(shards.folder)]
    )
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output.startswith(f"pushed 6 graphs, {build_quads} triples")
    assert triples_per_graph(oxigraph) == expected_counts(out)
    with pytest.raises(PushError, match="already holds 6 of the project's graphs"):
        api.push(f"{oxigraph}/store", bulk=shards.folder)
