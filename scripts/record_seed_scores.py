"""Rebuild seeds/ and record its F1 per entity type and predicate in
benchmarks/seed_scores.json, the floor that tests/test_quality.py guards.

    python scripts/record_seed_scores.py
"""

import json
import tempfile
from pathlib import Path

from kg.app import api

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        api.build([ROOT / "seeds"], out)
        evaluation = api.evaluate(ROOT / "gold", Path(out) / "graph.ttl")
    recorded = {
        part: {key: round(score.f1, 3) for key, score in getattr(evaluation, part).items()}
        for part in ("entities", "relations")
    }
    path = ROOT / "benchmarks" / "seed_scores.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(evaluation.headline())


if __name__ == "__main__":
    main()
