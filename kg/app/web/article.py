"""``/article/<id>``: an article's sentences as the graph keeps them, every mention of an entity
the graph says it mentions marked by type (in the manner of spaCy's displaCy) and linked to
its entity page, and every fact the article states listed beside them.

The graph keeps the sentences that state a fact (``kgo:evidence`` and the sentence nodes), not
the whole text: the page shows those in the article's order, a gap marked where sentences
between them are not in the graph. ``#s<n>`` marks and scrolls to sentence ``n`` (the evidence
links of the entity pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.app.web.pages import add_roles, path_rest, select, show

__all__ = ["routes", "Span", "mark_mentions"]

FACTS_PAGE = 500


@dataclass(frozen=True)
class Span:
    """A piece of a sentence: plain text, or a mention of ``entity`` (of ``type``)."""

    text: str
    entity: str | None = None
    type: str | None = None
    label: str | None = None


def mark_mentions(text: str, names: dict[str, tuple[str, str, str]]) -> list[Span]:
    """``text`` cut into spans, each occurrence of a name marked with its (entity, type, label);
    longer names first, so 前海合作區 is one mention, not 前海 and a rest.

    >>> mark_mentions("陳大文建議", {"陳大文": ("urn:p", "Person", "陳大文")})
    [Span(text='陳大文', entity='urn:p', type='Person', label='陳大文'), Span(text='建議', entity=None, type=None, label=None)]
    """
    owner: list[tuple[str, str, str] | None] = [None] * len(text)
    starts: dict[int, int] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):
        at = text.find(name)
        while name and at != -1:
            end = at + len(name)
            if not any(owner[at:end]):
                owner[at:end] = [names[name]] * len(name)
                starts[at] = end
            at = text.find(name, at + 1)
    spans, position, plain = [], 0, ""
    while position < len(text):
        if position in starts:
            if plain:
                spans.append(Span(plain))
                plain = ""
            end, mark = starts[position], owner[position]
            assert mark is not None
            entity, kind, label = mark
            spans.append(Span(text[position:end], entity, kind, label))
            position = end
        else:
            plain += text[position]
            position += 1
    if plain:
        spans.append(Span(plain))
    return spans


def article_view(site, document: str) -> dict | None:
    about = select(site, "article", {"document": Literal(document)}, limit=1)
    if not about:
        return None
    facts = select(site, "article-facts", {"document": Literal(document)}, limit=FACTS_PAGE)
    add_roles(site, facts)
    mentioned = select(site, "article-mentions", {"document": Literal(document)})
    names = {
        row["name"]: (row["entity"], row["class"].rsplit("#", 1)[-1], row["label"])
        for row in mentioned
    }
    entities = {row["entity"]: (row["label"], row["class"].rsplit("#", 1)[-1]) for row in mentioned}
    sentences: dict[int, dict] = {}
    for fact in facts:
        fact["subjectType"] = fact["subjectClass"].rsplit("#", 1)[-1]
        fact["objectType"] = fact["objectClass"].rsplit("#", 1)[-1]
        start = int(fact["start"])
        index = int(fact["sentence"]) if fact.get("sentence") else start
        if index not in sentences:
            sentences[index] = {
                "index": index,
                "start": start,
                "end": int(fact["end"]),
                "spans": mark_mentions(fact["evidence"], names),
            }
    ordered = sorted(sentences.values(), key=lambda s: s["start"])
    for before, sentence in zip([None, *ordered], ordered):
        sentence["gap"] = before is not None and sentence["index"] > before["index"] + 1
    title = about[0].get("title", "")
    return {
        "document": document,
        "about": about[0],
        "title_spans": mark_mentions(title, names) if title else [],
        "sentences": ordered,
        "facts": facts,
        "more": len(facts) >= FACTS_PAGE,
        "entities": sorted(entities.items(), key=lambda item: (item[1][1], item[1][0])),
    }


async def article_page(request: Request) -> Response:
    document = path_rest(request, "/article/")
    missing = f"no article {document!r} in this graph"
    return await show(
        "article.html", article_view, request.app.state.site, document, missing=missing
    )


def routes() -> list:
    return [Route("/article/{id:path}", article_page, methods=["GET"])]
