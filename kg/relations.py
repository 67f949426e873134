"""Relation extraction: typed statements between resolved entities, with their evidence.

Rules read the structure of Chinese news sentences, not names: an appositive chain of
organization + title before a person is an affiliation, a proposing verb after a person governs
the initiatives that follow it, 在 + place + 舉行 locates an event. Each pattern family is one
small function over a ``_Sentence`` view; cue words live in ``kg/data/relations/*.tsv``.

Matching runs on the Simplified fold of each sentence (OpenCC keeps the length, so offsets
carry over), with the characters of every mention masked out, so that a cue inside a name
(合作 in 前海深港現代服務業合作區) never fires.
"""
from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kg import resources
from kg.errors import PatternError
from kg.text.normalize import fold_key, to_simplified
from kg.records import ENTITY_TYPES, Document, Mention, Relation, Resolution, Sentence

__all__ = ["Cue", "load_cues", "extract_relations", "SIGNATURES"]

# Subject and object types of each predicate (GUIDELINES.md); partOf is refined in _allowed.
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "proposed": (frozenset({"Person", "Organization"}), frozenset({"Initiative"})),
    "affiliatedWith": (frozenset({"Person"}), frozenset({"Organization"})),
    "locatedIn": (frozenset({"Port", "Platform", "Organization", "Place", "Event"}),
                  frozenset({"Place"})),
    "concerns": (frozenset({"Initiative"}),
                 frozenset({"Port", "Platform", "Place", "Organization"})),
    "cooperatesWith": (frozenset({"Place", "Organization", "Platform"}),
                       frozenset({"Place", "Organization", "Platform"})),
    "partOf": (frozenset({"Organization", "Platform"}),
               frozenset({"Organization", "Platform", "Place"})),
    "participatedIn": (frozenset({"Person", "Organization"}), frozenset({"Event"})),
}
_ENTITY_LABELS = frozenset(ENTITY_TYPES)
_PART_OF = {"Organization": {"Organization"}, "Platform": {"Platform", "Place"}}

_KINDS = {
    "proposed": {"verb", "speech", "after", "advocate", "before", "frame", "hedge", "subject"},
    "affiliated": {"title", "head", "byline", "body"},
    "located": {"has", "in", "held", "host", "as", "is", "placenoun", "orgnoun", "manner",
                "classnoun", "geohead", "base", "build", "part"},
    "partof": {"sub", "within", "unit", "zone", "incl", "build"},
    "concerns": {"topic", "verb", "namely", "document", "anaphor"},
    "cooperates": {"with", "link", "joint", "conj"},
    "participated": {"attend", "organize", "at", "plenary", "anaphor", "award", "organ", "session",
                     "organizer", "venue"},
    "continuation": {"pronoun", "adverb"},
    "abbreviations": None,  # the kind column holds the place the abbreviation stands for
}

_CLAUSE_END = set("，,；;：:。！？!?\n")
_SEGMENT_END = set("；;。！？!?\n")  # a semicolon closes one item of a report's list
_LIST_SEP = set("、,，及和与")
_ITEM_SEP = "、,，；;：:。】\n"
_SPACE = set(" \t\u3000\xa0")
_QUOTES = set("「」『』“”\"《》")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")  # an aside: （簡稱「灣高賽」）
_MASK = "\x00"


# --------------------------------------------------------------------------- cue files


@dataclass(frozen=True)
class Cue:
    """One cue word: its Simplified form, the kind of pattern it triggers, and a weight."""

    text: str
    kind: str
    weight: float
    param: str = ""     # e.g. the government level of a head-of-government title


@lru_cache(maxsize=None)
def load_cues(name: str) -> tuple[Cue, ...]:
    """Cues of ``kg/data/relations/<name>.tsv``, folded to Simplified, longest first.

    Lines are ``cue<TAB>kind<TAB>weight``; ``#`` starts a comment. A malformed line raises
    ``PatternError`` naming the file and line.

    >>> next(c for c in load_cues("proposed") if c.text == "建议" and c.kind == "verb").weight
    0.9
    """
    name = f"relations/{name}.tsv"
    return parse_cues(resources.read_data(name), resources.data_path(name),
                      _KINDS.get(name[len("relations/"):-len(".tsv")], set()))


def parse_cues(raw: str, where: str, kinds: set[str] | None) -> tuple[Cue, ...]:
    """Parse and check the text of a cue file (``where`` names it in errors).

    >>> parse_cues("提出\\tverb\\t0.9\\n", "x.tsv", {"verb"})[0].weight
    0.9
    """
    cues: list[Cue] = []
    seen: set[tuple[str, str]] = set()
    for lineno, fields in resources.parse_table(raw, where, (3, 3)):
        text, kind, weight_s = fields
        kind, _, param = kind.partition(":")
        if kinds is not None and kind not in kinds:
            raise PatternError(f"{where}:{lineno}: unknown kind {kind!r}; "
                               f"choose from {', '.join(sorted(kinds))}")
        try:
            weight = float(weight_s)
        except ValueError:
            raise PatternError(f"{where}:{lineno}: weight {weight_s!r} is not a number") from None
        if not 0 < weight <= 1:
            raise PatternError(f"{where}:{lineno}: weight {weight} outside (0, 1]")
        if (text, kind) in seen:
            raise PatternError(f"{where}:{lineno}: duplicate cue {text!r} ({kind})")
        seen.add((text, kind))
        param = to_simplified(param) if param else (to_simplified(kind) if kinds is None else "")
        cues.append(Cue(to_simplified(text), kind, weight, param))
    return tuple(sorted(cues, key=lambda c: -len(c.text)))


@lru_cache(maxsize=None)
def _cues(name: str, *kinds: str) -> tuple[Cue, ...]:
    """The cues of some kinds from a cue file, longest first as ``_Sentence.find`` wants them
    (cached: rules ask for them per sentence)."""
    return tuple(sorted((c for kind in kinds for c in load_cues(name) if c.kind == kind),
                        key=lambda c: -len(c.text)))


_CUE_SEARCH: dict[int, tuple[tuple[Cue, ...], re.Pattern]] = {}


def _cue_search(cues: tuple[Cue, ...]) -> re.Pattern:
    """A regex matching any of ``cues``, compiled once per tuple (``_cues`` caches them, and
    a plain lru_cache would hash every cue of the tuple on each call)."""
    entry = _CUE_SEARCH.get(id(cues))
    if entry is None or entry[0] is not cues:
        entry = _CUE_SEARCH[id(cues)] = (cues, re.compile("|".join(re.escape(c.text) for c in cues)))
    return entry[1]


# --------------------------------------------------------------------------- sentence view


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label: str
    key: str | None     # entity key; None for Role mentions
    text: str


@dataclass
class _Sentence:
    """A sentence with its Simplified fold, masked fold and typed spans, in text order."""

    sent: Sentence
    fold: str
    masked: str
    spans: list[_Span]
    para: int           # paragraph (ingest already joined sentences a layout broke)

    def clause(self, pos: int, marks: frozenset[str] | set[str] = _CLAUSE_END) -> tuple[int, int]:
        """Bounds of the clause (between ，；：。 or other ``marks``) holding ``pos``."""
        if marks is _CLAUSE_END:  # the rules ask this one most: bisect its marks
            ends = self.clause_ends
            i = bisect_left(ends, pos)
            return (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else len(self.masked))
        start = pos
        while start > 0 and self.masked[start - 1] not in marks:
            start -= 1
        end = pos
        while end < len(self.masked) and self.masked[end] not in marks:
            end += 1
        return start, end

    @cached_property
    def clause_ends(self) -> list[int]:
        """Offsets of the characters of ``_CLAUSE_END`` in ``masked``."""
        return [i for i, ch in enumerate(self.masked) if ch in _CLAUSE_END]

    def find(self, cues: tuple[Cue, ...], lo: int = 0, hi: int | None = None) -> list[tuple[int, Cue]]:
        """Non-overlapping cue hits in ``masked[lo:hi]``, longest cue first at each place
        (``cues`` come longest first, as ``_cues`` gives them)."""
        hi = len(self.masked) if hi is None else hi
        if not _cue_search(cues).search(self.masked, lo, hi):
            return []  # most sentences hold none of a rule's cues: one regex scan says so
        hits: list[tuple[int, Cue]] = []
        taken: set[int] = set()
        for cue in cues:
            pos = self.masked.find(cue.text, lo)
            while pos != -1 and pos + len(cue.text) <= hi:
                cells = set(range(pos, pos + len(cue.text)))
                if not cells & taken:
                    hits.append((pos, cue))
                    taken |= cells
                pos = self.masked.find(cue.text, pos + 1)
        return sorted(hits, key=lambda h: h[0])

    def between(self, a: int, b: int) -> str:
        """Folded text between two offsets, without spaces."""
        return "".join(ch for ch in self.fold[a:b] if ch not in _SPACE)

    def before(self, pos: int, labels: set[str] | frozenset[str], lo: int = 0) -> _Span | None:
        """Nearest span of one of ``labels`` ending at or before ``pos`` (and after ``lo``)."""
        found = [s for s in self.spans if s.label in labels and lo <= s.start and s.end <= pos]
        return found[-1] if found else None

    def after(self, pos: int, labels: set[str] | frozenset[str], hi: int | None = None) -> list[_Span]:
        """Spans of ``labels`` inside ``[pos, hi)``."""
        hi = len(self.fold) if hi is None else hi
        return [s for s in self.spans if s.label in labels and s.start >= pos and s.end <= hi]

    def run(self, pos: int, labels: set[str] | frozenset[str], hi: int | None = None) -> list[_Span]:
        """Spans of ``labels`` in the list starting at ``pos`` (A、B和C), which ends at other text."""
        hi = len(self.fold) if hi is None else hi
        listed: list[_Span] = []
        for s in self.spans:
            if s.start < pos or s.end > hi:
                continue
            gap = set(self.between(pos, s.start))
            if s.label == "Role" or not (gap <= _QUOTES or (listed and gap <= _LIST_SEP | _QUOTES | set("（）()"))):
                break
            listed.append(s)
            pos = s.end
        return [s for s in listed if s.label in labels]


def _view(sent: Sentence, mentions: Sequence[Mention], resolution: Resolution) -> _Sentence:
    """The rules' view of one sentence: mentions that resolve (or are roles), in text order."""
    fold = to_simplified(sent.text)
    spans = []
    for m in mentions:
        key = None if m.label == "Role" else resolution.entity_of.get(m)
        if not 0 <= m.start < m.end <= len(fold) or (m.label != "Role" and key is None):
            continue
        try:
            label = "Role" if key is None else resolution.entity(key).label
        except KeyError:
            continue  # resolved to a key the resolution does not list: nothing to relate
        spans.append(_Span(m.start, m.end, label, key, fold[m.start:m.end]))
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[_Span] = []
    for s in spans:  # drop mentions nested in a longer one: one reading per character
        if not kept or s.start >= kept[-1].end:
            kept.append(s)
    masked = list(fold)
    for s in kept:
        masked[s.start:s.end] = _MASK * (s.end - s.start)
    return _Sentence(sent, fold, "".join(masked), kept, sent.paragraph)


# --------------------------------------------------------------------------- document state


@dataclass
class _Context:
    """What the rules of one document share: resolution, emitted relations, discourse state."""

    doc: Document
    resolution: Resolution
    doc_keys: list[str]                       # entities of this document, in order of mention
    relations: dict[tuple[str, str, str], Relation] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)  # events mentioned so far, in order
    event_seen: dict[str, int] = field(default_factory=dict)  # event -> last sentence naming it
    now: int = 0                              # position of the sentence being read
    story: int = 0                            # where the current story began (a 【X訊】 header)
    outlet: str | None = None                 # the newspaper of a 【X訊】 header
    speaker: dict[int, str] = field(default_factory=dict)  # paragraph -> last-named person
    columns: set[int] = field(default_factory=set)  # paragraphs spoken by a speaker line
    reporters: set[str] = field(default_factory=set)  # bylined journalists never speak
    cataphora: dict[int, str] = field(default_factory=dict)  # paragraph -> first proposer
    _by_name: dict[str, Mapping[str, str]] = field(default_factory=dict)
    _doc_names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def label(self, key: str) -> str:
        """Entity type of a key."""
        return self.resolution.entity(key).label

    def names(self, key: str) -> list[str]:
        """Folded names of an entity, longest first."""
        e = self.resolution.entity(key)
        return _folded_names((e.name, *e.aliases))

    def doc_names(self, label: str) -> list[tuple[str, str]]:
        """(folded name, key) of the document's entities of ``label``, names of two characters
        or more: rules ask per sentence, so it is gathered once."""
        if label not in self._doc_names:
            self._doc_names[label] = [(n, k) for k in self.doc_keys if self.label(k) == label
                                      for n in self.names(k) if len(n) >= 2]
        return self._doc_names[label]

    def by_name(self, label: str) -> Mapping[str, str]:
        """Folded name -> key of the corpus's entities of ``label`` (document's first)."""
        if label not in self._by_name:
            table: dict[str, str] = {}
            for key in self.doc_keys:
                if self.label(key) == label:
                    for name in self.names(key):
                        table.setdefault(name, key)
            self._by_name[label] = ChainMap(table, _corpus_by_name(self.resolution, label))
        return self._by_name[label]

    def place(self, name: str) -> str | None:
        """The document's (else the corpus's) Place entity called ``name`` (or ``name``市/省)."""
        table, want = self.by_name("Place"), fold_key(name)
        return next((table[n] for n in (want, want + "市", want + "省") if n in table), None)

    def add(self, view: _Sentence, subject: str | None, predicate: str, obj: str | None,
            source: str, confidence: float, clause: tuple[int, int] | None = None,
            role: str | None = None) -> None:
        """Record a relation if the types fit the predicate; keep the best per triple."""
        if not subject or not obj or subject == obj or not self._allowed(subject, predicate, obj) \
                or set(self.names(subject)) & set(self.names(obj)):
            return  # no self-relations, also between two typings of one name
        if predicate == "cooperatesWith" and obj < subject:
            subject, obj = obj, subject
        start, end = _trim(view.sent.text, *(clause or (0, len(view.sent.text))))
        if start >= end:
            start, end = 0, len(view.sent.text)
        o_start, o_end = view.sent.original_span(start, end)
        rel = Relation(subject, predicate, obj, self.doc.doc_id, view.sent.index,
                       view.sent.text[start:end], o_start, o_end, source,
                       round(min(max(confidence, 0.01), 1.0), 3), role)
        old = self.relations.get((subject, predicate, obj))
        if old is None or rel.confidence > old.confidence:
            self.relations[(subject, predicate, obj)] = rel

    def _allowed(self, subject: str, predicate: str, obj: str) -> bool:
        """Whether the types fit the predicate (GUIDELINES.md), partOf by subject type."""
        s_types, o_types = SIGNATURES[predicate]
        s, o = self.label(subject), self.label(obj)
        if predicate == "partOf":
            return o in _PART_OF.get(s, set())
        return s in s_types and o in o_types


_CORPUS_TABLES: list = [lambda: None, {}]   # [weakref to a Resolution, label -> table]


def _corpus_by_name(resolution: Resolution, label: str) -> dict[str, str]:
    """Folded name -> key of the corpus's entities of ``label``, the smallest key first.

    Built once per resolution rather than once per document: rebuilding it for every article
    made the relation stage grow with articles × entities.
    """
    if _CORPUS_TABLES[0]() is not resolution:
        _CORPUS_TABLES[:] = [weakref.ref(resolution), {}]
    tables = _CORPUS_TABLES[1]
    if label not in tables:
        table: dict[str, str] = {}
        for entity in sorted(resolution.entities, key=lambda e: e.key):
            if entity.label == label:
                for name in _folded_names((entity.name, *entity.aliases)):
                    table.setdefault(name, entity.key)
        tables[label] = table
    return tables[label]


@lru_cache(maxsize=None)
def _folded_names(names: tuple[str, ...]) -> list[str]:
    """Folded forms of names, longest first (cached: every rule compares names)."""
    return sorted({fold_key(x) for x in names} - {""}, key=lambda n: (-len(n), n))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a clause to its words: no spaces or punctuation at either end."""
    junk = _SPACE | _CLAUSE_END | set("\n")
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end


# --------------------------------------------------------------------------- affiliatedWith


_BYLINE = re.compile(r"【([^【】]{1,20}?)訊】|【([^【】]{1,20}?)讯】")


def _outlet(views: list[_Sentence]) -> str | None:
    """The organization named in a 【X訊】 news-agency header: the outlet of bare bylines."""
    for view in views:
        for match in _BYLINE.finditer(view.sent.text):
            for s in view.spans:
                if s.label == "Organization" and match.start() <= s.start < match.end():
                    return s.key
    return None


def _title_end(text: str) -> Cue | None:
    """The title cue a stretch of text ends with (董事長, 記者, 市長), if any."""
    for cue in load_cues("affiliated"):
        if text.endswith(cue.text):
            return cue
    return None


_GOVERNMENT = re.compile(r"[市区省县镇]?(?:人民)?政府$")


def _government(ctx: _Context, level: str, place: _Span | None) -> str | None:
    """The government body of ``level`` (市/區…): named after ``place`` if given (深圳市政府),
    else the document's one body of that level (深圳市羅湖區人民政府 for 區長)."""
    if place is None:
        found = sorted((len(n), key) for key in ctx.doc_keys if ctx.label(key) == "Organization"
                       for n in ctx.names(key)[:1] if n.endswith("政府") and level in n and len(n) <= 12)
        return found[0][1] if found else None
    if not place.key:
        return None
    bodies = ctx.by_name("Organization")
    stems = [fold_key(place.text)] + ctx.names(place.key)
    found = sorted((n not in ctx.doc_keys, len(n), key) for n, key in bodies.items()
                   for stem in stems if n.startswith(stem) and _GOVERNMENT.fullmatch(n[len(stem):]))
    return found[0][2] if found else None


def _affiliations(ctx: _Context, view: _Sentence) -> None:
    """Titles before or after a person: 深圳市政協委員、X公司董事長張三; 記者李四; 覃偉中市長.

    Persons listed after one title share it (記者張三、李四); reporters are remembered so that
    they are never taken for the speaker of a paragraph.
    """
    chains: dict[_Span, list[tuple[str, str, float]]] = {}
    bylines = _cues("affiliated", "byline")
    for person in (s for s in view.spans if s.label == "Person"):
        chain = _chain_before(ctx, view, person.start)
        prev = _skip_space_back(view.fold, person.start)
        listed = [p for p in chains if p.end == prev - 1 and view.fold[prev - 1] in "、,，"]
        if not chain:
            chain = chains[listed[-1]] if listed else _title_after(ctx, view, person)
        chains[person] = chain
        if view.fold[:prev].endswith(tuple(c.text for c in bylines)) or \
                (listed and listed[-1].key in ctx.reporters):
            ctx.reporters.add(person.key)
        for org, role, conf in chain:
            ctx.add(view, person.key, "affiliatedWith", org, "affiliation_chain", conf,
                    view.clause(person.start), role)


def _skip_space_back(text: str, pos: int) -> int:
    """``pos`` moved left over spaces (bylines put a space before the name)."""
    while pos > 0 and text[pos - 1] in _SPACE:
        pos -= 1
    return pos


def _chain_before(ctx: _Context, view: _Sentence, pos: int) -> list[tuple[str, str, float]]:
    """Read ``[org][title]、[org][title]`` backwards from a person: (org key, role, confidence).

    An item runs from the previous separator to ``pos``; its title is the text after the
    nearest organization (place words may sit inside it: 香港貿易發展局大灣區首席代表). With no
    organization, a head-of-government title finds the government body, a reporter title the
    outlet of the byline header; other items without a body (律師、仲裁員) are passed over.
    """
    chain: list[tuple[str, str, float]] = []
    pos = _skip_space_back(view.fold, pos)
    while pos > 0:
        item_lo = max(view.masked.rfind(ch, 0, pos) for ch in _ITEM_SEP) + 1
        org = _named_in_full(view, view.before(pos, {"Organization"}, item_lo), item_lo)
        lo = org.end if org else item_lo
        if any(s.label in ("Person", "Initiative", "Event", "Port") and lo <= s.start < pos
               for s in view.spans):
            break
        gap = view.sent.text[lo:pos].strip()
        title = _title_end(to_simplified(gap)) or next(
            (Cue(s.text, "title", 0.8) for s in view.spans if s.label == "Role" and s.end == pos), None)
        if not gap or title is None or len(_BRACKETED.sub("", gap)) > 16:  # （…） is an aside
            break
        conf, key = title.weight, org.key if org else None
        levels, level_lo = _level_bodies(ctx, view, item_lo, pos) if org is None else ([], item_lo)
        if org and len(view.masked[item_lo:org.start].replace(_MASK, "").strip()) > 2:
            key = None  # 深圳市優必選+科技股份有限公司: the mention lost the head of the name
        elif levels:  # 市、區政協委員: one body per government level
            chain.extend((body, view.sent.text[pos - len(title.text):pos], conf) for body in levels)
            item_lo = level_lo
        elif org is None:
            gap = view.sent.text[pos - len(title.text):pos]
            key, conf = _body_of_title(ctx, view, title, item_lo, pos)
        if key is not None:  # 新華社深圳3月5日電（記者: the title after the bracket
            chain.append((key, re.split(r"[（(【\s]", _BRACKETED.sub("", gap))[-1] or gap, conf))
        start = _skip_space_back(view.fold, org.start if key and org else item_lo)
        if start > 0 and view.fold[start - 1] in "、,，":
            pos = _skip_space_back(view.fold, start - 1)
            continue
        break
    return chain


def _named_in_full(view: _Sentence, org: _Span | None, lo: int) -> _Span | None:
    """The body named in full right before ``org`` when ``org`` is its short form in brackets
    (X管理局（Y管理局）局長): the item's body starts where the full name does."""
    if org is None or org.start < 2 or view.fold[org.start - 1] not in "（(":
        return org
    full = view.before(org.start - 1, {"Organization"}, lo)
    return full if full and full.end == org.start - 1 and full.key == org.key else org


def _known_government(ctx: _Context, person: str | None, level: str) -> str | None:
    """The government of ``level`` the document already made ``person`` a member of: a later
    覃偉中市長 or 代表市政府 means the same body as the earlier 深圳市市長覃偉中."""
    for (s, p, o) in ctx.relations:
        if s == person and p == "affiliatedWith" and any(
                level in n and _GOVERNMENT.search(n) for n in ctx.names(o)[:1]):
            return o
    return None


def _body_of_title(ctx: _Context, view: _Sentence, title: Cue, item_lo: int,
                   pos: int) -> tuple[str | None, float]:
    """The body of a title no organization mention precedes: 深圳市+政協委員 → 深圳市政協,
    深圳市市長 → 深圳市政府, 記者 → the outlet of the byline header."""
    place = view.before(pos - len(title.text), {"Place"}, item_lo)
    body = _body_of_place(ctx, view, place, pos - len(title.text))
    if body:
        return body, title.weight
    if title.kind == "head":
        adjacent = place if place and place.end == pos - len(title.text) else None
        unnamed = view.masked[item_lo:pos - len(title.text)].strip().rstrip("常务副原前")
        if adjacent is None and unnamed.endswith(tuple(_LEVELS)):
            return None, 0.0  # 石家莊市副市長 with no Place mention: not the document's government
        return _government(ctx, title.param, adjacent), title.weight - 0.1
    if title.kind == "byline":
        return ctx.outlet, title.weight - 0.1
    return None, title.weight


_LEVELS = "省市区县镇"


def _level_bodies(ctx: _Context, view: _Sentence, item_lo: int, pos: int) -> tuple[list[str], int]:
    """市、區政協委員: a bare government level (or levels in ellipsis, 市、區) and a body word
    (政協, 人大) before a title name the document's body of each level: (keys, start)."""
    lo = _skip_space(view.masked, item_lo)
    text = view.masked[lo:pos]
    body = next((c.text for c in _cues("affiliated", "body") if text[1:].startswith(c.text)), None)
    if body is None or text[:1] not in _LEVELS or _title_end(text[1 + len(body):]) is None \
            and not any(s.label == "Role" and s.end == pos for s in view.spans):
        return [], item_lo
    levels = [text[0]]
    while lo >= 2 and view.masked[lo - 1] == "、" and view.masked[lo - 2] in _LEVELS and \
            (lo == 2 or view.masked[lo - 3] in _ITEM_SEP or view.masked[lo - 3] in _SPACE):
        levels.insert(0, view.masked[lo - 2])
        lo -= 2
    keys = [k for k in (_level_body(ctx, level, body) for level in levels) if k]
    return list(dict.fromkeys(keys)), lo


def _level_body(ctx: _Context, level: str, body: str) -> str | None:
    """The body of one government level: the document's 區政協, else the one place of that
    level in the document whose body the corpus names (深圳市 → 深圳市政協)."""
    named = [k for k in ctx.doc_keys if ctx.label(k) == "Organization"
             and any(n.endswith(level + body) for n in ctx.names(k))]
    if named:
        return named[0]
    bodies = ctx.by_name("Organization")
    found = {bodies[n + body] for k in ctx.doc_keys if ctx.label(k) == "Place"
             for n in ctx.names(k) if n.endswith(level) and n + body in bodies}
    return found.pop() if len(found) == 1 else None


def _body_of_place(ctx: _Context, view: _Sentence, place: _Span | None, end: int) -> str | None:
    """深圳市+政協+委員 with no organization mention: the corpus's body called 深圳市政協."""
    if place is None or not place.key:
        return None
    rest = view.fold[place.end:end].strip()
    if not rest or len(rest) > 6 or any(
            s.label != "Role" and place.end <= s.start < end for s in view.spans):
        return None
    bodies = ctx.by_name("Organization")
    names = [fold_key(place.text) + rest] + [n + rest for n in ctx.names(place.key)]
    return next((bodies[n] for n in names if n in bodies), None)


def _title_after(ctx: _Context, view: _Sentence, person: _Span) -> list[tuple[str, str, float]]:
    """覃偉中市長 (a head title after the name) and 張三（X公司主席）."""
    rest = view.fold[person.end:person.end + 20]
    paren = re.match(r"[（(]([^）)]{2,30})[）)]", rest)
    if paren:
        lo = person.end + 1
        org = next((s for s in view.spans if s.label == "Organization" and s.start == lo), None)
        title = _title_end(paren.group(1))
        if org and title and org.end < lo + len(paren.group(1)):
            return [(org.key, view.sent.text[org.end:lo + len(paren.group(1))].strip(),
                     title.weight - 0.05)]
        return []
    for cue in _cues("affiliated", "head"):
        if rest.startswith(cue.text):
            org = _known_government(ctx, person.key, cue.param) or _government(ctx, cue.param, None)
            return [(org, view.sent.text[person.end:person.end + len(cue.text)], cue.weight - 0.15)] if org else []
    return []


# --------------------------------------------------------------------------- proposed


def _is_header(view: _Sentence) -> bool:
    """A speaker line of a column (香港X會會長 張三): only names and titles, ending in a person."""
    people = [s for s in view.spans if s.label == "Person"]
    if not people or view.spans[-1] is not people[-1]:
        return False
    rest = "".join(ch for ch in view.masked if ch != _MASK and ch not in _SPACE)
    titled = _title_end(rest) is not None or any(s.label == "Role" for s in view.spans)
    return len(rest) <= 12 and titled and not any(
        c.text in view.fold for c in _cues("affiliated", "byline"))


@lru_cache(maxsize=None)
def _slot_openers(advice: bool) -> tuple[Cue, ...]:
    """What ``_subject_slot`` strips off the front of a clause, longest first."""
    return tuple(sorted(load_cues("continuation") + (_cues("proposed", "advocate") if advice else ()),
                        key=lambda c: -len(c.text)))


def _subject_slot(view: _Sentence, lo: int, pos: int, advice: bool = True) -> str:
    """What stands before a cue in its clause, minus pronouns, linking adverbs and (with
    ``advice``) openers of advice such as 一是, 應."""
    text = "".join(ch for ch in view.masked[lo:pos] if ch not in _SPACE)
    words = _slot_openers(advice)
    changed = True
    while changed and text:
        changed = False
        for w in words:
            if text.startswith(w.text):
                text, changed = text[len(w.text):], True
    return text


def _proposer(ctx: _Context, view: _Sentence, cue_pos: int) -> tuple[str | None, float]:
    """Who speaks at a cue: a person or body before it, else the paragraph's last speaker.

    A person named in an earlier clause does not speak at a cue whose clause has a subject of
    its own (張三出席會議，報告提出…); bylined reporters never speak.
    """
    lo, _ = view.clause(cue_pos)
    people = [s for s in view.spans if s.label == "Person" and s.end <= cue_pos
              and s.key not in ctx.reporters]
    own = _subject_slot(view, lo, cue_pos)
    if people and (people[-1].start >= lo or not own.startswith(_subject_nouns())):
        return people[-1].key, 1.0
    body = view.before(cue_pos, {"Organization"}, lo)
    if body and _bare_or_placed(_subject_slot(view, body.end, cue_pos)):
        return body.key, 0.9
    slot = _subject_slot(view, lo, cue_pos)
    if not slot.strip(_MASK) and not any(lo <= s.start < cue_pos for s in view.spans):
        return ctx.speaker.get(view.para), 0.8
    return None, 0.0


_PLACED = re.compile(f"(?:在|于){_MASK}+(?:内|上)?")
"""Where the subject acts, between it and its verb (海關在某口岸上線…): a named place."""


def _bare_or_placed(slot: str) -> bool:
    """Whether only names, or the place where the subject acts, stand between it and the cue."""
    return not slot.strip(_MASK) or bool(_PLACED.fullmatch(slot))


def _subject_nouns() -> tuple[str, ...]:
    """Nouns that are the subject of the clause they open (報告, 會議), from proposed.tsv."""
    return tuple(c.text for c in _cues("proposed", "subject"))


def _proposals(ctx: _Context, view: _Sentence) -> None:
    """X建議/提出/表示… + initiatives; X作《報告》; X在《報告》中提出; 關於「Y」的建議."""
    cues = view.find(_cues("proposed", "verb", "speech"))
    for ini in (s for s in view.spans if s.label == "Initiative"):
        if _is_time_frame(view, ini):
            continue
        rules = (lambda: _proposed_adjacent(ctx, view, ini),
                 lambda: _proposed_governed(ctx, view, ini, cues),
                 lambda: _proposed_in_document(ctx, view, ini, cues),
                 lambda: _proposed_about(ctx, view, ini),
                 lambda: _proposed_continued(ctx, view, ini))
        for rule in rules:  # the first rule that finds a proposer wins
            subject, conf, source, clause = rule() or (None, 0.0, "", None)
            if subject:
                ctx.add(view, subject, "proposed", ini.key, source, conf, clause)
                for person in _listed_with(view, subject, ini.start):
                    ctx.add(view, person.key, "proposed", ini.key, f"{source}_listed", conf - 0.05,
                            clause)
                break


_Found = tuple[str | None, float, str, tuple[int, int]] | None


def _is_time_frame(view: _Sentence, ini: _Span) -> bool:
    """「十五五」開局之年, 「一國兩制」優勢: the initiative is a setting, nobody proposes it here."""
    tail = view.masked[ini.end:ini.end + 6].lstrip("」”\" ")
    return any(tail.startswith(c.text) for c in _cues("proposed", "frame"))


def _proposed_adjacent(ctx: _Context, view: _Sentence, ini: _Span) -> _Found:
    """張三作政府工作報告 / 提交《…》: a light verb right before the initiative."""
    head = view.masked[:ini.start].rstrip("「“\"《 ")
    cue = next((c for c in _cues("proposed", "before") if head.endswith(c.text)), None)
    if cue is None:
        return None
    subject, factor = _proposer(ctx, view, len(head) - len(cue.text))
    return subject, cue.weight * factor, "proposed_before", view.clause(ini.start)


def _proposed_governed(ctx: _Context, view: _Sentence, ini: _Span,
                       cues: list[tuple[int, Cue]]) -> _Found:
    """X建議/表示… then the initiative, unless another person or a new subject intervenes.

    The nearest cue before the initiative governs it; when its clause names no proposer
    (他指出，前海將推出「X」) the cue before it is tried.
    """
    lo, hi = view.clause(ini.start)
    opener = next((s for s in view.spans if s.start >= lo), None)
    for pos, cue in reversed([(p, c) for p, c in cues if p + len(c.text) <= ini.start]):
        if any(s.label == "Person" and pos < s.start < ini.start for s in view.spans):
            return None
        near = view.clause(pos) == (lo, hi)
        if cue.kind == "speech" and not near and opener and \
                opener.start == _skip_space(view.fold, lo) and \
                opener.label in ("Initiative", "Platform", "Port", "Event"):
            return None  # 他指出，《措施》緊扣…: the clause has a subject of its own
        if cue.kind == "speech" and not _advises(view, pos + len(cue.text), ini.start):
            return None  # 他表示，預計…實現「X」: reported speech, but no advice (應/要/可/建議)
        subject, factor = _proposer(ctx, view, pos)
        if subject:
            return (subject, cue.weight * factor * (1.0 if near else 0.9), f"proposed_{cue.kind}",
                    (min(view.clause(pos)[0], lo), hi))
    return None


def _advises(view: _Sentence, lo: int, hi: int) -> bool:
    """Whether ``masked[lo:hi]`` gives advice (應, 要, 可, 建議), not just 可以期待 or 重要."""
    cues = _cues("proposed", "advocate", "verb", "hedge")
    return any(c.kind != "hedge" for _, c in view.find(cues, lo, hi))


def _skip_space(text: str, pos: int) -> int:
    """``pos`` moved right over spaces (columns indent with full-width spaces)."""
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def _proposed_in_document(ctx: _Context, view: _Sentence, ini: _Span,
                          cues: list[tuple[int, Cue]]) -> _Found:
    """X在《報告》中提出…: the proposer speaks inside the document the initiative names."""
    lo, hi = view.clause(ini.start)
    inside = [(p, c) for p, c in cues if ini.end <= p < hi]
    if not inside or "在" not in view.masked[lo:ini.start]:
        return None
    subject, factor = _proposer(ctx, view, ini.start)
    return subject, inside[0][1].weight * factor, "proposed_in_document", (lo, hi)


def _proposed_about(ctx: _Context, view: _Sentence, ini: _Span) -> _Found:
    """關於X的(三點)建議: a proposal noun closes the phrase the initiative opens."""
    tail = view.masked[ini.end:ini.end + 12]
    cue = next((c for c in _cues("proposed", "after") if re.match(
        rf"[」”\"]?的[^，,。；;：:{_MASK}]{{0,6}}?{re.escape(c.text)}", tail)), None)
    if cue is None:
        return None
    subject, factor = _proposer(ctx, view, ini.start)
    return subject, cue.weight * factor, "proposed_about", view.clause(ini.start)


def _proposed_continued(ctx: _Context, view: _Sentence, ini: _Span) -> _Found:
    """一是…/應…/同時… with no subject: the paragraph's speaker keeps proposing.

    In a column under a speaker line (香港X會會長 張三) every initiative is the speaker's.
    """
    if any(s.label in ("Person", "Organization") and s.start < ini.start for s in view.spans):
        return None
    lo, hi = view.clause(ini.start)
    speaker = ctx.speaker.get(view.para)
    if speaker and view.para in ctx.columns:
        return speaker, 0.6, "proposed_column", (lo, hi)
    speaker = speaker or ctx.cataphora.get(view.para)
    if not speaker:
        return None
    starts = [0] + [i + 1 for i in range(lo) if view.masked[i] in _CLAUSE_END]
    for start in starts:
        place = next((s for s in view.spans if s.start == _skip_space(view.fold, start)
                      and s.label == "Place"), None)
        start = place.end if place else start  # 深圳可…: a place as the subject of advice
        opening = _subject_slot(view, start, hi, advice=False)  # 他還應…: 應 after 他還
        cue = next((c for c in _cues("proposed", "advocate", "hedge") if opening.startswith(c.text)),
                   None)
        if cue and cue.kind == "advocate":
            return speaker, cue.weight, "proposed_continued", (lo, hi)
    return None


def _cataphora(views: list[_Sentence]) -> dict[int, str]:
    """Per paragraph, the first person who proposes or speaks (三是…。方舟提出，…)."""
    cues = _cues("proposed", "verb", "speech")
    bylines = tuple(c.text for c in _cues("affiliated", "byline"))
    found: dict[int, str] = {}
    for view in views:
        for pos, _ in view.find(cues):
            person = view.before(pos, {"Person"})
            if person and person.key and view.para not in found and \
                    not view.fold[:person.start].rstrip().endswith(bylines):
                found[view.para] = person.key
    return found


# --------------------------------------------------------------------------- locatedIn


_LOCATABLE = SIGNATURES["locatedIn"][0]


def _abbreviated_places(ctx: _Context, view: _Sentence, pos: int) -> list[tuple[str, int]]:
    """Places written as one character right at ``pos`` (在深舉行 → 深圳): (key, end)."""
    for cue in load_cues("abbreviations"):
        if view.masked.startswith(cue.text, pos):
            key = ctx.place(cue.param)
            return [(key, pos + len(cue.text))] if key else []
    return []


def _locations(ctx: _Context, view: _Sentence) -> None:
    """深圳前海; X區坐擁A、B口岸; X位於Y; X在Y舉行; X作為Y…; 深圳科技企業Z; A、B等深圳企業."""
    spans = view.spans
    for a, b in zip(spans, spans[1:]):
        if a.label == "Place" and b.start == a.end and b.label in _LOCATABLE:
            ctx.add(view, b.key, "locatedIn", a.key, "located_prefix", 0.75,
                    (a.start, b.end))
    _located_has(ctx, view)
    _located_in(ctx, view)
    _located_held(ctx, view)
    _located_described_as(ctx, view)
    _located_district(ctx, view)
    _located_orgnoun(ctx, view)
    _located_surface(ctx, view)
    _located_built(ctx, view)
    _located_event_name(ctx, view)
    _located_fronted(ctx, view)


def _located_has(ctx: _Context, view: _Sentence) -> None:
    """X坐擁A、B、C: the place before the cue contains what is listed after it."""
    container: _Span | None = None
    for pos, cue in view.find(_cues("located", "has")):
        lo, hi = view.clause(pos)
        place = view.before(pos, {"Place"}, lo)
        slot = _subject_slot(view, place.end if place else lo, pos)
        if place and len(slot.strip(_MASK)) <= 4:
            container = place
        elif place or slot.strip(_MASK):
            continue  # (with no place, 也有/還有 continues the previous container)
        if container is None:
            continue
        things = [s.key for s in view.run(pos + len(cue.text), _LOCATABLE - {"Place"}, hi)]
        for key in things + _elliptic_list(ctx, view, pos + len(cue.text), hi):
            ctx.add(view, key, "locatedIn", container.key, "located_has",
                    cue.weight, (container.start if container.start >= lo else lo, hi))


_COUNTED = re.compile(r"(?:等)?[一二三四五六七八九十两几多\d]+[大个座家]?$")


def _elliptic_list(ctx: _Context, view: _Sentence, start: int, hi: int) -> list[str]:
    """羅湖、文錦渡、蓮塘三大口岸: items sharing a class noun, as the corpus names them."""
    for noun in _cues("located", "classnoun"):
        end = view.fold.find(noun.text, start, hi)
        counted = _COUNTED.search(view.fold, start, end) if end > start else None
        if counted is None:
            continue
        items = re.split(r"[、,，和及与]", view.fold[start:counted.start()])
        tables = [ctx.by_name(label) for label in ("Port", "Platform")]
        return [t[item.strip() + noun.text] for item in items for t in tables
                if item.strip() + noun.text in t]
    return []


def _located_in(ctx: _Context, view: _Sentence) -> None:
    """X位於Y / X作為Y…: the thing before the cue lies in the place right after it."""
    for pos, cue in view.find(_cues("located", "in", "as")):
        lo, hi = view.clause(pos)
        thing = view.before(pos, _LOCATABLE, lo)
        after = view.run(pos + len(cue.text), {"Place"}, hi)
        if not thing or not after or view.between(thing.end, pos):
            continue
        if cue.kind == "as" and view.between(pos + len(cue.text), after[0].start):
            continue
        for place in after if cue.kind == "in" else after[:1]:
            ctx.add(view, thing.key, "locatedIn", place.key, f"located_{cue.kind}",
                    cue.weight, (thing.start, hi))


def _located_fronted(ctx: _Context, view: _Sentence) -> None:
    """作為羅湖東部的後花園，蓮塘片區…: a fronted 作為 + place + part (東部, 境內) + 的 + noun
    describes the subject that opens the next clause as lying in that place."""
    parts = tuple(c.text for c in _cues("located", "part"))
    for pos, cue in view.find(_cues("located", "as")):
        lo, hi = view.clause(pos)
        after = view.run(pos + len(cue.text), {"Place"}, hi)
        if view.masked[lo:pos].strip() or len(after) != 1 or hi >= len(view.masked) \
                or view.between(pos + len(cue.text), after[0].start):
            continue
        tail = view.between(after[0].end, hi)
        if not tail.startswith(parts) or "的" not in tail or _MASK in view.masked[after[0].end:hi]:
            continue
        start = _skip_space(view.masked, hi + 1)
        thing = next((s for s in view.spans if s.start == start and s.label in _LOCATABLE), None)
        if thing:
            ctx.add(view, thing.key, "locatedIn", after[0].key, "located_fronted", cue.weight + 0.1,
                    (lo, view.clause(start)[1]))


def _located_described_as(ctx: _Context, view: _Sentence) -> None:
    """東門老街是港人熟悉的深圳商業街: X is (作為/是) a street, city or firm of place P."""
    nouns = tuple(c.text for c in _cues("located", "placenoun"))
    for pos, cue in view.find(_cues("located", "is", "as")):
        lo, hi = view.clause(pos)
        thing = view.before(pos, _LOCATABLE, lo)
        if not thing or view.between(thing.end, pos):
            continue
        for place in view.after(pos + len(cue.text), {"Place"}, hi):
            tail = view.between(place.end, hi)
            if len(tail) <= 4 and tail.endswith(nouns) and _MASK not in view.masked[place.end:hi]:
                ctx.add(view, thing.key, "locatedIn", place.key, "located_described", cue.weight,
                        (thing.start, hi))


def _located_held(ctx: _Context, view: _Sentence) -> None:
    """X在/於Y(同步)舉行: events held and companies grown in a place; Y(共同)舉行Z too."""
    manner = {""} | {c.text for c in _cues("located", "manner")}
    for pos, cue in view.find(_cues("located", "held")):
        lo, hi = view.clause(pos)
        at = max(view.masked.rfind("在", lo, pos), view.masked.rfind("于", lo, pos))
        if at >= 0:
            places = view.run(at + 1, {"Place"}, pos) or [
                _Span(at + 1, e, "Place", k, "") for k, e in _abbreviated_places(ctx, view, at + 1)]
            thing = view.before(at, _LOCATABLE - {"Place"}, lo)
            gap = _BRACKETED.sub("", view.masked[thing.end:at]) if thing else ""
            if places and thing and view.between(places[-1].end, pos) in manner \
                    and len(gap) <= 10 and _MASK not in gap:
                for place in places:
                    ctx.add(view, thing.key, "locatedIn", place.key, "located_held",
                            cue.weight, (thing.start, hi))
    for pos, cue in view.find(_cues("located", "host")):
        lo, hi = view.clause(pos)
        place = view.before(pos, {"Place"}, lo)
        events = view.run(pos + len(cue.text), {"Event"}, hi)
        if place and events and view.between(place.end, pos) in manner:
            ctx.add(view, events[0].key, "locatedIn", place.key, "located_host",
                    cue.weight, (place.start, events[0].end))


_ADVERBIAL = 4  # characters of manner (高水平, 加快, 全力) allowed between a site and its verb


def _located_built(ctx: _Context, view: _Sentence) -> None:
    """依託P，建設Y / 在P建設Y: a platform, port or body built on or in a place lies in it.

    After 依託 the place must close its clause or meet the verb (依託香港的優勢 is no site);
    the first building verb of the segment takes the things listed after it.
    """
    builds = _cues("located", "build")
    sites = [(p, len(c.text), c.weight) for p, c in view.find(_cues("located", "base"))]
    sites += [(m.start(), 1, 0.75) for m in re.finditer("(?<![关由对基属等用])[在于]", view.masked)]
    for pos, width, weight in sites:
        lo, hi = view.clause(pos)
        places = view.run(pos + width, {"Place"}, hi)
        if len(places) != 1:
            continue
        rest = view.between(places[-1].end, hi)
        verb = next((c for c in builds if 0 <= rest.find(c.text) <= _ADVERBIAL
                     and not set(rest[:rest.find(c.text)]) & set("的之" + _MASK)), None)
        if verb is None and (width == 1 or rest):
            continue  # 在P(高水平)建設: the verb follows; 依託P: or the clause ends there
        _, seg_hi = view.clause(pos, _SEGMENT_END)
        found = view.find(builds, places[-1].end, seg_hi)
        if not found:
            continue
        at, cue = found[0]
        for thing in view.run(at + len(cue.text), _LOCATABLE - {"Place", "Event"},
                              view.clause(at)[1]):
            ctx.add(view, thing.key, "locatedIn", places[0].key, "located_built",
                    weight * cue.weight, (lo, view.clause(at)[1]))


def _located_district(ctx: _Context, view: _Sentence) -> None:
    """羅湖區在深圳率先…: a district acting "in" a city lies in that city."""
    for a in view.spans:
        if a.label != "Place" or not a.text.endswith("区") or view.masked[a.end:a.end + 1] != "在":
            continue
        city = next((s for s in view.spans if s.start == a.end + 1 and s.label == "Place"), None)
        if city and not city.text.endswith("区"):
            ctx.add(view, a.key, "locatedIn", city.key, "located_district", 0.65,
                    (a.start, view.clause(a.start)[1]))


def _located_surface(ctx: _Context, view: _Sentence) -> None:
    """深圳前海 / 香港紅花嶺 as one mention: a place prefixed to the name of the thing.

    For platforms and ports the rest must be another name of the thing (not 羅湖+口岸); for
    places a name of two or more characters that is no class noun (香港+特別行政區 is one place).
    """
    places = ctx.doc_names("Place")
    nouns = {c.text for c in _cues("located", "classnoun") + _cues("partof", "zone")}
    heads = tuple(c.text for c in _cues("located", "geohead"))
    for span in (s for s in view.spans if s.label in ("Platform", "Port", "Place") and s.key):
        surface = fold_key(span.text)
        hits = [(n, k) for n, k in places if surface.startswith(n) and k != span.key and (
            surface[len(n):] in ctx.names(span.key) or span.label == "Place"
            and len(surface) - len(n) >= 2 and surface[len(n):] not in nouns
            and not surface[len(n):].startswith(heads))]
        if hits:
            _, key = max(hits, key=lambda h: (len(h[0]), h[1]))
            ctx.add(view, span.key, "locatedIn", key, "located_surface", 0.7,
                    (span.start, span.end))


_YEAR = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})年")


def _located_event_name(ctx: _Context, view: _Sentence) -> None:
    """2026年深圳APEC高官會: an event dated by its year and then named after a place is held there
    (a place after an edition, 第六屆粵港澳大灣區…大賽, names its scope, not its venue)."""
    places = ctx.doc_names("Place")
    for span in (s for s in view.spans if s.label == "Event" and s.key):
        surface = fold_key(span.text)
        year = _YEAR.match(surface)
        rest = surface[year.end():] if year else ""
        hits = [(n, k) for n, k in places if rest.startswith(n) and len(rest) - len(n) >= 2]
        if hits:
            _, key = max(hits, key=lambda h: (len(h[0]), h[1]))
            ctx.add(view, span.key, "locatedIn", key, "located_event_name", 0.7,
                    (span.start, span.end))


def _located_orgnoun(ctx: _Context, view: _Sentence) -> None:
    """深圳科技企業來畫 / 平安、招行等四家深圳龍頭企業: a company described by its place."""
    for pos, cue in view.find(_cues("located", "orgnoun")):
        lo, hi = view.clause(pos)
        place = view.before(pos, {"Place"}, lo)
        if not place or len(view.between(place.end, pos)) > 4 or _MASK in view.masked[place.end:pos]:
            continue
        end = pos + len(cue.text)
        nxt = [s for s in view.spans if s.start == end and s.label == "Organization"]
        listed: list[_Span] = []
        if not nxt:
            head = re.search(r"(?:这样的|等)?(?:[一二三四五六七八九十两几多\d]+家)?$",
                             view.masked[lo:place.start])
            cut = lo + head.start() if head else place.start
            orgs = [s for s in view.spans if s.label == "Organization" and lo <= s.start and s.end <= cut]
            if orgs and view.between(orgs[-1].end, cut) == "":
                listed = [o for o in orgs if not set(view.masked[o.end:cut]) - _LIST_SEP - {_MASK}]
        for org in nxt + listed:
            ctx.add(view, org.key, "locatedIn", place.key, "located_described",
                    cue.weight, (lo, hi))


# --------------------------------------------------------------------------- partOf


def _parts(ctx: _Context, view: _Sentence) -> None:
    """X研究院Y研究所 (a unit named right after its body); X旗下Y; X規劃中A、B."""
    spans = view.spans
    for a, b in zip(spans, spans[1:]):
        if a.label == b.label == "Organization" and b.start == a.end:
            ctx.add(view, b.key, "partOf", a.key, "partof_adjacent", 0.75, (a.start, b.end))
    for pos, cue in view.find(_cues("partof", "sub", "within")):
        lo, hi = view.clause(pos)
        whole = view.before(pos, {"Organization", "Platform"}, lo)
        if not whole or len(view.between(whole.end, pos)) > (2 if cue.kind == "within" else 0):
            continue
        start = pos + len(cue.text)
        start += view.masked[start:start + 1] == "的"
        parts = view.run(start, {whole.label}, hi)
        if not parts and cue.kind == "sub":  # A是B下設的機構: the subject is the unit
            copula = view.masked.rfind("是", 0, whole.start)
            subject = view.before(copula, {whole.label}, view.clause(copula, _SEGMENT_END)[0]) \
                if copula >= 0 and not view.between(copula + 1, whole.start) else None
            parts = [subject] if subject else []
        for part in parts:
            ctx.add(view, part.key, "partOf", whole.key, f"partof_{cue.kind}", cue.weight,
                    (min(part.start, whole.start), hi))
    _parts_surface(ctx, view)
    _parts_projects(ctx, view)
    _parts_bracketed(ctx, view)


def _parts_surface(ctx: _Context, view: _Sentence) -> None:
    """中國綜合開發研究院港澳研究所 as one mention: a unit written after its body's name."""
    units = _cues("partof", "unit")
    bodies = ctx.by_name("Organization")
    for span in (s for s in view.spans if s.label == "Organization" and s.key):
        surface = fold_key(span.text)
        for cut in range(len(surface) - 2, 1, -1):
            key = bodies.get(surface[:cut])
            rest = surface[cut:]
            if key and key != span.key and (rest in ctx.names(span.key) or
                                            any(rest.endswith(u.text) for u in units)):
                ctx.add(view, span.key, "partOf", key, "partof_surface", 0.7, (span.start, span.end))
                break


def _is_zone(ctx: _Context, key: str) -> bool:
    """Whether a platform is a top-level zone (…合作區, …都會區) rather than a project in one."""
    return any(n.endswith(z.text) for n in ctx.names(key) for z in _cues("partof", "zone"))


def _sentence_zone(ctx: _Context, view: _Sentence) -> _Span | None:
    """The zone a sentence is about when it opens by naming one (加快建設前海合作區，…)."""
    platforms = [s for s in view.spans if s.label == "Platform" and s.key]
    if not platforms or sum(ch in "，," for ch in view.masked[:platforms[0].start]) > 1:
        return None
    _, hi = view.clause(platforms[0].start)
    return platforms[0] if any(_is_zone(ctx, s.key) for s in platforms if s.start < hi) else None


def _parts_projects(ctx: _Context, view: _Sentence) -> None:
    """加快建設X合作區，…建成A、開工建設B: projects built in a sentence that builds a zone are its parts."""
    zone = _sentence_zone(ctx, view)
    if zone is None:
        return
    _, hi = view.clause(zone.start)
    platforms = [s for s in view.spans if s.label == "Platform" and s.key]
    builds = _cues("partof", "build")
    for part in (s for s in platforms if s.start >= hi and not _is_zone(ctx, s.key)):
        if view.find(builds, *view.clause(part.start)):
            ctx.add(view, part.key, "partOf", zone.key, "partof_project", 0.55, (zone.start, part.end))


def _parts_bracketed(ctx: _Context, view: _Sentence) -> None:
    """深圳（含深汕）: what the brackets include is part of (or lies in) the thing before them."""
    for whole in view.spans:
        opened = view.masked[whole.end:whole.end + 1]
        if opened not in ("（", "(") or not whole.key:
            continue
        for cue in _cues("partof", "incl"):
            if view.masked.startswith(cue.text, whole.end + 1):
                close = min((i for i in (view.masked.find("）", whole.end), view.masked.find(")", whole.end))
                             if i > 0), default=len(view.masked))
                for part in view.run(whole.end + 1 + len(cue.text), _ENTITY_LABELS, close):
                    predicate = "partOf" if ctx.label(part.key) in _PART_OF else "locatedIn"
                    ctx.add(view, part.key, predicate, whole.key, "partof_bracketed", cue.weight,
                            (whole.start, close + 1))
                break


def _named_parts(ctx: _Context) -> Iterator[tuple[str, str, float]]:
    """比亞迪基礎科學研究院 ⊃ 比亞迪: a unit whose name starts with its body's name."""
    units = _cues("partof", "unit")
    for part in ctx.doc_keys:
        label = ctx.label(part)
        if label not in _PART_OF:
            continue
        for whole in ctx.doc_keys:
            if whole == part or ctx.label(whole) != label:
                continue
            for pn in ctx.names(part):
                unit = next((u for u in units if pn.endswith(u.text)), None)
                if unit and any(pn.startswith(wn) and len(pn) - len(wn) > len(unit.text)
                                for wn in ctx.names(whole)):
                    yield part, whole, unit.weight - 0.1
                    break


# --------------------------------------------------------------------------- concerns


_PLACE_LIKE = frozenset({"Port", "Platform", "Place"})


def _concerns(ctx: _Context, view: _Sentence) -> None:
    """河套「七通一平」; X方面，…口岸; 在X實施Y; an initiative and a port/platform in one clause."""
    spans = view.spans
    for a, b in zip(spans, spans[1:]):
        if b.label == "Initiative" and a.label in _PLACE_LIKE and \
                len(view.between(a.end, b.start)) <= 1 and set(view.between(a.end, b.start)) <= set("的「“\""):
            ctx.add(view, b.key, "concerns", a.key, "concerns_prefix", 0.8, (a.start, b.end))
    for ini in (s for s in spans if s.label == "Initiative"):
        if _is_time_frame(view, ini):
            continue  # 為「一國兩制」實踐注入新內涵: a setting is about nothing in its sentence
        lo, hi = view.clause(ini.start)
        tail = view.masked[ini.end:hi]
        topic = next((c for c in _cues("concerns", "topic") if tail.lstrip("」”\" ").startswith(c.text)), None)
        if topic and ini.start - lo <= 6:
            for thing in view.after(hi, _PLACE_LIKE, view.clause(hi, _SEGMENT_END)[1]):
                ctx.add(view, ini.key, "concerns", thing.key, "concerns_topic", topic.weight)
            continue
        _concerns_sentence(ctx, view, ini)
        _concerns_of_place(ctx, view, ini)
        verbs = view.find(_cues("concerns", "verb"), lo, hi)
        for thing in (s for s in spans if s.label in _PLACE_LIKE and lo <= s.start and s.end <= hi):
            first, last = sorted((thing, ini), key=lambda s: s.start)
            if "、" in view.masked[first.end:last.start]:
                continue  # another item of a list: 「一區兩園」建設提速、北部都會區推進
            governing = [c for p, c in verbs if 0 <= thing.start - (p + len(c.text)) <= 1]
            if governing:
                weight = governing[0].weight
            elif thing.label == "Place":
                continue  # a place is too broad to link without a verb taking it as object
            else:
                weight = max([0.55] + [c.weight for p, c in verbs if first.end <= p < last.start])
            ctx.add(view, ini.key, "concerns", thing.key, "concerns_clause", weight, (lo, hi))
    _concerns_anaphor(ctx, view)


def _concerns_anaphor(ctx: _Context, view: _Sentence) -> None:
    """報告指出，… / 羅湖推出的舉措包括：…: a bare noun leads with the document's initiative."""
    leads = _cues("proposed", "speech", "verb") + _cues("concerns", "namely")
    for pos, cue in view.find(_cues("concerns", "anaphor")):
        lo, hi = view.clause(pos)
        after = _subject_slot(view, pos + len(cue.text), hi, advice=False)  # 報告還提出
        if not any(after.startswith(c.text) for c in leads):
            continue
        ini = next((k for k in reversed(ctx.doc_keys) if ctx.label(k) == "Initiative"
                    and ctx.names(k)[0].endswith(cue.param)), None)
        _, seg_hi = view.clause(pos, _SEGMENT_END)
        built = [s for p, c in view.find(_cues("concerns", "verb"), pos, seg_hi)
                 for s in view.run(p + len(c.text), {"Organization"}, seg_hi)]  # 建設X學院、Y學院
        for thing in (s for s in view.spans if (s.label in ("Port", "Platform") or s in built)
                      and pos < s.start < seg_hi):
            ctx.add(view, ini, "concerns", thing.key, "concerns_anaphor", cue.weight,
                    (lo, view.clause(thing.start)[1]))


def _concerns_of_place(ctx: _Context, view: _Sentence, ini: _Span) -> None:
    """廣東提出要實施「X」: an initiative a place itself puts forward is about that place."""
    lo, _ = view.clause(ini.start)
    place = next((s for s in view.spans if s.label == "Place" and s.start == _skip_space(view.fold, lo)), None)
    if place and view.find(_cues("proposed", "verb"), place.end, ini.start) \
            and not any(place.end <= s.start < ini.start for s in view.spans):
        ctx.add(view, ini.key, "concerns", place.key, "concerns_place", 0.6, (lo, ini.end))


def _concerns_sentence(ctx: _Context, view: _Sentence, ini: _Span) -> None:
    """Ports and platforms of the sentence around an initiative that sums it up or leads it.

    形成「X」 after clauses naming platforms concerns them; 《措施》 or 報告 as the subject of a
    clause concerns the ports and platforms that follow; 「X」格局，即A、B lists its parts.
    """
    lo, hi = view.clause(ini.start)
    seg_lo, seg_hi = view.clause(ini.start, _SEGMENT_END)
    things = [s for s in view.spans if s.label in ("Port", "Platform") and seg_lo <= s.start < seg_hi]
    window = lo
    for _ in range(2):  # the two clauses before the initiative's own
        window = view.clause(max(window - 1, seg_lo))[0] if window > seg_lo else window
    named = _named_after_platform(ctx, ini.key)  # 前海國土空間規劃 is about 前海 only
    for thing in (s for s in things if window <= s.start and s.end <= lo and not named):
        ctx.add(view, ini.key, "concerns", thing.key, "concerns_sentence", 0.5,
                (view.clause(thing.start)[0], hi))
    zone = _sentence_zone(ctx, view)
    if zone and zone.end <= ini.start and not named:
        ctx.add(view, ini.key, "concerns", zone.key, "concerns_zone", 0.55, (zone.start, hi))
    leads = not _subject_slot(view, lo, ini.start).replace(_MASK, "")
    after = view.masked[hi + 1:].lstrip()
    namely = next((c for c in _cues("concerns", "namely") if after.startswith(c.text)), None)
    if leads or namely:
        for thing in (s for s in things if s.start >= hi):
            ctx.add(view, ini.key, "concerns", thing.key, "concerns_lead",
                    namely.weight if namely else 0.55, (lo, view.clause(thing.start)[1]))


def _named_after_platform(ctx: _Context, key: str | None) -> bool:
    """Whether an initiative's name opens with the name of a platform or port (前海+國土空間規劃):
    the name says what it is about, so neighbours in its sentence are not."""
    tables = [ctx.by_name(label) for label in ("Platform", "Port")]
    return bool(key) and any(name[:cut] in table for name in ctx.names(key)
                             for cut in range(2, len(name) - 1) for table in tables)


def _named_concerns(ctx: _Context) -> Iterator[tuple[str, str, float]]:
    """羅湖區政府工作報告 → 羅湖區, 前海與香港…融合 → both: an initiative named after its places.

    Only names at the head of the initiative's name count (joined by 與/和/、), longest first;
    a place counts only in the name of a government document (深圳市智慧養老條例 is not
    "about" Shenzhen in the sense the graph wants, 深圳市政府工作報告 is).
    """
    documents = tuple(c.text for c in _cues("concerns", "document"))
    for ini in (k for k in ctx.doc_keys if ctx.label(k) == "Initiative"):
        for name in ctx.names(ini):
            labels = ("Platform", "Port", "Place") if name.endswith(documents) else ("Platform", "Port")
            tables = [ctx.by_name(label) for label in labels]
            pos, found = 0, []
            while pos < len(name):
                hit = next(((cut, table[name[pos:cut]]) for cut in range(len(name) - 1, pos + 1, -1)
                            for table in tables if name[pos:cut] in table), None)
                if hit is None:
                    break
                found.append(hit[1])
                if name[hit[0]:hit[0] + 1] not in ("与", "和", "、"):
                    break
                pos = hit[0] + 1
                tables = [ctx.by_name(label) for label in ("Platform", "Port", "Place")]
            for key in dict.fromkeys(found):
                yield ini, key, 0.7
            if found:
                break


# --------------------------------------------------------------------------- cooperatesWith


_PARTNER = SIGNATURES["cooperatesWith"][0]


def _partners(view: _Sentence, pos: int, hi: int) -> list[_Span]:
    """Partners listed from ``pos``, leaving out a place that only prefixes a platform (深圳前海)."""
    spans = view.run(pos, _PARTNER | {"Port"}, hi)
    return [s for s in spans if s.label in _PARTNER and not any(
        t.start == s.end and s.label == "Place" and t.label != "Place" for t in view.spans)]


def _cooperation(ctx: _Context, view: _Sentence) -> None:
    """X與Y合作 / X聯動Y / X與Y共同… / 深港合作 (a compound of two place abbreviations)."""
    conj = _cues("cooperates", "conj")
    coop = _cues("cooperates", "with", "link", "joint")
    topic = next((s for s in view.spans if s.label in _PARTNER and
                  not _subject_slot(view, 0, s.start).strip(_MASK)), None)
    compounds = [m.span() for m in _compounds(view)]
    organize = _cues("participated", "organize")
    for pos, cue in view.find(coop):
        lo, hi = view.clause(pos)
        if any(0 <= pos - end <= 6 for _, end in compounds):
            continue  # 前海與河套作為深港合作的…: the cue belongs to the compound
        if any(view.masked.startswith(c.text, pos + len(cue.text)) for c in organize):
            continue  # 由A和B共同主辦: co-organizers of an event, not partners
        conj_hits = view.find(conj, lo, pos)
        at, c = conj_hits[-1] if conj_hits else (pos, cue)
        partners = _partners(view, at + len(c.text), pos) if conj_hits else []
        if partners or (conj_hits and cue.kind != "link"):  # X與Y合作 / X與Y攜手
            subject = view.before(at, _PARTNER, lo) or (topic if topic and topic.end <= at else None)
        elif cue.kind == "link":  # X聯動Y
            partners = _partners(view, pos + len(cue.text), hi)
            subject = view.before(pos, _PARTNER, lo) or topic
        else:
            continue
        if subject and subject.label == "Place":  # 深圳前海聯合…: the platform, not its city
            subject = next((t for t in view.spans if t.start == subject.end and t.label in _PARTNER),
                           subject)
        for partner in partners if subject else []:
            ctx.add(view, subject.key, "cooperatesWith", partner.key, f"cooperates_{cue.kind}",
                    cue.weight, (min(subject.start, lo), hi))
    _compound_cooperation(ctx, view, coop, topic)


def _compounds(view: _Sentence) -> list[re.Match[str]]:
    """Runs of distinct one-character place abbreviations outside mentions (深港, 深港澳)."""
    chars = "".join(c.text for c in load_cues("abbreviations"))
    return [m for m in re.finditer(f"[{chars}]{{2,4}}", view.masked)
            if len(set(m.group())) == len(m.group())]


def _compound_cooperation(ctx: _Context, view: _Sentence, coop: tuple[Cue, ...],
                          topic: _Span | None) -> None:
    """深港合作: the first place of the compound cooperates with the others; 聯合港澳…: the
    compound is the object of the verb, so its places are the sentence subject's partners.

    The cue must sit close to the compound (within six characters after it, or right before).
    """
    abbr = {c.text: c.param for c in load_cues("abbreviations")}
    for match in _compounds(view):
        lo, hi = view.clause(match.start())
        keys = [ctx.place(abbr[ch]) for ch in match.group()]
        before = [c for p, c in view.find(coop, max(lo, match.start() - 3), match.start())
                  if p + len(c.text) >= match.start() - 1]
        after = [p for p, c in view.find(coop, match.end(), min(hi, match.end() + 8))
                 if p - match.end() <= 6]
        if before and before[-1].kind == "link":
            pairs = [(topic.key, k) for k in keys] if topic and topic.end <= match.start() else []
        elif before or after:
            pairs = [(keys[0], k) for k in keys[1:]]
        else:
            continue
        for a, b in pairs:
            ctx.add(view, a, "cooperatesWith", b, "cooperates_compound", 0.75, (lo, hi))


# --------------------------------------------------------------------------- participatedIn


_PARTICIPANT = SIGNATURES["participatedIn"][0]


_DETERMINERS = "本届|本次|此次|这次|今届|是次"  # "this (session of)": points back to an event


def _last_event(ctx: _Context, noun: str) -> str | None:
    """The last event mentioned whose name ends with ``noun``, else the event named in the last
    few sentences (在啟動儀式上: the ceremony of the event just reported)."""
    for key in reversed(ctx.events):
        if any(n.endswith(noun) for n in ctx.names(key)):
            return key
    last = ctx.events[-1] if ctx.events else None
    seen = ctx.event_seen.get(last, -1) if last else -1
    return last if seen >= ctx.story and ctx.now - seen <= _RECENT else None


_RECENT = 4  # sentences within which a bare 活動/儀式 still means the event last named


def _event_anaphor(ctx: _Context, view: _Sentence, lo: int, hi: int) -> str | None:
    """本屆大賽 / 本次兩會: a determiner and an event noun point back to an event."""
    for cue in _cues("participated", "anaphor"):
        if re.search(rf"(?:{_DETERMINERS}|该)[^{_MASK}，,。]{{0,3}}?{cue.text}",
                     view.masked[lo:hi]):
            return _last_event(ctx, cue.text)
    return None


def _participation(ctx: _Context, view: _Sentence) -> None:
    """出席/參加X; 在X上發言; 由A、B主辦; 向大會作報告; 在X中，張三表示; 獲得本屆大賽金獎."""
    for pos, cue in view.find(_cues("participated", "attend", "organize")):
        lo, hi = view.clause(pos)
        subject = view.before(pos, _PARTICIPANT, lo)
        events = view.run(pos + len(cue.text) + (view.masked[pos + len(cue.text):].startswith("了")),
                          {"Event"}, hi)
        if not events:
            events = [s for s in view.after(pos + len(cue.text), {"Event"}, hi)
                      if view.between(pos + len(cue.text), s.start).endswith("的")]
        organizers = _organizers(view, pos, lo)
        if organizers:  # 由A主辦的X / X…，由A、B共同主辦 / 本屆大賽由A主辦
            earlier = view.before(lo, {"Event"})
            event = events[0].key if events else _event_anaphor(ctx, view, 0, len(view.masked)) \
                or (earlier.key if earlier else None)
            for org in organizers:
                ctx.add(view, org.key, "participatedIn", event, "participated_by", cue.weight,
                        (lo, hi))
            continue
        slot = _subject_slot(view, subject.end, pos) if subject else ""
        if subject and len(_TIME.sub("", _BRACKETED.sub("", slot)).strip(_MASK)) <= 6:
            attended = [(e.key, cue.weight) for e in events] or [
                (key, cue.weight - 0.1) for key in [_event_noun_after(ctx, view, pos + len(cue.text))]
                if key and cue.kind == "attend"]
            for event, weight in attended:
                for person in _listed_before(view, subject):
                    ctx.add(view, person.key, "participatedIn", event, "participated_listed",
                            weight - 0.05, (person.start, hi))
                ctx.add(view, subject.key, "participatedIn", event, f"participated_{cue.kind}",
                        weight, (subject.start, hi))
        if not subject and events and cue.kind == "attend":
            attendee = _described_by_attending(view, events[-1], hi)
            if attendee:
                ctx.add(view, attendee.key, "participatedIn", events[-1].key, "participated_attend",
                        cue.weight - 0.05, (pos, attendee.end))
        if not events and cue.kind == "attend":
            _exhibitors(ctx, view, pos, cue)
    _participation_organizers(ctx, view)
    _participation_at(ctx, view)
    _participation_scene(ctx, view)
    _participation_plenary(ctx, view)
    _participation_award(ctx, view)


def _event_noun_after(ctx: _Context, view: _Sentence, at: int) -> str | None:
    """參加活動 / 出席了會議: a bare event noun right after the verb is the event last named."""
    at += view.masked.startswith("了", at)
    noun = next((c for c in _cues("participated", "anaphor") if view.masked.startswith(c.text, at)),
                None)
    return _last_event(ctx, noun.text) if noun else None


def _listed_with(view: _Sentence, key: str, before: int) -> list[_Span]:
    """The people (bodies) listed before the last mention of ``key`` ahead of ``before``: 委員
    甲及乙建議… — they propose too."""
    span = next((s for s in reversed(view.spans) if s.key == key and s.end <= before), None)
    return _listed_before(view, span) if span else []


def _described_by_attending(view: _Sentence, event: _Span, hi: int) -> _Span | None:
    """出席X的委員、研究總監方舟指出: the person that attending the event describes, after its
    titles and bodies."""
    person = next(iter(view.after(event.end, {"Person"}, hi)), None)
    if person is None or not view.masked.startswith("的", event.end):
        return None
    rest = "".join(ch for ch in view.masked[event.end + 1:person.start]
                   if ch not in _LIST_SEP and ch not in _SPACE and ch not in _QUOTES and ch != _MASK)
    return person if len(rest) <= 3 and not _has_verb(rest) else None


def _has_verb(text: str) -> bool:
    """Whether ``text`` holds a verb of speech, proposal, attending or organizing."""
    return any(c.text in text for c in _cues("proposed", "verb", "speech")
               + _cues("participated", "attend", "organize"))


def _listed_before(view: _Sentence, subject: _Span) -> list[_Span]:
    """書記甲，市長乙，主席丙參加… / A與B合辦…: the people (bodies) listed before the subject. A
    person may have its own titles and bodies before it, but no verb; bodies stand bare."""
    if subject.label not in _PARTICIPANT:
        return []
    titles = 3 if subject.label == "Person" else 0   # characters not in a mention: 黨組書記
    listed, nxt = [], subject
    while (earlier := view.before(nxt.start, {subject.label})) is not None:
        gap = view.masked[earlier.end:nxt.start]
        rest = "".join(ch for ch in gap if ch not in _LIST_SEP and ch not in _SPACE and ch != _MASK)
        if not set(gap) & _LIST_SEP or set(gap) & (_CLAUSE_END - _LIST_SEP) or len(rest) > titles \
                or "的" in rest or _has_verb(rest) or (not titles and _MASK in gap):
            break
        listed.append(earlier)
        nxt = earlier
    return listed[::-1]


def _exhibitors(ctx: _Context, view: _Sentence, pos: int, cue: Cue) -> None:
    """博覽會…吸引了A、B等企業參展: the bodies listed before the verb attended the event before them."""
    lo, hi = view.clause(pos)
    listed = [s for s in view.spans if lo <= s.start and s.end <= pos]
    if not listed or len(view.between(listed[-1].end, pos)) > 6 or _MASK in view.masked[listed[-1].end:pos]:
        return
    start = len(listed) - 1
    while start > 0 and set(view.between(listed[start - 1].end, listed[start].start)) <= _LIST_SEP:
        start -= 1  # back over the list A、B、C
    event = view.before(lo, {"Event"})
    for body in (s for s in listed[start:] if s.label in _PARTICIPANT) if event else ():
        ctx.add(view, body.key, "participatedIn", event.key, "participated_listed", cue.weight - 0.1,
                (event.start, hi))


def _participation_organizers(ctx: _Context, view: _Sentence) -> None:
    """X博覽會…，主辦方為A、B: the named organizers took part in the sentence's event."""
    for pos, cue in view.find(_cues("participated", "organizer")):
        start = pos + len(cue.text)
        start += view.masked[start:start + 1] in ("为", "是")
        event = view.before(pos, {"Event"}) or next(iter(view.after(start, {"Event"})), None)
        for org in view.run(start, _PARTICIPANT, view.clause(start)[1]) if event else []:
            ctx.add(view, org.key, "participatedIn", event.key, "participated_organizer",
                    cue.weight, view.clause(pos))


def _organizers(view: _Sentence, pos: int, lo: int) -> list[_Span]:
    """由A、B(共同)主辦: the bodies between 由 and the verb."""
    by = view.masked.rfind("由", lo, pos)
    if by < 0:
        return []
    found = view.run(by + 1, _PARTICIPANT, pos)
    last = max((s.end for s in view.spans if by < s.start and s.end <= pos), default=pos)
    tail = view.masked[last:pos]  # 江門市人民政府共同: what the list ends with before the verb
    return found if found and len(tail) <= 8 else []


def _participation_at(ctx: _Context, view: _Sentence) -> None:
    """X在Y上/中/期間…: the subject of the clause was at the event (or at 本次兩會, 現場)."""
    for ev in (s for s in view.spans if s.label == "Event"):
        lo, hi = view.clause(ev.start)
        at = view.masked.rfind("在", lo, ev.start)
        rest = view.masked[ev.end:ev.end + 12]
        marker = next((c for c in _cues("participated", "at") if re.match(
            rf"[^，,。{_MASK}]{{0,10}}?{c.text}", rest)), None)
        subject = view.before(at, _PARTICIPANT, lo) if at >= 0 and not _negated(view, at) else None
        if marker and subject and len(_TIME.sub("", view.between(subject.end, at))) <= 4:
            ctx.add(view, subject.key, "participatedIn", ev.key, "participated_at",
                    marker.weight, (subject.start, hi))
    nouns = {c.text for c in _cues("participated", "anaphor")}
    for match in _AT_ANAPHOR.finditer(view.masked):
        if _negated(view, match.start()):
            continue  # 他不在現場
        lo, hi = view.clause(match.start())
        span = view.before(match.start(), _PARTICIPANT, lo)
        if span and len(view.between(span.end, match.start())) <= 2:
            subject = span.key
        elif not _subject_slot(view, lo, match.start(), advice=False) and view.masked[lo:match.start()].strip():
            earlier = [s.key for s in view.spans if s.label == "Person" and s.end <= lo
                       and s.key not in ctx.reporters]  # 張三表示，他在博覽會上…
            subject = earlier[-1] if earlier else ctx.speaker.get(view.para)
        else:
            continue
        noun = match.group(2)
        if noun is not None and (match.group(1) or noun.endswith(tuple(nouns))):
            ctx.add(view, subject, "participatedIn", _last_event(ctx, noun), "participated_at", 0.65,
                    (lo, hi))
        elif noun is None:
            ctx.add(view, subject, "participatedIn", _session(ctx, view), "participated_at", 0.6,
                    (lo, hi))


def _negated(view: _Sentence, at: int) -> bool:
    """Whether the 在 at ``at`` is denied (不在, 沒在, 未在): the subject was not there."""
    return view.masked[max(at - 1, 0):at] in ("不", "没", "未") and at > 0


# 在本屆論壇上 / 在博覽會上 / 在現場: (determiner, event noun), or neither for 現場
_TIME = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:[上下]午|晚上?)?|[今昨前明][天日]|[日近]前|近日")
"""A date or a day between a subject and its verb (覃偉中1月28日在…上表示)."""
_AT_ANAPHOR = re.compile(rf"在({_DETERMINERS})?([^\x00，,。在]{{1,4}}?)(?:上|中|期间)|在现场")


def _participation_scene(ctx: _Context, view: _Sentence) -> None:
    """在X會議…中，張三表示 / 今年深圳兩會，人大舉行…: an opening clause sets the scene.

    The opening clause names an event (or points back to one: 在採訪中, 大會發言中) and the
    subject of the next clause took part in it.
    """
    starts = [0] + [i + 1 for i, ch in enumerate(view.masked) if ch in _CLAUSE_END]
    for lo, hi in sorted({view.clause(_skip_space(view.masked, st)) for st in starts}):
        if hi < len(view.masked):
            _scene_clause(ctx, view, lo, hi)


def _scene_clause(ctx: _Context, view: _Sentence, lo: int, hi: int) -> None:
    """One candidate scene clause [lo, hi) and the clause after it."""
    events = [s.key for s in view.spans if s.label == "Event" and lo <= s.start < hi and s.key]
    text = view.masked[lo:hi].strip()
    marker = next((c for c in _cues("participated", "at") if text.endswith(c.text)), None)
    opened = bool(events) or text.startswith(("在", "于")) or bool(
        view.find(_cues("participated", "plenary"), lo, hi))
    venue = next((c for c in _cues("participated", "venue") if text == c.text), None)
    if not events and venue:  # 場內，張三表示: inside the event just reported
        marker, opened = venue, True
        events = [e for e in [_event_before(ctx, view, lo)] if e]
    if not events and marker and opened:
        events = [e for e in [_event_mentioned(ctx, view, lo, hi)] if e]
    if not events or any(s.label in ("Person", "Organization") and lo <= s.start < hi
                         for s in view.spans):
        return
    if not (marker and opened) and _subject_slot(view, lo, hi).replace(_MASK, ""):
        return  # neither a scene (在X上) nor a bare clause (X，張三表示)
    n_lo, n_hi = view.clause(hi + 1)
    start = _skip_space(view.masked, n_lo)
    people = [s for s in view.spans if s.label == "Person" and n_lo <= s.start < n_hi]
    first = next((s for s in view.spans if s.start >= start), None)
    subject = people[0] if people else first if first and first.label == "Organization" \
        and first.start == start else None
    for event in events if subject else []:
        ctx.add(view, subject.key, "participatedIn", event, "participated_scene",
                (marker.weight if marker else 0.7) - 0.1, (lo, n_hi))


def _event_before(ctx: _Context, view: _Sentence, lo: int) -> str | None:
    """The event named last before ``lo``: earlier in the sentence, else in the last few
    sentences of the current story."""
    here = view.before(lo, {"Event"})
    if here and here.key:
        return here.key
    earlier = [k for k in ctx.events if ctx.event_seen[k] < ctx.now]
    seen = ctx.event_seen[earlier[-1]] if earlier else -1
    return earlier[-1] if earlier and seen >= ctx.story and ctx.now - seen <= _RECENT else None


def _event_mentioned(ctx: _Context, view: _Sentence, lo: int, hi: int) -> str | None:
    """The event a scene clause points back to: 大會 → the session, 採訪 → the 採訪活動."""
    if view.find(_cues("participated", "plenary"), lo, hi):
        return _session(ctx, view)
    words = re.findall(rf"[^{_MASK}在于的，,\s]{{2,6}}", view.masked[lo:hi])
    for word in words:
        stem = word.rstrip("中上期间现场")
        for key in reversed(ctx.events):
            if len(stem) >= 2 and any(stem in n for n in ctx.names(key)):
                return key
    return None


def _session(ctx: _Context, view: _Sentence) -> str | None:
    """The session a 大會 refers to: one named in the sentence, else the document's first."""
    nouns = tuple(c.text for c in _cues("participated", "session"))
    here = [s.key for s in view.spans if s.label == "Event" and s.key and
            any(n.endswith(nouns) for n in ctx.names(s.key))]
    sessions = [k for k in ctx.events if any(n.endswith(nouns) for n in ctx.names(k))]
    return (here or sessions or [None])[0]


def _participation_plenary(ctx: _Context, view: _Sentence) -> None:
    """張三(代表市政府)向大會作報告 / 在大會上發言: the session being reported on."""
    for pos, cue in view.find(_cues("participated", "plenary")):
        if view.masked[pos - 1:pos] not in ("向", "在"):
            continue
        lo, hi = view.clause(pos)
        event = _session(ctx, view)
        person = view.before(pos, {"Person"}, lo)
        if person and event:
            ctx.add(view, person.key, "participatedIn", event, "participated_plenary",
                    cue.weight, (lo, hi))
            rep = view.masked.rfind("代表", person.end, pos)
            if rep >= 0:
                bodies = [b.key for b in view.run(rep + 2, {"Organization"}, pos)]
                level = re.match(rf"([{_LEVELS}])(?:人民)?政府", view.masked[rep + 2:pos])
                if not bodies and level:  # 代表市政府: the government the person heads
                    bodies = [_known_government(ctx, person.key, level.group(1))]
                for body in bodies:
                    ctx.add(view, body, "participatedIn", event, "participated_plenary",
                            cue.weight - 0.1, (lo, hi))


def _participation_award(ctx: _Context, view: _Sentence) -> None:
    """A、B等…獲得本屆大賽金獎: winners took part in the event."""
    for pos, cue in view.find(_cues("participated", "award")):
        lo, hi = view.clause(pos)
        event = next((s.key for s in view.after(pos, {"Event"}, hi)), None) or \
            _event_anaphor(ctx, view, pos, hi)
        if not event:
            continue
        for s in view.spans:
            if s.label in _PARTICIPANT and lo <= s.start and s.end <= pos:
                ctx.add(view, s.key, "participatedIn", event, "participated_award", cue.weight,
                        (lo, hi))


def _named_participants(ctx: _Context) -> Iterator[tuple[str, str, float]]:
    """AIE博覽會組委會 → AIE博覽會: an organizing committee named after its event."""
    organs = _cues("participated", "organ")
    events = [k for k in ctx.doc_keys if ctx.label(k) == "Event"]
    for org in (k for k in ctx.doc_keys if ctx.label(k) == "Organization"):
        for name in ctx.names(org):
            organ = next((o for o in organs if name.endswith(o.text)), None)
            if not organ:
                continue
            stem = name[:-len(organ.text)]
            for ev in events:
                if stem in ctx.names(ev):
                    yield org, ev, organ.weight


# --------------------------------------------------------------------------- driver


def _document_pass(ctx: _Context, views: list[_Sentence], predicate: str,
                   found: Iterable[tuple[str, str, float]], source: str) -> None:
    """Attach name-based relations to the first sentence mentioning both ends."""
    for subject, obj, conf in found:
        view = next((v for v in views if {subject, obj} <= {s.key for s in v.spans}), None)
        view = view or next((v for v in views if subject in {s.key for s in v.spans}), None)
        if view:
            ctx.add(view, subject, predicate, obj, source, conf)


_FAMILIES = (_affiliations, _proposals, _locations, _parts, _concerns, _cooperation, _participation)


def extract_relations(document: Document, mentions: Sequence[Mention],
                      resolution: Resolution) -> list[Relation]:
    """Relations stated in ``document`` between the entities its mentions resolve to.

    Deterministic: sorted by sentence, predicate, subject, object; one relation per
    (subject, predicate, object), the most confident; cooperatesWith once, subject < object.

    >>> extract_relations(Document("d", "d.txt", "", None, "zh-Hant", "", "utf-8", ()), [],
    ...                   Resolution((), {}))
    []
    """
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.doc_id == document.doc_id:
            by_sentence.setdefault(m.sentence, []).append(m)
    views = [_view(s, by_sentence.get(s.index, []), resolution) for s in document.sentences]
    doc_keys = list(dict.fromkeys(s.key for v in views for s in v.spans if s.key))
    ctx = _Context(document, resolution, doc_keys)
    ctx.outlet = _outlet(views)
    ctx.cataphora = _cataphora(views)
    handoff: str | None = None
    for i, view in enumerate(views):
        para = view.para
        if handoff and para not in ctx.speaker:
            ctx.speaker[para] = handoff
            ctx.columns.add(para)
        ctx.now = i
        if _BYLINE.search(view.sent.text):
            ctx.story = i  # a new story of a multi-story page
        for span in (s for s in view.spans if s.label == "Event" and s.key):
            ctx.events.append(span.key)
            ctx.event_seen[span.key] = i
        for family in _FAMILIES:
            family(ctx, view)
        people = [s.key for s in view.spans if s.label == "Person" and s.key
                  and s.key not in ctx.reporters]
        if people:
            ctx.speaker[para] = people[-1]
        alone = all(v.para != para for v in views[max(i - 1, 0):i + 2] if v is not view)
        handoff = people[-1] if people and alone and _is_header(view) else None
    _document_pass(ctx, views, "partOf", _named_parts(ctx), "partof_name")
    _document_pass(ctx, views, "concerns", _named_concerns(ctx), "concerns_name")
    _document_pass(ctx, views, "participatedIn", _named_participants(ctx), "participated_organ")
    return sorted(ctx.relations.values(),
                  key=lambda r: (r.sentence, r.predicate, r.subject, r.object))
