"""``kg_cluener_ner``: the NER trained on CLUENER2020 (``kg/models/ner``), its labels
mapped to ours (``kg/data/entities/ner_labels.tsv``) and its implausible spans rejected."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.entities.checks import plausible_name
from kg.entities.lexicon import _gazetteer_names, load_table
from kg.entities.words import sentence_texts
from kg.text.normalize import to_simplified

__all__ = ["RAW_KEY", "make_cluener_ner", "ClueNer", "looks_like_place"]

RAW_KEY = "kg_cluener_raw"
"""Where the model's own spans and labels are kept, unfiltered: a learned component reads them."""


@Language.factory("kg_cluener_ner", assigns=["doc.spans"], default_config={"model": ""})
def make_cluener_ner(nlp: Language, name: str, model: str) -> ClueNer:
    """Run the spaCy NER trained on CLUENER2020 (``kg/models/ner``) and keep plausible names."""
    return ClueNer(name, model)


class ClueNer:
    """Wraps a loaded pipeline: its spans become character spans of our character tokens."""

    def __init__(self, name: str, model: str):
        import spacy

        import kg.text.segment  # noqa: F401  registers the tokenizer the model's config names

        self.name = name
        self.model = spacy.load(model)
        self.labels = {row[0]: row[1] for _, row in load_table("ner_labels.tsv", (2, 2))}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        docs = list(docs)
        texts = (sentence_texts(d)[1] for d in docs)  # CLUENER is Simplified; same offsets
        for doc, parsed in zip(docs, self.model.pipe(texts, batch_size=batch_size)):
            spans = []
            raw = (
                doc.char_span(e.start_char, e.end_char, label=e.label_, alignment_mode="expand")
                for e in parsed.ents
            )
            doc.spans[RAW_KEY] = [span for span in raw if span is not None]
            for ent in parsed.ents:
                label = self._label(ent.text, ent.label_)
                span = (
                    doc.char_span(
                        ent.start_char, ent.end_char, label=label, span_id=f"cluener/{ent.label_}"
                    )
                    if label
                    else None
                )
                if span is not None and span[-1]._.kg_head and label in ("Organization", "Place"):
                    span.label_ = span[-1]._.kg_head  # the head decides: 陸路口岸 is a port
                if span is not None and plausible_name(span):
                    spans.append(span)
            doc.spans[self.name] = spans
            yield doc

    def _label(self, text: str, cluener: str) -> str:
        label = self.labels.get(cluener, "-")
        if label == "Place" and not looks_like_place(text):
            return ""
        return "" if label == "-" else label


def looks_like_place(text: str) -> bool:
    """A CLUENER address is a Place only if it is a short named place.

    >>> looks_like_place("南山區"), looks_like_place("深圳市南山區科技園南區1號")
    (True, False)
    """
    norm = to_simplified(text)
    return norm in _gazetteer_names() or (
        2 < len(norm) <= 6 and norm.endswith(("市", "区", "省", "县", "镇", "街道"))
    )
