"""The candidates of one sentence: every source's spans in precedence order, each passed
through the checks that concern it (word edges, counts, the shape vetoes), with the id of what
proposed it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.entities.checks import (
    _after_adverb,
    _coordinated,
    _counted,
    _inside_quote,
    _on_word_edges,
    _shape_ok,
    _trailing_heads,
    shape_verdict,
)
from kg.entities.lexicon import _sitting_heads
from kg.entities.merge import Candidate
from kg.entities.sources import SOURCES
from kg.entities.words import sentence_texts
from kg.text.normalize import abbreviates, to_simplified

__all__ = ["candidates", "sentence_candidates"]

_CACHE_KEY = "kg_candidates"


def sentence_candidates(doc: Doc) -> tuple[Candidate, ...]:
    """``candidates(doc)``, worked out once per sentence: the entity model's readings and the
    extraction after it both read them (they were a tenth of the entity stage twice over)."""
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is None:
        cached = doc.user_data[_CACHE_KEY] = tuple(candidates(doc))
    return cached


def candidates(doc: Doc) -> Iterator[Candidate]:
    """Candidates of every source present in ``doc.spans``, with per-source checks."""
    text = sentence_texts(doc)[0]
    for source in SOURCES:
        shapes: list[Span] = []
        kept: list[Span] = []
        classes: list[Span] = []  # shapes that describe a class: nothing inside them is a name
        for span in sorted(doc.spans.get(source, []), key=lambda s: (s.start, s.end)):
            if source in (
                "kg_gazetteer",
                "kg_cluener_ner",
                "kg_shape_ruler",
            ) and not _on_word_edges(span):
                continue
            if (
                source == "kg_cluener_ner"
                and span.label_ in ("Person", "Organization")
                and _inside_quote(span)
            ):
                continue
            if any(c.start <= span.start and span.end <= c.end for c in classes):
                continue  # 一家人形機器人公司 is counted, so 機器人公司 inside it names nothing
            if source in ("kg_shape_ruler", "kg_list_ruler") and _after_adverb(span):
                classes.append(span)
                continue
            if source == "kg_shape_ruler":
                span = _session_of_sitting(span)
                if not (_shape_ok(span) or _coordinated(span, shapes)):
                    continue
                shapes.append(span)
            if source in ("kg_shape_ruler", "kg_list_ruler", "kg_cluener_ner") and _counted(
                span, after=source == "kg_shape_ruler"
            ):
                classes.append(span)
                continue  # a count after list members closes the list (甲、乙兩家企業)
            kept.append(span)
        if source == "kg_shape_ruler":
            kept = filter_spans(kept)  # the first longest of the shapes that passed
        for span in kept:
            end = _closing_aside(text, span.start_char, span.end_char)
            rule = _rule_of(span, source)
            for start, stop in _bracketed_short_form(text, span.start_char, end):
                yield Candidate(start, stop, span.label_, source, rule)


def _rule_of(span: Span, source: str) -> str:
    """What a source says proposed ``span``: its pattern or rule id, and for a shape the head
    word that typed it and the check that let it pass (``kg explain-entity`` prints it)."""
    if source != "kg_shape_ruler":
        return span.id_
    head = span[_trailing_heads(span) :].text
    return f"{span.id_}, head {head}, {shape_verdict(span)[1]}"


def _closing_aside(text: str, start: int, end: int) -> int:
    """End of a name that stops inside an aside it opened (深圳市委黨校(社會主義學院): one past
    the closing bracket when that comes right after, else ``end``."""
    name = text[start:end]
    for opening, closing in (("(", ")"), ("（", "）")):
        if name.count(opening) > name.count(closing) and text.startswith(closing, end):
            return end + 1
    return end


_BRACKETED_AT_END = re.compile(r"^(.+?)[（(]([^（）()]+)[）)]$")


def _bracketed_short_form(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A name that closes with its own short form in brackets is two names, the long and the
    short (深圳市前海深港現代服務業合作區管理局（前海管理局）); any other aside stays part of
    the name (深圳市委黨校（社會主義學院）)."""
    match = _BRACKETED_AT_END.match(text[start:end])
    if match is None or not abbreviates(match.group(2), match.group(1)):
        return [(start, end)]
    short = start + match.start(2)
    return [(start, start + match.end(1)), (short, short + len(match.group(2)))]


def _session_of_sitting(span: Span) -> Span:
    """The session a sitting belongs to: 某市九屆人大三次會議第一次全體會議 names the session
    (某市九屆人大三次會議), its sittings are not events of their own; other spans as they are."""
    end = len(span) - 1
    while end > 0 and not span[end]._.kg_word_start:
        end -= 1  # the last word
    if span.label_ != "Event" or to_simplified(span[end:].text) not in _sitting_heads():
        return span
    while end and span[end - 1]._.kg_name == "ordinal" and not span[end - 1]._.kg_head:
        end -= 1
    if end and span[end - 1]._.kg_head == "Event":
        return Span(span.doc, span.start, span.start + end, label=span.label_, span_id=span.id_)
    return span
