"""Graph analytics over ONE networkx graph built from the RDF (``to_networkx``).

Every other function here takes that graph, so the picture (``kg.outputs.viz``), ``kg stats`` and
the GraphML/GEXF/CSV exports all read the same nodes and edges: entities only (documents,
sentences and statement nodes become edge attributes), one edge per distinct
(subject, predicate, object) with its evidence sentences and source articles.

Sides: an entity is on the Shenzhen or the Hong Kong side by its name (``深圳…``,
``香港…``; the one-character abbreviations ``深…``/``港…`` only for organizations, ports,
platforms and places, where they are how names are shortened), else by following
``locatedIn`` / ``partOf`` / ``affiliatedWith`` links to entities whose side is known. A name
that starts with both (``深港…``) is on both sides, as is anything linked to both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from rdflib import Dataset, Graph
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.rdf.load import union_view
from kg.rdf.namespaces import KGO
from kg.records import ENTITY_TYPES, PREDICATES
from kg.text.normalize import fold_key

__all__ = [
    "SHENZHEN",
    "HONG_KONG",
    "BOTH",
    "Evidence",
    "Stats",
    "to_networkx",
    "simple_graph",
    "flat_graph",
    "matching_nodes",
    "name_side",
    "sides",
    "is_cross_border",
    "central_entities",
    "communities",
    "bridging_people",
    "graph_stats",
]

SHENZHEN, HONG_KONG, BOTH = "Shenzhen", "Hong Kong", "both"
# Folded name prefixes of each side: full city names for any entity, one-character
# abbreviations (深交所, 港大) only for the classes where names are abbreviated that way.
_CITY_PREFIXES = {SHENZHEN: "深圳", HONG_KONG: "香港"}
_SHORT_PREFIXES = {SHENZHEN: "深", HONG_KONG: "港"}
_SHORT_PREFIX_TYPES = frozenset({"Organization", "Port", "Platform", "Place"})
# Links along which an entity takes the side of what it points to.
_SIDE_LINKS = frozenset({"locatedIn", "partOf", "affiliatedWith"})


@dataclass(frozen=True, order=True)
class Evidence:
    """One sentence stating an edge, and the article it comes from."""

    sentence: str
    document: str  # the article's identifier (file stem)
    title: str = ""
    date: str = ""  # the article's publication date (YYYY-MM-DD), "" when it has none


def to_networkx(graph: Graph | Dataset) -> nx.MultiDiGraph:
    """The entities and relations of an RDF graph as a networkx multigraph.

    Nodes are entity IRIs (strings) with ``label`` (the name in its source script),
    ``type`` (a kgo class name), ``names`` (every label and alias) and ``documents``.
    Edges are keyed by predicate name and carry ``evidence`` (sorted ``Evidence`` tuples).
    Nodes and edges are inserted in sorted order, so every algorithm run on the result is
    repeatable.

    >>> from rdflib import Literal, URIRef
    >>> g = Graph()
    >>> a, b = URIRef("urn:a"), URIRef("urn:b")
    >>> for node, name in ((a, "甲"), (b, "乙")):
    ...     _ = g.add((node, RDF.type, KGO.Organization)).add((node, RDFS.label, Literal(name)))
    >>> _ = g.add((a, KGO.cooperatesWith, b))
    >>> G = to_networkx(g)
    >>> G.nodes["urn:a"]["label"], list(G.edges(keys=True))
    ('甲', [('urn:a', 'urn:b', 'cooperatesWith')])
    """
    graph = _merged(graph)
    classes: dict[Node, str] = {KGO[t]: t for t in ENTITY_TYPES}
    types: dict[Node, str] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if cls in classes and (
            node not in types or ENTITY_TYPES.index(classes[cls]) < ENTITY_TYPES.index(types[node])
        ):
            types[node] = classes[cls]
    documents = _documents(graph)
    evidence = _evidence(graph, documents)
    G = nx.MultiDiGraph()
    for node in sorted(types, key=str):
        G.add_node(str(node), **_node_attributes(graph, node, types[node], documents))
    for predicate in PREDICATES:
        for s, o in sorted(graph.subject_objects(KGO[predicate])):
            if s in types and o in types:
                G.add_edge(
                    str(s),
                    str(o),
                    key=predicate,
                    predicate=predicate,
                    evidence=tuple(sorted(set(evidence.get((s, predicate, o), ())))),
                )
    return G


def _merged(graph: Graph | Dataset) -> Graph:
    """A Dataset's named graphs read as one graph (entities and provenance live in different
    ones), without copying them: a triple in two graphs may be read twice, which the sets and
    dicts above absorb."""
    if isinstance(graph, Dataset):
        return union_view(graph)
    return graph


def _documents(graph: Graph) -> dict[Node | None, tuple[str, str, str]]:
    """Document IRI -> (identifier, title, date), for naming the source of each sentence."""
    return {
        doc: (
            str(graph.value(doc, DCTERMS.identifier) or doc),
            str(graph.value(doc, DCTERMS.title) or ""),
            str(graph.value(doc, DCTERMS.issued) or ""),
        )
        for doc in graph.subjects(RDF.type, KGO.Document)
    }


def _node_attributes(
    graph: Graph, node: Node, cls: str, documents: dict[Node | None, tuple[str, str, str]]
) -> dict:
    label = graph.value(node, RDFS.label) or graph.value(node, SKOS.prefLabel) or node
    names = {
        str(n) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for n in graph.objects(node, p)
    }
    docs = {documents.get(d, (str(d), "", ""))[0] for d in graph.objects(node, KGO.mentionedIn)}
    return {
        "label": str(label),
        "type": cls,
        "names": tuple(sorted(names or {str(label)})),
        "documents": tuple(sorted(docs)),
    }


def _evidence(
    graph: Graph, documents: dict[Node | None, tuple[str, str, str]]
) -> dict[tuple, list[Evidence]]:
    found: dict[tuple, list[Evidence]] = {}
    for statement in graph.subjects(RDF.type, KGO.Statement):
        predicate = graph.value(statement, RDF.predicate)
        sentence = graph.value(statement, KGO.evidence)
        if predicate is None or sentence is None:
            continue
        key = (
            graph.value(statement, RDF.subject),
            str(predicate).rsplit("#", 1)[-1],
            graph.value(statement, RDF.object),
        )
        doc = graph.value(statement, KGO.document)
        identifier, title, date = documents.get(doc, (str(doc or ""), "", ""))
        found.setdefault(key, []).append(Evidence(str(sentence), identifier, title, date))
    return found


def simple_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, one edge per linked pair weighted by the number of relations.

    Centrality and community detection want a simple graph; direction does not matter
    for "who is connected to whom".

    >>> G = nx.MultiDiGraph([("a", "b", "proposed"), ("b", "a", "concerns")])
    >>> simple_graph(G).edges["a", "b"]["weight"]
    2
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    for s, o in sorted((s, o) for s, o, _ in G.edges(keys=True)):
        if s == o:
            continue
        weight = H.edges[s, o]["weight"] + 1 if H.has_edge(s, o) else 1
        H.add_edge(s, o, weight=weight)
    return H


def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values are plain strings: what GraphML and GEXF can hold.

    Lists become newline-joined text; evidence becomes ``sentence [article]`` lines. Edges
    are re-keyed ``e0``, ``e1`` … (the predicate stays an attribute) because GraphML uses the
    key as the edge's XML id, which must be unique.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", names=("甲", "甲方"))
    >>> G.add_edge("a", "b", key="proposed", predicate="proposed")
    'proposed'
    >>> H = flat_graph(G)
    >>> H.nodes["a"]["names"], list(H.edges(keys=True, data="predicate"))
    ('甲\\n甲方', [('a', 'b', 'e0', 'proposed')])
    """
    H = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _flat(v) for k, v in data.items()})
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])
    for number, (s, o, _, data) in enumerate(edges):
        H.add_edge(s, o, key=f"e{number}", **{k: _flat(v) for k, v in data.items()})
    return H


def _flat(value) -> str | int | float:
    if isinstance(value, (tuple, list)):
        return "\n".join(
            f"{v.sentence} [{v.document}]" if isinstance(v, Evidence) else str(v) for v in value
        )
    return value


def matching_nodes(G: nx.MultiDiGraph, name: str) -> list[str]:
    """Entities with a label equal to ``name`` after folding script, width and quote marks;
    if none, those with a label containing it. Either script finds the entity.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:x", names=("前海合作區", "前海"))
    >>> matching_nodes(G, "前海"), matching_nodes(G, "合作区"), matching_nodes(G, "河套")
    (['urn:x'], ['urn:x'], [])
    """
    key = fold_key(name)
    if not key:
        return []
    folded = {
        node: {fold_key(n) for n in data.get("names", ())} for node, data in G.nodes(data=True)
    }
    exact = sorted(node for node, keys in folded.items() if key in keys)
    return exact or sorted(node for node, keys in folded.items() if any(key in k for k in keys))


def name_side(name: str, cls: str) -> str | None:
    """The side a name puts an entity on, or None when the name does not say.

    >>> name_side("深圳市政協", "Organization"), name_side("香港大學", "Organization")
    ('Shenzhen', 'Hong Kong')
    >>> name_side("深港科技創新合作區", "Platform"), name_side("港大", "Organization")
    ('both', 'Hong Kong')
    >>> name_side("深化改革方案", "Initiative") is None
    True
    """
    key = fold_key(name)
    found = [side for side, prefix in _CITY_PREFIXES.items() if key.startswith(prefix)]
    if not found and cls in _SHORT_PREFIX_TYPES:
        short = {side: prefix for side, prefix in _SHORT_PREFIXES.items() if key.startswith(prefix)}
        both = any(
            key[len(p) :].startswith(q)
            for a, p in short.items()
            for b, q in _SHORT_PREFIXES.items()
            if a != b
        )
        found = [SHENZHEN, HONG_KONG] if both else list(short)
    return _side_of(found)


def _side_of(found: Iterable[str]) -> str | None:
    found = set(found)
    if BOTH in found or {SHENZHEN, HONG_KONG} <= found:
        return BOTH
    return next(iter(found), None)


def sides(G: nx.MultiDiGraph) -> dict[str, str | None]:
    """Side of every entity: from its names, else from what it is located in, part of or
    affiliated with (followed until nothing changes).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("sz", names=("深圳市",), type="Place")
    >>> G.add_node("port", names=("皇崗口岸",), type="Port")
    >>> G.add_node("org", names=("海關",), type="Organization")
    >>> G.add_edge("port", "sz", key="locatedIn"); G.add_edge("org", "port", key="locatedIn")
    'locatedIn'
    'locatedIn'
    >>> sides(G)["org"]
    'Shenzhen'
    """
    side = {
        node: _side_of(
            s for n in data.get("names", ()) if (s := name_side(n, data.get("type", "")))
        )
        for node, data in G.nodes(data=True)
    }
    named = {node for node, s in side.items() if s}
    changed = True
    while changed:
        changed = False
        for node in G.nodes:
            if node in named:
                continue
            targets = [
                found
                for _, o, key in G.out_edges(node, keys=True)
                if key in _SIDE_LINKS and (found := side[o])
            ]
            new = _side_of(targets)
            if new != side[node] and new is not None and (side[node] is None or new == BOTH):
                side[node] = new
                changed = True
    return side


def is_cross_border(side: dict[str, str | None], s: str, o: str) -> bool:
    """An edge between a Shenzhen-side and a Hong Kong-side entity."""
    return {side.get(s), side.get(o)} == {SHENZHEN, HONG_KONG}


def central_entities(G: nx.MultiDiGraph, k: int = 10) -> list[tuple[str, float, float]]:
    """The ``k`` most connected entities: (node, degree centrality, betweenness), ranked by
    degree, then betweenness, then label, so equal scores keep a stable order.

    >>> G = nx.MultiDiGraph([("hub", "a", "x"), ("hub", "b", "x"), ("a", "b", "x"), ("hub", "c", "x")])
    >>> [n for n, _, _ in central_entities(G, 2)]
    ['hub', 'a']
    """
    H = simple_graph(G)
    if not len(H):
        return []
    degree = nx.degree_centrality(H)
    betweenness = nx.betweenness_centrality(H)
    ranked = sorted(
        H.nodes, key=lambda n: (-degree[n], -betweenness[n], G.nodes[n].get("label", n), n)
    )
    return [(n, degree[n], betweenness[n]) for n in ranked[:k]]


def communities(G: nx.MultiDiGraph, seed: int = 0) -> list[list[str]]:
    """Groups of entities more linked to each other than to the rest (Louvain, fixed seed),
    largest first; entities with no links are left out.

    >>> G = nx.MultiDiGraph([("a", "b", "x"), ("b", "c", "x"), ("a", "c", "x"),
    ...                      ("d", "e", "x"), ("e", "f", "x"), ("d", "f", "x"), ("c", "d", "x")])
    >>> communities(G)
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    H = simple_graph(G)
    H.remove_nodes_from([n for n in list(H.nodes) if H.degree(n) == 0])
    if not H.number_of_edges():
        return []
    found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def bridging_people(G: nx.MultiDiGraph) -> list[tuple[str, list[str], list[str]]]:
    """People linked to both sides: (person, Shenzhen-side neighbours, Hong Kong-side ones).

    A person counts as a bridge when their own side is "both" (affiliated with bodies on
    each side, or with a cross-border body) or their direct neighbours include entities of
    each side.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", names=("陳大文",), type="Person")
    >>> G.add_node("sz", names=("深圳市政協",), type="Organization")
    >>> G.add_node("hk", names=("香港大學",), type="Organization")
    >>> G.add_edge("p", "sz", key="affiliatedWith"); G.add_edge("p", "hk", key="affiliatedWith")
    'affiliatedWith'
    'affiliatedWith'
    >>> bridging_people(G)
    [('p', ['sz'], ['hk'])]
    """
    side = sides(G)
    found = []
    for node, data in sorted(G.nodes(data=True)):
        if data.get("type") != "Person":
            continue
        neighbours = set(G.successors(node)) | set(G.predecessors(node))
        shenzhen = sorted(n for n in neighbours if side[n] in (SHENZHEN, BOTH))
        hong_kong = sorted(n for n in neighbours if side[n] in (HONG_KONG, BOTH))
        strict = {side[n] for n in neighbours}
        if side[node] == BOTH or {SHENZHEN, HONG_KONG} <= strict:
            found.append((node, shenzhen, hong_kong))
    return found


@dataclass(frozen=True)
class Stats:
    """What ``kg stats`` reports; node IDs are resolved to labels by ``label``."""

    entities: dict[str, int]
    relations: dict[str, int]
    central: list[tuple[str, float, float]]
    communities: list[list[str]]
    bridges: list[tuple[str, list[str], list[str]]]
    labels: dict[str, str]
    types: dict[str, str]

    def label(self, node: str) -> str:
        return self.labels.get(node, node)


def graph_stats(G: nx.MultiDiGraph, top: int = 10) -> Stats:
    """Counts, most central entities, communities and bridging people of one graph.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="甲", type="Person"); G.add_node("b", label="乙", type="Initiative")
    >>> G.add_edge("a", "b", key="proposed")
    'proposed'
    >>> s = graph_stats(G)
    >>> s.entities["Person"], s.relations["proposed"], [s.label(n) for n, _, _ in s.central]
    (1, 1, ['乙', '甲'])
    """
    types = Counter(data.get("type") for _, data in G.nodes(data=True))
    predicates = Counter(key for _, _, key in G.edges(keys=True))
    return Stats(
        entities={t: types[t] for t in ENTITY_TYPES},
        relations={p: predicates[p] for p in PREDICATES},
        central=central_entities(G, top),
        communities=communities(G)[:top],
        bridges=bridging_people(G),
        labels={n: d.get("label", n) for n, d in G.nodes(data=True)},
        types={n: d.get("type", "") for n, d in G.nodes(data=True)},
    )
