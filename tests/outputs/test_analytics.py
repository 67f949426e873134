"""kg.outputs.analytics: the networkx graph built from RDF, sides of the border, centrality,
communities, bridging people, and the graph exports built on them."""

import csv
import importlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.app import api
from kg.outputs.analytics import (
    BOTH,
    HONG_KONG,
    SHENZHEN,
    Evidence,
    bridging_people,
    central_entities,
    communities,
    flat_graph,
    graph_stats,
    is_cross_border,
    matching_nodes,
    sides,
    to_networkx,
)
from kg.rdf.graph import build_dataset, entity_node

export = importlib.import_module(
    "kg.outputs.export"
)  # kg.outputs.export the module, not kg.app.api.export
CROSS_BORDER = Path(__file__).parent / "data" / "cross_border.ttl"
ID = "https://w3id.org/szhk-kg/id/"


@pytest.fixture
def cross_border():
    return to_networkx(api.load_dataset(CROSS_BORDER))


def test_nodes_are_entities_and_edges_carry_their_evidence(records):
    docs, resolution, relations = records
    G = to_networkx(build_dataset(docs, resolution, relations))
    assert sorted(d["type"] for _, d in G.nodes(data=True)) == sorted(
        e.label for e in resolution.entities
    )
    person = str(entity_node(resolution.entity("Person/陳大文")))
    plan = str(entity_node(resolution.entity("Initiative/灣區快線")))
    assert G.nodes[plan]["label"] == "灣區快線"
    assert {"湾区快线", "「灣區快線」計劃"} <= set(G.nodes[plan]["names"])
    assert G.nodes[person]["documents"] == ("article-1",)
    [evidence] = G.edges[person, plan, "proposed"]["evidence"]
    assert evidence == Evidence(docs[0].sentences[1].text, "article-1", "灣區快線試點啟動")
    assert G.number_of_edges() == len({(r.subject, r.predicate, r.object) for r in relations})


def test_same_statement_in_two_sentences_is_one_edge_with_two_sentences(cross_border):
    data = cross_border.edges[
        f"{ID}organization/深圳市創科局", f"{ID}organization/創新署", "cooperatesWith"
    ]
    assert [e.sentence for e in data["evidence"]] == [
        "兩局將在河套合作區共建實驗室。",
        "深圳市創科局與創新署簽署合作協議。",
    ]


@pytest.mark.parametrize(
    "name,expected",
    [
        ("河套", ["platform/河套合作區"]),  # an alias
        ("河套合作区", ["platform/河套合作區"]),  # the other script
        ("黄文华", ["person/黃文華"]),
        ("創科", ["organization/深圳市創科局"]),  # no exact name: part of one
        ("不存在", []),
    ],
)
def test_matching_nodes_folds_scripts_and_aliases(cross_border, name, expected):
    assert matching_nodes(cross_border, name) == [ID + e for e in expected]


def test_sides_from_names_chains_and_affiliations(cross_border):
    side = {node.removeprefix(ID): s for node, s in sides(cross_border).items()}
    assert side == {
        "place/深圳市": SHENZHEN,
        "organization/深圳市創科局": SHENZHEN,
        "platform/河套合作區": SHENZHEN,  # locatedIn 深圳市
        "place/香港特別行政區": HONG_KONG,
        "organization/創新署": HONG_KONG,  # locatedIn 香港…
        "organization/港科院": HONG_KONG,  # abbreviation 港…
        "person/黃文華": HONG_KONG,  # affiliated with 創新署
        "platform/深港青年夢工場": BOTH,
        "person/李志明": BOTH,
        "initiative/跨境數據走廊": None,
        "initiative/深化改革方案": None,  # 深化 is not 深圳
        "organization/hostile": None,
    }


def test_cross_border_edges(cross_border):
    side = sides(cross_border)
    crossing = sorted(
        (s.removeprefix(ID), o.removeprefix(ID))
        for s, o, _ in cross_border.edges(keys=True)
        if is_cross_border(side, s, o)
    )
    assert crossing == [("organization/深圳市創科局", "organization/創新署")]


def test_bridging_people_are_linked_to_both_sides(cross_border):
    [(person, shenzhen, hong_kong)] = bridging_people(cross_border)
    assert person == ID + "person/李志明"
    assert shenzhen == [ID + "organization/深圳市創科局"] and hong_kong == [
        ID + "organization/港科院"
    ]


def test_central_entities_rank_by_degree_then_betweenness(cross_border):
    ranked = central_entities(cross_border, 3)
    assert [n.removeprefix(ID) for n, _, _ in ranked] == [
        "organization/深圳市創科局",  # 4 neighbours
        "organization/創新署",  # 3, and on the path from Hong Kong to Shenzhen
        "initiative/跨境數據走廊",
    ]  # 3
    assert ranked[1][2] > ranked[2][2]


def test_communities_are_repeatable_and_skip_isolated_entities(cross_border):
    found = communities(cross_border)
    assert found == communities(to_networkx(api.load_dataset(CROSS_BORDER)))
    members = {n for c in found for n in c}
    assert ID + "initiative/深化改革方案" not in members  # no links
    assert members == {n for n in cross_border if cross_border.degree(n)}


def test_graph_stats_counts(cross_border):
    stats = graph_stats(cross_border, top=2)
    assert stats.entities == {
        "Person": 2,
        "Organization": 4,
        "Port": 0,
        "Platform": 2,
        "Initiative": 2,
        "Place": 2,
        "Event": 0,
    }
    assert stats.relations["cooperatesWith"] == 2 and stats.relations["affiliatedWith"] == 3
    assert len(stats.central) == 2 and stats.label(stats.central[0][0]) == "深圳市創科局"


def test_api_stats_reads_a_graph_file():
    assert api.stats(CROSS_BORDER).bridges[0][0] == ID + "person/李志明"


def test_graphml_and_gexf_round_trip(tmp_path):
    dataset = api.load_dataset(CROSS_BORDER)
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = api.export(CROSS_BORDER, fmt, tmp_path / f"g.{fmt}")
        back = read(path)
        assert back.number_of_nodes() == 12 and back.number_of_edges() == 11
        labels = {d["label"] for _, d in back.nodes(data=True)}
        assert "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">" in labels
    ids = [
        e.get("id")
        for e in ET.fromstring(export.to_graphml(dataset)).iter(
            "{http://graphml.graphdrawing.org/xmlns}edge"
        )
    ]
    assert len(ids) == len(set(ids)) == 11


def test_flat_graph_keeps_evidence_as_text(cross_border):
    H = flat_graph(cross_border)
    texts = [d["evidence"] for _, _, d in H.edges(data=True) if d["predicate"] == "proposed"]
    assert texts == ["創新署署長黃文華建議推出「跨境數據走廊」。 [t1]"]


def test_edges_csv_has_one_row_per_relation_with_labels():
    rows = list(csv.DictReader(io.StringIO(export.to_edges_csv(api.load_dataset(CROSS_BORDER)))))
    assert len(rows) == 11
    [row] = [r for r in rows if r["predicate"] == "proposed"]
    assert (row["source_label"], row["source_type"], row["target_label"], row["articles"]) == (
        "黃文華",
        "Person",
        "跨境數據走廊",
        "t1",
    )


def test_jsonld_parses_back_to_the_same_triples():
    dataset = api.load_dataset(CROSS_BORDER)
    text = export.to_jsonld(dataset)
    assert text == export.to_jsonld(api.load_dataset(CROSS_BORDER))
    assert "kgo" in json.loads(text)["@context"]
    assert len(Graph().parse(data=text, format="json-ld")) == len(export.union_graph(dataset))
