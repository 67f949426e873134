"""``kg_entity_model``: a named-entity model trained on the annotated corpus (``corpus/train``)
that decides which names a sentence holds and of which type, reading what the rules (and, if
its config says so, the CLUENER model) say as features.

The rules propose, the model decides. ``kg_readings`` first writes, per character token, the
rules' reading of the sentence (the merged candidates of every source, as B-/I- tags with the
source) and the CLUENER model's own labels (for a model whose config reads them, ``[readings]
cluener_model``; the shipped one reads none, and those columns say "O"); the model's token
features (``kg_fact_embed.v1``) are the character, the jieba word around it and its place in
that word, the word's POS tag, its role in a name and head type (``kg_words``), both readings,
and the characters on either side. Its transition-based NER (spaCy's ``ner``, on character
tokens, so that no name is lost to a word boundary) then labels the sentence;
``kg.entities.extract`` takes its spans as the mentions and keeps the rule spans it overrules
for ``kg explain-entity``.

The trained weights ship in ``kg/models/entities`` with a model card; ``kg train`` reproduces
them from ``corpus/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.entities.candidates import sentence_candidates
from kg.entities.checks import shape_verdict
from kg.entities.cluener import RAW_KEY
from kg.entities.merge import merge_candidates
from kg.entities.words import word_facts

__all__ = [
    "READINGS",
    "READINGS_KEY",
    "MODEL_NAME",
    "FEATURES",
    "token_readings",
    "make_readings",
    "create_fact_embed",
    "fact_features",
]

READINGS_KEY = "kg_readings"
MODEL_NAME = "kg_entity_model"
READINGS = (
    "rule",
    "quote",
    "topic",
    "person",
    "shape",
    "gazetteer",
    "list",
    "cluener",
    "vetoed",
    "cluener_model",
)
"""The readings ``token_readings`` puts on each token, in column order."""
FEATURES = (
    "char",
    "word",
    "place_in_word",
    "pos",
    "role",
    "rule_label",
    "left_pair",
    "right_pair",
    *READINGS,
)
"""The token features, in column order (``fact_features``)."""

_SOURCE_TAGS = {
    "kg_quote_ruler": "quote",
    "kg_topic_ruler": "topic",
    "kg_person_ruler": "person",
    "kg_shape_ruler": "shape",
    "kg_gazetteer": "gazetteer",
    "kg_list_ruler": "list",
    "kg_cluener_ner": "cluener",
    "kg_propagation": "propagation",
}


def _tags(length: int, spans: list[tuple[int, int, str]]) -> list[str]:
    """B-/I- tags of non-overlapping (start, end, tag) token spans; "O" elsewhere.

    >>> _tags(4, [(1, 3, "Place")])
    ['O', 'B-Place', 'I-Place', 'O']
    """
    tags = ["O"] * length
    for start, end, tag in spans:
        tags[start:end] = [f"B-{tag}"] + [f"I-{tag}"] * (end - start - 1)
    return tags


def token_readings(doc: Doc) -> dict[str, list[str]]:
    """Per character token, what the rules and the CLUENER model read: the merged reading of
    all rules ("B-Organization@shape"), each source's own reading, the shape matches a veto
    rejected ("B-Port!city-ports") and the CLUENER model's labels ("B-company")."""
    offsets = {token.idx: token.i for token in doc}

    def tokens(start: int, end: int) -> tuple[int, int] | None:
        first = offsets.get(start)
        return None if first is None else (first, offsets.get(end, len(doc)))

    found = list(sentence_candidates(doc))
    readings = {}
    merged = []
    for c in merge_candidates(found):
        at = tokens(c.start, c.end)
        if at is not None and c.label != "Role":
            merged.append((*at, f"{c.label}@{_SOURCE_TAGS.get(c.source, c.source)}"))
    readings["rule"] = _tags(len(doc), merged)
    for source, tag in _SOURCE_TAGS.items():
        if source == "kg_propagation":
            continue
        spans = [
            (*at, c.label)
            for c in found
            if c.source == source
            if (at := tokens(c.start, c.end)) is not None
        ]
        readings[tag] = _tags(len(doc), _without_overlaps(spans))
    vetoed = []
    for span in doc.spans.get("kg_shape_ruler", []):
        accepted, check = shape_verdict(span)
        if not accepted:
            vetoed.append((span.start, span.end, f"{span.label_}!{check}"))
    readings["vetoed"] = _tags(len(doc), _without_overlaps(vetoed))
    model = [(s.start, s.end, s.label_) for s in doc.spans.get(RAW_KEY, [])]
    readings["cluener_model"] = _tags(len(doc), _without_overlaps(model))
    return readings


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


@Language.factory("kg_readings", assigns=["doc.user_data"])
def make_readings(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Put the rules' and the CLUENER model's readings on a sentence, for ``kg_entity_model``."""

    def readings(doc: Doc) -> Doc:
        doc.user_data[READINGS_KEY] = token_readings(doc)
        return doc

    return readings


_HASHES: dict[tuple[str, str], int] = {}
"""(feature, value) -> the hash of "feature=value": the same values recur on every token, so
each is hashed once (a plain dict: a bounded cache's wrapper cost more than the hashing)."""
_MOST_HASHES = 1_000_000


def _hash(feature: str, value: str) -> int:
    found = _HASHES.get((feature, value))
    if found is None:
        if len(_HASHES) >= _MOST_HASHES:
            _HASHES.clear()  # a long-running server reads unbounded text
        text = f"{feature}={value}"
        found = _HASHES[(feature, value)] = spacy.strings.hash_string(text)  # type: ignore[attr-defined]
    return found


def fact_features(doc: Doc) -> numpy.ndarray:
    """The token features of a sentence (``FEATURES``), hashed: one row per token.

    A sentence nothing annotated (no ``kg_words``, no readings) still gets its characters.
    """
    facts = word_facts(doc)
    size = len(doc)
    readings = doc.user_data.get(READINGS_KEY) or {name: ["O"] * size for name in READINGS}
    if facts is not None:
        chars = facts.norm  # each token's NORM, as kg_words set it: no Token object made
        places = []
        for i, (word, start) in enumerate(zip(facts.word, facts.word_start)):
            last = i + 1 == size or facts.word_start[i + 1]
            place = ("S" if last else "B") if start else ("E" if last else "M")
            places.append(place + str(min(len(word), 4)))
        words, pos = facts.word, facts.pos
        roles = [f"{name}|{head}" for name, head in zip(facts.name, facts.head)]
    else:
        chars = [t.norm_ or t.text for t in doc]
        words = places = pos = roles = [""] * size
    columns = [
        chars,
        words,
        places,
        pos,
        roles,
        [tag.split("@")[0] for tag in readings["rule"]],
        [left + char for left, char in zip(["<", *chars], chars)],
        [char + right for char, right in zip(chars, [*chars[1:], ">"])],
        *(readings[name] for name in READINGS),
    ]
    hashed = numpy.array(
        [[_hash(feature, value) for value in column] for feature, column in zip(FEATURES, columns)],
        dtype="uint64",
    )
    return numpy.ascontiguousarray(hashed.T).reshape((size, len(FEATURES)))


def _fact_feature_layer():
    from thinc.api import Model

    def forward(model, docs, is_train):
        return [
            model.ops.asarray2i(fact_features(doc), dtype="uint64") for doc in docs
        ], lambda d_features: []

    return Model("kg_fact_features", forward)


@spacy.registry.architectures("kg_fact_embed.v1")
def create_fact_embed(width: int, rows: list[int], feature_width: int, maxout_pieces: int = 3):
    """Hash embeddings of the token features (``FEATURES``, one table of ``rows[i]`` rows each,
    ``feature_width`` wide) mixed by a Maxout layer to ``width``: the tok2vec's input for
    ``kg_entity_model``. Narrow tables keep the mixing layer, run on every character, cheap."""
    from thinc.api import (
        HashEmbed,
        Maxout,
        Model,
        chain,
        concatenate,
        list2ragged,
        ragged2list,
        with_array,
    )

    if len(rows) != len(FEATURES):
        raise ValueError(f"kg_fact_embed: {len(FEATURES)} features but {len(rows)} rows")
    embeddings: list[Model] = [
        HashEmbed(feature_width, n, column=i, seed=7 + i, dropout=0.0) for i, n in enumerate(rows)
    ]
    return chain(
        _fact_feature_layer(),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(
            Maxout(width, feature_width * len(rows), nP=maxout_pieces, dropout=0.0, normalize=True)
        ),
        ragged2list(),
    )


def model_config(path: Path) -> dict:
    """The ``kg_entity_model`` component's config from a training config file."""
    config = spacy.util.load_config(path, interpolate=True)
    return dict(config["components"][MODEL_NAME])


def reads_cluener(path: Path) -> bool:
    """Whether a model of this config reads the CLUENER model's labels (``[readings]
    cluener_model``; true when the config does not say). A model that does not is trained and
    run without the CLUENER NER, whose columns (``cluener``, ``cluener_model``) then read "O"."""
    config = spacy.util.load_config(path, interpolate=True)
    return bool(config.get("readings", {}).get("cluener_model", True))
