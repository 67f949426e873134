"""``kg_quote_ruler``: names an author marks with 「」《》“”『』, typed by the head word
that follows or ends them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.entities.lexicon import (
    _CLAUSE_PUNCT,
    _PERSON_TAGS,
    _PROPER,
    _QUOTE_CHARS,
    _proper_heads,
    _suffix_label,
    load_heads,
    load_words,
)
from kg.entities.words import _quote_pairs, _tokens, sentence_texts

__all__ = ["make_quote_ruler", "QuoteRuler"]


@Language.factory(
    "kg_quote_ruler",
    assigns=["doc.spans"],
    default_config={"max_length": 20, "max_title_length": 40},
)
def make_quote_ruler(
    nlp: Language, name: str, max_length: int, max_title_length: int
) -> QuoteRuler:
    """Names inside 「」《》“”『』, typed by the head word that follows (or ends) them."""
    return QuoteRuler(name, max_length=max_length, max_title_length=max_title_length)


class QuoteRuler:
    """「灣區通」工程 -> Initiative; 《…措施》 -> Initiative; bare 「跨境理財通」 -> Initiative
    when it reads like a programme name (``_reads_like_programme``); 《》 may hold a long
    document title, and so may other quotes that a head word types (「…」活動), else they
    hold a short name."""

    def __init__(self, name: str, max_length: int, max_title_length: int):
        self.name, self.max_length, self.max_title_length = name, max_length, max_title_length

    def __call__(self, doc: Doc) -> Doc:
        spans = [span for span in self._spans(doc) if span is not None]
        doc.spans[self.name] = spans
        return doc

    def _spans(self, doc: Doc) -> Iterator[Span | None]:
        text, norm = sentence_texts(doc)
        heads = load_heads()
        for open_at, close_at in _quote_pairs(text):
            inner = norm[open_at + 1 : close_at]
            if len(inner) < 2 or any(c in _CLAUSE_PUNCT for c in inner):
                continue
            head = _head_after(doc, close_at + 1)
            subtitled = _subtitled_event(inner, heads)
            titled = text[open_at] == "《" or head is not None or subtitled  # a whole name
            if len(inner) > (self.max_title_length if titled else self.max_length):
                continue
            if head is not None:
                yield doc.char_span(
                    open_at,
                    head.idx + len(head),
                    label=_quoted_label(head),
                    span_id="quoted-then-head",
                    alignment_mode="expand",
                )
            elif _short_form_of(norm, open_at, heads):
                yield doc.char_span(
                    open_at,
                    close_at + 1,
                    alignment_mode="expand",
                    span_id="quoted-short-form",
                    label=_short_form_of(norm, open_at, heads),
                )
            elif subtitled:
                yield doc.char_span(
                    open_at,
                    close_at + 1,
                    label="Event",
                    alignment_mode="expand",
                    span_id="event-and-theme",
                )
            elif edition := _EDITION_BEFORE.search(norm, 0, open_at):
                yield doc.char_span(
                    edition.start(),
                    close_at + 1,
                    label="Event",
                    span_id="edition-before-quote",
                    alignment_mode="expand",
                )
            elif text[open_at] != "《" and _NUMBERED_PLAN.fullmatch(inner):
                yield doc.char_span(
                    open_at,
                    close_at + 1,
                    label="Initiative",
                    span_id="numbered-plan",
                    alignment_mode="expand",
                )
            elif text[open_at] == "《" or _quoted_name_of_type(inner, heads):
                label = _label_of_title(inner, heads)
                if label:
                    yield doc.char_span(
                        open_at,
                        close_at + 1,
                        label=label,
                        span_id="titled-name",
                        alignment_mode="expand",
                    )
            elif _reads_like_programme(doc, inner, open_at + 1, close_at):
                yield doc.char_span(
                    open_at,
                    close_at + 1,
                    label="Initiative",
                    span_id="programme-name",
                    alignment_mode="expand",
                )


_SHORT_FORM = re.compile(r"[（(](?:以下|下文)?(?:简称|下称|称)[为:：]?$")


def _short_form_of(norm: str, open_at: int, heads: dict[str, str]) -> str:
    """Type of the name a quoted short form abbreviates: …專利大賽（簡稱「灣高賽」） is an
    Event, as the name before the bracket ends in 大賽; "" if there is no such name."""
    match = _SHORT_FORM.search(norm[max(0, open_at - 6) : open_at])
    if match is None:
        return ""
    paren = open_at - (len(norm[max(0, open_at - 6) : open_at]) - match.start())
    return _suffix_label(norm[max(0, paren - 6) : paren], heads, shortest=2)


_NUMBERED_PLAN = re.compile(r"(?:[一二三四五六七八九十两]+[^一二三四五六七八九十两]{1,3}){2,}")
"""A numbered layout or plan (「一核兩翼」, 「一軸兩帶三組團」): an Initiative, even when its
last part is a head of another type (組團)."""


_EDITION_BEFORE = re.compile(
    r"(?:(?:19|20)\d{2}年(?:度)?)?(?:第[0-9一二三四五六七八九十百]+|首)[届场]$"
)
"""An edition right before a quote (2022年第五場「委員議事廳」, 第三屆「灣區杯」): a quoted name
that is counted in editions or sittings is an event, and the edition is part of its name."""


def _subtitled_event(inner: str, heads: dict[str, str]) -> bool:
    """「香港深圳投資交流會——金融及現代服務業專題」: an event's name, a dash and its theme."""
    title, dash, theme = inner.partition("——")
    return bool(dash and theme) and _suffix_label(title, heads, shortest=2) == "Event"


def _quoted_name_of_type(inner: str, heads: dict[str, str]) -> bool:
    """A quoted name ending in a specific head of a type other than Initiative
    (「蓮塘文化節」): not a one-character head, nor a common one such as 中心."""
    label = _suffix_label(inner, heads, shortest=2)
    return label not in ("", "Initiative") and not any(
        inner.endswith(head) for head in _proper_heads()
    )


def _quoted_label(head: Token) -> str:
    """A quoted brand before a facility head (「某某」展銷中心) names a place-like Platform, not
    a body."""
    if head._.kg_head == "Organization" and head._.kg_word in _proper_heads():
        return "Platform"
    return head._.kg_head


def _head_after(doc: Doc, start: int, reach: int = 8) -> Token | None:
    """Last token of a head that follows a closing quote through up to ``reach`` name or verb
    characters, but no other quote: 「互聯網+」未來科技城, 「圳創手信」展銷中心,
    「數智科技+人文關懷」雙輪驅動養老模式, not “某某助手”接入基層社; None if there is none."""
    last, verb = None, False
    for i, token in enumerate(_tokens(doc, start, start + reach + 6)):
        if token._.kg_head:
            last = token
        elif (
            last is not None
            or i >= reach
            or token.norm_ in _QUOTE_CHARS
            or token._.kg_name not in ("lead", "inner", "verb")
        ):
            break
        elif token._.kg_name == "verb":
            verb = True
        elif verb:
            break  # a verb may type the head (展銷中心), else it opens a clause (接入基層社)
    return last


def _label_of_title(inner: str, heads: dict[str, str]) -> str:
    """《…》 names a document (an Initiative) if it ends like one (《…若干措施》, 《…的建議》),
    else what its head says (《大公報》), else nothing (a book or film): ""."""
    documents = load_words("document_heads.txt")
    if any(inner.endswith(head) for head in documents):
        return "Initiative"
    return _suffix_label(inner, heads)


_THEME_OR_SECTIONS = re.compile(r"为主题|主题|[两三四五六七八九十]大")


def _reads_like_programme(doc: Doc, inner: str, start: int, end: int) -> bool:
    """A bare quoted phrase is an Initiative if it reads as a name, not an emphasised word
    (「物理通道」, 「集結號」): three characters or more, not a title, ranking or generic word,
    not a list of things (「甲和乙」) or a span of time (「三年倍增」), not a theme (以「…」為主題)
    or a set of sections (「…」三大板塊), and with a mark of a
    programme name: a numeral (「七通一平」), an enumeration (「共建、共管、共享」), Latin
    letters or digits, a proper name (「深港通」; not a person's name, the tag the tagger gives
    a coined word: 「高精尖」), or an initiative head or 通 at the end (「跨境理財通」)."""
    if len(inner) < 3 or inner in load_words("titles.txt") or inner in load_words("generic.txt"):
        return False
    if any(cue in inner for cue in load_words("not_programme.txt")):
        return False
    if re.fullmatch(r"[\d\W_]+", inner):
        return False
    tokens = _tokens(doc, start, end)
    if any(t._.kg_pos == "ul" for t in tokens):
        return False  # 了 marks quoted speech (「我現在來到了…」), not a name
    if "和" in inner or re.search(r"[一二三四五六七八九十两\d][年次]", inner):
        return False
    if _THEME_OR_SECTIONS.match(sentence_texts(doc)[1][end + 1 : end + 5]):
        return False  # 以「…」為主題: a theme; 「活力、科創、穿越」三大板塊: sections
    return (
        bool(re.search(r"[一二三四五六七八九十百两\d、·A-Za-z]", inner))
        or inner.endswith("通")
        or _suffix_label(inner, load_heads()) == "Initiative"
        or any(t._.kg_pos in _PROPER - _PERSON_TAGS for t in tokens)
    )
