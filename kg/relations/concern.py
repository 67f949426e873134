"""``concerns``: what an initiative is about, applies to or builds (「七通一平」 … 河套)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from kg.relations.context import DocumentContext
from kg.relations.cues import _cues
from kg.relations.part import _sentence_zone
from kg.relations.sentence import (
    _MASK,
    _SEGMENT_END,
    SentenceView,
    SpanView,
    _is_time_frame,
    _skip_space,
    _subject_slot,
)

__all__ = ["concerns", "named_concerns"]

_PLACE_LIKE = frozenset({"Port", "Platform", "Place"})


def concerns(ctx: DocumentContext, view: SentenceView) -> None:
    """河套「七通一平」; X方面，…口岸; 在X實施Y; an initiative and a port/platform in one clause."""
    spans = view.spans
    for a, b in zip(spans, spans[1:]):
        if (
            b.label == "Initiative"
            and a.label in _PLACE_LIKE
            and len(view.between(a.end, b.start)) <= 1
            and set(view.between(a.end, b.start)) <= set('的「“"')
        ):
            ctx.add(view, b.key, a.key, "concerns_prefix", None, (a.start, b.end))
    for ini in (s for s in spans if s.label == "Initiative"):
        if _is_time_frame(view, ini):
            continue  # 為「一國兩制」實踐注入新內涵: a setting is about nothing in its sentence
        lo, hi = view.clause(ini.start)
        tail = view.masked[ini.end : hi]
        topic = next(
            (c for c in _cues("concerns", "topic") if tail.lstrip('」”" ').startswith(c.text)), None
        )
        if topic and ini.start - lo <= 6:
            for thing in view.after(hi, _PLACE_LIKE, view.clause(hi, _SEGMENT_END)[1]):
                ctx.add(view, ini.key, thing.key, "concerns_topic", topic.weight)
            continue
        _concerns_sentence(ctx, view, ini)
        _concerns_of_place(ctx, view, ini)
        verbs = view.find(_cues("concerns", "verb"), lo, hi)
        for thing in (s for s in spans if s.label in _PLACE_LIKE and lo <= s.start and s.end <= hi):
            first, last = sorted((thing, ini), key=lambda s: s.start)
            if "、" in view.masked[first.end : last.start]:
                continue  # another item of a list: 「一區兩園」建設提速、北部都會區推進
            governing = [c for p, c in verbs if 0 <= thing.start - (p + len(c.text)) <= 1]
            weight: float | None
            if governing:
                weight = governing[0].weight
            elif thing.label == "Place":
                continue  # a place is too broad to link without a verb taking it as object
            else:
                weight = max(
                    (c.weight for p, c in verbs if first.end <= p < last.start), default=None
                )
            ctx.add(view, ini.key, thing.key, "concerns_clause", weight, (lo, hi))
    _concerns_anaphor(ctx, view)


def _concerns_anaphor(ctx: DocumentContext, view: SentenceView) -> None:
    """報告指出，… / 羅湖推出的舉措包括：…: a bare noun leads with the document's initiative."""
    leads = _cues("proposed", "speech", "verb") + _cues("concerns", "namely")
    for pos, cue in view.find(_cues("concerns", "anaphor")):
        lo, hi = view.clause(pos)
        after = _subject_slot(view, pos + len(cue.text), hi, advice=False)  # 報告還提出
        if not any(after.startswith(c.text) for c in leads):
            continue
        ini = ctx.memo(("anaphor", cue.param), partial(_last_initiative, ctx, cue.param))
        _, seg_hi = view.clause(pos, _SEGMENT_END)
        built = [
            s
            for p, c in view.find(_cues("concerns", "verb"), pos, seg_hi)
            for s in view.run(p + len(c.text), {"Organization"}, seg_hi)
        ]  # 建設X學院、Y學院
        for thing in (
            s
            for s in view.spans
            if (s.label in ("Port", "Platform") or s in built) and pos < s.start < seg_hi
        ):
            ctx.add(
                view,
                ini,
                thing.key,
                "concerns_anaphor",
                cue.weight,
                (lo, view.clause(thing.start)[1]),
            )


def _concerns_of_place(ctx: DocumentContext, view: SentenceView, ini: SpanView) -> None:
    """廣東提出要實施「X」: an initiative a place itself puts forward is about that place."""
    lo, _ = view.clause(ini.start)
    place = next(
        (s for s in view.spans if s.label == "Place" and s.start == _skip_space(view.fold, lo)),
        None,
    )
    if (
        place
        and view.find(_cues("proposed", "verb"), place.end, ini.start)
        and not any(place.end <= s.start < ini.start for s in view.spans)
    ):
        ctx.add(view, ini.key, place.key, "concerns_place", None, (lo, ini.end))


def _concerns_sentence(ctx: DocumentContext, view: SentenceView, ini: SpanView) -> None:
    """Ports and platforms of the sentence around an initiative that sums it up or leads it.

    形成「X」 after clauses naming platforms concerns them; 《措施》 or 報告 as the subject of a
    clause concerns the ports and platforms that follow; 「X」格局，即A、B lists its parts.
    """
    lo, hi = view.clause(ini.start)
    seg_lo, seg_hi = view.clause(ini.start, _SEGMENT_END)
    things = [
        s for s in view.spans if s.label in ("Port", "Platform") and seg_lo <= s.start < seg_hi
    ]
    window = lo
    for _ in range(2):  # the two clauses before the initiative's own
        window = view.clause(max(window - 1, seg_lo))[0] if window > seg_lo else window
    named = _named_after_platform(ctx, ini.key)  # 前海國土空間規劃 is about 前海 only
    for thing in (s for s in things if window <= s.start and s.end <= lo and not named):
        ctx.add(
            view, ini.key, thing.key, "concerns_sentence", None, (view.clause(thing.start)[0], hi)
        )
    zone = _sentence_zone(ctx, view)
    if zone and zone.end <= ini.start and not named:
        ctx.add(view, ini.key, zone.key, "concerns_zone", None, (zone.start, hi))
    leads = not _subject_slot(view, lo, ini.start).replace(_MASK, "")
    after = view.masked[hi + 1 :].lstrip()
    namely = next((c for c in _cues("concerns", "namely") if after.startswith(c.text)), None)
    if leads or namely:
        for thing in (s for s in things if s.start >= hi):
            ctx.add(
                view,
                ini.key,
                thing.key,
                "concerns_lead",
                namely.weight if namely else None,
                (lo, view.clause(thing.start)[1]),
            )


def _named_after_platform(ctx: DocumentContext, key: str | None) -> bool:
    """Whether an initiative's name opens with the name of a platform or port (前海+國土空間規劃):
    the name says what it is about, so neighbours in its sentence are not."""
    if not key:
        return False
    tables = [ctx.by_name(label) for label in ("Platform", "Port")]
    return any(
        name[:cut] in table
        for name in ctx.names(key)
        for cut in range(2, len(name) - 1)
        for table in tables
    )


def _last_initiative(ctx: DocumentContext, ending: str) -> str | None:
    """The document's last initiative whose name ends with ``ending`` (報告, 措施 …)."""
    return next(
        (
            k
            for k in reversed(ctx.doc_keys)
            if ctx.label(k) == "Initiative" and ctx.names(k)[0].endswith(ending)
        ),
        None,
    )


def named_concerns(ctx: DocumentContext) -> Iterator[tuple[str, str, float | None]]:
    """羅湖區政府工作報告 → 羅湖區, 前海與香港…融合 → both: an initiative named after its places.

    Only names at the head of the initiative's name count (joined by 與/和/、), longest first;
    a place counts only in the name of a government document (深圳市智慧養老條例 is not
    "about" Shenzhen in the sense the graph wants, 深圳市政府工作報告 is).
    """
    documents = tuple(c.text for c in _cues("concerns", "document"))
    for ini in (k for k in ctx.doc_keys if ctx.label(k) == "Initiative"):
        for name in ctx.names(ini):
            labels = (
                ("Platform", "Port", "Place") if name.endswith(documents) else ("Platform", "Port")
            )
            tables = [ctx.by_name(label) for label in labels]
            pos, found = 0, []
            while pos < len(name):
                hit = next(
                    (
                        (cut, table[name[pos:cut]])
                        for cut in range(len(name) - 1, pos + 1, -1)
                        for table in tables
                        if name[pos:cut] in table
                    ),
                    None,
                )
                if hit is None:
                    break
                found.append(hit[1])
                if name[hit[0] : hit[0] + 1] not in ("与", "和", "、"):
                    break
                pos = hit[0] + 1
                tables = [ctx.by_name(label) for label in ("Platform", "Port", "Place")]
            for key in dict.fromkeys(found):
                yield ini, key, None
            if found:
                break
