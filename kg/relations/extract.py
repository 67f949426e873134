"""``extract_relations``: the seven families of rules over a document's sentences, in order,
then the name-based passes that attach relations to the first sentence naming both ends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kg.records import Document, Mention, Relation, Resolution
from kg.relations.affiliation import BYLINE, affiliations, outlet
from kg.relations.concern import concerns, named_concerns
from kg.relations.context import DocumentContext
from kg.relations.cooperation import cooperation
from kg.relations.location import locations
from kg.relations.part import named_parts, parts
from kg.relations.participation import named_participants, participation
from kg.relations.proposal import cataphora, is_header, proposals
from kg.relations.sentence import SentenceView, sentence_view

__all__ = ["extract_relations"]


def _document_pass(
    ctx: DocumentContext,
    views: list[SentenceView],
    found: Iterable[tuple[str, str, float | None]],
    rule: str,
) -> None:
    """Attach name-based relations to the first sentence mentioning both ends."""
    for subject, obj, conf in found:
        view = next((v for v in views if {subject, obj} <= {s.key for s in v.spans}), None)
        view = view or next((v for v in views if subject in {s.key for s in v.spans}), None)
        if view:
            ctx.add(view, subject, obj, rule, conf)


_FAMILIES = (affiliations, proposals, locations, parts, concerns, cooperation, participation)


def extract_relations(
    document: Document, mentions: Sequence[Mention], resolution: Resolution
) -> list[Relation]:
    """Relations stated in ``document`` between the entities its mentions resolve to.

    Deterministic: sorted by sentence, predicate, subject, object; one relation per
    (subject, predicate, object), the most confident; cooperatesWith once, subject < object.

    >>> extract_relations(Document("d", "d.txt", "", None, "zh-Hant", "", "utf-8", ()), [],
    ...                   Resolution((), {}))
    []
    """
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.doc_id == document.doc_id:
            by_sentence.setdefault(m.sentence, []).append(m)
    views = [sentence_view(s, by_sentence.get(s.index, []), resolution) for s in document.sentences]
    doc_keys = list(dict.fromkeys(s.key for v in views for s in v.spans if s.key))
    ctx = DocumentContext(document, resolution, doc_keys)
    ctx.outlet = outlet(views)
    ctx.cataphora = cataphora(views)
    handoff: str | None = None
    for i, view in enumerate(views):
        para = view.para
        if handoff and para not in ctx.speaker:
            ctx.speaker[para] = handoff
            ctx.columns.add(para)
        ctx.now = i
        if BYLINE.search(view.sent.text):
            ctx.story = i  # a new story of a multi-story page
        for span in (s for s in view.spans if s.label == "Event" and s.key):
            ctx.events.append(span.key)
            ctx.event_seen[span.key] = i
        for family in _FAMILIES:
            family(ctx, view)
        people = [
            s.key
            for s in view.spans
            if s.label == "Person" and s.key and s.key not in ctx.reporters
        ]
        if people:
            ctx.speaker[para] = people[-1]
        alone = all(v.para != para for v in views[max(i - 1, 0) : i + 2] if v is not view)
        handoff = people[-1] if people and alone and is_header(view) else None
    _document_pass(ctx, views, named_parts(ctx), "partof_name")
    _document_pass(ctx, views, named_concerns(ctx), "concerns_name")
    _document_pass(ctx, views, named_participants(ctx), "participated_organ")
    return sorted(
        ctx.relations.values(), key=lambda r: (r.sentence, r.predicate, r.subject, r.object)
    )
