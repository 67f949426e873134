"""`kg serve` and `kg query` against hostile requests: SERVICE (the endpoint as a proxy), nesting
that crashes the parser, broken Content-Length, other Host names (DNS rebinding), bursts of
connections. Each is answered with a clear refusal and the server carries on."""

from __future__ import annotations

import os
import re
import select
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlencode, urlsplit

import pytest

from kg.app.serve import LISTEN_QUEUE, default_workers, make_server
from kg.outputs.store import write_store
from kg.rdf.graph import build_dataset
from kg.text.ingest import parse_document
from tests.conftest import ARTICLE, cooperation_records, stop_process
from tests.robustness.servers import Server, running, send

START_TIMEOUT = 60
DEEP = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
SELECT = "SELECT ?name WHERE { ?s a kgo:Person ; rdfs:label ?name }"


class _Recorder(BaseHTTPRequestHandler):
    """A SPARQL endpoint elsewhere: counts what reaches it and answers one row."""

    server: Server

    def do_GET(self) -> None:
        self.server.hits += 1
        send(self, 200, ANSWER)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.do_GET()

    def log_message(self, *args) -> None:
        pass


ANSWER = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"from elsewhere"}}]}}'


@pytest.fixture
def elsewhere():
    """(server counting its requests, SERVICE query naming it)."""
    with running(_Recorder) as (server, base):
        yield server, f"SELECT * WHERE {{ SERVICE <{base}/x> {{ ?x ?p ?o }} }}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    write_store(
        build_dataset(*cooperation_records(parse_document(ARTICLE, doc_id="article-1"))), folder
    )
    return folder


@contextmanager
def serving(folder, *options):
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(folder), "--port", "0"]
        + ["--workers", "1", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = re.search(r"query page (http://\S+/)", process.stdout.readline())
            if match:
                yield match.group(1)
                return
        raise RuntimeError("kg serve did not start")
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def server(folder):
    with serving(folder, "--allow-host", "kg.example.org") as url:
        yield url


def exchange(url: str, raw: bytes, timeout: float = 10) -> tuple[int, str]:
    """(status, body) of one raw HTTP request: headers a client library would not send."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as connection:
        connection.sendall(raw)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8")


def get(url: str, query: str, host: str | None = None) -> tuple[int, str]:
    parts = urlsplit(url)
    target = f"/sparql?{urlencode({'query': query})}"
    header = host if host is not None else parts.netloc
    return exchange(
        url,
        f"GET {target} HTTP/1.1\r\nHost: {header}\r\nAccept: text/csv\r\nConnection: close\r\n\r\n".encode(),
    )


def test_service_is_refused_and_nothing_is_fetched(server, elsewhere):
    recorder, query = elsewhere
    status, body = get(server, query)
    assert status == 400 and "SERVICE (a query to another server) is refused" in body
    assert recorder.hits == 0


@pytest.mark.parametrize(
    "query",
    [
        f"{SELECT} # SERVICE <http://127.0.0.1:9/x> {{ }}",
        'SELECT ?s WHERE { ?s rdfs:label "SERVICE <http://127.0.0.1:9/x> {}" }',
        "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:SERVICE ?o }",
    ],
    ids=["comment", "string", "name"],
)
def test_the_word_service_elsewhere_is_no_service(server, query):
    assert get(server, query)[0] == 200


def test_a_query_nested_too_deep_is_400_and_the_server_carries_on(server):
    status, body = exchange(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: "
        + urlsplit(server).netloc.encode()
        + b"\r\nContent-Type: application/sparql-query\r\nConnection: close\r\n"
        + f"Content-Length: {len(DEEP)}\r\n\r\n{DEEP}".encode(),
    )
    assert status == 400 and "nests brackets more than 64 levels deep" in body
    assert get(server, SELECT) == (200, "name\r\n陳大文\r\n")


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", "5, 7"])
def test_a_content_length_that_is_no_number_is_400(server, length):
    netloc = urlsplit(server).netloc.encode()
    status, body = exchange(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: " + netloc + b"\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: "
        + length.encode()
        + b"\r\n\r\nSELECT * {}",
    )
    assert status == 400 and "Content-Length" in body
    assert get(server, SELECT)[0] == 200


@pytest.mark.parametrize(
    "host,status",
    [
        ("attacker.example:7878", 403),
        ("127.0.0.1.attacker.example", 403),
        ("localhost:7878", 200),
        ("[::1]:7878", 200),
        ("kg.example.org", 200),  # --allow-host
    ],
)
def test_only_requests_for_this_server_s_names_are_answered(server, host, status):
    answer = get(server, SELECT, host=host)
    assert answer[0] == status
    if status == 403:
        assert "not this server's address" in answer[1] and "--allow-host" in answer[1]


def run_query(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", "query", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_kg_query_refuses_service_unless_allowed(folder, elsewhere):
    recorder, query = elsewhere
    refused = run_query("--sparql", query, "-g", str(folder))
    assert refused.returncode == 1 and refused.stderr.startswith("Error: SERVICE")
    assert recorder.hits == 0
    allowed = run_query("--sparql", query, "-g", str(folder), "-f", "csv", "--allow-service")
    assert allowed.returncode == 0, allowed.stderr
    assert "from elsewhere" in allowed.stdout.splitlines()[1] and recorder.hits == 1


@pytest.mark.parametrize(
    "query,message",
    [
        (DEEP, "Error: the query nests brackets more than 64 levels deep"),
        ("SELECT * { SERVICE ?where { ?s ?p ?o } }", "Error: SERVICE needs the endpoint's IRI"),
    ],
    ids=["nested", "service-variable"],
)
def test_kg_query_answers_a_crashing_query_with_an_error_line(folder, query, message):
    result = run_query("--sparql", query, "-g", str(folder), "--allow-service")
    assert result.returncode == 1 and result.stderr.startswith(message), result.stderr


def test_a_burst_of_connections_waits_in_the_listen_queue_and_workers_are_an_option(folder):
    """100 clients connect at once to a server that has not accepted any yet: the kernel queues
    them all (a queue of 5 dropped 94 of them); the server runs the workers it is given."""
    server = make_server(folder, port=0, workers=3)
    try:
        assert server.pool.size == 3 and LISTEN_QUEUE >= 1000
        host, port = server.server_address[:2]
        clients = [socket.socket() for _ in range(100)]
        for client in clients:
            client.setblocking(False)
            client.connect_ex((host, port))
        waiting, connected = set(clients), 0
        deadline = time.monotonic() + 2.0
        while waiting and time.monotonic() < deadline:
            _, ready, _ = select.select([], list(waiting), [], deadline - time.monotonic())
            for client in ready:
                waiting.discard(client)
                connected += client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
        for client in clients:
            client.close()
    finally:
        server.server_close()
    assert connected == 100


def test_the_default_workers_follow_the_cpus():
    assert default_workers() == max(2, len(os.sched_getaffinity(0)))
