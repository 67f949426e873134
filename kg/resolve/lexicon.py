"""Resolution data (``kg/data/resolve``): titles, generic and head suffixes, administrative
words, regions, affixes and spelling norms, folded to Simplified to compare with name keys."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from kg import resources
from kg.errors import PatternError
from kg.records import ENTITY_TYPES
from kg.text.normalize import fold_key, to_simplified

__all__ = ["QUOTE_CLOSERS", "AREA_TYPES", "Lexicon", "load_lexicon", "spelling_key"]

QUOTE_CLOSERS = '」』》〉”’"'


# Types whose names name an area: there the head of 河套園區 (河套) also heads
# 河套深港科技創新合作區. For an event or a programme, APEC會議 and APEC工商領導人峰會 share a
# head but are two things, so a name with its generic word cut off is no head for them.
AREA_TYPES = frozenset({"Platform", "Port", "Place"})


@dataclass(frozen=True)
class Lexicon:
    """Resolution data, folded to Simplified so that it compares with name keys."""

    titles: frozenset[str]
    generic: Mapping[str, tuple[str, ...]]  # type -> suffixes, longest first
    heads: Mapping[str, tuple[str, ...]]  # type -> suffixes, longest first
    admin: tuple[str, ...]  # 市, 區 …, longest first
    regions: frozenset[str]  # 深港, 粵港澳 …: prefixes that act as places
    prefixes: tuple[tuple[re.Pattern, str], ...]
    suffixes: tuple[tuple[re.Pattern, str], ...]
    infixes: tuple[tuple[re.Pattern, str], ...]
    norms: tuple[tuple[re.Pattern, str, str], ...]
    aliases: Mapping[str, str]  # gazetteer short form key -> full name key


def _rows(name: str, columns: int, check=lambda cells: None) -> Iterable[tuple[str, ...]]:
    """Rows of ``kg/data/resolve/<name>`` (a ``.tsv`` table, or a ``.txt`` list of one item a
    line); a bad row names its place. ``check(cells)`` returns a complaint about a row, or
    None if the row is fine.
    """
    where = resources.data_path(f"resolve/{name}")
    for number, fields in resources.parse_table(
        resources.read_data(f"resolve/{name}"), where, (columns, columns)
    ):
        problem = check(tuple(fields))
        if problem:
            raise PatternError(f"{where}:{number}: {problem}")
        yield tuple(fields)


def _compile(name: str, pattern: str, anchor: str) -> re.Pattern:
    """Compile a lexicon regex, anchored, reporting the file on a syntax error."""
    try:
        return re.compile(anchor.format(to_simplified(pattern)))
    except re.error as err:
        raise PatternError(
            f"{resources.data_path('resolve/' + name)}: bad regular expression {pattern!r}: {err}"
        ) from None


def _by_type(rows: Iterable[tuple[str, ...]], kind: str) -> dict[str, tuple[str, ...]]:
    """Suffixes of one kind grouped by type, longest first so the fullest suffix strips first."""
    found: dict[str, set[str]] = defaultdict(set)
    for row_kind, label, suffix in rows:
        if row_kind == kind:
            found[label].add(fold_key(suffix))
    return {label: tuple(sorted(s, key=lambda x: (-len(x), x))) for label, s in found.items()}


def _suffix_row(cells: tuple[str, ...]) -> str | None:
    kind, label, _ = cells
    if kind not in ("generic", "head"):
        return f"kind must be generic or head, got {kind!r}"
    if label not in ENTITY_TYPES:
        return f"unknown type {label!r}; use one of {', '.join(ENTITY_TYPES)}"
    return None


def _affix_row(cells: tuple[str, ...]) -> str | None:
    if cells[0] not in ("prefix", "suffix", "infix"):
        return f"kind must be prefix, suffix or infix, got {cells[0]!r}"
    return None


def _gazetteer_aliases(norms: tuple[tuple[re.Pattern, str, str], ...]) -> dict[str, str]:
    """Short forms the gazetteer gives for its closed classes (前海, 北都, 我國): known names of
    one thing, so they share the full name's key whatever else the document mentions."""
    from kg.entities import load_table

    def key(name: str) -> str:
        return spelling_key(name, norms)

    return {
        key(short): key(row[0])
        for _, row in load_table("gazetteer.tsv", (2, 3))
        if len(row) == 3
        for short in row[2].split("|")
        if key(short) != key(row[0])
    }


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the ``kg/data/resolve`` lexicons once (they are package data)."""
    suffix_rows = list(_rows("suffixes.tsv", 3, _suffix_row))
    affixes = list(_rows("affixes.tsv", 3, _affix_row))
    norms = tuple(
        (_compile("norms.tsv", p, "{}"), to_simplified(r), what)
        for p, r, what in _rows("norms.tsv", 3)
    )
    return Lexicon(
        titles=frozenset(to_simplified(t) for (t,) in _rows("titles.txt", 1)),
        generic=_by_type(suffix_rows, "generic"),
        heads=_by_type(suffix_rows, "head"),
        admin=tuple(
            sorted({fold_key(a) for (a,) in _rows("admin.txt", 1)}, key=lambda x: (-len(x), x))
        ),
        regions=frozenset(fold_key(r) for (r,) in _rows("regions.txt", 1)),
        prefixes=tuple(
            (_compile("affixes.tsv", p, "(?:{})"), what)
            for kind, p, what in affixes
            if kind == "prefix"
        ),
        suffixes=tuple(
            (_compile("affixes.tsv", p, "(?:{})$"), what)
            for kind, p, what in affixes
            if kind == "suffix"
        ),
        infixes=tuple(
            (_compile("affixes.tsv", p, "(?:{})"), what)
            for kind, p, what in affixes
            if kind == "infix"
        ),
        norms=norms,
        aliases=_gazetteer_aliases(norms),
    )


def spelling_key(name: str, norms: tuple[tuple[re.Pattern, str, str], ...]) -> str:
    key = fold_key(name)
    for pattern, replacement, _ in norms:
        key = pattern.sub(replacement, key)
    return key
