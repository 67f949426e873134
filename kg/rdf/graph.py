"""Records -> an rdflib ``Dataset``: the only module that writes RDF.

Layout: one named graph per source article (its document node with its date, outlet,
reporters and URL, its sentence nodes, the relations it states as direct triples, one ``kgo:Statement`` provenance node per relation
and sentence, W3C ORG memberships for roles, and which entities it mentions) plus one
entity graph (each entity's class and labels). The union of all graphs is the whole
knowledge graph; removing an article is dropping its named graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.rdf.ids import (
    document_iri,
    entity_iri,
    iri_segment,
    membership_iri,
    sentence_iri,
    statement_iri,
)
from kg.rdf.namespaces import KGID, KGO, bind_prefixes
from kg.records import Document, Entity, Relation, Resolution
from kg.text.metadata import opening_date
from kg.text.normalize import HANS, HANT, fold_key, other_script

__all__ = ["ENTITY_GRAPH", "document_graph_iri", "build_dataset", "entity_node"]

ENTITY_GRAPH = KGID["graph/entities"]


def document_graph_iri(doc_id: str) -> URIRef:
    """Name of the graph holding what one article states."""
    return KGID[f"graph/doc/{iri_segment(doc_id)}"]


def entity_node(entity: Entity) -> URIRef:
    """IRI of an entity; the key's ``#2``-style suffix keeps same-named entities apart."""
    return entity_iri(entity.label, entity.key.split("/", 1)[1])


def build_dataset(
    documents: Sequence[Document], resolution: Resolution, relations: Iterable[Relation]
) -> Dataset:
    """The knowledge graph of a corpus as a Dataset of named graphs."""
    dataset = bind_prefixes(Dataset())
    entity_graph = dataset.graph(ENTITY_GRAPH)
    for entity in resolution.entities:
        _add_entity(entity_graph, entity)
    by_doc = {d.doc_id: d for d in documents}
    doc_graphs = {d.doc_id: dataset.graph(document_graph_iri(d.doc_id)) for d in documents}
    agents = _agents_by_name(resolution)
    for document in documents:
        _add_document(doc_graphs[document.doc_id], document, agents)
    for entity in resolution.entities:
        node = entity_node(entity)
        for doc_id in sorted({m.doc_id for m in entity.mentions} & by_doc.keys()):
            doc_graphs[doc_id].add((node, KGO.mentionedIn, document_iri(doc_id)))
    for entity in resolution.entities:
        if entity.label == "Event":
            _add_start_date(doc_graphs, by_doc, entity)
    for relation in relations:
        document = by_doc[relation.doc_id]
        _add_relation(doc_graphs[relation.doc_id], document, resolution, relation)
    return dataset


def _add_start_date(
    doc_graphs: dict[str, Graph], by_doc: dict[str, Document], entity: Entity
) -> None:
    """``schema:startDate`` of an Event whose sentences date it (``2月8日，…會議開幕``), in
    the graph of the first article that does; none where its mentions give different dates
    (a yearly meeting named without its session)."""
    dated: dict = {}
    for mention in entity.mentions:
        document = by_doc.get(mention.doc_id)
        if document is None:
            continue
        year = document.metadata.date.year if document.metadata.date else None
        day = opening_date(document.sentences[mention.sentence].text, year, mention.start)
        if day is not None:
            dated.setdefault(day, mention.doc_id)
    if len(dated) == 1:
        ((day, doc_id),) = dated.items()
        doc_graphs[doc_id].add(
            (entity_node(entity), SDO.startDate, Literal(day.isoformat(), datatype=XSD.date))
        )


def _add_entity(graph: Graph, entity: Entity) -> None:
    node = entity_node(entity)
    graph.add((node, RDF.type, KGO[entity.label]))
    name = Literal(entity.name, lang=entity.script)
    graph.add((node, RDFS.label, name))
    graph.add((node, SKOS.prefLabel, name))
    other_tag = HANS if entity.script == HANT else HANT
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias, lang=entity.script)))
    for form in (entity.name, *entity.aliases):
        converted = other_script(form, entity.script)
        if converted != form:
            graph.add((node, SKOS.altLabel, Literal(converted, lang=other_tag)))


def _agents_by_name(resolution: Resolution) -> dict[tuple[str, str], URIRef]:
    """The people and organizations of the corpus by (class, folded name or alias), so an
    outlet or reporter a header names is the entity its text names, not a second node."""
    found: dict[tuple[str, str], URIRef] = {}
    for entity in resolution.entities:
        if entity.label in ("Person", "Organization"):
            for name in (entity.name, *entity.aliases):
                found.setdefault((entity.label, fold_key(name)), entity_node(entity))
    return found


def _add_document(graph: Graph, document: Document, agents: dict[tuple[str, str], URIRef]) -> None:
    node = document_iri(document.doc_id)
    graph.add((node, RDF.type, KGO.Document))
    graph.add((node, DCTERMS.identifier, Literal(document.doc_id)))
    graph.add((node, KGO.contentHash, Literal(document.sha256)))
    graph.add((node, KGO.script, Literal(document.script)))
    if document.title:
        graph.add((node, DCTERMS.title, Literal(document.title, lang=document.script)))
    metadata = document.metadata
    if metadata.date:
        graph.add((node, DCTERMS.issued, Literal(metadata.date.isoformat(), datatype=XSD.date)))
    if metadata.outlet:
        outlet = _agent(graph, document, agents, "Organization", metadata.outlet)
        graph.add((node, DCTERMS.publisher, outlet))
    for reporter in metadata.reporters:
        graph.add((node, DCTERMS.creator, _agent(graph, document, agents, "Person", reporter)))
    if metadata.url:
        graph.add((node, SDO.url, Literal(metadata.url, datatype=XSD.anyURI)))


def _agent(
    graph: Graph,
    document: Document,
    agents: dict[tuple[str, str], URIRef],
    label: str,
    name: str,
) -> URIRef:
    """The entity named ``name`` of class ``label``: the corpus's own, or one that only
    headers name (made by the first article to name it, and shared by the others)."""
    node = agents.get((label, fold_key(name)))
    if node is None:
        node = agents[label, fold_key(name)] = entity_iri(label, name)
        name_literal = Literal(name, lang=document.script)
        graph.add((node, RDF.type, KGO[label]))
        graph.add((node, RDFS.label, name_literal))
        graph.add((node, SKOS.prefLabel, name_literal))
    graph.add((node, KGO.mentionedIn, document_iri(document.doc_id)))
    return node


def _add_relation(
    graph: Graph, document: Document, resolution: Resolution, relation: Relation
) -> None:
    subject = entity_node(resolution.entity(relation.subject))
    obj = entity_node(resolution.entity(relation.object))
    predicate: URIRef = KGO[relation.predicate]
    graph.add((subject, predicate, obj))

    sentence = document.sentences[relation.sentence]
    sentence_node = sentence_iri(document.doc_id, sentence.index)
    graph.add((sentence_node, RDF.type, KGO.Sentence))
    graph.add((sentence_node, KGO.document, document_iri(document.doc_id)))
    graph.add((sentence_node, KGO.startOffset, _offset(sentence.start)))
    graph.add((sentence_node, KGO.endOffset, _offset(sentence.end)))

    statement = statement_iri(
        relation.subject, relation.predicate, relation.object, relation.doc_id, relation.sentence
    )
    for p, o in (
        (RDF.type, KGO.Statement),
        (RDF.subject, subject),
        (RDF.predicate, predicate),
        (RDF.object, obj),
        (KGO.evidence, Literal(relation.evidence, lang=document.script)),
        (KGO.sentence, sentence_node),
        (KGO.document, document_iri(document.doc_id)),
        (KGO.startOffset, _offset(relation.start)),
        (KGO.endOffset, _offset(relation.end)),
        (KGO.extractor, Literal(relation.source)),
        (KGO.confidence, Literal(Decimal(f"{relation.confidence:.3f}"), datatype=XSD.decimal)),
    ):
        graph.add((statement, p, o))
    if relation.predicate == "affiliatedWith":
        _add_membership(graph, document, relation, subject, obj, statement)


def _add_membership(
    graph: Graph,
    document: Document,
    relation: Relation,
    person: URIRef,
    organization: URIRef,
    statement: URIRef,
) -> None:
    membership = membership_iri(relation.subject, relation.object, relation.role)
    graph.add((membership, RDF.type, ORG.Membership))
    graph.add((membership, ORG.member, person))
    graph.add((membership, ORG.organization, organization))
    graph.add((membership, PROV.wasDerivedFrom, statement))
    if relation.role:
        role = KGID[f"role/{iri_segment(relation.role)}"]
        graph.add((membership, ORG.role, role))
        graph.add((membership, KGO.roleTitle, Literal(relation.role, lang=document.script)))
        graph.add((role, RDF.type, KGO.Role))
        graph.add((role, SKOS.prefLabel, Literal(relation.role, lang=document.script)))


def _offset(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)
