"""Closed classes of the entity stage: head words, the gazetteer, word lists, patterns.

Data files live in ``kg/data/entities`` (``kg.resources`` reads them); they are written in
Traditional characters and matched on each token's NORM, the Simplified folding, so one file
serves both scripts. The character classes here (conjunctions, function characters, quote
marks) are closed classes of the written language.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.schemas import validate_token_pattern

from kg import resources
from kg.errors import PatternError
from kg.records import MENTION_LABELS
from kg.text.normalize import to_simplified

__all__ = [
    "closed_class",
    "load_table",
    "load_words",
    "load_heads",
    "parse_patterns",
    "load_patterns",
    "gazetteer_patterns",
]


def closed_class(name: str) -> frozenset[str]:
    """Simplified words of one class of ``kg/data/entities/closed_classes.tsv``.

    >>> sorted(closed_class("conjunctions"))
    ['与', '及', '和', '暨']
    """
    return _closed_classes()[name]


@cache
def _closed_classes() -> dict[str, frozenset[str]]:
    name = "entities/closed_classes.tsv"
    return {
        row[0]: frozenset(map(to_simplified, resources.parse_words(row[1], f"{name}:{number}")))
        for number, row in resources.load_table(name, (3, 3))
    }


_CONJUNCTIONS = closed_class("conjunctions")  # 發展和改革委員會
_FUNCTION_CHARS = closed_class("function")
_OPENERS = closed_class("openers")  # prepositions that open a phrase, never a name
_SCOPE_WORDS = closed_class("scope")  # open a designation (國際創新中心)
_COMPLEMENTS = closed_class("complements")  # completes the verb before it (用好, 開好)


_ACRONYM = re.compile(r"[A-Z]{2,6}")  # a brand or body in Latin capitals (TCL, APEC)


_DATELINE = "讯"  # 大公報訊: "news from"


_PUNCT = frozenset("，。、；：？！,.;:?!（）()【】[]「」『』《》〈〉“”‘’\"'…—－-·•・/|\n\t ")


_CLAUSE_PUNCT = frozenset("，。；：？！,.;:?!")


_QUOTES = {"「": "」", "『": "』", "《": "》", "“": "”", "〈": "〉"}


_QUOTE_CHARS = frozenset("".join(_QUOTES) + "".join(_QUOTES.values()))


_CHINESE_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}年")  # 二○二三年, as Hong Kong writes it


_ORDINAL = re.compile(
    r"^(第?[0-9一二三四五六七八九十百]+[屆届次期]|第[0-9一二三四五六七八九十百]+"
    rf"|[0-9]{{4}}年?|{_CHINESE_YEAR.pattern}|首[屆届]|[年屆届次期])$"
)


_NUMBERED = re.compile(r"^[0-9一二三四五六七八九十百]+[路号期线]$")  # 清水河三路, 二期


_STRONG = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nl", "ng", "j", "eng"})


_PROPER = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"})


_PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})


_PLACE_LIKE = frozenset({"Place", "Port", "Platform"})


_NOT_IN_A_NAME = frozenset({"u", "uj", "ul", "uz", "ug", "ud", "d", "ad", "r", "t", "p", "y", "e"})


_WEAK = frozenset({"vn", "b", "an", "t", "s", "a", "l"})


def load_table(name: str, columns: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """Rows of ``kg/data/entities/<name>`` (see ``kg.resources.parse_table``)."""
    return resources.load_table(f"entities/{name}", columns)


@cache
def load_words(name: str) -> frozenset[str]:
    """Simplified forms of the words of ``kg/data/entities/<name>``, a word list: data files
    are written in Traditional characters and matched on the Simplified folding.

    >>> {"市长", "会长"} <= load_words("titles.txt")
    True
    """
    return frozenset(map(to_simplified, resources.load_words(f"entities/{name}")))


def _where(name: str, number: int) -> str:
    """``kg/data/entities/<name>:<number>``, for messages."""
    return f"{resources.data_path('entities/' + name)}:{number}"


_HEAD_FLAGS = frozenset({"proper", "abstract", "governed", "brand", "sitting"})


@cache
def _head_rows() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(Simplified head, type, flags) rows of ``heads.tsv``."""
    rows = []
    for number, fields in load_table("heads.tsv", (2, 3)):
        head, label = fields[0], fields[1]
        flags = frozenset(fields[2].split()) if len(fields) == 3 else frozenset()
        if label not in MENTION_LABELS:
            raise PatternError(
                f"{_where('heads.tsv', number)}: unknown type {label!r}; "
                f"choose from {', '.join(MENTION_LABELS)}"
            )
        if flags - _HEAD_FLAGS:
            raise PatternError(
                f"{_where('heads.tsv', number)}: third column holds "
                f"{', '.join(sorted(_HEAD_FLAGS))} flags, not {fields[2]!r}"
            )
        rows.append((to_simplified(head), label, flags))
    return tuple(rows)


@cache
def load_heads() -> dict[str, str]:
    """Simplified head word -> entity type, from ``data/entities/heads.tsv``."""
    return {head: label for head, label, _ in _head_rows()}


@cache
def _proper_heads() -> frozenset[str]:
    """Heads too common to name a thing unless a proper name precedes them (深圳…中心)."""
    return frozenset(head for head, _, flags in _head_rows() if "proper" in flags)


@cache
def _abstract_heads() -> frozenset[str]:
    """Heads that name a practice (機制, 模式): a place and one common word before one
    describe the place's practice (香港調解機制), not a named initiative."""
    return frozenset(head for head, _, flags in _head_rows() if "abstract" in flags)


@cache
def _brand_heads() -> frozenset[str]:
    """Heads a company name puts after its brand (格力電器, 中世發智能科技): one brand word
    before one is a name, where a place before it (深圳科技) is not."""
    return frozenset(head for head, _, flags in _head_rows() if "brand" in flags)


@cache
def _sitting_heads() -> frozenset[str]:
    """Heads of one sitting of a session (全體會議, 開幕會): after the session's name and an
    ordinal (…六次會議第一次全體會議) the event named is the session."""
    return frozenset(head for head, _, flags in _head_rows() if "sitting" in flags)


@cache
def _governed_heads() -> frozenset[str]:
    """Heads of a government (政府): the name before one ends in the place it governs."""
    return frozenset(head for head, _, flags in _head_rows() if "governed" in flags)


def parse_patterns(text: str, source: str) -> list[dict]:
    """span_ruler patterns from JSON lines, checked; NORM values are folded to Simplified.

    >>> parse_patterns('{"label": "Port", "pattern": [{"NORM": "口岸"}]}', "x.jsonl")
    [{'label': 'Port', 'pattern': [{'NORM': '口岸'}]}]
    >>> parse_patterns('{"label": "Port", "pattern": [{"NORM": "口岸"}]', "x.jsonl")
    Traceback (most recent call last):
    kg.errors.PatternError: x.jsonl:1: not valid JSON: Expecting ',' delimiter (col 46)
    """
    return [
        _checked_pattern(entry, f"{source}:{number}")
        for number, entry in resources.parse_json_lines(text, source)
    ]


def _checked_pattern(entry: object, where: str) -> dict:
    """One pattern entry validated against spaCy's schema and our label set."""
    if not isinstance(entry, dict) or set(entry) - {"label", "pattern", "id"}:
        raise PatternError(f"{where}: expected an object with label, pattern and optional id")
    if entry.get("label") not in MENTION_LABELS:
        raise PatternError(
            f"{where}: unknown label {entry.get('label')!r}; "
            f"choose from {', '.join(MENTION_LABELS)}"
        )
    pattern = entry.get("pattern")
    if not isinstance(pattern, list) or not pattern:
        raise PatternError(f"{where}: pattern must be a non-empty list of token objects")
    errors = validate_token_pattern(pattern)
    if errors:
        raise PatternError(f"{where}: invalid token pattern: {'; '.join(errors)}")
    return {**entry, "pattern": [_fold_norms(token) for token in pattern]}


def _fold_norms(token: dict) -> dict:
    """NORM is the Simplified folding: fold the pattern's values the same way."""
    norm = token.get("NORM")
    if isinstance(norm, str):
        return {**token, "NORM": to_simplified(norm)}
    if isinstance(norm, dict):
        return {
            **token,
            "NORM": {
                op: [to_simplified(v) for v in values] if isinstance(values, list) else values
                for op, values in norm.items()
            },
        }
    return token


def load_patterns(name: str) -> list[dict]:
    """Checked patterns of ``kg/data/entities/<name>``, a ``.jsonl`` file."""
    return parse_patterns(
        resources.read_data(f"entities/{name}"), resources.data_path(f"entities/{name}")
    )


@cache
def _gazetteer() -> tuple[tuple[str, str], ...]:
    """(name, type) for every name and short form of ``data/entities/gazetteer.tsv``."""
    entries: list[tuple[str, str]] = []
    for number, fields in load_table("gazetteer.tsv", (2, 3)):
        name, label = fields[0], fields[1]
        if label not in MENTION_LABELS:
            raise PatternError(f"{_where('gazetteer.tsv', number)}: unknown type {label!r}")
        shorts = fields[2].split("|") if len(fields) == 3 and fields[2] else []
        entries.extend((form, label) for form in [name, *shorts])
    return tuple(entries)


def gazetteer_patterns() -> list[dict]:
    """Phrase patterns (matched on NORM, so either script) for the gazetteer."""
    return [
        {"label": label, "pattern": name, "id": f"gazetteer/{label}"}
        for name, label in _gazetteer()
    ]


@cache
def _gazetteer_names() -> frozenset[str]:
    return frozenset(to_simplified(name) for name, _ in _gazetteer())


@cache
def _cities() -> frozenset[str]:
    """The gazetteer's cities, with and without 市 (深圳, 深圳市): the places it also lists
    with 市."""
    names = _gazetteer_names()
    cities = frozenset(name for name in names if name + "市" in names)
    return cities | frozenset(name + "市" for name in cities)


def _suffix_label(inner: str, heads: dict[str, str], shortest: int = 1) -> str:
    """Type of the longest head ``inner`` ends with (of ``shortest`` characters or more)."""
    for size in range(min(6, len(inner)), shortest - 1, -1):
        label = heads.get(inner[-size:])
        if label:
            return label
    return ""
