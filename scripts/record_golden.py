"""Rebuild seeds/ with the shipped models and with the rules alone, and record the sha256 of
graph.ttl, graph.trig and graph.html and the count of each kgo:extractor id in
tests/golden/seeds.json and tests/golden/seeds-rules-only.json, which tests/test_golden.py
guards. Run it only after a change meant to alter the graph.

    python scripts/record_golden.py
"""

import hashlib
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

from kg.app import api
from kg.app.models import RULES_ONLY

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    for name, models in (("seeds", None), ("seeds-rules-only", RULES_ONLY)):
        with tempfile.TemporaryDirectory() as out:
            api.build([ROOT / "seeds"], out, models=models)
            recorded: dict = {
                file: hashlib.sha256((Path(out) / file).read_bytes()).hexdigest()
                for file in ("graph.ttl", "graph.trig", "graph.html")
            }
            turtle = (Path(out) / "graph.ttl").read_text(encoding="utf-8")
        recorded["extractors"] = dict(
            sorted(Counter(re.findall(r'kgo:extractor "([^"]*)"', turtle)).items())
        )
        path = ROOT / "tests" / "golden" / f"{name}.json"
        path.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"recorded {path}")


if __name__ == "__main__":
    main()
