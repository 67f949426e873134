"""``kg_list_ruler``: members of an enumeration typed by the class noun that closes it
(華為、騰訊等企業), headed items of a list, and the subject of a clause that founds a body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.entities.checks import _looks_like_brand, _shape_ok
from kg.entities.lexicon import (
    _CONJUNCTIONS,
    _FUNCTION_CHARS,
    _NOT_IN_A_NAME,
    _PUNCT,
    _gazetteer_names,
    _suffix_label,
    load_heads,
    load_table,
    load_words,
)
from kg.entities.words import _tokens, sentence_texts
from kg.text.normalize import to_simplified

__all__ = ["make_list_ruler", "ListRuler"]


@cache
def _founding_clause() -> re.Pattern:
    """A clause that ends in a founding verb (data/entities/founding.txt), its subject as group 1."""
    verbs = "|".join(sorted(load_words("founding.txt"), key=len, reverse=True))
    return re.compile(
        rf"(?:^|(?<=[，。；：！？,;:!?]))([^，。；：！？,;:!?「」《》“”]{{4,40}}?)"
        rf"(?:正式|同时|同日)?(?:{verbs})(?=[，。；：！？,;:!?]|$)"
    )


@Language.factory("kg_list_ruler", assigns=["doc.spans"], default_config={"max_item": 12})
def make_list_ruler(nlp: Language, name: str, max_item: int) -> ListRuler:
    """華為、騰訊等企業 -> two Organizations; 羅湖、皇崗等口岸 -> two Ports."""
    return ListRuler(name, max_item=max_item)


_NOT_OF = "[\u4e00-\u7683\u7685-\u9fff]"
"""A Chinese character other than 的: 甲、乙等部門的企業 closes no list of 企業."""


class ListRuler:
    """Class nouns and their types come from ``data/entities/list_classes.tsv``; the closing
    needs a marker of enumeration (等, 這樣的) before the class noun, or an exact count
    (四家) after two members or more."""

    def __init__(self, name: str, max_item: int):
        self.name, self.max_item = name, max_item
        classes = {
            to_simplified(row[0]): row[1] for _, row in load_table("list_classes.tsv", (2, 2))
        }
        nouns = "|".join(sorted(map(re.escape, classes), key=len, reverse=True))
        self.classes = classes
        self.closing = re.compile(
            rf"(?:等等|等|这样的|这样)(?:[一二三四五六七八九十两\d]+[家个所座])?"
            rf"{_NOT_OF}{{0,6}}?({nouns})"
            rf"|[一二三四五六七八九十两\d]+[家个所座][\u4e00-\u9fff]{{0,6}}?({nouns})"
        )

    def __call__(self, doc: Doc) -> Doc:
        norm = sentence_texts(doc)[1]
        spans, labels, closed = [], set(), set()
        for match in self.closing.finditer(norm):
            label = self.classes[match.group(1) or match.group(2)]
            members = self._members(doc, match.start())
            if match.group(2) and len(members) < 2:
                continue  # a bare count (四家企業) closes a list, not a single name
            labels.add(label)
            closed.add(match.start())
            for start, end in members:
                if label == "Initiative" and end - start < 4:
                    continue  # 稅收、土地等政策: a policy is named by a phrase, not one word
                span = doc.char_span(start, end, label=label, span_id="enumeration")
                if span is not None:
                    spans.append(span)
        if len(labels) == 1:
            spans.extend(self._parallel_lists(doc, norm, labels.pop(), closed))
        spans.extend(self._headed_items(doc, norm))
        spans.extend(self._founded_bodies(doc, norm))
        doc.spans[self.name] = spans
        return doc

    def _parallel_lists(self, doc: Doc, norm: str, label: str, closed: set[int]) -> Iterator[Span]:
        """A sentence that lists 甲、乙這樣的企業, then 丙、丁這樣的 something else repeats
        its frame: brand-like members of the unclosed list are of the same class (比亞迪、富士康
        這樣大規模的應用場景, after 華為、騰訊這樣的企業)."""
        for match in re.finditer(r"等等|等|这样", norm):
            if match.start() in closed:
                continue
            members = [
                doc.char_span(start, end, label=label, span_id="parallel-enumeration")
                for start, end in self._members(doc, match.start())
            ]
            named = [m for m in members if m is not None]
            if (
                len(members) >= 2
                and len(named) == len(members)
                and all(map(_looks_like_brand, named))
            ):
                yield from named

    def _headed_items(self, doc: Doc, norm: str) -> Iterator[Span]:
        """Items of a 、-list that end with a head are names of the head's type, whole:
        the list's punctuation marks their edges (…有限公司、五邑大學、華南理工大學等)."""
        for clause in re.finditer(r"[^，。；：？！,;:?!\s「」《》“”（）()]+", norm):
            items = re.split(r"[、+＋]", clause.group())
            if len(items) < 2:
                continue
            start = clause.start()
            for i, item in enumerate(items):
                end = start + len(item)
                if i == len(items) - 1 and "等" in item:
                    end = start + item.index("等")
                item_start = start if i else _first_member_start(doc, start, end)
                span = doc.char_span(item_start, end) if item_start is not None else None
                if (
                    span
                    and span[-1]._.kg_head
                    and 3 <= len(span.text) <= self.max_item + 8
                    and span[0]._.kg_name not in ("verb", "conj")
                    and all(t._.kg_name or t._.kg_pos == "m" for t in span)
                ):
                    named = Span(
                        doc,
                        span.start,
                        span.end,
                        label=span[-1]._.kg_head,
                        span_id="headed-list-item",
                    )
                    if _shape_ok(named):
                        yield named
                start += len(item) + 1

    def _founded_bodies(self, doc: Doc, norm: str) -> Iterator[Span]:
        """A body founded in a clause of its own is named by the whole subject, from the
        clause's start to its head: ；甲乙、丙丁與戊己設施用戶委員會成立； names one committee
        (list punctuation and 與 join parts of its name), 某某中心（華南）某某分中心揭牌 one
        branch. The subject holds only name words (no particle, adverb, pronoun, time word or
        count) and is not a list of places (甲市、乙市兩地商會) or of bodies (甲協會、乙商會)."""
        heads = load_heads()
        for clause in _founding_clause().finditer(norm):
            span = doc.char_span(*clause.span(1), label="Organization", span_id="founded-body")
            text = to_simplified(span.text) if span is not None else ""
            if (
                span is None
                or span[-1]._.kg_head != "Organization"
                or not span[0]._.kg_word_start
                or any(c in _FUNCTION_CHARS - _CONJUNCTIONS for c in text)
            ):
                continue
            words = [
                t
                for t in span
                if t._.kg_word_start
                and t._.kg_word not in _CONJUNCTIONS
                and t.norm_ not in "、（）()"
            ]
            pieces = re.split(r"[、（）()]", text)
            items = text.split("、")
            if any(
                t._.kg_pos in _NOT_IN_A_NAME or (t._.kg_pos == "m" and t._.kg_name != "ordinal")
                for t in words
            ) or any(
                item in _gazetteer_names() or _suffix_label(item, heads) for item in items[:-1]
            ):
                continue
            if len(words) >= 3 and (_shape_ok(span) or len(pieces) > 1):
                yield span

    def _members(self, doc: Doc, end: int) -> list[tuple[int, int]]:
        """(start, end) of the 、-separated items that end at ``end``, last to first.

        Items between two 、 are taken whole (company names are often words the tagger does
        not know); the first item starts after the verb or word that introduces the list."""
        text, members = sentence_texts(doc)[0], []
        while end > 0:
            start = end
            while start > 0 and text[start - 1] not in _PUNCT:
                start -= 1
            if start == 0 or text[start - 1] != "、":
                quoted = _quoted_lead(text, start)
                first = quoted if quoted != start else _first_member_start(doc, start, end)
                if first is None:
                    break
                start = first
            if not 2 <= end - start <= self.max_item:
                break
            members.append((start, end))
            if start == 0 or text[start - 1] != "、":
                break
            end = start - 1
        return members


def _quoted_lead(text: str, start: int) -> int:
    """Start of a member that opens with a short quoted word (「甲乙」管理、丙丁管理等政策)."""
    if start and text[start - 1] in "」”":
        opening = text.rfind("「" if text[start - 1] == "」" else "“", 0, start - 1)
        if (
            opening != -1
            and 1 <= start - 1 - opening - 1 <= 8
            and not any(c in _PUNCT for c in text[opening + 1 : start - 1])
        ):
            return opening
    return start


def _first_member_start(doc: Doc, start: int, end: int) -> int | None:
    """Start of the first member: the run of name-like words before ``end``, through verbs
    only at its tail (大疆創新: the tagger calls 創新 a verb; 坐擁羅湖 stops at 坐擁)."""
    first, named = None, False
    for token in reversed(_tokens(doc, start, end)):
        role = token._.kg_name
        if role in ("lead", "inner", "ordinal") and token._.kg_word not in load_words(
            "list_openers.txt"
        ):
            named = True
        elif token._.kg_pos != "v" or named:
            break
        if token._.kg_word_start:
            first = token.idx
    return first if named else None
