"""The rules' view of one sentence: its Simplified fold, the fold with every mention masked
out (so that a cue inside a name, 合作 in 前海深港現代服務業合作區, never fires) and its typed
spans in text order, with the clause and list helpers the rules share."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from kg.records import Mention, Resolution, Sentence
from kg.relations.cues import Cue, _cue_search, _cues, load_cues
from kg.text.normalize import to_simplified

__all__ = ["SpanView", "SentenceView", "sentence_view"]

_CLAUSE_END = set("，,；;：:。！？!?\n")


_SEGMENT_END = set("；;。！？!?\n")  # a semicolon closes one item of a report's list


_LIST_SEP = set("、,，及和与")


_ITEM_SEP = "、,，；;：:。】\n"


_SPACE = set(" \t\u3000\xa0")


_QUOTES = set('「」『』“”"《》')


_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")  # an aside: （簡稱「灣高賽」）


_MASK = "\x00"


@dataclass(frozen=True)
class SpanView:
    start: int
    end: int
    label: str
    key: str  # entity key; "" for Role mentions, which name no entity
    text: str


@dataclass
class SentenceView:
    """A sentence with its Simplified fold, masked fold and typed spans, in text order."""

    sent: Sentence
    fold: str
    masked: str
    spans: list[SpanView]
    para: int  # paragraph (ingest already joined sentences a layout broke)

    def clause(self, pos: int, marks: frozenset[str] | set[str] = _CLAUSE_END) -> tuple[int, int]:
        """Bounds of the clause (between ，；：。 or other ``marks``) holding ``pos``."""
        if marks is _CLAUSE_END:  # the rules ask this one most: bisect its marks
            ends = self.clause_ends
            i = bisect_left(ends, pos)
            return (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else len(self.masked))
        start = pos
        while start > 0 and self.masked[start - 1] not in marks:
            start -= 1
        end = pos
        while end < len(self.masked) and self.masked[end] not in marks:
            end += 1
        return start, end

    @cached_property
    def clause_ends(self) -> list[int]:
        """Offsets of the characters of ``_CLAUSE_END`` in ``masked``."""
        return [i for i, ch in enumerate(self.masked) if ch in _CLAUSE_END]

    def find(
        self, cues: tuple[Cue, ...], lo: int = 0, hi: int | None = None
    ) -> list[tuple[int, Cue]]:
        """Non-overlapping cue hits in ``masked[lo:hi]``, longest cue first at each place
        (``cues`` come longest first, as ``_cues`` gives them)."""
        hi = len(self.masked) if hi is None else hi
        if not _cue_search(cues).search(self.masked, lo, hi):
            return []  # most sentences hold none of a rule's cues: one regex scan says so
        hits: list[tuple[int, Cue]] = []
        taken: set[int] = set()
        for cue in cues:
            pos = self.masked.find(cue.text, lo)
            while pos != -1 and pos + len(cue.text) <= hi:
                cells = set(range(pos, pos + len(cue.text)))
                if not cells & taken:
                    hits.append((pos, cue))
                    taken |= cells
                pos = self.masked.find(cue.text, pos + 1)
        return sorted(hits, key=lambda h: h[0])

    def between(self, a: int, b: int) -> str:
        """Folded text between two offsets, without spaces."""
        return "".join(ch for ch in self.fold[a:b] if ch not in _SPACE)

    def before(self, pos: int, labels: set[str] | frozenset[str], lo: int = 0) -> SpanView | None:
        """Nearest span of one of ``labels`` ending at or before ``pos`` (and after ``lo``)."""
        found = [s for s in self.spans if s.label in labels and lo <= s.start and s.end <= pos]
        return found[-1] if found else None

    def after(
        self, pos: int, labels: set[str] | frozenset[str], hi: int | None = None
    ) -> list[SpanView]:
        """Spans of ``labels`` inside ``[pos, hi)``."""
        hi = len(self.fold) if hi is None else hi
        return [s for s in self.spans if s.label in labels and s.start >= pos and s.end <= hi]

    def run(
        self, pos: int, labels: set[str] | frozenset[str], hi: int | None = None
    ) -> list[SpanView]:
        """Spans of ``labels`` in the list starting at ``pos`` (A、B和C), which ends at other text."""
        hi = len(self.fold) if hi is None else hi
        listed: list[SpanView] = []
        for s in self.spans:
            if s.start < pos or s.end > hi:
                continue
            gap = set(self.between(pos, s.start))
            if s.label == "Role" or not (
                gap <= _QUOTES or (listed and gap <= _LIST_SEP | _QUOTES | set("（）()"))
            ):
                break
            listed.append(s)
            pos = s.end
        return [s for s in listed if s.label in labels]


def sentence_view(
    sent: Sentence, mentions: Sequence[Mention], resolution: Resolution
) -> SentenceView:
    """The rules' view of one sentence: mentions that resolve (or are roles), in text order."""
    fold = to_simplified(sent.text)
    spans = []
    for m in mentions:
        key = None if m.label == "Role" else resolution.entity_of.get(m)
        if not 0 <= m.start < m.end <= len(fold) or (m.label != "Role" and key is None):
            continue
        try:
            label = "Role" if key is None else resolution.entity(key).label
        except KeyError:
            continue  # resolved to a key the resolution does not list: nothing to relate
        spans.append(SpanView(m.start, m.end, label, key or "", fold[m.start : m.end]))
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[SpanView] = []
    for s in spans:  # drop mentions nested in a longer one: one reading per character
        if not kept or s.start >= kept[-1].end:
            kept.append(s)
    masked = list(fold)
    for s in kept:
        masked[s.start : s.end] = _MASK * (s.end - s.start)
    return SentenceView(sent, fold, "".join(masked), kept, sent.paragraph)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a clause to its words: no spaces or punctuation at either end."""
    junk = _SPACE | _CLAUSE_END | set("\n")
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end


def _skip_space_back(text: str, pos: int) -> int:
    """``pos`` moved left over spaces (bylines put a space before the name)."""
    while pos > 0 and text[pos - 1] in _SPACE:
        pos -= 1
    return pos


@cache
def _slot_openers(advice: bool) -> tuple[Cue, ...]:
    """What ``_subject_slot`` strips off the front of a clause, longest first."""
    return tuple(
        sorted(
            load_cues("continuation") + (_cues("proposed", "advocate") if advice else ()),
            key=lambda c: -len(c.text),
        )
    )


def _subject_slot(view: SentenceView, lo: int, pos: int, advice: bool = True) -> str:
    """What stands before a cue in its clause, minus pronouns, linking adverbs and (with
    ``advice``) openers of advice such as 一是, 應."""
    text = "".join(ch for ch in view.masked[lo:pos] if ch not in _SPACE)
    words = _slot_openers(advice)
    changed = True
    while changed and text:
        changed = False
        for w in words:
            if text.startswith(w.text):
                text, changed = text[len(w.text) :], True
    return text


def _is_time_frame(view: SentenceView, ini: SpanView) -> bool:
    """「十五五」開局之年, 「一國兩制」優勢: the initiative is a setting, nobody proposes it here."""
    tail = view.masked[ini.end : ini.end + 6].lstrip('」”" ')
    return any(tail.startswith(c.text) for c in _cues("proposed", "frame"))


def _skip_space(text: str, pos: int) -> int:
    """``pos`` moved right over spaces (columns indent with full-width spaces)."""
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos
