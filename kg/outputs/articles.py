"""``articles.jsonl``: each article as the pipeline read it, for the web app's article page.

The graph keeps the sentences that state a fact and says which entities an article mentions,
not the text nor where in it each mention is. This file has both, one article a line (sorted
by identifier, so the same build writes the same bytes): its ``title``, its ``sentences`` as
``[paragraph, cleaned text]`` (a sentence's index is its position, as in the graph's sentence
IRIs) and its ``mentions`` as ``[sentence, start, end, entity IRI]`` (offsets into the cleaned
sentence), each a mention resolution tied to an entity of the graph.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from kg.rdf.graph import entity_node
from kg.records import Document, Resolution

__all__ = ["ARTICLES_FILE", "write_articles", "ArticleTexts"]

ARTICLES_FILE = "articles.jsonl"


def write_articles(documents: Sequence[Document], resolution: Resolution, path: Path) -> Path:
    """Write the articles' sentences and resolved mentions to ``path``."""
    mentions: dict[str, list[tuple[int, int, int, str]]] = {}
    for mention, key in resolution.entity_of.items():
        iri = str(entity_node(resolution.entity(key)))
        mentions.setdefault(mention.doc_id, []).append(
            (mention.sentence, mention.start, mention.end, iri)
        )
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        for document in sorted(documents, key=lambda d: d.doc_id):
            line = {
                "id": document.doc_id,
                "title": document.title or "",
                "sentences": [[s.paragraph, s.text] for s in document.sentences],
                "mentions": sorted(set(mentions.get(document.doc_id, []))),
            }
            stream.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    return path


class ArticleTexts:
    """The articles of an ``articles.jsonl``, read one at a time: where each line starts is
    indexed once, so a server holds offsets, not texts."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._offsets: dict[str, int] = {}
        with open(self.path, "rb") as stream:
            offset = 0
            for line in stream:
                if line.strip():
                    self._offsets[json.loads(line)["id"]] = offset
                offset += len(line)

    def __len__(self) -> int:
        return len(self._offsets)

    def get(self, doc_id: str) -> dict | None:
        """The article's line as a dict, or None when the file has no such article."""
        offset = self._offsets.get(doc_id)
        if offset is None:
            return None
        with open(self.path, "rb") as stream:
            stream.seek(offset)
            return json.loads(stream.readline())
