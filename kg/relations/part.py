"""``partOf``: a unit of a body, a park or project of a zone (河套深圳園區), a bracketed part."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from kg.relations.context import _ENTITY_LABELS, _PART_OF, DocumentContext
from kg.relations.cues import _cues
from kg.relations.sentence import _SEGMENT_END, SentenceView, SpanView
from kg.text.normalize import fold_key

__all__ = ["parts", "named_parts"]


def parts(ctx: DocumentContext, view: SentenceView) -> None:
    """X研究院Y研究所 (a unit named right after its body); X旗下Y; X規劃中A、B."""
    spans = view.spans
    for a, b in zip(spans, spans[1:]):
        if a.label == b.label == "Organization" and b.start == a.end:
            ctx.add(view, b.key, a.key, "partof_adjacent", None, (a.start, b.end))
    for pos, cue in view.find(_cues("partof", "sub", "within")):
        lo, hi = view.clause(pos)
        whole = view.before(pos, {"Organization", "Platform"}, lo)
        if not whole or len(view.between(whole.end, pos)) > (2 if cue.kind == "within" else 0):
            continue
        start = pos + len(cue.text)
        start += view.masked[start : start + 1] == "的"
        parts = view.run(start, {whole.label}, hi)
        if not parts and cue.kind == "sub":  # A是B下設的機構: the subject is the unit
            copula = view.masked.rfind("是", 0, whole.start)
            subject = (
                view.before(copula, {whole.label}, view.clause(copula, _SEGMENT_END)[0])
                if copula >= 0 and not view.between(copula + 1, whole.start)
                else None
            )
            parts = [subject] if subject else []
        for part in parts:
            ctx.add(
                view,
                part.key,
                whole.key,
                f"partof_{cue.kind}",
                cue.weight,
                (min(part.start, whole.start), hi),
            )
    _parts_surface(ctx, view)
    _parts_projects(ctx, view)
    _parts_bracketed(ctx, view)


def _parts_surface(ctx: DocumentContext, view: SentenceView) -> None:
    """中國綜合開發研究院港澳研究所 as one mention: a unit written after its body's name."""
    units = _cues("partof", "unit")
    bodies = ctx.by_name("Organization")
    for span in (s for s in view.spans if s.label == "Organization" and s.key):
        surface = fold_key(span.text)
        for cut in range(len(surface) - 2, 1, -1):
            key = bodies.get(surface[:cut])
            rest = surface[cut:]
            if (
                key
                and key != span.key
                and (rest in ctx.names(span.key) or any(rest.endswith(u.text) for u in units))
            ):
                ctx.add(view, span.key, key, "partof_surface", None, (span.start, span.end))
                break


def _is_zone(ctx: DocumentContext, key: str) -> bool:
    """Whether a platform is a top-level zone (…合作區, …都會區) rather than a project in one."""
    return any(n.endswith(z.text) for n in ctx.names(key) for z in _cues("partof", "zone"))


def _sentence_zone(ctx: DocumentContext, view: SentenceView) -> SpanView | None:
    """The zone a sentence is about when it opens by naming one (加快建設前海合作區，…)."""
    platforms = [s for s in view.spans if s.label == "Platform" and s.key]
    if not platforms or sum(ch in "，," for ch in view.masked[: platforms[0].start]) > 1:
        return None
    _, hi = view.clause(platforms[0].start)
    return platforms[0] if any(_is_zone(ctx, s.key) for s in platforms if s.start < hi) else None


def _parts_projects(ctx: DocumentContext, view: SentenceView) -> None:
    """加快建設X合作區，…建成A、開工建設B: projects built in a sentence that builds a zone are its parts."""
    zone = _sentence_zone(ctx, view)
    if zone is None:
        return
    _, hi = view.clause(zone.start)
    platforms = [s for s in view.spans if s.label == "Platform" and s.key]
    builds = _cues("partof", "build")
    for part in (s for s in platforms if s.start >= hi and not _is_zone(ctx, s.key)):
        if view.find(builds, *view.clause(part.start)):
            ctx.add(view, part.key, zone.key, "partof_project", None, (zone.start, part.end))


def _parts_bracketed(ctx: DocumentContext, view: SentenceView) -> None:
    """深圳（含深汕）: what the brackets include is part of (or lies in) the thing before them."""
    for whole in view.spans:
        opened = view.masked[whole.end : whole.end + 1]
        if opened not in ("（", "(") or not whole.key:
            continue
        for cue in _cues("partof", "incl"):
            if view.masked.startswith(cue.text, whole.end + 1):
                close = min(
                    (
                        i
                        for i in (
                            view.masked.find("）", whole.end),
                            view.masked.find(")", whole.end),
                        )
                        if i > 0
                    ),
                    default=len(view.masked),
                )
                for part in view.run(whole.end + 1 + len(cue.text), _ENTITY_LABELS, close):
                    rule = (
                        "partof_bracketed"
                        if ctx.label(part.key) in _PART_OF
                        else "partof_bracketed:located"
                    )
                    ctx.add(view, part.key, whole.key, rule, cue.weight, (whole.start, close + 1))
                break


def named_parts(ctx: DocumentContext) -> Iterator[tuple[str, str, float | None]]:
    """比亞迪基礎科學研究院 ⊃ 比亞迪: a unit whose name starts with its body's name.

    The bodies are found by looking up the starts of each unit's names, not by trying every
    entity of the document on every other (quadratic in a document's names).
    """
    units = _cues("partof", "unit")
    order = {key: position for position, key in enumerate(ctx.doc_keys)}
    named: dict[tuple[str, str], list[str]] = defaultdict(list)
    for whole in ctx.doc_keys:
        if ctx.label(whole) in _PART_OF:
            for name in ctx.names(whole):
                named[(ctx.label(whole), name)].append(whole)
    for part in ctx.doc_keys:
        label = ctx.label(part)
        if label not in _PART_OF:
            continue
        weights: dict[str, float | None] = {}
        for pn in ctx.names(part):
            unit = next((u for u in units if pn.endswith(u.text)), None)
            if unit is None:
                continue
            for end in range(len(pn) - len(unit.text)):
                for whole in named.get((label, pn[:end]), ()):
                    if whole != part:
                        weights.setdefault(whole, unit.weight)
        for whole in sorted(weights, key=order.__getitem__):
            yield part, whole, weights[whole]
