"""Helpers of the entity tests: sentences written for them, in both scripts."""

from __future__ import annotations

from kg.entities import extract_mentions
from kg.text.ingest import parse_document
from kg.text.normalize import to_simplified

__all__ = ["found", "both_scripts"]


def found(nlp, text: str) -> set[tuple[str, str]]:
    document = parse_document(text, doc_id="t")
    return {(m.text, m.label) for m in extract_mentions(document, nlp)}


def both_scripts(cases):
    """Each (text, expected) case as written (Traditional) and folded to Simplified."""
    out = []
    for text, expected in cases:
        out.append((text, expected))
        out.append((to_simplified(text), {(to_simplified(s), label) for s, label in expected}))
    return out
