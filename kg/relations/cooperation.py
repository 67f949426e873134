"""``cooperatesWith``: two parties that cooperate, link up or jointly build (A與B合作, 深港合作)."""

from __future__ import annotations

import re

from kg.relations.context import SIGNATURES, DocumentContext
from kg.relations.cues import Cue, _cues, load_cues
from kg.relations.sentence import _MASK, SentenceView, SpanView, _subject_slot

__all__ = ["cooperation"]

_PARTNER = SIGNATURES["cooperatesWith"][0]


def _partners(view: SentenceView, pos: int, hi: int) -> list[SpanView]:
    """Partners listed from ``pos``, leaving out a place that only prefixes a platform (深圳前海)."""
    spans = view.run(pos, _PARTNER | {"Port"}, hi)
    return [
        s
        for s in spans
        if s.label in _PARTNER
        and not any(
            t.start == s.end and s.label == "Place" and t.label != "Place" for t in view.spans
        )
    ]


def cooperation(ctx: DocumentContext, view: SentenceView) -> None:
    """X與Y合作 / X聯動Y / X與Y共同… / 深港合作 (a compound of two place abbreviations)."""
    conj = _cues("cooperates", "conj")
    coop = _cues("cooperates", "with", "link", "joint")
    topic = next(
        (
            s
            for s in view.spans
            if s.label in _PARTNER and not _subject_slot(view, 0, s.start).strip(_MASK)
        ),
        None,
    )
    compounds = [m.span() for m in _compounds(view)]
    organize = _cues("participated", "organize")
    for pos, cue in view.find(coop):
        lo, hi = view.clause(pos)
        if any(0 <= pos - end <= 6 for _, end in compounds):
            continue  # 前海與河套作為深港合作的…: the cue belongs to the compound
        if any(view.masked.startswith(c.text, pos + len(cue.text)) for c in organize):
            continue  # 由A和B共同主辦: co-organizers of an event, not partners
        conj_hits = view.find(conj, lo, pos)
        at, c = conj_hits[-1] if conj_hits else (pos, cue)
        partners = _partners(view, at + len(c.text), pos) if conj_hits else []
        if partners or (conj_hits and cue.kind != "link"):  # X與Y合作 / X與Y攜手
            subject = view.before(at, _PARTNER, lo) or (
                topic if topic and topic.end <= at else None
            )
        elif cue.kind == "link":  # X聯動Y
            partners = _partners(view, pos + len(cue.text), hi)
            subject = view.before(pos, _PARTNER, lo) or topic
        else:
            continue
        if subject and subject.label == "Place":  # 深圳前海聯合…: the platform, not its city
            subject = next(
                (t for t in view.spans if t.start == subject.end and t.label in _PARTNER), subject
            )
        if subject is None:
            continue
        for partner in partners:
            ctx.add(
                view,
                subject.key,
                partner.key,
                f"cooperates_{cue.kind}",
                cue.weight,
                (min(subject.start, lo), hi),
            )
    _compound_cooperation(ctx, view, coop, topic)


def _compounds(view: SentenceView) -> list[re.Match[str]]:
    """Runs of distinct one-character place abbreviations outside mentions (深港, 深港澳)."""
    chars = "".join(c.text for c in load_cues("abbreviations"))
    return [
        m
        for m in re.finditer(f"[{chars}]{{2,4}}", view.masked)
        if len(set(m.group())) == len(m.group())
    ]


def _compound_cooperation(
    ctx: DocumentContext, view: SentenceView, coop: tuple[Cue, ...], topic: SpanView | None
) -> None:
    """深港合作: the first place of the compound cooperates with the others; 聯合港澳…: the
    compound is the object of the verb, so its places are the sentence subject's partners.

    The cue must sit close to the compound (within six characters after it, or right before).
    """
    abbr = {c.text: c.param for c in load_cues("abbreviations")}
    for match in _compounds(view):
        lo, hi = view.clause(match.start())
        keys = [ctx.place(abbr[ch]) for ch in match.group()]
        before = [
            c
            for p, c in view.find(coop, max(lo, match.start() - 3), match.start())
            if p + len(c.text) >= match.start() - 1
        ]
        after = [
            p
            for p, c in view.find(coop, match.end(), min(hi, match.end() + 8))
            if p - match.end() <= 6
        ]
        pairs: list[tuple[str | None, str | None]]
        if before and before[-1].kind == "link":
            pairs = [(topic.key, k) for k in keys] if topic and topic.end <= match.start() else []
        elif before or after:
            pairs = [(keys[0], k) for k in keys[1:]]
        else:
            continue
        for a, b in pairs:
            ctx.add(view, a, b, "cooperates_compound", None, (lo, hi))
