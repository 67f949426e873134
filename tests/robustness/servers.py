"""Small HTTP servers the robustness tests run in a thread: other SPARQL endpoints and Graph
Stores that kg talks to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph


class Server(ThreadingHTTPServer):
    daemon_threads = True
    hits = 0  # requests answered, for servers that count them
    store: pyoxigraph.Store


@contextmanager
def running(handler: type[BaseHTTPRequestHandler]) -> Iterator[tuple[Server, str]]:
    """(the server, its base URL) on a free loopback port, stopped afterwards."""
    server = Server(("127.0.0.1", 0), handler)
    server.store = pyoxigraph.Store()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"") -> None:
    """Answer with SPARQL JSON results (or nothing)."""
    handler.send_response(status)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
