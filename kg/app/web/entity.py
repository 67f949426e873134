"""``/entity/<id>``: one entity as the sources state it. Its class and names in both scripts,
then every fact it is part of (roles held, what it proposed and what proposed it, events,
cooperation partners, places, parts), each with the sentence that states it, its article
(linked to that sentence) and the article's date and outlet, and the articles naming it."""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.app.web.pages import path_rest, select, show
from kg.rdf.namespaces import KGID

__all__ = ["routes", "SECTIONS", "FACTS_PAGE"]

FACTS_PAGE = 200
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
    """What the page shows, or None when the graph has no such entity."""
    iri = URIRef(entity)
    about = select(site, "entity", {"entity": iri})
    if not about:
        return None
    facts = select(site, "entity-facts", {"entity": iri}, limit=FACTS_PAGE + 1, offset=offset)
    sections: dict[str, list[dict[str, str]]] = defaultdict(list)
    order = list(dict.fromkeys(SECTIONS.values()))
    for fact in facts[:FACTS_PAGE]:
        fact["otherType"] = fact["otherClass"].rsplit("#", 1)[-1]
        heading = SECTIONS.get((fact["predicate"], fact["direction"]), fact["predicate"])
        sections[heading].append(fact)
    return {
        "entity": entity,
        "type": about[0]["class"].rsplit("#", 1)[-1],
        "label": next((r["value"] for r in about if r["kind"] == "label"), entity),
        "aliases": [r["value"] for r in about if r["kind"] == "alias"],
        "start_date": next((r["value"] for r in about if r["kind"] == "startDate"), None),
        "sections": sorted(sections.items(), key=lambda item: (order + [item[0]]).index(item[0])),
        "facts": min(len(facts), FACTS_PAGE),
        "offset": offset,
        "more": len(facts) > FACTS_PAGE,
        "page": FACTS_PAGE,
        "articles": select(site, "entity-articles", {"entity": iri}, limit=ARTICLES_PAGE),
    }


async def entity_page(request: Request) -> Response:
    entity = str(KGID) + path_rest(request, "/entity/")
    try:
        offset = max(int(request.query_params.get("offset", "0")), 0)
    except ValueError:
        offset = 0
    site = request.app.state.site
    missing = f"no entity {entity} in this graph"
    return await show("entity.html", entity_view, site, entity, offset, missing=missing)


def routes() -> list:
    return [Route("/entity/{id:path}", entity_page, methods=["GET"])]
