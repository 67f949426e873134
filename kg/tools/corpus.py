"""The annotated corpus (``corpus/``): real articles split by document into train, dev and test,
each with its text, metadata and gold annotation (``corpus/README.md``).

Layout: ``corpus/<split>/<stem>.txt`` (UTF-8), ``<stem>.meta.json`` (url, outlet, date,
script …) and ``<stem>.gold.json`` (the format of ``gold/``, under ``gold/GUIDELINES.md``).
This module reads a split and checks that the corpus is well formed; ``kg evaluate --corpus``
and ``kg train`` read it through here.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.records import ENTITY_TYPES, PREDICATES
from kg.relations import fits
from kg.text.normalize import to_simplified_as_scored

__all__ = [
    "SPLITS",
    "SCRIPTS",
    "META_FIELDS",
    "Article",
    "read_split",
    "article_problems",
    "shared_passages",
]

SPLITS = ("train", "dev", "test")
SCRIPTS = ("zh-Hant", "zh-Hans")
META_FIELDS = ("url", "outlet", "date", "script")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class Article:
    """One article of a split: where its files are and what its metadata says."""

    stem: str
    split: str
    text_path: Path
    gold_path: Path
    meta: dict

    @property
    def script(self) -> str:
        return str(self.meta.get("script"))

    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")

    def gold(self) -> dict:
        return json.loads(self.gold_path.read_text(encoding="utf-8"))


def read_split(corpus: str | Path, split: str) -> list[Article]:
    """The articles of one split, sorted by stem; ``InputError`` if the split is missing."""
    if split not in SPLITS:
        raise InputError(f"unknown split {split!r}; choose from {', '.join(SPLITS)}")
    folder = Path(corpus) / split
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        raise InputError(
            f"{folder}: no articles here (expected <stem>.txt with .meta.json and "
            ".gold.json beside it)"
        )
    articles = []
    for text in texts:
        meta_path = text.with_suffix(".meta.json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(f"{meta_path}: no readable metadata ({error})") from None
        articles.append(Article(text.stem, split, text, text.with_suffix(".gold.json"), meta))
    return articles


def article_problems(article: Article) -> list[str]:
    """What is wrong with an article's files: names and evidence that do not occur in the
    text, unknown types and predicates, types that do not fit a predicate, missing metadata.

    Empty when the article is well formed.
    """
    problems: list[str] = []
    where = str(article.gold_path)
    text = article.text()
    missing = [f for f in META_FIELDS if f not in article.meta]
    if missing:
        problems.append(
            f"{article.text_path.with_suffix('.meta.json')}: lacks {', '.join(missing)}"
        )
    if "outlet" in article.meta and not str(article.meta["outlet"] or "").strip():
        problems.append(
            f"{where}: outlet is empty (the text's named source, or else the site it was read on)"
        )
    if article.meta.get("script") not in SCRIPTS:
        problems.append(f"{where}: script must be one of {', '.join(SCRIPTS)}")
    date = article.meta.get("date")
    if date is not None and not _DATE.fullmatch(str(date)):
        problems.append(f"{where}: date {date!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    if len(text.strip()) < 500:
        problems.append(f"{where}: text has {len(text.strip())} characters, under 500")
    try:
        gold = article.gold()
    except (OSError, ValueError) as error:
        return problems + [f"{where}: not readable ({error})"]
    if gold.get("doc") != article.text_path.name:
        problems.append(f"{where}: doc is {gold.get('doc')!r}, not {article.text_path.name!r}")
    types: dict[str, str] = {}
    for entity in gold.get("entities", []):
        name, label = entity.get("name"), entity.get("type")
        if label not in ENTITY_TYPES:
            problems.append(f"{where}: {name!r} has type {label!r}")
        if name in types:
            problems.append(f"{where}: {name!r} listed twice")
        types[name] = label
        problems += [
            f"{where}: name {form!r} does not occur in the text"
            for form in [name, *entity.get("aliases", [])]
            if not form or form not in text
        ]
    for relation in gold.get("relations", []):
        s, p, o = relation.get("s"), relation.get("p"), relation.get("o")
        said = f"{where}: {s} {p} {o}"
        if p not in PREDICATES:
            problems.append(f"{said}: unknown predicate")
            continue
        if s not in types or o not in types:
            problems.append(f"{said}: an end is not an entity's name")
        elif not fits(p, types[s], types[o]):
            problems.append(f"{said}: {types[s]} {p} {types[o]} does not fit the predicate")
        if not relation.get("evidence") or relation["evidence"] not in text:
            problems.append(f"{said}: evidence does not occur in the text")
    return problems


def _fold(text: str) -> str:
    """Letters and digits only, Simplified, NFKC: the same passage in either script."""
    return re.sub(r"[\W_]", "", to_simplified_as_scored(unicodedata.normalize("NFKC", text)))


def _passages(text: str, size: int) -> set[str]:
    folded = _fold(text)
    return {
        hashlib.sha1(folded[i : i + size].encode()).hexdigest()[:16]
        for i in range(max(1, len(folded) - size + 1))
    }


def shared_passages(groups: dict[str, Iterable[str]], size: int = 50) -> Iterator[tuple[str, str]]:
    """Pairs of groups (splits, the seeds) whose texts share a passage of ``size`` folded
    characters, either script: a story copied across them would leak."""
    seen: dict[str, str] = {}
    reported: set[tuple[str, str]] = set()
    for group, texts in groups.items():
        mine: set[str] = set()
        for text in texts:
            mine |= _passages(text, size)
        for passage in mine:
            other = seen.setdefault(passage, group)
            pair = (other, group)
            if other != group and pair not in reported:
                reported.add(pair)
                yield pair
