"""`kg serve` as users meet it: a real process on a free loopback port, a real HTTP client."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from rdflib import Graph

from kg.outputs.store import write_store
from kg.rdf.graph import build_dataset
from tests.conftest import CHROMIUM, HEADLESS, cooperation_records, stop_process

START_TIMEOUT = 60
TIMEOUT = 2.0  # the server's query time limit in these tests
SELECT = "SELECT ?name WHERE { ?s a kgo:Person ; rdfs:label ?name }"
# Six independent patterns over ~100 triples: about 10^12 rows to count, far beyond the limit.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """URL of `kg serve` over the fixture graph; the process is always stopped afterwards."""
    from kg.text.ingest import parse_document
    from tests.conftest import ARTICLE

    folder = tmp_path_factory.mktemp("served")
    write_store(
        build_dataset(*cooperation_records(parse_document(ARTICLE, doc_id="article-1"))), folder
    )
    (folder / "graph.html").write_text("<html><body>the picture</body></html>", encoding="utf-8")
    with serving(folder) as url:
        yield url


@contextmanager
def serving(folder):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            "--graph",
            str(folder),
            "--port",
            "0",
            "--timeout",
            str(TIMEOUT),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        yield _wait_for_url(process)
    finally:
        stop_process(process)


def _wait_for_url(process) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"query page (http://\S+/)", line)
        if match:
            return match.group(1)
    raise RuntimeError("kg serve did not start")


def request(url, data=None, headers=None, method=None, timeout=30):
    """(status, content type, body) of one HTTP exchange, error statuses included."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return (
                response.status,
                response.headers["Content-Type"],
                response.read().decode("utf-8"),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def get_query(server, query, accept="application/sparql-results+json"):
    return request(f"{server}sparql?{urlencode({'query': query})}", headers={"Accept": accept})


def test_listens_on_loopback(server):
    assert server.startswith("http://127.0.0.1:")


def test_select_by_get_gives_sparql_json(server):
    status, kind, body = get_query(server, SELECT)
    assert status == 200 and kind.startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert [(r["name"]["value"], r["name"]["xml:lang"].lower()) for r in rows] == [
        ("陳大文", "zh-hant")
    ]


@pytest.mark.parametrize("kind", ["application/x-www-form-urlencoded", "application/sparql-query"])
def test_select_by_post(server, kind):
    body = urlencode({"query": SELECT}) if kind.endswith("urlencoded") else SELECT
    status, _, text = request(
        f"{server}sparql",
        data=body.encode("utf-8"),
        headers={"Content-Type": kind, "Accept": "text/csv"},
    )
    assert status == 200 and text.splitlines() == ["name", "陳大文"]


NEGOTIATION = [
    ("text/csv", "text/csv", lambda body: list(csv.reader(io.StringIO(body)))[1] == ["陳大文"]),
    (
        "text/tab-separated-values",
        "text/tab-separated-values",
        lambda body: body.splitlines()[1].lower() == '"陳大文"@zh-hant',
    ),
    (
        "application/sparql-results+xml",
        "application/sparql-results+xml",
        lambda body: "陳大文</literal>" in body,
    ),
    (
        "text/csv;q=0.1, application/sparql-results+xml;q=0.9",
        "application/sparql-results+xml",
        lambda body: "<sparql" in body,
    ),
    (
        "*/*",
        "application/sparql-results+json",
        lambda body: json.loads(body)["head"]["vars"] == ["name"],
    ),
]


@pytest.mark.parametrize("accept,expected,check", NEGOTIATION)
def test_select_results_by_content_negotiation(server, accept, expected, check):
    status, kind, body = get_query(server, SELECT, accept)
    assert status == 200 and kind.split(";")[0] == expected and check(body)


def test_construct_gives_turtle(server):
    query = "CONSTRUCT { ?s rdfs:label ?name } WHERE { ?s a kgo:Organization ; rdfs:label ?name }"
    status, kind, body = get_query(server, query, "text/turtle")
    assert status == 200 and kind.startswith("text/turtle")
    labels = {str(o) for o in Graph().parse(data=body, format="turtle").objects()}
    assert labels == {"南山區政協", "香港科技園公司"}


def test_describe_gives_n_triples_when_asked(server):
    query = "DESCRIBE <https://w3id.org/szhk-kg/id/person/陳大文>"
    status, kind, body = get_query(server, query, "application/n-triples")
    assert status == 200 and kind.startswith("application/n-triples")
    assert len(Graph().parse(data=body, format="nt")) >= 3


def test_an_unservable_type_is_406(server):
    status, _, body = get_query(server, SELECT, "image/png")
    assert status == 406 and "choose from application/sparql-results+json" in body


UPDATES = [
    (
        "sparql",
        urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        "application/x-www-form-urlencoded",
    ),
    ("sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
    ("update", urlencode({"update": "CLEAR ALL"}), "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize("path,body,kind", UPDATES)
def test_updates_are_refused(server, path, body, kind):
    status, _, text = request(
        server + path, data=body.encode("utf-8"), headers={"Content-Type": kind}
    )
    assert status == 403 and "read-only" in text
    assert get_query(server, "ASK { <urn:a> ?p ?o }")[2] == '{"head":{},"boolean":false}'


def test_a_bad_query_is_400_with_the_parsers_message(server):
    status, _, body = get_query(server, "SELECT ?x WHERE { ?x ?p }")
    assert status == 400 and body.startswith("bad SPARQL query: error at 1:")


def test_a_slow_query_is_stopped_at_the_time_limit_and_the_server_carries_on(server):
    started = time.monotonic()
    status, _, body = get_query(server, ENDLESS)
    assert status == 503 and "time limit of 2 s" in body
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 5
    assert get_query(server, SELECT)[0] == 200


def test_concurrent_clients_are_all_answered(server):
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: get_query(server, SELECT, "text/csv"), range(16)))
    assert {(status, body.splitlines()[1]) for status, _, body in answers} == {(200, "陳大文")}


def test_named_queries_bind_names_server_side(server):
    status, _, body = request(
        f"{server}named/evidence-for?{urlencode({'subjectName': '陈大文'})}",
        headers={"Accept": "text/csv"},
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    assert status == 200 and {(r["subjectLabel"], r["predicate"]) for r in rows} == {
        ("陳大文", "proposed"),
        ("陳大文", "affiliatedWith"),
    }
    assert request(f"{server}named/no-such")[0] == 404


def test_named_queries_answer_a_page_of_the_ordered_rows(server):
    def rows(**params):
        status, _, body = request(
            f"{server}named/evidence-for?{urlencode(params)}", headers={"Accept": "text/csv"}
        )
        assert status == 200, body
        return [
            (r["subjectLabel"], r["predicate"], r["objectLabel"])
            for r in csv.DictReader(io.StringIO(body))
        ]

    everything = rows(limit=0)
    assert len(everything) == 5
    assert rows(limit=2, offset=1) == everything[1:3]
    assert request(f"{server}named/evidence-for?limit=many")[0] == 400


def test_named_queries_take_a_date_span(server):
    def answer(**params):
        return request(
            f"{server}named/evidence-for?{urlencode(params)}", headers={"Accept": "text/csv"}
        )

    status, _, body = answer(until="2100")
    assert status == 200 and body.splitlines()[0].endswith(",date,outlet")
    assert len(body.splitlines()) == 1  # the fixture's articles are undated: none in any span
    status, _, body = answer(since="last week")
    assert status == 400 and "--since 'last week' is no date" in body


def test_a_named_listing_longer_than_a_page_is_cut_to_the_default_page(tmp_path):
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import ORG, RDFS

    from kg.outputs.sparql import DEFAULT_PAGE

    dataset = Dataset()
    graph = dataset.graph(URIRef("urn:graph:roles"))
    graph.add((URIRef("urn:org"), RDFS.label, Literal("南山區政協")))
    for number in range(DEFAULT_PAGE + 5):
        person, membership = URIRef(f"urn:person:{number}"), URIRef(f"urn:membership:{number}")
        graph.add((person, RDFS.label, Literal(f"委員{number:03d}")))
        graph.add((membership, ORG.member, person))
        graph.add((membership, ORG.organization, URIRef("urn:org")))
    write_store(dataset, tmp_path)
    with serving(tmp_path) as url:
        names = [
            request(f"{url}named/roles?{urlencode(params)}", headers={"Accept": "text/csv"})[
                2
            ].splitlines()[1:]
            for params in ({}, {"offset": DEFAULT_PAGE}, {"limit": 0})
        ]
    assert len(names[0]) == DEFAULT_PAGE and len(names[1]) == 5
    assert names[0] + names[1] == names[2] and names[0][0] == "委員000,,南山區政協,,,"


def test_pages_are_served(server):
    status, kind, page = request(server)
    assert status == 200 and kind.startswith("text/html") and 'id="run"' in page
    assert request(f"{server}static/app.js")[0] == 200
    assert request(f"{server}static/../serve.py")[0] == 404
    assert request(f"{server}graph.html")[2] == "<html><body>the picture</body></html>"
    names = [q["name"] for q in json.loads(request(f"{server}queries")[2])]
    assert {"who-proposed-what", "roles", "evidence-for", "cooperation"} <= set(names)


class _Rows(HTMLParser):
    """Cell texts of the rows of <table id=...> in a DOM dump."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.depth, self.rows = table_id, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", self.table_id) in attrs:
            self.depth = 1
        elif self.depth and tag == "table":
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag == "td":
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if self.depth and tag == "table":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def _page_dom(url: str) -> str:
    """The page's DOM after headless Chromium ran its script on ``url``."""
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    try:
        return subprocess.run(
            [
                CHROMIUM,
                *HEADLESS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=10000",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            env={**os.environ, "LANG": "C.UTF-8"},
        ).stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _result_rows(dom: str) -> list[list[str]]:
    parser = _Rows("results")
    parser.feed(dom)
    return [row for row in parser.rows if row]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian chromium (make test installs it)")
def test_the_page_runs_a_query_in_a_real_browser(server):
    """The page types the query from its URL, presses Run, and the rows come from the live server."""
    query = "SELECT ?name ?type WHERE { ?s rdfs:label ?name ; a ?t . BIND(STRAFTER(STR(?t), '#') AS ?type) } ORDER BY ?name"
    dom = _page_dom(f"{server}#query={quote(query)}")
    rows = _result_rows(dom)
    assert ["陳大文", "Person"] in rows and ["香港科技園公司", "Organization"] in rows
    assert len(rows) == 6
    assert re.search(r'id="status"[^>]*>6 rows<', dom)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian chromium (make test installs it)")
def test_the_pages_dates_bind_since_and_until(server):
    """The dates picked on the page reach the query as xsd:date values of ?since and ?until;
    a query without those variables is refused on the page."""
    dom = _page_dom(f"{server}#since=2024-01-01&query={quote('SELECT ?since ?until WHERE { }')}")
    assert _result_rows(dom) == [["2024-01-01", ""]]
    dom = _page_dom(f"{server}#until=2024-01-01&query={quote('SELECT ?s WHERE { ?s ?p ?o }')}")
    assert _result_rows(dom) == [] and "has no ?since/?until" in dom


def test_a_query_worker_stopped_by_two_threads_at_once_is_stopped_once(tmp_path):
    """Stopping the server closes every worker while a request thread may be replacing the one
    its query died in: both stop it, and the pipe must be closed once (a second close failed
    with EBADF and made `kg serve` exit 1 on SIGTERM, now and then under load)."""
    import multiprocessing
    import threading

    from kg.app.serve import _Worker

    worker = _Worker(multiprocessing.get_context("spawn"), tmp_path)
    closes, errors = [], []
    close, join = worker.connection.close, worker.process.join
    worker.connection.close = lambda: (closes.append(1), close())
    worker.process.join = lambda *a: (time.sleep(0.2), join(*a))

    def stop():
        try:
            worker.stop()
        except OSError as error:
            errors.append(error)

    threads = [threading.Thread(target=stop) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and closes == [1]
    assert not worker.process.is_alive()


def test_sigterm_stops_the_server_and_its_workers_even_mid_query(tmp_path):
    """uvicorn gives the open requests SHUTDOWN_GRACE seconds, then the server kills its
    query workers: no process is left, whatever query was running."""
    import psutil

    from kg.app.serve import SHUTDOWN_GRACE
    from kg.text.ingest import parse_document
    from tests.conftest import ARTICLE

    write_store(
        build_dataset(*cooperation_records(parse_document(ARTICLE, doc_id="article-1"))), tmp_path
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(tmp_path), "--port", "0"]
        + ["--timeout", "60", "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = _wait_for_url(process)
        workers = psutil.Process(process.pid).children(recursive=True)
        assert len(workers) >= 2
        slow = ThreadPoolExecutor(max_workers=1).submit(get_query, url, ENDLESS)
        time.sleep(0.5)  # the endless query is in a worker
        started = time.monotonic()
        process.terminate()
        assert process.wait(timeout=30) == 0
        assert time.monotonic() - started < SHUTDOWN_GRACE + 15  # not the query's 60 s
        assert psutil.wait_procs(workers, timeout=10)[1] == []  # none alive
        assert slow.result(timeout=30)[0] == 500  # cut off, not left hanging
    finally:
        stop_process(process)
        process.stdout.close()
