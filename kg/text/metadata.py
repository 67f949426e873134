"""Read when and where an article was published from its own text: date, outlet, byline, URL.

News pages put these in a header (``來源:南方都市報 發布時間:2025-03-21``, a date line under
the title) or in the dateline that opens the story (``香港文匯報訊（記者 李望賢 深圳報道）``,
``深圳新闻网2024年1月28日讯``, ``中新网深圳1月5日电``). The patterns are data
(``kg/data/text/metadata.jsonl``, each with an id and an example line); this module applies
them to the lines of the cleaned text. A date must be a whole date in a header place: a date
inside a sentence (``2026年3月1日起實施``) or without its year is never taken for the
publication date, and where none is found the article has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kg.errors import PatternError
from kg.records import ArticleMetadata
from kg.resources import data_path, load_json_lines, load_words

__all__ = [
    "MetadataPattern",
    "HEAD_LINES",
    "metadata_patterns",
    "pattern_fields",
    "read_metadata",
    "parse_date",
    "opening_date",
    "names",
]

PATTERNS = "text/metadata.jsonl"
PLACES = "text/dispatch_places.txt"
# The header: the first lines that are not blank, each no longer than a header line gets.
HEAD_LINES = 8
HEAD_WIDTH = 120
_FIELDS = {"y", "m", "d", "outlet", "reporters", "url"}
_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?![\d:])日?"
_NAMES = r"[\u4e00-\u9fff·]{2,4}?(?:(?:\s*[、，,]\s*|\s+)[\u4e00-\u9fff·]{2,4}?)*?"
_NAME_SEPARATORS = re.compile(r"\s*[、，,]\s*|\s+")


@dataclass(frozen=True)
class MetadataPattern:
    id: str
    scope: str  # "head" or "any"
    regex: re.Pattern[str]
    example: str
    expect: dict[str, object]


def read_metadata(cleaned: str) -> ArticleMetadata:
    """The metadata an article's cleaned text states; the first line that gives a field wins.

    >>> meta = read_metadata("羅湖觀察\\n來源:南方都市報 發布時間:2025-03-21\\n2月8日，會議開幕。")
    >>> meta.date, meta.outlet
    (datetime.date(2025, 3, 21), '南方都市報')
    >>> read_metadata("2026年3月1日起，深圳將實施新措施。").date is None
    True
    """
    found: dict[str, object] = {}
    head = 0
    for line in cleaned.split("\n"):
        line = line.strip()
        if not line:
            continue
        in_head = head < HEAD_LINES and len(line) <= HEAD_WIDTH
        head += 1
        for pattern in metadata_patterns():
            if pattern.scope == "head" and not in_head:
                continue
            for key, value in pattern_fields(pattern, line).items():
                found.setdefault(key, value)
        if len(found) == len(_READ_FIELDS):
            break
    return ArticleMetadata(**found)  # type: ignore[arg-type]  # pattern_fields types each


_READ_FIELDS = ("date", "outlet", "reporters", "url")


def pattern_fields(pattern: MetadataPattern, line: str) -> dict[str, object]:
    """The fields one pattern reads in one line (a date only if it is a real one)."""
    match = pattern.regex.search(line)
    if not match:
        return {}
    groups = {k: v for k, v in match.groupdict().items() if v}
    found: dict[str, object] = {}
    if {"y", "m", "d"} <= groups.keys():
        day = _valid_date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        if day:
            found["date"] = day
    if "outlet" in groups:
        found["outlet"] = groups["outlet"]
    if "reporters" in groups:
        found["reporters"] = tuple(n for n in _NAME_SEPARATORS.split(groups["reporters"]) if n)
    if "url" in groups:
        found["url"] = groups["url"]
    return found


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_GIVEN_DATE = re.compile(rf"\s*{_DATE}(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}})?\S*)?\s*")


def parse_date(text: str) -> date | None:
    """A publication date given as text (a front-matter or CSV field): a whole date, with or
    without a time after it; anything else is None.

    >>> parse_date("2025-03-21T08:00:00+08:00"), parse_date("2023年2月15日"), parse_date("2018")
    (datetime.date(2025, 3, 21), datetime.date(2023, 2, 15), None)
    """
    match = _GIVEN_DATE.fullmatch(text)
    return _valid_date(int(match["y"]), int(match["m"]), int(match["d"])) if match else None


_OPENING_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*[，,]"
)


def opening_date(sentence: str, year: int | None, name_start: int) -> date | None:
    """The date of what a sentence reports when it opens with one and a name follows it at
    once (``2月8日，深圳市政協七屆六次會議開幕``: the session opened that day; the name starts
    at ``name_start``, at most ``_NAME_AFTER_DATE`` characters after the date). A date
    without its year takes ``year`` (the article's); with no year at all, none.

    >>> opening_date("2月8日，深圳市政協七屆六次會議開幕。", 2025, 5)
    datetime.date(2025, 2, 8)
    >>> opening_date("2月8日，會議開幕。", None, 5), opening_date("會議將於2月8日開幕。", 2025, 0)
    (None, None)
    >>> opening_date("2月8日，方舟在接受專訪時談到深港合作會議。", 2025, 18) is None
    True
    """
    match = _OPENING_DATE.match(sentence)
    if not match or not 0 <= name_start - match.end() <= _NAME_AFTER_DATE:
        return None
    found = int(match["y"]) if match["y"] else year
    return _valid_date(found, int(match["m"]), int(match["d"])) if found else None


_NAME_AFTER_DATE = 6  # 在深圳, 深圳市: a place may stand between the date and the name


@lru_cache(maxsize=1)
def metadata_patterns() -> tuple[MetadataPattern, ...]:
    """The shipped patterns, compiled and checked (a bad one is a ``PatternError`` naming
    its line)."""
    places = "|".join(sorted(set(load_words(PLACES)), key=len, reverse=True))
    return tuple(_pattern(number, value, places) for number, value in load_json_lines(PATTERNS))


def _pattern(number: int, value: object, places: str) -> MetadataPattern:
    where = f"{data_path(PATTERNS)}:{number}"
    if not isinstance(value, dict) or not {"id", "scope", "pattern", "example", "expect"} <= set(
        value
    ):
        raise PatternError(f"{where}: expected id, scope, pattern, example and expect")
    if value["scope"] not in ("head", "any"):
        raise PatternError(f"{where}: scope must be head or any, not {value['scope']!r}")
    text = (
        str(value["pattern"])
        .replace("{DATE}", _DATE)
        .replace("{NAMES}", _NAMES)
        .replace("{PLACE}", places)
    )
    try:
        regex = re.compile(text)
    except re.error as error:
        raise PatternError(f"{where}: bad pattern ({error})") from None
    unknown = set(regex.groupindex) - _FIELDS
    if unknown:
        raise PatternError(f"{where}: unknown groups {sorted(unknown)}")
    return MetadataPattern(
        str(value["id"]), str(value["scope"]), regex, str(value["example"]), dict(value["expect"])
    )


def names(values: Iterable[str]) -> tuple[str, ...]:
    """Reporters' names given as one field (``李望賢、郭若溪``) or as a list."""
    return tuple(n for value in values for n in _NAME_SEPARATORS.split(value.strip()) if n)
