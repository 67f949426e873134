"""Relation cases on invented sentences, in Traditional and (folded) Simplified script, read by
the rules alone (``model=None``): each case says what a rule states.

Each case builds a Document, Mentions and a Resolution by hand with ``make``: paragraphs are
lists of sentences, mentions are (surface, label) or (surface, label, canonical name) and are
found left to right in each sentence.
"""

from __future__ import annotations

import pytest

from kg.records import Document, Entity, Mention, Resolution, Sentence
from kg.relations import extract_relations
from kg.text.normalize import to_simplified

__all__ = ["make", "triples", "SCRIPTS", "rel"]


def make(paragraphs, spans, simplified=False):
    """Document, mentions and resolution from paragraphs of sentences and per-sentence spans.

    ``spans[i]`` lists the mentions of sentence ``i`` (counting across paragraphs).
    """
    conv = to_simplified if simplified else (lambda x: x)
    sentences, mentions, entities, entity_of = [], [], {}, {}
    text, index = "", 0
    for p, paragraph in enumerate(paragraphs):
        if text:
            text += "\n\n"
        for raw in paragraph:
            sent_text = conv(raw)
            start = len(text)
            text += sent_text
            sentences.append(
                Sentence(
                    "doc", index, p, start, len(text), sent_text, tuple(range(start, len(text)))
                )
            )
            cursor = 0
            for span in spans[index]:
                surface, label = conv(span[0]), span[1]
                name = conv(span[2]) if len(span) > 2 else surface
                at = sent_text.index(surface, cursor)
                cursor = at + len(surface)
                m = Mention("doc", index, at, cursor, surface, label, "test")
                mentions.append(m)
                if label != "Role":
                    key = f"{label}/{name}"
                    old = entities.get(key)
                    aliases = tuple(sorted({*(old[1] if old else ()), surface} - {name}))
                    entities[key] = (label, aliases, name)
                    entity_of[m] = key
            index += 1
    resolution = Resolution(
        tuple(
            Entity(k, lab, name, "zh-Hans" if simplified else "zh-Hant", al)
            for k, (lab, al, name) in entities.items()
        ),
        entity_of,
    )
    doc = Document(
        "doc",
        "doc.txt",
        text,
        None,
        "zh-Hans" if simplified else "zh-Hant",
        "",
        "utf-8",
        tuple(sentences),
    )
    return doc, mentions, resolution


def triples(paragraphs, spans, simplified=False):
    """(subject name, predicate, object name, role) of every relation found."""
    doc, mentions, res = make(paragraphs, spans, simplified)
    conv = to_simplified if simplified else (lambda x: x)
    back = {conv(e.name): e.name for e in res.entities}
    return {
        (
            _orig(res, r.subject, back, paragraphs, spans),
            r.predicate,
            _orig(res, r.object, back, paragraphs, spans),
            r.role,
        )
        for r in extract_relations(doc, mentions, res, model=None)
    }


def _orig(res, key, back, paragraphs, spans):
    """Name of an entity in the Traditional form used to write the case."""
    name = res.entity(key).name
    for sentence_spans in spans:
        for span in sentence_spans:
            written = span[2] if len(span) > 2 else span[0]
            if to_simplified(written) == name or written == name:
                return written
    return back.get(name, name)


SCRIPTS = pytest.mark.parametrize("simplified", [False, True], ids=["hant", "hans"])


def rel(s, p, o, role=None):
    return (s, p, o, role)
