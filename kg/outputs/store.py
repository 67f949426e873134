"""The embedded SPARQL store: the built graph in an on-disk Oxigraph database.

rdflib builds the graph; ``kg build`` then bulk-loads it into ``OUT/store`` (pyoxigraph), so
``kg query`` and ``kg serve`` answer from indexes instead of re-parsing Turtle: at a million
triples that is milliseconds instead of a minute (``benchmarks/store_bench.py``). The store is
written to a temporary folder and renamed into place, so a failed build keeps the old one.

Queries see every named graph at once: the default graph holds their union, as ``graph.ttl``
does; ``GRAPH ?g { ... }`` still reaches one article's graph. Results come back as
``kg.outputs.sparql.QueryResult`` with rdflib terms, language tags in their usual case (Oxigraph
lower-cases them: ``zh-hant`` becomes ``zh-Hant`` again). Oxigraph keeps integers of derived
types (the offsets' ``xsd:nonNegativeInteger``) as ``xsd:integer``: same values, plainer type;
``graph.trig`` keeps the exact types, so ``kg push`` reads that file.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from itertools import islice
from pathlib import Path

from rdflib import Dataset
from rdflib.term import Node

from kg.errors import InputError, QueryError
from kg.files import make_private_dir_public
from kg.outputs.export import to_trig
from kg.outputs.sparql import QueryResult, bind_values, split_bindings, take_page
from kg.rdf.namespaces import PREFIXES
from kg.rdf.terms import from_rdflib, to_rdflib

__all__ = [
    "STORE_DIR",
    "store_location",
    "write_store",
    "open_store",
    "query_store",
    "run_store_query",
]

STORE_DIR = "store"
_LOAD_CHUNK = 50_000
"""Quads per bulk load. Oxigraph's bulk loader holds all it is given in memory: the 437k
quads of the 100x benchmark graph in one call took 458 MB over the process, in calls of 50k
93 MB, in no more time (5.5 s against 6.3 s; 4 Dec 2026)."""
PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def store_location(target: str | Path) -> Path | None:
    """The store of a build folder, or None when ``target`` is a plain file or has no store."""
    folder = Path(target) / STORE_DIR
    return folder if folder.is_dir() else None


def write_store(source: Dataset | str | Path, out: str | Path) -> Path:
    """Load a dataset or TriG file into ``out/store``, replacing any old store once the new is whole.

    ``kg build`` passes the ``graph.trig`` it has just written: Oxigraph parses it far faster
    than rdflib serializes the dataset again.
    """
    import pyoxigraph

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.", suffix=".tmp", dir=out))
    try:
        store = pyoxigraph.Store(str(temporary))
        _load(store, source)
        store.optimize()
        store.flush()
        del store  # closes the database before its folder moves
        make_private_dir_public(temporary)
        _replace_folder(temporary, out / STORE_DIR)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return out / STORE_DIR


def _load(store, source: Dataset | str | Path) -> None:
    """The named graphs as they are, and their union (a set, as in graph.ttl) as the default graph.

    Oxigraph's own union default graph repeats a triple once per graph holding it, so a fact
    stated by two articles would give every query two rows; rdflib's union would give one.
    The quads go in ``_LOAD_CHUNK`` at a time, as the parser reads them.
    """
    import pyoxigraph

    trig = (
        {"input": to_trig(source).encode("utf-8")}
        if isinstance(source, Dataset)
        else {"path": str(source)}
    )
    try:
        quads = iter(pyoxigraph.parse(**trig, format=pyoxigraph.RdfFormat.TRIG))
    except (SyntaxError, OSError) as error:
        raise InputError(f"{source}: cannot load into the SPARQL store: {error}") from None
    while True:
        try:
            chunk = list(islice(quads, _LOAD_CHUNK))
        except (SyntaxError, OSError) as error:  # reading the source; the store's own stay OSError
            raise InputError(f"{source}: cannot load into the SPARQL store: {error}") from None
        if not chunk:
            return
        store.bulk_extend(chunk)
        store.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in chunk)


def _replace_folder(new: Path, target: Path) -> None:
    """Folders cannot be renamed over non-empty ones: move the old aside first, then drop it."""
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    target.rename(old / target.name)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def open_store(location: str | Path):
    """Open a store read-only; many readers (queries, ``kg serve``) may share it."""
    import pyoxigraph

    try:
        return pyoxigraph.Store.read_only(str(location))
    except OSError as error:
        raise InputError(
            f"{location}: cannot open the SPARQL store ({error}); rebuild it with `kg build`"
        ) from None


def query_store(store, text: str, bindings: Mapping[str, Node | Sequence[Node]] | None = None):
    """pyoxigraph's raw answer (solutions, triples or a boolean) with values bound to variables.

    Values go in a ``VALUES`` block (``kg.outputs.sparql.bind_values``): pyoxigraph's own
    ``substitutions`` (SEP-0007) only binds variables the query projects, and named queries
    bind names they do not show. A name keeps only those of its plain/zh-Hant/zh-Hans
    literals that occur in the store, so the block usually holds one constant.
    """

    def occurs(term: Node) -> bool:
        return next(store.quads_for_pattern(None, None, from_rdflib(term)), None) is not None

    fixed, several = split_bindings(text, bindings, occurs)
    try:
        return store.query(bind_values(text, {**fixed, **several}), prefixes=PREFIX_IRIS)
    except SyntaxError as error:
        raise QueryError(f"bad SPARQL query: {error}") from None


def run_store_query(
    store,
    text: str,
    bindings: Mapping[str, Node | Sequence[Node]] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a SELECT query on the store; rows hold rdflib terms, as ``kg.outputs.sparql.run_query`` gives.

    With ``limit``/``offset`` only that page is made into rdflib terms; the other rows are
    counted for ``total``. Making terms is a quarter of the time of an 11k-row listing at 1M
    triples (``kg.outputs.sparql.take_page`` on what the rest costs).
    """
    import pyoxigraph

    solutions = query_store(store, text, bindings)
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        kind = "ASK" if isinstance(solutions, pyoxigraph.QueryBoolean) else "CONSTRUCT/DESCRIBE"
        raise QueryError(f"only SELECT queries give a table; this is a {kind} query")
    columns = tuple(variable.value for variable in solutions.variables)
    convert = functools.lru_cache(maxsize=None)(
        to_rdflib
    )  # names recur on many rows; rdflib literals are slow to make
    rows, total = take_page(
        solutions, lambda solution: tuple(convert(value) for value in solution), limit, offset
    )
    return QueryResult(columns=columns, rows=rows, offset=offset, total=total)
