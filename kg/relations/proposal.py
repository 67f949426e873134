"""``proposed``: a proposing verb after a person or body governs the initiatives that follow
it (建議推出「X」), also across a speaker's paragraph and from a column's header."""

from __future__ import annotations

import re

from kg.relations.affiliation import _title_end
from kg.relations.context import DocumentContext
from kg.relations.cues import Cue, _cues
from kg.relations.lists import listed_with
from kg.relations.rules import confidence
from kg.relations.sentence import (
    _CLAUSE_END,
    _MASK,
    _SPACE,
    SentenceView,
    SpanView,
    _is_time_frame,
    _skip_space,
    _subject_slot,
)

__all__ = ["is_header", "proposals", "cataphora"]


def is_header(view: SentenceView) -> bool:
    """A speaker line of a column (香港X會會長 張三): only names and titles, ending in a person."""
    people = [s for s in view.spans if s.label == "Person"]
    if not people or view.spans[-1] is not people[-1]:
        return False
    rest = "".join(ch for ch in view.masked if ch != _MASK and ch not in _SPACE)
    titled = _title_end(rest) is not None or any(s.label == "Role" for s in view.spans)
    return (
        len(rest) <= 12
        and titled
        and not any(c.text in view.fold for c in _cues("affiliated", "byline"))
    )


_CERTAINTY = {"person": 1.0, "body": 0.9, "speaker": 0.8}
"""How sure a proposer is, by how it was found: a person before the cue, a body before it, or
the paragraph's last speaker; multiplies the cue's weight."""
_FAR_CUE = 0.9
"""A cue in an earlier clause than the initiative governs it less surely."""


def _proposer(ctx: DocumentContext, view: SentenceView, cue_pos: int) -> tuple[str | None, float]:
    """Who speaks at a cue: a person or body before it, else the paragraph's last speaker.

    A person named in an earlier clause does not speak at a cue whose clause has a subject of
    its own (張三出席會議，報告提出…); bylined reporters never speak.
    """
    lo, _ = view.clause(cue_pos)
    people = [
        s
        for s in view.spans
        if s.label == "Person" and s.end <= cue_pos and s.key not in ctx.reporters
    ]
    own = _subject_slot(view, lo, cue_pos)
    if people and (people[-1].start >= lo or not own.startswith(_subject_nouns())):
        return people[-1].key, _CERTAINTY["person"]
    body = view.before(cue_pos, {"Organization"}, lo)
    if body and _bare_or_placed(_subject_slot(view, body.end, cue_pos)):
        return body.key, _CERTAINTY["body"]
    slot = _subject_slot(view, lo, cue_pos)
    if not slot.strip(_MASK) and not any(lo <= s.start < cue_pos for s in view.spans):
        return ctx.speaker.get(view.para), _CERTAINTY["speaker"]
    return None, 0.0


_PLACED = re.compile(f"(?:在|于){_MASK}+(?:内|上)?")
"""Where the subject acts, between it and its verb (海關在某口岸上線…): a named place."""


def _bare_or_placed(slot: str) -> bool:
    """Whether only names, or the place where the subject acts, stand between it and the cue."""
    return not slot.strip(_MASK) or bool(_PLACED.fullmatch(slot))


def _subject_nouns() -> tuple[str, ...]:
    """Nouns that are the subject of the clause they open (報告, 會議), from proposed.tsv."""
    return tuple(c.text for c in _cues("proposed", "subject"))


def proposals(ctx: DocumentContext, view: SentenceView) -> None:
    """X建議/提出/表示… + initiatives; X作《報告》; X在《報告》中提出; 關於「Y」的建議."""
    cues = view.find(_cues("proposed", "verb", "speech"))
    for ini in (s for s in view.spans if s.label == "Initiative"):
        if _is_time_frame(view, ini):
            continue
        rules = (
            lambda ini: _proposed_adjacent(ctx, view, ini),
            lambda ini: _proposed_governed(ctx, view, ini, cues),
            lambda ini: _proposed_in_document(ctx, view, ini, cues),
            lambda ini: _proposed_about(ctx, view, ini),
            lambda ini: _proposed_continued(ctx, view, ini),
        )
        for rule in rules:  # the first rule that finds a proposer wins
            subject, conf, source, clause = rule(ini) or (None, None, "", None)
            if subject:
                ctx.add(view, subject, ini.key, source, conf, clause)
                for person in listed_with(view, subject, ini.start):
                    ctx.add(
                        view,
                        person.key,
                        ini.key,
                        f"{source}_listed",
                        confidence(source, conf),
                        clause,
                    )
                break


_Found = tuple[str | None, float | None, str, tuple[int, int]] | None


def _proposed_adjacent(ctx: DocumentContext, view: SentenceView, ini: SpanView) -> _Found:
    """張三作政府工作報告 / 提交《…》: a light verb right before the initiative."""
    head = view.masked[: ini.start].rstrip('「“"《 ')
    cue = next((c for c in _cues("proposed", "before") if head.endswith(c.text)), None)
    if cue is None:
        return None
    subject, factor = _proposer(ctx, view, len(head) - len(cue.text))
    return subject, cue.weight * factor, "proposed_before", view.clause(ini.start)


def _proposed_governed(
    ctx: DocumentContext, view: SentenceView, ini: SpanView, cues: list[tuple[int, Cue]]
) -> _Found:
    """X建議/表示… then the initiative, unless another person or a new subject intervenes.

    The nearest cue before the initiative governs it; when its clause names no proposer
    (他指出，前海將推出「X」) the cue before it is tried.
    """
    lo, hi = view.clause(ini.start)
    opener = next((s for s in view.spans if s.start >= lo), None)
    for pos, cue in reversed([(p, c) for p, c in cues if p + len(c.text) <= ini.start]):
        if any(s.label == "Person" and pos < s.start < ini.start for s in view.spans):
            return None
        near = view.clause(pos) == (lo, hi)
        if (
            cue.kind == "speech"
            and not near
            and opener
            and opener.start == _skip_space(view.fold, lo)
            and opener.label in ("Initiative", "Platform", "Port", "Event")
        ):
            return None  # 他指出，《措施》緊扣…: the clause has a subject of its own
        if cue.kind == "speech" and not _advises(view, pos + len(cue.text), ini.start):
            return None  # 他表示，預計…實現「X」: reported speech, but no advice (應/要/可/建議)
        subject, factor = _proposer(ctx, view, pos)
        if subject:
            return (
                subject,
                cue.weight * factor * (1.0 if near else _FAR_CUE),
                f"proposed_{cue.kind}",
                (min(view.clause(pos)[0], lo), hi),
            )
    return None


def _advises(view: SentenceView, lo: int, hi: int) -> bool:
    """Whether ``masked[lo:hi]`` gives advice (應, 要, 可, 建議), not just 可以期待 or 重要."""
    cues = _cues("proposed", "advocate", "verb", "hedge")
    return any(c.kind != "hedge" for _, c in view.find(cues, lo, hi))


def _proposed_in_document(
    ctx: DocumentContext, view: SentenceView, ini: SpanView, cues: list[tuple[int, Cue]]
) -> _Found:
    """X在《報告》中提出…: the proposer speaks inside the document the initiative names."""
    lo, hi = view.clause(ini.start)
    inside = [(p, c) for p, c in cues if ini.end <= p < hi]
    if not inside or "在" not in view.masked[lo : ini.start]:
        return None
    subject, factor = _proposer(ctx, view, ini.start)
    return subject, inside[0][1].weight * factor, "proposed_in_document", (lo, hi)


def _proposed_about(ctx: DocumentContext, view: SentenceView, ini: SpanView) -> _Found:
    """關於X的(三點)建議: a proposal noun closes the phrase the initiative opens."""
    tail = view.masked[ini.end : ini.end + 12]
    cue = next(
        (
            c
            for c in _cues("proposed", "after")
            if re.match(rf"[」”\"]?的[^，,。；;：:{_MASK}]{{0,6}}?{re.escape(c.text)}", tail)
        ),
        None,
    )
    if cue is None:
        return None
    subject, factor = _proposer(ctx, view, ini.start)
    return subject, cue.weight * factor, "proposed_about", view.clause(ini.start)


def _proposed_continued(ctx: DocumentContext, view: SentenceView, ini: SpanView) -> _Found:
    """一是…/應…/同時… with no subject: the paragraph's speaker keeps proposing.

    In a column under a speaker line (香港X會會長 張三) every initiative is the speaker's.
    """
    if any(s.label in ("Person", "Organization") and s.start < ini.start for s in view.spans):
        return None
    lo, hi = view.clause(ini.start)
    speaker = ctx.speaker.get(view.para)
    if speaker and view.para in ctx.columns:
        return speaker, None, "proposed_column", (lo, hi)
    speaker = speaker or ctx.cataphora.get(view.para)
    if not speaker:
        return None
    starts = [0] + [i + 1 for i in range(lo) if view.masked[i] in _CLAUSE_END]
    for start in starts:
        place = next(
            (
                s
                for s in view.spans
                if s.start == _skip_space(view.fold, start) and s.label == "Place"
            ),
            None,
        )
        start = place.end if place else start  # 深圳可…: a place as the subject of advice
        opening = _subject_slot(view, start, hi, advice=False)  # 他還應…: 應 after 他還
        cue = next(
            (c for c in _cues("proposed", "advocate", "hedge") if opening.startswith(c.text)), None
        )
        if cue and cue.kind == "advocate":
            return speaker, cue.weight, "proposed_continued", (lo, hi)
    return None


def cataphora(views: list[SentenceView]) -> dict[int, str]:
    """Per paragraph, the first person who proposes or speaks (三是…。方舟提出，…)."""
    cues = _cues("proposed", "verb", "speech")
    bylines = tuple(c.text for c in _cues("affiliated", "byline"))
    found: dict[int, str] = {}
    for view in views:
        for pos, _ in view.find(cues):
            person = view.before(pos, {"Person"})
            if (
                person
                and person.key
                and view.para not in found
                and not view.fold[: person.start].rstrip().endswith(bylines)
            ):
                found[view.para] = person.key
    return found
