"""The embedded Oxigraph store: written atomically, queried like rdflib, names bound as literals."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDFS, XSD, Dataset, Literal, URIRef

from kg.app import api
from kg.errors import InputError, QueryError
from kg.outputs.sparql import bind_values, named_queries
from kg.outputs.store import STORE_DIR, open_store, run_store_query, write_store
from kg.rdf.graph import build_dataset
from kg.rdf.load import union_graph
from tests.conftest import cooperation_records


@pytest.fixture
def dataset(article):
    return build_dataset(*cooperation_records(article))


@pytest.fixture
def build_folder(dataset, tmp_path):
    write_store(dataset, tmp_path)
    return tmp_path


EXPECTED_ROWS = {
    "who-proposed-what": {
        ("陳大文", "灣區快線", "南山區政協委員陳大文建議推出「灣區快線」計劃。", "article-1")
    },
    "roles": {("陳大文", "委員", "南山區政協")},
    "cooperation": {("南山區政協", "香港科技園公司"), ("香港科技園公司", "南山區政協")},
    "evidence-for": {
        ("陳大文", "proposed", "灣區快線"),
        ("陳大文", "affiliatedWith", "南山區政協"),
        ("灣區快線", "concerns", "皇崗口岸"),
        ("灣區快線", "concerns", "前海合作區"),
        ("南山區政協", "cooperatesWith", "香港科技園公司"),
    },
}


def strings(result, width):
    return {tuple(str(v) for v in row[:width]) for row in result.rows}


@pytest.mark.parametrize("name,expected", sorted(EXPECTED_ROWS.items()))
def test_named_queries_return_exactly_the_expected_rows_from_the_store(
    build_folder, name, expected
):
    result = api.query(name, graph=build_folder)
    assert strings(result, len(next(iter(expected)))) == expected
    assert len(result.rows) == len(expected)


def comparable(term):
    """Oxigraph keeps xsd:nonNegativeInteger offsets as xsd:integer: compare their values."""
    if isinstance(term, Literal) and term.datatype in INTEGER_TYPES:
        return Literal(int(term))
    return term


INTEGER_TYPES = {XSD.integer, XSD.nonNegativeInteger}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_store_and_rdflib_give_the_same_rows(build_folder, dataset, name):
    from_store = api.query(name, graph=build_folder)
    from_rdflib = api.query(name, graph=union_graph(dataset))
    assert from_store.columns == from_rdflib.columns
    assert [tuple(map(comparable, row)) for row in from_store.rows] == [
        tuple(map(comparable, row)) for row in from_rdflib.rows
    ]
    assert from_store.rows, f"{name} returned nothing on the fixture"


NAME_CASES = [
    (
        {"subjectName": "陳大文"},
        {("陳大文", "proposed", "灣區快線"), ("陳大文", "affiliatedWith", "南山區政協")},
    ),
    (
        {"subjectName": "陈大文"},
        {("陳大文", "proposed", "灣區快線"), ("陳大文", "affiliatedWith", "南山區政協")},
    ),
    (
        {"subjectName": "陳大文", "objectName": "「灣區快線」計劃"},
        {("陳大文", "proposed", "灣區快線")},
    ),
    ({"objectName": "前海合作区"}, {("灣區快線", "concerns", "前海合作區")}),
    ({"subjectName": "無此人"}, set()),
]


@pytest.mark.parametrize("params,expected", NAME_CASES)
@pytest.mark.parametrize("engine", ["store", "rdflib"])
def test_names_bind_as_labels_or_aliases_in_either_script(
    build_folder, dataset, engine, params, expected
):
    graph = build_folder if engine == "store" else union_graph(dataset)
    assert strings(api.query("evidence-for", graph=graph, params=params), 3) == expected


@pytest.mark.parametrize("engine", ["store", "rdflib"])
def test_cooperation_finds_a_partner_on_either_side(build_folder, dataset, engine):
    graph = build_folder if engine == "store" else union_graph(dataset)
    rows = strings(
        api.query("cooperation", graph=graph, params={"partnerName": "香港科技園公司"}), 2
    )
    assert rows == {("香港科技園公司", "南山區政協")}


def test_language_tags_read_as_rdflib_writes_them(build_folder):
    result = api.query(sparql="SELECT ?name WHERE { ?s skos:altLabel ?name }", graph=build_folder)
    tags = {row[0].language for row in result.rows}
    assert "zh-Hans" in tags and tags <= {"zh-Hant", "zh-Hans"}


def test_a_build_folder_is_queried_through_its_store(build_folder):
    assert not (build_folder / "graph.trig").exists()
    rows = api.query(
        sparql="SELECT ?s WHERE { ?s rdfs:label ?name }",
        graph=build_folder,
        params={"name": Literal("陳大文", lang="zh-Hant")},
    ).rows
    assert rows == ((URIRef("https://w3id.org/szhk-kg/id/person/陳大文"),),)


def test_named_graphs_are_kept_in_the_store(build_folder):
    result = run_store_query(
        open_store(build_folder / STORE_DIR),
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
    )
    assert [str(row[0]).rsplit("/", 1)[-1] for row in result.rows] == [
        "article-1",
        "article-2",
        "entities",
    ]


def test_a_failed_store_write_keeps_the_old_store(build_folder, tmp_path_factory):
    broken = tmp_path_factory.mktemp("broken") / "graph.trig"
    broken.write_text("<urn:g> { <urn:s> <urn:p> ", encoding="utf-8")
    with pytest.raises(InputError, match="graph.trig: cannot load into the SPARQL store"):
        write_store(broken, build_folder)
    assert sorted(p.name for p in build_folder.iterdir()) == [STORE_DIR]
    assert api.query("roles", graph=build_folder).rows


def test_rewriting_the_store_replaces_it(build_folder, records):
    write_store(build_dataset(*records), build_folder)
    assert sorted(p.name for p in Path(build_folder).iterdir()) == [STORE_DIR]
    assert not api.query("cooperation", graph=build_folder).rows


def test_store_errors_are_query_errors(build_folder):
    with pytest.raises(QueryError, match="bad SPARQL query: error at 1"):
        api.query(sparql="SELEC ?x WHERE {", graph=build_folder)
    with pytest.raises(QueryError, match="only SELECT"):
        api.query(sparql="ASK { ?s ?p ?o }", graph=build_folder)
    with pytest.raises(QueryError, match="no variable [?]nobody"):
        api.query("roles", graph=build_folder, params={"nobody": "x"})


BIND_CASES = [
    ("SELECT * { ?s ?p ?o }", "SELECT * { VALUES ?o { <urn:x> } ?s ?p ?o }"),
    (
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?o { <urn:x> } ?s ?p ?o }",
    ),
    (
        '# a { comment\nSELECT ?o WHERE { ?s ?p ?o , "}" }',
        '# a { comment\nSELECT ?o WHERE { VALUES ?o { <urn:x> } ?s ?p ?o , "}" }',
    ),
]


@pytest.mark.parametrize("text,expected", BIND_CASES)
def test_values_open_the_where_group(text, expected):
    assert bind_values(text, {"o": URIRef("urn:x")}) == expected


def test_values_are_written_as_terms_not_pasted():
    sneaky = Literal('x" } ?s ?p ?o . FILTER("1')
    bound = bind_values("SELECT ?s WHERE { ?s ?p ?name }", {"name": sneaky})
    assert (
        bound == 'SELECT ?s WHERE { VALUES ?name { "x\\" } ?s ?p ?o . FILTER(\\"1" } ?s ?p ?name }'
    )


def test_a_fact_stated_by_two_articles_is_one_row(tmp_path):
    dataset = Dataset()
    for article in ("a", "b"):
        dataset.graph(URIRef(f"urn:graph:{article}")).add(
            (URIRef("urn:x"), RDFS.label, Literal("前海"))
        )
    write_store(dataset, tmp_path)
    rows = api.query(
        sparql="SELECT ?s WHERE { ?s rdfs:label ?name }", graph=tmp_path, params={"name": "前海"}
    ).rows
    assert rows == ((URIRef("urn:x"),),)
    in_graphs = api.query(sparql="SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", graph=tmp_path).rows
    assert len(in_graphs) == 2


@pytest.mark.parametrize("engine", ["store", "rdflib"])
def test_a_page_is_a_slice_of_the_ordered_rows_and_counts_them_all(build_folder, dataset, engine):
    graph = build_folder if engine == "store" else union_graph(dataset)
    everything = api.query("evidence-for", graph=graph)
    page = api.query("evidence-for", graph=graph, limit=2, offset=1)
    assert len(everything.rows) == 5
    assert page.rows == everything.rows[1:3]
    assert (page.offset, page.total, page.remaining) == (1, 5, 2)
    past_the_end = api.query("evidence-for", graph=graph, limit=2, offset=9)
    assert (past_the_end.rows, past_the_end.total, past_the_end.remaining) == ((), 5, 0)


def test_a_negative_page_is_a_query_error(build_folder):
    with pytest.raises(QueryError, match="0 or more"):
        api.query("roles", graph=build_folder, offset=-1)


def test_store_loaded_in_small_chunks_holds_the_same_quads(dataset, tmp_path, monkeypatch):
    """The bulk load goes in chunks to bound its memory; no quad may be lost or doubled at a
    chunk's edge, in the named graphs or in their union (the default graph)."""
    import pyoxigraph

    import kg.outputs.store

    def quads(folder: Path) -> list[tuple[bool, str]]:
        return sorted(
            (quad.graph_name == pyoxigraph.DefaultGraph(), str(quad))
            for quad in open_store(folder / STORE_DIR)
        )

    write_store(dataset, tmp_path / "whole")
    monkeypatch.setattr(kg.outputs.store, "_LOAD_CHUNK", 3)
    write_store(dataset, tmp_path / "chunked")
    whole = quads(tmp_path / "whole")
    assert quads(tmp_path / "chunked") == whole
    union = [text for default, text in whole if default]
    assert len(union) > 3 * 10 and len(union) == len(union_graph(dataset))
