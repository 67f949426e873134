"""``kg_topic_ruler``: what a proposal is about (關於X的建議 → X, an Initiative)."""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.entities.lexicon import load_words
from kg.entities.words import _tokens, sentence_texts

__all__ = ["make_topic_ruler", "TopicRuler"]


@Language.factory("kg_topic_ruler", assigns=["doc.spans"], default_config={"max_length": 30})
def make_topic_ruler(nlp: Language, name: str, max_length: int) -> TopicRuler:
    """關於X的建議 / 提案 / 議案: X, as an Initiative."""
    return TopicRuler(name, max_length=max_length)


_TOPIC_OPENERS = frozenset({"v", "vd", "d", "ad", "p", "c"})


class TopicRuler:
    """A delegate's proposal is named by its subject, often without quotes:
    分享了關於加速推進前海與香港規則機制一體化融合的提案 proposes 前海與香港規則機制一體化融合;
    the verbs that open the subject (加速推進) say what to do with it and stay out. A subject
    listing several things (X、Y) is several proposals, and 《關於…的建議》 is the quote
    ruler's whole title."""

    def __init__(self, name: str, max_length: int):
        self.name, self.max_length = name, max_length

    def __call__(self, doc: Doc) -> Doc:
        norm = sentence_texts(doc)[1]
        spans = []
        for match in _topic_pattern(self.max_length).finditer(norm):
            if match.start() and norm[match.start() - 1] == "《":
                continue
            tokens = list(_tokens(doc, *match.span(1)))
            while tokens and (not tokens[0].norm_.strip() or tokens[0]._.kg_pos in _TOPIC_OPENERS):
                tokens.pop(0)
            if len(tokens) >= 4 and tokens[0]._.kg_word_start:
                spans.append(
                    Span(
                        doc,
                        tokens[0].i,
                        tokens[-1].i + 1,
                        label="Initiative",
                        span_id="about-proposal",
                    )
                )
        doc.spans[self.name] = spans
        return doc


@cache
def _topic_pattern(max_length: int) -> re.Pattern[str]:
    heads = "|".join(sorted(load_words("topic_heads.txt"), key=len, reverse=True))
    return re.compile(
        rf"关于([^，。；：、！？《》]{{2,{max_length}}}?)的"
        rf"(?:[一二三四五六七八九十两几多\d]+[点项条个份])?(?:{heads})"
    )
