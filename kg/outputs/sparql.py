"""Named SPARQL queries (``kg/queries/*.rq``) and running a query over a graph.

A query file opens with comment headers that document it::

    # title: Who proposed what
    # description: ...
    # param: ?proposer (optional) IRI of a proposer

Values are bound as RDF terms, never pasted into query text. A name given as text stands for
several literals (plain, ``zh-Hant``, ``zh-Hans``: ``param_terms``); ``split_bindings`` keeps
those that occur in the graph, usually one. rdflib then binds single terms with
``initBindings``; anything else, and every binding on Oxigraph (``kg.outputs.store``), goes in a
``VALUES`` block of ``term.n3()`` opening the WHERE group (``bind_values``).

Text from users passes ``check_query`` first: a query nested deeper than ``MAX_NESTING``
(which would crash the parser) and ``SERVICE`` (which would make kg call another server on the
asker's behalf) are refused unless federation is turned on.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from itertools import islice
from pathlib import Path
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier, Node

from kg.errors import QueryError
from kg.rdf.namespaces import PREFIXES
from kg.text.normalize import HANS, HANT

__all__ = [
    "NamedQuery",
    "QueryResult",
    "parse_query_file",
    "named_queries",
    "load_query",
    "run_query",
    "bind_values",
    "param_terms",
    "split_bindings",
    "take_page",
    "slice_query",
    "check_query",
    "check_nesting",
    "check_service",
    "DEFAULT_PAGE",
    "MAX_NESTING",
    "MAX_BRACKETS",
    "date_bounds",
]

DEFAULT_PAGE = (
    100  # rows `kg query` prints and `kg serve`'s named queries answer unless told otherwise
)
MAX_NESTING = 64
"""Deepest nesting of brackets (``{``, ``(``, ``[``) a query may have. Oxigraph's parser recurses
on the C stack once a level: 3,000 braces crash the process (SIGSEGV) and 300 nested
collections take it over 20 s; rdflib's parser stops near 30 parentheses (RecursionError).
Real queries nest a handful of levels."""
MAX_BRACKETS = 1000
"""Most opening brackets a query may hold in all, strings and comments included. The nesting
check reads ``<`` as an IRI's start where an expression may mean less-than, so a query could
hide brackets from it; it cannot hide them from a count of characters, and fewer than 1,000
cannot nest deep enough to crash the parser."""
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^\?(\w+)")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[str, ...]  # variable names without "?"
    text: str


@dataclass(frozen=True)
class QueryResult:
    """A query's rows, or one page of them: ``rows`` start at row ``offset`` (0-based) of the
    ``total`` the query gives."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    offset: int = 0
    total: int | None = None  # None: offset + len(rows), nothing after this page

    def __post_init__(self):
        if self.total is None:
            object.__setattr__(self, "total", self.offset + len(self.rows))

    @property
    def remaining(self) -> int:
        """Rows after this page."""
        total = self.offset + len(self.rows) if self.total is None else self.total
        return max(total - self.offset - len(self.rows), 0)


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
    return NamedQuery(
        name=name,
        title=(headers["title"] or [name])[0],
        description=" ".join(headers["description"]),
        params=params,
        text=text,
    )


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
    raise QueryError(
        f"no query named {name_or_path!r}; choose from {', '.join(queries)} or give a .rq file"
    )


def run_query(
    graph: Graph,
    text: str,
    bindings: Mapping[str, Node | Sequence[Node]] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run SPARQL ``text`` on an rdflib graph with values bound to variables; ``limit`` and
    ``offset`` keep one page of the rows (``take_page``).

    One term is bound with ``initBindings``, which rdflib pushes into every pattern; rdflib
    joins a ``VALUES`` block only after evaluating the rest of the group (a cross product of
    the label patterns: seconds on a few thousand triples), so it is kept for a name that
    still matches several literals.
    """
    from rdflib.plugins.sparql import prepareQuery

    fixed, several = split_bindings(text, bindings, lambda term: (None, None, term) in graph)
    text = bind_values(text, several)
    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except Exception as error:  # rdflib's parser raises pyparsing and plain exceptions
        raise QueryError(f"bad SPARQL query: {error}") from None
    result: Result = graph.query(prepared, initBindings=cast(Mapping[str, Identifier], fixed))
    if result.type != "SELECT":
        raise QueryError(f"only SELECT queries give a table; this is a {result.type} query")
    rows, total = take_page(result, tuple, limit, offset)
    return QueryResult(
        columns=tuple(str(v) for v in result.vars or ()), rows=rows, offset=offset, total=total
    )


def take_page(
    solutions: Iterable, convert: Callable, limit: int | None, offset: int = 0
) -> tuple[tuple, int]:
    """Rows ``offset`` to ``offset + limit`` of ``solutions``, each made by ``convert``, and how
    many solutions there are in all (``limit`` None: every row from ``offset``).

    The other rows are counted, not converted: a page comes with the total, as in a console.
    An ordered query has joined and sorted every row before it gives its first (Oxigraph
    has no top-k for ``ORDER BY ... LIMIT``), so the count adds only the iteration: 80 ms
    of the 570 ms a page of the 11k-row who-proposed-what takes at 1M triples on disk.

    >>> take_page(iter("abcde"), str.upper, 2, 1)
    (('B', 'C'), 5)
    """
    _check_page(limit, offset)
    solutions = iter(solutions)
    skipped = sum(1 for _ in islice(solutions, offset))
    page = tuple(convert(solution) for solution in islice(solutions, limit))
    return page, skipped + len(page) + sum(1 for _ in solutions)


def slice_query(text: str, limit: int | None, offset: int = 0) -> str:
    """A SELECT query cut to one page by the engine: ``LIMIT``/``OFFSET`` after its solution
    modifiers (the named queries have none of their own).

    >>> slice_query("SELECT * { ?s ?p ?o } ORDER BY ?s # last line", 10, 20)
    'SELECT * { ?s ?p ?o } ORDER BY ?s # last line\\nLIMIT 10 OFFSET 20'
    """
    _check_page(limit, offset)
    clauses = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else []
    )
    return f"{text.rstrip()}\n{' '.join(clauses)}" if clauses else text


def param_terms(value: Node | str) -> Node | tuple[Node, ...]:
    """The terms a parameter value given as text stands for.

    An IRI is an IRI; any other text is a name, which labels carry with a language tag, so it
    stands for the plain literal and both script-tagged ones.

    >>> [t.n3() for t in param_terms("前海")]
    ['"前海"', '"前海"@zh-Hant', '"前海"@zh-Hans']
    """
    if not isinstance(value, str) or isinstance(value, (URIRef, Literal)):
        return value
    if value.startswith(("http://", "https://", "urn:")):
        return URIRef(value)
    return Literal(value), Literal(value, lang=HANT), Literal(value, lang=HANS)


_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_bounds(since: str | date | None, until: str | date | None) -> dict[str, Literal]:
    """The ``since``/``until`` parameters of the named queries as ``xsd:date`` literals.

    A year or a month stands for its first day as ``since`` and its last as ``until``, so
    ``--since 2023 --until 2023`` is the whole of 2023.

    >>> {k: str(v) for k, v in date_bounds("2023", "2024-02").items()}
    {'since': '2023-01-01', 'until': '2024-02-29'}
    >>> date_bounds("2023-13-01", None)
    Traceback (most recent call last):
    kg.errors.QueryError: --since '2023-13-01' is no date: write YYYY, YYYY-MM or YYYY-MM-DD
    """
    bounds = {}
    for name, value, last in (("since", since, False), ("until", until, True)):
        if value is None or value == "":
            continue
        day = value if isinstance(value, date) else _date_bound(name, str(value), last)
        bounds[name] = Literal(day.isoformat(), datatype=XSD.date)
    if len(bounds) == 2 and bounds["since"].toPython() > bounds["until"].toPython():
        raise QueryError(f"--since {bounds['since']} is after --until {bounds['until']}")
    return bounds


def _date_bound(name: str, text: str, last: bool) -> date:
    match = _DATE_BOUND.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        year = int(match[1])
        month = int(match[2] or (12 if last else 1))
        day = int(match[3] or (calendar.monthrange(year, month)[1] if last else 1))
        return date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        raise QueryError(
            f"--{name} {text!r} is no date: write YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None


def split_bindings(
    text: str, bindings: Mapping[str, Node | Sequence[Node]] | None, occurs: Callable[[Node], bool]
) -> tuple[dict[str, Node], dict[str, list[Node]]]:
    """Bindings with one term, and bindings still with several once terms absent from the
    graph are dropped (``occurs``: is it the object of some triple?). A name usually keeps one
    of its plain/zh-Hant/zh-Hans literals, so it can be bound as a constant.

    >>> split_bindings("SELECT * { ?s ?p ?name }", {"name": param_terms("前海")},
    ...                lambda term: term.language == "zh-Hant")
    ({'name': rdflib.term.Literal('前海', lang='zh-Hant')}, {})
    """
    fixed, several = {}, {}
    for name, value in (bindings or {}).items():
        _require_variable(text, name)
        terms = [value] if isinstance(value, Node) else list(value)
        present = [term for term in terms if occurs(term)] if len(terms) > 1 else terms
        if len(present) > 1:
            several[name] = present
        else:
            fixed[name] = (present or terms)[0]
    return fixed, several


# Lexical pieces that may hold braces or the word WHERE without being syntax.
_SKIP = (
    r"""#[^\n]*|<[^<>"{}|^`\\\s]*>|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
)
_LEXEME = re.compile(
    rf"(?P<skip>{_SKIP})|(?P<keyword>\b(?:WHERE|CONSTRUCT)\b)|(?P<brace>\{{)", re.IGNORECASE
)


_QUERY_TOKENS = re.compile(
    rf"(?P<skip>{_SKIP})|(?P<open>[{{(\[])|(?P<close>[}})\]])"
    r"|(?P<service>(?<![\w:?$\\-])SERVICE(?![\w:-]))",
    re.IGNORECASE,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def check_query(text: str, *, allow_service: bool = False) -> None:
    """Refuse a query that would crash or take over the engine (``check_nesting``) or call
    another server (``check_service``), with a ``QueryError`` saying why."""
    check_nesting(text)
    check_service(text, allow=allow_service)


def _decoded(text: str) -> str:
    """The query with its ``\\u`` escapes decoded, as the SPARQL grammar (and rdflib) decodes
    them before parsing."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(decode, text)


def _tokens(text: str) -> Iterator[re.Match[str]]:
    """Brackets and ``SERVICE`` words of a query, outside strings, IRIs and comments."""
    for match in _QUERY_TOKENS.finditer(_decoded(text)):
        if not match.group("skip"):
            yield match


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse brackets nested deeper than ``limit`` (or more than ``MAX_BRACKETS`` of them),
    before any parser recurses into them.

    >>> check_nesting("SELECT * { ?s ?p '{{{' FILTER((1)) }  # {{{", limit=3)
    >>> check_nesting("SELECT * {{{{ ?s ?p ?o }}}}", limit=3)
    Traceback (most recent call last):
    kg.errors.QueryError: the query nests brackets more than 3 levels deep; at most 3 are accepted
    """
    decoded = _decoded(text)
    depth = 0
    for match in _QUERY_TOKENS.finditer(decoded):
        if match.group("open"):
            depth += 1
            if depth > limit:
                raise QueryError(
                    f"the query nests brackets more than {limit} levels deep; "
                    f"at most {limit} are accepted"
                )
        elif match.group("close"):
            depth = max(depth - 1, 0)
    if sum(decoded.count(bracket) for bracket in "{([") > MAX_BRACKETS:
        raise QueryError(f"the query has more than {MAX_BRACKETS} brackets; split it")


def check_service(text: str, *, allow: bool = False) -> None:
    """Refuse ``SERVICE`` unless ``allow``; refuse ``SERVICE ?variable`` always (Oxigraph fails
    on it). rdflib's parser decides whether the query calls a service; where it cannot parse
    the query, a ``SERVICE`` word outside strings, IRIs and comments is taken as one.

    >>> check_service('SELECT * { ?s ?p "SERVICE <http://x/> {}" }  # SERVICE <http://x/>')
    >>> check_service("SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
    Traceback (most recent call last):
    kg.errors.QueryError: SERVICE (a query to another server) is refused; start with --allow-service to let queries call other SPARQL endpoints
    """
    if not any(match.group("service") for match in _tokens(text)):
        return
    targets = _service_targets(text)
    if targets == []:
        return  # the word was part of a name: rdflib's parse has no SERVICE
    if not allow:
        raise QueryError(
            "SERVICE (a query to another server) is refused; "
            "start with --allow-service to let queries call other SPARQL endpoints"
        )
    if targets is None:
        raise QueryError("cannot tell which servers this query's SERVICE calls; simplify it")
    if any(not isinstance(target, URIRef) for target in targets):
        raise QueryError("SERVICE needs the endpoint's IRI, not a variable")


def _service_targets(text: str) -> list[Node] | None:
    """What each ``SERVICE`` of the query names (an IRI or a variable), or None when rdflib
    cannot parse the query."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except Exception:  # pyparsing's errors, RecursionError
        return None
    found: list[Node] = []
    nodes: list = [tree]
    while nodes:
        node = nodes.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(node.get("term"))
            nodes.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            nodes.extend(node)
    return found


def _check_page(limit: int | None, offset: int) -> None:
    if offset < 0 or (limit is not None and limit < 0):
        raise QueryError(f"a page needs a limit and offset of 0 or more, not {limit} and {offset}")


def bind_values(text: str, bindings: Mapping[str, Node | Sequence[Node]] | None) -> str:
    """``text`` with a ``VALUES`` block of the bound terms opening its WHERE group.

    Constants in the pattern keep queries fast on Oxigraph (a ``FILTER(?x = ...)`` scans).

    >>> from rdflib import Literal
    >>> bind_values("SELECT ?s WHERE { ?s ?p ?name }", {"name": [Literal("前海"), Literal("前海", lang="zh-Hant")]})
    'SELECT ?s WHERE { VALUES ?name { "前海" "前海"@zh-Hant } ?s ?p ?name }'
    """
    if not bindings:
        return text
    blocks = []
    for name, value in bindings.items():
        _require_variable(text, name)
        terms = [value] if isinstance(value, Node) else list(value)
        try:
            blocks.append(f"VALUES ?{name} {{ {' '.join(term.n3() for term in terms)} }}")
        except Exception as error:  # rdflib refuses to write an invalid IRI as N3
            raise QueryError(f"cannot bind ?{name}: {error}") from None
    where = _where_brace(text)
    return f"{text[: where + 1]} {' '.join(blocks)}{text[where + 1 :]}"


def _require_variable(text: str, name: str) -> None:
    if not re.search(rf"[?$]{re.escape(name)}\b", text):
        raise QueryError(f"the query has no variable ?{name} to bind")


def _where_brace(text: str) -> int:
    """Offset of the ``{`` opening the WHERE group (after a CONSTRUCT template, if any)."""
    construct = seen_where = False
    for match in _LEXEME.finditer(text):
        if match.group("keyword"):
            keyword = match.group("keyword").upper()
            construct = construct or keyword == "CONSTRUCT"
            seen_where = seen_where or keyword == "WHERE"
        elif match.group("brace") and (seen_where or not construct):
            return match.start()
    raise QueryError("cannot bind parameters: the query has no WHERE group")
