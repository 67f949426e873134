"""kg.outputs.viz: what each view selects and what the page holds (parsed, not grepped: the page's
data is JSON inside a script, with ``<`` written as ``\\u003c``)."""

import json
import re
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.app import api
from kg.app.cli import app
from kg.errors import InputError
from kg.outputs.analytics import to_networkx
from kg.outputs.viz import COLOURS, CROSS_BORDER_COLOUR, render, select_view, to_html
from kg.rdf.graph import build_dataset

CROSS_BORDER = Path(__file__).parent / "data" / "cross_border.ttl"
ID = "https://w3id.org/szhk-kg/id/"
HOSTILE = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"


class _Page(HTMLParser):
    """Tags, attributes, visible text and script bodies of a page."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.text, self.scripts, self._in = [], [], [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        (self.scripts if self._in == "script" else self.text if self._in != "style" else []).append(
            data
        )


def page_data(html):
    """The node and edge lists and the options the page hands to vis-network."""
    script = _Page(html).scripts[-1]
    nodes, edges = (json.loads(m) for m in re.findall(r"new vis\.DataSet\((\[.*?\])\);", script))
    options = json.loads(
        re.search(r"\{nodes: nodes, edges: edges\}, (\{.*?\})\);", script, re.S).group(1)
    )
    return nodes, edges, options


@pytest.fixture
def G():
    return to_networkx(api.load_dataset(CROSS_BORDER))


def by_label(nodes):
    return {n["label"]: n for n in nodes}


def test_all_view_draws_every_entity_and_relation(records):
    html = to_html(build_dataset(*records))
    nodes, edges, _ = page_data(html)
    assert {n["label"] for n in nodes} == {
        "南山區政協",
        "前海合作區",
        "灣區快線",
        "皇崗口岸",
        "陳大文",
    }
    assert sorted(e["label"] for e in edges) == [
        "affiliatedWith",
        "concerns",
        "concerns",
        "proposed",
    ]
    person = by_label(nodes)["陳大文"]
    assert person["color"] == COLOURS["Person"]
    assert person["size"] > by_label(nodes)["皇崗口岸"]["size"]  # 2 links against 1
    [proposed] = [e for e in edges if e["label"] == "proposed"]
    assert "南山區政協委員陳大文建議推出「灣區快線」計劃。" in proposed["title"]
    assert "article-1: 灣區快線試點啟動" in proposed["title"]  # the source article
    assert "Articles: article-1" in person["title"]


def test_legend_lists_the_classes_drawn_with_their_colours(G):
    page = _Page(to_html(G))
    swatches = [a["style"] for t, a in page.tags if a.get("class") == "swatch"]
    assert swatches == [
        f"background: {COLOURS[t]}"
        for t in ("Person", "Organization", "Platform", "Initiative", "Place")
    ]
    assert "Person (2)" in "".join(page.text)


def test_labels_stay_in_the_source_script(G):
    nodes, _, _ = page_data(to_html(G))
    assert "黃文華" in by_label(nodes) and "黄文华" not in by_label(nodes)


def test_page_loads_nothing_and_shows_hostile_names_as_text(G):
    html = to_html(G)
    page = _Page(html)
    assert [(t, a) for t, a in page.tags if {"src", "href"} & a.keys()] == []
    for markup in ("<img src=x", "<b onmouseover", "<script>document.title"):  # from the articles
        assert markup not in html
    assert [
        t
        for t, _ in page.tags
        if t
        not in {
            "html",
            "head",
            "meta",
            "title",
            "script",
            "style",
            "body",
            "header",
            "h1",
            "p",
            "ul",
            "li",
            "span",
            "div",
        }
    ] == []
    nodes, edges, _ = page_data(html)
    assert HOSTILE in by_label(nodes)  # drawn as text on the canvas
    assert any("<b onmouseover=" in e["title"] and "t2: <script>" in e["title"] for e in edges)


def test_tooltips_are_set_as_text_by_the_bundled_vis_network():
    """Tooltips are plain text (newlines, no markup): safe because vis-network 9 sets a string
    title with innerText. Pinned here so a pyvis upgrade that changes it fails loudly."""
    js = (files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(
        "utf-8"
    )
    assert "else this.frame.innerText=t" in js


def test_hostile_focus_is_escaped_in_the_page_text(G):
    html = to_html(G, "ego", focus="onerror")
    assert "Within 1 link(s) of &lt;img src=x onerror=" in html


def test_same_graph_same_bytes(G):
    assert to_html(G, "cooperation") == to_html(
        to_networkx(api.load_dataset(CROSS_BORDER)), "cooperation"
    )


def test_cooperation_view_puts_the_sides_apart_and_highlights_crossings(G):
    nodes, edges, _ = page_data(to_html(G, "cooperation"))
    x = {n["label"]: n.get("x") for n in nodes}
    assert x["深圳市"] < 0 and x["深圳市創科局"] < 0 and x["河套合作區"] < 0
    assert x["香港特別行政區"] > 0 and x["創新署"] > 0 and x["港科院"] > 0
    assert x["李志明"] == 0 and x["深港青年夢工場"] == 0 and x["跨境數據走廊"] is None
    assert all(n["fixed"] == {"x": True, "y": False} for n in nodes if n.get("x") is not None)
    ids = {n["id"]: n["label"] for n in nodes}
    crossing = [(ids[e["from"]], ids[e["to"]]) for e in edges if e["color"] == CROSS_BORDER_COLOUR]
    assert crossing == [("深圳市創科局", "創新署")]
    assert "深化改革方案" not in ids.values()  # linked to neither side


def test_ego_view_follows_hops_in_both_directions(G):
    one = select_view(G, "ego", focus="黄文华")  # Simplified finds the Traditional label
    assert {G.nodes[n]["label"] for n in one.graph} == {"黃文華", "創新署", "跨境數據走廊"}
    two = select_view(G, "ego", focus="黃文華", hops=2)
    assert {"香港特別行政區", "深圳市創科局", "河套合作區", "深港青年夢工場"} <= {
        G.nodes[n]["label"] for n in two.graph
    }


def test_types_filter_keeps_only_those_classes(G):
    view = select_view(G, types=("Person", "Organization"))
    assert {d["type"] for _, d in view.graph.nodes(data=True)} == {"Person", "Organization"}
    assert view.graph.number_of_edges() == 5


def test_big_graph_keeps_the_most_connected_says_what_is_left_out_and_freezes(G):
    view = select_view(G, max_nodes=3)
    assert {G.nodes[n]["label"] for n in view.graph} == {"深圳市創科局", "創新署", "跨境數據走廊"}
    assert view.note.startswith("Showing the 3 most connected of 12 entities; left out 9 entities")
    html = render(view)
    note = [a for t, a in _Page(html).tags if a.get("id") == "kg-note"]
    assert note and view.note in html
    assert "network.setOptions({physics: {enabled: false}})" in html
    assert "physics: {enabled: false}" not in to_html(G)


def test_ego_focus_is_kept_when_the_limit_cuts(G):
    view = select_view(G, "ego", focus="港科院", hops=3, max_nodes=2)
    assert G.nodes[ID + "organization/港科院"]["label"] in {G.nodes[n]["label"] for n in view.graph}


@pytest.mark.parametrize(
    "view,options,message",
    [
        ("ego", {}, "needs --focus"),
        ("ego", {"focus": "無此人"}, "no entity is called '無此人'"),
        ("tree", {}, "unknown view 'tree'"),
        ("all", {"max_nodes": 0}, "--max-nodes must be at least 1"),
    ],
)
def test_bad_view_options_are_input_errors(G, view, options, message):
    with pytest.raises(InputError, match=re.escape(message)):
        select_view(G, view, **options)


def test_viz_and_stats_commands(tmp_path):
    runner = CliRunner()
    out = tmp_path / "ego.html"
    result = runner.invoke(
        app,
        [
            "viz",
            "-g",
            str(CROSS_BORDER),
            "--view",
            "ego",
            "--focus",
            "李志明",
            "--hops",
            "1",
            "--types",
            "Person,Organization",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 entities" in result.output
    nodes, _, _ = page_data(out.read_text("utf-8"))
    assert sorted(n["label"] for n in nodes) == ["李志明", "深圳市創科局", "港科院"]
    result = runner.invoke(app, ["stats", "-g", str(CROSS_BORDER)])
    assert result.exit_code == 0, result.output
    assert "People bridging Shenzhen and Hong Kong" in result.output and "李志明" in result.output
    result = runner.invoke(app, ["viz", "-g", str(CROSS_BORDER), "--types", "Ship", "-o", str(out)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: unknown entity type 'Ship'")


def dated_facts():
    """方舟's facts, reported on three days and one undated, plus a link among the others."""
    import networkx as nx

    from kg.outputs.analytics import Evidence

    G = nx.MultiDiGraph()
    people = {"fz": ("方舟", "Person"), "ai": ("AI對接平台", "Initiative")}
    people |= {"zx": ("深圳市政協", "Organization"), "hy": ("政協會議", "Event")}
    people |= {"ht": ("河套合作區", "Platform"), "lk": ("數據通", "Initiative")}
    for node, (label, kind) in people.items():
        G.add_node(node, label=label, type=kind, names=(label,))
    facts = [
        ("fz", "ai", "proposed", "2025-02-09"),
        ("fz", "zx", "affiliatedWith", "2023-01-05"),
        ("fz", "hy", "participatedIn", "2025-02-09"),
        ("fz", "lk", "proposed", ""),
        ("ai", "ht", "concerns", "2025-02-09"),  # not the focus's: not drawn
    ]
    for s, o, p, day in facts:
        G.add_edge(s, o, key=p, evidence=(Evidence(f"{s}{p}{o}。", f"doc-{day}", "", day),))
    return G


def test_timeline_view_places_facts_by_date_earliest_left():
    view = select_view(dated_facts(), "timeline", focus="方舟")
    assert view.dates == {"ai": "2025-02-09", "zx": "2023-01-05", "hy": "2025-02-09", "lk": ""}
    assert ("ai", "ht", "concerns") not in view.graph.edges(keys=True)
    assert "3 dated, 2023-01-05 to 2025-02-09; 1 undated" in view.caption
    nodes, edges, _ = page_data(render(view))
    x = {n["label"]: n["x"] for n in nodes}
    assert x["方舟"] < x["2023-01-05 · 深圳市政協"] < x["2025-02-09 · AI對接平台"]
    assert x["2025-02-09 · AI對接平台"] == x["2025-02-09 · 政協會議"] < x["(undated) · 數據通"]
    assert all(n["fixed"] == {"x": True, "y": True} for n in nodes)
    assert len(edges) == 4
    tooltip = next(e["title"] for e in edges if e["label"] == "affiliatedWith")
    assert "2023-01-05, doc-2023-01-05" in tooltip


def test_timeline_view_reads_dates_from_the_graph():
    from tests.conftest import dated_dataset

    view = select_view(to_networkx(dated_dataset()), "timeline", focus="陳大文")
    assert set(view.dates.values()) == {"2023-02-15"}  # each fact first told in 2023


def test_timeline_view_needs_a_focus_it_can_find():
    with pytest.raises(InputError, match="the timeline view needs --focus"):
        select_view(dated_facts(), "timeline")
    with pytest.raises(InputError, match="no entity is called '無此人'"):
        select_view(dated_facts(), "timeline", focus="無此人")
