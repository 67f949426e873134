"""Clients served by `kg serve`: 50 clients at once against the seeds build, as ratios to one
client alone, measured in the same run.

    python benchmarks/serve_load.py [--graph OUT] [--clients 50] [--requests 10]
                                    [--source DIR] [-- SERVE OPTIONS ...]

Builds seeds/ into a temporary folder unless ``--graph`` names a build, starts ``kg serve`` on
a free port, and times the named query who-proposed-what (``/named/who-proposed-what``, one
page) over HTTP, a new connection per request as a browser or ``curl`` makes: first one
client alone (the anchor: its median latency), then ``--clients`` clients at once, each
sending ``--requests`` requests. Prints the requests that failed (refused, reset or timed out
after a minute), the connection attempts the kernel dropped because the listen queue was full
(Linux's ListenDrops counter, machine-wide: the client retries them a second or more later),
the median and maximum latency, both as ratios to the anchor, and the requests per second.
``--source DIR`` serves with the kg package found in DIR (another checkout, e.g. to measure
main), options after ``--`` go to ``kg serve`` (``--workers 4``).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = "/named/who-proposed-what"
TIMEOUT = 60.0  # seconds a client waits for one answer before counting it dropped


def ask(port: int) -> float | None:
    """Seconds for one request on a new connection, or None if it was dropped."""
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        connection.request("GET", PATH, headers={"Accept": "text/csv"})
        response = connection.getresponse()
        response.read()
        connection.close()
    except (OSError, http.client.HTTPException):
        return None
    return time.perf_counter() - started if response.status == 200 else None


def load(port: int, clients: int, requests: int) -> tuple[list[float], int, float]:
    """(latencies, dropped, wall seconds) of ``clients`` clients asking at once."""
    latencies: list[float] = []
    dropped = [0]
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client() -> None:
        start.wait()
        for _ in range(requests):
            took = ask(port)
            with lock:
                if took is None:
                    dropped[0] += 1
                else:
                    latencies.append(took)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, dropped[0], time.perf_counter() - began


def listen_drops() -> int | None:
    """Connection attempts the kernel has dropped at full listen queues (Linux), or None."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            return int(dict(zip(names.split()[1:], values.split()[1:]))["ListenDrops"])
    return None


def serve(graph: Path, source: Path | None, options: list[str]) -> tuple[subprocess.Popen, int]:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=source or ROOT,
    )
    assert process.stdout is not None
    for line in process.stdout:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            return process, int(match.group(1))
    raise SystemExit("kg serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--source", type=Path)
    parser.add_argument("serve_options", nargs="*")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-serve-load-") as scratch:
        graph = args.graph
        if graph is None:
            graph = Path(scratch) / "out"
            subprocess.run(
                [sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "-o", str(graph), "-q"],
                check=True,
                cwd=ROOT,
            )
        process, port = serve(graph, args.source, args.serve_options)
        try:
            for _ in range(5):  # warm-up: workers open the store, caches fill
                ask(port)
            alone, _, _ = load(port, 1, 4 * args.requests)
            drops_before = listen_drops()
            many, failed, wall = load(port, args.clients, args.requests)
            drops_after = listen_drops()
        finally:
            process.terminate()
            process.wait()
    anchor = statistics.median(alone)
    total = args.clients * args.requests
    print(f"server: kg serve {' '.join(args.serve_options)} from {args.source or ROOT}")
    print(f"one client: median {anchor * 1000:.1f} ms over {len(alone)} requests (the anchor)")
    print(
        f"{args.clients} clients x {args.requests} requests: {failed} of {total} failed, "
        f"{'?' if drops_before is None or drops_after is None else drops_after - drops_before} "
        "connection attempts dropped; "
        f"median {statistics.median(many) * 1000:.1f} ms ({statistics.median(many) / anchor:.1f}x "
        f"the anchor), max {max(many) * 1000:.0f} ms ({max(many) / anchor:.0f}x); "
        f"{len(many) / wall:.0f} requests/s"
    )


if __name__ == "__main__":
    main()
