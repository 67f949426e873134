import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from kg.rdf.ids import entity_iri, iri_segment

HOSTILE = [
    "A B",
    "《x》",
    "<>",
    '"quoted"',
    "a/b?c#d",
    "100%",
    "表情😀",
    "{}|^`\\",
    "\u200b零寬",
    "x" * 200,
    "tab\tnew\nline",
    "前海",
    "%E5",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_entity_iris_round_trip_through_turtle(name):
    iri = entity_iri("Organization", name)
    graph = Graph()
    graph.add((iri, RDFS.label, Literal(name)))
    parsed = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert set(parsed) == set(graph)
    assert parsed.value(iri, RDFS.label) == Literal(name)


def test_iris_are_deterministic_and_one_to_one():
    segments = [iri_segment(n) for n in HOSTILE]
    assert len(set(segments)) == len(HOSTILE)
    assert segments == [iri_segment(n) for n in HOSTILE]
    assert entity_iri("Person", "方舟") != entity_iri("Organization", "方舟")


def test_readable_chinese_is_kept():
    assert str(entity_iri("Platform", "河套深港科技創新合作區")).endswith(
        "platform/河套深港科技創新合作區"
    )
