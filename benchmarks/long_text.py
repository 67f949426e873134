"""Seconds per character of ``kg build`` on one long line and on one long sentence (issue 17).

A hostile or broken file may hold a whole archive on one line, or one sentence of a hundred
thousand characters; every stage must stay linear in the text. The text is the articles of
corpus/ and seeds/ run together (so that new names keep coming, as in a real dump), cut to
10k, 100k and 1M characters:

- ``line``: one line, the sentences kept (one line of many sentences);
- ``sentence``: the same with every full stop made a comma (one sentence, which ingest cuts
  at ``MAX_SENTENCE``).

Each is built in this process with one pipeline (load excluded) into no output folder, beside
one normal article (seeds/001) as the anchor, built just before and just after each run (so
that a shared machine's changing load weighs on both); printed: seconds per character, its
ratio to the anchor's (flat is the goal) and the per-stage split. Medians of ``--runs`` runs,
except 1M, which runs once.

    .venv/bin/python benchmarks/long_text.py [--sizes 10000,100000,1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

__all__ = ["long_text", "main"]

ROOT = Path(__file__).resolve().parents[1]
ANCHOR = ROOT / "seeds" / "001_90cac069c3c403a5.txt"
ONCE = 1_000_000  # sizes from here on run once (about four minutes a shape on two cores)


def long_text(shape: str, size: int) -> str:
    """``size`` characters of the corpus's articles as one line or one sentence."""
    paths = sorted(ROOT.glob("corpus/*/*.txt")) + sorted(ROOT.glob("seeds/*.txt"))
    lines = (line.strip() for p in paths for line in p.read_text("utf-8").splitlines())
    text = "".join(line for line in lines if line and not line.startswith("#"))
    if shape == "sentence":
        text = re.sub("[。！？!?]", "，", text)
    return (text * (size // len(text) + 1))[:size]


def _build(nlp, text: str, folder: Path) -> tuple[float, dict[str, float]]:
    from kg.app import api

    path = folder / "article.txt"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = api.build([path], None, nlp=nlp)
    return time.perf_counter() - started, result.timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from kg.entities import make_nlp

    nlp = make_nlp()
    anchor_text = ANCHOR.read_text("utf-8")
    folder = Path(tempfile.mkdtemp(prefix="long-text-"))
    _build(nlp, anchor_text, folder)  # warm the caches the anchor and the rest share
    print(
        f"{'shape':9} {'chars':>9} {'runs':>4} {'s/char':>10} {'anchor':>10} {'ratio':>6}  stages (s)"
    )
    for shape in ("line", "sentence"):
        for size in map(int, args.sizes.split(",")):
            text = long_text(shape, size)
            runs = 1 if size >= ONCE else args.runs
            walls, anchors, stages = [], [], []
            for _ in range(runs):
                anchors.append(_build(nlp, anchor_text, folder)[0] / len(anchor_text))
                wall, timings = _build(nlp, text, folder)
                walls.append(wall / len(text))
                stages.append(timings)
                anchors.append(_build(nlp, anchor_text, folder)[0] / len(anchor_text))
            per_char, anchor = statistics.median(walls), statistics.median(anchors)
            split = ", ".join(
                f"{stage} {statistics.median(t[stage] for t in stages):.1f}" for stage in stages[0]
            )
            print(
                f"{shape:9} {len(text):>9,} {runs:>4} {per_char:>10.2e} {anchor:>10.2e} "
                f"{per_char / anchor:>6.2f}  {split}",
                flush=True,
            )


if __name__ == "__main__":
    main()
