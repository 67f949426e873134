"""How many articles of seeds/ and corpus/ get a date and an outlet from their text, and how
many of those agree with the corpus's metadata files (the page's date and outlet, written
down when the corpus was collected). Prints the figures the README reports.

    python scripts/metadata_share.py

An outlet agrees when one name contains the other once both are folded to Simplified
(香港文匯報 and 文匯報; 深圳政协 and 深圳政协网); a repost's "(转载)" is not part of the name.
A date agrees when it equals the metadata's day; a metadata date of a year or month only
cannot be checked and is counted apart.
"""

import json
import re
from collections import Counter
from pathlib import Path

from kg.text.ingest import read_document
from kg.text.normalize import fold_key

ROOT = Path(__file__).resolve().parent.parent
_REPOST = re.compile(r"[(（](?:转载|轉載)[)）]")


def main() -> None:
    seeds = [read_document(p).metadata for p in sorted((ROOT / "seeds").glob("*.txt"))]
    print(
        f"seeds: {len(seeds)} articles, date found {sum(m.date is not None for m in seeds)}, "
        f"outlet found {sum(m.outlet is not None for m in seeds)} "
        "(tests/text/test_metadata.py holds each seed's by hand)"
    )
    for split in ("train", "dev", "test"):
        _report(f"corpus/{split}", sorted((ROOT / "corpus" / split).glob("*.txt")))
    _report("corpus", sorted((ROOT / "corpus").glob("*/*.txt")))


def _report(name: str, paths: list[Path]) -> None:
    counts: Counter[str] = Counter()
    for path in paths:
        truth = json.loads(path.with_suffix(".meta.json").read_text("utf-8"))
        found = read_document(path).metadata
        counts["articles"] += 1
        day = truth.get("date") or ""
        full = len(day) == 10
        counts["true date (day)"] += full
        counts["true date (year or month only)"] += bool(day) and not full
        if found.date:
            counts["date found"] += 1
            if full:
                counts[
                    "date found, right" if found.date.isoformat() == day else "date found, wrong"
                ] += 1
            else:
                counts["date found, metadata has no day"] += 1
        counts["true outlet"] += bool(truth.get("outlet"))
        if found.outlet:
            counts["outlet found"] += 1
            if truth.get("outlet"):
                a, b = fold_key(found.outlet), fold_key(_REPOST.sub("", truth["outlet"]))
                right = a in b or b in a
                counts["outlet found, right" if right else "outlet found, wrong"] += 1
    print(
        f"{name}: {counts['articles']} articles; date found {counts['date found']} "
        f"(right {counts['date found, right']}, wrong {counts['date found, wrong']}, "
        f"unchecked {counts['date found, metadata has no day']}) of {counts['true date (day)']} "
        f"with a day and {counts['true date (year or month only)']} with a year or month only; "
        f"outlet found {counts['outlet found']} (right {counts['outlet found, right']}, "
        f"wrong {counts['outlet found, wrong']}) of {counts['true outlet']}"
    )


if __name__ == "__main__":
    main()
