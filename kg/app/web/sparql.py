"""The SPARQL 1.1 Protocol endpoint and the query page.

``/sparql`` (also ``/query``) answers GET ``?query=`` and POST (form or
``application/sparql-query``) with SPARQL JSON, XML, CSV or TSV, or Turtle, N-Triples,
RDF/XML or JSON-LD for CONSTRUCT/DESCRIBE, chosen from the ``Accept`` header. Updates are
refused with 403, on any path and method. ``/`` is the query page (``templates/web/query.html``),
``/queries`` the named queries as JSON, ``/named/<name>?var=value`` runs one with bound values,
a page of ``DEFAULT_PAGE`` rows unless ``limit`` (0: every row) or ``offset`` say otherwise
(``since``/``until``: the facts of articles of those dates, as ``kg query --since``), and
``/graph.html`` the build's picture.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.app.web.checks import body_length
from kg.app.web.pages import CSP, render
from kg.errors import KGError
from kg.outputs.sparql import (
    DEFAULT_PAGE,
    bind_values,
    check_query,
    date_bounds,
    named_queries,
    param_terms,
    slice_query,
)

__all__ = ["routes", "not_found", "MAX_BODY"]

MAX_BODY = 1 << 20  # bytes of a POSTed query
_PLAIN = "text/plain; charset=utf-8"
_FORM = "application/x-www-form-urlencoded"
PICTURE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'"
)
"""The pyvis pictures carry their script inline: allowed there, still from nowhere else."""
EDITOR_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
"""CodeMirror sets style attributes on its elements: the query page allows inline styles
(never inline scripts)."""


def _text(status: int, message: str, close: bool = False) -> Response:
    headers = {"Connection": "close"} if close else None
    return Response(message.encode("utf-8"), status_code=status, media_type=_PLAIN, headers=headers)


def _refuse_update(request: Request | None = None) -> Response:
    return _text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")


async def not_found(request: Request, exc: Any = None) -> Response:
    return _text(HTTPStatus.NOT_FOUND, f"no such page: {request.url.path}")


def _params(items: list[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in items:
        found.setdefault(key, []).append(value)
    return found


async def run(request: Request, text: str) -> Response:
    """Check a query (``check_query``), then have a worker answer it under the time limit."""
    site = request.app.state.site
    try:
        check_query(text, allow_service=site.allow_service)
    except KGError as error:
        return _text(HTTPStatus.BAD_REQUEST, str(error))
    status, content_type, body = await run_in_threadpool(
        site.run, text, request.headers.get("accept")
    )
    return Response(body, status_code=status, headers={"Content-Type": content_type})


async def _protocol(request: Request, params: dict[str, list[str]]) -> Response:
    if "update" in params:
        return _refuse_update()
    if len(params.get("query", [])) != 1:
        return _text(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
    return await run(request, params["query"][0])


async def sparql_get(request: Request) -> Response:
    return await _protocol(request, _params(request.query_params.multi_items()))


async def sparql_post(request: Request) -> Response:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        length = body_length(request.headers.getlist("content-length"))
    except ValueError as error:
        return _text(HTTPStatus.BAD_REQUEST, str(error), close=True)
    if length > MAX_BODY:
        return _text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query too large", close=True)
    body = await request.body()
    if len(body) > MAX_BODY:
        return _text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query too large", close=True)
    if request.url.path == "/update" or kind == "application/sparql-update":
        return _refuse_update()
    if request.url.path not in ("/sparql", "/query"):
        return _text(HTTPStatus.NOT_FOUND, f"no such endpoint: {request.url.path}")
    if kind == _FORM:
        from urllib.parse import parse_qsl

        items = request.query_params.multi_items()
        form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        return await _protocol(request, {**_params(items), **_params(form)})
    if kind == "application/sparql-query":
        return await run(request, body.decode("utf-8", "replace"))
    message = "POST a query as application/sparql-query or application/x-www-form-urlencoded"
    return _text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, message)


async def named(request: Request) -> Response:
    name = request.path_params["name"]
    queries = named_queries()
    if name not in queries:
        return _text(HTTPStatus.NOT_FOUND, f"no query named {name!r}")
    params = _params(request.query_params.multi_items())
    try:
        limit = int(params.pop("limit", [str(DEFAULT_PAGE)])[0])
        offset = int(params.pop("offset", ["0"])[0])
    except ValueError:
        return _text(HTTPStatus.BAD_REQUEST, "limit and offset are whole numbers")
    try:
        span = date_bounds(params.pop("since", [None])[0], params.pop("until", [None])[0])
        bindings = {key: param_terms(values[0]) for key, values in params.items()}
        text = bind_values(queries[name].text, {**bindings, **span})
        text = slice_query(text, limit or None, offset)
    except KGError as error:
        return _text(HTTPStatus.BAD_REQUEST, str(error))
    return await run(request, text)


async def queries(request: Request) -> Response:
    listing = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "params": list(q.params),
            "text": q.text,
        }
        for q in named_queries().values()
    ]
    return Response(
        json.dumps(listing, ensure_ascii=False).encode("utf-8"),
        media_type="application/json; charset=utf-8",
    )


async def query_page(request: Request) -> Response:
    """The query page: ``templates/web/query.html`` on the pages' own frame and search box."""
    return render("query.html", csp=EDITOR_CSP)


async def picture(request: Request) -> Response:
    site = request.app.state.site
    if site.picture is None:
        return await not_found(request)
    return FileResponse(
        site.picture,
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": PICTURE_CSP},
    )


def routes() -> list:
    return [
        Route("/sparql", sparql_get, methods=["GET"]),
        Route("/query", sparql_get, methods=["GET"]),
        Route("/sparql", sparql_post, methods=["POST"]),
        Route("/query", sparql_post, methods=["POST"]),
        Route("/update", sparql_post, methods=["POST"]),
        Route("/update", _refuse_update, methods=["GET"]),
        Route("/", query_page, methods=["GET"]),
        Route("/queries", queries, methods=["GET"]),
        Route("/named/{name}", named, methods=["GET"]),
        Route("/graph.html", picture, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("kg", "static")]), name="static"),
        Route("/{path:path}", not_found, methods=["GET"]),
        Route("/{path:path}", sparql_post, methods=["POST"]),
        Route("/{path:path}", _refuse_update, methods=["PUT", "DELETE", "PATCH"]),
    ]
