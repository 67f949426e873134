"""``/entity/<id>``: one entity as the sources state it. Its class and names in both scripts,
then every fact it is part of (roles held, what it proposed and what proposed it, events,
cooperation partners, places, parts), each with the sentence that states it, its article
(linked to that sentence) and the article's date and outlet, and the articles naming it."""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.app.web.pages import (
    QueryFailed,
    add_roles,
    page_query,
    path_rest,
    render,
    select,
    show,
    whole,
)
from kg.outputs.sparql import bind_values, slice_query
from kg.rdf.namespaces import KGID

__all__ = ["routes", "SECTIONS", "FACTS_PAGE"]

FACTS_PAGE = 100
EGO_STATEMENTS = 300  # statements drawn at most (a hub has thousands)
EGO_NODES = 40
EGO_HEIGHT = "420px"
ARTICLES_PAGE = 50
SECTIONS = {
    ("affiliatedWith", "out"): "Roles held",
    ("affiliatedWith", "in"): "People in it",
    ("proposed", "out"): "Proposed",
    ("proposed", "in"): "Proposed by",
    ("participatedIn", "out"): "Events",
    ("participatedIn", "in"): "Participants",
    ("cooperatesWith", "out"): "Cooperation partners",
    ("cooperatesWith", "in"): "Cooperation partners",
    ("locatedIn", "out"): "Places",
    ("locatedIn", "in"): "Located here",
    ("partOf", "out"): "Part of",
    ("partOf", "in"): "Parts",
    ("concerns", "out"): "Concerns",
    ("concerns", "in"): "Concerned by",
}
"""A heading for each (predicate, direction) of the ontology's seven, in the page's order."""


def entity_view(site, entity: str, offset: int) -> dict | None:
    """What the page shows, or None when the graph has no such entity.

    The facts come a page at a time in the store's order (an ordered query would sort all of a
    hub's thousands first: 600 ms at 1M triples); the page sorts the ones it shows, and for
    any entity with fewer than a page, that is all of them in order."""
    iri = URIRef(entity)
    about = select(site, "entity", {"entity": iri})
    if not about:
        return None
    with ThreadPoolExecutor(max_workers=2) as pool:  # the queries side by side, on free workers
        counted = pool.submit(select, site, "entity-counts", {"entity": iri})
        found = pool.submit(select, site, "entity-articles", {"entity": iri}, limit=ARTICLES_PAGE)
        facts = select(site, "entity-facts", {"entity": iri}, limit=FACTS_PAGE + 1, offset=offset)
        shown = facts[:FACTS_PAGE]
        add_roles(site, shown)
        counts, articles = counted.result(), found.result()
    order = list(dict.fromkeys(SECTIONS.values()))
    totals: dict[str, int] = defaultdict(int)
    for row in counts:
        totals[_heading(row["predicate"], row["direction"])] += int(row["count"])
    sections: dict[str, list[dict[str, str]]] = defaultdict(list)
    for fact in sorted(shown, key=_fact_order):
        sections[_heading(fact["predicate"], fact["direction"])].append(fact)
    articles.sort(key=lambda a: (a.get("date", ""), a["document"]), reverse=True)
    return {
        "entity": entity,
        "type": about[0]["type"],
        "label": next((r["value"] for r in about if r["kind"] == "label"), entity),
        "aliases": [r["value"] for r in about if r["kind"] == "alias"],
        "start_date": next((r["value"] for r in about if r["kind"] == "startDate"), None),
        "sections": sorted(
            ((heading, facts, totals[heading]) for heading, facts in sections.items()),
            key=lambda item: (order + [item[0]]).index(item[0]),
        ),
        "facts": len(shown),
        "total": sum(totals.values()),
        "offset": offset,
        "more": len(facts) > FACTS_PAGE,
        "page": FACTS_PAGE,
        "articles": articles,
        "articles_cut": len(articles) == ARTICLES_PAGE,
    }


def _heading(predicate: str, direction: str) -> str:
    return SECTIONS.get((predicate, direction), predicate)


def _fact_order(fact: dict[str, str]) -> tuple:
    return (
        fact["otherLabel"],
        fact.get("date") is None,
        fact.get("date", ""),
        fact["document"],
        int(fact.get("sentence") or 0),
    )


async def entity_page(request: Request) -> Response:
    entity = str(KGID) + path_rest(request, "/entity/")
    offset = whole(request, "offset")
    site = request.app.state.site
    missing = f"no entity {entity} in this graph"
    return await show("entity.html", entity_view, site, entity, offset, missing=missing)


def ego_picture(site, entity: str) -> str | None:
    """The HTML of the entity's ego view (``kg viz --view ego``: vis-network inline, nothing
    fetched), drawn from its first ``EGO_STATEMENTS`` statements; None when it has none."""
    from rdflib import Graph

    from kg.outputs.analytics import to_networkx
    from kg.outputs.viz import render as render_view
    from kg.outputs.viz import select_view

    text = slice_query(
        bind_values(page_query("entity-ego"), {"entity": URIRef(entity)}), EGO_STATEMENTS
    )
    status, _, body = site.run(text, "application/n-triples")
    if status != 200:
        raise QueryFailed(status, body.decode("utf-8", "replace"))
    G = to_networkx(Graph().parse(data=body.decode("utf-8"), format="nt"))
    if entity not in G:
        return None
    G.nodes[entity]["names"] = (entity,)  # the focus by its IRI: a neighbour may share its name
    view = select_view(G, "ego", focus=entity, hops=1, max_nodes=EGO_NODES)
    return render_view(view, height=EGO_HEIGHT)


async def picture_page(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse

    from kg.app.web.sparql import PICTURE_CSP

    entity = str(KGID) + path_rest(request, "/picture/")
    try:
        page = await run_in_threadpool(ego_picture, request.app.state.site, entity)
    except QueryFailed as failure:
        return render("error.html", failure.status, message=str(failure))
    if page is None:
        return render("error.html", 404, message=f"no fact of {entity} to draw")
    return HTMLResponse(page, headers={"Content-Security-Policy": PICTURE_CSP})


def routes() -> list:
    return [
        Route("/entity/{id:path}", entity_page, methods=["GET"]),
        Route("/picture/{id:path}", picture_page, methods=["GET"]),
    ]
