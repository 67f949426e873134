"""``/tables/<name>``: the listings people use (who proposed what, roles, cooperation) as
tables paged by the server (a listing is never sent whole to the page), sorted by any column,
filtered by an entity's name in either script (``name``: any of its names, as the search
finds them), by the first column's class (``type``), by the articles' outlet (``outlet``, a
name) and dates (``since``, ``until``); ``/tables/<name>.csv`` the whole
filtered listing as CSV. The SPARQL is ``kg/queries/web/table-*.rq``: unordered unless a column
is chosen, because Oxigraph sorts every row of an ordered query before its first (a first page
of who-proposed-what at 1M triples: about 1 ms unordered, 0.9 s ordered)."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlencode

from rdflib import URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.app.web.pages import QueryFailed, page_query, render, select_text, show, whole
from kg.app.web.search import Match
from kg.errors import KGError
from kg.outputs.sparql import bind_values, date_bounds, slice_query
from kg.rdf.namespaces import KGO
from kg.text.normalize import fold_key

__all__ = ["TABLES", "Table", "routes"]

TABLE_PAGE = 50
MATCHES = 50  # entities a name filter may stand for
FILTERS = ("name", "type", "outlet", "since", "until", "sort", "order")


PARTNERS = ("Organization", "Platform", "Place", "Person", "Port")


@dataclass(frozen=True)
class Table:
    query: str  # the page query (kg/queries/web)
    title: str
    columns: tuple[str, ...]  # shown, in order
    links: dict[str, str]  # column → the variable holding its entity IRI (linked)
    bind: dict[str, str]  # entity class → the variable a name filter binds
    kinds: tuple[str, ...] = ()  # the classes the first column's entity may have (``type``)
    article: str = "document"


TABLES = {
    "proposed": Table(
        "table-proposed",
        "Who proposed what",
        ("proposerName", "initiativeName", "evidence", "document", "date", "outlet"),
        {"proposerName": "proposer", "initiativeName": "initiative"},
        {"Person": "proposer", "Organization": "proposer"},
        ("Person", "Organization"),
    ),
    "roles": Table(
        "table-roles",
        "Roles",
        ("personName", "role", "organizationName", "evidence", "document", "date", "outlet"),
        {"personName": "person", "organizationName": "organization"},
        {"Person": "person", "Organization": "organization"},
    ),
    "cooperation": Table(
        "table-cooperation",
        "Cooperation",
        ("partnerLabel", "otherLabel", "evidence", "document", "date", "outlet"),
        {"partnerLabel": "partner", "otherLabel": "other"},
        {kind: "partner" for kind in PARTNERS},
        PARTNERS,
    ),
}


def named(names, name: str, kinds: Collection[str]) -> list[Match]:
    """The entities of ``kinds`` one of whose names is ``name`` in either script."""
    wanted = fold_key(name)
    return [
        match
        for match in names.find(name, MATCHES)
        if fold_key(match.name) == wanted and match.type in kinds
    ]


def table_query(table: Table, given: dict[str, str], names) -> str | None:
    """The table's query with the filters and order ``given``; None when the name or outlet
    filter names no entity of the table."""
    text = page_query(table.query)
    bindings: dict = {}
    try:
        bindings.update(date_bounds(given.get("since"), given.get("until")))
    except KGError as error:
        raise QueryFailed(400, str(error)) from None
    if given.get("name"):
        matches = named(names, given["name"], table.bind)
        if not matches:
            return None
        variable = table.bind[matches[0].type]
        bindings[variable] = [URIRef(m.entity) for m in matches if table.bind[m.type] == variable]
    if given.get("type"):
        if given["type"] not in table.kinds:
            choices = ", ".join(table.kinds) or "none here"
            raise QueryFailed(400, f"no type {given['type']!r} to filter by; choose from {choices}")
        bindings["kind"] = KGO[given["type"]]
    if given.get("outlet"):
        outlets = named(names, given["outlet"], ("Organization",))
        if not outlets:
            return None
        bindings["outletEntity"] = [URIRef(m.entity) for m in outlets]
    text = bind_values(text, bindings)
    sort = given.get("sort")
    if sort:
        if sort not in table.columns:
            choices = ", ".join(table.columns)
            raise QueryFailed(400, f"no column {sort!r} to sort by; choose from {choices}")
        direction = "DESC" if given.get("order") == "desc" else "ASC"
        ties = " ".join(f"STR(?{column})" for column in table.columns if column != sort)
        text = f"{text.rstrip()}\nORDER BY {direction}(STR(?{sort})) {ties}"
    return text


def _given(request: Request) -> dict[str, str]:
    params = request.query_params
    return {key: params[key] for key in FILTERS if params.get(key)}


def table_view(site, name: str, given: dict[str, str], offset: int) -> dict | None:
    """One page of a table, or None when there is no such table."""
    if name not in TABLES:
        return None
    table = TABLES[name]
    text = table_query(table, given, site.names)
    rows = [] if text is None else select_text(site, slice_query(text, TABLE_PAGE + 1, offset))
    return {
        "name": name,
        "table": table,
        "tables": TABLES,
        "rows": rows[:TABLE_PAGE],
        "offset": offset,
        "page": TABLE_PAGE,
        "more": len(rows) > TABLE_PAGE,
        "given": given,
        "empty": None if text is not None else "no entity of this table has that name",
        "link": lambda **changes: f"/tables/{name}?" + urlencode({**given, **changes}),
        "csv_link": f"/tables/{name}.csv?" + urlencode(given),
    }


async def table_page(request: Request) -> Response:
    offset = whole(request, "offset")
    name, site = request.path_params["name"], request.app.state.site
    view = (site, name, _given(request), offset)
    return await show("table.html", table_view, *view, missing=f"no table {name!r}")


def table_csv_text(site, name: str, given: dict[str, str]) -> str | None:
    """The whole filtered table as CSV, or None when there is no such table."""
    if name not in TABLES:
        return None
    table = TABLES[name]
    text = table_query(table, given, site.names)
    rows = [] if text is None else select_text(site, text)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in table.columns])
    return out.getvalue()


async def table_csv(request: Request) -> Response:
    name, site = request.path_params["name"], request.app.state.site
    try:
        text = await run_in_threadpool(table_csv_text, site, name, _given(request))
    except QueryFailed as failure:
        return render("error.html", failure.status, message=str(failure))
    if text is None:
        return render("error.html", 404, message=f"no table {name!r}")
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def routes() -> list:
    return [
        Route("/tables/{name}.csv", table_csv, methods=["GET"]),
        Route("/tables/{name}", table_page, methods=["GET"]),
    ]
