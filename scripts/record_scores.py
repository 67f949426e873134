"""Record the floors that tests/test_quality.py guards: the F1 per entity type and per
predicate of the seed build (``benchmarks/seed_scores.json``; by the rules alone:
``benchmarks/seed_rules_only_scores.json``) and of the corpus dev split
(``benchmarks/corpus_dev_scores.json``), with the shipped models. Run it after an improvement
(or after shipping new models), never to hide a regression.

    python scripts/record_scores.py
"""

import json
import tempfile
from pathlib import Path

from kg.app import api
from kg.app.models import RULES_ONLY

ROOT = Path(__file__).resolve().parent.parent


def _write(name: str, evaluation) -> None:
    recorded = {
        part: {key: round(score.f1, 3) for key, score in getattr(evaluation, part).items()}
        for part in ("entities", "relations")
    }
    path = ROOT / "benchmarks" / name
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(name, evaluation.headline())


def main() -> None:
    for name, models in (("seed_scores.json", None), ("seed_rules_only_scores.json", RULES_ONLY)):
        with tempfile.TemporaryDirectory() as out:
            api.build([ROOT / "seeds"], out, models=models)
            _write(name, api.evaluate(ROOT / "gold", Path(out) / "graph.ttl"))
    _write("corpus_dev_scores.json", api.evaluate_corpus(ROOT / "corpus", "dev")["all"])


if __name__ == "__main__":
    main()
