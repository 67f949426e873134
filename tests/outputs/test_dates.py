"""The named queries' date and outlet columns and their --since/--until filters, on a small
graph of three articles (2023, 2025 and one undated) in both engines."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.app import api
from kg.app.cli import app
from kg.errors import QueryError
from kg.outputs.export import get_exporter
from kg.outputs.store import write_store
from kg.rdf.load import union_graph
from tests.conftest import DATED_ARTICLES, dated_dataset

DOC_IDS = {doc_id for doc_id, _, _ in DATED_ARTICLES}


@pytest.fixture(scope="module")
def dataset():
    return dated_dataset()


@pytest.fixture(scope="module")
def graphs(dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    write_store(dataset, folder)
    return {"store": folder, "rdflib": union_graph(dataset)}


ENGINES = ("store", "rdflib")


def documents(result):
    return [str(row[result.columns.index("document")]) for row in result.rows]


@pytest.mark.parametrize("engine", ENGINES)
def test_rows_carry_their_articles_date_and_outlet(graphs, engine):
    result = api.query("who-proposed-what", graph=graphs[engine])
    cells = {(str(row[3]), row[4] and str(row[4]), row[5] and str(row[5])) for row in result.rows}
    assert cells == {
        ("article-2023", "2023-02-15", "南方日報"),
        ("article-2025", "2025-03-21", "大公報"),
        ("undated", None, None),
    }


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["who-proposed-what", "roles", "evidence-for", "timeline"])
@pytest.mark.parametrize(
    "since,until,kept",
    [
        ("2024", None, {"article-2025"}),
        (None, "2024-12-31", {"article-2023"}),
        ("2023-02-15", "2023-02-15", {"article-2023"}),
        ("2023", "2025", {"article-2023", "article-2025"}),
        (None, None, {"article-2023", "article-2025", "undated"}),
        ("2026", None, set()),
    ],
)
def test_since_and_until_keep_the_facts_of_articles_in_the_span(
    graphs, engine, name, since, until, kept
):
    result = api.query(name, graph=graphs[engine], since=since, until=until)
    assert set(documents(result)) == kept
    assert {"date", "outlet"} <= set(result.columns)


@pytest.mark.parametrize("engine", ENGINES)
def test_counts_follow_the_span(graphs, engine):
    counts = {
        since: {
            str(row[0]): int(row[1])
            for row in api.query("entities-by-type", graph=graphs[engine], since=since).rows
        }
        for since in (None, "2024", "2026")
    }
    # 南方日報 is named by the 2023 article only
    assert counts[None] == {**counts["2024"], "Organization": 3}
    assert counts["2024"]["Organization"] == 2 and counts["2024"]["Person"] == 1
    assert counts["2026"] == {}
    relations = api.query("relations-by-predicate", graph=graphs[engine], until="2022").rows
    assert relations == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_timeline_is_in_date_order_with_undated_articles_last(graphs, engine):
    result = api.query("timeline", graph=graphs[engine], params={"name": "陳大文"})
    order = documents(result)
    assert order == sorted(order, key=["article-2023", "article-2025", "undated"].index)
    assert set(order) == DOC_IDS
    assert all(str(row[result.columns.index("evidence")]) for row in result.rows)


@pytest.mark.parametrize(
    "since,until,message",
    [
        ("2023-13-01", None, "--since '2023-13-01' is no date"),
        (None, "yesterday", "--until 'yesterday' is no date"),
        ("2025", "2023", "--since 2025-01-01 is after --until 2023-12-31"),
    ],
)
def test_a_bad_span_is_a_query_error(graphs, since, until, message):
    with pytest.raises(QueryError, match=message):
        api.query("timeline", graph=graphs["store"], since=since, until=until)


def test_the_cli_filters_by_date_and_refuses_a_bad_one(dataset, tmp_path):
    get_exporter("turtle")(dataset, tmp_path / "graph.ttl")
    runner = CliRunner()
    graph = str(tmp_path / "graph.ttl")
    result = runner.invoke(
        app, ["query", "who-proposed-what", "-g", graph, "--since", "2024", "-f", "csv"]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].endswith(",article-2025,2025-03-21,大公報")
    assert len(result.stdout.splitlines()) == 2
    result = runner.invoke(app, ["query", "roles", "-g", graph, "--until", "20xx"])
    assert result.exit_code == 1 and "Error: --until '20xx' is no date" in result.output
