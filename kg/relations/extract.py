"""``extract_relations``: the seven families of rules over a document's sentences, in order,
then the name-based passes that attach relations to the first sentence naming both ends."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from kg.records import PREDICATES, Document, Mention, Relation, Resolution
from kg.relations.affiliation import BYLINE, affiliations, outlet
from kg.relations.concern import concerns, named_concerns
from kg.relations.context import DocumentContext
from kg.relations.cooperation import cooperation
from kg.relations.learned import (
    MODEL_NAME,
    Pair,
    RelationModel,
    candidate_pairs,
    encode_pairs,
    load_model,
)
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


_SHIPPED = object()


def extract_relations(
    document: Document,
    mentions: Sequence[Mention],
    resolution: Resolution,
    model: RelationModel | object | None = _SHIPPED,
) -> list[Relation]:
    """Relations stated in ``document`` between the entities its mentions resolve to.

    The rules read every sentence; with a relation model (by default the shipped one, when
    there is one; ``model=None``: the rules alone) the model decides, reading the rules'
    statements as features (``kg.relations.learned``).

    Deterministic: sorted by sentence, predicate, subject, object; one relation per
    (subject, predicate, object), the most confident; cooperatesWith once, subject < object.

    >>> extract_relations(Document("d", "d.txt", "", None, "zh-Hant", "", "utf-8", ()), [],
    ...                   Resolution((), {}))
    []
    """
    views, ctx = _rules(document, mentions, resolution)
    chosen = load_model() if model is _SHIPPED else model
    if isinstance(chosen, RelationModel):
        ruled = list(ctx.relations.values())
        ctx.relations = _decided_by_model(chosen, views, ctx, ruled)
    return sorted(
        ctx.relations.values(), key=lambda r: (r.sentence, r.predicate, r.subject, r.object)
    )


def _decided_by_model(
    model: RelationModel, views: list[SentenceView], ctx: DocumentContext, ruled: list[Relation]
) -> dict[tuple[str, str, str], Relation]:
    """The relations the model keeps, each from the candidate it is surest of."""
    rules: dict[tuple[str, str], list[tuple[str, str, float]]] = defaultdict(list)
    roles = {}
    for r in ruled:
        rules[(r.subject, r.object)].append((r.predicate, r.source, r.confidence))
        if r.predicate == "affiliatedWith":
            roles[(r.subject, r.object)] = r.role
    pairs = candidate_pairs(views, ctx.names)
    probabilities = model.predict(encode_pairs(pairs, rules))
    best: dict[tuple[str, str, str], tuple[float, Pair]] = {}
    for pair, row in zip(pairs, probabilities):
        for predicate, probability in zip(PREDICATES, row):
            s, o = pair.subject.key, pair.object.key
            if predicate == "cooperatesWith" and o < s:
                s, o = o, s
            if (
                probability >= model.thresholds[predicate]
                and probability > best.get((s, predicate, o), (0.0, pair))[0]
            ):
                best[(s, predicate, o)] = (float(probability), pair)
    kept: dict[tuple[str, str, str], Relation] = {}
    for (s, predicate, o), (probability, pair) in sorted(best.items()):
        first, later = (
            (pair.subject_view, pair.view) if pair.distance >= 0 else (pair.view, pair.subject_view)
        )
        if pair.distance == 0:
            lo = min(pair.subject.start, pair.object.start)
            hi = max(pair.subject.end, pair.object.end)
        else:
            lo, hi = 0, (pair.object if pair.distance > 0 else pair.subject).end
        clause = (later.clause(lo)[0], later.clause(max(hi - 1, 0))[1])
        role = roles.get((s, o)) if predicate == "affiliatedWith" else None
        if predicate == "affiliatedWith" and role is None:
            role = _title_near(pair)
        relation = ctx.statement(
            later,
            pair.subject.key,
            predicate,
            pair.object.key,
            f"{MODEL_NAME}@{model.version}",
            probability,
            clause,
            role,
            first=first,
        )
        if relation is not None:
            kept[(relation.subject, relation.predicate, relation.object)] = relation
    return kept


def _title_near(pair: Pair) -> str | None:
    """The role title between the organization and the person, or right after the person."""
    person, body = pair.subject, pair.object
    view = pair.view
    titles = [s for s in view.spans if s.label == "Role"]
    between = [t for t in titles if body.end <= t.start and t.end <= person.start]
    after = [t for t in titles if t.start == person.end]
    chosen = between[-1:] or after[:1]
    return view.sent.text[chosen[0].start : chosen[0].end] if chosen else None


def _rules(
    document: Document, mentions: Sequence[Mention], resolution: Resolution
) -> tuple[list[SentenceView], DocumentContext]:
    """The rule families over every sentence, then the name-based passes."""
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
    return views, ctx
