"""Benchmark corpora of 1×, 10×, 100× size from real news-style text: the seeds and CLUENER.

CLUENER2020 sentences (Sina news, Simplified) are grouped into article-sized documents of
``SENTENCES_PER_DOC`` sentences, one sentence per line; a sentence cut at a comma gets a full
stop, so the splitter sees news-like sentences rather than one run-on line. Size 1× is the
five seeds plus ``UNIT_DOCS`` such documents; size n× is n copies of the seeds and n × UNIT_DOCS
documents, cycling through the CLUENER sentences (from 10× on, documents repeat, as names do
in an archive). Every document has its own file name, so each is a separate article.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

__all__ = ["SENTENCES_PER_DOC", "UNIT_DOCS", "Corpus", "read_sentences", "write_corpus"]

SENTENCES_PER_DOC = 40
UNIT_DOCS = 12  # CLUENER documents per 1×; with the seeds about 0.11 MB, 41k characters
_FULL_STOP = "。！？!?"
_CUT = "，,、；; "


@dataclass(frozen=True)
class Corpus:
    folder: Path
    documents: int
    chars: int
    bytes: int

    def texts(self) -> list[str]:
        """The article texts, for the anchors that run on the same text as the build."""
        return [p.read_text("utf-8") for p in sorted(self.folder.iterdir())]


def read_sentences(data: Path) -> list[str]:
    """Every CLUENER sentence (train, then dev), ending in sentence punctuation."""
    sentences = []
    for name in ("train.json", "dev.json"):
        with open(data / name, encoding="utf-8") as lines:
            for line in lines:
                text = json.loads(line)["text"].strip().rstrip(_CUT)
                if text:
                    sentences.append(text if text[-1] in _FULL_STOP else text + "。")
    return sentences


def write_corpus(folder: Path, scale: int, sentences: list[str], seeds: Path) -> Corpus:
    """Write the ``scale``× corpus into ``folder`` (created) and say how big it is."""
    folder.mkdir(parents=True)
    seed_texts = [(p.stem, p.read_text("utf-8")) for p in sorted(seeds.glob("*.txt"))]
    articles = [(f"s{copy:03d}_{stem}", text) for copy in range(scale) for stem, text in seed_texts]
    lines = cycle(sentences)
    articles += [
        (f"c{n:05d}", "\n".join(islice(lines, SENTENCES_PER_DOC)) + "\n")
        for n in range(scale * UNIT_DOCS)
    ]
    for name, text in articles:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return Corpus(
        folder,
        len(articles),
        sum(len(t) for _, t in articles),
        sum(len(t.encode("utf-8")) for _, t in articles),
    )
