from importlib.resources import files

import pytest
from rdflib import Literal

from kg.app import api
from kg.errors import QueryError
from kg.outputs.sparql import load_query, named_queries
from kg.rdf.graph import build_dataset
from kg.rdf.load import union_graph
from tests.conftest import cooperation_records

EXPECTED_ROWS = {
    "who-proposed-what": {("陳大文", "灣區快線")},
    "roles": {("陳大文", "委員", "南山區政協")},
}


@pytest.fixture
def graph(article):
    return union_graph(build_dataset(*cooperation_records(article)))


@pytest.mark.parametrize(
    "name",
    sorted(
        n.name[:-3] for n in files("kg").joinpath("queries").iterdir() if n.name.endswith(".rq")
    ),
)
def test_every_named_query_parses_documents_itself_and_returns_rows(graph, name):
    query = named_queries()[name]
    assert query.title and query.title != name
    result = api.query(name, graph=graph)
    assert result.rows, f"{name} returned nothing on the fixture graph"


@pytest.mark.parametrize("name,expected", sorted(EXPECTED_ROWS.items()))
def test_named_queries_return_exactly_the_expected_rows(graph, name, expected):
    result = api.query(name, graph=graph)
    width = len(next(iter(expected)))
    assert {tuple(str(v) for v in row[:width]) for row in result.rows} == expected


def test_parameters_are_bound_not_pasted(graph):
    rows = api.query(
        sparql="SELECT ?s WHERE { ?s rdfs:label ?name }",
        graph=graph,
        params={"name": Literal("陳大文", lang="zh-Hant")},
    ).rows
    assert len(rows) == 1 and str(rows[0][0]).endswith("person/陳大文")


def test_unknown_query_and_bad_sparql_are_query_errors(graph):
    with pytest.raises(QueryError, match="no query named 'nope'; choose from"):
        load_query("nope")
    with pytest.raises(QueryError, match="bad SPARQL"):
        api.query(sparql="SELEC ?x WHERE {", graph=graph)
