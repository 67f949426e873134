"""Merging the sources' candidates into one reading of each sentence, and what the whole
document adds (other occurrences of a name, programmes marked twice, acronyms of events).

A span that strictly contains every span it overlaps replaces them, whatever their source (the
fullest proper name wins: 深圳市政協 over 深圳, 《…措施》 over 羅湖); otherwise the earlier
source wins (a crossing or an identical span). A Person is swallowed only by a longer Person
(覃偉 by 覃偉中), a Role by nothing, and a Role swallows nothing: it sits next to its Person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import ahocorasick
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.entities.checks import _trailing_heads
from kg.entities.lexicon import _ACRONYM, _PUNCT, _QUOTE_CHARS, _QUOTES, load_heads
from kg.entities.sources import MODEL, SOURCES
from kg.entities.words import _quote_pairs, sentence_texts
from kg.text.normalize import to_simplified

__all__ = ["Candidate", "merge_candidates"]


@dataclass(frozen=True)
class Candidate:
    """A span proposed by one source, before merging."""

    start: int
    end: int
    label: str
    source: str
    rule: str = ""  # the pattern, rule or case of the source that proposed it

    @property
    def rank(self) -> int:
        """The source's precedence; the entity model's spans come before every rule's."""
        return -1 if self.source == MODEL["name"] else SOURCES.index(self.source)

    def precedence(self) -> tuple[int, int, int, str, str]:
        """Sort key: source first, then longer spans, then text order (a total order)."""
        return self.rank, self.start - self.end, self.start, self.label, self.rule

    def contains(self, other: Candidate) -> bool:
        return (
            self.start <= other.start
            and other.end <= self.end
            and (self.end - self.start) > (other.end - other.start)
        )

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def merge_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates by the precedence in the module docstring.

    >>> merge_candidates([Candidate(0, 2, "Place", "kg_gazetteer"),
    ...                   Candidate(0, 5, "Organization", "kg_shape_ruler"),
    ...                   Candidate(3, 7, "Initiative", "kg_quote_ruler")])
    [Candidate(start=3, end=7, label='Initiative', source='kg_quote_ruler', rule=''), \
Candidate(start=0, end=2, label='Place', source='kg_gazetteer', rule='')]
    """
    accepted: list[Candidate] = []
    for cand in sorted(set(candidates), key=Candidate.precedence):
        clashes = [a for a in accepted if a.overlaps(cand)]
        if not clashes:
            accepted.append(cand)
        elif cand.label != "Role" and all(
            cand.contains(a)
            and a.label != "Role"
            and (a.label != "Person" or cand.label == "Person")
            for a in clashes
        ):
            accepted = [a for a in accepted if a not in clashes] + [cand]
    return accepted


def _marked_forms(doc: Doc) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """A sentence's bare quoted phrases and its initiative-headed shapes, each as (start, end,
    folded core): the core of 「甲乙」 is 甲乙, of 甲乙模式 (a shape, kept or not) 甲乙, and
    of 丙丁甲乙模式 also 丁甲乙 and 甲乙 (from each word on)."""
    text, norm = sentence_texts(doc)
    quotes = [
        (a, b + 1, norm[a + 1 : b])
        for a, b in _quote_pairs(text)
        if 3 <= b - a - 1 <= 12 and not any(c in _PUNCT for c in norm[a + 1 : b])
    ]
    shapes = [
        (t.idx, span.end_char, norm[t.idx : span[_trailing_heads(span) - 1].idx + 1])
        for span in filter_spans(doc.spans.get("kg_shape_ruler", []))
        if span.label_ == "Initiative" and _trailing_heads(span)
        for t in span[: _trailing_heads(span)]
        if t._.kg_word_start
    ]
    return quotes, shapes


def _quoted_programmes(marked) -> list[list[Candidate]]:
    """Per sentence, the programmes a document marks twice: an author who quotes 「甲乙」 once
    and writes 甲乙模式 (or 機制, 政策 …) elsewhere names a programme by both, even where
    neither alone reads as a name (「無感通關」 … 推行無感通關模式)."""
    quoted = {core for quotes, _ in marked for _, _, core in quotes}
    headed = {core for _, shapes in marked for _, _, core in shapes}
    return [
        [
            Candidate(a, b, "Initiative", "kg_quote_ruler", "marked-twice")
            for a, b, core in quotes
            if core in headed
        ]
        + [
            Candidate(a, b, "Initiative", "kg_shape_ruler", "marked-twice")
            for a, b, core in shapes
            if core in quoted
        ]
        for quotes, shapes in marked
    ]


def _anchored(role: Candidate, found: list[Candidate], text: str) -> bool:
    """A Role is kept only next to a Person or right after an Organization (記者從… is
    no title of anyone)."""

    def gap(a: int, b: int) -> bool:
        return a <= b and not text[a:b].strip(" \u3000」”")

    return any(
        (c.label == "Person" and (gap(role.end, c.start) or gap(c.end, role.start)))
        or (c.label == "Organization" and c.end == role.start)
        for c in found
    )


def _propagate(per_sentence):
    """Add other bare occurrences of names found in the document (宮清表示; a quoted name
    also without its quotes), and drop spans that run a known person into a clause
    (黃某某冀調解機制)."""
    people: dict[str, set[int]] = defaultdict(set)  # Simplified name -> lengths written
    for sentence, found in per_sentence:
        for c in found:
            if c.label == "Person" and c.end - c.start >= 2:
                people[to_simplified(sentence.text[c.start : c.end])].add(c.end - c.start)
    longest = max(map(len, people), default=0)
    per_sentence = [
        (
            sentence,
            [
                c
                for c in found
                if not _runs_person_on(sentence.text[c.start : c.end], c, people, longest)
            ],
        )
        for sentence, found in per_sentence
    ]
    names = {}
    for sentence, found in per_sentence:
        for c in found:
            text = sentence.text[c.start : c.end]
            if c.label != "Role" and len(text) >= (2 if c.label == "Person" else 3):
                names.setdefault(text, c.label)
            core = text[1:-1]
            if (
                text[:1] in "「『“"
                and _QUOTES.get(text[0]) == text[-1]
                and len(core) >= 4
                and not any(ch in _QUOTE_CHARS for ch in core)
            ):
                names.setdefault(core, c.label)  # 「大數據…對接」 is also written bare
    finder = ahocorasick.Automaton()
    for text, label in names.items():
        finder.add_word(text, (text, label))
    if names:
        finder.make_automaton()
    out = []
    for sentence, kept in per_sentence:
        extra = [
            Candidate(start, start + len(text), label, "kg_propagation", "same-name-in-document")
            for text, label, start in (_occurrences(finder, sentence.text) if names else ())
        ]
        out.append((sentence, merge_candidates(kept + extra)))
    return out


def _occurrences(finder: ahocorasick.Automaton, text: str) -> Iterator[tuple[str, str, int]]:
    """(name, label, start) of each name of ``finder`` in ``text``, a name's occurrences not
    overlapping each other (as ``re.finditer`` finds them), in one pass over the text for all
    the document's names rather than one per name (quadratic in a document's names)."""
    ends: dict[str, int] = {}
    for end, (name, label) in sorted(finder.iter(text), key=lambda hit: (hit[1][0], hit[0])):
        start = end + 1 - len(name)
        if start >= ends.get(name, 0):
            ends[name] = end + 1
            yield name, label, start


def _acronyms_of_events(per_sentence):
    """A Latin acronym the document also writes inside an event's name stands for that event
    (2026年APEC會議 … APEC在深圳舉辦): the model's body there is the event's short form."""
    events = [
        sentence.text[c.start : c.end]
        for sentence, found in per_sentence
        for c in found
        if c.label == "Event"
    ]

    def relabel(c: Candidate, text: str) -> Candidate:
        if (
            c.label == "Organization"
            and _ACRONYM.fullmatch(text)
            and any(text in event and text != event for event in events)
        ):
            return Candidate(c.start, c.end, "Event", c.source, "acronym-of-an-event")
        return c

    return [
        (sentence, [relabel(c, sentence.text[c.start : c.end]) for c in found])
        for sentence, found in per_sentence
    ]


def _runs_person_on(
    text: str, candidate: Candidate, people: Mapping[str, set[int]], longest: int
) -> bool:
    """Whether a non-person span opens with a known person's name not followed by a head
    (李某基金會 is a body named after a person; 黃某某冀調解機制 is a clause).

    ``people``: the document's person names, Simplified (``longest`` the longest), with the
    lengths they are written in; the span's openings are looked up there, not every name
    tried on every span.
    """
    if candidate.label in ("Person", "Role"):
        return False
    norm = to_simplified(text)
    return any(
        not _head_at_start(norm[length:])
        for end in range(min(len(norm), longest) + 1)
        for length in people.get(norm[:end], ())
    )


def _head_at_start(text: str) -> bool:
    heads = load_heads()
    return any(text[:size] in heads for size in range(1, min(6, len(text)) + 1))
