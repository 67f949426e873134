"""Article inputs that carry their own metadata: JSON Lines and CSV exports of news (one
article a line or row) and a front-matter block at the top of a .txt/.md article.

Fields are found by name: ``text`` (required), ``title``, ``date``, ``outlet``, ``url``,
``reporters`` and ``id``, each under its own name or a usual one (``content``, ``pub_time``,
``source`` …, ``DEFAULT_FIELDS``), or under the column a caller maps to it
(``--field text=content,date=pub_time``). What a file gives this way wins over what the
article's text says (``ArticleMetadata.overridden_by``). A row that cannot be an article (not
JSON, no text) is reported with its file and line and skipped; a date that is no date is
reported and left out; the other rows are built.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from kg.errors import InputError
from kg.records import ArticleMetadata
from kg.text.metadata import names, parse_date

__all__ = [
    "TABLE_SUFFIXES",
    "FIELDS",
    "DEFAULT_FIELDS",
    "Row",
    "parse_fields",
    "table_rows",
    "front_matter",
]

TABLE_SUFFIXES = (".jsonl", ".csv")
FIELDS = ("text", "title", "date", "outlet", "url", "reporters", "id")
# The names an export usually gives each field, tried in this order (case-insensitive).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "正文", "內容", "内容"),
    "title": ("title", "headline", "標題", "标题"),
    "date": ("date", "published", "pub_date", "pub_time", "publish_time", "time", "日期"),
    "outlet": ("outlet", "source", "publisher", "site", "media", "來源", "来源", "媒體", "媒体"),
    "url": ("url", "link", "href", "網址", "网址"),
    "reporters": ("reporters", "reporter", "author", "authors", "byline", "作者", "記者", "记者"),
    "id": ("id", "doc_id", "uuid", "guid"),
}

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Row:
    """One article of a table file: where it is, its text and what the row says about it."""

    line: int  # 1-based line of the file the row starts on
    key: str  # its id field (word characters; others become _), or its line number
    text: str
    title: str | None
    metadata: ArticleMetadata


def parse_fields(pairs: list[str] | None) -> dict[str, str]:
    """``--field`` values (``text=content,date=pub_time``, repeatable) as {field: column}.

    >>> parse_fields(["text=content,date=pub_time", "outlet=媒體"])
    {'text': 'content', 'date': 'pub_time', 'outlet': '媒體'}
    >>> parse_fields(["when=pub_time"])
    Traceback (most recent call last):
    kg.errors.InputError: --field when=pub_time: no field 'when'; the fields are text, title, date, outlet, url, reporters, id
    """
    mapping = {}
    for pair in (piece for value in pairs or [] for piece in value.split(",") if piece.strip()):
        field, _, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not column:
            raise InputError(f"--field {pair}: write FIELD=COLUMN, e.g. text=content")
        if field not in FIELDS:
            raise InputError(
                f"--field {pair}: no field {field!r}; the fields are {', '.join(FIELDS)}"
            )
        mapping[field] = column
    return mapping


def table_rows(
    text: str, suffix: str, source: str, fields: Mapping[str, str], warn: Warn | None
) -> Iterator[Row]:
    """The articles of a JSON Lines or CSV file's text; ``source`` names the file in messages."""
    records = _json_lines(text, source, warn) if suffix == ".jsonl" else _csv_rows(text, source)
    for line, record in records:
        row = _row(line, record, f"{source}:{line}", fields, warn)
        if row is not None:
            yield row


def _json_lines(text: str, source: str, warn: Warn | None) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            _warn(
                warn,
                f"{source}:{number}: not a JSON line ({error.msg}, col {error.colno}); skipped",
            )
            continue
        if not isinstance(record, dict):
            _warn(warn, f"{source}:{number}: not a JSON object; skipped")
            continue
        yield number, record


def _csv_rows(text: str, source: str) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        start = 2  # after the header line
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"{source}:{reader.line_num}: not CSV ({error})") from None


def _row(
    line: int, record: Mapping, where: str, fields: Mapping[str, str], warn: Warn | None
) -> Row | None:
    value = _fields_of(record, fields)
    text = value.get("text")
    if not text or not text.strip():
        wanted = fields.get("text") or " or ".join(DEFAULT_FIELDS["text"][:3])
        _warn(warn, f"{where}: no article text (field {wanted}); skipped")
        return None
    return Row(
        line=line,
        key=_UNSAFE_IN_NAME.sub("_", str(value["id"])) if value.get("id") else str(line),
        text=text,
        title=value.get("title") or None,
        metadata=_given_metadata(value, where, warn),
    )


def _fields_of(record: Mapping, fields: Mapping[str, str]) -> dict[str, str]:
    """Each field's value in one record: its mapped column, else the first usual name."""
    by_name = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    found = {}
    for field in FIELDS:
        names_tried = (fields[field],) if field in fields else DEFAULT_FIELDS[field]
        for name in names_tried:
            value = by_name.get(name.lower())
            if value not in (None, "", []):
                found[field] = value if isinstance(value, (str, list)) else str(value)
                break
    return found  # type: ignore[return-value]


def _given_metadata(value: Mapping, where: str, warn: Warn | None) -> ArticleMetadata:
    day = None
    if value.get("date"):
        day = parse_date(str(value["date"]))
        if day is None:
            _warn(warn, f"{where}: date {value['date']!r} is no whole date; left out")
    reporters = value.get("reporters") or ()
    return ArticleMetadata(
        date=day,
        outlet=str(value["outlet"]).strip() if value.get("outlet") else None,
        reporters=names([reporters] if isinstance(reporters, str) else map(str, reporters)),
        url=str(value["url"]).strip() if value.get("url") else None,
    )


# An article's name becomes a cache file's and an IRI's: no path separators, no dots.
_UNSAFE_IN_NAME = re.compile(r"[^\w-]")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n)*?)---[ \t]*(?:\n|\Z)")
_FRONT_LINE = re.compile(r"\s*(?P<key>[^:：#\s][^:：]*?)\s*[:：]\s*(?P<value>.*?)\s*")


def front_matter(
    text: str, source: str, warn: Warn | None
) -> tuple[int, str | None, ArticleMetadata | None]:
    """A ``---`` block of ``key: value`` lines opening a .txt/.md article: where the article
    starts after it, its title and metadata (None, None when there is no such block).

    >>> end, title, meta = front_matter("---\\ntitle: 羅湖觀察\\ndate: 2025-03-21\\n---\\n正文", "a.md", None)
    >>> end, title, meta.date
    (37, '羅湖觀察', datetime.date(2025, 3, 21))
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0, None, None
    record = {}
    for number, line in enumerate(match["body"].splitlines(), 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pair = _FRONT_LINE.fullmatch(line)
        if pair is None:
            _warn(warn, f"{source}:{number}: front matter line is not KEY: VALUE; ignored")
            continue
        record[pair["key"]] = pair["value"].strip("\"'")
    value = _fields_of(record, {})
    return match.end(), value.get("title") or None, _given_metadata(value, source, warn)


def _warn(warn: Warn | None, message: str) -> None:
    if warn:
        warn(message)
