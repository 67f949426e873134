"""``kg build --scheduler local:N`` against ``--jobs N`` and one job, and what the client
holds (issue 22). A script that prints figures, never a timed test.

On the n× benchmark corpus (``corpus.py``; 10× by default: 170 articles, 438k characters):

- builds with one job, ``--jobs N`` and ``--scheduler local:N`` (a Dask LocalCluster of N
  one-thread worker processes, started by the build), in alternating rounds so all three see
  the same load; each in a fresh process into an empty folder (``measure.py``), pipeline load
  and cluster start included; medians of ``--runs``, and the ratios of those medians;
- the task overhead per article: the extraction stages' (entities, relations) seconds under
  Dask less those under ``--jobs N``, per article;
- whether all three wrote the same graph.ttl and graph.trig bytes;
- the client's corpus-level work: resolution over 1× and ``--copies``× the corpus's mentions
  (from the one-job build's cache, each copy under its own article ids), its wall time and the
  process's peak RSS, and the client stages of the real builds (resolution, graph, outputs);
- a projection (not a measurement) of hours for 10k, 100k and 1M articles of 1,500 characters
  on 1, 4 and 16 two-core machines, from the Dask build's extraction seconds per character and
  the client's per-article time.

    .venv/bin/python benchmarks/dask_build.py [--data ../shared/data/cluener2020]
        [--size 10] [--runs 3] [--workers 2] [--copies 10]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pipeline_bench import ROOT, machine, measure

from corpus import read_sentences, write_corpus

MODES = ("one job", "--jobs", "--scheduler")
EXTRACTION = ("entities", "relations")  # the stages that go to workers
CLIENT = ("ingest", "resolution", "graph", "turtle", "trig", "html", "store")
ARTICLE_CHARS = 1500  # the projection's article, as in the issue
PROJECTED_ARTICLES = (10_000, 100_000, 1_000_000)
PROJECTED_MACHINES = (1, 4, 16)


def build_args(mode: str, workers: int) -> tuple[str, str]:
    """(jobs, scheduler) for measure.py's build."""
    return {
        "one job": ("1", ""),
        "--jobs": (str(workers), ""),
        "--scheduler": ("1", f"local:{workers}"),
    }[mode]


def median(runs: list[dict], key=lambda run: run["wall"]) -> float:
    return statistics.median(key(run) for run in runs)


def stages(run: dict, names: tuple[str, ...]) -> float:
    return sum(run["timings"].get(name, 0.0) for name in names)


def same_bytes(folders: list[Path]) -> bool:
    return all(
        len({(folder / name).read_bytes() for folder in folders}) == 1
        for name in ("graph.ttl", "graph.trig")
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data" / "cluener2020"
    )
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--size", type=int, default=10, help="corpus size, × the 1× corpus")
    parser.add_argument("--runs", type=int, default=3, help="rounds of the three builds")
    parser.add_argument("--workers", type=int, default=2, help="N of --jobs N and local:N")
    parser.add_argument("--copies", type=int, default=10, help="copies of the mentions resolved")
    args = parser.parse_args(argv)
    print(f"# kg build on Dask\nmachine: {machine()}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-dask-bench-") as tmp:
        work = Path(tmp)
        corpus = write_corpus(work / "corpus", args.size, read_sentences(args.data), args.seeds)
        runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
        folders: list[Path] = []
        for run in range(args.runs):
            for mode in MODES if run % 2 == 0 else tuple(reversed(MODES)):
                out = work / f"{mode.strip('-').replace(' ', '-')}-{run}"
                runs[mode].append(
                    measure("build", str(corpus.folder), str(out), *build_args(mode, args.workers))
                )
                folders.append(out)
                print(f"  round {run + 1}, {mode}: {runs[mode][-1]['wall']:.1f} s", flush=True)
        figures = report_builds(args, corpus, runs, same_bytes(folders))
        resolved = [
            measure(
                "resolution", str(corpus.folder), str(work / "one-job-0" / "cache"), str(copies)
            )
            for copies in (1, args.copies)
        ]
        report_resolution(args, resolved)
        project(args, corpus, *figures, resolved[-1])
    print(
        f"\nmachine at the end: {machine()}; the benchmark took "
        f"{(time.perf_counter() - started) / 60:.1f} min"
    )


def report_builds(args, corpus, runs: dict[str, list[dict]], same: bool) -> tuple[float, float]:
    """The builds' table and ratios; (extraction s, client s) of the Dask build."""
    n = args.workers
    walls = {mode: median(runs[mode]) for mode in MODES}
    extraction = {mode: median(runs[mode], lambda r: stages(r, EXTRACTION)) for mode in MODES}
    client = {mode: median(runs[mode], lambda r: stages(r, CLIENT)) for mode in MODES}
    print(
        f"\n## {args.size}× corpus: {corpus.documents} articles, {corpus.chars:,} characters; "
        f"medians of {args.runs} alternating rounds"
    )
    print(
        "| build | wall s | chars/s | extraction s (entities + relations) | client stages s | peak RSS MB (client) |"
    )
    print("|---|---|---|---|---|---|")
    for mode in MODES:
        label = {
            "one job": "one job",
            "--jobs": f"--jobs {n}",
            "--scheduler": f"--scheduler local:{n}",
        }[mode]
        print(
            f"| {label} | {walls[mode]:.1f} | {corpus.chars / walls[mode]:,.0f} | "
            f"{extraction[mode]:.1f} | {client[mode]:.1f} | {median(runs[mode], lambda r: r['peak_mb']):,.0f} |"
        )
    print(
        f"\nratios of medians: --scheduler local:{n} / --jobs {n} wall "
        f"{walls['--scheduler'] / walls['--jobs']:.3f} (goal ≤ 1.10), extraction "
        f"{extraction['--scheduler'] / extraction['--jobs']:.3f}; speed-up over one job: "
        f"--jobs {n} {walls['one job'] / walls['--jobs']:.2f}×, --scheduler "
        f"{walls['one job'] / walls['--scheduler']:.2f}×"
    )
    overhead = (extraction["--scheduler"] - extraction["--jobs"]) / corpus.documents
    print(
        f"task overhead per article (extraction under Dask less under --jobs {n}): "
        f"{overhead * 1000:+.1f} ms; per article of extraction on one core "
        f"{extraction['one job'] / corpus.documents * 1000:.0f} ms"
    )
    print(f"same graph.ttl and graph.trig bytes in all {3 * args.runs} builds: {same}")
    return extraction["--scheduler"], client["--scheduler"]


def report_resolution(args, resolved: list[dict]) -> None:
    print("\n## The client's resolution over copies of the corpus's mentions (fresh process each)")
    print(
        "| copies | articles | mentions | entities | wall s | ms per article | records MB | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for copies, r in zip((1, args.copies), resolved):
        print(
            f"| {copies} | {r['documents']:,} | {r['mentions']:,} | {r['entities']:,} | "
            f"{r['wall']:.1f} | {r['wall'] / r['documents'] * 1000:.1f} | "
            f"{r['records_mb']:,.0f} | {r['peak_mb']:,.0f} |"
        )


def project(args, corpus, extraction_s: float, client_s: float, resolved: dict) -> None:
    """Hours = extraction spread over the machines + the client's corpus-level stages, which
    one machine runs whatever the cluster's size (scaled per article from the real build, its
    resolution part from the copies' per-article time)."""
    per_char = extraction_s / corpus.chars  # seconds on one machine of `workers` processes
    client_per_article = client_s / corpus.documents
    resolution_per_article = resolved["wall"] / resolved["documents"]
    print(
        f"\n## Projection, not a measurement: hours for articles of {ARTICLE_CHARS:,} characters on "
        f"two-core machines each running --scheduler workers ({args.workers} processes)"
    )
    print(
        f"from: extraction {per_char * 1e6:.1f} µs per character per machine (the Dask build "
        f"above), client {client_per_article * 1000:.0f} ms per article (its stages above), of "
        f"which resolution {resolution_per_article * 1000:.1f} ms at {resolved['documents']:,} articles"
    )
    print(
        "| articles | "
        + " | ".join(f"{m} machine{'s' if m > 1 else ''}" for m in PROJECTED_MACHINES)
        + " | of which the client |"
    )
    print("|---|" + "---|" * (len(PROJECTED_MACHINES) + 1))
    for articles in PROJECTED_ARTICLES:
        client_h = articles * client_per_article / 3600
        cells = [
            articles * ARTICLE_CHARS * per_char / machines / 3600 + client_h
            for machines in PROJECTED_MACHINES
        ]
        print(
            f"| {articles:,} | " + " | ".join(f"{h:,.1f}" for h in cells) + f" | {client_h:,.1f} |"
        )


if __name__ == "__main__":
    main()
