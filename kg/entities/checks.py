"""The vetoes: checks a span must pass to be a name (a shape's stem, a model's span, a brand).

A rule proposes; these checks say no, each for a reason of the language (a counted noun is a
class, a verb between two heads is a clause, a place and a generic word describe).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from kg.entities.lexicon import (
    _ACRONYM,
    _CLAUSE_PUNCT,
    _CONJUNCTIONS,
    _FUNCTION_CHARS,
    _OPENERS,
    _PERSON_TAGS,
    _PLACE_LIKE,
    _PROPER,
    _SCOPE_WORDS,
    _abstract_heads,
    _brand_heads,
    _cities,
    _gazetteer_names,
    _governed_heads,
    _proper_heads,
    closed_class,
    load_words,
)
from kg.entities.person import _holds_title
from kg.entities.words import _dictionary_tag, _is_hanzi, _posseg, _quote_pairs, sentence_texts
from kg.text.normalize import to_simplified

__all__ = ["plausible_name", "ShapeFacts", "ShapeCheck", "SHAPE_CHECKS", "shape_verdict"]

_ADMIN_ENDINGS = tuple(sorted(closed_class("admin_endings")))


def _ends_in_place(stem: list[Token]) -> bool:
    """深圳市, 埃及 (a word the tagger took with 政府 as one body), 施羅普郡地方 name a
    place; 德勤管理諮詢 (a firm's practice) does not."""
    words = [t for t in stem if t._.kg_word_start]
    return any(
        t._.kg_pos in ("ns", "nt")
        or t._.kg_word in _gazetteer_names()
        or t._.kg_word.endswith(_ADMIN_ENDINGS)
        for t in words
    )


def plausible_name(span: Span) -> bool:
    """Reject model spans that are phrases, not names: opening with a generic or non-name
    word (深港合作深化), a verb, adverb, particle or clause punctuation inside, a Person
    without a family name, opening with a place (羅湖臨床) or with a byline word on (石某攝),
    a Role that is not a title."""
    norm = to_simplified(span.text)
    if span.label_ == "Person":
        return (
            2 <= len(norm) <= 4
            and _is_hanzi(norm)
            and not _holds_title(norm)
            and any(norm.startswith(s) for s in load_words("surnames.txt"))
            and not any(norm.startswith(place) for place in _gazetteer_names())
            and not any(norm.endswith(cue) for cue in load_words("person_follow.txt"))
        )
    if span.label_ == "Role":
        return norm in load_words("titles.txt")
    if any(c in _CLAUSE_PUNCT for c in span.text):
        return False
    if span[0]._.kg_name not in ("lead", "ordinal") or (
        span[0]._.kg_word in load_words("generic.txt") and not span[-1]._.kg_head
    ):
        return False
    if any(_verb_like(t) for t in span if t._.kg_word_start and not t._.kg_head):
        return False
    return _shape_ok(span) if span[-1]._.kg_head else _looks_like_brand(span)


def _looks_like_brand(span: Span) -> bool:
    """A model name with no head (比亞迪, 雲天勵飛, TCL) must look like a brand: one or two
    words, none generic or a place, each known to the dictionary as a name or, if unknown,
    the whole of three characters or more, not ending in a generic class noun; Latin only
    as an acronym. 人工智能, 香港高校, 深圳羅湖, 國潮, 新興產業 are not brands."""
    text = span.text
    if _ACRONYM.fullmatch(text):
        return True
    words = [t._.kg_word for t in span if t._.kg_word_start]
    if not _is_hanzi(text) or not 2 <= len(text) <= 6 or len(words) > 2:
        return False
    generic, places = load_words("generic.txt"), _gazetteer_names()
    tags = _posseg().word_tag_tab
    unknown = "nz" if len(text) >= 3 else "x"
    norm = to_simplified(text)
    if any(norm.endswith(g) for g in _class_nouns() if len(norm) > len(g)):
        return False  # 新興產業, 科技企業, 嶺南文化: a kind of thing ends in a class noun
    if len(words) == 1 and tags.get(words[0]) == "j" and _joined_to_common_noun(span):
        return False  # 物流和倉儲: coordination joins like with like
    return all(
        w not in generic and w not in places and tags.get(w, unknown)[:2] in ("nr", "nz", "nt", "j")
        for w in words
    )


@cache
def _class_nouns() -> tuple[str, ...]:
    """Generic and heritage words of two characters or more: the endings of a kind of thing."""
    words = load_words("generic.txt") | load_words("heritage.txt")
    return tuple(sorted(w for w in words if len(w) > 1))


def _joined_to_common_noun(span: Span) -> bool:
    """Whether a conjunction joins the span to a common noun before it (物流和倉儲): an
    abbreviation there (jieba's j: 倉儲, 中醫) is a common noun too, not a body's short name.
    A body noun before it (公司與上汽合作) may be a partner, so it does not count."""
    doc, i = span.doc, span.start
    return (
        i >= 2
        and doc[i - 1].norm_ in _CONJUNCTIONS
        and doc[i - 2]._.kg_pos == "n"
        and doc[i - 2]._.kg_word not in load_words("generic.txt")
    )


def _verb_like(token: Token) -> bool:
    """A word that a name cannot contain, by its tag here or in jieba's dictionary (the
    tagger calls 深化 an abbreviation after 合作)."""
    bad = {"v", "d", "p", "c", "u", "r", "uj", "ul", "ud", "uz", "ug"}
    return token._.kg_pos in bad or _dictionary_tag(token) in bad


def _after_adverb(span: Span) -> bool:
    """Whether the word before a shape is an adverb: what follows 共同, 相同 or 亦 is a
    predicate (共同謀劃合作方案), its words open no name."""
    i = span.start - 1
    while i > 0 and not span.doc[i]._.kg_word_start:
        i -= 1
    return i >= 0 and span.doc[i]._.kg_pos == "d"


def _inside_quote(span: Span) -> bool:
    """Whether a span lies inside a quoted phrase and is not all of it: a name inside a quoted
    name (“某某地動儀”, “某某繪畫—奔馬”) is part of that name, as a place inside a body's is."""
    text = sentence_texts(span.doc)[0]
    return any(
        open_at < span.start_char
        and span.end_char <= close_at
        and (open_at + 1, close_at) != (span.start_char, span.end_char)
        for open_at, close_at in _quote_pairs(text)
    )


_COORDINATORS = closed_class("coordinators")


_AREA_WORD = "地区"


def _coordinated(span: Span, accepted: list[Span]) -> bool:
    """A name joined by 和/及/與 to an accepted name with the same head is a name of the
    same kind, even with a short stem: 過境土地B1地塊和橋畔地塊."""
    head = span[_trailing_heads(span) :].text
    stem = span[: _trailing_heads(span)]
    if (
        not accepted
        or len(stem) < 2
        or not stem[0]._.kg_word_start
        or stem[0]._.kg_word in load_words("generic.txt")
    ):
        return False
    before = accepted[-1]
    return (
        before.label_ == span.label_
        and before.end + 1 == span.start
        and span.doc[before.end].norm_ in _COORDINATORS
        and bool(head)
        and before.text.endswith(head)
    )


def _on_word_edges(span: Span) -> bool:
    """A lexicon or model span must start and end where jieba's words do (中山 in 中山大學
    is fine as it starts a word, 中山 inside 集中山區 is not); a place may end where the tagger
    glued 地區 to it (東南亞|地區: the place is the same)."""
    doc = span.doc
    if not span[0]._.kg_word_start:
        return False
    if span.end == len(doc) or doc[span.end]._.kg_word_start:
        return True
    return span.label_ == "Place" and span[0]._.kg_word == to_simplified(span.text) + _AREA_WORD


@dataclass(frozen=True)
class ShapeFacts:
    """What the checks of a shape match read: the span, its stem (the words before its closing
    run of heads) and that run's head word."""

    span: Span
    stem: tuple[Token, ...]
    stem_words: tuple[str, ...]  # the stem's words (Simplified)
    head: str  # the closing head word (Simplified), "" without a stem
    proper: bool  # a proper noun in the stem (jieba's nr/ns/nt/nz/j/eng)

    @classmethod
    def of(cls, span: Span) -> ShapeFacts:
        stem = tuple(span[: _trailing_heads(span)])
        head = "".join(t.norm_ for t in span if t._.kg_head and t.i >= stem[-1].i) if stem else ""
        return cls(
            span,
            stem,
            tuple(t._.kg_word for t in stem if t._.kg_word_start),
            head,
            any(t._.kg_pos in _PROPER for t in stem),
        )

    @property
    def label(self) -> str:
        return self.span.label_


@dataclass(frozen=True)
class ShapeCheck:
    """One check of a shape match: where it ``applies``, whether the match ``is_name``.

    The checks run in order and the first that applies decides; ``id`` is the reason a
    mention or a rejected span carries (``kg explain-entity`` prints it)."""

    id: str
    applies: Callable[[ShapeFacts], bool]
    is_name: Callable[[ShapeFacts], bool]
    example: str


def _never(facts: ShapeFacts) -> bool:
    return False


def _always(facts: ShapeFacts) -> bool:
    return True


SHAPE_CHECKS: tuple[ShapeCheck, ...] = (
    ShapeCheck(
        "clause-verb",
        lambda f: (
            bool(f.stem)
            and (_verb_after_head(f.span, f.stem[-1].i) or _head_then_verb(list(f.stem)))
        ),
        _never,
        "…會議上作政府工作報告: a verb between two heads, or after one, is a clause",
    ),
    ShapeCheck(
        "function-word",
        lambda f: (
            f.span[0].norm_ in _FUNCTION_CHARS | _OPENERS or any(t.norm_ == "了" for t in f.span)
        ),
        _never,
        "由林達集團, 了澤東公司: the tagger glued a function word on",
    ),
    ShapeCheck(
        "opens-with-aside",
        lambda f: f.span[0].norm_ in "(（",
        _never,
        "(業務發展)蔣學禮和…局: an aside closes what came before, it opens no name",
    ),
    ShapeCheck(
        "person-joined",
        lambda f: (
            f.span.id_.startswith("joined") and any(t._.kg_pos in _PERSON_TAGS for t in f.span)
        ),
        _never,
        "蔣學禮和深圳市商務局: a person and a body joined, not one name",
    ),
    ShapeCheck(
        "generic-stem",
        lambda f: all(w in load_words("generic.txt") for w in f.stem_words),
        _never,
        "深港口岸: generic words and a head name nothing",
    ),
    ShapeCheck(
        "place-and-generic",
        lambda f: (
            f.label != "Organization"
            and _places_and_generic_words(list(f.stem), load_words("generic.txt"))
        ),
        _never,
        "河套兩地園區: a place and a generic word describe, they do not name",
    ),
    ShapeCheck(
        "place-practice",
        lambda f: f.head in _abstract_heads() and _place_and_common_word(list(f.stem)),
        _never,
        "香港調解機制 is Hong Kong's mediation, not a named mechanism",
    ),
    ShapeCheck(
        "kind-of-body",
        lambda f: (
            bool(f.stem) and f.stem[-1]._.kg_word.endswith("型") and len(f.stem[-1]._.kg_word) > 1
        ),
        _never,
        "服務型政府, 創新型企業: a kind of body, not a body",
    ),
    ShapeCheck(
        "rank",
        lambda f: any(rank in word for word in f.stem_words for rank in load_words("ranks.txt")),
        _never,
        "國家級製造業創新中心, 省級重點實驗室: a rank names a class",
    ),
    ShapeCheck(
        "status-to-reach",
        lambda f: (
            f.label == "Platform"
            and f.head.endswith("中心")
            and bool(f.stem)
            and f.stem[0]._.kg_word in _SCOPE_WORDS
            and not f.proper
        ),
        _never,
        "把香港打造成國際科技創新中心: a status to reach, no named zone",
    ),
    ShapeCheck(
        "ordinal-stem",
        lambda f: bool(f.stem) and all(t._.kg_name == "ordinal" for t in f.stem),
        lambda f: f.head in _gazetteer_names(),
        "2026年行動方案 names nothing; 2025年施政報告 does (a named series)",
    ),
    ShapeCheck(
        "issuer-verb",
        lambda f: not load_words("issuing.txt").isdisjoint(f.stem_words),
        _never,
        "前海發布引領區行動方案: an issuer, its verb and the document",
    ),
    ShapeCheck(
        "place-verb-place",
        lambda f: f.label in _PLACE_LIKE and _place_verb_place(list(f.stem)),
        _never,
        "深圳對接融合北部都會區 is a clause",
    ),
    ShapeCheck(
        "port-adjective",
        lambda f: (
            f.label == "Port" and any(t._.kg_pos == "a" and len(t._.kg_word) > 1 for t in f.stem)
        ),
        _never,
        "香港|激活|口岸: a port is named by places and nouns, an adjective predicates",
    ),
    ShapeCheck(
        "city-ports",
        lambda f: f.label == "Port" and len(f.stem_words) == 1 and f.stem_words[0] in _cities(),
        _never,
        "深圳口岸工作: a city's ports together, not one port",
    ),
    ShapeCheck(
        "port-described",
        lambda f: f.label == "Port" and any(t._.kg_pos in ("vn", "l") for t in f.stem),
        _never,
        "24小時|通關|陸路口岸, 深港|共同開發|口岸: a kind of port, described",
    ),
    ShapeCheck(
        "zone-described",
        lambda f: f.label == "Platform" and any(t._.kg_pos == "l" for t in f.stem),
        _never,
        "深港|共同開發|口岸經濟帶: a set phrase of action describes the zone",
    ),
    ShapeCheck(
        "practice-not-government",
        lambda f: f.head in _governed_heads() and not _ends_in_place(list(f.stem)),
        _never,
        "德勤管理諮詢政府 (與公共事務行業) is a practice, not a government",
    ),
    ShapeCheck(
        "brand-head",
        lambda f: f.head in _brand_heads() and len(f.stem_words) == 1,
        lambda f: len(f.stem) >= 2 and f.stem[0]._.kg_pos in _PROPER - {"ns"},
        "格力電器 is a brand's company; 深圳科技 is no brand",
    ),
    ShapeCheck(
        "proper-head",
        lambda f: f.head in _proper_heads(),
        lambda f: len(f.stem) >= 2 and (f.proper or _edition(f.span)) and len(f.stem_words) >= 2,
        "香港藝術中心, 第三屆國際工業展 are names; 深圳中心, 工業展 are not",
    ),
    ShapeCheck(
        "name-before-head",
        _always,
        lambda f: (
            len(f.stem) >= 2 and (len(f.stem_words) >= 2 or f.proper or f.label == "Organization")
        ),
        "香港商報, 深港創業項目孵化培育聯動機制 are names; 聯動機制 is not (one plain word "
        "names only a body: 大公報)",
    ),
)
"""The checks of a shape match, in order; the first that applies decides."""


def shape_verdict(span: Span) -> tuple[bool, str]:
    """(whether a shape match is a name, the id of the check that decided).

    A shape needs a name part before its head of two words, or of one proper word:
    香港商報, 深港創業項目孵化培育聯動機制, but not 聯動機制.
    """
    facts = ShapeFacts.of(span)
    for check in SHAPE_CHECKS:
        if check.applies(facts):
            return check.is_name(facts), check.id
    raise AssertionError("the last shape check applies to every span")


def _shape_ok(span: Span) -> bool:
    """Whether a shape match is a name (``shape_verdict``)."""
    return shape_verdict(span)[0]


_COUNT = r"[0-9０-９一二三四五六七八九十百千万两几数多]+(?:个|家|项|所|座|批|条|类|种|间|大)"


_COUNT_BEFORE = re.compile(rf"(?<!第)(?:{_COUNT}|一系列|系列|若干|多家|各类|各个|每个)$")


_COUNT_AFTER = re.compile(rf"^{_COUNT}")


def _edition(span: Span) -> bool:
    """Whether an event opens with its edition (第25屆, 首屆): a numbered event is a named one."""
    return (
        span.label_ == "Event"
        and span[0]._.kg_name == "ordinal"
        and bool(re.search(r"[届]$|^首", span[0]._.kg_word))
    )


def _counted(span: Span, after: bool = True) -> bool:
    """A counted noun is a class, not a name: 建成5個區級中心, 一家機器人公司, 三大電信公司,
    研發中心8個以上; an ordinal (第七醫院) is no count.

    >>> import spacy
    >>> doc = spacy.blank("zh")("建成5個質控中心和第七醫院")
    >>> _counted(doc[4:8]), _counted(doc[9:13])
    (True, False)
    """
    norm = sentence_texts(span.doc)[1]
    return bool(
        _COUNT_BEFORE.search(norm[: span.start_char])
        or _COUNT_AFTER.match(norm[span.start_char : span.end_char])
        or (after and _COUNT_AFTER.match(norm[span.end_char :]))
    )


def _place_verb_place(stem: list[Token]) -> bool:
    """Whether a place word, then a verb, then another place word run through a stem:
    深圳|對接|融合|北部 (都會區), 香港|共同開發|北部 (都會區): one place acting on another."""
    words = [t for t in stem if t._.kg_word_start]
    for k in range(1, len(words) - 1):
        verb = words[k]._.kg_pos == "v" or _dictionary_tag(words[k]) in ("v", "l")
        if (
            words[k - 1]._.kg_pos == "ns"
            and verb
            and any(w._.kg_pos == "ns" for w in words[k + 1 :])
        ):
            return True
    return False


def _trailing_heads(span: Span) -> int:
    """Index in ``span`` where its closing run of head words begins (口岸經濟|發展帶)."""
    end = len(span)
    while end and span[end - 1]._.kg_head:
        end -= 1
    return end


def _places_and_generic_words(stem: list[Token], generic: frozenset[str]) -> bool:
    """Whether a stem is place names followed only by generic words (河套|兩地, 深圳|企業)."""
    words = [t for t in stem if t._.kg_word_start]
    places = _gazetteer_names()
    i = 0
    while i < len(words) and (words[i]._.kg_pos == "ns" or words[i]._.kg_word in places):
        i += 1
    return 0 < i < len(words) and all(w._.kg_word in generic for w in words[i:])


def _place_and_common_word(stem: list[Token]) -> bool:
    """Whether a stem is only place names and one common word: 深港|合作 (模式), 香港|調解
    (機制) describe a place's practice; 深港|教育|合作 (機制) and 羅湖|第二 (計劃) are names."""
    words = [t for t in stem if t._.kg_word_start]
    places = _gazetteer_names()
    i = 0
    while i < len(words) and (words[i]._.kg_pos == "ns" or words[i]._.kg_word in places):
        i += 1
    rest = words[i:]
    return (
        i > 0
        and len(rest) == 1
        and rest[0]._.kg_pos not in _PROPER
        and rest[0]._.kg_name != "ordinal"
        and not rest[0]._.kg_head
    )


def _verb_after_head(span: Span, last_stem: int) -> bool:
    """A verb between two heads is a clause (…會議上作政府工作報告), not one name."""
    doc, i = span.doc, last_stem
    while i >= span.start and doc[i]._.kg_name == "verb":
        i -= 1
    return i < last_stem and i >= span.start and bool(doc[i]._.kg_head)


def _head_then_verb(stem: list[Token]) -> bool:
    """A head word followed by a verb inside the stem is a subject and its predicate (深圳園區|
    試行|專屬跨境政策措施), not one name; a verbal-noun head and a verb are coordinated
    (口岸通關改革|創新|研討會)."""
    return any(
        a._.kg_head and a._.kg_pos != "vn" and b._.kg_word_start and b._.kg_name == "verb"
        for a, b in zip(stem, stem[1:])
    )
