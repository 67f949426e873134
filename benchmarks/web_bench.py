"""The web app's pages at about 1M triples: server-side time of each, median of several runs.

The graph is ``benchmarks/store_bench.py``'s (``generate``: the layout ``kg build`` writes, a
few hubs such as 河套 in many articles), loaded into a store as ``kg build`` does. The server
is ``kg serve``'s (``kg.app.serve.make_server``: worker processes, time limit), its app called
in this process through Starlette's TestClient, so the time is the server's (routing, the
queries in the workers, the page rendered) without a network or a browser. Pages: the entity
page of a hub (河套) and of an ordinary person (the median person by facts), a search
suggestion (one Simplified character, many matches), the first page of each table (and of one
sorted by a column, which sorts every row first) and an article page. Each
is asked once to warm up, then ``--runs`` times; the anchor is a trivial SPARQL ``ASK`` over
the same path, measured in the same run, and each page's ratio to it is printed beside.

    .venv/bin/python benchmarks/web_bench.py [--articles 8000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from store_bench import generate  # noqa: E402  (a sibling script, not a package)

KGID = "https://w3id.org/szhk-kg/id/"


def _median_ms(client, path: str, runs: int) -> tuple[float, int]:
    """(median milliseconds, bytes of the answer) of ``runs`` requests after one warm-up."""
    answer = client.get(path)
    if answer.status_code != 200:
        raise SystemExit(f"{path}: {answer.status_code} {answer.text[:200]}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(answer.content)


def _ordinary_person(site) -> str:
    """The person with the median number of facts among people with any."""
    from kg.app.web.pages import select_text

    rows = select_text(
        site,
        "PREFIX kgo: <https://w3id.org/szhk-kg/ontology#>\n"
        "SELECT ?p (COUNT(?s) AS ?n) WHERE { ?p a kgo:Person . "
        "{ ?s rdf:subject ?p } UNION { ?s rdf:object ?p } } GROUP BY ?p ORDER BY ?n ?p",
    )
    return rows[len(rows) // 2]["p"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=8000, help="articles (~1M triples)")
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page")
    parser.add_argument("--workers", type=int, default=2, help="query worker processes")
    args = parser.parse_args()

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

    from kg.app.serve import make_server
    from kg.app.web.pages import entity_path
    from kg.app.web.search import build_index
    from kg.outputs.store import write_store
    from kg.rdf.ids import entity_iri

    with tempfile.TemporaryDirectory(prefix="kg-web-bench-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        counts = generate(args.articles, folder / "graph.trig")
        write_store(folder / "graph.trig", folder)
        print(
            f"graph: {counts['triples']:,} quads ({counts['union_triples']:,} triples in the union),"
            f" {args.articles} articles; generated and loaded in {time.perf_counter() - started:.0f} s"
        )
        started = time.perf_counter()
        server = make_server(folder, port=0, workers=args.workers, timeout=120)
        print(f"server started (workers, name index) in {time.perf_counter() - started:.1f} s")
        try:
            started = time.perf_counter()
            names = build_index(server.site)
            print(
                f"name index: {len(names):,} entities, built again alone in "
                f"{time.perf_counter() - started:.1f} s"
            )
            with TestClient(server.app, base_url="http://127.0.0.1") as client:
                person = _ordinary_person(server.site)
                pages = [
                    ("anchor: /sparql ASK {}", "/sparql?" + urlencode({"query": "ASK {}"})),
                    ("entity page, hub 河套", entity_path(str(entity_iri("Platform", "河套")))),
                    ("entity page, ordinary person", entity_path(person)),
                    ("suggestion, 深 (one character)", "/suggest?q=" + quote("深")),
                    ("suggestion, 陈大 (Simplified)", "/suggest?q=" + quote("陈大")),
                    ("table: who proposed what, page 1", "/tables/proposed"),
                    ("table: roles, page 1", "/tables/roles"),
                    ("table: cooperation, page 1", "/tables/cooperation"),
                    ("table: who proposed what, sorted by date", "/tables/proposed?sort=date"),
                    ("article page", "/article/article-000001"),
                ]
                figures = [(label, *_median_ms(client, path, args.runs)) for label, path in pages]
        finally:
            server.server_close()
    anchor = figures[0][1]
    print(f"\nmedian of {args.runs} requests after a warm-up, server side ({args.workers} workers)")
    print(f"{'page':<36} {'ms':>8} {'× anchor':>9} {'bytes':>9}")
    for label, ms, size in figures:
        print(f"{label:<36} {ms:>8.1f} {ms / anchor:>9.1f} {size:>9,}")


if __name__ == "__main__":
    main()
