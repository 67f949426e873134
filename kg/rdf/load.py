"""Loading a build: its ``graph.trig`` (or any RDF file) as a dataset, and the union of its
named graphs, which is what ``graph.ttl`` holds."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import InputError
from kg.files import reading_outputs
from kg.rdf.namespaces import bind_prefixes

__all__ = ["RDF_FORMATS", "load_dataset", "load_graph", "union_graph", "union_view"]

RDF_FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


def load_dataset(path: str | Path) -> Dataset:
    """The graph in a build folder (its ``graph.trig``, named graphs kept) or an RDF file.

    A build folder is read in its current whole set of outputs (``kg.files.reading_outputs``):
    a build finishing meanwhile neither mixes into it nor removes it.
    """
    path = Path(path)
    if not path.is_dir():
        return _parse(path)
    with reading_outputs(path) as folder:
        if not (folder / "graph.trig").is_file():
            raise InputError(f"{path}: no graph.trig here; run `kg build -o {path}` first")
        return _parse(folder / "graph.trig")


def _parse(path: Path) -> Dataset:
    if not path.is_file():
        raise InputError(f"{path}: no such graph file or build folder")
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format; use one of {', '.join(RDF_FORMATS)}")
    dataset = Dataset()
    try:
        dataset.parse(path, format=fmt)
    except Exception as error:  # rdflib's parsers raise many exception types
        raise InputError(f"{path}: cannot parse as {fmt}: {error}") from None
    return dataset


def load_graph(path: str | Path) -> Graph:
    """The graph in a build folder or RDF file, all named graphs merged into one."""
    return union_graph(load_dataset(path))


def union_graph(dataset: Dataset) -> Graph:
    """Every triple of every named graph in one graph (what graph.ttl holds)."""
    graph = bind_prefixes(Graph())
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def union_view(dataset: Dataset) -> Dataset:
    """The union of the named graphs read through the dataset's own store, without a copy.

    Good for SPARQL and Turtle; line-based formats (N-Triples, JSON-LD) would repeat a
    triple once per graph that holds it, so they take ``union_graph``'s copy instead.
    """
    return bind_prefixes(Dataset(store=dataset.store, default_union=True))
