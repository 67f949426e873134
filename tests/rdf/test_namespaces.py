from importlib.resources import files

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg.rdf.namespaces import KGO


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(
        data=files("kg.ontology").joinpath("kgo.ttl").read_text("utf-8"), format="turtle"
    )


def test_every_kgo_term_is_declared_in_the_ontology(ontology):
    declared = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(KGO._NS))}
    terms = {KGO[name] for name in KGO.__annotations__}
    assert terms == declared


def test_seven_classes_are_disjoint_and_cooperation_is_symmetric(ontology):
    members = next(ontology.objects(None, OWL.members))
    assert len(list(ontology.items(members))) == 7
    assert (KGO.cooperatesWith, RDF.type, OWL.SymmetricProperty) in ontology


def test_a_misspelt_term_raises():
    with pytest.raises(AttributeError):
        KGO.proposd  # noqa: B018
