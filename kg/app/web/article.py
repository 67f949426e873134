"""``/article/<id>``: an article as read, every mention of an entity marked by type (in the
manner of spaCy's displaCy) and linked to its entity page, and every fact the article states
listed beside it. ``#s<n>`` marks and scrolls to sentence ``n`` (the evidence links).

The text and where its mentions are come from the build's ``articles.jsonl``
(``kg.outputs.articles``): every sentence, the mentions as the pipeline resolved them. Without
that file (a store or graph file served alone) the page shows what the graph keeps: the
sentences that state a fact, a gap marked where others are left out, and the names of the
entities the graph says the article mentions marked wherever they occur.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from rdflib import Literal
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.app.web.pages import add_roles, local_id, path_rest, select, show
from kg.records import ENTITY_TYPES

__all__ = ["routes", "Span", "cut", "find_names", "mark_mentions", "read_paragraphs"]

FACTS_PAGE = 500


Mark = tuple[str, str, str]  # (entity IRI, type, label)
TYPE_OF_SEGMENT = {kind.lower(): kind for kind in ENTITY_TYPES}


@dataclass(frozen=True)
class Span:
    """A piece of a sentence: plain text, or a mention of ``entity`` (of ``type``)."""

    text: str
    entity: str | None = None
    type: str | None = None
    label: str | None = None


def cut(text: str, marks: dict[int, tuple[int, Mark]]) -> list[Span]:
    """``text`` cut into spans at the marks (start → (end, mark)), which do not overlap.

    >>> cut("陳大文建議", {0: (3, ("urn:p", "Person", "陳大文"))})
    [Span(text='陳大文', entity='urn:p', type='Person', label='陳大文'), Span(text='建議', entity=None, type=None, label=None)]
    """
    spans, position, plain = [], 0, ""
    while position < len(text):
        if position in marks:
            if plain:
                spans.append(Span(plain))
                plain = ""
            end, (entity, kind, label) = marks[position]
            spans.append(Span(text[position:end], entity, kind, label))
            position = end
        else:
            plain += text[position]
            position += 1
    if plain:
        spans.append(Span(plain))
    return spans


def find_names(text: str, names: dict[str, Mark]) -> dict[int, tuple[int, Mark]]:
    """Where each name occurs in ``text``, longer names first, so 前海合作區 is one mention,
    not 前海 and a rest.

    >>> find_names("前海合作區在前海", {"前海": ("urn:a", "Place", "前海"), "前海合作區": ("urn:b", "Platform", "前海合作區")})
    {0: (5, ('urn:b', 'Platform', '前海合作區')), 6: (8, ('urn:a', 'Place', '前海'))}
    """
    taken = [False] * len(text)
    found: dict[int, tuple[int, Mark]] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):
        at = text.find(name)
        while name and at != -1:
            end = at + len(name)
            if not any(taken[at:end]):
                taken[at:end] = [True] * len(name)
                found[at] = (end, names[name])
            at = text.find(name, at + 1)
    return dict(sorted(found.items()))


def mark_mentions(text: str, names: dict[str, Mark]) -> list[Span]:
    """``text`` with every occurrence of a name marked (``find_names``)."""
    return cut(text, find_names(text, names))


def _entity_mark(iri: str, entities: dict[str, tuple[str, str]]) -> Mark:
    """(IRI, type, label) of an entity, from the graph, else from its IRI."""
    if iri in entities:
        label, kind = entities[iri]
        return iri, kind, label
    segment, _, name = (local_id(iri) or iri).partition("/")
    return iri, TYPE_OF_SEGMENT.get(segment, "Entity"), unquote(name)


def read_paragraphs(
    read: dict, entities: dict[str, tuple[str, str]], stating: set[int]
) -> tuple[dict | None, list[list[dict]]]:
    """(title sentence or None, paragraphs of sentences) of an article as read
    (``articles.jsonl``), each sentence's mentions marked where the pipeline found them;
    ``stating``: the indexes of the sentences that state a fact."""
    marks: dict[int, dict[int, tuple[int, Mark]]] = {}
    for sentence, start, end, iri in read["mentions"]:
        taken = marks.setdefault(sentence, {})
        if all(end <= s or start >= e for s, (e, _) in taken.items()):
            taken[start] = (end, _entity_mark(iri, entities))
    sentences = [
        {
            "index": index,
            "spans": cut(text, dict(sorted(marks.get(index, {}).items()))),
            "states": index in stating,
            "paragraph": paragraph,
        }
        for index, (paragraph, text) in enumerate(read["sentences"])
    ]
    title = None
    if sentences and read["title"] and read["sentences"][0][1] == read["title"]:
        title, sentences = sentences[0], sentences[1:]
    paragraphs: list[list[dict]] = []
    for sentence in sentences:
        if not paragraphs or paragraphs[-1][-1]["paragraph"] != sentence["paragraph"]:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
    return title, paragraphs


def article_view(site, document: str) -> dict | None:
    about = select(site, "article", {"document": Literal(document)}, limit=1)
    if not about:
        return None
    facts = select(site, "article-facts", {"document": Literal(document)}, limit=FACTS_PAGE)
    add_roles(site, facts)
    mentioned = select(site, "article-mentions", {"document": Literal(document)})
    names = {row["name"]: (row["entity"], row["type"], row["label"]) for row in mentioned}
    entities = {row["entity"]: (row["label"], row["type"]) for row in mentioned}
    sentences: dict[int, dict] = {}
    for fact in facts:
        start = int(fact["start"])
        index = int(fact["sentence"]) if fact.get("sentence") else start
        if index not in sentences:
            sentences[index] = {
                "index": index,
                "start": start,
                "spans": mark_mentions(fact["evidence"], names),
            }
    ordered = sorted(sentences.values(), key=lambda s: s["start"])
    for before, sentence in zip([None, *ordered], ordered):
        sentence["gap"] = before is not None and sentence["index"] > before["index"] + 1
    read = site.texts.get(document) if site.texts is not None else None
    title, paragraphs = read_paragraphs(read, entities, set(sentences)) if read else (None, [])
    heading = about[0].get("title", "")
    return {
        "document": document,
        "about": about[0],
        "title_spans": title["spans"] if title else mark_mentions(heading, names),
        "title_id": "s0" if title else None,
        "paragraphs": paragraphs,
        "sentences": [] if read else ordered,
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
