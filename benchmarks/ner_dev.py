"""Figures for the shipped NER (kg/models/ner) on CLUENER2020 dev: quality and speed.

Prints strict character-span F1 per label in both scripts, next to the jieba.posseg baseline
(nr -> name, ns -> address, nt -> organization) on those three labels; then the entity stage's
throughput (``nlp.pipe`` over every train+dev sentence, Traditional, one process) beside plain
``jieba.cut`` on the same text, medians of 3 runs. A script, not a test: numbers vary by machine.

    .venv/bin/python benchmarks/ner_dev.py [--data /work/shared/data/cluener2020] [--model kg/models/ner]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import spacy

import kg.text.segment  # noqa: F401  registers the model's tokenizer
from kg.text.normalize import to_simplified, to_traditional
from kg.tools.train import SCRIPTS, evaluate_ner, gold_spans, read_cluener, score_spans

__all__ = ["posseg_baseline", "throughput", "main"]

MODEL_DIR = Path(__file__).resolve().parents[1] / "kg" / "models" / "ner"
POSSEG_LABELS = {"nr": "name", "ns": "address", "nt": "organization"}
RUNS = 3


def posseg_baseline(records: list[dict], script: str) -> dict:
    """Strict scores of jieba.posseg tags (run on the Simplified folding) on the three labels."""
    import jieba.posseg

    gold, predicted = [], []
    for i, record in enumerate(records):
        text = to_traditional(record["text"]) if script == "zh-Hant" else record["text"]
        gold += [(i, *span) for span in gold_spans(record) if span[2] in POSSEG_LABELS.values()]
        start = 0
        for pair in jieba.posseg.cut(to_simplified(text)):
            if pair.flag in POSSEG_LABELS:
                predicted.append((i, start, start + len(pair.word), POSSEG_LABELS[pair.flag]))
            start += len(pair.word)
    return score_spans(gold, predicted)


def _median_rates(run, n_chars: int) -> tuple[float, float]:
    """Chars per wall second and per CPU second of this process (the machine is shared)."""
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return n_chars / statistics.median(wall), n_chars / statistics.median(cpu)


def throughput(nlp, texts: list[str]) -> dict:
    """(wall, CPU) chars/s of ``nlp.pipe`` and of ``jieba.cut`` over the texts, medians of RUNS."""
    import jieba

    n_chars = sum(map(len, texts))
    jieba.initialize()
    nlp("預熱")
    ner = _median_rates(lambda: [doc.ents for doc in nlp.pipe(texts)], n_chars)
    cut = _median_rates(lambda: [list(jieba.cut(text)) for text in texts], n_chars)
    return {"chars": n_chars, "ner": ner, "jieba_cut": cut}


def _print_table(scores: dict, baseline: dict) -> None:
    labels = sorted(scores[SCRIPTS[0]]["per_label"])
    print(
        f"{'label':<14}{'gold':>6}"
        + "".join(f"{s + ' P/R/F1':>24}" for s in SCRIPTS)
        + "".join(f"{'posseg ' + s:>18}" for s in SCRIPTS)
    )
    for label in labels + ["micro"]:
        rows = [
            scores[s]["micro"] if label == "micro" else scores[s]["per_label"][label]
            for s in SCRIPTS
        ]
        base = [baseline[s]["per_label"].get(label) for s in SCRIPTS]
        print(
            f"{label:<14}{rows[0]['gold']:>6}"
            + "".join(f"{r['p']:>8.3f}{r['r']:>8.3f}{r['f']:>8.3f}" for r in rows)
            + "".join(f"{b['f']:>18.3f}" if b else f"{'':>18}" for b in base)
        )
    for script in SCRIPTS:
        subset = [scores[script]["per_label"][label] for label in POSSEG_LABELS.values()]
        print(
            f"{script}, name/address/organization only: model micro F1 "
            f"{_micro_f(subset):.3f}, posseg {baseline[script]['micro']['f']:.3f}"
        )


def _micro_f(rows: list[dict]) -> float:
    """Micro F1 pooled from per-label rows (hits recovered from recall x gold)."""
    hits = sum(round(row["r"] * row["gold"]) for row in rows)
    total = sum(row["gold"] + row["predicted"] for row in rows)
    return 2 * hits / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/cluener2020"))
    parser.add_argument("--model", type=Path, default=MODEL_DIR)
    args = parser.parse_args()
    records = read_cluener(args.data / "dev.json")
    scores = evaluate_ner(args.model, args.data)
    baseline = {script: posseg_baseline(records, script) for script in SCRIPTS}
    _print_table(scores, baseline)
    texts = [to_traditional(r["text"]) for r in read_cluener(args.data / "train.json") + records]
    speed = throughput(spacy.load(args.model), texts)
    print(f"throughput over {speed['chars']:,} chars (Traditional, train+dev), median of {RUNS}:")
    for i, clock in enumerate(("wall", "CPU")):
        ner, cut = speed["ner"][i], speed["jieba_cut"][i]
        print(
            f"  per {clock} second: nlp.pipe {ner:,.0f} chars/s, jieba.cut {cut:,.0f} chars/s, "
            f"jieba.cut is {cut / ner:.1f}x faster"
        )


if __name__ == "__main__":
    main()
