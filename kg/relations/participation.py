"""``participatedIn``: who attended, spoke at, organized or reported to an event, also when
the event is named a sentence or two before (在會上, 本屆論壇)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from kg.relations.affiliation import _LEVELS, _known_government
from kg.relations.context import SIGNATURES, DocumentContext
from kg.relations.cues import Cue, _cues, closed_class
from kg.relations.lists import _has_verb, listed_before
from kg.relations.rules import confidence
from kg.relations.sentence import (
    _BRACKETED,
    _CLAUSE_END,
    _LIST_SEP,
    _MASK,
    _QUOTES,
    _SPACE,
    SentenceView,
    SpanView,
    _skip_space,
    _subject_slot,
)

__all__ = ["participation", "named_participants"]

_PARTICIPANT = SIGNATURES["participatedIn"][0]


_DETERMINERS = "|".join(sorted(closed_class("determiners"), key=lambda w: (-len(w), w)))
"""本屆, 此次 …: "this (session of)" points back to an event."""


def _last_event(ctx: DocumentContext, noun: str) -> str | None:
    """The last event mentioned whose name ends with ``noun``, else the event named in the last
    few sentences (在啟動儀式上: the ceremony of the event just reported)."""
    for key in reversed(ctx.events):
        if any(n.endswith(noun) for n in ctx.names(key)):
            return key
    last = ctx.events[-1] if ctx.events else None
    seen = ctx.event_seen.get(last, -1) if last else -1
    return last if seen >= ctx.story and ctx.now - seen <= _RECENT else None


_RECENT = 4  # sentences within which a bare 活動/儀式 still means the event last named


def _event_anaphor(ctx: DocumentContext, view: SentenceView, lo: int, hi: int) -> str | None:
    """本屆大賽 / 本次兩會: a determiner and an event noun point back to an event."""
    for cue in _cues("participated", "anaphor"):
        if re.search(
            rf"(?:{_DETERMINERS}|该)[^{_MASK}，,。]{{0,3}}?{cue.text}", view.masked[lo:hi]
        ):
            return _last_event(ctx, cue.text)
    return None


def participation(ctx: DocumentContext, view: SentenceView) -> None:
    """出席/參加X; 在X上發言; 由A、B主辦; 向大會作報告; 在X中，張三表示; 獲得本屆大賽金獎."""
    for pos, cue in view.find(_cues("participated", "attend", "organize")):
        lo, hi = view.clause(pos)
        subject = view.before(pos, _PARTICIPANT, lo)
        events = view.run(
            pos + len(cue.text) + (view.masked[pos + len(cue.text) :].startswith("了")),
            {"Event"},
            hi,
        )
        if not events:
            events = [
                s
                for s in view.after(pos + len(cue.text), {"Event"}, hi)
                if view.between(pos + len(cue.text), s.start).endswith("的")
            ]
        organizers = _organizers(view, pos, lo)
        if organizers:  # 由A主辦的X / X…，由A、B共同主辦 / 本屆大賽由A主辦
            earlier = view.before(lo, {"Event"})
            event = (
                events[0].key
                if events
                else _event_anaphor(ctx, view, 0, len(view.masked))
                or (earlier.key if earlier else None)
            )
            for org in organizers:
                ctx.add(view, org.key, event, "participated_by", cue.weight, (lo, hi))
            continue
        slot = _subject_slot(view, subject.end, pos) if subject else ""
        if subject and len(_TIME.sub("", _BRACKETED.sub("", slot)).strip(_MASK)) <= 6:
            attended = [(e.key, f"participated_{cue.kind}") for e in events] or [
                (key, "participated_attend:event-noun")
                for key in [_event_noun_after(ctx, view, pos + len(cue.text))]
                if key and cue.kind == "attend"
            ]
            for event, rule in attended:
                for person in listed_before(view, subject):
                    ctx.add(
                        view,
                        person.key,
                        event,
                        "participated_listed",
                        confidence(rule, cue.weight),
                        (person.start, hi),
                    )
                ctx.add(view, subject.key, event, rule, cue.weight, (subject.start, hi))
        if not subject and events and cue.kind == "attend":
            attendee = _described_by_attending(view, events[-1], hi)
            if attendee:
                ctx.add(
                    view,
                    attendee.key,
                    events[-1].key,
                    "participated_attend:described",
                    cue.weight,
                    (pos, attendee.end),
                )
        if not events and cue.kind == "attend":
            _exhibitors(ctx, view, pos, cue)
    _participation_organizers(ctx, view)
    _participation_at(ctx, view)
    _participation_scene(ctx, view)
    _participation_plenary(ctx, view)
    _participation_award(ctx, view)


def _event_noun_after(ctx: DocumentContext, view: SentenceView, at: int) -> str | None:
    """參加活動 / 出席了會議: a bare event noun right after the verb is the event last named."""
    at += view.masked.startswith("了", at)
    noun = next(
        (c for c in _cues("participated", "anaphor") if view.masked.startswith(c.text, at)), None
    )
    return _last_event(ctx, noun.text) if noun else None


def _described_by_attending(view: SentenceView, event: SpanView, hi: int) -> SpanView | None:
    """出席X的委員、研究總監方舟指出: the person that attending the event describes, after its
    titles and bodies."""
    person = next(iter(view.after(event.end, {"Person"}, hi)), None)
    if person is None or not view.masked.startswith("的", event.end):
        return None
    rest = "".join(
        ch
        for ch in view.masked[event.end + 1 : person.start]
        if ch not in _LIST_SEP and ch not in _SPACE and ch not in _QUOTES and ch != _MASK
    )
    return person if len(rest) <= 3 and not _has_verb(rest) else None


def _exhibitors(ctx: DocumentContext, view: SentenceView, pos: int, cue: Cue) -> None:
    """博覽會…吸引了A、B等企業參展: the bodies listed before the verb attended the event before them."""
    lo, hi = view.clause(pos)
    listed = [s for s in view.spans if lo <= s.start and s.end <= pos]
    if (
        not listed
        or len(view.between(listed[-1].end, pos)) > 6
        or _MASK in view.masked[listed[-1].end : pos]
    ):
        return
    start = len(listed) - 1
    while start > 0 and set(view.between(listed[start - 1].end, listed[start].start)) <= _LIST_SEP:
        start -= 1  # back over the list A、B、C
    event = view.before(lo, {"Event"})
    if event is None:
        return
    for body in (s for s in listed[start:] if s.label in _PARTICIPANT):
        ctx.add(
            view,
            body.key,
            event.key,
            "participated_listed:exhibitors",
            cue.weight,
            (event.start, hi),
        )


def _participation_organizers(ctx: DocumentContext, view: SentenceView) -> None:
    """X博覽會…，主辦方為A、B: the named organizers took part in the sentence's event."""
    for pos, cue in view.find(_cues("participated", "organizer")):
        start = pos + len(cue.text)
        start += view.masked[start : start + 1] in ("为", "是")
        event = view.before(pos, {"Event"}) or next(iter(view.after(start, {"Event"})), None)
        if event is None:
            continue
        for org in view.run(start, _PARTICIPANT, view.clause(start)[1]):
            ctx.add(
                view, org.key, event.key, "participated_organizer", cue.weight, view.clause(pos)
            )


def _organizers(view: SentenceView, pos: int, lo: int) -> list[SpanView]:
    """由A、B(共同)主辦: the bodies between 由 and the verb."""
    by = view.masked.rfind("由", lo, pos)
    if by < 0:
        return []
    found = view.run(by + 1, _PARTICIPANT, pos)
    last = max((s.end for s in view.spans if by < s.start and s.end <= pos), default=pos)
    tail = view.masked[last:pos]  # 江門市人民政府共同: what the list ends with before the verb
    return found if found and len(tail) <= 8 else []


def _participation_at(ctx: DocumentContext, view: SentenceView) -> None:
    """X在Y上/中/期間…: the subject of the clause was at the event (or at 本次兩會, 現場)."""
    for ev in (s for s in view.spans if s.label == "Event"):
        lo, hi = view.clause(ev.start)
        at = view.masked.rfind("在", lo, ev.start)
        rest = view.masked[ev.end : ev.end + 12]
        marker = next(
            (
                c
                for c in _cues("participated", "at")
                if re.match(rf"[^，,。{_MASK}]{{0,10}}?{c.text}", rest)
            ),
            None,
        )
        who = view.before(at, _PARTICIPANT, lo) if at >= 0 and not _negated(view, at) else None
        if marker and who and len(_TIME.sub("", view.between(who.end, at))) <= 4:
            ctx.add(view, who.key, ev.key, "participated_at", marker.weight, (who.start, hi))
    nouns = {c.text for c in _cues("participated", "anaphor")}
    for match in _AT_ANAPHOR.finditer(view.masked):
        if _negated(view, match.start()):
            continue  # 他不在現場
        lo, hi = view.clause(match.start())
        near = view.before(match.start(), _PARTICIPANT, lo)
        subject: str | None
        if near and len(view.between(near.end, match.start())) <= 2:
            subject = near.key
        elif (
            not _subject_slot(view, lo, match.start(), advice=False)
            and view.masked[lo : match.start()].strip()
        ):
            earlier = [
                s.key
                for s in view.spans
                if s.label == "Person" and s.end <= lo and s.key not in ctx.reporters
            ]  # 張三表示，他在博覽會上…
            subject = earlier[-1] if earlier else ctx.speaker.get(view.para)
        else:
            continue
        noun = match.group(2)
        if noun is not None and (match.group(1) or noun.endswith(tuple(nouns))):
            ctx.add(
                view, subject, _last_event(ctx, noun), "participated_at:anaphor", None, (lo, hi)
            )
        elif noun is None:
            ctx.add(view, subject, _session(ctx, view), "participated_at:session", None, (lo, hi))


def _negated(view: SentenceView, at: int) -> bool:
    """Whether the 在 at ``at`` is denied (不在, 沒在, 未在): the subject was not there."""
    return view.masked[max(at - 1, 0) : at] in ("不", "没", "未") and at > 0


# 在本屆論壇上 / 在博覽會上 / 在現場: (determiner, event noun), or neither for 現場
_TIME = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:[上下]午|晚上?)?|[今昨前明][天日]|[日近]前|近日"
)
"""A date or a day between a subject and its verb (覃偉中1月28日在…上表示)."""


_AT_ANAPHOR = re.compile(rf"在({_DETERMINERS})?([^\x00，,。在]{{1,4}}?)(?:上|中|期间)|在现场")


def _participation_scene(ctx: DocumentContext, view: SentenceView) -> None:
    """在X會議…中，張三表示 / 今年深圳兩會，人大舉行…: an opening clause sets the scene.

    The opening clause names an event (or points back to one: 在採訪中, 大會發言中) and the
    subject of the next clause took part in it.
    """
    starts = [0] + [i + 1 for i, ch in enumerate(view.masked) if ch in _CLAUSE_END]
    for lo, hi in sorted({view.clause(_skip_space(view.masked, st)) for st in starts}):
        if hi < len(view.masked):
            _scene_clause(ctx, view, lo, hi)


def _scene_clause(ctx: DocumentContext, view: SentenceView, lo: int, hi: int) -> None:
    """One candidate scene clause [lo, hi) and the clause after it."""
    events = [s.key for s in view.spans if s.label == "Event" and lo <= s.start < hi and s.key]
    text = view.masked[lo:hi].strip()
    marker = next((c for c in _cues("participated", "at") if text.endswith(c.text)), None)
    opened = (
        bool(events)
        or text.startswith(("在", "于"))
        or bool(view.find(_cues("participated", "plenary"), lo, hi))
    )
    venue = next((c for c in _cues("participated", "venue") if text == c.text), None)
    if not events and venue:  # 場內，張三表示: inside the event just reported
        marker, opened = venue, True
        events = [e for e in [_event_before(ctx, view, lo)] if e]
    if not events and marker and opened:
        events = [e for e in [_event_mentioned(ctx, view, lo, hi)] if e]
    if not events or any(
        s.label in ("Person", "Organization") and lo <= s.start < hi for s in view.spans
    ):
        return
    if not (marker and opened) and _subject_slot(view, lo, hi).replace(_MASK, ""):
        return  # neither a scene (在X上) nor a bare clause (X，張三表示)
    n_lo, n_hi = view.clause(hi + 1)
    start = _skip_space(view.masked, n_lo)
    people = [s for s in view.spans if s.label == "Person" and n_lo <= s.start < n_hi]
    first = next((s for s in view.spans if s.start >= start), None)
    subject = (
        people[0]
        if people
        else first
        if first and first.label == "Organization" and first.start == start
        else None
    )
    if subject is None:
        return
    for event in events:
        ctx.add(
            view,
            subject.key,
            event,
            "participated_scene",
            marker.weight if marker else None,
            (lo, n_hi),
        )


def _event_before(ctx: DocumentContext, view: SentenceView, lo: int) -> str | None:
    """The event named last before ``lo``: earlier in the sentence, else in the last few
    sentences of the current story."""
    here = view.before(lo, {"Event"})
    if here and here.key:
        return here.key
    earlier = [k for k in ctx.events if ctx.event_seen[k] < ctx.now]
    seen = ctx.event_seen[earlier[-1]] if earlier else -1
    return earlier[-1] if earlier and seen >= ctx.story and ctx.now - seen <= _RECENT else None


def _event_mentioned(ctx: DocumentContext, view: SentenceView, lo: int, hi: int) -> str | None:
    """The event a scene clause points back to: 大會 → the session, 採訪 → the 採訪活動."""
    if view.find(_cues("participated", "plenary"), lo, hi):
        return _session(ctx, view)
    words = re.findall(rf"[^{_MASK}在于的，,\s]{{2,6}}", view.masked[lo:hi])
    for word in words:
        stem = word.rstrip("中上期间现场")
        for key in reversed(ctx.events):
            if len(stem) >= 2 and any(stem in n for n in ctx.names(key)):
                return key
    return None


def _session(ctx: DocumentContext, view: SentenceView) -> str | None:
    """The session a 大會 refers to: one named in the sentence, else the document's first."""
    nouns = tuple(c.text for c in _cues("participated", "session"))
    here = [
        s.key
        for s in view.spans
        if s.label == "Event" and s.key and any(n.endswith(nouns) for n in ctx.names(s.key))
    ]
    sessions = [k for k in ctx.events if any(n.endswith(nouns) for n in ctx.names(k))]
    return (here or sessions or [None])[0]  # type: ignore[list-item]  # None: no session


def _participation_plenary(ctx: DocumentContext, view: SentenceView) -> None:
    """張三(代表市政府)向大會作報告 / 在大會上發言: the session being reported on."""
    for pos, cue in view.find(_cues("participated", "plenary")):
        if view.masked[pos - 1 : pos] not in ("向", "在"):
            continue
        lo, hi = view.clause(pos)
        event = _session(ctx, view)
        person = view.before(pos, {"Person"}, lo)
        if person and event:
            ctx.add(view, person.key, event, "participated_plenary", cue.weight, (lo, hi))
            rep = view.masked.rfind("代表", person.end, pos)
            if rep >= 0:
                bodies: list[str | None] = [b.key for b in view.run(rep + 2, {"Organization"}, pos)]
                level = re.match(rf"([{_LEVELS}])(?:人民)?政府", view.masked[rep + 2 : pos])
                if not bodies and level:  # 代表市政府: the government the person heads
                    bodies = [_known_government(ctx, person.key, level.group(1))]
                for body in bodies:
                    ctx.add(view, body, event, "participated_plenary:body", cue.weight, (lo, hi))


def _participation_award(ctx: DocumentContext, view: SentenceView) -> None:
    """A、B等…獲得本屆大賽金獎: winners took part in the event."""
    for pos, cue in view.find(_cues("participated", "award")):
        lo, hi = view.clause(pos)
        event = next((s.key for s in view.after(pos, {"Event"}, hi)), None) or _event_anaphor(
            ctx, view, pos, hi
        )
        if not event:
            continue
        for s in view.spans:
            if s.label in _PARTICIPANT and lo <= s.start and s.end <= pos:
                ctx.add(view, s.key, event, "participated_award", cue.weight, (lo, hi))


def named_participants(ctx: DocumentContext) -> Iterator[tuple[str, str, float | None]]:
    """AIE博覽會組委會 → AIE博覽會: an organizing committee named after its event."""
    organs = _cues("participated", "organ")
    events: dict[str, list[str]] = defaultdict(list)  # name -> the events called so
    for event in (k for k in ctx.doc_keys if ctx.label(k) == "Event"):
        for name in ctx.names(event):
            events[name].append(event)
    for org in (k for k in ctx.doc_keys if ctx.label(k) == "Organization"):
        for name in ctx.names(org):
            organ = next((o for o in organs if name.endswith(o.text)), None)
            if not organ:
                continue
            for ev in events.get(name[: -len(organ.text)], ()):
                yield org, ev, organ.weight
