"""The one reader of the data files shipped in ``kg/data``: patterns, cue tables, lexicons.

Every stage reads its rules through here, so a bad line is reported the same way wherever it
sits (``kg/data/entities/heads.tsv:12: expected 2 to 3 tab-separated fields, got 1: '...'``),
and a reader can tell a file's format from its extension:

- ``.txt``   a word list: words separated by whitespace, one or more a line;
- ``.tsv``   a table: tab-separated fields, a fixed number of them a row;
- ``.jsonl`` one JSON object a line (spaCy's pattern files).

In all three, blank lines and lines starting with ``#`` are comments. Stage-specific checks
(a type that must be an ontology class, a spaCy token pattern) build on these readers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from kg.errors import PatternError

__all__ = [
    "data_path",
    "read_data",
    "data_lines",
    "parse_table",
    "load_table",
    "parse_words",
    "load_words",
    "parse_json_lines",
    "load_json_lines",
]

_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9·+-]+")


def data_path(name: str) -> str:
    """How messages name a data file: ``kg/data/<name>``."""
    return f"kg/data/{name}"


@cache
def read_data(name: str) -> str:
    """Text of ``kg/data/<name>`` (read once per process).

    >>> read_data("no/such.txt")
    Traceback (most recent call last):
    kg.errors.PatternError: kg/data/no/such.txt: missing data file; reinstall the package
    """
    try:
        return files("kg").joinpath("data", *name.split("/")).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise PatternError(f"{data_path(name)}: missing data file; reinstall the package") from None


def data_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, content) of the lines that are neither blank nor ``#`` comments.

    >>> list(data_lines("a\\n\\n# note\\n  b"))
    [(1, 'a'), (4, '  b')]
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.rstrip("\r\n")


def parse_table(text: str, source: str, columns: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """Tab-separated rows with between ``columns[0]`` and ``columns[1]`` fields, the first
    ``columns[0]`` of them non-empty.

    >>> parse_table("a\\tb\\n# note\\nc\\td", "x.tsv", (2, 2))
    [(1, ['a', 'b']), (3, ['c', 'd'])]
    >>> parse_table("a b", "x.tsv", (2, 2))
    Traceback (most recent call last):
    kg.errors.PatternError: x.tsv:1: expected 2 tab-separated fields, got 1: 'a b'
    """
    rows = []
    low, high = columns
    for number, line in data_lines(text):
        fields = [f.strip() for f in line.split("\t")]
        if not low <= len(fields) <= high or not all(fields[:low]):
            want = str(low) if low == high else f"{low} to {high}"
            raise PatternError(
                f"{source}:{number}: expected {want} tab-separated fields, "
                f"got {len(fields)}: {line!r}"
            )
        rows.append((number, fields))
    return rows


def load_table(name: str, columns: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """Rows of a shipped ``.tsv`` file (see ``parse_table``)."""
    return parse_table(read_data(name), data_path(name), columns)


def parse_words(text: str, source: str) -> tuple[str, ...]:
    """The whitespace-separated words of a word list, in file order, each checked.

    >>> parse_words("# titles\\n市長 會長\\n", "x.txt")
    ('市長', '會長')
    >>> parse_words("市長 Role!", "x.txt")
    Traceback (most recent call last):
    kg.errors.PatternError: x.txt:1: 'Role!' is not a word of Chinese characters or letters
    """
    words = []
    for number, line in data_lines(text):
        for word in line.split():
            if not _WORD.fullmatch(word):
                raise PatternError(
                    f"{source}:{number}: {word!r} is not a word of Chinese characters or letters"
                )
            words.append(word)
    return tuple(words)


def load_words(name: str) -> tuple[str, ...]:
    """Words of a shipped ``.txt`` word list (see ``parse_words``)."""
    return parse_words(read_data(name), data_path(name))


def parse_json_lines(text: str, source: str) -> list[tuple[int, object]]:
    """(line number, value) of each JSON line.

    >>> parse_json_lines('{"a": 1}\\n# c\\n[2]', "x.jsonl")
    [(1, {'a': 1}), (3, [2])]
    >>> parse_json_lines('{"a": 1', "x.jsonl")
    Traceback (most recent call last):
    kg.errors.PatternError: x.jsonl:1: not valid JSON: Expecting ',' delimiter (col 8)
    """
    values = []
    for number, line in data_lines(text):
        try:
            values.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            raise PatternError(
                f"{source}:{number}: not valid JSON: {error.msg} (col {error.colno})"
            ) from None
    return values


def load_json_lines(name: str) -> list[tuple[int, object]]:
    """Values of a shipped ``.jsonl`` file (see ``parse_json_lines``)."""
    return parse_json_lines(read_data(name), data_path(name))
