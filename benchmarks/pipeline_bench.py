"""Throughput, stage costs, parallel speed-up, memory and scaling of ``kg build`` (issue 7).

Prints figures, each with the ratio to an anchor measured in the same run, because the
machine is shared and absolute numbers move with its load: a script, never a timed test.

- end-to-end build chars/s (``kg.build`` into a fresh folder, pipeline load included) beside
  plain ``jieba.cut`` and the trained NER model alone on the same text;
- the per-stage breakdown (``BuildResult.timings``), so the slowest stage shows;
- ``--jobs N`` against one job, in alternating runs so both see the same load, beside the
  machine's own ceiling: N processes each running the NER alone at once, against one;
- peak resident memory of a build against the size of its graph (and its documents) in memory;
- scaling: seconds per character at n× over those at 1× (1.00 is linear).

Every build runs in a fresh process (``measure.py``). Medians of ``--runs`` runs (3), except
sizes of 100× and more, which run once. Corpora are written to a temporary folder.

    .venv/bin/python benchmarks/pipeline_bench.py [--data ../shared/data/cluener2020]
        [--sizes 1,10] [--runs 3] [--jobs 2]          # the full run: --sizes 1,10,100
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus import Corpus, read_sentences, write_corpus

__all__ = ["SizeResult", "bench_size", "main"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STAGES = (
    "ingest",
    "entities",
    "resolution",
    "relations",
    "graph",
    "turtle",
    "trig",
    "html",
    "store",
)
LARGE = 100  # sizes from here on run once: 100× takes 27 minutes on two cores (4 Dec 2026)


@dataclass
class SizeResult:
    scale: int
    corpus: Corpus
    runs: int
    one: list[dict] = field(default_factory=list)  # measure_build, jobs=1
    many: list[dict] = field(default_factory=list)  # measure_build, jobs=N
    jieba_s: float = 0.0
    ner: dict = field(default_factory=dict)
    ceiling: float = 0.0  # N concurrent NER processes / one
    memory: dict = field(default_factory=dict)

    def wall(self, runs: list[dict]) -> float:
        return statistics.median(r["wall"] for r in runs)

    def stage(self, name: str) -> float:
        return statistics.median(r["timings"].get(name, 0.0) for r in self.one)


def measure(*args: str, attempts: int = 2) -> dict:
    """Run ``measure.py`` in a fresh interpreter; its last stdout line is the JSON result.

    A failed run is shown and tried once more: on a shared checkout someone may be halfway
    through saving a file of ``kg`` when a run imports it.
    """
    for attempt in range(1, attempts + 1):
        done = subprocess.run(
            [sys.executable, str(HERE / "measure.py"), *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if done.returncode == 0:
            return json.loads(done.stdout.strip().splitlines()[-1])
        _progress(
            f"measure.py {' '.join(args)} failed (attempt {attempt}/{attempts}):\n"
            + "\n".join(done.stderr.strip().splitlines()[-8:])
        )
    raise RuntimeError(f"measure.py {' '.join(args)} failed {attempts} times")


def parallel_ceiling(corpus: Path, jobs: int, runs: int) -> float:
    """How much more work ``jobs`` processes do at once than one: each runs the NER alone over
    the whole corpus, concurrently; the ratio is ``jobs`` × one's time over the slowest's.

    Two vCPUs need not give twice the work (shared physical cores, memory bandwidth, turbo):
    this is the most ``--jobs`` could gain here, whatever the build does.
    """
    single = measure("ner", str(corpus), str(runs))["wall"]
    command = [sys.executable, str(HERE / "measure.py"), "ner", str(corpus), str(runs)]
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(jobs)
    ]
    walls = [json.loads(p.communicate()[0].strip().splitlines()[-1])["wall"] for p in running]
    return jobs * single / max(walls)


def jieba_seconds(texts: list[str], runs: int) -> float:
    """Median seconds of plain ``jieba.cut`` over the texts (dictionary loaded beforehand)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            for _word in jieba.cut(text):
                pass
        walls.append(time.perf_counter() - started)
    return statistics.median(walls)


def bench_size(
    scale: int, sentences: list[str], seeds: Path, work: Path, runs: int, jobs: int
) -> SizeResult:
    """All figures of one corpus size; builds with 1 and ``jobs`` processes alternate."""
    runs = 1 if scale >= LARGE else runs
    corpus = write_corpus(work / f"corpus{scale}", scale, sentences, seeds)
    result = SizeResult(scale, corpus, runs)
    for run in range(runs):
        result.one.append(
            measure("build", str(corpus.folder), str(work / f"one{scale}-{run}"), "1")
        )
        if jobs > 1:
            result.many.append(
                measure("build", str(corpus.folder), str(work / f"many{scale}-{run}"), str(jobs))
            )
        _progress(
            f"{scale}x run {run + 1}/{runs}: {result.one[-1]['wall']:.1f} s"
            + (f", jobs {jobs} {result.many[-1]['wall']:.1f} s" if jobs > 1 else "")
        )
    result.jieba_s = jieba_seconds(corpus.texts(), runs)
    result.ner = measure("ner", str(corpus.folder), str(runs))
    if jobs > 1 and result.ner.get("model"):
        result.ceiling = parallel_ceiling(corpus.folder, jobs, runs)
    result.memory = measure(
        "memory", str(corpus.folder), str(work / f"one{scale}-0" / "graph.trig")
    )
    return result


def _progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


# --- report -----------------------------------------------------------------------------


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds / 1000:,.1f}k" if seconds else "-"


def report_throughput(results: list[SizeResult], pipeline: dict) -> None:
    print(
        "\n## Throughput (chars/s; median of the runs; build = fresh process, pipeline load included)"
    )
    print(f"pipeline load (make_nlp, once per build and per worker): {pipeline['load_s']:.1f} s")
    print(
        "| size | docs | chars | MB | runs | build s | build chars/s | jieba.cut chars/s | build/jieba "
        "| NER alone chars/s | build/NER | entity stage chars/s | build/entity stage |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        c, wall = r.corpus, r.wall(r.one)
        ner = _ner_cells(r, c.chars / wall)
        entities = r.stage("entities")
        print(
            f"| {r.scale}× | {c.documents} | {c.chars:,} | {c.bytes / 1e6:.2f} | {r.runs} | {wall:.1f} "
            f"| {rate(c.chars, wall)} | {rate(c.chars, r.jieba_s)} | {r.jieba_s / wall:.3f} "
            f"| {ner[0]} | {ner[1]} | {rate(c.chars, entities)} | {entities / wall:.2f} |"
        )


def _ner_cells(r: SizeResult, build_rate: float) -> tuple[str, str]:
    """The model-alone rate and the build's rate over it (the issue's goal: at least 0.5)."""
    if not r.ner.get("model"):
        return "no model", "-"
    ner_rate = r.ner["chars"] / r.ner["wall"]
    return rate(r.ner["chars"], r.ner["wall"]), f"{build_rate / ner_rate:.2f}"


def report_stages(results: list[SizeResult]) -> None:
    print("\n## Stages (seconds, median over the one-job runs; share of the build)")
    print("| size | " + " | ".join(STAGES) + " | slowest |")
    print("|---|" + "---|" * (len(STAGES) + 1))
    for r in results:
        times = {s: r.stage(s) for s in STAGES}
        total = sum(times.values())
        cells = " | ".join(f"{t:.2f} ({t / total:.0%})" for t in times.values())
        print(f"| {r.scale}× | {cells} | {max(times, key=times.get)} |")


def report_jobs(results: list[SizeResult], jobs: int) -> None:
    if jobs <= 1:
        return
    print(f"\n## --jobs {jobs} against one job (alternating runs, medians)")
    print(
        "| size | 1 job s | jobs s | speed-up | entity stage speed-up | machine ceiling "
        "(NER alone × jobs) | same graph.ttl/.trig bytes |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        one_e = r.stage("entities")
        many_e = statistics.median(m["timings"]["entities"] for m in r.many)
        print(
            f"| {r.scale}× | {r.wall(r.one):.1f} | {r.wall(r.many):.1f} | "
            f"{r.wall(r.one) / r.wall(r.many):.2f}× | {one_e / many_e:.2f}× | "
            f"{r.ceiling:.2f}× | {_same_output(r)} |"
        )


def _same_output(r: SizeResult) -> str:
    """Whether each pair of runs wrote the same graph; a pair whose ``kg`` code changed in
    between (someone editing the package during the benchmark) cannot say."""
    work, verdicts = r.corpus.folder.parent, set()
    for run, (one, many) in enumerate(zip(r.one, r.many)):
        if one["fingerprint"] != many["fingerprint"]:
            verdicts.add("n/a (kg changed during the run)")
            continue
        verdicts.add(
            str(
                all(
                    (work / f"one{r.scale}-{run}" / name).read_bytes()
                    == (work / f"many{r.scale}-{run}" / name).read_bytes()
                    for name in ("graph.ttl", "graph.trig")
                )
            )
        )
    return ", ".join(sorted(verdicts))


def report_memory(results: list[SizeResult], pipeline: dict) -> None:
    print("\n## Memory (MB; peak RSS of the one-job build process; sizes by tracemalloc)")
    print(f"a process with make_nlp() loaded and no article: {pipeline['peak_mb']:.0f} MB")
    print(
        "| size | peak RSS | peak − pipeline | worker peak (jobs) | documents | graph | quads "
        "| peak / graph | (peak − pipeline) / graph |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        peak = statistics.median(x["peak_mb"] for x in r.one)
        workers = max((x["workers_peak_mb"] for x in r.many), default=0.0)
        graph, over = r.memory["graph_mb"], peak - pipeline["peak_mb"]
        print(
            f"| {r.scale}× | {peak:.0f} | {over:.0f} | {workers:.0f} | {r.memory['documents_mb']:.1f} "
            f"| {graph:.1f} | {r.memory['quads']:,} | {peak / graph:.1f} | {over / graph:.2f} |"
        )


def report_scaling(results: list[SizeResult]) -> None:
    base = results[0]
    print(f"\n## Scaling (seconds per char at n× / at {base.scale}×; 1.00 = linear)")
    print("| size | chars × | build | " + " | ".join(STAGES) + " |")
    print("|---|---|---|" + "---|" * len(STAGES))
    for r in results[1:]:
        factor = r.corpus.chars / base.corpus.chars
        cells = " | ".join(_per_char(r.stage(s), base.stage(s), factor) for s in STAGES)
        print(
            f"| {r.scale}× | {factor:.1f} | {_per_char(r.wall(r.one), base.wall(base.one), factor)} | {cells} |"
        )


def _per_char(seconds: float, base_seconds: float, factor: float) -> str:
    return f"{seconds / base_seconds / factor:.2f}" if base_seconds else "-"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "data" / "cluener2020",
        help="folder with CLUENER2020 train.json and dev.json",
    )
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument(
        "--sizes", default="1,10", help="comma-separated multiples of 1× (e.g. 1,10,100)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help=f"runs per size below {LARGE}× (median)"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="processes for the parallel builds (1: none)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"# kg build benchmark\nmachine: {machine()}")
    print(f"runs: median of {args.runs} below {LARGE}×, 1 run at {LARGE}× and above")
    started = time.perf_counter()
    sentences = read_sentences(args.data)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        pipeline = measure("pipeline")
        results = [
            bench_size(scale, sentences, args.seeds, Path(tmp), args.runs, args.jobs)
            for scale in sizes
        ]
        report_throughput(results, pipeline)
        report_stages(results)
        report_jobs(results, args.jobs)
        report_memory(results, pipeline)
        if len(results) > 1:
            report_scaling(results)
    print(
        f"\nmachine at the end: {machine()}; the benchmark took "
        f"{(time.perf_counter() - started) / 60:.1f} min"
    )


if __name__ == "__main__":
    main()
