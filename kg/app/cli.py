"""The ``kg`` command: a thin typer layer over ``kg.app.api``.

Each subcommand parses its options, makes one library call and prints the result. A
``KGError`` (bad input, unknown query, ...) becomes ``Error: ...`` on stderr and exit 1;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import json
import signal
import sys
from enum import Enum
from pathlib import Path

import typer
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from kg.app import api
from kg.app.models import RULES_ONLY
from kg.errors import InputError, KGError
from kg.outputs.sparql import DEFAULT_PAGE, QueryResult, named_queries
from kg.text.formats import parse_fields

__all__ = ["app"]

app = typer.Typer(
    help="Build, query, check and draw the Shenzhen–Hong Kong cooperation "
    "knowledge graph from Chinese news articles.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


def _user_errors(command):
    """Turn KGError into a one-line message and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KGError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(1) from None

    return wrapper


@contextlib.contextmanager
def _stopped_by_sigterm():
    """``kill`` (SIGTERM) stops the command as Ctrl-C does: cleanly, workers and temporary
    files included, instead of ending the process where it stands."""
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def chosen_models(models: Path | None, rules_only: bool) -> str | Path | None:
    """``--models FOLDER`` or ``--rules-only`` (not both) as the ``models`` of ``kg.app.api``."""
    if rules_only and models is not None:
        raise InputError("give --models or --rules-only, not both")
    return RULES_ONLY if rules_only else models


@app.command("build")
@_user_errors
def build_cli(
    inputs: list[Path] | None = typer.Argument(
        None,
        help="Article files or folders (.txt, .md, .html; .jsonl and .csv with an article a "
        "line or row). Default: seeds/",
    ),
    out: Path = typer.Option(
        api.DEFAULT_OUT, "--out", "-o", help="Output folder for graph.ttl, graph.trig, graph.html"
    ),
    encoding: str | None = typer.Option(
        None, help="Force an input encoding (default: detect UTF-8/UTF-16/Big5-HKSCS/GB18030)"
    ),
    max_bytes: int = typer.Option(api.MAX_BYTES, help="Largest article file accepted, in bytes"),
    jobs: int = typer.Option(
        1,
        "--jobs",
        "-j",
        min=1,
        help="Processes for entity and relation extraction (same output as 1)",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print no summary"),
    models: Path | None = typer.Option(
        None,
        "--models",
        help="Use the trained models of this folder (kg train's) instead of the shipped ones",
    ),
    rules_only: bool = typer.Option(
        False,
        "--rules-only",
        help="No trained model: the rules decide alone (faster; lower F1 on new articles)",
    ),
    field: list[str] = typer.Option(
        [],
        "--field",
        help="For .jsonl/.csv input: the column of a field, FIELD=COLUMN[,...] (fields: text, "
        "title, date, outlet, url, reporters, id; default: their usual names, e.g. content, "
        "pub_time, source)",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Extract on a Dask cluster instead of --jobs (same output): a scheduler's address "
        "(tcp://10.0.0.5:8786; its workers need this kg installed) or local:N for N worker "
        "processes here. Needs dask.distributed (the package's cluster extra)",
    ),
    scheduler_timeout: float = typer.Option(
        api.CONNECT_TIMEOUT,
        "--scheduler-timeout",
        min=0.1,
        help="Seconds to reach the scheduler and for a first worker to join",
    ),
    shards: Path | None = typer.Option(
        None,
        "--shards",
        help="Also write the graph into this folder as N-Quads files for a server's bulk loader "
        "(one named graph per article, the entity graph in entities.nq; docs/deploy.md)",
    ),
    shard_articles: int = typer.Option(
        api.ARTICLES_PER_SHARD, "--shard-articles", min=1, help="Article graphs per shard file"
    ),
):
    """Build the graph from articles and print what was found.

    Each article's date, outlet, reporters and URL are read from its header; a .jsonl/.csv
    row's columns or a .txt/.md front matter (--- / key: value / ---) give them instead.

    Example: kg build seeds -o out --jobs 2
    Example: kg build news.jsonl --field text=content,date=pub_time -o out
    Example: kg build corpus/ -o out --scheduler local:4
    Example: kg build corpus/ -o out --shards shards/
    """
    from rich.progress import Progress, TaskID

    with (
        _stopped_by_sigterm(),
        Progress(console=err_console, transient=True, disable=quiet) as bar,
    ):
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        result = api.build(
            inputs or None,
            out,
            encoding=encoding,
            max_bytes=max_bytes,
            jobs=jobs,
            progress=progress,
            warn=lambda message: typer.echo(f"Warning: {message}", err=True),
            models=chosen_models(models, rules_only),
            fields=parse_fields(field),
            scheduler=scheduler,
            scheduler_timeout=scheduler_timeout,
            shards=shards,
            shard_articles=shard_articles,
        )
    if not quiet:
        _print_summary(result)


def _print_summary(result: api.BuildResult) -> None:
    console.print(
        f"Read {len(result.documents)} articles; wrote " + ", ".join(str(p) for p in result.outputs)
    )
    counts = Table(title="Entities and relations")
    counts.add_column("entity type")
    counts.add_column("count", justify="right")
    counts.add_column("predicate")
    counts.add_column("count", justify="right")
    entity_rows = list(result.entity_counts().items())
    relation_rows = list(result.relation_counts().items())
    for (etype, ecount), (pred, pcount) in zip(entity_rows, relation_rows):
        counts.add_row(etype, str(ecount), pred, str(pcount))
    console.print(counts)
    proposals = result.proposals(limit=10)
    keep = [i for i, c in enumerate(proposals.columns) if c != "evidence"]
    _print_table(
        QueryResult(
            tuple(proposals.columns[i] for i in keep),
            tuple(tuple(row[i] for i in keep) for row in proposals.rows),
        ),
        title="Who proposed what (first rows; `kg query who-proposed-what` has the evidence)",
    )


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _parse_params(pairs: list[str]) -> dict[str, Node | str]:
    params: dict[str, Node | str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"{pair!r}: write parameters as NAME=VALUE")
        params[name.lstrip("?")] = value
    return params


@app.command("query")
@_user_errors
def query_cli(
    name: str | None = typer.Argument(None, help="A named query (see --list) or a .rq file"),
    sparql: str | None = typer.Option(
        None, "--sparql", "-s", help="Raw SPARQL text instead of a named query"
    ),
    graph: Path = typer.Option(api.DEFAULT_OUT, "--graph", "-g", help="Build folder or graph file"),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="Bind a variable: NAME=VALUE (repeatable)"
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format"),
    limit: int = typer.Option(
        DEFAULT_PAGE,
        "--limit",
        min=0,
        help="Most rows to print (one page); 0 prints every row. The total is always counted",
    ),
    offset: int = typer.Option(
        0,
        "--offset",
        min=0,
        help="Rows to skip before the page (--offset 100: the second page of 100)",
    ),
    since: str | None = typer.Option(
        None,
        "--since",
        help="Only facts of articles published on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    until: str | None = typer.Option(
        None,
        "--until",
        help="Only facts of articles published on or before this date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries and exit"),
    allow_service: bool = typer.Option(
        False,
        "--allow-service",
        help="Let the query call other SPARQL endpoints with SERVICE (refused otherwise)",
    ),
):
    """Run a named SPARQL query (or your own) on a built graph and print a page of its rows.

    The named queries give each fact's article date and outlet; --since/--until keep the facts
    of articles published in that span (undated articles drop out).

    A query with more rows than --limit prints the first page and a line saying how many
    rows follow (on stderr for csv and json, so the output stays clean).

    Example: kg query who-proposed-what --graph out --format csv --limit 0
    Example: kg query timeline -p name=方舟 --since 2023
    """
    if list_queries:
        for query in named_queries().values():
            console.print(f"[bold]{query.name}[/bold]: {query.title}. {query.description}")
        return
    result = api.query(
        name,
        sparql=sparql,
        graph=graph,
        params=_parse_params(param),
        limit=limit or None,
        offset=offset,
        allow_service=allow_service,
        since=since,
        until=until,
    )
    if fmt is OutputFormat.table:
        _print_table(result)
        return
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
    else:
        rows = [{c: _cell(v) for c, v in zip(result.columns, row)} for row in result.rows]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    if result.total is not None and len(result.rows) < result.total:
        typer.echo(_count_line(result), err=True)


def _cell(value) -> str:
    return "" if value is None else str(value)


def _print_table(result: QueryResult, title: str | None = None) -> None:
    table = Table(title=title)
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*[_cell(v) for v in row])
    console.print(table)
    console.print(_count_line(result))


def _count_line(result: QueryResult) -> str:
    """'12 rows', or which rows of how many a page holds and how to see the others.

    >>> _count_line(QueryResult(("x",), ((1,), (2,)), offset=100, total=250))
    'rows 101-102 of 250; 148 more: --offset 102 for the next page, --limit 0 for all'
    """
    if len(result.rows) == result.total:
        return f"{result.total} rows"
    if not result.rows:
        return f"no rows after row {result.offset} of {result.total}"
    line = f"rows {result.offset + 1}-{result.offset + len(result.rows)} of {result.total}"
    if result.remaining:
        line += (
            f"; {result.remaining} more: --offset {result.offset + len(result.rows)} for the next page, "
            "--limit 0 for all"
        )
    return line


@app.command("validate")
@_user_errors
def validate_cli(
    graph: Path = typer.Argument(api.DEFAULT_OUT, help="Build folder or graph file to check"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print the full SHACL report"),
):
    """Check a graph against the ontology's SHACL shapes; exit 1 if it does not conform.

    Example: kg validate out/graph.ttl
    """
    report = api.validate(graph)
    if report.conforms:
        console.print(f"{graph}: conforms to the SHACL shapes")
        return
    typer.echo(f"{graph}: {report.violations} SHACL violations", err=True)
    if verbose:
        typer.echo(report.text, err=True)
    raise typer.Exit(1)


@app.command("export")
@_user_errors
def export_cli(
    graph: Path = typer.Option(api.DEFAULT_OUT, "--graph", "-g", help="Build folder or graph file"),
    fmt: str = typer.Option(
        "turtle", "--format", "-f", help="One of: " + ", ".join(api.EXPORT_FORMATS)
    ),
    output: Path = typer.Option(..., "--output", "-o", help="File to write"),
):
    """Write the graph in another format: RDF (turtle, trig, nt, jsonld), the entity graph for
    Gephi/yEd (graphml, gexf), or csv: one file of relations, a row per (subject, predicate,
    object) with both ends' labels, classes, evidence and articles.

    Example: kg export --format nt -o graph.nt
    """
    api.export(graph, fmt, output)
    console.print(f"wrote {output}")


@app.command("viz")
@_user_errors
def viz_cli(
    graph: Path = typer.Option(api.DEFAULT_OUT, "--graph", "-g", help="Build folder or graph file"),
    output: Path = typer.Option(Path("graph.html"), "--output", "-o", help="HTML file to write"),
    view: str = typer.Option(
        "all",
        "--view",
        "-v",
        help="all | cooperation (Shenzhen left, Hong Kong right) | ego (needs --focus) | "
        "timeline (one entity's facts by their articles' dates; needs --focus)",
    ),
    focus: str | None = typer.Option(
        None,
        "--focus",
        "-f",
        help="Entity at the centre of the ego or timeline view: any of its names, either script",
    ),
    hops: int = typer.Option(1, "--hops", help="Ego view radius in links"),
    types: str | None = typer.Option(
        None, "--types", "-t", help="Only these classes, comma-separated: Person,Organization,..."
    ),
    max_nodes: int | None = typer.Option(
        None, "--max-nodes", help="Most entities drawn (the most connected are kept; default 400)"
    ),
):
    """Draw the graph as one offline interactive HTML page (hover an edge for its evidence).

    Example: kg viz --graph out --view ego --focus 方舟 --hops 2 -o fangzhou.html
    Example: kg viz --graph out --view timeline --focus 方舟 -o fangzhou-timeline.html
    """
    drawn = api.visualize(
        graph, output, view=view, focus=focus, hops=hops, types=types, max_nodes=max_nodes
    )
    console.print(
        f"wrote {output}: {drawn.graph.number_of_nodes()} entities, "
        f"{drawn.graph.number_of_edges()} links. {drawn.caption}"
    )
    if drawn.note:
        console.print(drawn.note)


@app.command("stats")
@_user_errors
def stats_cli(
    graph: Path = typer.Option(api.DEFAULT_OUT, "--graph", "-g", help="Build folder or graph file"),
    top: int = typer.Option(
        10, "--top", "-n", help="How many central entities and communities to list"
    ),
):
    """Counts, most central entities, communities and the people bridging Shenzhen and Hong Kong.

    Example: kg stats --graph out --top 5
    """
    result = api.stats(graph, top=top)
    counts = Table(title="Entities and relations")
    for column in ("entity type", "count", "predicate", "count"):
        counts.add_column(column, justify="right" if column == "count" else "left")
    for (etype, ecount), (pred, pcount) in zip(result.entities.items(), result.relations.items()):
        counts.add_row(etype, str(ecount), pred, str(pcount))
    console.print(counts)
    central = Table(title="Most central entities")
    for column in ("entity", "type", "degree centrality", "betweenness"):
        central.add_column(column, overflow="fold")
    for node, degree, betweenness in result.central:
        central.add_row(
            result.label(node), result.types[node], f"{degree:.3f}", f"{betweenness:.3f}"
        )
    console.print(central)
    groups = Table(title="Communities (Louvain, largest first)")
    groups.add_column("size", justify="right")
    groups.add_column("members", overflow="fold")
    for members in result.communities:
        groups.add_row(str(len(members)), "、".join(result.label(n) for n in members))
    console.print(groups)
    bridges = Table(title="People bridging Shenzhen and Hong Kong")
    for column in ("person", "Shenzhen side", "Hong Kong side"):
        bridges.add_column(column, overflow="fold")
    for person, shenzhen, hong_kong in result.bridges:
        bridges.add_row(
            result.label(person),
            "、".join(map(result.label, shenzhen)),
            "、".join(map(result.label, hong_kong)),
        )
    console.print(bridges)


@app.command("serve")
@_user_errors
def serve_cli(
    graph: Path = typer.Option(
        api.DEFAULT_OUT, "--graph", "-g", help="Build folder (its store/) or graph file"
    ),
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on; loopback unless you mean to share it"
    ),
    port: int = typer.Option(7878, help="Port to listen on (0: any free port)"),
    timeout: float = typer.Option(30.0, help="Longest a query may run, in seconds"),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        help="Query processes: queries answered at once (default: one per CPU, at least 2)",
    ),
    allow_service: bool = typer.Option(
        False,
        "--allow-service",
        help="Let queries call other SPARQL endpoints with SERVICE (refused otherwise: "
        "the server would fetch any address a client names)",
    ),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="Also answer requests for this host name (repeatable; behind a proxy, or * for "
        "any). Otherwise only the listening address, and localhost on loopback",
    ),
):
    """Serve the web app and a read-only SPARQL 1.1 endpoint until Ctrl-C.

    Pages: /search (any name, either script, suggested as one types);
    /entity/<id> (its names, every fact with sentence, article, date, outlet);
    /article/<id> (the text, its mentions marked, its facts);
    /tables/proposed, /tables/roles, /tables/cooperation (paged, sorted,
    filtered, CSV); / (the SPARQL query page); /sparql (the endpoint).
    Nothing is fetched from the network.

    It serves the build that is current when it starts, until it stops: restart it to serve
    a rebuild.

    Example: kg serve --graph out --port 7878 --workers 4
    """
    server = api.serve(
        graph,
        host,
        port,
        timeout=timeout,
        workers=workers,
        log=lambda line: typer.echo(line, err=True),
        allow_service=allow_service,
        allow_hosts=allow_host,
    )
    typer.echo(
        f"Search {server.url}search, SPARQL endpoint {server.url}sparql, "
        f"query page {server.url} (Ctrl-C stops)"
    )
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it as Ctrl-C does
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command("push")
@_user_errors
def push_cli(
    endpoint: str = typer.Option(
        ..., "--endpoint", "-e", help="Graph Store endpoint, e.g. http://host:7878/store"
    ),
    graph: Path = typer.Option(api.DEFAULT_OUT, "--graph", "-g", help="Build folder or graph file"),
    deadline: float = typer.Option(
        600.0, "--deadline", min=0.0, help="Most seconds the whole push may take"
    ),
    query_endpoint: str | None = typer.Option(
        None,
        "--query-endpoint",
        help="The server's SPARQL query endpoint, which lists its graphs (default: found from "
        "--endpoint for Oxigraph .../store, Fuseki .../data, Virtuoso .../sparql-graph-crud)",
    ),
    bulk: Path | None = typer.Option(
        None,
        "--bulk",
        help="Instead of --graph, load the N-Quads shards of this folder (kg build --shards) "
        "into an empty server, a file a request (Oxigraph's .../store)",
    ),
):
    """Make a SPARQL server hold exactly the build (Graph Store Protocol): replace each
    article's graph and the entity graph, and drop the graphs of removed articles (only graphs
    under https://w3id.org/szhk-kg/id/graph/). With --bulk, a first load of a large build.

    Example: kg push --endpoint http://127.0.0.1:7878/store --graph out;
    kg push --endpoint http://127.0.0.1:7878/store --bulk shards/
    """
    report = api.push(endpoint, graph, deadline=deadline, query_endpoint=query_endpoint, bulk=bulk)
    dropped = (
        f", dropped {len(report.dropped)} graphs of removed articles" if report.dropped else ""
    )
    console.print(
        f"pushed {report.graphs} graphs, {report.triples} triples to {report.endpoint}{dropped}"
    )


@app.command("evaluate")
@_user_errors
def evaluate_cli(
    gold: Path = typer.Option(
        Path("gold"), "--gold", help="Folder of *.gold.json annotations (or one file)"
    ),
    graph: Path = typer.Option(api.DEFAULT_OUT, "--graph", "-g", help="Build folder or graph file"),
    corpus: Path | None = typer.Option(
        None,
        "--corpus",
        help="An annotated corpus (corpus/): build one split and score it, overall and per script",
    ),
    split: str = typer.Option(
        "dev",
        "--split",
        help="With --corpus: train, dev or test (test is for reporting; tune on dev)",
    ),
    jobs: int = typer.Option(
        1, "--jobs", "-j", min=1, help="With --corpus: processes for the build"
    ),
    models: Path | None = typer.Option(
        None, "--models", help="With --corpus: the trained models of this folder (kg train's)"
    ),
    rules_only: bool = typer.Option(
        False, "--rules-only", help="With --corpus: no trained model, the rules alone"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON"),
):
    """Score a graph against hand annotations: P/R/F1 per entity type and predicate.

    Example: kg evaluate --gold gold --graph out;  kg evaluate --corpus corpus --split dev
    """
    if corpus is not None:
        results = api.evaluate_corpus(
            corpus, split, jobs=jobs, models=chosen_models(models, rules_only)
        )
        titles = {
            "all": f"{corpus}/{split}",
            "zh-Hant": "Traditional articles",
            "zh-Hans": "Simplified articles",
        }
    else:
        results = {"all": api.evaluate(gold, graph)}
        titles = {"all": f"{graph} against {gold}"}
    if as_json:
        print(
            json.dumps(
                {k: dataclasses.asdict(v) for k, v in results.items()}
                if corpus
                else dataclasses.asdict(results["all"]),
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    for name, result in results.items():
        table = Table(title=titles[name])
        for column in ("part", "key", "P", "R", "F1"):
            table.add_column(column, justify="right" if len(column) < 3 else "left")
        for part, scores in (("entities", result.entities), ("relations", result.relations)):
            for key, score in scores.items():
                table.add_row(
                    part, key, f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}"
                )
        console.print(table)
        console.print(f"counts {result.counts}")
        print(f"{name}: {result.headline()}" if corpus else result.headline())


@app.command("explain-entity")
@_user_errors
def explain_entity_cli(
    name: str = typer.Argument(..., help="Any name of the entity, in either script"),
    inputs: list[Path] | None = typer.Argument(None, help="Articles to read. Default: seeds/"),
    models: Path | None = typer.Option(
        None, "--models", help="Use the trained models of this folder (kg train's)"
    ),
):
    """Show an entity's mentions, which extractor and rule found each, why its forms were
    merged, and the rule spans of that name the entity model overruled.

    Example: kg explain-entity 河套
    """
    for line in api.explain_entity(name, inputs or None, models=models):
        typer.echo(line)


@app.command("train")
@_user_errors
def train_cli(
    corpus: Path = typer.Option(
        Path("corpus"), "--corpus", help="The annotated corpus (train/, dev/)"
    ),
    out: Path = typer.Option(
        Path("training"), "--out", help="Folder for the trained models and report.json"
    ),
    cluener_data: Path | None = typer.Option(
        None,
        "--cluener-data",
        help="Also retrain the CLUENER NER from this folder first "
        "(../shared/data/cluener2020); default: the shipped NER",
    ),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="Train on this many training articles only"
    ),
    ship: bool = typer.Option(
        False, "--ship", help="Copy the trained models into the package (kg/models)"
    ),
    jobs: int = typer.Option(
        1,
        "--jobs",
        "-j",
        min=1,
        max=2,
        help="2: train the entity and relation models at once, in two processes (same models)",
    ),
):
    """Train the entity and relation models on the corpus; choose epochs and thresholds on dev.

    Example: kg train --corpus corpus --out training/
    """

    def progress(step: str, info: dict) -> None:
        shown = {k: v for k, v in info.items() if isinstance(v, (int, float))}
        err_console.print(
            f"{step}: " + ", ".join(f"{k} {v}" for k, v in shown.items()), highlight=False
        )

    report = api.train(
        corpus,
        out,
        cluener_data=cluener_data,
        limit=limit,
        ship=ship,
        jobs=jobs,
        progress=progress,
    )
    summary = {k: report[k] for k in ("train_articles", "dev_articles", "minutes") if k in report}
    summary["entities_dev_spans"] = report["entities"]["dev_spans"]
    summary["relations_dev"] = report["relations"]["dev_gold_mentions"]
    print(json.dumps(summary, ensure_ascii=False, indent=1))


@app.command("train-ner")
@_user_errors
def train_ner_cli(
    data: Path = typer.Option(
        ..., "--data", help="Folder with CLUENER2020 train.json and dev.json"
    ),
    out: Path = typer.Option(..., "--out", help="Folder for the corpus and model-best/"),
    max_minutes: float | None = typer.Option(None, help="Stop after this many minutes of training"),
    config: Path | None = typer.Option(
        None, "--config", help="Training config (default kg/configs/ner.cfg, the shipped model's)"
    ),
):
    """Train the NER (config kg/configs/ner.cfg) on CLUENER2020 in both scripts; prints dev scores.

    Example: kg train-ner --data ../shared/data/cluener2020 --out training/ner
    """

    def progress(step: dict) -> None:
        err_console.print(
            f"step {step.get('step')}: dev score {step.get('score', 0):.3f}", highlight=False
        )

    result = api.train_ner(data, out, max_minutes=max_minutes, progress=progress, config=config)
    print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
