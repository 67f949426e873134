"""Serializations of the graph, looked up by name in a registry (as rdflib's plugins are).

The registry names pure functions that return text, or its lines in order (the graph
formats: a large graph's text is then never whole in memory); ``get_exporter`` wraps one in an
atomic write (temporary file in the same folder, then rename), so an interrupted build never
leaves half a graph over a good one.
"""

from __future__ import annotations

import importlib
import io
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import InputError
from kg.files import atomic_write_text
from kg.rdf.load import union_graph
from kg.rdf.namespaces import KGID, PREFIXES
from kg.rdf.terms import from_rdflib, recase_language_tags

__all__ = [
    "EXPORTERS",
    "get_exporter",
    "to_turtle",
    "to_trig",
    "turtle_lines",
    "trig_lines",
    "sorted_graphs",
    "serialized_lines",
    "to_ntriples",
    "to_jsonld",
    "to_graphml",
    "to_gexf",
    "to_edges_csv",
]

# name -> "module:function" rendering a Dataset as text or lines; imported on first use so
# heavy renderers (pyvis) load lazily.
EXPORTERS = {
    "turtle": "kg.outputs.export:turtle_lines",
    "trig": "kg.outputs.export:trig_lines",
    "nt": "kg.outputs.export:to_ntriples",
    "html": "kg.outputs.viz:to_html",
    "jsonld": "kg.outputs.export:to_jsonld",
    "graphml": "kg.outputs.export:to_graphml",
    "gexf": "kg.outputs.export:to_gexf",
    "csv": "kg.outputs.export:to_edges_csv",
}
SUFFIX = {
    "turtle": ".ttl",
    "trig": ".trig",
    "nt": ".nt",
    "html": ".html",
    "jsonld": ".jsonld",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": ".csv",
}
# One row per (subject, predicate, object) with both ends' labels and classes, so the file
# stands alone; entities without relations are not in it (graphml/gexf keep them).
EDGE_CSV_COLUMNS = (
    "source",
    "source_label",
    "source_type",
    "predicate",
    "target",
    "target_label",
    "target_type",
    "evidence",
    "articles",
)

Exporter = Callable[[Dataset, Path], None]


def get_exporter(name: str) -> Exporter:
    """A writer of format ``name``: renders the dataset and replaces the file atomically.

    >>> get_exporter("turtle").__name__
    'write_turtle'
    >>> get_exporter("docx")
    Traceback (most recent call last):
    kg.errors.InputError: unknown format 'docx'; choose from turtle, trig, nt, html, jsonld, graphml, gexf, csv
    """
    try:
        module_name, function = EXPORTERS[name].split(":")
    except KeyError:
        raise InputError(f"unknown format {name!r}; choose from {', '.join(EXPORTERS)}") from None
    render = getattr(importlib.import_module(module_name), function)

    def write(dataset: Dataset, path: Path) -> None:
        atomic_write_text(Path(path), render(dataset))

    write.__name__ = f"write_{name}"
    return write


def to_turtle(dataset: Dataset) -> str:
    """The union of the named graphs as Turtle (``turtle_lines``), as one text."""
    return "".join(turtle_lines(dataset))


def to_trig(dataset: Dataset) -> str:
    """The named graphs as TriG (``trig_lines``), as one text."""
    return "".join(trig_lines(dataset))


def turtle_lines(dataset: Dataset) -> Iterator[str]:
    """The union of the named graphs as Turtle, each triple once, in sorted order.

    Oxigraph's serializer writes it, as ``trig_lines``: rdflib's took about 100 µs a triple.
    Sorting by subject, then each subject's triples by their N-Triples forms, is the order of
    the whole set by N-Triples form (a subject's form never ends inside another's); it keeps
    each subject's triples together and makes the text the same every run. Only one
    subject's sort keys exist at a time.
    """
    import pyoxigraph

    convert = lru_cache(maxsize=None)(from_rdflib)  # terms recur: predicates, subjects, names
    by_subject: dict[Node, set[tuple[Node, Node]]] = defaultdict(set)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        by_subject[s].add((p, o))

    def triples() -> Iterator:
        for subject in sorted(by_subject, key=lambda term: str(convert(term))):
            yield from sorted(
                (
                    pyoxigraph.Triple(convert(subject), convert(p), convert(o))
                    for p, o in by_subject.pop(subject)
                ),
                key=str,
            )

    return serialized_lines(triples(), pyoxigraph.RdfFormat.TURTLE)


def trig_lines(dataset: Dataset) -> Iterator[str]:
    """Named graphs sorted by name, each body sorted as in ``turtle_lines``, so the text is the
    same every run (rdflib's TriG serializer orders graphs by hash, which varies with
    PYTHONHASHSEED). Only one graph's sort keys exist at a time."""
    import pyoxigraph

    quads = (quad for _, graph in sorted_graphs(dataset) for quad in graph)
    return serialized_lines(quads, pyoxigraph.RdfFormat.TRIG)


def sorted_graphs(dataset: Dataset) -> Iterator[tuple[Any, list]]:
    """(name, quads) of each graph as pyoxigraph terms: graphs sorted by name, quads by their
    triple's N-Triples form (the order of ``trig_lines``, and of ``kg.outputs.shards``). Only
    one graph's sort keys exist at a time."""
    import pyoxigraph

    convert = lru_cache(maxsize=None)(from_rdflib)
    graph_name = lru_cache(maxsize=None)(_graph_name)  # a graph per article, many quads each
    by_graph: dict[Any, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for s, p, o, graph in dataset.quads((None, None, None, None)):
        by_graph[graph_name(graph)].append((s, p, o))
    for name in sorted(by_graph, key=str):
        yield (
            name,
            sorted(
                (
                    pyoxigraph.Quad(convert(s), convert(p), convert(o), name)
                    for s, p, o in by_graph.pop(name)
                ),
                key=lambda quad: str(quad.triple),
            ),
        )


def _graph_name(graph: Graph | Node):
    """The pyoxigraph name of a quad's graph (rdflib gives a graph or its identifier)."""
    import pyoxigraph

    name = getattr(graph, "identifier", graph)
    return pyoxigraph.DefaultGraph() if name == DATASET_DEFAULT_GRAPH_ID else from_rdflib(name)


def serialized_lines(statements: Iterable, format) -> Iterator[str]:
    """Triples or quads as lines of text with the project's prefixes; entity IRIs stay whole,
    since their local parts hold '/', which a prefixed name would have to escape (kgid:doc\\/x).

    Oxigraph streams the text into a temporary file, read back a line at a time with each
    language tag recased: the whole text is never in memory, nor its sort keys.
    """
    import pyoxigraph

    prefixes = {
        prefix: str(namespace)
        for prefix, namespace in sorted(PREFIXES.items())
        if namespace != KGID
    }
    with tempfile.TemporaryFile() as spool:
        pyoxigraph.serialize(statements, output=spool, format=format, prefixes=prefixes)
        spool.seek(0)
        with io.TextIOWrapper(spool, encoding="utf-8", newline="\n") as text:
            for line in text:
                yield recase_language_tags(line)


def to_ntriples(dataset: Dataset) -> str:
    """Sorted lines, so the file diffs cleanly between builds."""
    lines = union_graph(dataset).serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def to_jsonld(dataset: Dataset) -> str:
    """JSON-LD of the merged graph, compacted with the project's prefixes.

    rdflib emits nodes and multiple values in store order, which varies between runs;
    arrays are sorted here (JSON-LD arrays are unordered sets unless ``@list``).
    """
    import json

    text = union_graph(dataset).serialize(
        format="json-ld", context=dict(sorted(PREFIXES.items())), auto_compact=True
    )
    return (
        json.dumps(_sorted_json(json.loads(text)), ensure_ascii=False, indent=1, sort_keys=True)
        + "\n"
    )


def _sorted_json(value):
    import json

    if isinstance(value, dict):
        return {k: v if k == "@list" else _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def to_graphml(dataset: Dataset) -> str:
    """The entity graph of ``kg.outputs.analytics.to_networkx`` as GraphML (Gephi, yEd, Cytoscape)."""
    import networkx as nx

    from kg.outputs.analytics import flat_graph, to_networkx

    return "\n".join(nx.generate_graphml(flat_graph(to_networkx(dataset)))) + "\n"


def to_gexf(dataset: Dataset) -> str:
    """The entity graph of ``kg.outputs.analytics.to_networkx`` as GEXF (Gephi); networkx stamps
    today's date into its ``<meta>``."""
    import networkx as nx

    from kg.outputs.analytics import flat_graph, to_networkx

    return "\n".join(nx.generate_gexf(flat_graph(to_networkx(dataset)))) + "\n"


def to_edges_csv(dataset: Dataset) -> str:
    """One CSV of relations (``EDGE_CSV_COLUMNS``); evidence sentences newline-separated."""
    import csv
    import io

    from kg.outputs.analytics import to_networkx

    G = to_networkx(dataset)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EDGE_CSV_COLUMNS)
    for s, o, predicate, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        evidence = data.get("evidence", ())
        writer.writerow(
            [
                s,
                G.nodes[s]["label"],
                G.nodes[s]["type"],
                predicate,
                o,
                G.nodes[o]["label"],
                G.nodes[o]["type"],
                "\n".join(e.sentence for e in evidence),
                ";".join(sorted({e.document for e in evidence})),
            ]
        )
    return out.getvalue()
