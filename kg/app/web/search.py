"""Search by name in either script: an index of every entity's names, folded to Simplified
(``kg.text.normalize.fold_key``) once when the server starts, so that a Traditional query finds
a Simplified label and the other way round, aliases included.

``/suggest?q=`` gives the best few matches as JSON as one types (names starting with the
query first, then names containing it; ``limit`` at most ``MAX_SUGGESTIONS``); ``/search?q=``
a page of them, ``offset`` paging on.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kg.app.web.pages import CSP, entity_path, render, select, whole
from kg.text.normalize import fold_key

__all__ = ["NameIndex", "Match", "build_index", "routes"]

SUGGESTIONS = 10
MAX_SUGGESTIONS = 50
SEARCH_PAGE = 50


@dataclass(frozen=True)
class Match:
    """An entity found by one of its names."""

    entity: str
    type: str
    label: str
    name: str  # the name that matched (the label or an alias)

    def as_json(self) -> dict[str, str]:
        return {
            "entity": self.entity,
            "type": self.type,
            "label": self.label,
            "name": self.name,
            "url": entity_path(self.entity),
        }


class NameIndex:
    """Every (folded name, entity) pair, sorted: a prefix is a binary search away, a substring
    one pass over the folded names."""

    def __init__(self, names: list[tuple[str, str, str, bool]]):
        """``names``: (entity IRI, class name, name, whether it is the label)."""
        labels: dict[str, str] = {}
        types: dict[str, str] = {}
        for entity, kind, name, preferred in names:
            types[entity] = kind
            if preferred:
                labels[entity] = min(name, labels.get(entity, name))
        keyed = {(fold_key(name), entity, name) for entity, _, name, _ in names}
        self._entries = sorted(keyed)
        self._keys = [key for key, _, _ in self._entries]
        self._labels, self._types = labels, types

    def __len__(self) -> int:
        return len(self._labels)

    def find(self, query: str, limit: int, offset: int = 0) -> list[Match]:
        """Entities one of whose names starts with the folded query, then those one of whose
        names contains it; each entity once, by the name that matched first."""
        key = fold_key(query)
        if not key:
            return []
        found: dict[str, Match] = {}
        wanted = offset + limit
        start = bisect_left(self._keys, key)
        for folded, entity, name in self._entries[start:]:
            if not folded.startswith(key) or len(found) >= wanted:
                break
            found.setdefault(entity, self._match(entity, name))
        if len(found) < wanted:
            for folded, entity, name in self._entries:
                if key in folded and entity not in found:
                    found[entity] = self._match(entity, name)
                    if len(found) >= wanted:
                        break
        return list(found.values())[offset:wanted]

    def _match(self, entity: str, name: str) -> Match:
        return Match(entity, self._types[entity], self._labels.get(entity, name), name)


def build_index(site: Any) -> NameIndex:
    """The index of the served graph's names (one query, when the server starts)."""
    rows = select(site, "names")
    return NameIndex(
        [
            (
                row["entity"],
                row["type"],
                row["name"],
                row["preferred"] == "true",
            )
            for row in rows
        ]
    )


async def suggest(request: Request) -> Response:
    site = request.app.state.site
    limit = whole(request, "limit", SUGGESTIONS, MAX_SUGGESTIONS)
    matches = site.names.find(request.query_params.get("q", ""), limit)
    return JSONResponse(
        [match.as_json() for match in matches], headers={"Content-Security-Policy": CSP}
    )


async def search_page(request: Request) -> Response:
    site = request.app.state.site
    query = request.query_params.get("q", "")
    offset = whole(request, "offset")
    matches = site.names.find(query, SEARCH_PAGE + 1, offset)
    return render(
        "search.html",
        query=query,
        matches=matches[:SEARCH_PAGE],
        offset=offset,
        more=len(matches) > SEARCH_PAGE,
        page=SEARCH_PAGE,
        entities=len(site.names),
    )


def routes() -> list:
    return [
        Route("/suggest", suggest, methods=["GET"]),
        Route("/search", search_page, methods=["GET"]),
    ]
