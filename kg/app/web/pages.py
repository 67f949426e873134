"""What the pages share: their SPARQL (``kg/queries/web/*.rq``), run through the server's
workers under its time limit; their templates (Jinja2, autoescaped: article text and names are
data, never markup); the links between them; and the headers that keep every request on this
machine (a Content-Security-Policy allowing this server only)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from rdflib.term import Node

from kg.errors import KGError
from kg.outputs.sparql import bind_values, parse_query_file, slice_query
from kg.rdf.namespaces import KGID

__all__ = [
    "CSP",
    "QueryFailed",
    "page_query",
    "select",
    "select_text",
    "add_roles",
    "render",
    "show",
    "entity_path",
    "article_path",
    "local_id",
    "path_rest",
    "whole",
]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
"""Pages load scripts, styles, pictures and data from this server only, and no inline script:
a name that got into markup could still not run, nor fetch from elsewhere."""
JSON_RESULTS = "application/sparql-results+json"


class QueryFailed(Exception):
    """A page's query was not answered (time limit: 503; a fault: 500)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@cache
def page_query(name: str) -> str:
    """The text of ``kg/queries/web/<name>.rq``."""
    entry = files("kg") / "queries" / "web" / f"{name}.rq"
    return parse_query_file(name, entry.read_text("utf-8")).text


def select(
    site: Any,
    name: str,
    bindings: Mapping[str, Node | Sequence[Node]] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, str]]:
    """The rows of page query ``name`` with ``bindings``, each a dict of variable → value
    (IRIs and literals alike as text; unbound variables missing)."""
    try:
        text = slice_query(bind_values(page_query(name), bindings), limit, offset)
    except KGError as error:
        raise QueryFailed(400, str(error)) from None
    return select_text(site, text)


def select_text(site: Any, text: str) -> list[dict[str, str]]:
    """The rows of a SELECT query text, as ``select`` gives them."""
    status, _, body = site.run(text, JSON_RESULTS)
    if status != 200:
        raise QueryFailed(status, body.decode("utf-8", "replace"))
    return [
        {key: term["value"] for key, term in row.items()}
        for row in json.loads(body)["results"]["bindings"]
    ]


def add_roles(site: Any, facts: list[dict[str, str]]) -> None:
    """Set ``role`` on the facts whose statement a membership with a role title derives from
    (``statement-roles``: one query for all of them)."""
    from rdflib import URIRef

    statements = [URIRef(f["statement"]) for f in facts if f["predicate"] == "affiliatedWith"]
    if statements:
        roles = {
            row["statement"]: row["role"]
            for row in select(site, "statement-roles", {"statement": statements})
        }
        for fact in facts:
            if fact["statement"] in roles:
                fact["role"] = roles[fact["statement"]]


def local_id(iri: str) -> str | None:
    """The part of a graph IRI after the id namespace (``person/陳大文``), or None."""
    return iri[len(str(KGID)) :] if iri.startswith(str(KGID)) else None


def entity_path(iri: str) -> str:
    """The entity page of an entity IRI.

    >>> entity_path("https://w3id.org/szhk-kg/id/person/%3Ca%3E")
    '/entity/person/%253Ca%253E'
    """
    return "/entity/" + quote(local_id(iri) or iri, safe="/")


def article_path(document: str, sentence: str | int | None = None) -> str:
    """The article page of a document identifier, scrolled to a sentence when given."""
    path = "/article/" + quote(document, safe="")
    return path if sentence in (None, "") else f"{path}#s{sentence}"


def path_rest(request: Any, prefix: str) -> str:
    """The request's path after ``prefix``, percent-decoded once from the path as sent (an
    entity IRI keeps its own escapes: ``%3C`` is sent as ``%253C``)."""
    from urllib.parse import unquote

    raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    return unquote(raw.decode("latin-1").split("?", 1)[0].removeprefix(prefix))


def whole(request: Any, name: str, default: int = 0, most: int = 10**9) -> int:
    """A whole-number query parameter, held between 0 and ``most``; ``default`` when it is
    missing or no number (a page link typed wrong still shows a page)."""
    value = request.query_params.get(name)
    try:
        return min(max(int(value), 0), most) if value is not None else default
    except ValueError:
        return default


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("kg", "templates/web"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    environment.globals.update(entity_path=entity_path, article_path=article_path)
    return environment


def render(template: str, status: int = 200, csp: str = CSP, **values: Any):
    """An HTML response of ``templates/web/<template>`` with the page headers (``csp``: the
    Content-Security-Policy, the pages' own unless a page needs another)."""
    from starlette.responses import HTMLResponse

    body = _environment().get_template(template).render(**values)
    return HTMLResponse(body, status_code=status, headers={"Content-Security-Policy": csp})


async def show(template: str, view: Any, *args: Any, missing: str):
    """The page ``template`` of what ``view(*args)`` finds (run in a thread: it waits on the
    query workers); an error page when a query failed, or 404 saying ``missing`` when it
    found nothing."""
    from starlette.concurrency import run_in_threadpool

    try:
        values = await run_in_threadpool(view, *args)
    except QueryFailed as failure:
        return render("error.html", failure.status, message=str(failure))
    if values is None:
        return render("error.html", 404, message=missing)
    return render(template, **values)
