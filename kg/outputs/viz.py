"""Interactive HTML pictures of the graph (pyvis / vis-network), one self-contained offline file.

Views: ``all`` (every entity), ``cooperation`` (Shenzhen-side entities in a column on the
left, Hong Kong-side on the right, cross-border links highlighted), ``ego`` (the
neighbourhood of one entity) and ``timeline`` (one entity's facts along its articles' dates). pyvis builds the node and edge data; the page comes from our
own template (``kg/templates/graph.html``) because pyvis's template links Bootstrap from a
CDN and has no place for a legend, a note on what was left out, or the status line the
browser tests read. vis-network itself is inlined from pyvis's package, so the page loads
nothing from the network.

Escaping: text in the HTML (title, legend, note) is escaped by Jinja's autoescape; node and
edge data go into the script as JSON with ``<``, ``>``, ``&`` and ``'`` written as
``\\u`` escapes, and vis-network draws labels on the canvas and sets tooltips with
``innerText``, so a name such as ``<img src=x onerror=alert(1)>`` is shown as text.

Same graph, same bytes: nodes and edges are added in sorted order, JSON keys are sorted and
the layout seed is fixed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from kg.errors import InputError
from kg.files import atomic_write_text
from kg.outputs.analytics import (
    BOTH,
    HONG_KONG,
    SHENZHEN,
    Evidence,
    is_cross_border,
    matching_nodes,
    sides,
    to_networkx,
)
from kg.records import ENTITY_TYPES

__all__ = [
    "VIEWS",
    "COLOURS",
    "DEFAULT_MAX_NODES",
    "View",
    "parse_types",
    "select_view",
    "render",
    "to_html",
    "write_view",
]

VIEWS = ("all", "cooperation", "ego", "timeline")
COLOURS = {
    "Person": "#e15759",
    "Organization": "#4e79a7",
    "Port": "#f28e2b",
    "Platform": "#59a14f",
    "Initiative": "#b07aa1",
    "Place": "#76b7b2",
    "Event": "#edc948",
}
CROSS_BORDER_COLOUR = "#d62728"
EDGE_COLOUR = "#9aa0a6"
DEFAULT_MAX_NODES = 400
_SIDE_X = {SHENZHEN: -900, BOTH: 0, HONG_KONG: 900}
_SMALL = 150  # entities up to which the finer (slower) first layout is used
_COLUMN_ROWS = 18  # entities per sub-column before a side grows another one
_LANE_WIDTH = 170
_EVIDENCE_SHOWN = 3  # sentences per edge tooltip; the rest are counted
_NAMES_SHOWN = 6
_DATE_COLUMN = 220  # timeline: the width of one date's column
_DATE_ROW = 56  # timeline: the height of one fact in its date's column
UNDATED = ""


@dataclass(frozen=True)
class View:
    """The part of the graph one picture draws, and what it says about the rest."""

    name: str
    graph: nx.MultiDiGraph  # the nodes and edges drawn
    degree: dict[str, int]  # degree in the whole graph: sets node size
    total_nodes: int  # entities the view would show without the limit
    caption: str
    note: str = ""  # what was left out, when the node limit cut
    side: dict[str, str | None] = field(default_factory=dict)  # cooperation view only
    # timeline view only: each fact's entity -> its earliest article date (UNDATED: none)
    dates: dict[str, str] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return self.graph.number_of_nodes() < self.total_nodes


def parse_types(types: str | Iterable[str] | None) -> tuple[str, ...]:
    """Entity classes named on the command line (``Person,Organization``, or repeated), checked.

    >>> parse_types("person, Platform")
    ('Person', 'Platform')
    >>> parse_types("Ship")
    Traceback (most recent call last):
    kg.errors.InputError: unknown entity type 'Ship'; choose from Person, Organization, Port, Platform, Initiative, Place, Event
    """
    if not types:
        return ()
    items = types.split(",") if isinstance(types, str) else [t for x in types for t in x.split(",")]
    by_folded = {t.lower(): t for t in ENTITY_TYPES}
    chosen = []
    for item in (i.strip() for i in items if i.strip()):
        if item.lower() not in by_folded:
            raise InputError(f"unknown entity type {item!r}; choose from {', '.join(ENTITY_TYPES)}")
        chosen.append(by_folded[item.lower()])
    return tuple(dict.fromkeys(chosen))


def select_view(
    G: nx.MultiDiGraph,
    view: str = "all",
    *,
    focus: str | None = None,
    hops: int = 1,
    types: tuple[str, ...] = (),
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """The subgraph a view draws: filtered by class, chosen by view, cut to ``max_nodes``.

    Beyond ``max_nodes`` the most connected entities are kept (the focus of an ego view
    always) and the note says how many of each class were left out.

    >>> G = nx.MultiDiGraph([("a", "b", "proposed"), ("b", "c", "concerns")])
    >>> nx.set_node_attributes(G, {"a": "甲", "b": "乙", "c": "丙"}, "label")
    >>> nx.set_node_attributes(G, "Organization", "type")
    >>> nx.set_node_attributes(G, {n: (d["label"],) for n, d in G.nodes(data=True)}, "names")
    >>> sorted(select_view(G, "ego", focus="甲").graph)
    ['a', 'b']
    >>> v = select_view(G, max_nodes=1)
    >>> sorted(v.graph), v.note
    (['b'], 'Showing the 1 most connected of 3 entities; left out 2 entities (Organization 2) and 2 links. Narrow the picture with --types or --focus.')
    """
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")
    if max_nodes < 1:
        raise InputError(f"--max-nodes must be at least 1, not {max_nodes}")
    typed = G.subgraph(n for n, d in G.nodes(data=True) if not types or d.get("type") in types)
    side: dict[str, str | None] = {}
    dates: dict[str, str] = {}
    if view == "ego":
        nodes, keep, caption = _ego_nodes(typed, focus, hops)
    elif view == "timeline":
        nodes, keep, caption, dates = _timeline_nodes(typed, focus)
    elif view == "cooperation":
        side = sides(G)
        nodes, keep = _cooperation_nodes(typed, side), set()
        caption = (
            f"Shenzhen side on the left, Hong Kong side on the right; {len(nodes)} of "
            f"{typed.number_of_nodes()} entities are on a side or linked to one."
        )
    else:
        nodes, keep, caption = set(typed), set(), f"All {typed.number_of_nodes()} entities."
    degree = dict(G.degree())
    shown = _most_connected(G, nodes, keep, degree, max_nodes)
    drawn = nx.MultiDiGraph(typed.subgraph(sorted(shown)))
    note = _left_out_note(G, typed, nodes, shown) if len(shown) < len(nodes) else ""
    if view == "timeline":  # only the focus's own facts: no links among the others
        drawn.remove_edges_from(
            [
                (s, o, k)
                for s, o, k in list(drawn.edges(keys=True))
                if s not in keep and o not in keep
            ]
        )
    return View(view, drawn, degree, len(nodes), caption, note, side, dates)


def _ego_nodes(G: nx.MultiDiGraph, focus: str | None, hops: int) -> tuple[set[str], set[str], str]:
    if not focus:
        raise InputError("the ego view needs --focus NAME (any label of an entity, either script)")
    if hops < 0:
        raise InputError(f"--hops must be 0 or more, not {hops}")
    centres = matching_nodes(G, focus)
    if not centres:
        raise InputError(
            f"no entity is called {focus!r}; try part of a name or `kg query entities-by-type`"
        )
    undirected = G.to_undirected(as_view=True)
    nodes = set().union(*(nx.ego_graph(undirected, c, radius=hops) for c in centres))
    labels = "、".join(G.nodes[c]["label"] for c in centres)
    return nodes, set(centres), f"Within {hops} link(s) of {labels}: {len(nodes)} entities."


def _timeline_nodes(
    G: nx.MultiDiGraph, focus: str | None
) -> tuple[set[str], set[str], str, dict[str, str]]:
    """The focus and the entities of its facts, each with the earliest date an article
    states one of them (what it proposed, joined, attended … and when that was reported)."""
    if not focus:
        raise InputError("the timeline view needs --focus NAME (any label of an entity)")
    centres = matching_nodes(G, focus)
    if not centres:
        raise InputError(
            f"no entity is called {focus!r}; try part of a name or `kg query entities-by-type`"
        )
    dates: dict[str, str] = {}
    for centre in centres:
        edges = [*G.out_edges(centre, data=True), *G.in_edges(centre, data=True)]
        for s, o, data in edges:
            other = o if s == centre else s
            if other in centres:
                continue
            stated = sorted(e.date for e in data.get("evidence", ()) if e.date)
            earliest = stated[0] if stated else UNDATED
            known = dates.get(other)
            if known is None or (earliest and (known == UNDATED or earliest < known)):
                dates[other] = earliest
    labels = "、".join(G.nodes[c]["label"] for c in centres)
    dated = sorted(d for d in dates.values() if d)
    span = f"{len(dated)} dated, {dated[0]} to {dated[-1]}" if dated else "none dated"
    caption = (
        f"The facts of {labels} by the date of the article that first states each, earliest "
        f"on the left ({span}; {len(dates) - len(dated)} undated, on the right)."
    )
    return set(centres) | set(dates), set(centres), caption, dates


def _cooperation_nodes(G: nx.MultiDiGraph, side: dict[str, str | None]) -> set[str]:
    """Entities on a side, and the entities linked to them (what the sides cooperate on)."""
    sided = {n for n in G if side.get(n)}
    undirected = G.to_undirected(as_view=True)
    return sided | {m for n in sided for m in undirected.neighbors(n)}


def _most_connected(
    G: nx.MultiDiGraph, nodes: set[str], keep: set[str], degree: dict[str, int], limit: int
) -> set[str]:
    if len(nodes) <= limit:
        return set(nodes)
    ranked = sorted(nodes - keep, key=lambda n: (-degree[n], G.nodes[n].get("label", n), n))
    return set(sorted(keep)[:limit]) | set(ranked[: max(0, limit - len(keep))])


def _left_out_note(
    G: nx.MultiDiGraph, typed: nx.MultiDiGraph, nodes: set[str], shown: set[str]
) -> str:
    left = nodes - shown
    by_type = Counter(G.nodes[n].get("type", "?") for n in left)
    kinds = ", ".join(f"{t} {by_type[t]}" for t in (*ENTITY_TYPES, "?") if by_type[t])
    links = sum(1 for s, o in typed.subgraph(nodes).edges() if s in left or o in left)
    return (
        f"Showing the {len(shown)} most connected of {len(nodes)} entities; left out "
        f"{len(left)} entities ({kinds}) and {links} links. Narrow the picture with "
        f"--types or --focus."
    )


def render(view: View, *, height: str = "780px") -> str:
    """The HTML page of one view: legend, caption, note, and the network drawn by vis-network."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from pyvis.network import Network  # heavy: only when drawing

    network = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    G = view.graph
    places = _timeline_places(view) if view.name == "timeline" else _side_places(view)
    for node in sorted(G.nodes):
        network.add_node(node, **_node_options(view, node, places.get(node)))
    for s, o, key in sorted(G.edges(keys=True)):
        network.add_edge(s, o, **_edge_options(view, s, o, key))
    nodes, edges, _, _, _, _ = network.get_network_data()
    counts = Counter(G.nodes[n]["type"] for n in G.nodes)
    vis = files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    environment = Environment(
        loader=PackageLoader("kg", "templates"),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
    )
    return environment.get_template("graph.html").render(
        title=_TITLE[view.name],
        caption=view.caption,
        note=view.note,
        height=height,
        legend=[(t, COLOURS[t], counts[t]) for t in ENTITY_TYPES if counts[t]],
        cooperation=view.name == "cooperation",
        colours={"cross_border": CROSS_BORDER_COLOUR, "edge": EDGE_COLOUR},
        nodes=nodes,
        edges=edges,
        options=_options(view),
        freeze_physics=view.truncated,
        vis_css=vis.joinpath("vis-network.css").read_text("utf-8"),
        vis_js=vis.joinpath("vis-network.min.js").read_text("utf-8"),
    )


_TITLE = {
    "all": "Shenzhen–Hong Kong knowledge graph",
    "cooperation": "Shenzhen–Hong Kong cooperation",
    "ego": "Neighbourhood",
    "timeline": "Timeline",
}


def _timeline_places(view: View) -> dict[str, tuple[int, int]]:
    """Fixed places of a timeline: a column per date, earliest on the left, the undated last,
    each column's facts stacked around the middle; the focus on the far left."""
    columns = sorted({d for d in view.dates.values() if d}) + [UNDATED]
    places: dict[str, tuple[int, int]] = {}
    for x, day in enumerate(columns, 1):
        facts = sorted(
            (n for n in view.graph if view.dates.get(n) == day),
            key=lambda n: (view.graph.nodes[n]["type"], view.graph.nodes[n]["label"], n),
        )
        for row, node in enumerate(facts):
            places[node] = (x * _DATE_COLUMN, _DATE_ROW * (row - len(facts) // 2))
    for node in view.graph:
        if node not in view.dates:  # the focus
            places[node] = (0, 0)
    return places


def _side_places(view: View) -> dict[str, tuple[int, int]]:
    """Fixed x and starting y of each sided node: a side with many entities gets several
    sub-columns (growing outwards) so its labels do not pile up in one line."""
    places: dict[str, tuple[int, int]] = {}
    for side, x in _SIDE_X.items():
        column = sorted(n for n in view.graph if view.side.get(n) == side)
        width = max(1, math.ceil(len(column) / _COLUMN_ROWS))
        outward = -1 if x < 0 else 1
        for i, node in enumerate(column):
            lane = i % width
            offset = (lane + 1) // 2 * (1 if lane % 2 else -1) if x == 0 else outward * lane
            places[node] = (
                x + _LANE_WIDTH * offset,
                40 * (i // width - len(column) // (2 * width)),
            )
    return places


def _node_options(view: View, node: str, place: tuple[int, int] | None) -> dict:
    data = view.graph.nodes[node]
    day = view.dates.get(node)
    options = {
        "label": data["label"] if day is None else f"{day or '(undated)'} · {data['label']}",
        "color": COLOURS[data["type"]],
        "type": data["type"],
        "title": _node_tooltip(view, node),
        "size": round(12 + 6 * math.sqrt(view.degree.get(node, 0)), 1),
    }
    if place:
        fixed_y = view.name == "timeline"
        options.update(x=place[0], y=place[1], fixed={"x": True, "y": fixed_y})
    return options


def _node_tooltip(view: View, node: str) -> str:
    data = view.graph.nodes[node]
    lines = [f"{data['label']} · {data['type']}"]
    others = [n for n in data.get("names", ()) if n != data["label"]]
    if others:
        more = f" (+{len(others) - _NAMES_SHOWN})" if len(others) > _NAMES_SHOWN else ""
        lines.append("Also: " + "、".join(others[:_NAMES_SHOWN]) + more)
    if view.side.get(node):
        lines.append(f"Side: {view.side[node]}")
    lines.append(f"Links: {view.degree.get(node, 0)}")
    if data.get("documents"):
        lines.append("Articles: " + ", ".join(data["documents"]))
    return "\n".join(lines)


def _edge_options(view: View, s: str, o: str, key: str) -> dict:
    cross = bool(view.side) and is_cross_border(view.side, s, o)
    colour = CROSS_BORDER_COLOUR if cross else EDGE_COLOUR
    return {
        "label": key,
        "title": _edge_tooltip(view, s, o, key),
        "arrows": "to",
        "color": colour,
        "width": 4 if cross else 1.5,
    }


def _edge_tooltip(view: View, s: str, o: str, key: str) -> str:
    G = view.graph
    evidence: tuple[Evidence, ...] = G.edges[s, o, key].get("evidence", ())
    lines = [f"{G.nodes[s]['label']} —{key}→ {G.nodes[o]['label']}"]
    if view.side and is_cross_border(view.side, s, o):
        lines.append("Cross-border link")
    for item in evidence[:_EVIDENCE_SHOWN]:
        source = f"{item.document}: {item.title}" if item.title else item.document
        if view.name == "timeline":
            source = f"{item.date or 'undated'}, {source}"
        lines += ["", f"「{item.sentence}」", f"— {source}"]
    if len(evidence) > _EVIDENCE_SHOWN:
        lines += ["", f"(+{len(evidence) - _EVIDENCE_SHOWN} more sentences)"]
    return "\n".join(lines)


def _options(view: View) -> dict:
    """vis-network options: a fixed layout seed, and a cheaper first layout on big pictures
    (on the 316 seed entities headless Chromium spent about 7 s on the page with 400
    forceAtlas2 iterations, under 3 s with 150 Barnes-Hut ones)."""
    small = view.graph.number_of_nodes() <= _SMALL
    return {
        "autoResize": True,
        "edges": {
            "arrows": {"to": {"scaleFactor": 0.5}},
            "color": {"inherit": False},
            "font": {"align": "middle", "size": 10, "strokeWidth": 3},
            "smooth": {"type": "continuous"},
        },
        "interaction": {"hover": True, "navigationButtons": False, "tooltipDelay": 120},
        "layout": {"improvedLayout": small, "randomSeed": 20240601},
        "nodes": {
            "font": {
                "face": "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif",
                "size": 14,
                "strokeWidth": 3,
            },
            "shape": "dot",
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based" if small else "barnesHut",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110},
            "stabilization": {"enabled": True, "fit": True, "iterations": 400 if small else 150},
        },
    }


def to_html(
    graph: Graph | Dataset | nx.MultiDiGraph,
    view: str = "all",
    *,
    focus: str | None = None,
    hops: int = 1,
    types: tuple[str, ...] = (),
    max_nodes: int = DEFAULT_MAX_NODES,
) -> str:
    """One offline HTML page drawing ``view`` of an RDF graph (or of ``to_networkx``'s graph)."""
    G = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(graph)
    return render(select_view(G, view, focus=focus, hops=hops, types=types, max_nodes=max_nodes))


def write_view(
    graph: Graph | Dataset | nx.MultiDiGraph,
    path: Path,
    view: str = "all",
    *,
    focus: str | None = None,
    hops: int = 1,
    types: tuple[str, ...] = (),
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Write one view to ``path`` atomically; returns the view for a summary line."""
    G = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(graph)
    chosen = select_view(G, view, focus=focus, hops=hops, types=types, max_nodes=max_nodes)
    atomic_write_text(path, render(chosen))
    return chosen
