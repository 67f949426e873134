"""The project's vocabularies as rdflib namespaces, and the prefixes every output binds.

``KGO`` is a closed ``DefinedNamespace``: a misspelt term raises ``AttributeError`` instead
of silently minting a new predicate. A test checks it against ``ontology/kgo.ttl``.
"""

from typing import TypeVar

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
)

__all__ = ["KGO", "KGID", "ONTOLOGY_IRI", "PREFIXES", "bind_prefixes"]

ONTOLOGY_IRI = URIRef("https://w3id.org/szhk-kg/ontology")
KGID = Namespace("https://w3id.org/szhk-kg/id/")


class KGO(DefinedNamespace):
    """Shenzhen–Hong Kong cooperation ontology."""

    _NS = Namespace("https://w3id.org/szhk-kg/ontology#")
    _fail = True

    # entity classes
    Person: URIRef
    Organization: URIRef
    Port: URIRef
    Platform: URIRef
    Initiative: URIRef
    Place: URIRef
    Event: URIRef
    # provenance classes
    Document: URIRef
    Sentence: URIRef
    Statement: URIRef
    Role: URIRef
    # relations between entities
    proposed: URIRef
    affiliatedWith: URIRef
    locatedIn: URIRef
    concerns: URIRef
    cooperatesWith: URIRef
    partOf: URIRef
    participatedIn: URIRef
    # provenance and role properties
    roleTitle: URIRef
    evidence: URIRef
    sentence: URIRef
    document: URIRef
    startOffset: URIRef
    endOffset: URIRef
    confidence: URIRef
    extractor: URIRef
    mentionedIn: URIRef
    contentHash: URIRef
    script: URIRef


PREFIXES = {
    "kgo": KGO._NS,
    "kgid": KGID,
    "rdf": RDF._NS,
    "rdfs": RDFS._NS,
    "owl": OWL._NS,
    "xsd": XSD._NS,
    "skos": SKOS._NS,
    "foaf": FOAF._NS,
    "schema": SDO._NS,
    "org": ORG._NS,
    "prov": PROV._NS,
    "dcterms": DCTERMS._NS,
}


AnyGraph = TypeVar("AnyGraph", bound=Graph)


def bind_prefixes(graph: AnyGraph) -> AnyGraph:
    """Bind the project's prefixes (replacing rdflib's defaults) so every output reads alike."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
