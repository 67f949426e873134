"""``kg_relation_model``: a relation classifier trained on the annotated corpus; the rules'
statements are among its features, and it decides.

Candidates (``candidate_pairs``) are ordered pairs of entity mentions whose types fit some
predicate (``relations.fits``): in one sentence, in nearby sentences of one paragraph, a title's
body or an event anywhere in the article, and a name inside another name. Each is classified
as any of the seven predicates (a sigmoid each: one pair may hold two) from

- its sentences read by a small character encoder (each character embedded with the type of
  any mention it sits in, then a window CNN; every sentence read once for all its candidates,
  as in spaCy's relation-extraction tutorial), mean-pooled over the subject, the object and the
  words between;
- sparse features: the two types, their order and distance, the characters and cue words
  between them (``kg/data/relations/*.tsv``), the words and cues around each mention, a
  person's title crossed with the ending of the body it is paired with (议员 × 立法会), what the
  rules stated between them, with which rule and how sure.

A predicted probability becomes the statement's confidence; a statement is kept when it is at
least its predicate's threshold, chosen on ``corpus/dev``. The weights ship in
``kg/models/relations`` with a model card; ``kg train`` reproduces them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy
import spacy

from kg.records import PREDICATES
from kg.relations.context import fits
from kg.relations.cues import load_cues
from kg.relations.sentence import SentenceView, SpanView

__all__ = [
    "DEFAULT_MODEL",
    "MODEL_NAME",
    "Pair",
    "candidate_pairs",
    "pair_features",
    "encode_pairs",
    "RelationModel",
    "load_model",
]

DEFAULT_MODEL = Path(__file__).parent.parent / "models" / "relations"
MODEL_NAME = "kg_relation_model"
_CUE_FILES = (
    "proposed",
    "affiliated",
    "located",
    "partof",
    "concerns",
    "cooperates",
    "participated",
)


@dataclass(frozen=True)
class Pair:
    """A candidate: a subject and an object mention, each in its sentence (one sentence, or
    two near each other); ``nested`` when one is a name inside the other's."""

    subject_view: SentenceView
    subject: SpanView
    view: SentenceView  # the object's sentence
    object: SpanView
    nested: bool = False

    @property
    def distance(self) -> int:
        """Sentences from the subject's to the object's."""
        return self.view.sent.index - self.subject_view.sent.index


_NEAR = 2  # sentences apart a pair's two mentions may be, in one paragraph
_ANYWHERE = frozenset({("Person", "Organization"), ("Person", "Event"), ("Organization", "Event")})
"""Type pairs related across a whole article: a title's body or an event named once, far off."""
_FARTHEST = 1_200
"""Characters at most between the sentences of a pair: about the longest article of the corpus the
model learned from (500–1,191 characters, and one of 1,591). Pairs farther apart are outside
almost anything it was trained on, and on a long page of many stories every body would meet
every event (at a cost quadratic in the page)."""


def candidate_pairs(
    views: Sequence[SentenceView], names: Callable[[str], Sequence[str]]
) -> list[Pair]:
    """Ordered pairs of mentions whose types fit some predicate (``fits``): in one sentence, in
    sentences up to ``_NEAR`` apart in one paragraph, the pairs of ``_ANYWHERE`` up to
    ``_FARTHEST`` characters apart, and a name inside a mention's text that
    names another of the document's entities (中國鐵路總公司 in 中國鐵路總公司客運部)."""
    pairs: list[Pair] = []
    seen: set[tuple[int, int, int, int, int, int]] = set()
    keyed = [[s for s in v.spans if s.key] for v in views]
    labels = {s.key: s.label for spans in keyed for s in spans}

    def add(pair: Pair) -> None:
        at = (
            pair.subject_view.sent.index,
            pair.subject.start,
            pair.subject.end,
            pair.view.sent.index,
            pair.object.start,
            pair.object.end,
        )
        s, o = pair.subject, pair.object
        if s.key != o.key and at not in seen and any(fits(p, s.label, o.label) for p in PREDICATES):
            seen.add(at)
            pairs.append(pair)

    first = 0  # the first sentence within _FARTHEST of the current one
    for j, view in enumerate(views):
        while view.sent.start - views[first].sent.end > _FARTHEST:
            first += 1
        for i in range(min(first, max(0, j - _NEAR)), j + 1):
            near = j - i <= _NEAR and views[i].para == view.para
            far = i >= first  # close enough for the pairs of _ANYWHERE
            for s in keyed[i]:
                for o in keyed[j]:
                    if near or i == j or (far and (s.label, o.label) in _ANYWHERE):
                        add(Pair(views[i], s, view, o))
                    if i != j and (near or (far and (o.label, s.label) in _ANYWHERE)):
                        add(Pair(view, o, views[i], s))  # the later mention as the subject
        for outer in keyed[j]:
            for key, label in labels.items():
                if key == outer.key:
                    continue
                for name in names(key):
                    at = outer.text.find(name) if len(name) >= 2 else -1
                    if at > 0 or (at == 0 and len(name) < len(outer.text)):
                        inner = SpanView(
                            outer.start + at, outer.start + at + len(name), label, key, name
                        )
                        add(Pair(view, inner, view, outer, nested=True))
                        add(Pair(view, outer, view, inner, nested=True))
                        break
    return pairs


@cache
def _cue_index() -> tuple[dict[str, tuple[str, ...]], tuple[int, ...]]:
    """Every cue (Simplified) with its "file:kind"s, and the cue lengths, longest first: a
    text's cues are found by looking its substrings of those lengths up."""
    kinds: dict[str, set[str]] = {}
    for name in _CUE_FILES:
        for c in load_cues(name):
            kinds.setdefault(c.text, set()).add(f"{name}:{c.kind}")
    index = {cue: tuple(sorted(k)) for cue, k in kinds.items()}
    return index, tuple(sorted({len(cue) for cue in index}, reverse=True))


@lru_cache(maxsize=4096)
def _cue_hits(masked: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, cue, kind) of every cue that occurs in a sentence's masked fold: found once
    a sentence, since its candidates read the cues of many stretches of it."""
    index, lengths = _cue_index()
    return tuple(
        (i, i + n, masked[i : i + n], kind)
        for n in lengths
        for i in range(len(masked) - n + 1)
        for kind in index.get(masked[i : i + n], ())
    )


def _cues_in(masked: str, start: int, end: int) -> set[tuple[str, str]]:
    """(cue, kind) of every cue that occurs in ``masked[start:end]``."""
    return {(cue, kind) for i, j, cue, kind in _cue_hits(masked) if start <= i and j <= end}


def _bucket(n: int) -> str:
    return (
        str(n) if n < 4 else "4-7" if n < 8 else "8-15" if n < 16 else "16-31" if n < 32 else "32+"
    )


@lru_cache(maxsize=65536)
def _mention_context(fold: str, masked: str, start: int, end: int) -> tuple[tuple[str, str], ...]:
    """(feature, value) of a mention's surroundings: two characters either side, its last
    character, and the cue kinds right before it and within eight characters after it. A
    mention meets many partners, so this is worked out once."""
    index, lengths = _cue_index()
    found = [("before", fold[max(0, start - 2) : start]), ("after", fold[end : end + 2])]
    found.append(("last-char", fold[start:end][-1:]))
    for n in lengths:
        if n <= 8 and end + n <= len(masked):
            found += [("cue-after", kind) for kind in index.get(masked[end : end + n], ())]
        if start >= n:
            found += [("cue-before", kind) for kind in index.get(masked[start - n : start], ())]
    return tuple(found)


_TITLE_KINDS = frozenset({"affiliated:title", "affiliated:head", "affiliated:byline"})
"""The cue kinds of ``_cue_index`` that are title words (议员, 省长, 记者)."""


@lru_cache(maxsize=65536)
def _titles_at(fold: str, start: int, end: int) -> tuple[str, ...]:
    """The title words written right before or right after a mention (议员林健锋, 林健锋议员)."""
    index, lengths = _cue_index()
    found = []
    for n in lengths:
        before = fold[start - n : start] if start >= n else ""
        after = fold[end : end + n] if end + n <= len(fold) else ""
        found += [
            word for word in (before, after) if _TITLE_KINDS.intersection(index.get(word, ()))
        ]
    return tuple(found)


def _title_and_body(pair: Pair) -> list[str]:
    """A member's title crossed with the ending of the candidate body (议员 × 立法会, 省长 ×
    省政府): a title names the kind of body it is held in, wherever the text names that body."""
    s, o = pair.subject, pair.object
    if s.label != "Person" or o.label != "Organization":
        return []
    body = pair.view.fold[o.start : o.end]
    return [
        f"title-body={title}|{body[-n:]}"
        for title in _titles_at(pair.subject_view.fold, s.start, s.end)
        for n in (1, 2, 3)
    ]


def pair_features(
    pair: Pair, rules: dict[tuple[str, str], list[tuple[str, str, float]]]
) -> list[str]:
    """The sparse features of a candidate: types, order, distance, the words and cues between,
    the words around each mention, a title crossed with a body, and the rules' statements about
    it (``rules``: (subject, object) -> (predicate, rule id, confidence))."""
    s, o, view = pair.subject, pair.object, pair.view
    features = [
        f"types={s.label}>{o.label}",
        f"s={s.label}",
        f"o={o.label}",
        f"sentences-apart={pair.distance}",
    ]
    if pair.nested:
        features.append(
            "nested=" + ("s-in-o" if o.start <= s.start and s.end <= o.end else "o-in-s")
        )
        masked, lo, hi = "", 0, 0
        between = ""
    elif pair.distance == 0:
        first, last = (s, o) if s.start <= o.start else (o, s)
        features.append("order=" + ("so" if s.start <= o.start else "os"))
        masked, lo, hi = view.masked, first.end, max(first.end, last.start)
        between = masked[lo:hi]
        features.append("gap=" + _bucket(len(between)))
        inside = [x for x in view.spans if first.end <= x.start and x.end <= last.start]
        features.append("mentions-between=" + _bucket(len(inside)))
        features += [f"between-type={x.label}" for x in inside]
        features.append("same-clause=" + str(not any(ch in "，,；;。" for ch in between)))
    else:
        order = "so" if pair.distance > 0 else "os"
        features.append("order=" + order)
        later = view if pair.distance > 0 else pair.subject_view
        mention = o if pair.distance > 0 else s
        masked, lo, hi = later.masked, 0, mention.start
        between = masked[lo:hi]
        features.append("later-opens-with-mention=" + str(not between.strip()))
    text = between.replace("\x00", "_")
    short = text if len(text) <= 24 else text[:12] + "…" + text[-12:]
    features += [f"between-char={ch}" for ch in set(short)]
    features += [f"between-pair={short[i : i + 2]}" for i in range(len(short) - 1)]
    features.append("between-exact=" + (text if len(text) <= 6 else "long"))
    for name, span, sentence in (("s", s, pair.subject_view), ("o", o, view)):
        features += [
            f"{feature}-{name}={value}"
            for feature, value in _mention_context(
                sentence.fold, sentence.masked, span.start, span.end
            )
        ]
    features += _title_and_body(pair)
    for cue, kind in _cues_in(masked, lo, hi):
        features += [f"cue={kind}", f"cue={kind}:{cue}"]
    for predicate, rule, confidence in rules.get((s.key, o.key), []):
        features += [
            f"rule={predicate}",
            f"rule-id={rule}",
            f"rule-conf={predicate}:{round(confidence, 1)}",
        ]
    for predicate, _, _ in rules.get((o.key, s.key), []):
        features.append(f"rule-reversed={predicate}")
    return features


@cache
def _hash(value: str) -> int:
    return spacy.strings.hash_string(value)  # type: ignore[attr-defined]


def _sentence_input(view: SentenceView) -> numpy.ndarray:
    """The characters of a sentence for the encoder: each character (Simplified fold) and the
    type of the mention it is in, hashed; one row a character."""
    inside = {i: span.label for span in view.spans for i in range(span.start, span.end)}
    return numpy.array(
        [[_hash("c=" + ch), _hash("t=" + inside.get(i, ""))] for i, ch in enumerate(view.fold)],
        dtype="uint64",
    ).reshape(-1, 2)


def encode_pairs(pairs: Sequence[Pair], rules: dict) -> list[tuple]:
    """Each candidate as the model reads it: (sparse feature ids, the sentences it spans, and
    the subject, the object and the words between as (sentence, start, end) regions). The
    sentences of a document are shared by its candidates, so the encoder reads each once."""
    sentences: dict[int, numpy.ndarray] = {}

    def sentence(view: SentenceView) -> numpy.ndarray:
        if view.sent.index not in sentences:
            sentences[view.sent.index] = _sentence_input(view)
        return sentences[view.sent.index]

    encoded = []
    for pair in pairs:
        s, o = pair.subject, pair.object
        if pair.distance == 0:
            read: tuple[numpy.ndarray, ...] = (sentence(pair.view),)
            s_at = o_at = 0
            first, last = (s, o) if s.start <= o.start else (o, s)
            between = (0, first.end, max(first.end, last.start))
        else:
            read = (sentence(pair.subject_view), sentence(pair.view))
            s_at, o_at = 0, 1
            later, mention = (1, o) if pair.distance > 0 else (0, s)
            between = (later, 0, mention.start)
        sparse = numpy.array(sorted({_hash(f) for f in pair_features(pair, rules)}), dtype="uint64")
        encoded.append((sparse, read, ((s_at, s.start, s.end), (o_at, o.start, o.end), between)))
    return encoded


def build_model(
    width: int = 64,
    sparse_rows: int = 50_000,
    char_rows: int = 8_000,
    hidden: int = 128,
    depth: int = 2,
    dropout: float = 0.0,
):
    """The thinc model: a batch of ``encode_pairs`` outputs -> one logit per predicate.

    The sparse features are embedded and summed. Each sentence of the batch is read once by
    the character encoder (character and mention type embedded, then a residual window CNN of
    ``depth`` layers) and its rows are mean-pooled over each candidate's subject, object and
    the words between; both parts go through a hidden ReLU layer to the logits.
    """
    from thinc.api import (
        Dropout,
        HashEmbed,
        Linear,
        Maxout,
        Model,
        Relu,
        chain,
        concatenate,
        expand_window,
        residual,
        with_array,
    )

    sparse_embed: Model = HashEmbed(hidden, sparse_rows, seed=1)
    char_encoder: Model = with_array(
        chain(
            concatenate(
                HashEmbed(width, char_rows, column=0, seed=2),
                HashEmbed(width, 500, column=1, seed=3),
            ),
            Maxout(width, width * 2, nP=2, normalize=True),
            *[
                residual(chain(expand_window(1), Maxout(width, width * 3, nP=2, normalize=True)))
                for _ in range(depth)
            ],
        ),
        pad=depth,
    )
    inputs: Model = Model(
        "kg_pair_inputs",
        _inputs_forward,
        init=_inputs_init,
        layers=[sparse_embed, char_encoder],
        dims={"nO": hidden + 3 * width},
        attrs={"width": width},
    )
    return chain(
        inputs,
        Dropout(dropout),
        Relu(hidden, hidden + 3 * width),
        Dropout(dropout),
        Linear(len(PREDICATES), hidden),
    )


def _inputs_init(model, X=None, Y=None):
    """Both branches have every size given: they initialize without data."""
    for layer in model.layers:
        layer.initialize()


def _inputs_forward(model, batch, is_train):
    """Sum of the sparse embeddings, and the encoded sentences mean-pooled over each
    candidate's three regions."""
    ops = model.ops
    sparse_embed, char_encoder = model.layers
    width = model.attrs["width"]
    lengths = [len(b[0]) for b in batch]
    flat = numpy.concatenate([b[0] for b in batch]) if batch else numpy.zeros(0, dtype="uint64")
    vectors, back_sparse = sparse_embed(ops.asarray1i(flat, dtype="uint64"), is_train)
    ends = numpy.cumsum(lengths)
    summed = ops.alloc2f(len(batch), vectors.shape[1])
    for i, n in enumerate(lengths):
        if n:
            summed[i] = vectors[ends[i] - n : ends[i]].sum(axis=0)
    slot = {}
    sentences = []
    for item in batch:
        for array in item[1]:
            if id(array) not in slot:
                slot[id(array)] = len(sentences)
                sentences.append(ops.asarray2i(array, dtype="uint64"))
    encoded, back_chars = char_encoder(sentences, is_train)
    regions = [
        (slot[id(item[1][at])], lo, hi, which)
        for item in batch
        for which, (at, lo, hi) in enumerate(item[2])
    ]
    pooled = ops.alloc2f(len(batch), 3 * width)
    for n, (k, lo, hi, which) in enumerate(regions):
        if hi > lo:
            pooled[n // 3, which * width : (which + 1) * width] = encoded[k][lo:hi].mean(axis=0)
    output = ops.xp.hstack([summed, pooled])

    def backprop(d_output):
        d_summed, d_pooled = d_output[:, : summed.shape[1]], d_output[:, summed.shape[1] :]
        d_vectors = ops.alloc2f(*vectors.shape)
        for i, n in enumerate(lengths):
            if n:
                d_vectors[ends[i] - n : ends[i]] += d_summed[i]
        back_sparse(d_vectors)
        d_encoded = [ops.alloc2f(*e.shape) for e in encoded]
        for n, (k, lo, hi, which) in enumerate(regions):
            if hi > lo:
                d_encoded[k][lo:hi] += d_pooled[n // 3, which * width : (which + 1) * width] / (
                    hi - lo
                )
        back_chars(d_encoded)
        return batch

    return output, backprop


def sigmoid(logits) -> numpy.ndarray:
    """The classifier's probabilities from its logits, one sigmoid per predicate, in training
    and extraction alike. A very negative logit overflows ``exp`` to infinity, which gives the
    right 0, so numpy's overflow warning is off."""
    with numpy.errstate(over="ignore"):
        return 1.0 / (1.0 + numpy.exp(-numpy.asarray(logits)))


def probabilities(model, encoded: list[tuple]) -> numpy.ndarray:
    """Per-predicate probabilities (candidates × ``PREDICATES``) of the classifier ``model``
    for ``encode_pairs``' candidates."""
    if not encoded:
        return numpy.zeros((0, len(PREDICATES)), dtype="float32")
    return sigmoid(model.predict(encoded))


class RelationModel:
    """The trained classifier and its per-predicate thresholds."""

    def __init__(self, model, thresholds: dict[str, float], version: str = ""):
        self.model, self.thresholds, self.version = model, thresholds, version

    def predict(self, encoded: list[tuple]) -> numpy.ndarray:
        """Probabilities (candidates × ``PREDICATES``) of ``encode_pairs``' candidates."""
        return probabilities(self.model, encoded)

    def to_disk(self, folder: Path, meta: dict) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "model.bin").write_bytes(self.model.to_bytes())
        (folder / "meta.json").write_text(
            json.dumps({**meta, "thresholds": self.thresholds}, ensure_ascii=False, indent=1)
            + "\n",
            encoding="utf-8",
        )

    @classmethod
    def from_disk(cls, folder: Path) -> RelationModel:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        model = build_model(**meta["architecture"])
        model.from_bytes((folder / "model.bin").read_bytes())
        return cls(model, meta["thresholds"], meta.get("version", ""))


@cache
def load_model(folder: Path = DEFAULT_MODEL) -> RelationModel | None:
    """The shipped relation model, or None when none is (the rules decide alone)."""
    return RelationModel.from_disk(folder) if (folder / "meta.json").exists() else None
