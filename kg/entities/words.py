"""``kg_words``: jieba's words and tags (cut on the Simplified folding) as facts of the
character tokens, which the rulers and the checks read.

A name is found by its structure: the word it ends with (a head: 口岸, 合作區, 政協, 會議,
機制 … in ``kg/data/entities/heads.tsv``) decides its type, and the run of noun-like words in
front of the head is the rest of the name. Each word gets its role in a name (``_name_role``):
"lead" (may open one), "inner", "verb", "conj", "ordinal", "start", or "".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.entities.lexicon import (
    _CHINESE_YEAR,
    _COMPLEMENTS,
    _CONJUNCTIONS,
    _DATELINE,
    _FUNCTION_CHARS,
    _NUMBERED,
    _ORDINAL,
    _PLACE_LIKE,
    _PROPER,
    _QUOTES,
    _STRONG,
    _WEAK,
    _gazetteer,
    _suffix_label,
    load_heads,
    load_words,
)
from kg.text.normalize import to_simplified
from kg.text.posseg import pos_tokenizer

__all__ = [
    "WordFacts",
    "word_facts",
    "sentence_texts",
    "segment_words",
    "make_words",
    "annotate_words",
]


@dataclass
class WordFacts:
    """jieba's words on a Doc's character tokens: one entry per token in each list, and the
    sentence's text as written and folded.

    Plain lists, not settable extension attributes: spaCy keeps those in a dict keyed per
    token, and setting five of them on every character cost more than jieba's cut itself.
    ``Token._.kg_pos`` and the other ``kg_*`` attributes read these lists. The text is kept
    because spaCy joins every token anew on each ``doc.text``.
    """

    text: str
    simplified: str
    offset: list[int]  # the token's character offset, as ``token.idx``
    pos: list[str]
    name: list[str]  # the word's role in a name (``_name_role``), as adjusted by context
    head: list[str]  # the entity type the word heads, or ""
    word: list[str]  # the whole word (Simplified) the character belongs to
    word_start: list[bool]
    norm: list[str]  # the character's Simplified form, as ``token.norm_``


_FACTS_KEY = "kg_words"


def word_facts(doc: Doc) -> WordFacts | None:
    """The ``kg_words`` facts of ``doc``; None before ``kg_words`` has run on it."""
    return doc.user_data.get(_FACTS_KEY)


def sentence_texts(doc: Doc) -> tuple[str, str]:
    """The text of ``doc`` as written and folded to Simplified (the same offsets)."""
    facts = word_facts(doc)
    if facts is None:
        return doc.text, to_simplified(doc.text)
    return facts.text, facts.simplified


def _fact_getter(field: str, default: object) -> Callable[[Token], object]:
    def get(token: Token) -> object:
        facts = word_facts(token.doc)
        return default if facts is None else getattr(facts, field)[token.i]

    return get


for _field, _default in (
    ("pos", ""),
    ("name", ""),
    ("head", ""),
    ("word", ""),
    ("word_start", False),
):
    Token.set_extension(f"kg_{_field}", getter=_fact_getter(_field, _default), force=True)


@cache
def _posseg():
    """A private jieba POS tokenizer that knows the gazetteer names and role titles."""
    import jieba

    tokenizer = jieba.Tokenizer()
    for name, label in _gazetteer():
        tokenizer.add_word(to_simplified(name), tag="ns" if label in _PLACE_LIKE else "nz")
    for title in load_words("titles.txt"):
        tokenizer.add_word(title, tag="nnt")
    return pos_tokenizer(tokenizer)


def _split_heads(word: str, heads: dict[str, str], titles: frozenset[str]) -> list[str]:
    """Cut a trailing head or title off a word, so 政協委員 -> 政協|委員 and 罗湖口岸 -> 罗湖|口岸,
    and a function character off a head the tagger coined one word with (工業展在 -> 工業|展|在).

    A one-character head needs a stem of two: 深港 stays whole, 盐田港 splits.
    """
    if word in heads:
        return [word]
    if word.endswith(_DATELINE) and (len(word) > 2 or word[:-1] in heads):  # 商报|讯, 报|讯
        return _split_heads(word[:-1], heads, titles) + [_DATELINE]
    if (
        len(word) > 1
        and word[-1] in _FUNCTION_CHARS - _CONJUNCTIONS
        and _suffix_label(word[:-1], heads)
        and word not in _posseg().word_tag_tab
    ):
        return _split_heads(word[:-1], heads, titles) + [word[-1]]  # a coined 展|在, not 處在
    for size in range(len(word) - 1, 0, -1):
        suffix = word[-size:]
        if suffix in heads or suffix in titles:
            stem = word[:-size]
            if size == 1 and (len(stem) < 2 or _is_verb_word(stem[-1] + suffix)):
                return [word]  # 深港 and 大力發展 stay whole; 鹽田港 and 大公報 split
            return _split_heads(stem, heads, titles) + [suffix]
    return [word]


def _is_verb_word(word: str) -> bool:
    """Whether jieba's dictionary knows ``word`` as a verb (發展, 開展)."""
    return _posseg().word_tag_tab.get(word, "") in ("v", "vn", "vd")


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str  # Simplified
    pos: str
    head: str  # entity type if the word is a head, else ""
    name: str  # its role in a name: see _name_role


def segment_words(text: str) -> list[_Word]:
    """Words of ``text`` with tags, heads and name roles (cut on the Simplified folding)."""
    heads, titles = load_heads(), load_words("titles.txt")
    stops = load_words("boundaries.txt")
    pieces = [
        (piece, pos)
        for word, pos in _posseg().cut(to_simplified(text))
        for piece in _split_heads(word, heads, titles)
    ]
    pieces = _join_ordinals(_join_heads(pieces, heads))
    if _CHINESE_YEAR.search(text):
        pieces = _join_year(pieces)
    words, start = [], 0
    for i, (piece, pos) in enumerate(pieces):
        role = _name_role(piece, pos, heads, titles, stops)
        following = pieces[i + 1][1] if i + 1 < len(pieces) else ""
        if (role == "verb" and following in _PROPER) or (pos == "vn" and following == "ns"):
            role = ""  # a verb before a proper name is a clause (參與香港…, 調研前海…), not a name part
        if role == "conj" and not (
            i and len(pieces[i - 1][0]) > 1 and i + 1 < len(pieces) and len(pieces[i + 1][0]) > 1
        ):
            role = ""  # 發展和改革 joins two words; 量大和法院 joins a clause to a name
        words.append(_Word(start, start + len(piece), piece, pos, heads.get(piece, ""), role))
        start += len(piece)
    return words


def _join_heads(pieces: list[tuple[str, str]], heads: dict[str, str]) -> list[tuple[str, str]]:
    """Join words that spell one head together (研究|中心 -> 研究中心, 生物科技|城 ->
    生物|科技城), longest first."""
    return _join_runs(_regroup_crossing_heads(pieces, heads), lambda run, text: text in heads)


def _join_ordinals(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join the numeral words of one ordinal (第|25|屆 -> 第25屆): jieba cuts Arabic digits
    out of an edition, and a lone 第 opens no name."""
    return _join_runs(
        pieces,
        lambda run, text: (
            run[0][0] == "第" and bool(_ORDINAL.match(text)) and all(pos == "m" for _, pos in run)
        ),
    )


def _join_year(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join a year written in Chinese numerals (二|○|二三年 -> 二○二三年, as Hong Kong's
    government writes dates): jieba cuts it anywhere, and the year opens an event's name."""
    return _join_runs(pieces, lambda run, text: bool(_CHINESE_YEAR.fullmatch(text)), longest=5)


def _join_runs(pieces: list[tuple[str, str]], joins, longest: int = 3) -> list[tuple[str, str]]:
    """Runs of two to ``longest`` words that ``joins(run, text)`` accepts, made one word
    (longest first), with the tag of the run's last word."""
    joined, i = [], 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + longest), i + 1, -1):
            text = "".join(p for p, _ in pieces[i:j])
            if joins(pieces[i:j], text):
                joined.append((text, pieces[j - 1][1]))
                i = j
                break
        else:
            joined.append(pieces[i])
            i += 1
    return joined


def _regroup_crossing_heads(
    pieces: list[tuple[str, str]], heads: dict[str, str]
) -> list[tuple[str, str]]:
    """Move the end of a word onto the next one when together they end in a head."""
    out = list(pieces)
    for i in range(1, len(out)):
        (prev, prev_pos), (cur, pos) = out[i - 1], out[i]
        for size in range(min(len(prev) - 1, 4), 0, -1):
            if prev[-size:] + cur in heads:
                out[i - 1], out[i] = (prev[:-size], prev_pos), (prev[-size:] + cur, pos)
                break
    return out


def _name_role(word: str, pos: str, heads, titles, stops) -> str:
    """What a word may be inside a name: its first word ("lead"), a later word ("inner"), a
    verb in the middle ("verb": 民營經濟促進條例), a conjunction joining two name parts
    ("conj": 港澳及區域發展研究所), a year or session ("ordinal": 第七屆), or nothing ("").
    Generic and one-character common nouns (旅客, 經) may continue a name but not open one;
    ``annotate_words`` adds "start" (opens a name but continues none) after a space."""
    if word in heads:
        return "inner"
    if word in titles or word in stops or word.isspace():
        return ""
    if pos == "m":
        if _ORDINAL.match(word):
            return "ordinal"
        return "inner" if _NUMBERED.match(word) else ""
    if pos in _PROPER:  # 深港, 港澳: generic alone, but they open names (深港國際服務城)
        return "lead"
    if word in load_words("generic.txt") or (len(word) == 1 and pos in _STRONG):
        return "inner"
    if pos in _STRONG or (pos in ("f", "b") and len(word) > 1):
        return "lead"
    if pos in _WEAK:
        return "inner"
    if pos == "v":
        return "verb" if len(word) > 1 else ""
    if word in _CONJUNCTIONS:
        return "conj"
    return ""


@Language.factory(
    "kg_words",
    assigns=[
        "token.norm",
        "token._.kg_pos",
        "token._.kg_name",
        "token._.kg_head",
        "token._.kg_word",
        "token._.kg_word_start",
    ],
)
def make_words(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Word-level facts on character tokens, for the shape patterns and the merge filters."""
    return annotate_words


def annotate_words(doc: Doc) -> Doc:
    """Set NORM (Simplified) and the word facts (``WordFacts``) of every character token."""
    text = doc.text  # built from the tokens on every access: read it once
    simplified = to_simplified(text)
    size = len(doc)
    facts = WordFacts(
        text,
        simplified,
        [0] * size,
        [""] * size,
        [""] * size,
        [""] * size,
        [""] * size,
        [False] * size,
        [""] * size,
    )
    by_char = {i: word for word in segment_words(text) for i in range(word.start, word.end)}
    after_space = False
    for token in doc:
        i = token.i
        at = facts.offset[i] = token.idx
        token.norm_ = facts.norm[i] = simplified[at : at + len(token)]
        word = by_char.get(at)
        if word is not None:
            facts.pos[i], facts.head[i], facts.name[i] = word.pos, word.head, word.name
            facts.word[i], facts.word_start[i] = word.text, at == word.start
        if after_space:
            facts.name[i] = "start" if facts.name[i] == "lead" else ""
        after_space = bool(token.whitespace_)
    _open_names(facts)
    _mark_enclosed(doc, facts)
    doc.user_data[_FACTS_KEY] = facts
    return doc


def _open_names(facts: WordFacts) -> None:
    """A one-character modifier after a break opens the name it precedes (大梧桐新興產業帶),
    and so does a head word right after list or clause punctuation (、口岸經濟發展帶): there
    it modifies the name, it does not end one."""
    name, head, word, norm = facts.name, facts.head, facts.word, facts.norm
    for i in range(len(name) - 1):
        before = name[i - 1] if i else ""
        if (
            (
                name[i] == "inner"
                and word[i] == norm[i]
                and facts.pos[i] == "a"
                and norm[i] not in _COMPLEMENTS
                and before in ("", "verb")
                and name[i + 1] == "lead"
                and facts.word_start[i + 1]
            )
            or (
                head[i]
                and facts.word_start[i]
                and len(word[i]) > 1
                and (i == 0 or norm[i - 1] in "、+＋，；：")
                and _next_word_opens(facts, i + len(word[i]))
            )
            or (
                name[i] == "inner"
                and not head[i]
                and facts.word_start[i]
                and (i == 0 or norm[i - 1] in "、，；：")
                and _titled_body_at(facts, i)
            )
        ):
            name[i] = "start"


def _titled_body_at(facts: WordFacts, i: int) -> bool:
    """Whether the name words from token ``i`` run to a body's head and a title follows it
    (、新現代物流集團董事長): between list punctuation and a title the whole run is the body's
    name, even from a word that opens no name elsewhere (新, 現代)."""
    name, head, size = facts.name, facts.head, len(facts.name)
    while i < size and name[i] in ("lead", "inner", "ordinal") and not head[i]:
        i += 1
    if i == size or head[i] != "Organization":
        return False
    while i < size and head[i] == "Organization":
        i += 1
    return i < size and facts.word_start[i] and facts.word[i] in load_words("titles.txt")


def _next_word_opens(facts: WordFacts, i: int) -> bool:
    """Whether the word at token ``i`` is a plain (not head) first word of a name."""
    return (
        i < len(facts.name)
        and facts.word_start[i]
        and facts.name[i] == "lead"
        and not facts.head[i]
    )


def _tokens(doc: Doc, start: int, end: int) -> Span:
    """The tokens covering characters ``start:end`` (clipped to the text)."""
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    span = doc.char_span(max(start, 0), min(end, length), alignment_mode="expand")
    return span if span is not None else doc[0:0]


_PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


def _mark_enclosed(doc: Doc, facts: WordFacts) -> None:
    """Short 「…」 and （…） runs and dashes between characters count as inner name parts:
    香港「一國兩制」研究中心, 蔡屋圍-東門現代商貿組團; a tone-marked pinyin gloss left by a
    conversion (F(xiàn)) is no part of a name."""
    text = facts.text
    for match in re.finditer(
        r"「[^」「，。]{1,8}」|（[^（），。]{1,6}）|\([^()，。]{1,6}\)"
        r"|(?<=[\u4e00-\u9fff])[-—－–](?=[\u4e00-\u9fff])",
        text,
    ):
        if _PINYIN.fullmatch(match.group()):
            continue
        span = _tokens(doc, match.start(), match.end())
        facts.name[span.start : span.end] = ["inner"] * len(span)


def _quote_pairs(text: str) -> Iterator[tuple[int, int]]:
    """(open, close) offsets of each quote pair, innermost pairs included."""
    for open_at, char in enumerate(text):
        close_char = _QUOTES.get(char)
        if close_char:
            close_at = text.find(close_char, open_at + 1)
            if close_at != -1 and char not in text[open_at + 1 : close_at]:
                yield open_at, close_at


def _is_hanzi(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def _dictionary_tag(token: Token) -> str:
    """jieba's dictionary tag of the word that starts at ``token``."""
    return _posseg().word_tag_tab.get(token._.kg_word, "")
