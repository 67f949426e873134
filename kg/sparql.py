"""Named SPARQL queries (``kg/queries/*.rq``) and running a query over a graph.

A query file opens with comment headers that document it::

    # title: Who proposed what
    # description: ...
    # param: ?proposer (optional) IRI of a proposer

Values are bound as RDF terms (rdflib ``initBindings``), never pasted into query text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Node

from .errors import QueryError
from .namespaces import PREFIXES

__all__ = ["NamedQuery", "QueryResult", "parse_query_file", "named_queries", "load_query", "run_query"]

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^\?(\w+)")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[str, ...]   # variable names without "?"
    text: str


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]


def parse_query_file(name: str, text: str) -> NamedQuery:
    """Read the comment headers of a ``.rq`` file.

    >>> q = parse_query_file("x", "# title: X\\n# param: ?org (optional) an org\\nSELECT * {}")
    >>> q.title, q.params
    ('X', ('org',))
    """
    headers: dict[str, list[str]] = {"title": [], "description": [], "param": []}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            headers[match.group(1)].append(match.group(2).strip())
    params = tuple(m.group(1) for p in headers["param"] if (m := _PARAM.match(p)))
    return NamedQuery(name=name, title=(headers["title"] or [name])[0],
                      description=" ".join(headers["description"]), params=params, text=text)


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``kg/queries``, by name (file name without ``.rq``)."""
    folder = files("kg").joinpath("queries")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = parse_query_file(name, entry.read_text("utf-8"))
    return found


def load_query(name_or_path: str) -> NamedQuery:
    """A shipped query by name, or a ``.rq`` file by path."""
    queries = named_queries()
    if name_or_path in queries:
        return queries[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".rq":
        try:
            return parse_query_file(path.stem, path.read_text("utf-8"))
        except OSError as error:
            raise QueryError(f"{path}: cannot read query file ({error.strerror})") from None
    raise QueryError(f"no query named {name_or_path!r}; choose from {', '.join(queries)} "
                     "or give a .rq file")


def run_query(graph: Graph, text: str, bindings: dict[str, Node] | None = None) -> QueryResult:
    """Run SPARQL ``text`` on an rdflib graph with values bound to variables."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except Exception as error:  # rdflib's parser raises pyparsing and plain exceptions
        raise QueryError(f"bad SPARQL query: {error}") from None
    result: Result = graph.query(prepared, initBindings=bindings or {})
    if result.type != "SELECT":
        raise QueryError(f"only SELECT queries give a table; this is a {result.type} query")
    columns = tuple(str(v) for v in result.vars)
    return QueryResult(columns=columns, rows=tuple(tuple(row) for row in result))
