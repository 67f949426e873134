"""The web app ``kg serve`` runs: the SPARQL 1.1 Protocol endpoint and pages for people.

One file per family of routes: ``sparql`` (the endpoint, the query page, named queries),
``search`` (the name index and its suggestions), ``entity``, ``article`` and ``tables``.
``pages`` holds what they share (templates, the page queries, headers). The app knows the
server only as a ``Site``: a function running a query under the time limit, and the settings
the checks need, so that it can be tested with Starlette's TestClient over any such function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.app.web.checks import host_allowed

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from kg.app.web.search import NameIndex
    from kg.outputs.articles import ArticleTexts

__all__ = ["Site", "create_app"]

Answer = tuple[int, str, bytes]  # (HTTP status, content type, body)


@dataclass
class Site:
    """What the routes need of the server.

    ``run(text, accept)`` answers one query (``Answer``) within the server's time limit;
    ``bound`` and ``hosts`` are for ``host_allowed``; ``picture`` is the build's graph.html.
    ``names`` is the search index, built when the app starts; ``texts`` the build's
    ``articles.jsonl`` (the articles as read), when it has one."""

    run: Callable[[str, str | None], Answer]
    bound: str = "127.0.0.1"
    hosts: frozenset[str] = frozenset({"127.0.0.1", "localhost", "::1"})
    allow_service: bool = False
    picture: Path | None = None
    log: Callable[[str], None] | None = None
    names: NameIndex | None = field(default=None)
    texts: ArticleTexts | None = None


class _HostCheck:
    """ASGI middleware: refuse (403) a request whose ``Host`` names another site before any
    route runs (DNS rebinding), and log each request's line and status."""

    def __init__(self, app: Any, site: Site):
        self.app, self.site = app, site

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hosts = [value.decode("latin-1") for key, value in scope["headers"] if key == b"host"]
        host = hosts[0] if len(hosts) == 1 else None
        if len(hosts) > 1 or not host_allowed(host, self.site.bound, self.site.hosts):
            message = (
                f"Host {host!r} is not this server's address; "
                f"start kg serve with --allow-host NAME to answer another name"
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(message)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": message})
            self._log(scope, 403)
            return
        status = 0

        async def logged(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, logged)
        self._log(scope, status)

    def _log(self, scope: dict, status: int) -> None:
        if self.site.log:
            client = (scope.get("client") or ("-",))[0]
            self.site.log(f'{client} "{scope["method"]} {scope["path"]}" {status}')


def create_app(site: Site) -> Starlette:
    """The Starlette app over ``site``; the name index is built when it starts."""
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware

    from kg.app.web import article, entity, search, sparql, tables

    @asynccontextmanager
    async def lifespan(app):
        if site.names is None:
            site.names = await run_in_threadpool(search.build_index, site)
        yield

    routes = [
        *search.routes(),
        *entity.routes(),
        *article.routes(),
        *tables.routes(),
        *sparql.routes(),  # last: its catch-all refuses updates on any path
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_HostCheck, site=site)],
        exception_handlers={404: sparql.not_found},
        lifespan=lifespan,
    )
    app.state.site = site
    return app
