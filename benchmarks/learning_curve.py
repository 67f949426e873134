"""The learning curve: how the trained models score when trained on 25, 50, 100 and all the
training articles of ``corpus/``, so the next round of annotation can be sized.

For each size, ``kg train --limit N`` trains the entity and relation models on that many
training articles (the same deterministic sample ``kg.tools.training.training_sample`` draws;
epochs and thresholds chosen on dev as always) into ``OUT/N/``, then the split named by
``--split`` is built with those models and scored by the reference scorer's rules. The test
split is for reporting only: look at dev (the default) when choosing anything. The rules alone
(``RULES_ONLY``: no model) are scored as the first row. Writes ``OUT/curve.json`` and prints a table.

    .venv/bin/python benchmarks/learning_curve.py --out /tmp/curve [--sizes 25,50,100,all]
        [--split dev|test] [--corpus corpus] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.app import api
from kg.app.models import RULES_ONLY

__all__ = ["main", "row"]

ROOT = Path(__file__).resolve().parents[1]


def row(label: str, results: dict, minutes: float | None) -> dict:
    """One line of the curve: overall and per-script F1, relation P/R, training minutes."""
    overall = results["all"]
    line = {
        "train": label,
        "entity_f1": round(overall.entities["all"].f1, 3),
        "typed_f1": round(overall.entities["typed"].f1, 3),
        "relation_f1": round(overall.relations["all"].f1, 3),
        "relation_p": round(overall.relations["all"].precision, 3),
        "relation_r": round(overall.relations["all"].recall, 3),
        "minutes": minutes,
    }
    for script in ("zh-Hant", "zh-Hans"):
        if script in results:
            line[f"{script} relation_f1"] = round(results[script].relations["all"].f1, 3)
    return line


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the trained models")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--sizes", default="25,50,100,all", help="training articles per point")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)

    rules = api.evaluate_corpus(args.corpus, args.split, jobs=args.jobs, models=RULES_ONLY)
    curve = [row("rules only", rules, None)]
    print(json.dumps(curve[-1], ensure_ascii=False), flush=True)
    for size in args.sizes.split(","):
        limit = None if size == "all" else int(size)
        folder = args.out / size
        started = time.monotonic()
        report = api.train(args.corpus, folder, limit=limit, jobs=min(args.jobs, 2))
        minutes = round((time.monotonic() - started) / 60, 1)
        results = api.evaluate_corpus(args.corpus, args.split, jobs=args.jobs, models=folder)
        curve.append(row(f"{report['train_articles']} articles", results, minutes))
        print(json.dumps(curve[-1], ensure_ascii=False), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "curve.json").write_text(
        json.dumps({"split": args.split, "curve": curve}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return curve


if __name__ == "__main__":
    main()
