"""Agreement of the two independent annotations of the corpus's test articles
(corpus/agreement/first and second, each scored against the other by the rules of
../shared/eval/score.py), overall and per script; prints the table corpus/README.md quotes.

    python scripts/agreement.py
"""

import json
from pathlib import Path

from kg.tools.evaluate import annotation_graph, evaluate_graph, load_gold

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT = ROOT / "corpus" / "agreement"


def main() -> None:
    stems = sorted(p.name[: -len(".gold.json")] for p in (AGREEMENT / "first").glob("*.gold.json"))
    script = {
        p.stem[: -len(".meta")]: json.loads(p.read_text("utf-8"))["script"]
        for p in (ROOT / "corpus" / "test").glob("*.meta.json")
    }
    groups = {
        "all": stems,
        "zh-Hant": [s for s in stems if script[s] == "zh-Hant"],
        "zh-Hans": [s for s in stems if script[s] == "zh-Hans"],
    }
    for name, group in groups.items():
        first = load_gold([AGREEMENT / "first" / f"{s}.gold.json" for s in group])
        second = load_gold([AGREEMENT / "second" / f"{s}.gold.json" for s in group])
        result = evaluate_graph(first, annotation_graph(second))
        print(f"{name} ({len(group)} articles): {result.headline()}")
        if name == "all":
            for part in ("entities", "relations"):
                print(
                    "  "
                    + ", ".join(
                        f"{key} {score.f1:.2f}" for key, score in getattr(result, part).items()
                    )
                )


if __name__ == "__main__":
    main()
