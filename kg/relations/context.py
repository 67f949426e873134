"""What the rules of one document share: the resolution, the relations found so far (the
best per triple), the discourse state (the events named so far, the speaker of each paragraph,
the outlet of a 【X訊】 header), and the type signature each predicate must fit."""

from __future__ import annotations

import weakref
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from kg.records import ENTITY_TYPES, Document, Relation, Resolution
from kg.relations import rules
from kg.relations.sentence import SentenceView, _trim
from kg.text.normalize import fold_key

__all__ = ["SIGNATURES", "DocumentContext", "fits"]

# Subject and object types of each predicate (GUIDELINES.md); partOf is refined in _allowed.
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "proposed": (frozenset({"Person", "Organization"}), frozenset({"Initiative"})),
    "affiliatedWith": (frozenset({"Person"}), frozenset({"Organization"})),
    "locatedIn": (
        frozenset({"Port", "Platform", "Organization", "Place", "Event"}),
        frozenset({"Place"}),
    ),
    "concerns": (
        frozenset({"Initiative"}),
        frozenset({"Port", "Platform", "Place", "Organization"}),
    ),
    "cooperatesWith": (
        frozenset({"Place", "Organization", "Platform"}),
        frozenset({"Place", "Organization", "Platform"}),
    ),
    "partOf": (
        frozenset({"Organization", "Platform"}),
        frozenset({"Organization", "Platform", "Place"}),
    ),
    "participatedIn": (frozenset({"Person", "Organization"}), frozenset({"Event"})),
}


_ENTITY_LABELS = frozenset(ENTITY_TYPES)


T = TypeVar("T")


_PART_OF = {"Organization": {"Organization"}, "Platform": {"Platform", "Place"}}


@dataclass
class DocumentContext:
    """What the rules of one document share: resolution, emitted relations, discourse state."""

    doc: Document
    resolution: Resolution
    doc_keys: list[str]  # entities of this document, in order of mention
    relations: dict[tuple[str, str, str], Relation] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)  # events mentioned so far, in order
    event_seen: dict[str, int] = field(default_factory=dict)  # event -> last sentence naming it
    now: int = 0  # position of the sentence being read
    story: int = 0  # where the current story began (a 【X訊】 header)
    outlet: str | None = None  # the newspaper of a 【X訊】 header
    speaker: dict[int, str] = field(default_factory=dict)  # paragraph -> last-named person
    columns: set[int] = field(default_factory=set)  # paragraphs spoken by a speaker line
    reporters: set[str] = field(default_factory=set)  # bylined journalists never speak
    cataphora: dict[int, str] = field(default_factory=dict)  # paragraph -> first proposer
    _by_name: dict[str, Mapping[str, str]] = field(default_factory=dict)
    _doc_names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _memo: dict[tuple, Any] = field(default_factory=dict)

    def memo(self, question: tuple, answer: Callable[[], T]) -> T:
        """``answer()``, computed once per document: a rule that asks about all of the
        document's entities at each cue would take time in the square of the document."""
        if question not in self._memo:
            self._memo[question] = answer()
        return self._memo[question]

    def label(self, key: str) -> str:
        """Entity type of a key."""
        return self.resolution.entity(key).label

    def names(self, key: str) -> list[str]:
        """Folded names of an entity, longest first."""
        e = self.resolution.entity(key)
        return _folded_names((e.name, *e.aliases))

    def doc_names(self, label: str) -> list[tuple[str, str]]:
        """(folded name, key) of the document's entities of ``label``, names of two characters
        or more: rules ask per sentence, so it is gathered once."""
        if label not in self._doc_names:
            self._doc_names[label] = [
                (n, k)
                for k in self.doc_keys
                if self.label(k) == label
                for n in self.names(k)
                if len(n) >= 2
            ]
        return self._doc_names[label]

    def by_name(self, label: str) -> Mapping[str, str]:
        """Folded name -> key of the corpus's entities of ``label`` (document's first)."""
        if label not in self._by_name:
            table: dict[str, str] = {}
            for key in self.doc_keys:
                if self.label(key) == label:
                    for name in self.names(key):
                        table.setdefault(name, key)
            self._by_name[label] = ChainMap(table, _corpus_by_name(self.resolution, label))
        return self._by_name[label]

    def place(self, name: str) -> str | None:
        """The document's (else the corpus's) Place entity called ``name`` (or ``name``市/省)."""
        table, want = self.by_name("Place"), fold_key(name)
        return next((table[n] for n in (want, want + "市", want + "省") if n in table), None)

    def add(
        self,
        view: SentenceView,
        subject: str | None,
        obj: str | None,
        rule: str,
        weight: float | None = None,
        clause: tuple[int, int] | None = None,
        role: str | None = None,
    ) -> None:
        """Record what ``rule`` (a key of ``kg/data/relations/rules.tsv``) states between
        ``subject`` and ``obj``, if their types fit its predicate; keep the best per triple.

        ``weight`` is the weight of what fired (a cue), for rules whose base it is; the
        statement's evidence is ``clause`` of the sentence (all of it by default).
        """
        stated = rules.rule(rule)
        rel = self.statement(
            view, subject, stated.predicate, obj, stated.id, stated.confidence(weight), clause, role
        )
        if rel is None:
            return
        old = self.relations.get((rel.subject, rel.predicate, rel.object))
        if old is None or rel.confidence > old.confidence:
            self.relations[(rel.subject, rel.predicate, rel.object)] = rel

    def statement(
        self,
        view: SentenceView,
        subject: str | None,
        predicate: str,
        obj: str | None,
        source: str,
        confidence: float,
        clause: tuple[int, int] | None = None,
        role: str | None = None,
        first: SentenceView | None = None,
    ) -> Relation | None:
        """The statement of ``predicate`` between two entities, its evidence ``clause`` of the
        sentence (from the start of sentence ``first`` when it spans two), or None if the types
        do not fit, or the two are one entity or share a name."""
        if (
            not subject
            or not obj
            or subject == obj
            or not self._allowed(subject, predicate, obj)
            or set(self.names(subject)) & set(self.names(obj))
        ):
            return None  # no self-relations, also between two typings of one name
        if predicate == "cooperatesWith" and obj < subject:
            subject, obj = obj, subject
        start, end = _trim(view.sent.text, *(clause or (0, len(view.sent.text))))
        if start >= end:
            start, end = 0, len(view.sent.text)
        o_start, o_end = view.sent.original_span(start, end)
        evidence = view.sent.text[start:end]
        if first is not None and first is not view:
            o_start = first.sent.start
            evidence = self.doc.text[o_start:o_end]
        return Relation(
            subject,
            predicate,
            obj,
            self.doc.doc_id,
            view.sent.index,
            evidence,
            o_start,
            o_end,
            source,
            round(min(max(confidence, 0.01), 1.0), 3),
            role,
        )

    def _allowed(self, subject: str, predicate: str, obj: str) -> bool:
        """Whether the types fit the predicate (``fits``)."""
        return fits(predicate, self.label(subject), self.label(obj))


def fits(predicate: str, subject_type: str, object_type: str) -> bool:
    """Whether a predicate may hold between entities of these types (GUIDELINES.md): the
    ontology's domain and range, and for partOf the object by the subject's type (a body is
    part of a body, a zone of a zone or place).

    >>> fits("partOf", "Platform", "Place"), fits("partOf", "Organization", "Place")
    (True, False)
    """
    if predicate == "partOf":
        return object_type in _PART_OF.get(subject_type, set())
    subjects, objects = SIGNATURES[predicate]
    return subject_type in subjects and object_type in objects


_CORPUS_TABLES: list = [lambda: None, {}]  # [weakref to a Resolution, label -> table]


def _corpus_by_name(resolution: Resolution, label: str) -> dict[str, str]:
    """Folded name -> key of the corpus's entities of ``label``, the smallest key first.

    Built once per resolution rather than once per document: rebuilding it for every article
    made the relation stage grow with articles × entities.
    """
    if _CORPUS_TABLES[0]() is not resolution:
        _CORPUS_TABLES[:] = [weakref.ref(resolution), {}]
    tables = _CORPUS_TABLES[1]
    if label not in tables:
        table: dict[str, str] = {}
        for entity in sorted(resolution.entities, key=lambda e: e.key):
            if entity.label == label:
                for name in _folded_names((entity.name, *entity.aliases)):
                    table.setdefault(name, entity.key)
        tables[label] = table
    return tables[label]


@cache
def _folded_names(names: tuple[str, ...]) -> list[str]:
    """Folded forms of names, longest first (cached: every rule compares names)."""
    return sorted({fold_key(x) for x in names} - {""}, key=lambda n: (-len(n), n))
