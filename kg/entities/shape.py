"""``kg_shape_ruler``: a run of name words closed by a head word, from the token patterns of
``kg/data/entities/shapes.jsonl`` (each with an id)."""

from __future__ import annotations

from typing import Any, cast

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.entities.lexicon import load_patterns
from kg.entities.words import word_facts

__all__ = ["LONGEST_SHAPE", "make_shape_ruler", "ShapeRuler"]

_NATIVE_FIELDS = {
    "kg_name": "TAG",
    "kg_head": "LEMMA",
    "kg_pos": "ENT_ID",
    "kg_word_start": "IS_SENT_START",
}
"""Where ``ShapeRuler`` puts each word fact on its private copy of a sentence."""


@Language.factory(
    "kg_shape_ruler", assigns=["doc.spans"], default_config={"patterns": "shapes.jsonl"}
)
def make_shape_ruler(nlp: Language, name: str, patterns: str) -> ShapeRuler:
    """The token patterns of ``kg/data/entities/<patterns>``, longest match first."""
    return ShapeRuler(nlp, name, load_patterns(patterns))


class ShapeRuler:
    """spaCy's SpanRuler over a copy of the sentence whose native fields hold the word facts.

    Every match that starts a word is kept, overlapping ones included: the longest is chosen
    after the checks of ``_candidates``, so a valid name inside a rejected longer match is not
    lost.

    Why the copy: with ``_`` predicates the Matcher calls back into Python for every token
    and predicate, 3.5 times slower than matching native fields on the benchmark corpus
    (0.82 s against 0.23 s for 40k characters, 4 Dec 2026). The patterns keep their ``_``
    spelling in the file; ``_NATIVE_FIELDS`` moves each to a field no one else reads, and
    only the copy carries them.
    """

    def __init__(self, nlp: Language, name: str, patterns: list[dict]):
        from spacy.pipeline import SpanRuler

        self.name = name
        self.ruler = SpanRuler(nlp, name, spans_key=name, validate=True)
        self.ruler.add_patterns(
            [{**p, "pattern": [_native_token(t) for t in p["pattern"]]} for p in patterns]
        )
        self.heads_required = bool(patterns) and all(map(_requires_head, patterns))

    def __call__(self, doc: Doc) -> Doc:
        facts = word_facts(doc)
        if self.heads_required and facts is not None and not any(facts.head):
            doc.spans[self.name] = []  # no head word, no match: most sentences of a news text
            return doc
        starts = facts.word_start if facts is not None else [True] * len(doc)
        found: set[tuple[int, int, int, int]] = set()
        for window in range(0, len(doc), LONGEST_SHAPE):
            end = min(window + 2 * LONGEST_SHAPE, len(doc))
            last = end == len(doc)  # holds every match that starts in it: the last window
            if not (self.heads_required and facts is not None and not any(facts.head[window:end])):
                found.update(
                    (window + s.start, window + s.end, s.label, s.id)
                    for s in self.ruler.match(_native_copy(doc, window, end))
                    if (last or s.start < LONGEST_SHAPE)
                    and starts[window + s.start]
                    and len(s) <= LONGEST_SHAPE
                )
            if last:
                break
        doc.spans[self.name] = sorted(
            Span(doc, start, end, label=label, span_id=span_id)
            for start, end, label, span_id in found
        )
        return doc


LONGEST_SHAPE = 64
"""Most characters a shape match may have. A head repeated along a sentence (前海合作區前海合作區…)
matches from every word to every head after it, and the checks read each match: without a
bound a sentence took time in its cube. The longest match on seeds/ and corpus/ has 31. The
patterns run on windows of twice this length, one every ``LONGEST_SHAPE`` tokens (the last runs
to the sentence's end): a match no longer than this lies whole in the window where it starts,
longer ones are never made, and the work is linear in the sentence."""


def _requires_head(pattern: dict) -> bool:
    """Whether a shape pattern matches only where some token is a head word (kg_head set)."""

    def names_heads(value) -> bool:
        return (isinstance(value, str) and value != "") or (
            isinstance(value, dict) and list(value) == ["IN"] and all(value["IN"])
        )

    return any(
        token.get("OP") in (None, "+") and names_heads(token.get("_", {}).get("kg_head"))
        for token in pattern["pattern"]
    )


_NO_FACT = "-"
"""What the copy holds for an empty fact: the Matcher refuses TAG or LEMMA patterns on a Doc
where every token's value is empty, as if no tagger had run."""


def _native_token(token: dict) -> dict:
    """A token pattern with its ``_`` keys renamed to ``_NATIVE_FIELDS``."""
    native = {key: value for key, value in token.items() if key != "_"}
    for key, value in token.get("_", {}).items():
        if value == "":
            value = _NO_FACT
        elif isinstance(value, dict):
            value = {op: [v or _NO_FACT for v in values] for op, values in value.items()}
        native[_NATIVE_FIELDS[key]] = value
    return native


def _native_copy(doc: Doc, start: int, end: int) -> Doc:
    """The words ``start:end`` of ``doc`` with their NORM and word facts in ``_NATIVE_FIELDS``."""
    facts = word_facts(doc)
    tokens = doc[start:end]
    copy = Doc(
        doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens]
    )
    if facts is None or not len(tokens):
        return copy
    strings = doc.vocab.strings
    norms = [strings.add(norm) for norm in facts.norm[start:end]]
    kept = [
        [strings.add(value or _NO_FACT) for value in values[start:end]]
        for values in (facts.name, facts.head, facts.pos)
    ]
    # -1 wraps, as to_array has it
    starts = numpy.where(facts.word_start[start:end], 1, -1).astype("uint64")
    copy.from_array(
        [
            "NORM",
            _NATIVE_FIELDS["kg_name"],
            _NATIVE_FIELDS["kg_head"],
            _NATIVE_FIELDS["kg_pos"],
            "SENT_START",
        ],
        cast(Any, numpy.column_stack([numpy.array([norms, *kept], dtype="uint64").T, starts])),
    )
    return copy
