"""Who is listed with whom: people or bodies listed before a subject share its verb
(書記甲，市長乙，主席丙參加…; 委員甲及乙建議…)."""

from __future__ import annotations

from kg.relations.context import SIGNATURES
from kg.relations.cues import _cues
from kg.relations.sentence import _CLAUSE_END, _LIST_SEP, _MASK, _SPACE, SentenceView, SpanView

__all__ = ["listed_with", "listed_before"]


def listed_with(view: SentenceView, key: str, before: int) -> list[SpanView]:
    """The people (bodies) listed before the last mention of ``key`` ahead of ``before``: 委員
    甲及乙建議… — they propose too."""
    span = next((s for s in reversed(view.spans) if s.key == key and s.end <= before), None)
    return listed_before(view, span) if span else []


def _has_verb(text: str) -> bool:
    """Whether ``text`` holds a verb of speech, proposal, attending or organizing."""
    return any(
        c.text in text
        for c in _cues("proposed", "verb", "speech") + _cues("participated", "attend", "organize")
    )


def listed_before(view: SentenceView, subject: SpanView) -> list[SpanView]:
    """書記甲，市長乙，主席丙參加… / A與B合辦…: the people (bodies) listed before the subject. A
    person may have its own titles and bodies before it, but no verb; bodies stand bare."""
    if subject.label not in SIGNATURES["participatedIn"][0]:  # people and bodies
        return []
    titles = 3 if subject.label == "Person" else 0  # characters not in a mention: 黨組書記
    listed, nxt = [], subject
    while (earlier := view.before(nxt.start, {subject.label})) is not None:
        gap = view.masked[earlier.end : nxt.start]
        rest = "".join(ch for ch in gap if ch not in _LIST_SEP and ch not in _SPACE and ch != _MASK)
        if (
            not set(gap) & _LIST_SEP
            or set(gap) & (_CLAUSE_END - _LIST_SEP)
            or len(rest) > titles
            or "的" in rest
            or _has_verb(rest)
            or (not titles and _MASK in gap)
        ):
            break
        listed.append(earlier)
        nxt = earlier
    return listed[::-1]
