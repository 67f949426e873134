"""Regenerate kg/data/text/common_chars.txt: the CJK characters seen at least three times in the
CLUENER2020 training text in each script, used by ingest to tell Big5 from GB18030 bytes.

    python scripts/make_common_chars.py ../shared/data/cluener2020/train.json
"""

import json
import sys
from collections import Counter
from pathlib import Path

from kg.text.normalize import to_traditional

MIN_COUNT = 3


def main(train_path: str) -> None:
    counts: Counter[str] = Counter()
    with open(train_path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            counts.update(ch for ch in text + to_traditional(text) if "\u4e00" <= ch <= "\u9fff")
    chars = sorted(ch for ch, n in counts.items() if n >= MIN_COUNT)
    out = Path(__file__).resolve().parent.parent / "kg" / "data" / "text" / "common_chars.txt"
    out.write_text("".join(chars) + "\n", encoding="utf-8")
    print(f"wrote {len(chars)} characters to {out}")


if __name__ == "__main__":
    main(sys.argv[1])
