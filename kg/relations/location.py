"""``locatedIn``: a place in front of a name (深圳前海), 在 + place + 舉行, 位於, a place that
has the thing (羅湖區坐擁羅湖、文錦渡兩大口岸), a company of a place."""

from __future__ import annotations

import re

from kg.relations.context import SIGNATURES, DocumentContext
from kg.relations.cues import _cues, load_cues
from kg.relations.rules import confidence
from kg.relations.sentence import (
    _BRACKETED,
    _LIST_SEP,
    _MASK,
    _SEGMENT_END,
    SentenceView,
    SpanView,
    _skip_space,
    _subject_slot,
)
from kg.text.normalize import fold_key

__all__ = ["locations"]

_LOCATABLE = SIGNATURES["locatedIn"][0]


def _abbreviated_places(
    ctx: DocumentContext, view: SentenceView, pos: int
) -> list[tuple[str, int]]:
    """Places written as one character right at ``pos`` (在深舉行 → 深圳): (key, end)."""
    for cue in load_cues("abbreviations"):
        if view.masked.startswith(cue.text, pos):
            key = ctx.place(cue.param)
            return [(key, pos + len(cue.text))] if key else []
    return []


def locations(ctx: DocumentContext, view: SentenceView) -> None:
    """深圳前海; X區坐擁A、B口岸; X位於Y; X在Y舉行; X作為Y…; 深圳科技企業Z; A、B等深圳企業."""
    spans = view.spans
    for a, b in zip(spans, spans[1:]):
        if a.label == "Place" and b.start == a.end and b.label in _LOCATABLE:
            ctx.add(view, b.key, a.key, "located_prefix", None, (a.start, b.end))
    _located_has(ctx, view)
    _located_in(ctx, view)
    _located_held(ctx, view)
    _located_described_as(ctx, view)
    _located_district(ctx, view)
    _located_orgnoun(ctx, view)
    _located_surface(ctx, view)
    _located_built(ctx, view)
    _located_event_name(ctx, view)
    _located_fronted(ctx, view)


def _located_has(ctx: DocumentContext, view: SentenceView) -> None:
    """X坐擁A、B、C: the place before the cue contains what is listed after it."""
    container: SpanView | None = None
    for pos, cue in view.find(_cues("located", "has")):
        lo, hi = view.clause(pos)
        place = view.before(pos, {"Place"}, lo)
        slot = _subject_slot(view, place.end if place else lo, pos)
        if place and len(slot.strip(_MASK)) <= 4:
            container = place
        elif place or slot.strip(_MASK):
            continue  # (with no place, 也有/還有 continues the previous container)
        if container is None:
            continue
        things = [s.key for s in view.run(pos + len(cue.text), _LOCATABLE - {"Place"}, hi)]
        for key in things + _elliptic_list(ctx, view, pos + len(cue.text), hi):
            ctx.add(
                view,
                key,
                container.key,
                "located_has",
                cue.weight,
                (container.start if container.start >= lo else lo, hi),
            )


_COUNTED = re.compile(r"(?:等)?[一二三四五六七八九十两几多\d]+[大个座家]?$")


def _elliptic_list(ctx: DocumentContext, view: SentenceView, start: int, hi: int) -> list[str]:
    """羅湖、文錦渡、蓮塘三大口岸: items sharing a class noun, as the corpus names them."""
    for noun in _cues("located", "classnoun"):
        end = view.fold.find(noun.text, start, hi)
        counted = _COUNTED.search(view.fold, start, end) if end > start else None
        if counted is None:
            continue
        items = re.split(r"[、,，和及与]", view.fold[start : counted.start()])
        tables = [ctx.by_name(label) for label in ("Port", "Platform")]
        return [
            t[item.strip() + noun.text]
            for item in items
            for t in tables
            if item.strip() + noun.text in t
        ]
    return []


def _located_in(ctx: DocumentContext, view: SentenceView) -> None:
    """X位於Y / X作為Y…: the thing before the cue lies in the place right after it."""
    for pos, cue in view.find(_cues("located", "in", "as")):
        lo, hi = view.clause(pos)
        thing = view.before(pos, _LOCATABLE, lo)
        after = view.run(pos + len(cue.text), {"Place"}, hi)
        if not thing or not after or view.between(thing.end, pos):
            continue
        if cue.kind == "as" and view.between(pos + len(cue.text), after[0].start):
            continue
        for place in after if cue.kind == "in" else after[:1]:
            ctx.add(
                view, thing.key, place.key, f"located_{cue.kind}", cue.weight, (thing.start, hi)
            )


def _located_fronted(ctx: DocumentContext, view: SentenceView) -> None:
    """作為羅湖東部的後花園，蓮塘片區…: a fronted 作為 + place + part (東部, 境內) + 的 + noun
    describes the subject that opens the next clause as lying in that place."""
    parts = tuple(c.text for c in _cues("located", "part"))
    for pos, cue in view.find(_cues("located", "as")):
        lo, hi = view.clause(pos)
        after = view.run(pos + len(cue.text), {"Place"}, hi)
        if (
            view.masked[lo:pos].strip()
            or len(after) != 1
            or hi >= len(view.masked)
            or view.between(pos + len(cue.text), after[0].start)
        ):
            continue
        tail = view.between(after[0].end, hi)
        if (
            not tail.startswith(parts)
            or "的" not in tail
            or _MASK in view.masked[after[0].end : hi]
        ):
            continue
        start = _skip_space(view.masked, hi + 1)
        thing = next((s for s in view.spans if s.start == start and s.label in _LOCATABLE), None)
        if thing:
            ctx.add(
                view,
                thing.key,
                after[0].key,
                "located_fronted",
                cue.weight,
                (lo, view.clause(start)[1]),
            )


def _located_described_as(ctx: DocumentContext, view: SentenceView) -> None:
    """東門老街是港人熟悉的深圳商業街: X is (作為/是) a street, city or firm of place P."""
    nouns = tuple(c.text for c in _cues("located", "placenoun"))
    for pos, cue in view.find(_cues("located", "is", "as")):
        lo, hi = view.clause(pos)
        thing = view.before(pos, _LOCATABLE, lo)
        if not thing or view.between(thing.end, pos):
            continue
        for place in view.after(pos + len(cue.text), {"Place"}, hi):
            tail = view.between(place.end, hi)
            if len(tail) <= 4 and tail.endswith(nouns) and _MASK not in view.masked[place.end : hi]:
                ctx.add(
                    view, thing.key, place.key, "located_described", cue.weight, (thing.start, hi)
                )


def _located_held(ctx: DocumentContext, view: SentenceView) -> None:
    """X在/於Y(同步)舉行: events held and companies grown in a place; Y(共同)舉行Z too."""
    manner = {""} | {c.text for c in _cues("located", "manner")}
    for pos, cue in view.find(_cues("located", "held")):
        lo, hi = view.clause(pos)
        at = max(view.masked.rfind("在", lo, pos), view.masked.rfind("于", lo, pos))
        if at >= 0:
            places = view.run(at + 1, {"Place"}, pos) or [
                SpanView(at + 1, e, "Place", k, "")
                for k, e in _abbreviated_places(ctx, view, at + 1)
            ]
            thing = view.before(at, _LOCATABLE - {"Place"}, lo)
            gap = _BRACKETED.sub("", view.masked[thing.end : at]) if thing else ""
            if (
                places
                and thing
                and view.between(places[-1].end, pos) in manner
                and len(gap) <= 10
                and _MASK not in gap
            ):
                for place in places:
                    ctx.add(
                        view, thing.key, place.key, "located_held", cue.weight, (thing.start, hi)
                    )
    for pos, cue in view.find(_cues("located", "host")):
        lo, hi = view.clause(pos)
        host = view.before(pos, {"Place"}, lo)
        events = view.run(pos + len(cue.text), {"Event"}, hi)
        if host and events and view.between(host.end, pos) in manner:
            ctx.add(
                view,
                events[0].key,
                host.key,
                "located_host",
                cue.weight,
                (host.start, events[0].end),
            )


_ADVERBIAL = 4  # characters of manner (高水平, 加快, 全力) allowed between a site and its verb


def _located_built(ctx: DocumentContext, view: SentenceView) -> None:
    """依託P，建設Y / 在P建設Y: a platform, port or body built on or in a place lies in it.

    After 依託 the place must close its clause or meet the verb (依託香港的優勢 is no site);
    the first building verb of the segment takes the things listed after it.
    """
    builds = _cues("located", "build")
    sites = [(p, len(c.text), c.weight) for p, c in view.find(_cues("located", "base"))]
    sites += [
        (m.start(), 1, confidence("located_built:at"))
        for m in re.finditer("(?<![关由对基属等用])[在于]", view.masked)
    ]
    for pos, width, weight in sites:
        lo, hi = view.clause(pos)
        places = view.run(pos + width, {"Place"}, hi)
        if len(places) != 1:
            continue
        rest = view.between(places[-1].end, hi)
        verb = next(
            (
                c
                for c in builds
                if 0 <= rest.find(c.text) <= _ADVERBIAL
                and not set(rest[: rest.find(c.text)]) & set("的之" + _MASK)
            ),
            None,
        )
        if verb is None and (width == 1 or rest):
            continue  # 在P(高水平)建設: the verb follows; 依託P: or the clause ends there
        _, seg_hi = view.clause(pos, _SEGMENT_END)
        found = view.find(builds, places[-1].end, seg_hi)
        if not found:
            continue
        at, cue = found[0]
        for thing in view.run(
            at + len(cue.text), _LOCATABLE - {"Place", "Event"}, view.clause(at)[1]
        ):
            ctx.add(
                view,
                thing.key,
                places[0].key,
                "located_built",
                weight * cue.weight,
                (lo, view.clause(at)[1]),
            )


def _located_district(ctx: DocumentContext, view: SentenceView) -> None:
    """羅湖區在深圳率先…: a district acting "in" a city lies in that city."""
    for a in view.spans:
        if (
            a.label != "Place"
            or not a.text.endswith("区")
            or view.masked[a.end : a.end + 1] != "在"
        ):
            continue
        city = next((s for s in view.spans if s.start == a.end + 1 and s.label == "Place"), None)
        if city and not city.text.endswith("区"):
            ctx.add(
                view, a.key, city.key, "located_district", None, (a.start, view.clause(a.start)[1])
            )


def _located_surface(ctx: DocumentContext, view: SentenceView) -> None:
    """深圳前海 / 香港紅花嶺 as one mention: a place prefixed to the name of the thing.

    For platforms and ports the rest must be another name of the thing (not 羅湖+口岸); for
    places a name of two or more characters that is no class noun (香港+特別行政區 is one place).
    """
    places = ctx.doc_names("Place")
    nouns = {c.text for c in _cues("located", "classnoun") + _cues("partof", "zone")}
    heads = tuple(c.text for c in _cues("located", "geohead"))
    for span in (s for s in view.spans if s.label in ("Platform", "Port", "Place") and s.key):
        surface = fold_key(span.text)
        hits = [
            (n, k)
            for n, k in places
            if surface.startswith(n)
            and k != span.key
            and (
                surface[len(n) :] in ctx.names(span.key)
                or (
                    span.label == "Place"
                    and len(surface) - len(n) >= 2
                    and surface[len(n) :] not in nouns
                    and not surface[len(n) :].startswith(heads)
                )
            )
        ]
        if hits:
            _, key = max(hits, key=lambda h: (len(h[0]), h[1]))
            ctx.add(view, span.key, key, "located_surface", None, (span.start, span.end))


_YEAR = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})年")


def _located_event_name(ctx: DocumentContext, view: SentenceView) -> None:
    """2026年深圳APEC高官會: an event dated by its year and then named after a place is held there
    (a place after an edition, 第六屆粵港澳大灣區…大賽, names its scope, not its venue)."""
    places = ctx.doc_names("Place")
    for span in (s for s in view.spans if s.label == "Event" and s.key):
        surface = fold_key(span.text)
        year = _YEAR.match(surface)
        rest = surface[year.end() :] if year else ""
        hits = [(n, k) for n, k in places if rest.startswith(n) and len(rest) - len(n) >= 2]
        if hits:
            _, key = max(hits, key=lambda h: (len(h[0]), h[1]))
            ctx.add(view, span.key, key, "located_event_name", None, (span.start, span.end))


def _located_orgnoun(ctx: DocumentContext, view: SentenceView) -> None:
    """深圳科技企業來畫 / 平安、招行等四家深圳龍頭企業: a company described by its place."""
    for pos, cue in view.find(_cues("located", "orgnoun")):
        lo, hi = view.clause(pos)
        place = view.before(pos, {"Place"}, lo)
        if (
            not place
            or len(view.between(place.end, pos)) > 4
            or _MASK in view.masked[place.end : pos]
        ):
            continue
        end = pos + len(cue.text)
        nxt = [s for s in view.spans if s.start == end and s.label == "Organization"]
        listed: list[SpanView] = []
        if not nxt:
            head = re.search(
                r"(?:这样的|等)?(?:[一二三四五六七八九十两几多\d]+家)?$",
                view.masked[lo : place.start],
            )
            cut = lo + head.start() if head else place.start
            orgs = [
                s
                for s in view.spans
                if s.label == "Organization" and lo <= s.start and s.end <= cut
            ]
            if orgs and view.between(orgs[-1].end, cut) == "":
                listed = [
                    o for o in orgs if not set(view.masked[o.end : cut]) - _LIST_SEP - {_MASK}
                ]
        for org in nxt + listed:
            ctx.add(view, org.key, place.key, "located_described", cue.weight, (lo, hi))
