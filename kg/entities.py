"""The entity stage: typed mentions of people, bodies, ports, platforms, initiatives, places,
events and role titles in each sentence of a document.

Chinese has no capitals and no spaces, so a name is found by its *structure*: the word it ends
with (a head: 口岸, 合作區, 政協, 會議, 機制 ... in ``kg/data/entities/heads.tsv``) decides its
type, and the run of noun-like words in front of the head (jieba's tags on the Simplified
folding, ``kg_words``) is the rest of the name. Authors mark many initiative names with
「」《》“”, and news prose puts a person's name right after a title or a byline cue.

Sources, in order of precedence (earlier wins a tie or a crossing overlap):

1. ``kg_quote_ruler``   「…」/《…》/“…” spans, with the head word that follows them.
   ``kg_topic_ruler``   what a proposal is about: 關於X的建議 → X.
2. ``kg_person_ruler``  titles and bylines around a name: Person, and Role for the title.
3. ``kg_shape_ruler``   name + head shapes from ``kg/data/entities/shapes.jsonl`` (a SpanRuler).
4. ``kg_gazetteer``     the closed classes in ``kg/data/entities/gazetteer.tsv`` (span_ruler).
5. ``kg_list_ruler``    members of an enumeration closed by a class noun (華為、騰訊等企業),
                       and the whole subject of a clause that founds a body (…委員會成立).
6. ``kg_cluener_ner``   the trained CLUENER model, when one is installed.
7. ``kg_propagation``   other occurrences, in the same document, of a name found above.

Merging (``merge_candidates``): a span that strictly contains every span it overlaps replaces
them, whatever their source (the fullest proper name wins: 深圳市政協 over 深圳, 《…措施》
over 羅湖); otherwise the earlier source wins (a crossing or an identical span). A Person is
swallowed only by a longer Person (覃偉 by 覃偉中), a Role by nothing, and a Role swallows
nothing: it sits next to its Person. Spans that are exactly a generic word (``kg/data/entities/generic.txt``) are
dropped, and the lexicon and model spans must start and end on word edges.

Data files are written in Traditional characters; matching is on each token's NORM, the
Simplified folding, so one file serves both scripts.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg import resources
from kg.errors import PatternError
from kg.text.normalize import abbreviates, to_simplified
from kg.text.posseg import pos_tokenizer
from kg.records import Document, MENTION_LABELS, Mention

__all__ = ["SOURCES", "extract_mentions", "parse_patterns", "load_patterns",
           "load_table", "load_words", "load_heads", "gazetteer_patterns",
           "segment_words", "annotate_words", "WordFacts", "word_facts", "sentence_texts",
           "find_people", "looks_like_place", "plausible_name", "Candidate", "merge_candidates"]

SOURCES = ("kg_quote_ruler", "kg_topic_ruler", "kg_person_ruler", "kg_shape_ruler", "kg_gazetteer",
           "kg_list_ruler", "kg_cluener_ner", "kg_propagation")
"""Extractors in order of precedence; each writes ``doc.spans[<its name>]``."""

_SCORES = {"kg_quote_ruler": 0.85, "kg_topic_ruler": 0.8, "kg_person_ruler": 0.9, "kg_shape_ruler": 0.8,
           "kg_gazetteer": 0.95, "kg_list_ruler": 0.7, "kg_cluener_ner": 0.6,
           "kg_propagation": 0.75}
"""Confidence of a mention by source: a rough prior for PROV, not a calibrated probability."""

_CONJUNCTIONS = frozenset("及与和暨")  # 發展和改革委員會
_FUNCTION_CHARS = frozenset("被的了是在于向将把对为和与及也亦则还曾已")
_OPENERS = frozenset("由从以据经向在")  # prepositions that open a phrase, never a name
_SCOPE_WORDS = frozenset({"国际", "全球", "世界"})  # open a designation (國際創新中心)
_COMPLEMENTS = frozenset("好")  # completes the verb before it (用好, 開好), opens no name
_ACRONYM = re.compile(r"[A-Z]{2,6}")  # a brand or body in Latin capitals (TCL, APEC)
_DATELINE = "讯"  # 大公報訊: "news from"
_PUNCT = frozenset("，。、；：？！,.;:?!（）()【】[]「」『』《》〈〉“”‘’\"'…—－-·•・/|\n\t ")
_CLAUSE_PUNCT = frozenset("，。；：？！,.;:?!")
_QUOTES = {"「": "」", "『": "』", "《": "》", "“": "”", "〈": "〉"}
_QUOTE_CHARS = frozenset("".join(_QUOTES) + "".join(_QUOTES.values()))
_CHINESE_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}年")  # 二○二三年, as Hong Kong writes it
_ORDINAL = re.compile(r"^(第?[0-9一二三四五六七八九十百]+[屆届次期]|第[0-9一二三四五六七八九十百]+"
                      rf"|[0-9]{{4}}年?|{_CHINESE_YEAR.pattern}|首[屆届]|[年屆届次期])$")
_NUMBERED = re.compile(r"^[0-9一二三四五六七八九十百]+[路号期线]$")  # 清水河三路, 二期
_STRONG = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nl", "ng", "j", "eng"})
_PROPER = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"})
_PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
_PLACE_LIKE = frozenset({"Place", "Port", "Platform"})
_NOT_IN_A_NAME = frozenset({"u", "uj", "ul", "uz", "ug", "ud", "d", "ad", "r", "t", "p", "y", "e"})
_WEAK = frozenset({"vn", "b", "an", "t", "s", "a", "l"})


# --------------------------------------------------------------------------------------------
# Data files: read with importlib.resources, checked line by line (file:line on error).

def load_table(name: str, columns: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """Rows of ``kg/data/entities/<name>`` (see ``kg.resources.parse_table``)."""
    return resources.load_table(f"entities/{name}", columns)


@lru_cache(maxsize=None)
def load_words(name: str) -> frozenset[str]:
    """Simplified forms of the words of ``kg/data/entities/<name>``, a word list: data files
    are written in Traditional characters and matched on the Simplified folding.

    >>> {"市长", "会长"} <= load_words("titles.txt")
    True
    """
    return frozenset(map(to_simplified, resources.load_words(f"entities/{name}")))


def _where(name: str, number: int) -> str:
    """``kg/data/entities/<name>:<number>``, for messages."""
    return f"{resources.data_path('entities/' + name)}:{number}"


_HEAD_FLAGS = frozenset({"proper", "abstract", "governed", "brand", "sitting"})


@lru_cache(maxsize=None)
def _head_rows() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(Simplified head, type, flags) rows of ``heads.tsv``."""
    rows = []
    for number, fields in load_table("heads.tsv", (2, 3)):
        head, label = fields[0], fields[1]
        flags = frozenset(fields[2].split()) if len(fields) == 3 else frozenset()
        if label not in MENTION_LABELS:
            raise PatternError(f"{_where('heads.tsv', number)}: unknown type {label!r}; "
                               f"choose from {', '.join(MENTION_LABELS)}")
        if flags - _HEAD_FLAGS:
            raise PatternError(f"{_where('heads.tsv', number)}: third column holds "
                               f"{', '.join(sorted(_HEAD_FLAGS))} flags, not {fields[2]!r}")
        rows.append((to_simplified(head), label, flags))
    return tuple(rows)


@lru_cache(maxsize=None)
def load_heads() -> dict[str, str]:
    """Simplified head word -> entity type, from ``data/entities/heads.tsv``."""
    return {head: label for head, label, _ in _head_rows()}


@lru_cache(maxsize=None)
def _proper_heads() -> frozenset[str]:
    """Heads too common to name a thing unless a proper name precedes them (深圳…中心)."""
    return frozenset(head for head, _, flags in _head_rows() if "proper" in flags)


@lru_cache(maxsize=None)
def _abstract_heads() -> frozenset[str]:
    """Heads that name a practice (機制, 模式): a place and one common word before one
    describe the place's practice (香港調解機制), not a named initiative."""
    return frozenset(head for head, _, flags in _head_rows() if "abstract" in flags)


@lru_cache(maxsize=None)
def _brand_heads() -> frozenset[str]:
    """Heads a company name puts after its brand (格力電器, 中世發智能科技): one brand word
    before one is a name, where a place before it (深圳科技) is not."""
    return frozenset(head for head, _, flags in _head_rows() if "brand" in flags)


@lru_cache(maxsize=None)
def _sitting_heads() -> frozenset[str]:
    """Heads of one sitting of a session (全體會議, 開幕會): after the session's name and an
    ordinal (…六次會議第一次全體會議) the event named is the session."""
    return frozenset(head for head, _, flags in _head_rows() if "sitting" in flags)


@lru_cache(maxsize=None)
def _governed_heads() -> frozenset[str]:
    """Heads of a government (政府): the name before one ends in the place it governs."""
    return frozenset(head for head, _, flags in _head_rows() if "governed" in flags)


_ADMIN_ENDINGS = ("市", "区", "省", "县", "镇", "州", "郡", "旗", "特区", "特别行政区")


def _ends_in_place(stem: list[Token]) -> bool:
    """深圳市, 埃及 (a word the tagger took with 政府 as one body), 施羅普郡地方 name a
    place; 德勤管理諮詢 (a firm's practice) does not."""
    words = [t for t in stem if t._.kg_word_start]
    return any(t._.kg_pos in ("ns", "nt") or t._.kg_word in _gazetteer_names()
               or t._.kg_word.endswith(_ADMIN_ENDINGS) for t in words)


def parse_patterns(text: str, source: str) -> list[dict]:
    """span_ruler patterns from JSON lines, checked; NORM values are folded to Simplified.

    >>> parse_patterns('{"label": "Port", "pattern": [{"NORM": "口岸"}]}', "x.jsonl")
    [{'label': 'Port', 'pattern': [{'NORM': '口岸'}]}]
    >>> parse_patterns('{"label": "Port", "pattern": [{"NORM": "口岸"}]', "x.jsonl")
    Traceback (most recent call last):
    kg.errors.PatternError: x.jsonl:1: not valid JSON: Expecting ',' delimiter (col 46)
    """
    return [_checked_pattern(entry, f"{source}:{number}")
            for number, entry in resources.parse_json_lines(text, source)]


def _checked_pattern(entry: object, where: str) -> dict:
    """One pattern entry validated against spaCy's schema and our label set."""
    if not isinstance(entry, dict) or set(entry) - {"label", "pattern", "id"}:
        raise PatternError(f"{where}: expected an object with label, pattern and optional id")
    if entry.get("label") not in MENTION_LABELS:
        raise PatternError(f"{where}: unknown label {entry.get('label')!r}; "
                           f"choose from {', '.join(MENTION_LABELS)}")
    pattern = entry.get("pattern")
    if not isinstance(pattern, list) or not pattern:
        raise PatternError(f"{where}: pattern must be a non-empty list of token objects")
    errors = validate_token_pattern(pattern)
    if errors:
        raise PatternError(f"{where}: invalid token pattern: {'; '.join(errors)}")
    return {**entry, "pattern": [_fold_norms(token) for token in pattern]}


def _fold_norms(token: dict) -> dict:
    """NORM is the Simplified folding: fold the pattern's values the same way."""
    norm = token.get("NORM")
    if isinstance(norm, str):
        return {**token, "NORM": to_simplified(norm)}
    if isinstance(norm, dict):
        return {**token, "NORM": {op: [to_simplified(v) for v in values]
                                  if isinstance(values, list) else values
                                  for op, values in norm.items()}}
    return token


def load_patterns(name: str) -> list[dict]:
    """Checked patterns of ``kg/data/entities/<name>``, a ``.jsonl`` file."""
    return parse_patterns(resources.read_data(f"entities/{name}"),
                          resources.data_path(f"entities/{name}"))


@lru_cache(maxsize=None)
def _gazetteer() -> tuple[tuple[str, str], ...]:
    """(name, type) for every name and short form of ``data/entities/gazetteer.tsv``."""
    entries = []
    for number, fields in load_table("gazetteer.tsv", (2, 3)):
        name, label = fields[0], fields[1]
        if label not in MENTION_LABELS:
            raise PatternError(f"{_where('gazetteer.tsv', number)}: unknown type {label!r}")
        shorts = fields[2].split("|") if len(fields) == 3 and fields[2] else []
        entries.extend((form, label) for form in [name, *shorts])
    return tuple(entries)


def gazetteer_patterns() -> list[dict]:
    """Phrase patterns (matched on NORM, so either script) for the gazetteer."""
    return [{"label": label, "pattern": name} for name, label in _gazetteer()]


@lru_cache(maxsize=None)
def _gazetteer_names() -> frozenset[str]:
    return frozenset(to_simplified(name) for name, _ in _gazetteer())


@lru_cache(maxsize=None)
def _cities() -> frozenset[str]:
    """The gazetteer's cities, with and without 市 (深圳, 深圳市): the places it also lists
    with 市."""
    names = _gazetteer_names()
    cities = frozenset(name for name in names if name + "市" in names)
    return cities | frozenset(name + "市" for name in cities)


# --------------------------------------------------------------------------------------------
# kg_words: jieba words and tags of the Simplified folding, facts of character tokens.

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
    name: list[str]    # the word's role in a name (``_name_role``), as adjusted by context
    head: list[str]    # the entity type the word heads, or ""
    word: list[str]    # the whole word (Simplified) the character belongs to
    word_start: list[bool]
    norm: list[str]    # the character's Simplified form, as ``token.norm_``


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


for _field, _default in (("pos", ""), ("name", ""), ("head", ""), ("word", ""),
                         ("word_start", False)):
    Token.set_extension(f"kg_{_field}", getter=_fact_getter(_field, _default), force=True)


@lru_cache(maxsize=None)
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
    if len(word) > 1 and word[-1] in _FUNCTION_CHARS - _CONJUNCTIONS and \
            _suffix_label(word[:-1], heads) and word not in _posseg().word_tag_tab:
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
    text: str   # Simplified
    pos: str
    head: str   # entity type if the word is a head, else ""
    name: str   # its role in a name: see _name_role


def segment_words(text: str) -> list[_Word]:
    """Words of ``text`` with tags, heads and name roles (cut on the Simplified folding)."""
    heads, titles = load_heads(), load_words("titles.txt")
    stops = load_words("boundaries.txt")
    pieces = [(piece, pos) for word, pos in _posseg().cut(to_simplified(text))
              for piece in _split_heads(word, heads, titles)]
    pieces = _join_ordinals(_join_heads(pieces, heads))
    if _CHINESE_YEAR.search(text):
        pieces = _join_year(pieces)
    words, start = [], 0
    for i, (piece, pos) in enumerate(pieces):
        role = _name_role(piece, pos, heads, titles, stops)
        following = pieces[i + 1][1] if i + 1 < len(pieces) else ""
        if (role == "verb" and following in _PROPER) or (pos == "vn" and following == "ns"):
            role = ""  # a verb before a proper name is a clause (參與香港…, 調研前海…), not a name part
        if role == "conj" and not (i and len(pieces[i - 1][0]) > 1 and i + 1 < len(pieces)
                                   and len(pieces[i + 1][0]) > 1):
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
    return _join_runs(pieces, lambda run, text: run[0][0] == "第" and bool(_ORDINAL.match(text))
                      and all(pos == "m" for _, pos in run))


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


def _regroup_crossing_heads(pieces: list[tuple[str, str]],
                            heads: dict[str, str]) -> list[tuple[str, str]]:
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


@Language.factory("kg_words", assigns=["token.norm", "token._.kg_pos", "token._.kg_name",
                                       "token._.kg_head", "token._.kg_word",
                                       "token._.kg_word_start"])
def make_words(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Word-level facts on character tokens, for the shape patterns and the merge filters."""
    return annotate_words


def annotate_words(doc: Doc) -> Doc:
    """Set NORM (Simplified) and the word facts (``WordFacts``) of every character token."""
    text = doc.text  # built from the tokens on every access: read it once
    simplified = to_simplified(text)
    size = len(doc)
    facts = WordFacts(text, simplified, [0] * size, [""] * size, [""] * size, [""] * size,
                      [""] * size, [False] * size, [""] * size)
    by_char = {i: word for word in segment_words(text) for i in range(word.start, word.end)}
    after_space = False
    for token in doc:
        i = token.i
        at = facts.offset[i] = token.idx
        token.norm_ = facts.norm[i] = simplified[at:at + len(token)]
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
        if name[i] == "inner" and word[i] == norm[i] and facts.pos[i] == "a" and \
                norm[i] not in _COMPLEMENTS and before in ("", "verb") and \
                name[i + 1] == "lead" and facts.word_start[i + 1]:
            name[i] = "start"
        elif head[i] and facts.word_start[i] and len(word[i]) > 1 and \
                (i == 0 or norm[i - 1] in "、+＋，；：") and _next_word_opens(facts, i + len(word[i])):
            name[i] = "start"
        elif name[i] == "inner" and not head[i] and facts.word_start[i] and \
                (i == 0 or norm[i - 1] in "、，；：") and _titled_body_at(facts, i):
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
    return i < len(facts.name) and facts.word_start[i] and facts.name[i] == "lead" and \
        not facts.head[i]


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
    for match in re.finditer(r"「[^」「，。]{1,8}」|（[^（），。]{1,6}）|\([^()，。]{1,6}\)"
                             r"|(?<=[\u4e00-\u9fff])[-—－–](?=[\u4e00-\u9fff])", text):
        if _PINYIN.fullmatch(match.group()):
            continue
        span = _tokens(doc, match.start(), match.end())
        facts.name[span.start:span.end] = ["inner"] * len(span)


# --------------------------------------------------------------------------------------------
# kg_quote_ruler: author-marked names.

@Language.factory("kg_quote_ruler", assigns=["doc.spans"],
                  default_config={"max_length": 20, "max_title_length": 40})
def make_quote_ruler(nlp: Language, name: str, max_length: int,
                     max_title_length: int) -> "QuoteRuler":
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
            inner = norm[open_at + 1:close_at]
            if len(inner) < 2 or any(c in _CLAUSE_PUNCT for c in inner):
                continue
            head = _head_after(doc, close_at + 1)
            subtitled = _subtitled_event(inner, heads)
            titled = text[open_at] == "《" or head is not None or subtitled  # a whole name
            if len(inner) > (self.max_title_length if titled else self.max_length):
                continue
            if head is not None:
                yield doc.char_span(open_at, head.idx + len(head), label=_quoted_label(head),
                                    alignment_mode="expand")
            elif _short_form_of(norm, open_at, heads):
                yield doc.char_span(open_at, close_at + 1, alignment_mode="expand",
                                    label=_short_form_of(norm, open_at, heads))
            elif subtitled:
                yield doc.char_span(open_at, close_at + 1, label="Event", alignment_mode="expand")
            elif edition := _EDITION_BEFORE.search(norm, 0, open_at):
                yield doc.char_span(edition.start(), close_at + 1, label="Event",
                                    alignment_mode="expand")
            elif text[open_at] != "《" and _NUMBERED_PLAN.fullmatch(inner):
                yield doc.char_span(open_at, close_at + 1, label="Initiative",
                                    alignment_mode="expand")
            elif text[open_at] == "《" or _quoted_name_of_type(inner, heads):
                label = _label_of_title(inner, heads)
                if label:
                    yield doc.char_span(open_at, close_at + 1, label=label,
                                        alignment_mode="expand")
            elif _reads_like_programme(doc, inner, open_at + 1, close_at):
                yield doc.char_span(open_at, close_at + 1, label="Initiative",
                                    alignment_mode="expand")


_SHORT_FORM = re.compile(r"[（(](?:以下|下文)?(?:简称|下称|称)[为:：]?$")


def _short_form_of(norm: str, open_at: int, heads: dict[str, str]) -> str:
    """Type of the name a quoted short form abbreviates: …專利大賽（簡稱「灣高賽」） is an
    Event, as the name before the bracket ends in 大賽; "" if there is no such name."""
    match = _SHORT_FORM.search(norm[max(0, open_at - 6):open_at])
    if match is None:
        return ""
    paren = open_at - (len(norm[max(0, open_at - 6):open_at]) - match.start())
    return _suffix_label(norm[max(0, paren - 6):paren], heads, shortest=2)


_NUMBERED_PLAN = re.compile(r"(?:[一二三四五六七八九十两]+[^一二三四五六七八九十两]{1,3}){2,}")
"""A numbered layout or plan (「一核兩翼」, 「一軸兩帶三組團」): an Initiative, even when its
last part is a head of another type (組團)."""


_EDITION_BEFORE = re.compile(r"(?:(?:19|20)\d{2}年(?:度)?)?(?:第[0-9一二三四五六七八九十百]+|首)[届场]$")
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
        inner.endswith(head) for head in _proper_heads())


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
        elif last is not None or i >= reach or token.norm_ in _QUOTE_CHARS or \
                token._.kg_name not in ("lead", "inner", "verb"):
            break
        elif token._.kg_name == "verb":
            verb = True
        elif verb:
            break  # a verb may type the head (展銷中心), else it opens a clause (接入基層社)
    return last


def _quote_pairs(text: str) -> Iterator[tuple[int, int]]:
    """(open, close) offsets of each quote pair, innermost pairs included."""
    for open_at, char in enumerate(text):
        close_char = _QUOTES.get(char)
        if close_char:
            close_at = text.find(close_char, open_at + 1)
            if close_at != -1 and char not in text[open_at + 1:close_at]:
                yield open_at, close_at


def _suffix_label(inner: str, heads: dict[str, str], shortest: int = 1) -> str:
    """Type of the longest head ``inner`` ends with (of ``shortest`` characters or more)."""
    for size in range(min(6, len(inner)), shortest - 1, -1):
        label = heads.get(inner[-size:])
        if label:
            return label
    return ""


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
    if len(inner) < 3 or inner in load_words("titles.txt") \
            or inner in load_words("generic.txt"):
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
    if _THEME_OR_SECTIONS.match(sentence_texts(doc)[1][end + 1:end + 5]):
        return False  # 以「…」為主題: a theme; 「活力、科創、穿越」三大板塊: sections
    return bool(re.search(r"[一二三四五六七八九十百两\d、·A-Za-z]", inner)) \
        or inner.endswith("通") or _suffix_label(inner, load_heads()) == "Initiative" \
        or any(t._.kg_pos in _PROPER - _PERSON_TAGS for t in tokens)


# --------------------------------------------------------------------------------------------
# kg_topic_ruler: what a proposal is about.

@Language.factory("kg_topic_ruler", assigns=["doc.spans"], default_config={"max_length": 30})
def make_topic_ruler(nlp: Language, name: str, max_length: int) -> "TopicRuler":
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
                spans.append(Span(doc, tokens[0].i, tokens[-1].i + 1, label="Initiative"))
        doc.spans[self.name] = spans
        return doc


@lru_cache(maxsize=None)
def _topic_pattern(max_length: int) -> re.Pattern[str]:
    heads = "|".join(sorted(load_words("topic_heads.txt"), key=len, reverse=True))
    return re.compile(rf"关于([^，。；：、！？《》]{{2,{max_length}}}?)的"
                      rf"(?:[一二三四五六七八九十两几多\d]+[点项条个份])?(?:{heads})")


# --------------------------------------------------------------------------------------------
# kg_person_ruler: a name next to a title or in a byline.

@Language.factory("kg_person_ruler", assigns=["doc.spans"], default_config={"max_gap": 1})
def make_person_ruler(nlp: Language, name: str, max_gap: int) -> "PersonRuler":
    """Person names right after (市長覃偉中, 記者 李望賢) or before (李家超特首) a title."""
    return PersonRuler(name, max_gap=max_gap)


class PersonRuler:
    """Titles come from ``data/entities/titles.txt``; a name is a family name
    (``data/entities/surnames.txt``) plus one to two characters, followed by a word of
    ``data/entities/person_follow.txt``, punctuation, a gazetteer place or the end.
    A title right after a body's head word is a Role even with no name next to it
    (深圳市政協委員、某協會會長陳某: 委員 belongs to 深圳市政協)."""

    def __init__(self, name: str, max_gap: int):
        self.name, self.max_gap = name, max_gap

    def __call__(self, doc: Doc) -> Doc:
        facts = word_facts(doc)
        starts = frozenset(at for at, start in zip(facts.offset, facts.word_start) if start)
        text, norm = facts.text, facts.simplified
        found = set(find_people(text, self.max_gap, starts))
        titles = load_words("titles.txt")
        title_spans = list(_title_spans(norm, titles))
        for start, end in title_spans:
            body = _place_body_in_title(facts, start, end, titles)
            if body is not None and (start, end, "Role") in found:
                found.discard((start, end, "Role"))  # 深圳|市委書記: 深圳市委, 書記
                found.update({(body[0], body[1], "Organization"), (body[1], end, "Role")})
        for start, end in title_spans:
            title, before = _tokens(doc, start, end), _tokens(doc, start - 1, start)
            if start and title and before and title[0]._.kg_word_start and \
                    not title[0]._.kg_head and before[0]._.kg_head == "Organization":
                found.add((start, end, "Role"))
            body = _body_short_name(doc, start)
            if body is not None and title and title[0]._.kg_word_start and \
                    (start, end, "Role") in found:
                found.add((body, start, "Organization"))
        spans = [doc.char_span(start, end, label=label) for start, end, label in sorted(found)]
        doc.spans[self.name] = [span for span in spans if span is not None]
        return doc


def _place_body_in_title(facts: "WordFacts", start: int, end: int,
                         titles: frozenset[str]) -> tuple[int, int] | None:
    """(start, end) of the body when a title that opens with a body's head (市委書記) follows
    a place (深圳): the place and the head name the body, the rest is the title."""
    i = facts.offset.index(start) if start in facts.offset else -1
    if i < 1 or not facts.word_start[i] or facts.pos[i - 1] != "ns":
        return None
    place = len(facts.word[i - 1])
    norm = facts.simplified
    heads = load_heads()
    for size in range(2, end - start - 1):
        if heads.get(norm[start:start + size]) == "Organization" and norm[start + size:end] in titles:
            return start - place, start + size
    return None


def _body_short_name(doc: Doc, end: int) -> int | None:
    """Start of a short body name that ends in 會 right before a title (科促會會長陳某): a
    word of three or four characters that is no head and unknown to the dictionary, which
    knows the kinds of body (研究會, 同鄉會), not the short names a text coins."""
    before = _tokens(doc, end - 1, end)
    if not end or not before:
        return None
    word = before[0]._.kg_word
    start = end - len(word)
    if 3 <= len(word) <= 4 and word.endswith("会") and not before[0]._.kg_head and \
            before[0]._.kg_pos in _STRONG and word not in _posseg().word_tag_tab \
            and doc[start]._.kg_word_start and doc[start]._.kg_word == word:
        return start
    return None


def find_people(text: str, max_gap: int = 1,
                word_starts: frozenset[int] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, "Person" | "Role") spans of titled names in ``text``; a title must begin
    a word when ``word_starts`` (character offsets) is given (長沙賽區 holds no 區長).

    >>> find_people("深圳市市長陳大文表示")
    [(3, 5, 'Role'), (5, 8, 'Person')]
    >>> find_people("，王小明特首在會上說")
    [(1, 4, 'Person'), (4, 6, 'Role')]
    """
    norm = to_simplified(text)
    titles = load_words("titles.txt")
    descriptors = load_words("descriptors.txt")
    found, taken = [], set()
    for start, end in (*_speakers(norm), *_dispatch_byline(norm)):
        found.append((start, end, "Person"))
        taken.update(range(start, end))
    for start, end in _title_spans(norm, titles | descriptors):
        if word_starts is not None and start not in word_starts:
            continue
        names = _names_after(norm, end, max_gap) or _name_before(norm, start)
        if norm[start:end] in descriptors:  # weaker evidence than a title
            names = [(a, b) for a, b in names if _could_be_name(norm[a:b])]
        for name_start, name_end in names:
            if not taken & set(range(name_start, name_end)):
                found.append((name_start, name_end, "Person"))
                taken.update(range(name_start, name_end))
        if names and norm[start:end] in titles:
            found.append((start, end, "Role"))
    return sorted(set(found))


def _speakers(norm: str) -> Iterator[tuple[int, int]]:
    """Names opening a clause before a speech verb: 「，張大文表示」."""
    surnames = load_words("surnames.txt")
    for match in _speech_opening().finditer(norm):
        name = match.group(1)
        if name[0] in surnames and _could_be_name(name):
            yield match.start(1), match.end(1)


_DISPATCH = re.compile(r"电\s*[（(](?:记者)?\s*((?:[\u4e00-\u9fff]{2,3}\s*){1,3})[）)]")
"""A news agency's dateline and its reporters: 深圳2月13日電 (鄭小紅 朱族英)."""


def _dispatch_byline(norm: str) -> Iterator[tuple[int, int]]:
    """The reporters named in brackets after a dispatch's dateline (…日電 (甲某 乙某))."""
    surnames = load_words("surnames.txt")
    for match in _DISPATCH.finditer(norm):
        for name in re.finditer(r"[\u4e00-\u9fff]+", match.group(1)):
            if name.group()[0] in surnames and _could_be_name(name.group()):
                yield match.start(1) + name.start(), match.start(1) + name.end()


@lru_cache(maxsize=None)
def _speech_opening() -> re.Pattern[str]:
    """Two or three characters opening a clause, then a speech verb."""
    cues = load_words("person_speech.txt")
    verbs = "|".join(sorted(map(re.escape, cues), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[，。；：！？、\s]))([\u4e00-\u9fff]{{2,3}}?)(?:{verbs})")


def _could_be_name(name: str) -> bool:
    """Without a title next to it, a family-name-initial word is a name only if it is no
    place, body (中新社), title (王先生, 向記者), or common word the dictionary knows (周末)."""
    tag = _posseg().word_tag_tab.get(name)
    return name not in _gazetteer_names() and not _suffix_label(name, load_heads()) \
        and not _holds_title(name) and (tag is None or tag.startswith("nr")) \
        and not any(c in _FUNCTION_CHARS for c in name[1:])


def _holds_title(chunk: str) -> bool:
    """Whether a name candidate contains a title or form of address (向記者, 王先生)."""
    return any(word in chunk for word in _address_words())


@lru_cache(maxsize=None)
def _address_words() -> frozenset[str]:
    return load_words("titles.txt") | load_words("honorifics.txt")


def _title_spans(norm: str, titles: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Longest title at each position, left to right, not overlapping."""
    longest = max(map(len, titles))
    position = 0
    while position < len(norm):
        for size in range(longest, 1, -1):
            if norm[position:position + size] in titles:
                yield position, position + size
                position += size
                break
        else:
            position += 1


_ASIDE = re.compile(r"[（(][^（）()，。]{1,8}[）)]")


def _names_after(norm: str, at: int, max_gap: int) -> list[tuple[int, int]]:
    """Names after a title: 記者林小青、蔡大成報道 gives two; 「館長」陳某 one."""
    names = []
    while True:
        aside = _ASIDE.match(norm, at)  # 助理署長(業務發展)蔣某: the title's field in brackets
        at = aside.end() if aside else at
        gap = len(norm[at:]) - len(norm[at:].lstrip(" \u3000」”"))
        if gap > max_gap:
            break
        span = _name_at(norm, at + gap)
        if span is None:
            break
        names.append(span)
        if norm[span[1]:span[1] + 1] != "、":
            break
        at = span[1] + 1
    return names


def _name_at(norm: str, start: int) -> tuple[int, int] | None:
    """The shortest 2–4 character name at ``start`` that something name-ending follows."""
    surnames = load_words("surnames.txt")
    if not any(norm.startswith(s, start) for s in surnames):
        return None
    for size in (2, 3, 4):
        chunk = norm[start:start + size]
        if len(chunk) < size or not _is_hanzi(chunk):
            return None
        if _ends_name(norm, start + size) or _verb_follows(norm, start, start + size):
            if size == 4 and norm[start:start + 2] not in surnames or \
                    any(place in chunk for place in _gazetteer_names()) or _holds_title(chunk):
                return None  # 遊廣州 is a trip, 王先生 a form of address
            return start, start + size
    return None


def _verb_follows(norm: str, start: int, at: int) -> bool:
    """Whether a two-character verb of the dictionary opens at ``at`` after a name at ``start``
    (方舟|提及, 覃某中|參加): a name ends where its sentence's verb begins, whether or not the
    verb is a follow cue. The given name must not be a common word (應|時刻|保持 is no name)."""
    tags = _posseg().word_tag_tab
    given = norm[start + 1:at]
    return tags.get(norm[at:at + 2]) == "v" and (
        len(given) == 1 or tags.get(given, "nr").startswith("nr"))


def _name_before(norm: str, end: int) -> list[tuple[int, int]]:
    """A name just before a title (李家超特首), preceded by punctuation or the start."""
    surnames = load_words("surnames.txt")
    for size in (3, 2):
        start = end - size
        if start < 0 or not _is_hanzi(norm[start:end]) or norm[start] not in surnames:
            continue
        if (start == 0 or norm[start - 1] in _PUNCT) and not _ends_name(norm, end - 1) \
                and not any(norm[start:end].startswith(p) for p in _gazetteer_names()) \
                and _could_be_name(norm[start:end]):
            return [(start, end)]
    return []


def _ends_name(norm: str, at: int) -> bool:
    """Whether a name may end at ``at``: end, punctuation, a follow cue or a place name."""
    if at >= len(norm) or norm[at] in _PUNCT or norm[at].isspace():
        return True
    return norm.startswith(_name_enders(), at)


@lru_cache(maxsize=None)
def _name_enders() -> tuple[str, ...]:
    """Words that may follow a name: the follow cues and the gazetteer's places."""
    return tuple(load_words("person_follow.txt") | _gazetteer_names())


def _is_hanzi(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


# --------------------------------------------------------------------------------------------
# kg_shape_ruler: a run of name words closed by a head word.

_NATIVE_FIELDS = {"kg_name": "TAG", "kg_head": "LEMMA", "kg_pos": "ENT_ID",
                  "kg_word_start": "IS_SENT_START"}
"""Where ``ShapeRuler`` puts each word fact on its private copy of a sentence."""


@Language.factory("kg_shape_ruler", assigns=["doc.spans"],
                  default_config={"patterns": "shapes.jsonl"})
def make_shape_ruler(nlp: Language, name: str, patterns: str) -> "ShapeRuler":
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
        self.ruler.add_patterns([{**p, "pattern": [_native_token(t) for t in p["pattern"]]}
                                 for p in patterns])
        self.heads_required = bool(patterns) and all(map(_requires_head, patterns))

    def __call__(self, doc: Doc) -> Doc:
        facts = word_facts(doc)
        if self.heads_required and facts is not None and not any(facts.head):
            doc.spans[self.name] = []  # no head word, no match: most sentences of a news text
            return doc
        copy = _native_copy(doc)
        starts = facts.word_start if facts is not None else [True] * len(doc)
        doc.spans[self.name] = [Span(doc, s.start, s.end, label=s.label, span_id=s.id)
                                for s in self.ruler(copy).spans[self.name] if starts[s.start]]
        return doc


def _requires_head(pattern: dict) -> bool:
    """Whether a shape pattern matches only where some token is a head word (kg_head set)."""
    def names_heads(value) -> bool:
        return (isinstance(value, str) and value != "") or (
            isinstance(value, dict) and list(value) == ["IN"] and all(value["IN"]))

    return any(token.get("OP") in (None, "+") and names_heads(token.get("_", {}).get("kg_head"))
               for token in pattern["pattern"])


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


def _native_copy(doc: Doc) -> Doc:
    """The words of ``doc`` with its NORM and its word facts in ``_NATIVE_FIELDS``."""
    facts = word_facts(doc)
    copy = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    if facts is None or not len(doc):
        return copy
    strings = doc.vocab.strings
    norms = [strings.add(norm) for norm in facts.norm]
    kept = [[strings.add(value or _NO_FACT) for value in values]
            for values in (facts.name, facts.head, facts.pos)]
    starts = numpy.where(facts.word_start, 1, -1).astype("uint64")  # -1 wraps, as to_array has it
    copy.from_array(["NORM", _NATIVE_FIELDS["kg_name"], _NATIVE_FIELDS["kg_head"],
                     _NATIVE_FIELDS["kg_pos"], "SENT_START"],
                    numpy.column_stack([numpy.array([norms, *kept], dtype="uint64").T, starts]))
    return copy


# --------------------------------------------------------------------------------------------
# kg_list_ruler: members of an enumeration typed by the class noun that closes it.

@lru_cache(maxsize=None)
def _founding_clause() -> re.Pattern:
    """A clause that ends in a founding verb (data/entities/founding.txt), its subject as group 1."""
    verbs = "|".join(sorted(load_words("founding.txt"), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[，。；：！？,;:!?]))([^，。；：！？,;:!?「」《》“”]{{4,40}}?)"
                      rf"(?:正式|同时|同日)?(?:{verbs})(?=[，。；：！？,;:!?]|$)")


@Language.factory("kg_list_ruler", assigns=["doc.spans"], default_config={"max_item": 12})
def make_list_ruler(nlp: Language, name: str, max_item: int) -> "ListRuler":
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
        classes = {to_simplified(row[0]): row[1]
                   for _, row in load_table("list_classes.tsv", (2, 2))}
        nouns = "|".join(sorted(map(re.escape, classes), key=len, reverse=True))
        self.classes = classes
        self.closing = re.compile(
            rf"(?:等等|等|这样的|这样)(?:[一二三四五六七八九十两\d]+[家个所座])?"
            rf"{_NOT_OF}{{0,6}}?({nouns})"
            rf"|[一二三四五六七八九十两\d]+[家个所座][\u4e00-\u9fff]{{0,6}}?({nouns})")

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
                span = doc.char_span(start, end, label=label)
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
            members = [doc.char_span(start, end, label=label)
                       for start, end in self._members(doc, match.start())]
            if len(members) >= 2 and all(m is not None and _looks_like_brand(m) for m in members):
                yield from members

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
                if span and span[-1]._.kg_head and 3 <= len(span.text) <= self.max_item + 8 \
                        and span[0]._.kg_name not in ("verb", "conj") \
                        and all(t._.kg_name or t._.kg_pos == "m" for t in span):
                    named = Span(doc, span.start, span.end, label=span[-1]._.kg_head)
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
            span = doc.char_span(*clause.span(1), label="Organization")
            text = to_simplified(span.text) if span is not None else ""
            if span is None or span[-1]._.kg_head != "Organization" or \
                    not span[0]._.kg_word_start or any(c in _FUNCTION_CHARS - _CONJUNCTIONS
                                                       for c in text):
                continue
            words = [t for t in span if t._.kg_word_start and t._.kg_word not in _CONJUNCTIONS
                     and t.norm_ not in "、（）()"]
            pieces = re.split(r"[、（）()]", text)
            items = text.split("、")
            if any(t._.kg_pos in _NOT_IN_A_NAME or t._.kg_pos == "m" and t._.kg_name != "ordinal"
                   for t in words) or any(item in _gazetteer_names() or _suffix_label(item, heads)
                                          for item in items[:-1]):
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
                start = quoted if quoted != start else _first_member_start(doc, start, end)
            if start is None or not 2 <= end - start <= self.max_item:
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
        if opening != -1 and 1 <= start - 1 - opening - 1 <= 8 and \
                not any(c in _PUNCT for c in text[opening + 1:start - 1]):
            return opening
    return start


def _first_member_start(doc: Doc, start: int, end: int) -> int | None:
    """Start of the first member: the run of name-like words before ``end``, through verbs
    only at its tail (大疆創新: the tagger calls 創新 a verb; 坐擁羅湖 stops at 坐擁)."""
    first, named = None, False
    for token in reversed(_tokens(doc, start, end)):
        role = token._.kg_name
        if role in ("lead", "inner", "ordinal") and \
                token._.kg_word not in load_words("list_openers.txt"):
            named = True
        elif token._.kg_pos != "v" or named:
            break
        if token._.kg_word_start:
            first = token.idx
    return first if named else None


# --------------------------------------------------------------------------------------------
# kg_cluener_ner: the trained model, its labels mapped and its junk rejected.

@Language.factory("kg_cluener_ner", assigns=["doc.spans"], default_config={"model": ""})
def make_cluener_ner(nlp: Language, name: str, model: str) -> "ClueNer":
    """Run the spaCy NER trained on CLUENER2020 (``kg/models/ner``) and keep plausible names."""
    return ClueNer(name, model)


class ClueNer:
    """Wraps a loaded pipeline: its spans become character spans of our character tokens."""

    def __init__(self, name: str, model: str):
        import spacy

        import kg.text.segment  # noqa: F401  registers the tokenizer the model's config names

        self.name = name
        self.model = spacy.load(model)
        self.labels = {row[0]: row[1] for _, row in
                       load_table("ner_labels.tsv", (2, 2))}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        docs = list(docs)
        texts = (sentence_texts(d)[1] for d in docs)  # CLUENER is Simplified; same offsets
        for doc, parsed in zip(docs, self.model.pipe(texts, batch_size=batch_size)):
            spans = []
            for ent in parsed.ents:
                label = self._label(ent.text, ent.label_)
                span = doc.char_span(ent.start_char, ent.end_char, label=label) if label else None
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
        2 < len(norm) <= 6 and norm.endswith(("市", "区", "省", "县", "镇", "街道")))


def plausible_name(span: Span) -> bool:
    """Reject model spans that are phrases, not names: opening with a generic or non-name
    word (深港合作深化), a verb, adverb, particle or clause punctuation inside, a Person
    without a family name, opening with a place (羅湖臨床) or with a byline word on (石某攝),
    a Role that is not a title."""
    norm = to_simplified(span.text)
    if span.label_ == "Person":
        return 2 <= len(norm) <= 4 and _is_hanzi(norm) and not _holds_title(norm) and \
            any(norm.startswith(s) for s in load_words("surnames.txt")) and \
            not any(norm.startswith(place) for place in _gazetteer_names()) and \
            not any(norm.endswith(cue) for cue in load_words("person_follow.txt"))
    if span.label_ == "Role":
        return norm in load_words("titles.txt")
    if any(c in _CLAUSE_PUNCT for c in span.text):
        return False
    if span[0]._.kg_name not in ("lead", "ordinal") or (
            span[0]._.kg_word in load_words("generic.txt") and not span[-1]._.kg_head):
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
    return all(w not in generic and w not in places and
               tags.get(w, unknown)[:2] in ("nr", "nz", "nt", "j") for w in words)


@lru_cache(maxsize=None)
def _class_nouns() -> tuple[str, ...]:
    """Generic and heritage words of two characters or more: the endings of a kind of thing."""
    words = load_words("generic.txt") | load_words("heritage.txt")
    return tuple(sorted(w for w in words if len(w) > 1))


def _joined_to_common_noun(span: Span) -> bool:
    """Whether a conjunction joins the span to a common noun before it (物流和倉儲): an
    abbreviation there (jieba's j: 倉儲, 中醫) is a common noun too, not a body's short name.
    A body noun before it (公司與上汽合作) may be a partner, so it does not count."""
    doc, i = span.doc, span.start
    return i >= 2 and doc[i - 1].norm_ in _CONJUNCTIONS and doc[i - 2]._.kg_pos == "n" and \
        doc[i - 2]._.kg_word not in load_words("generic.txt")


def _verb_like(token: Token) -> bool:
    """A word that a name cannot contain, by its tag here or in jieba's dictionary (the
    tagger calls 深化 an abbreviation after 合作)."""
    bad = {"v", "d", "p", "c", "u", "r", "uj", "ul", "ud", "uz", "ug"}
    return token._.kg_pos in bad or _dictionary_tag(token) in bad


def _dictionary_tag(token: Token) -> str:
    """jieba's dictionary tag of the word that starts at ``token``."""
    return _posseg().word_tag_tab.get(token._.kg_word, "")


# --------------------------------------------------------------------------------------------
# extract_mentions: run the pipeline over sentences and merge the sources.

@dataclass(frozen=True)
class Candidate:
    """A span proposed by one source, before merging."""

    start: int
    end: int
    label: str
    source: str

    @property
    def rank(self) -> int:
        return SOURCES.index(self.source)

    def precedence(self) -> tuple[int, int, int, str]:
        """Sort key: source first, then longer spans, then text order (a total order)."""
        return self.rank, self.start - self.end, self.start, self.label

    def contains(self, other: "Candidate") -> bool:
        return self.start <= other.start and other.end <= self.end and \
            (self.end - self.start) > (other.end - other.start)

    def overlaps(self, other: "Candidate") -> bool:
        return self.start < other.end and other.start < self.end


def merge_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates by the precedence in the module docstring.

    >>> merge_candidates([Candidate(0, 2, "Place", "kg_gazetteer"),
    ...                   Candidate(0, 5, "Organization", "kg_shape_ruler"),
    ...                   Candidate(3, 7, "Initiative", "kg_quote_ruler")])
    [Candidate(start=3, end=7, label='Initiative', source='kg_quote_ruler'), \
Candidate(start=0, end=2, label='Place', source='kg_gazetteer')]
    """
    accepted: list[Candidate] = []
    for cand in sorted(set(candidates), key=Candidate.precedence):
        clashes = [a for a in accepted if a.overlaps(cand)]
        if not clashes:
            accepted.append(cand)
        elif cand.label != "Role" and all(cand.contains(a) and a.label != "Role" and
                                          (a.label != "Person" or cand.label == "Person")
                                          for a in clashes):
            accepted = [a for a in accepted if a not in clashes] + [cand]
    return accepted


def extract_mentions(document: Document, nlp: Language) -> list[Mention]:
    """Typed mentions of every sentence of ``document``, ordered by sentence and offset.

    ``nlp`` comes from ``kg.nlp.make_nlp()``; offsets are into ``Sentence.text``.
    """
    generic = load_words("generic.txt")
    per_sentence, marked = [], []
    for sentence, doc in zip(document.sentences, nlp.pipe(s.text for s in document.sentences)):
        candidates = [c for c in _candidates(doc) if to_simplified(
            sentence.text[c.start:c.end]).strip("「」《》“”『』") not in generic]
        per_sentence.append((sentence, candidates))
        marked.append(_marked_forms(doc))
    extra = _quoted_programmes(marked)
    per_sentence = _acronyms_of_events(_propagate(
        [(sentence, merge_candidates(found + more))
         for (sentence, found), more in zip(per_sentence, extra)]))
    mentions = [Mention(document.doc_id, sentence.index, c.start, c.end,
                        sentence.text[c.start:c.end], c.label, c.source, _SCORES[c.source])
                for sentence, found in per_sentence for c in found
                if c.label != "Role" or _anchored(c, found, sentence.text)]
    return sorted(mentions, key=lambda m: (m.sentence, m.start, m.end))


def _marked_forms(doc: Doc) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """A sentence's bare quoted phrases and its initiative-headed shapes, each as (start, end,
    folded core): the core of 「甲乙」 is 甲乙, of 甲乙模式 (a shape, kept or not) 甲乙, and
    of 丙丁甲乙模式 also 丁甲乙 and 甲乙 (from each word on)."""
    text, norm = sentence_texts(doc)
    quotes = [(a, b + 1, norm[a + 1:b]) for a, b in _quote_pairs(text)
              if 3 <= b - a - 1 <= 12 and not any(c in _PUNCT for c in norm[a + 1:b])]
    shapes = [(t.idx, span.end_char, norm[t.idx:span[_trailing_heads(span) - 1].idx + 1])
              for span in filter_spans(doc.spans.get("kg_shape_ruler", []))
              if span.label_ == "Initiative" and _trailing_heads(span)
              for t in span[:_trailing_heads(span)] if t._.kg_word_start]
    return quotes, shapes


def _quoted_programmes(marked) -> list[list[Candidate]]:
    """Per sentence, the programmes a document marks twice: an author who quotes 「甲乙」 once
    and writes 甲乙模式 (or 機制, 政策 …) elsewhere names a programme by both, even where
    neither alone reads as a name (「無感通關」 … 推行無感通關模式)."""
    quoted = {core for quotes, _ in marked for _, _, core in quotes}
    headed = {core for _, shapes in marked for _, _, core in shapes}
    return [[Candidate(a, b, "Initiative", "kg_quote_ruler") for a, b, core in quotes
             if core in headed] +
            [Candidate(a, b, "Initiative", "kg_shape_ruler") for a, b, core in shapes
             if core in quoted] for quotes, shapes in marked]


def _anchored(role: Candidate, found: list[Candidate], text: str) -> bool:
    """A Role is kept only next to a Person or right after an Organization (記者從… is
    no title of anyone)."""
    def gap(a: int, b: int) -> bool:
        return a <= b and not text[a:b].strip(" \u3000」”")
    return any(c.label == "Person" and (gap(role.end, c.start) or gap(c.end, role.start)) or
               c.label == "Organization" and c.end == role.start for c in found)


def _candidates(doc: Doc) -> Iterator[Candidate]:
    """Candidates of every source present in ``doc.spans``, with per-source checks."""
    text = sentence_texts(doc)[0]
    for source in SOURCES:
        shapes: list[Span] = []
        kept: list[Span] = []
        classes: list[Span] = []  # shapes that describe a class: nothing inside them is a name
        for span in sorted(doc.spans.get(source, []), key=lambda s: (s.start, s.end)):
            if source in ("kg_gazetteer", "kg_cluener_ner", "kg_shape_ruler") and \
                    not _on_word_edges(span):
                continue
            if source == "kg_cluener_ner" and span.label_ in ("Person", "Organization") and \
                    _inside_quote(span):
                continue
            if any(c.start <= span.start and span.end <= c.end for c in classes):
                continue  # 一家人形機器人公司 is counted, so 機器人公司 inside it names nothing
            if source in ("kg_shape_ruler", "kg_list_ruler") and _after_adverb(span):
                classes.append(span)
                continue
            if source == "kg_shape_ruler":
                span = _session_of_sitting(span)
                if not (_shape_ok(span) or _coordinated(span, shapes)):
                    continue
                shapes.append(span)
            if source in ("kg_shape_ruler", "kg_list_ruler", "kg_cluener_ner") and \
                    _counted(span, after=source == "kg_shape_ruler"):
                classes.append(span)
                continue  # a count after list members closes the list (甲、乙兩家企業)
            kept.append(span)
        if source == "kg_shape_ruler":
            kept = filter_spans(kept)  # the first longest of the shapes that passed
        for span in kept:
            end = _closing_aside(text, span.start_char, span.end_char)
            for start, stop in _bracketed_short_form(text, span.start_char, end):
                yield Candidate(start, stop, span.label_, source)


def _closing_aside(text: str, start: int, end: int) -> int:
    """End of a name that stops inside an aside it opened (深圳市委黨校(社會主義學院): one past
    the closing bracket when that comes right after, else ``end``."""
    name = text[start:end]
    for opening, closing in (("(", ")"), ("（", "）")):
        if name.count(opening) > name.count(closing) and text.startswith(closing, end):
            return end + 1
    return end


_BRACKETED_AT_END = re.compile(r"^(.+?)[（(]([^（）()]+)[）)]$")


def _bracketed_short_form(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A name that closes with its own short form in brackets is two names, the long and the
    short (深圳市前海深港現代服務業合作區管理局（前海管理局）); any other aside stays part of
    the name (深圳市委黨校（社會主義學院）)."""
    match = _BRACKETED_AT_END.match(text[start:end])
    if match is None or not abbreviates(match.group(2), match.group(1)):
        return [(start, end)]
    short = start + match.start(2)
    return [(start, start + match.end(1)), (short, short + len(match.group(2)))]


def _after_adverb(span: Span) -> bool:
    """Whether the word before a shape is an adverb: what follows 共同, 相同 or 亦 is a
    predicate (共同謀劃合作方案), its words open no name."""
    i = span.start - 1
    while i > 0 and not span.doc[i]._.kg_word_start:
        i -= 1
    return i >= 0 and span.doc[i]._.kg_pos == "d"


def _session_of_sitting(span: Span) -> Span:
    """The session a sitting belongs to: 某市九屆人大三次會議第一次全體會議 names the session
    (某市九屆人大三次會議), its sittings are not events of their own; other spans as they are."""
    end = len(span) - 1
    while end > 0 and not span[end]._.kg_word_start:
        end -= 1  # the last word
    if span.label_ != "Event" or to_simplified(span[end:].text) not in _sitting_heads():
        return span
    while end and span[end - 1]._.kg_name == "ordinal" and not span[end - 1]._.kg_head:
        end -= 1
    if end and span[end - 1]._.kg_head == "Event":
        return Span(span.doc, span.start, span.start + end, label=span.label_)
    return span


def _inside_quote(span: Span) -> bool:
    """Whether a span lies inside a quoted phrase and is not all of it: a name inside a quoted
    name (“某某地動儀”, “某某繪畫—奔馬”) is part of that name, as a place inside a body's is."""
    text = sentence_texts(span.doc)[0]
    return any(open_at < span.start_char and span.end_char <= close_at and
               (open_at + 1, close_at) != (span.start_char, span.end_char)
               for open_at, close_at in _quote_pairs(text))


_COORDINATORS = frozenset("和及与")
_AREA_WORD = "地区"


def _coordinated(span: Span, accepted: list[Span]) -> bool:
    """A name joined by 和/及/與 to an accepted name with the same head is a name of the
    same kind, even with a short stem: 過境土地B1地塊和橋畔地塊."""
    head = span[_trailing_heads(span):].text
    stem = span[:_trailing_heads(span)]
    if not accepted or len(stem) < 2 or not stem[0]._.kg_word_start or \
            stem[0]._.kg_word in load_words("generic.txt"):
        return False
    before = accepted[-1]
    return before.label_ == span.label_ and before.end + 1 == span.start and \
        span.doc[before.end].norm_ in _COORDINATORS and head and before.text.endswith(head)


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


def _shape_ok(span: Span) -> bool:
    """A shape match needs a name part before its head of two words, or of one proper word:
    香港商報, 深港創業項目孵化培育聯動機制, but not 聯動機制."""
    stem = list(span[:_trailing_heads(span)])
    stem_words = [t._.kg_word for t in stem if t._.kg_word_start]
    words = len(stem_words)
    proper = any(t._.kg_pos in _PROPER for t in stem)
    body = span.label_ == "Organization"  # 大公報, 新華社: one plain word names a body
    head = "".join(t.norm_ for t in span if t._.kg_head and t.i >= stem[-1].i) if stem else ""
    if stem and (_verb_after_head(span, stem[-1].i) or _head_then_verb(stem)):
        return False
    if span[0].norm_ in _FUNCTION_CHARS | _OPENERS or any(t.norm_ == "了" for t in span):
        return False  # 由林達集團, 了澤東公司: the tagger glued a function word on
    if span[0].norm_ in "(（":
        return False  # (業務發展)蔣學禮和…局: an aside closes what came before, it opens no name
    if span.id_.startswith("joined") and any(t._.kg_pos in _PERSON_TAGS for t in span):
        return False  # 蔣學禮和深圳市商務局: a person and a body joined, not one name
    generic = load_words("generic.txt")
    if all(word in generic for word in stem_words):
        return False  # 深港口岸: generic words and a head name nothing
    if span.label_ != "Organization" and _places_and_generic_words(stem, generic):
        return False  # 河套兩地園區: a place and a generic word describe, they do not name
    if head in _abstract_heads() and _place_and_common_word(stem):
        return False  # 香港調解機制 is Hong Kong's mediation, not a named mechanism
    if stem and stem[-1]._.kg_word.endswith("型") and len(stem[-1]._.kg_word) > 1:
        return False  # 服務型政府, 創新型企業: a kind of body, not a body
    if any(rank in word for word in stem_words for rank in load_words("ranks.txt")):
        return False  # 國家級製造業創新中心, 省級重點實驗室: a rank names a class
    if span.label_ == "Platform" and head.endswith("中心") and stem and \
            stem[0]._.kg_word in _SCOPE_WORDS and not proper:
        return False  # 把香港打造成國際科技創新中心: a status to reach, no named zone
    if stem and all(t._.kg_name == "ordinal" for t in stem):
        return head in _gazetteer_names()  # 2026年行動方案 names nothing; 2025年施政報告 does
    if not load_words("issuing.txt").isdisjoint(stem_words):
        return False  # 前海發布引領區行動方案: an issuer, its verb and the document
    if span.label_ in _PLACE_LIKE and _place_verb_place(stem):
        return False  # 深圳對接融合北部都會區 is a clause
    if span.label_ == "Port" and any(t._.kg_pos == "a" and len(t._.kg_word) > 1 for t in stem):
        return False  # 香港|激活|口岸: a port is named by places and nouns, an adjective predicates
    if span.label_ == "Port" and len(stem_words) == 1 and stem_words[0] in _cities():
        return False  # 深圳口岸工作: a city's ports together, not one port
    if span.label_ == "Port" and any(t._.kg_pos in ("vn", "l") for t in stem):
        return False  # 24小時|通關|陸路口岸, 深港|共同開發|口岸: a kind of port, described
    if span.label_ == "Platform" and any(t._.kg_pos == "l" for t in stem):
        return False  # 深港|共同開發|口岸經濟帶: a set phrase of action describes the zone
    if head in _governed_heads() and not _ends_in_place(stem):
        return False  # 德勤管理諮詢政府 (與公共事務行業) is a practice, not a government
    if head in _brand_heads() and words == 1:
        return len(stem) >= 2 and stem[0]._.kg_pos in _PROPER - {"ns"}
    if head in _proper_heads():  # 香港藝術中心, not 深圳中心; 第三屆國際工業展, not 工業展
        return len(stem) >= 2 and (proper or _edition(span)) and words >= 2
    return len(stem) >= 2 and (words >= 2 or proper or body)


_COUNT = r"[0-9０-９一二三四五六七八九十百千万两几数多]+(?:个|家|项|所|座|批|条|类|种|间|大)"
_COUNT_BEFORE = re.compile(rf"(?<!第)(?:{_COUNT}|一系列|系列|若干|多家|各类|各个|每个)$")
_COUNT_AFTER = re.compile(rf"^{_COUNT}")


def _edition(span: Span) -> bool:
    """Whether an event opens with its edition (第25屆, 首屆): a numbered event is a named one."""
    return span.label_ == "Event" and span[0]._.kg_name == "ordinal" and \
        bool(re.search(r"[届]$|^首", span[0]._.kg_word))


def _counted(span: Span, after: bool = True) -> bool:
    """A counted noun is a class, not a name: 建成5個區級中心, 一家機器人公司, 三大電信公司,
    研發中心8個以上; an ordinal (第七醫院) is no count.

    >>> import spacy
    >>> doc = spacy.blank("zh")("建成5個質控中心和第七醫院")
    >>> _counted(doc[4:8]), _counted(doc[9:13])
    (True, False)
    """
    norm = sentence_texts(span.doc)[1]
    return bool(_COUNT_BEFORE.search(norm[:span.start_char]) or
                _COUNT_AFTER.match(norm[span.start_char:span.end_char]) or
                after and _COUNT_AFTER.match(norm[span.end_char:]))


def _place_verb_place(stem: list[Token]) -> bool:
    """Whether a place word, then a verb, then another place word run through a stem:
    深圳|對接|融合|北部 (都會區), 香港|共同開發|北部 (都會區): one place acting on another."""
    words = [t for t in stem if t._.kg_word_start]
    for k in range(1, len(words) - 1):
        verb = words[k]._.kg_pos == "v" or _dictionary_tag(words[k]) in ("v", "l")
        if words[k - 1]._.kg_pos == "ns" and verb and \
                any(w._.kg_pos == "ns" for w in words[k + 1:]):
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
    return 0 < i and len(rest) == 1 and rest[0]._.kg_pos not in _PROPER and \
        rest[0]._.kg_name != "ordinal" and not rest[0]._.kg_head


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
    return any(a._.kg_head and a._.kg_pos != "vn" and b._.kg_word_start and
               b._.kg_name == "verb" for a, b in zip(stem, stem[1:]))


def _propagate(per_sentence):
    """Add other bare occurrences of names found in the document (宮清表示; a quoted name
    also without its quotes), and drop spans that run a known person into a clause
    (黃某某冀調解機制)."""
    people = [sentence.text[c.start:c.end] for sentence, found in per_sentence
              for c in found if c.label == "Person" and c.end - c.start >= 2]
    per_sentence = [(sentence, [c for c in found if not _runs_person_on(
        sentence.text[c.start:c.end], c, people)]) for sentence, found in per_sentence]
    names = {}
    for sentence, found in per_sentence:
        for c in found:
            text = sentence.text[c.start:c.end]
            if c.label != "Role" and len(text) >= (2 if c.label == "Person" else 3):
                names.setdefault(text, c.label)
            core = text[1:-1]
            if text[:1] in "「『“" and _QUOTES.get(text[0]) == text[-1] and len(core) >= 4 \
                    and not any(ch in _QUOTE_CHARS for ch in core):
                names.setdefault(core, c.label)  # 「大數據…對接」 is also written bare
    out = []
    for sentence, kept in per_sentence:
        extra = [Candidate(m.start(), m.end(), label, "kg_propagation")
                 for text, label in names.items() if text in sentence.text
                 for m in re.finditer(re.escape(text), sentence.text)]
        out.append((sentence, merge_candidates(kept + extra)))
    return out


def _acronyms_of_events(per_sentence):
    """A Latin acronym the document also writes inside an event's name stands for that event
    (2026年APEC會議 … APEC在深圳舉辦): the model's body there is the event's short form."""
    events = [sentence.text[c.start:c.end] for sentence, found in per_sentence
              for c in found if c.label == "Event"]
    def relabel(c: Candidate, text: str) -> Candidate:
        if c.label == "Organization" and _ACRONYM.fullmatch(text) and \
                any(text in event and text != event for event in events):
            return Candidate(c.start, c.end, "Event", c.source)
        return c
    return [(sentence, [relabel(c, sentence.text[c.start:c.end]) for c in found])
            for sentence, found in per_sentence]


def _runs_person_on(text: str, candidate: Candidate, people: list[str]) -> bool:
    """Whether a non-person span opens with a known person's name not followed by a head
    (李某基金會 is a body named after a person; 黃某某冀調解機制 is a clause)."""
    if candidate.label in ("Person", "Role"):
        return False
    norm = to_simplified(text)
    return any(norm.startswith(to_simplified(person)) and
               not _head_at_start(norm[len(person):]) for person in people)


def _head_at_start(text: str) -> bool:
    heads = load_heads()
    return any(text[:size] in heads for size in range(1, min(6, len(text)) + 1))
