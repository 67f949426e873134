"""Interactive HTML picture of the graph (pyvis), one self-contained offline file.

pyvis's ``in_line`` mode inlines vis-network but its template still links Bootstrap from a
CDN; those tags are removed so the page loads nothing from the network. Every string from
an article is HTML-escaped before it reaches the page: vis-network renders tooltips as HTML.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS

from .export import atomic_write_text, union_graph
from .namespaces import KGO
from .records import ENTITY_TYPES, PREDICATES

__all__ = ["COLOURS", "to_html", "write_html"]

COLOURS = {"Person": "#e15759", "Organization": "#4e79a7", "Port": "#f28e2b",
           "Platform": "#59a14f", "Initiative": "#b07aa1", "Place": "#76b7b2", "Event": "#edc948"}
_REMOTE_TAG = re.compile(r"<link\b[^>]*\bhref=\"https?://[^>]*>|<script\b[^>]*\bsrc=\"https?://[^>]*>\s*</script>",
                         re.S)


def to_html(dataset: Dataset, *, height: str = "750px") -> str:
    """The whole graph as one offline HTML page: nodes coloured by class, sized by degree."""
    from pyvis.network import Network  # heavy: only when drawing

    graph = union_graph(dataset)
    classes = {KGO[t]: t for t in ENTITY_TYPES}
    nodes = {s: classes[o] for s, o in graph.subject_objects(RDF.type) if o in classes}
    evidence = _evidence_by_edge(graph)
    edges = sorted((s, p, o) for p in PREDICATES for s, o in graph.subject_objects(KGO[p])
                   if s in nodes and o in nodes)
    degree: dict[URIRef, int] = defaultdict(int)
    for s, _, o in edges:
        degree[s] += 1
        degree[o] += 1

    network = Network(height=height, width="100%", directed=True, cdn_resources="in_line",
                      heading="")
    for node in sorted(nodes):
        label = str(graph.value(node, RDFS.label) or node)
        network.add_node(str(node), label=label, color=COLOURS[nodes[node]],
                         title=html.escape(f"{label} ({nodes[node]})"),
                         size=10 + 3 * min(degree[node], 10), group=nodes[node])
    for s, p, o in edges:
        sentences = evidence.get((s, p, o), [])
        title = "<br>".join(html.escape(t) for t in sentences[:3]) or html.escape(p)
        network.add_edge(str(s), str(o), label=p, title=title, arrows="to")
    network.toggle_physics(True)
    return _REMOTE_TAG.sub("", network.generate_html())


def _evidence_by_edge(graph) -> dict[tuple, list[str]]:
    found: dict[tuple, list[str]] = defaultdict(list)
    for statement in graph.subjects(RDF.type, KGO.Statement):
        key = (graph.value(statement, RDF.subject), graph.value(statement, RDF.predicate),
               graph.value(statement, RDF.object))
        key = (key[0], str(key[1]).rsplit("#", 1)[-1], key[2])
        found[key].append(str(graph.value(statement, KGO.evidence)))
    return {k: sorted(v) for k, v in found.items()}


def write_html(dataset: Dataset, path: Path) -> None:
    atomic_write_text(path, to_html(dataset))
