"""Read article files into ``Document`` records: decode, clean, split into sentences.

Cleaning never loses the way back: every cleaned character remembers its offset in the
decoded file text, so a sentence or mention can always be shown in the original. The
cleaning rules are the artifacts real archives have: conversion leftovers such as ``區(qū)``
(a character followed by its tone-marked pinyin), hard line breaks from column layout,
Markdown headings and HTML markup.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError
from kg.records import ArticleMetadata, Document, OffsetRuns, Sentence
from kg.resources import read_data
from kg.text.formats import TABLE_SUFFIXES, front_matter, table_rows
from kg.text.metadata import read_metadata
from kg.text.normalize import detect_script
from kg.text.page import extract_page

__all__ = [
    "SUFFIXES",
    "MAX_BYTES",
    "MAX_SENTENCE",
    "read_documents",
    "read_document",
    "read_table",
    "parse_document",
    "decode_bytes",
    "clean_text",
    "split_sentences",
]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", *TABLE_SUFFIXES)
MAX_BYTES = 10 * 1024 * 1024  # a news article is far smaller; bigger files are dumps, not articles
MAX_TABLE_BYTES = 1024 * 1024 * 1024  # a JSON Lines or CSV file of articles: each row is one
_CANDIDATE_ENCODINGS = ("big5hkscs", "gb18030")

Warn = Callable[[str], None]


def read_documents(
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    warn: Warn | None = None,
    fields: Mapping[str, str] | None = None,
) -> list[Document]:
    """Read files and folders (recursively) of articles, sorted by path.

    A file named explicitly must be readable, or ``InputError`` is raised. A file found in a
    folder that cannot be read is skipped with a ``warn`` message, so one bad file does not
    stop a corpus build; a folder with no readable article is an error. A JSON Lines or CSV
    file holds an article a line or row (``kg.text.formats``; ``fields`` maps its columns);
    a bad row is skipped with a ``warn`` message naming its line.
    """
    documents: list[Document] = []
    seen_ids: dict[str, str] = {}
    for path, explicit in _article_paths(paths, warn):
        try:
            if path.suffix.lower() in TABLE_SUFFIXES:
                found = read_table(
                    path, encoding=encoding, max_bytes=max_bytes, warn=warn, fields=fields
                )
            else:
                found = [read_document(path, encoding=encoding, max_bytes=max_bytes, warn=warn)]
        except InputError as error:
            if explicit:
                raise
            if warn:
                warn(f"skipped {error}")
            continue
        for document in found:
            if document.doc_id in seen_ids:
                raise InputError(
                    f"{document.path}: another input ({seen_ids[document.doc_id]}) has the "
                    f"same name {document.doc_id!r}; rename one of them"
                )
            seen_ids[document.doc_id] = document.path
            documents.append(document)
    if not documents:
        raise InputError(
            f"{', '.join(shown(p) for p in paths)}: no readable article "
            f"({', '.join(SUFFIXES)} files)"
        )
    return documents


def shown(path: str | Path) -> str:
    """A path as a message can print it: bytes of a name that are not UTF-8 as ``\\xff``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _article_paths(paths: Iterable[str | Path], warn: Warn | None) -> Iterator[tuple[Path, bool]]:
    for raw in paths:
        path = Path(raw)
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as error:
            raise InputError(f"{shown(path)}: cannot read ({error.strerror})") from None
        if is_dir:
            found = sorted(_files_under(path, warn))
            if not found:
                raise InputError(
                    f"{shown(path)}: folder has no article files ({', '.join(SUFFIXES)})"
                )
            yield from ((p, False) for p in found)
        elif is_file:
            yield path, True
        else:
            raise InputError(f"{shown(path)}: no such file or folder")


def _files_under(root: Path, warn: Warn | None) -> Iterator[Path]:
    """Article files in ``root`` and its folders, however deep (a stack, not recursion); a
    folder that cannot be listed (too deep for the system, no permission) is skipped with a
    warning, and a folder reached twice through links is listed once."""
    folders, seen = [root], set()
    while folders:
        folder = folders.pop()
        try:
            status = folder.stat()
            identity = (status.st_dev, status.st_ino)
            if identity in seen:
                continue
            seen.add(identity)
            entries = list(os.scandir(folder))
        except OSError as error:
            if warn:
                warn(f"skipped {shown(folder)}: cannot list the folder ({error.strerror})")
            continue
        for entry in entries:
            path = folder / entry.name
            try:
                if entry.is_dir():
                    folders.append(path)
                elif entry.is_file() and path.suffix.lower() in SUFFIXES:
                    yield path
            except OSError as error:
                if warn:
                    warn(f"skipped {shown(path)}: cannot read ({error.strerror})")


def read_document(
    path: str | Path,
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    warn: Warn | None = None,
) -> Document:
    """Read one article file; raise ``InputError`` naming the file if it is not one. A .txt
    or .md article may open with a front matter (``kg.text.formats.front_matter``); of an
    HTML page only the story is read (``kg.text.page``), and offsets point into the story as
    extracted."""
    path = Path(path)
    raw, text, used = _read_text(path, encoding, max_bytes)
    markup = _markup_of(path)
    sha256 = hashlib.sha256(raw).hexdigest()
    page = extract_page(text) if markup == "html" else None
    if page is not None:
        return parse_document(
            page.text,
            doc_id=path.stem,
            path=str(path),
            sha256=sha256,
            encoding=used,
            title=page.title,
            page_metadata=page.metadata,
        )
    body_start, title, given = (
        front_matter(text, str(path), warn) if markup == "text" else (0, None, None)
    )
    if not text[body_start:].strip():
        raise InputError(f"{path}: empty file")
    return parse_document(
        text,
        doc_id=path.stem,
        path=str(path),
        markup=markup,
        sha256=sha256,
        encoding=used,
        title=title,
        metadata=given,
        body_start=body_start,
    )


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    warn: Warn | None = None,
    fields: Mapping[str, str] | None = None,
) -> list[Document]:
    """The articles of a JSON Lines or CSV file, one a line or row, each named
    ``<file stem>-<its id field or line>``; a row whose text is over ``max_bytes`` is skipped
    with a warning, as is a row that is no article."""
    path = Path(path)
    _, text, used = _read_text(path, encoding, MAX_TABLE_BYTES)
    documents = []
    for row in table_rows(text, path.suffix.lower(), str(path), fields or {}, warn):
        where = f"{path}:{row.line}"
        size = len(row.text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            if warn:
                warn(f"{where}: the article's {size / 1e6:.1f} MB are over --max-bytes; skipped")
            continue
        documents.append(
            parse_document(
                row.text,
                doc_id=f"{path.stem}-{row.key}",
                path=where,
                encoding=used,
                title=row.title,
                metadata=row.metadata,
            )
        )
    if not documents:
        raise InputError(f"{path}: no article in the file (each line or row needs a text)")
    return documents


def _read_text(path: Path, encoding: str | None, max_bytes: int) -> tuple[bytes, str, str]:
    """A file's bytes, decoded text and the encoding used; ``InputError`` naming the file."""
    if shown(path) != str(path):
        raise InputError(
            f"{shown(path)}: the file name is not UTF-8, so no graph can name the article; "
            "rename it"
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size / 1e6:.1f} MB is larger than the "
                f"{max_bytes / 1e6:.1f} MB limit for one article; split it "
                "or raise --max-bytes"
            )
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    try:
        text, used = decode_bytes(raw, encoding)
    except InputError as error:
        raise InputError(f"{path}: {error}") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return raw, text, used


def _markup_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return "html" if suffix in (".html", ".htm") else "text"


def parse_document(
    text: str,
    *,
    doc_id: str,
    path: str = "",
    markup: str = "text",
    sha256: str | None = None,
    encoding: str = "utf-8",
    title: str | None = None,
    metadata: ArticleMetadata | None = None,
    body_start: int = 0,
    page_metadata: ArticleMetadata | None = None,
) -> Document:
    """Build a ``Document`` from decoded text (``markup``: "text" (incl. Markdown) or "html").

    Its metadata is what the text's header says (``kg.text.metadata``), with what a web
    page's markup says (``page_metadata``) where the text says nothing (a dateline names the
    story's outlet, a page its site), and each field ``metadata`` sets (a front matter's, a
    CSV row's) replacing both; a given ``title`` replaces the one read. Characters before
    ``body_start`` (a front matter) are no article text: offsets still count them.

    >>> doc = parse_document("## 標題\\n深圳河套合作區(qū)建設提速。港人北上消費！", doc_id="x")
    >>> [s.text for s in doc.sentences]
    ['標題', '深圳河套合作區建設提速。', '港人北上消費！']
    """
    cleaned, offsets = clean_text(text, markup, body_start)
    sentences = tuple(split_sentences(doc_id, cleaned, offsets))
    if title is None and markup == "html":
        title = _html_title(text)
    if title is None and sentences and sentences[0].paragraph == 0 and len(sentences[0].text) <= 80:
        title = sentences[0].text
    read = read_metadata(cleaned)
    if page_metadata is not None:
        read = page_metadata.overridden_by(read)
    return Document(
        doc_id=doc_id,
        path=path,
        text=text,
        title=title,
        script=detect_script(cleaned),
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=encoding,
        sentences=sentences,
        metadata=read.overridden_by(metadata) if metadata else read,
    )


# --- decoding ---------------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_bytes(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode article bytes: BOM, then UTF-8, then the likelier of Big5-HKSCS and GB18030.

    Returns the text and the encoding used.

    >>> decode_bytes("羅湖口岸".encode("big5hkscs"))
    ('羅湖口岸', 'big5hkscs')
    >>> decode_bytes("罗湖口岸".encode("gb18030"))
    ('罗湖口岸', 'gb18030')
    """
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise InputError(f"cannot decode as {encoding} ({error})") from None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(name)
            except UnicodeDecodeError:
                text = None
            if text is None or (name == "utf-16" and _text_share(text) < 0.5):
                label = "UTF-16" if name == "utf-16" else "UTF-8"
                raise InputError(
                    f"starts with a {label} byte-order mark but what follows is not {label} "
                    f"text (read as {label} it is rare or unassigned characters, or invalid); "
                    "save it again as UTF-8 or UTF-16"
                )
            return text, name
    if b"\x00" in raw[:8192]:
        raise InputError("binary file (NUL bytes), not a text article")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = []
    for name in _CANDIDATE_ENCODINGS:
        try:
            decoded.append((_plausibility(raw.decode(name)), name))
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise InputError("not UTF-8, UTF-16, Big5-HKSCS or GB18030 text; pass --encoding")
    _, name = max(decoded)
    return raw.decode(name), name


def _plausibility(text: str) -> float:
    """Share of CJK characters that are common: wrong double-byte decodings give rare ones."""
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    common = _common_chars()
    return sum(ch in common for ch in cjk) / len(cjk)


def _text_share(text: str) -> float:
    """Share of the characters that text is made of: common Chinese characters, ASCII, CJK
    and full-width punctuation. Other bytes read as UTF-16 give rare characters, Hangul and
    private-use code points, almost never these.

    >>> _text_share("深港合作, 2025。"), _text_share("深港".encode("utf-8").decode("utf-16-le"))
    (1.0, 0.0)
    """
    if not text:
        return 1.0
    common = _common_chars()
    return sum(
        ch in common or ch < "\x80" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        for ch in text
    ) / len(text)


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    return frozenset(read_data("text/common_chars.txt").strip())


# --- cleaning ---------------------------------------------------------------------------


@dataclass
class _Text:
    """Text under cleaning, with each character's offset in the original."""

    text: str
    offsets: list[int]

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> None:
        """Replace matches; replacement characters point at the match's first original char."""
        pieces, offsets, last = [], [], 0
        for match in pattern.finditer(self.text):
            start, end = match.span()
            pieces.append(self.text[last:start])
            offsets.extend(self.offsets[last:start])
            new = repl(match)
            pieces.append(new)
            offsets.extend([self.offsets[start]] * len(new))
            last = end
        pieces.append(self.text[last:])
        offsets.extend(self.offsets[last:])
        self.text, self.offsets = "".join(pieces), offsets

    def reorder(self, start: int, end: int, pieces: Sequence[tuple[int, int]]) -> None:
        """Rewrite ``text[start:end]`` as the given ``(a, b)`` pieces of it, in that order;
        every character keeps its original offset."""
        order = [i for a, b in pieces for i in range(a, b)]
        if sorted(order) != list(range(start, end)):
            raise ValueError("pieces must cover the span exactly once")
        self.text = self.text[:start] + "".join(self.text[i] for i in order) + self.text[end:]
        self.offsets = self.offsets[:start] + [self.offsets[i] for i in order] + self.offsets[end:]

    def delete(self, spans: Iterable[tuple[int, int]]) -> None:
        """Drop the characters of sorted, non-overlapping ``(start, end)`` spans."""
        keep = [True] * len(self.text)
        for start, end in spans:
            keep[start:end] = [False] * (end - start)
        self.text = "".join(ch for ch, k in zip(self.text, keep) if k)
        self.offsets = [o for o, k in zip(self.offsets, keep) if k]


_CJK = "\u3400-\u9fff\uf900-\ufaff"
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# 區(qū): a character followed by its tone-marked pinyin, left by a script converter.
_PINYIN_ARTIFACT = re.compile(rf"(?<=[{_CJK}])\([a-zü]*[{_TONE_VOWELS}][a-zü]*\)")
_MARKDOWN_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_HTML_DROP = re.compile(r"(?is)<(script|style|head)\b.*?</\1\s*>|<!--.*?-->")
_HTML_BLOCK = re.compile(r"(?i)</?(p|div|br|h[1-6]|li|tr|section|article|blockquote|title)\b[^>]*>")
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_HTML_TITLE = re.compile(r"(?is)<title\b[^>]*>(.*?)</title\s*>")
# Carriage returns and other control characters are not text (and RDF parsers reject some).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# A sentence may end with closing quotes or brackets after its final punctuation.
_SENTENCE_END = "。！？!?"
_CLOSERS = "」』”’）)》〉】"
_LINE_END = _SENTENCE_END + _CLOSERS + "：:；;…"
_CLAUSE_MARKS = frozenset("，、；")
_INTERRUPTIONS = ("▲", "●", "■", "◆", "#")
_LINE_BREAK = re.compile(r"([^\n]*)((?:\n[ \t\u3000]*)+)(?=\S)")


def clean_text(text: str, markup: str = "text", start: int = 0) -> tuple[str, list[int]]:
    """Cleaned text of ``text[start:]`` and, for each of its characters, the offset in ``text``.

    >>> clean_text("深圳市羅湖區(qū)人民政府")[0]
    '深圳市羅湖區人民政府'
    """
    work = _Text(text[start:], list(range(start, len(text))))
    work.sub(_CONTROL, lambda m: "")
    if markup == "html":
        work.sub(_HTML_DROP, lambda m: "")
        work.sub(_HTML_BLOCK, lambda m: "\n")
        work.sub(_HTML_TAG, lambda m: "")
        work.sub(_HTML_ENTITY, lambda m: html.unescape(m.group(0)))
    else:
        work.sub(_MARKDOWN_IMAGE, lambda m: "")
    work.sub(_PINYIN_ARTIFACT, lambda m: "")
    _move_interruptions(work)
    _join_wrapped_lines(work)
    if markup != "html":
        work.sub(_MARKDOWN_HEADING, lambda m: "")
    work.offsets.append(len(text))
    return work.text, work.offsets[:-1]


def _html_title(text: str) -> str | None:
    match = _HTML_TITLE.search(text)
    title = _CONTROL.sub("", html.unescape(match.group(1))).strip() if match else ""
    return title or None


def _join_wrapped_lines(work: _Text) -> None:
    """Remove line breaks that a layout put inside sentences.

    Two layouts do it. Columns show as runs of consecutive lines of one printed width
    (blank lines between them allowed), each run with its own width; a line in such a run
    without closing punctuation was wrapped. Prose paragraphs are sometimes cut mid-sentence
    too: a prose line (long, with a comma or an open quote) that ends on a character. In both
    cases the break, blank lines included, is dropped so the sentence reads on, unless the
    next line is a caption or a heading (▲, ●, #), which interrupts rather than continues.
    """
    lines = list(_line_breaks(work.text))
    widths = [_printed_width(m.group(1).strip()) for m in lines]
    in_run = _column_runs(widths)
    wrapped = []
    for match, column in zip(lines, in_run):
        line = match.group(1).strip()
        if line.endswith(tuple(_LINE_END)) or work.text.startswith(_INTERRUPTIONS, match.end()):
            continue
        if column or _cut_mid_sentence(line):
            wrapped.append(match.span(2))
    work.delete(wrapped)


def _line_breaks(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_LINE_BREAK.finditer(text)``, found in time linear in the text.

    A line matches from every start inside it or from none (its group runs to the line's
    end), and so does the blank run after it; finditer tried again at each character of a
    line that failed, which made a long last line quadratic. This resumes at the next line.
    """
    position = 0
    while position < len(text):
        match = _LINE_BREAK.match(text, position)
        if match:
            yield match
            position = match.end()
            continue
        newline = text.find("\n", position)
        if newline == -1:
            return
        after = _NOT_BLANK.search(text, newline)
        position = text.rfind("\n", newline, after.start() if after else len(text)) + 1


_NOT_BLANK = re.compile(r"[^\n \t\u3000]")
_LINE = re.compile(r"[^\n]+")
_PHOTO_CREDIT = re.compile(r"^.{2,24}[攝摄]$")


@dataclass
class _Line:
    """A line of text under cleaning as pieces of that text: its words, the spaces after
    them and the line breaks after those, as (start, end) spans; moving a line moves spans."""

    words: tuple[int, int]
    spaces: list[tuple[int, int]]
    breaks: list[tuple[int, int]]
    text: str  # the words, stripped
    caption: bool


# Captions a layout drops into one sentence: a photo or two, each with a credit.
_MAX_CAPTIONS = 8


def _move_interruptions(work: _Text) -> None:
    """Move captions that a page layout dropped into the middle of a sentence to after it.

    A prose line cut mid-sentence, then captions (▲…) and photo credits (…攝), then a line
    that continues the cut sentence: the captions go after that line, so the sentence reads
    on (``_join_wrapped_lines`` then joins it) and each caption stays a sentence of its own;
    if that line is cut too, they move on after the next. The lines are moved as spans and
    the text rewritten once, so the work is linear in the text however many captions move.
    """
    lines = _lines(work.text)
    moved = False
    for i in range(len(lines)):
        j = _continuation_after(lines, i)
        if j is None:
            continue
        captions, continuation = lines[i + 1 : j], lines[j]
        last = captions[-1]
        lines[i + 1 : j + 1] = [
            _Line(
                continuation.words,
                continuation.spaces + last.spaces,
                last.breaks,
                continuation.text,
                continuation.caption,
            ),
            *captions[:-1],
            _Line(last.words, [], continuation.breaks, last.text, last.caption),
        ]
        moved = True
    if moved:
        first = lines[0].words[0]
        pieces = [(0, first)] + [
            span for line in lines for span in (line.words, *line.spaces, *line.breaks)
        ]
        work.reorder(0, len(work.text), pieces)


def _lines(text: str) -> list[_Line]:
    """The lines of ``text`` (runs without a line break, blank ones included)."""
    found = list(_LINE.finditer(text))
    lines = []
    for k, match in enumerate(found):
        start, end = match.span()
        words_end = start + len(match.group().rstrip(" \t\u3000"))
        next_start = found[k + 1].start() if k + 1 < len(found) else len(text)
        words = match.group().strip()
        lines.append(
            _Line(
                (start, words_end),
                [(words_end, end)],
                [(end, next_start)],
                words,
                _is_caption(words),
            )
        )
    return lines


def _continuation_after(lines: list[_Line], i: int) -> int | None:
    """Index of the line that continues line ``i`` after captions, if line ``i`` is cut
    mid-sentence and one to ``_MAX_CAPTIONS`` captions follow it."""
    line = lines[i].text
    if line.endswith(tuple(_LINE_END)) or not _cut_mid_sentence(line):
        return None
    j = i + 1
    while j < len(lines) and lines[j].caption and j - i <= _MAX_CAPTIONS:
        j += 1
    if j == i + 1 or j == len(lines) or lines[j].caption:
        return None
    after = lines[j].text
    if not re.match(rf"[{_CJK}]", after) or not (
        after.endswith(tuple(_LINE_END)) or _cut_mid_sentence(after)
    ):
        return None
    return j


def _is_caption(line: str) -> bool:
    return line.startswith(_INTERRUPTIONS[:-1]) or bool(_PHOTO_CREDIT.match(line))


def _cut_mid_sentence(line: str) -> bool:
    """A prose line (long, with clause punctuation) or one inside an open 「 quote."""
    open_quote = line.count("「") > line.count("」")
    return len(line) >= 16 and (open_quote or bool(_CLAUSE_MARKS & set(line)))


def _printed_width(line: str) -> int:
    """Width in half-width cells: a Chinese character is two, a Latin letter or digit one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _column_runs(widths: list[int], min_run: int = 3, min_width: int = 12) -> list[bool]:
    """For each line, whether it belongs to a run of ``min_run`` or more lines of one width.

    Widths within an eighth of each other count as one (spaces and digits make typeset
    lines of a column differ a little).

    >>> _column_runs([20, 20, 21, 8, 30, 44, 42, 46])
    [True, True, True, False, False, True, True, True]
    """
    flags = [False] * len(widths)
    start = 0
    for i in range(1, len(widths) + 1):
        same = (
            i < len(widths)
            and widths[i] >= min_width
            and abs(widths[i] - widths[i - 1]) <= max(2, widths[i - 1] // 8)
        )
        if not same:
            if i - start >= min_run and widths[start] >= min_width:
                flags[start:i] = [True] * (i - start)
            start = i
    return flags


# --- sentences --------------------------------------------------------------------------

_SENTENCE = re.compile(rf"[^{_SENTENCE_END}\n]*(?:[{_SENTENCE_END}]+[{_CLOSERS}]*|(?=\n)|$)")


# Longer than any sentence of news (the longest in seeds/ and corpus/ has 345 characters):
# the stages after this one may take time in the square of a sentence, never of the text.
MAX_SENTENCE = 1000
_SENTENCE_BREAKS = "，；：、,;:"
_BLANKS = " \t\u3000\xa0"


def split_sentences(doc_id: str, cleaned: str, offsets: list[int]) -> Iterator[Sentence]:
    """Sentences of cleaned text, at final punctuation and line ends; blank-free, with offsets.

    A sentence longer than ``MAX_SENTENCE`` is split after its last clause mark that fits
    (or, with none, at the bound): a run-on text still reaches the later stages in pieces.

    >>> run_on = "甲" * 600 + "，" + "乙" * 900
    >>> [len(s.text) for s in split_sentences("d", run_on, list(range(len(run_on))))]
    [601, 900]
    """
    index = 0
    for paragraph, (line_start, line) in enumerate(_paragraphs(cleaned)):
        for match in _SENTENCE.finditer(line):
            for piece_start, piece_end in _bounded(match.group(0)):
                raw = match.group(0)[piece_start:piece_end]
                stripped = raw.strip(_BLANKS)
                if not stripped:
                    continue
                start = line_start + match.start() + piece_start + raw.index(stripped)
                end = start + len(stripped)
                yield Sentence(
                    doc_id=doc_id,
                    index=index,
                    paragraph=paragraph,
                    start=offsets[start],
                    end=offsets[end - 1] + 1,
                    text=stripped,
                    offsets=OffsetRuns.of(offsets[start:end]),
                )
                index += 1


def _bounded(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) pieces of ``text`` of at most ``MAX_SENTENCE`` characters (blanks at
    either end not counted), each ending after a clause mark where one fits."""
    start = len(text) - len(text.lstrip(_BLANKS))
    end = len(text.rstrip(_BLANKS))
    while end - start > MAX_SENTENCE:
        bound = start + MAX_SENTENCE
        cut = max(text.rfind(mark, start + 1, bound) for mark in _SENTENCE_BREAKS) + 1
        cut = cut if cut > start else bound
        yield start, cut
        start = cut
    yield start, len(text)


def _paragraphs(cleaned: str) -> Iterator[tuple[int, str]]:
    position = 0
    for line in cleaned.split("\n"):
        if line.strip():
            yield position, line
        position += len(line) + 1
