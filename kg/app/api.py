"""The operations of the tool as library calls: what the CLI and the notebook use.

Nothing here prints or exits; long work reports through an optional ``progress`` callback
and skipped inputs through ``warn``.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from kg.app.cache import CACHE_DIR, MentionCache, extractor_fingerprint
from kg.app.cluster import CONNECT_TIMEOUT, ClusterPool
from kg.app.models import RULES_ONLY, entity_pipeline, relation_model
from kg.app.parallel import WorkerPool
from kg.errors import InputError, OntologyError, OutputError, QueryError
from kg.files import output_lock, publishing, reading_outputs, write_errors
from kg.outputs.articles import ARTICLES_FILE, write_articles
from kg.outputs.export import EXPORTERS, SUFFIX, get_exporter
from kg.outputs.shards import ARTICLES_PER_SHARD, write_shards
from kg.outputs.sparql import (
    QueryResult,
    check_query,
    date_bounds,
    load_query,
    param_terms,
    run_query,
)
from kg.outputs.store import (
    STORE_DIR,
    open_store,
    run_store_query,
    store_location,
    write_store,
)
from kg.rdf import load
from kg.rdf.load import union_view
from kg.records import ENTITY_TYPES, PREDICATES, Document, Mention, Relation, Resolution
from kg.text.ingest import MAX_BYTES, read_documents, shown

__all__ = [
    "ARTICLES_PER_SHARD",
    "CONNECT_TIMEOUT",
    "DEFAULT_INPUT",
    "DEFAULT_OUT",
    "BUILD_FORMATS",
    "EXPORT_FORMATS",
    "MAX_BYTES",
    "BuildResult",
    "ValidationReport",
    "build",
    "extract",
    "load_dataset",
    "load_graph",
    "query",
    "export",
    "validate",
    "evaluate",
    "evaluate_corpus",
    "serve",
    "push",
    "visualize",
    "stats",
    "explain_entity",
    "train_ner",
]

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("out")
BUILD_FORMATS = ("turtle", "trig", "html")  # what `kg build` writes, as graph.<suffix>
EXPORT_FORMATS = tuple(EXPORTERS)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
StagePool = WorkerPool | ClusterPool  # where the per-article stages run, if not in this process
Timings = dict[str, float]  # stage -> wall seconds, in the order run


@dataclass(frozen=True)
class BuildResult:
    documents: tuple[Document, ...]
    resolution: Resolution
    relations: tuple[Relation, ...]
    dataset: Dataset = field(repr=False)
    outputs: tuple[Path, ...] = ()
    timings: Timings = field(default_factory=dict, repr=False)  # see ``build``

    def entity_counts(self) -> dict[str, int]:
        counts = Counter(e.label for e in self.resolution.entities)
        return {t: counts[t] for t in ENTITY_TYPES}

    def relation_counts(self) -> dict[str, int]:
        """Distinct (subject, predicate, object) triples per predicate."""
        counts = Counter(
            p for _, p, _ in {(r.subject, r.predicate, r.object) for r in self.relations}
        )
        return {p: counts[p] for p in PREDICATES}

    def proposals(self, limit: int = 10) -> QueryResult:
        """The first rows of the ``who-proposed-what`` query on this build."""
        result = run_query(union_view(self.dataset), load_query("who-proposed-what").text)
        return QueryResult(result.columns, result.rows[:limit])


def extract(
    documents: Sequence[Document],
    *,
    nlp=None,
    progress: Progress | None = None,
    cache: MentionCache | None = None,
    jobs: int = 1,
    timings: Timings | None = None,
    pool: StagePool | None = None,
    models: str | Path | None = None,
) -> tuple[Resolution, list[Relation]]:
    """Entities and relations of a corpus: the extraction stages, in order.

    With a ``cache``, the entity stage runs only on articles it has no mentions for;
    resolution and relations always run over the whole corpus. ``jobs`` > 1 runs the entity
    and relation stages in that many processes (``kg.app.parallel``), each with its own
    ``make_nlp()``, so it cannot be combined with a caller's ``nlp``; the result is the same
    as with one job; a caller's ``pool`` (``build`` passes its own) serves instead of a new one.
    ``models`` is a folder of trained models (``kg train``'s output: ``entities/``,
    ``relations/``) used instead of the shipped ones. Stage wall times are added to
    ``timings`` when given.
    """
    from kg.resolve import resolve_entities

    _check_pipeline(jobs if pool is None else pool.jobs, nlp)
    with _worker_pool(jobs, len(documents), pool, models) as pool:
        with _timed(timings, "entities"):
            mentions_by_doc = _entity_stage(documents, nlp, cache, pool, progress, models)
        with _timed(timings, "resolution"):
            mentions = [m for d in documents for m in mentions_by_doc[d.doc_id]]
            resolution = resolve_entities(documents, mentions)
        relations: list[Relation] = []
        with _timed(timings, "relations"):
            found = _relations(documents, mentions_by_doc, resolution, pool, models)
            for done, document_relations in enumerate(found, 1):
                relations.extend(document_relations)
                _report(progress, "relations", done, len(documents))
    return resolution, relations


def _check_pipeline(jobs: int, nlp) -> None:
    """Workers build ``make_nlp()`` each: a caller's own pipeline runs in one process only."""
    if jobs > 1 and nlp is not None:
        raise ValueError("jobs > 1 builds make_nlp() in each worker; run a custom nlp with jobs=1")


@contextmanager
def _worker_pool(
    jobs: int, documents: int, given: StagePool | None = None, models: str | Path | None = None
) -> Iterator[StagePool | None]:
    """The caller's worker processes, new ones, or None where one process does it all."""
    if given is not None or jobs < 2 or documents < 2:
        yield given
        return
    with WorkerPool(jobs, _as_workers_see(models)) as pool:
        yield pool


def _as_workers_see(models: str | Path | None) -> str | None:
    """A folder of models by its absolute path, as workers see it (and never mistaken for
    ``RULES_ONLY``)."""
    if models is None or models == RULES_ONLY:
        return models
    return str(Path(models).resolve())


def _relations(
    documents: Sequence[Document],
    mentions_by_doc: dict[str, list[Mention]],
    resolution: Resolution,
    pool: StagePool | None,
    models: str | Path | None = None,
) -> Iterator[list[Relation]]:
    """Relations of each document in order, in this process or in the pool's."""
    from kg.relations import extract_relations

    mentions = [mentions_by_doc[d.doc_id] for d in documents]
    if pool is not None:
        yield from pool.relations(documents, mentions, resolution)
        return
    model = relation_model(models)
    for document, document_mentions in zip(documents, mentions):
        yield extract_relations(document, document_mentions, resolution, model)


def _entity_stage(
    documents: Sequence[Document],
    nlp,
    cache: MentionCache | None,
    pool: StagePool | None,
    progress: Progress | None,
    models: str | Path | None = None,
) -> dict[str, list[Mention]]:
    """Mentions per article: cached ones as they are, the others extracted (only these go to
    the worker pool) and saved to the cache."""
    loaded = {d.doc_id: cache.load(d) if cache else None for d in documents}
    found = {doc_id: mentions for doc_id, mentions in loaded.items() if mentions is not None}
    todo = [d for d in documents if d.doc_id not in found]
    cached = len(documents) - len(todo)
    if cached:
        _report(progress, "entities", cached, len(documents))
    for done, (document, mentions) in enumerate(
        zip(todo, _extract_mentions(todo, nlp, pool, models)), cached + 1
    ):
        if cache:
            cache.save(document, mentions)
        found[document.doc_id] = mentions
        _report(progress, "entities", done, len(documents))
    return found


def _extract_mentions(
    documents: Sequence[Document], nlp, pool: StagePool | None, models: str | Path | None = None
) -> Iterator[list[Mention]]:
    """Mentions of each document in order, in this process or in the pool's; the pipeline
    is built only if some document needs it."""
    from kg.entities import extract_mentions

    if pool is not None:
        yield from pool.extract(documents)
        return
    for document in documents:
        nlp = nlp or entity_pipeline(models)
        yield extract_mentions(document, nlp)


def build(
    inputs: Iterable[str | Path] | None = None,
    out: str | Path | None = DEFAULT_OUT,
    *,
    nlp=None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    jobs: int = 1,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    models: str | Path | None = None,
    fields: Mapping[str, str] | None = None,
    scheduler: str | None = None,
    scheduler_timeout: float = CONNECT_TIMEOUT,
    shards: str | Path | None = None,
    shard_articles: int = ARTICLES_PER_SHARD,
) -> BuildResult:
    """Build the knowledge graph of the articles in ``inputs`` (default ``seeds/``).

    ``fields`` maps the fields of .jsonl/.csv inputs to their columns (``kg.text.formats``).

    Writes ``graph.ttl``, ``graph.trig``, ``graph.html`` and the SPARQL store ``store/`` into
    ``out`` (unless ``out`` is None), only after the whole graph is built, and as one set: a
    reader sees the previous build's outputs or this one's, never a mix, and a failed or killed
    build leaves the previous set (``kg.files``). A second build into the same ``out`` at the
    same time is an ``OutputError``. ``out/cache/`` keeps each article's mentions, so the next build
    re-extracts only new or changed articles and still equals a full rebuild. ``jobs`` > 1
    extracts entities and relations in that many processes (``kg.app.parallel``), with the same
    output, and loads the store in one of them while writing the other files. ``scheduler``
    runs those two stages on a Dask cluster instead (``kg.app.cluster``): a scheduler's address,
    or ``local:N`` for N worker processes started for this build; same output again.
    ``shards`` is a folder for the graph as N-Quads files for a server's bulk loader
    (``kg.outputs.shards``), ``shard_articles`` article graphs a file.
    ``BuildResult.timings`` has the wall seconds of each stage (ingest, entities, resolution,
    relations, graph, one per written format, store, shards) for the benchmarks.
    """
    from kg.rdf.graph import build_dataset

    _check_pipeline(jobs, nlp)  # before the pool starts warming
    if out is not None:
        _check_output_folder(Path(out))  # before loading anything
    if scheduler is not None:
        _check_scheduler(jobs, nlp)
    timings: Timings = {}
    with _stage_pool(jobs, scheduler, models, progress, scheduler_timeout) as pool:
        if pool is not None:
            pool.warm()
        with _timed(timings, "ingest"):
            documents = read_documents(
                list(inputs or [DEFAULT_INPUT]),
                encoding=encoding,
                max_bytes=max_bytes,
                warn=warn,
                fields=fields,
            )
        with nullcontext() if out is None else output_lock(out):
            cache = (
                None
                if out is None
                else MentionCache(Path(out) / CACHE_DIR, extractor_fingerprint(nlp, models))
            )
            resolution, relations = extract(
                documents,
                nlp=nlp,
                progress=progress,
                cache=cache,
                jobs=jobs,
                timings=timings,
                pool=pool if len(documents) > 1 else None,
                models=models,
            )
            with _timed(timings, "graph"):
                dataset = build_dataset(documents, resolution, relations)
            outputs = (
                ()
                if out is None
                else _write_outputs(
                    dataset, Path(out), pool, timings, progress, (documents, resolution)
                )
            )
            if shards is not None:
                with _timed(timings, "shards"):
                    outputs = (*outputs, write_shards(dataset, shards, shard_articles).folder)
            if cache is not None:
                cache.prune(d.doc_id for d in documents)
    return BuildResult(tuple(documents), resolution, tuple(relations), dataset, outputs, timings)


def _check_output_folder(out: Path) -> None:
    """Fail at once, not after the whole build, if ``out`` cannot become the output folder:
    it (or a folder it would be made in) is a file, or the nearest existing folder cannot be
    written (read-only disk, no permission). Nothing is created: a probe file is removed."""
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{shown(existing)}: is a file, not a folder; give --out a folder")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        raise OutputError(
            f"{shown(existing)}: cannot write the outputs here ({error.strerror})"
        ) from None


def _check_scheduler(jobs: int, nlp) -> None:
    if jobs > 1:
        raise InputError("give --jobs (processes here) or --scheduler (a Dask cluster), not both")
    if nlp is not None:
        raise ValueError("a scheduler's workers build make_nlp() each; run a custom nlp here")


def _stage_pool(
    jobs: int,
    scheduler: str | None,
    models: str | Path | None,
    progress: Progress | None,
    timeout: float,
) -> AbstractContextManager[StagePool | None]:
    """Where the per-article stages of a build run: a Dask cluster, worker processes, or
    (None) this process."""
    shared = _as_workers_see(models)
    if scheduler is not None:
        return ClusterPool(scheduler, shared, timeout=timeout, progress=progress)
    return WorkerPool(jobs, shared) if jobs > 1 else nullcontext()


def _write_outputs(
    dataset: Dataset,
    out: Path,
    pool: StagePool | None,
    timings: Timings,
    progress: Progress | None,
    read: tuple[Sequence[Document], Resolution],
) -> tuple[Path, ...]:
    """graph.ttl, graph.trig, graph.html, the store and articles.jsonl (the articles as read,
    with their mentions: ``read``, for ``kg serve``'s article pages), in that order, as one
    set: staged beside the previous set and switched in whole (``kg.files.publishing``). With a
    pool, the store loads from graph.trig in a worker while this process writes the others. A
    failed write (a full or read-only disk) is an ``OutputError`` naming the output; the
    previous set stays."""
    names = {fmt: f"graph{SUFFIX[fmt]}" for fmt in BUILD_FORMATS}
    order = sorted(BUILD_FORMATS, key=lambda fmt: fmt != "trig") if pool else BUILD_FORMATS
    with publishing(out, [*names.values(), STORE_DIR, ARTICLES_FILE]) as staging:
        try:
            store = None
            for done, fmt in enumerate(order, 1):
                with _timed(timings, fmt), write_errors(out / names[fmt], out):
                    get_exporter(fmt)(dataset, staging / names[fmt])
                if fmt == "trig" and pool is not None:
                    store = pool.write_store(staging / names["trig"], staging)
                _report(progress, "write", done, len(BUILD_FORMATS) + 1)
            with _timed(timings, "store"), write_errors(out / STORE_DIR, out):
                store.result() if store else write_store(staging / names["trig"], staging)
            with _timed(timings, "articles"), write_errors(out / ARTICLES_FILE, out):
                write_articles(*read, staging / ARTICLES_FILE)
        except BaseException:
            if pool is not None:
                pool.stop()  # no worker may go on writing into the staging folder
            raise
    _report(progress, "write", len(BUILD_FORMATS) + 1, len(BUILD_FORMATS) + 1)
    return (*(out / name for name in names.values()), out / STORE_DIR, out / ARTICLES_FILE)


@contextmanager
def _timed(timings: Timings | None, stage: str) -> Iterator[None]:
    """Add the block's wall time to ``timings[stage]``: a stage breakdown costs nothing extra."""
    started = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress:
        progress(stage, done, total)


def load_dataset(path: str | Path = DEFAULT_OUT) -> Dataset:
    """The graph in a build folder (its ``graph.trig``, named graphs kept) or an RDF file."""
    return load.load_dataset(path)


def load_graph(path: str | Path = DEFAULT_OUT) -> Graph:
    """The graph in a build folder or RDF file, all named graphs merged into one."""
    return load.load_graph(path)


def export(
    graph: str | Path = DEFAULT_OUT, fmt: str = "turtle", output: str | Path = "graph.ttl"
) -> Path:
    """Write the graph of a build folder or file in format ``fmt`` (see ``EXPORT_FORMATS``)."""
    exporter = get_exporter(fmt)
    exporter(load_dataset(graph), Path(output))
    return Path(output)


def visualize(
    graph: str | Path | Graph | Dataset = DEFAULT_OUT,
    output: str | Path = "graph.html",
    *,
    view: str = "all",
    focus: str | None = None,
    hops: int = 1,
    types: str | Iterable[str] | None = None,
    max_nodes: int | None = None,
):
    """Draw one view (``all``, ``cooperation``, ``ego`` or ``timeline`` with ``focus``) as an
    offline HTML page.

    Returns the ``kg.outputs.viz.View`` drawn: how many entities it shows and what it left out.
    """
    from kg.outputs.viz import DEFAULT_MAX_NODES, parse_types, write_view

    source = graph if isinstance(graph, Graph) else load_dataset(graph)
    return write_view(
        source,
        Path(output),
        view,
        focus=focus,
        hops=hops,
        types=parse_types(types),
        max_nodes=max_nodes or DEFAULT_MAX_NODES,
    )


def stats(graph: str | Path | Graph | Dataset = DEFAULT_OUT, top: int = 10):
    """Counts, most central entities, communities and Shenzhen–Hong Kong bridging people
    (a ``kg.outputs.analytics.Stats``)."""
    from kg.outputs.analytics import graph_stats, to_networkx

    source = graph if isinstance(graph, Graph) else load_dataset(graph)
    return graph_stats(to_networkx(source), top=top)


def query(
    name: str | None = None,
    *,
    sparql: str | None = None,
    graph: str | Path | Graph = DEFAULT_OUT,
    params: dict[str, Node | str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    allow_service: bool = False,
    since: str | date | None = None,
    until: str | date | None = None,
) -> QueryResult:
    """Run a named query or ``.rq`` file (``name``), or raw ``sparql`` text, on a graph.

    ``limit``/``offset`` return one page of the rows; ``result.total`` still counts them all.
    ``since``/``until`` (dates, or a year or month: ``date_bounds``) keep the facts of
    articles published in that span, for a query with ``?since``/``?until`` (every named one).
    A build folder is queried through its SPARQL store (Oxigraph) when it has one; files and
    rdflib graphs through rdflib. String parameter values that are IRIs become IRIs; others
    are names and match a plain, ``zh-Hant`` or ``zh-Hans`` literal, as labels are tagged.
    ``SERVICE`` (a query that makes this process call another server) is refused unless
    ``allow_service``; so is a query nested too deep to parse safely (``check_query``).
    """
    if (name is None) == (sparql is None):
        raise QueryError("give either a query name/file or SPARQL text, not both or neither")
    text = sparql if sparql is not None else load_query(str(name)).text
    check_query(text, allow_service=allow_service)
    bindings = {name: param_terms(value) for name, value in (params or {}).items()}
    bindings.update(date_bounds(since, until))
    if isinstance(graph, Graph):
        return run_query(graph, text, bindings, limit=limit, offset=offset)
    if Path(graph).is_dir():
        with reading_outputs(graph) as folder:
            if (location := store_location(folder)) is not None:
                return run_store_query(
                    open_store(location), text, bindings, limit=limit, offset=offset
                )
    return run_query(load_graph(graph), text, bindings, limit=limit, offset=offset)


def serve(
    graph: str | Path = DEFAULT_OUT,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 30.0,
    workers: int | None = None,
    log: Callable[[str], None] | None = None,
    allow_service: bool = False,
    allow_hosts: Iterable[str] = (),
):
    """A read-only SPARQL endpoint over a build (``kg.app.serve``); call ``serve_forever()`` on it.

    It listens on loopback unless ``host`` says otherwise; ``port=0`` picks a free port;
    ``workers`` query processes (default: one per CPU, at least two). ``SERVICE`` is refused
    unless ``allow_service``; requests naming another host than its address are refused
    unless ``allow_hosts`` has the name.
    """
    from kg.app.serve import make_server

    return make_server(
        graph,
        host,
        port,
        timeout=timeout,
        workers=workers,
        log=log,
        allow_service=allow_service,
        allow_hosts=allow_hosts,
    )


def push(
    endpoint: str,
    graph: str | Path = DEFAULT_OUT,
    *,
    deadline: float | None = None,
    query_endpoint: str | None = None,
    bulk: str | Path | None = None,
):
    """Make a SPARQL server's Graph Store hold exactly the build's graphs (``kg.app.push``):
    replace each, and drop the project's graphs the build no longer has, all within
    ``deadline`` seconds (default ``kg.app.push.DEADLINE``). With ``bulk`` (a folder of
    ``build(shards=...)``), load its N-Quads shards into an empty server instead."""
    from kg.app.push import DEADLINE, push_graph, push_shards

    if bulk is not None:
        return push_shards(
            endpoint,
            bulk,
            deadline=DEADLINE if deadline is None else deadline,
            query_endpoint=query_endpoint,
        )
    return push_graph(
        endpoint,
        graph,
        deadline=DEADLINE if deadline is None else deadline,
        query_endpoint=query_endpoint,
    )


def explain_entity(
    name: str,
    inputs: Iterable[str | Path] | None = None,
    *,
    nlp=None,
    encoding: str | None = None,
    models: str | Path | None = None,
) -> list[str]:
    """Why an entity is what it is: its mentions in ``inputs`` (default ``seeds/``), the
    extractor and rule of each, the reasons its forms were merged, and the rule spans of that
    name the entity model overruled. Raises if the name is neither an entity nor overruled."""
    from kg.entities import extract_mentions
    from kg.resolve import explain_entity as explain
    from kg.resolve import resolve_entities
    from kg.text.normalize import fold_key

    documents = read_documents(list(inputs or [DEFAULT_INPUT]), encoding=encoding)
    nlp = nlp or entity_pipeline(models)
    overruled: list[Mention] = []
    mentions = [m for d in documents for m in extract_mentions(d, nlp, overruled)]
    lines = explain(resolve_entities(documents, mentions), name)
    wanted = fold_key(name)
    lines += [
        f"  overruled {m.doc_id} sentence {m.sentence} [{m.start}:{m.end}] {m.text} {m.label} "
        f"by {m.source}{'/' + m.rule if m.rule else ''}: the entity model did not confirm it"
        for m in overruled
        if fold_key(m.text) == wanted
    ]
    if not lines:
        raise InputError(
            f"no entity named {name!r} in {', '.join(str(p) for p in inputs or [DEFAULT_INPUT])}"
        )
    return lines


def train_ner(
    data: str | Path,
    out: str | Path,
    *,
    max_minutes: float | None = None,
    progress: Callable[[dict], None] | None = None,
    config: str | Path | None = None,
) -> dict:
    """Train the project's NER on CLUENER2020 (``kg.tools.train``; ``config`` defaults to the
    shipped model's ``kg/configs/ner.cfg``); returns the dev scores."""
    from kg.tools.train import CONFIG_PATH
    from kg.tools.train import train_ner as train

    data = Path(data)
    if not (data / "train.json").is_file() or not (data / "dev.json").is_file():
        raise InputError(f"{data}: expected CLUENER2020 train.json and dev.json here")
    config = Path(config) if config else CONFIG_PATH
    if not config.is_file():
        raise InputError(
            f"{config}: no such training config; kg/configs/ holds ner.cfg and ner-word.cfg"
        )
    return train(data, Path(out), max_minutes=max_minutes, progress=progress, config=config)


def evaluate_corpus(
    corpus: str | Path,
    split: str = "dev",
    *,
    nlp=None,
    jobs: int = 1,
    progress: Progress | None = None,
    models: str | Path | None = None,
) -> dict:
    """Build one split of the annotated corpus and score it against its gold, overall and per
    script (each script's articles built on their own, as a user with only those would):
    ``{"all": Evaluation, "zh-Hant": Evaluation, "zh-Hans": Evaluation}``.

    The rules are the reference scorer's (``kg.tools.evaluate``); ``split`` is train, dev or
    test. The test split is for reporting: choose rules, thresholds and models on dev.
    """
    from kg.tools.corpus import SCRIPTS, read_split
    from kg.tools.evaluate import evaluate_graph, load_gold

    articles = read_split(corpus, split)
    groups = {"all": articles, **{s: [a for a in articles if a.script == s] for s in SCRIPTS}}
    results = {}
    for name, group in groups.items():
        if not group:
            continue
        built = build(
            [a.text_path for a in group], None, nlp=nlp, jobs=jobs, progress=progress, models=models
        )
        results[name] = evaluate_graph(
            load_gold([a.gold_path for a in group]), union_view(built.dataset)
        )
    return results


def train(
    corpus: str | Path,
    out: str | Path,
    *,
    cluener_data: str | Path | None = None,
    limit: int | None = None,
    ship: bool = False,
    jobs: int = 1,
    progress: Callable[[str, dict], None] | None = None,
) -> dict:
    """Train the entity and relation models on the annotated corpus (and the CLUENER NER first
    when ``cluener_data`` is given) into ``out`` (``kg.tools.training``), the two at once with
    ``jobs`` 2 (the same models); ``ship`` copies them into the package. Returns the reports."""
    from kg.tools import training

    if not (Path(corpus) / "train").is_dir():
        raise InputError(f"{corpus}: no train/ split here; give the annotated corpus (corpus/)")
    report = training.train_all(
        corpus, out, cluener_data=cluener_data, limit=limit, jobs=jobs, progress=progress
    )
    if ship:
        report["shipped"] = [str(p) for p in training.ship(out)]
    return report


def evaluate(gold: str | Path | Iterable[str | Path], graph: str | Path | Graph = DEFAULT_OUT):
    """Score a graph against gold annotations (``kg.tools.evaluate``: the reference scorer's rules)."""
    from kg.tools.evaluate import evaluate_graph, load_gold

    paths = [gold] if isinstance(gold, (str, Path)) else list(gold)
    target = graph if isinstance(graph, Graph) else load_graph(graph)
    return evaluate_graph(load_gold(paths), target)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def validate(path: str | Path | Graph = DEFAULT_OUT) -> ValidationReport:
    """Check a graph against the SHACL shapes of ``ontology/shapes.ttl`` (pyshacl)."""
    from pyshacl import validate as shacl_validate

    data = path if isinstance(path, Graph) else load_graph(path)
    ontology = Graph().parse(data=_ontology_text("kgo.ttl"), format="turtle")
    shapes = Graph().parse(data=_ontology_text("shapes.ttl"), format="turtle")
    conforms, report, text = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    violations = len(set(report.subjects(SH.resultSeverity, SH.Violation)))
    return ValidationReport(conforms=bool(conforms), violations=violations, text=text)


def _ontology_text(name: str) -> str:
    resource = files("kg.ontology").joinpath(name)
    if not resource.is_file():
        raise OntologyError(f"kg/ontology/{name} is missing from the installed package; reinstall")
    return resource.read_text("utf-8")
