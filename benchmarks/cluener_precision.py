"""Out-of-domain precision of the entity stage on CLUENER2020 dev: a check that a rule written
for Shenzhen–Hong Kong news does not start tagging junk in other news.

Every dev record is read as one article (``kg.text.ingest.parse_document``) and run through
``kg.entities.extract_mentions`` with the shipped pipeline, exactly as a build would; the
Person and Organization mentions are scored as exact character spans against CLUENER's
``name`` and ``organization``/``government``/``company`` spans, in Simplified (the records as
given) and Traditional (their s2hk conversion). The other labels have no CLUENER counterpart
worth scoring (CLUENER ``address`` is any address, not a named place). A script that prints
figures, not a test.

    .venv/bin/python benchmarks/cluener_precision.py [--data /work/shared/data/cluener2020] [--show 20]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from kg.entities import extract_mentions, make_nlp
from kg.text.ingest import parse_document
from kg.text.normalize import to_traditional
from kg.tools.train import gold_spans, read_cluener, score_spans

__all__ = ["LABELS", "predicted_spans", "main"]

LABELS = {
    "name": "Person",
    "organization": "Organization",
    "government": "Organization",
    "company": "Organization",
}
"""CLUENER label -> the kg mention label it is scored against."""

DATA = Path("/work/shared/data/cluener2020")


def predicted_spans(nlp, records: list[dict], script: str) -> tuple[list[tuple], list[tuple]]:
    """(gold, predicted) items ``(record, start, end, label)`` in record offsets."""
    gold, predicted = [], []
    for i, record in enumerate(records):
        text = to_traditional(record["text"]) if script == "zh-Hant" else record["text"]
        gold += [
            (i, start, end, LABELS[label])
            for start, end, label in gold_spans(record)
            if label in LABELS
        ]
        document = parse_document(text, doc_id=f"dev{i:05d}")
        sentences = {s.index: s for s in document.sentences}
        for m in extract_mentions(document, nlp):
            if m.label in ("Person", "Organization"):
                predicted.append((i, *sentences[m.sentence].original_span(m.start, m.end), m.label))
    return gold, predicted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding dev.json")
    parser.add_argument(
        "--show",
        type=int,
        default=0,
        help="also list this many false positives per label and script",
    )
    args = parser.parse_args(argv)
    records = read_cluener(args.data / "dev.json")
    nlp = make_nlp()
    print(f"CLUENER2020 dev, {len(records)} records; exact spans of the entity stage")
    print(f"{'script':<9}{'label':<14}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for script in ("zh-Hans", "zh-Hant"):
        gold, predicted = predicted_spans(nlp, records, script)
        scores = score_spans(gold, predicted)["per_label"]
        for label in ("Person", "Organization"):
            s = scores[label]
            print(
                f"{script:<9}{label:<14}{s['gold']:>6}{s['predicted']:>6}"
                f"{s['p']:>8.3f}{s['r']:>8.3f}{s['f']:>8.3f}"
            )
        if args.show:
            wrong = Counter()
            for i, start, end, label in sorted(set(predicted) - set(gold)):
                text = (
                    to_traditional(records[i]["text"])
                    if script == "zh-Hant"
                    else records[i]["text"]
                )
                wrong[(label, text[start:end])] += 1
            for label in ("Person", "Organization"):
                shown = [
                    f"{name}×{n}" if n > 1 else name
                    for (lab, name), n in sorted(wrong.items())
                    if lab == label
                ][: args.show]
                print(f"  {script} {label} false positives: {' '.join(shown)}")


if __name__ == "__main__":
    main()
