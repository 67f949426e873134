"""Entity resolution: cluster the mentions of a corpus into one ``Entity`` per real-world thing.

Mentions are grouped into *nodes*: one per document, type and name key (the name folded to
Simplified, width and quote marks, plus the spelling variants of ``resolve_norms.txt``, so
深圳市政協 / 深圳市政协 and 香港特區立法會 / 香港特別行政區立法會 are one node). Nodes are then
merged in three passes, each of which records why:

1. **within a document**, forms of one name: a short form and its long form (前海 and
   前海深港現代服務業合作區), a place- or year-prefixed form (深圳前海, 2026年APEC會議) and a
   generically suffixed one (「創投通」機制). A short form that fits two different long forms
   of the document is ambiguous and stays apart.
2. **across documents**, the same name key of the same type, unless the two clusters carry
   evidence that they are different things (深圳市政府 vs 廣州市政府 behind a shared 市政府);
   and a name with its generic suffix (橋頭通, 「橋頭通」機制). Head and place-prefix short
   forms are only trusted within a document: across a corpus they are too often ambiguous.
3. **misprinted person names**: equal length, one character apart, same surname, never in one
   sentence, and sharing the organization (one named beside few people: a conference with
   hundreds of members is no evidence) or two role words around them, or a name printed once
   right next to the same name printed repeatedly.

Types are decided first, per name key, by a vote weighted with ``Mention.score``; types never
mix afterwards. Every list is sorted, so the result does not depend on input order or hashing.
All affix and title data live in ``kg/data/resolve/``.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from kg import resources

from kg.errors import PatternError
from kg.text.normalize import HANT, abbreviates, fold_key, to_simplified, to_traditional
from kg.records import ENTITY_TYPES, Document, Entity, Mention, Resolution

__all__ = ["Lexicon", "load_lexicon", "name_key", "strip_title", "canonical_name",
           "reductions", "same_name", "contraction", "quoted_cores", "resolve_entities", "explain_entity"]

_QUOTE_CLOSERS = "」』》〉”’\""
# Types whose names name an area: there the head of 河套園區 (河套) also heads
# 河套深港科技創新合作區. For an event or a programme, APEC會議 and APEC工商領導人峰會 share a
# head but are two things, so a name with its generic word cut off is no head for them.
_AREA_TYPES = frozenset({"Platform", "Port", "Place"})


# --------------------------------------------------------------------------- lexicons

@dataclass(frozen=True)
class Lexicon:
    """Resolution data, folded to Simplified so that it compares with name keys."""

    titles: frozenset[str]
    generic: Mapping[str, tuple[str, ...]]     # type -> suffixes, longest first
    heads: Mapping[str, tuple[str, ...]]       # type -> suffixes, longest first
    admin: tuple[str, ...]                     # 市, 區 …, longest first
    regions: frozenset[str]                    # 深港, 粵港澳 …: prefixes that act as places
    prefixes: tuple[tuple[re.Pattern, str], ...]
    suffixes: tuple[tuple[re.Pattern, str], ...]
    infixes: tuple[tuple[re.Pattern, str], ...]
    norms: tuple[tuple[re.Pattern, str, str], ...]
    aliases: Mapping[str, str]                 # gazetteer short form key -> full name key


def _rows(name: str, columns: int, check=lambda cells: None) -> Iterable[tuple[str, ...]]:
    """Rows of ``kg/data/resolve/<name>`` (a ``.tsv`` table, or a ``.txt`` list of one item a
    line); a bad row names its place. ``check(cells)`` returns a complaint about a row, or
    None if the row is fine.
    """
    where = resources.data_path(f"resolve/{name}")
    for number, fields in resources.parse_table(resources.read_data(f"resolve/{name}"), where,
                                                (columns, columns)):
        problem = check(tuple(fields))
        if problem:
            raise PatternError(f"{where}:{number}: {problem}")
        yield tuple(fields)


def _compile(name: str, pattern: str, anchor: str) -> re.Pattern:
    """Compile a lexicon regex, anchored, reporting the file on a syntax error."""
    try:
        return re.compile(anchor.format(to_simplified(pattern)))
    except re.error as err:
        raise PatternError(f"{resources.data_path('resolve/' + name)}: bad regular expression {pattern!r}: {err}"
                           ) from None


def _by_type(rows: Iterable[tuple[str, str, str]], kind: str) -> dict[str, tuple[str, ...]]:
    """Suffixes of one kind grouped by type, longest first so the fullest suffix strips first."""
    found: dict[str, set[str]] = defaultdict(set)
    for row_kind, label, suffix in rows:
        if row_kind == kind:
            found[label].add(fold_key(suffix))
    return {label: tuple(sorted(s, key=lambda x: (-len(x), x))) for label, s in found.items()}


def _suffix_row(cells: tuple[str, ...]) -> str | None:
    kind, label, _ = cells
    if kind not in ("generic", "head"):
        return f"kind must be generic or head, got {kind!r}"
    if label not in ENTITY_TYPES:
        return f"unknown type {label!r}; use one of {', '.join(ENTITY_TYPES)}"
    return None


def _affix_row(cells: tuple[str, ...]) -> str | None:
    if cells[0] not in ("prefix", "suffix", "infix"):
        return f"kind must be prefix, suffix or infix, got {cells[0]!r}"
    return None


def _gazetteer_aliases(norms: tuple[tuple[re.Pattern, str, str], ...]) -> dict[str, str]:
    """Short forms the gazetteer gives for its closed classes (前海, 北都, 我國): known names of
    one thing, so they share the full name's key whatever else the document mentions."""
    from kg.entities import load_table

    def key(name: str) -> str:
        return _spelling_key(name, norms)

    return {key(short): key(row[0]) for _, row in load_table("gazetteer.tsv", (2, 3))
            if len(row) == 3 for short in row[2].split("|") if key(short) != key(row[0])}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the ``kg/data/resolve`` lexicons once (they are package data)."""
    suffix_rows = list(_rows("suffixes.tsv", 3, _suffix_row))
    affixes = list(_rows("affixes.tsv", 3, _affix_row))
    norms = tuple((_compile("norms.tsv", p, "{}"), to_simplified(r), what)
                  for p, r, what in _rows("norms.tsv", 3))
    return Lexicon(
        titles=frozenset(to_simplified(t) for (t,) in _rows("titles.txt", 1)),
        generic=_by_type(suffix_rows, "generic"),
        heads=_by_type(suffix_rows, "head"),
        admin=tuple(sorted({fold_key(a) for (a,) in _rows("admin.txt", 1)},
                           key=lambda x: (-len(x), x))),
        regions=frozenset(fold_key(r) for (r,) in _rows("regions.txt", 1)),
        prefixes=tuple((_compile("affixes.tsv", p, "(?:{})"), what)
                       for kind, p, what in affixes if kind == "prefix"),
        suffixes=tuple((_compile("affixes.tsv", p, "(?:{})$"), what)
                       for kind, p, what in affixes if kind == "suffix"),
        infixes=tuple((_compile("affixes.tsv", p, "(?:{})"), what)
                      for kind, p, what in affixes if kind == "infix"),
        norms=norms,
        aliases=_gazetteer_aliases(norms),
    )


# --------------------------------------------------------------------------- names

@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Comparison key of a name: folded, with spelling variants normalized.

    Two forms with one key are the same name; everything else compares keys.

    >>> name_key("香港特別行政區立法會") == name_key("香港特区立法会")
    True
    """
    lexicon = load_lexicon()
    key = _spelling_key(name, lexicon.norms)
    return lexicon.aliases.get(key, key)


def _spelling_key(name: str, norms: tuple[tuple[re.Pattern, str, str], ...]) -> str:
    key = fold_key(name)
    for pattern, replacement, _ in norms:
        key = pattern.sub(replacement, key)
    return key


def _norm_notes(a: str, b: str) -> list[str]:
    """Which spelling variants or known short forms make two forms one key (for the reason)."""
    lexicon = load_lexicon()
    keys = (fold_key(a), fold_key(b))
    notes = [what for pattern, _, what in lexicon.norms if any(pattern.search(k) for k in keys)]
    if any(_spelling_key(n, lexicon.norms) in lexicon.aliases for n in (a, b)):
        notes.append("a short form the gazetteer lists")
    return notes


def strip_title(name: str, titles: Iterable[str] = ()) -> tuple[str, str]:
    """Split a person mention into (name, title) when a title slipped into the span.

    Chinese personal names have 2–4 characters, so a title is cut off only if it leaves that
    much; the rightmost title before the name wins (深圳市政協委員楊德斌 → 楊德斌).

    >>> strip_title("市長覃偉中")
    ('覃偉中', '市長')
    >>> strip_title("楊德斌委員")
    ('楊德斌', '委員')
    >>> strip_title("方舟")
    ('方舟', '')
    """
    known, longest = _known_titles(frozenset(titles))
    simple = to_simplified(name)
    for cut in range(len(simple) - 2, 0, -1):
        if len(simple) - cut <= 4 and any(simple[cut - size:cut] in known
                                          for size in range(1, min(cut, longest) + 1)):
            return name[cut:], name[:cut]
    for cut in range(2, min(4, len(simple) - 1) + 1):
        if simple[cut:] in known:
            return name[:cut], name[cut:]
    return name, ""


@lru_cache(maxsize=8)
def _known_titles(extra: frozenset[str]) -> tuple[frozenset[str], int]:
    """The lexicon's titles and ``extra`` (two characters or more), Simplified, with the
    length of the longest: folded once per corpus, not once per person mention."""
    known = load_lexicon().titles | {to_simplified(t) for t in extra if len(t) >= 2}
    return known, max(map(len, known), default=0)


def _fullness(form: str, label: str | None) -> int:
    """Length that counts for 'fullest': a generic suffix after a quoted name adds nothing.

    「創投通」機制 is as full as 創投通; the quoted part is the name, 機制 only says what it is.
    """
    key = fold_key(form)
    stripped = form.rstrip()
    for suffix in load_lexicon().generic.get(label or "", ()):
        head = stripped[: len(stripped) - len(suffix)]
        if key.endswith(suffix) and head and head[-1] in _QUOTE_CLOSERS:
            return len(key) - len(suffix)
    return len(key)


def canonical_name(forms: Iterable[str], label: str | None = None) -> str:
    """Fullest proper name among an entity's surface forms (GUIDELINES: canonical name).

    Ties go to the shorter written form (fewer decorations), then to the most frequent form,
    then to the first seen, so the choice is deterministic for a given order of forms.

    >>> canonical_name(["前海", "前海深港現代服務業合作區", "前海合作區"])
    '前海深港現代服務業合作區'
    >>> canonical_name(["「創投通」機制", "創投通", "創投通"], "Initiative")
    '創投通'
    """
    forms = list(forms)
    if not forms:
        raise ValueError("canonical_name needs at least one form")
    counts = Counter(forms)
    first = {f: i for i, f in reversed(list(enumerate(forms)))}
    return min(counts, key=lambda f: (-_fullness(f, label), len(fold_key(f)), -counts[f], first[f]))


# --------------------------------------------------------------------------- reductions

def _place_steps(key: str, places: frozenset[str], admin: tuple[str, ...]):
    """Strip a leading place (深圳, 深圳市); also yield the form without the admin word."""
    for cut in range(len(key) - 2, 1, -1):
        place = key[:cut]
        if place not in places:
            continue
        rest = key[cut:]
        yield rest, ("place", place)
        for word in admin:
            if rest.startswith(word) and len(rest) - len(word) >= 2:
                yield rest[len(word):], ("place", place + word)
                yield place + rest[len(word):], ("admin", word)


def _steps(key: str, label: str, places: frozenset[str], lexicon: Lexicon):
    """Every one-step reduction of a name key with what was dropped."""
    yield from _place_steps(key, places, lexicon.admin)
    for pattern, what in lexicon.prefixes:
        match = pattern.match(key)
        if match and match.end() < len(key):
            yield key[match.end():], (what, match.group())
    for pattern, what in lexicon.suffixes:
        match = pattern.search(key)
        if match and match.start() > 0:
            yield key[: match.start()], (what, match.group())
    for suffix in lexicon.generic.get(label, ()):
        if key.endswith(suffix):
            yield key[: -len(suffix)], ("generic", suffix)


def reductions(key: str, label: str, places: Iterable[str] = ()) -> dict[str, tuple]:
    """Shorter keys a name may go by, each with the dropped pieces (breadth-first, shortest path).

    Person names have none: a person is never called by part of a name.

    >>> sorted(reductions("深圳前海合作区", "Platform", {"深圳"}))
    ['前海', '前海合作区', '深圳前海', '深圳前海合作区']
    """
    return dict(_reductions(key, label, frozenset(places) | load_lexicon().regions))


@lru_cache(maxsize=65536)
def _reductions(key: str, label: str, places: frozenset[str]) -> tuple[tuple[str, tuple], ...]:
    if label == "Person":
        return ((key, ()),)
    lexicon = load_lexicon()
    found = {key: ()}
    queue = [key]
    while queue:
        current = queue.pop(0)
        for shorter, step in _steps(current, label, places, lexicon):
            if len(shorter) >= 2 and shorter not in found:
                found[shorter] = found[current] + (step,)
                queue.append(shorter)
    return tuple(found.items())


def _is_head(short: str, long: str, label: str, places: frozenset[str]) -> str | None:
    """The head suffix if ``short`` is the head of ``long`` (河套 of 河套深港科技創新合作區).

    The head must be a bare name: not a place, not place-prefixed, not itself ending in a
    head suffix, so 深圳 is no head of 深圳園區.
    """
    if len(short) < 2 or len(long) <= len(short) or not long.startswith(short):
        return None
    heads = load_lexicon().heads.get(label, ())
    if short in places or any(short[:i] in places for i in range(2, len(short))):
        return None
    if any(short.endswith(s) for s in heads):
        return None
    return next((s for s in heads if long.endswith(s) and len(long) - len(s) >= len(short)), None)


def _located(path: tuple) -> tuple[str, ...]:
    """Place, year and edition pieces a reduction dropped: they tell two things apart."""
    return tuple(piece for what, piece in path if what not in ("generic", "admin", "phase"))


def _without_admin(piece: str, admin: tuple[str, ...]) -> str:
    """深圳市 → 深圳: the place itself, so that 深圳 and 深圳市 prefixes agree."""
    word = next((w for w in admin if piece.endswith(w) and len(piece) > len(w)), "")
    return piece[: len(piece) - len(word)]


def _agree(a: tuple[str, ...], b: tuple[str, ...], admin: tuple[str, ...]) -> bool:
    """Dropped prefixes agree if one side has none or they name the same place or year."""
    if not a or not b:
        return True
    x, y = (_without_admin("".join(p), admin) for p in (a, b))
    return x.startswith(y) or y.startswith(x)


def _show(key_piece: str, script: str) -> str:
    """A piece of a (Simplified) key written in the document's script, for messages."""
    return to_traditional(key_piece) if script == HANT else key_piece


def _describe(path: tuple, script: str) -> str:
    """Human wording of dropped pieces in the script of the document."""
    words = {"place": "place prefix", "admin": "administrative word", "generic": "generic suffix"}
    return ", ".join(f"{words.get(what, what)} {_show(piece, script)} dropped"
                     for what, piece in path)


def same_name(a: str, b: str, label: str, places: Iterable[str] = (),
              script: str = HANT) -> tuple[bool | None, str]:
    """Whether two name keys of one type name one thing: (True | False | None, why).

    True: a reduction of one equals a reduction of the other, or one is the head of the other.
    False: both reduce to one stem but dropped different places or years (深圳市政府工作報告 vs
    羅湖區政府工作報告). None: no evidence either way.

    >>> same_name("河套", "河套深港科技创新合作区", "Platform")[0]
    True
    >>> same_name("深圳市政府", "广州市政府", "Organization", {"深圳", "广州"})[0]
    False
    """
    return _same_name(a, b, label, frozenset(places) | load_lexicon().regions, script)


@lru_cache(maxsize=262144)
def _same_name(a: str, b: str, label: str, places: frozenset[str],
               script: str) -> tuple[bool | None, str]:
    ra, rb = dict(_reductions(a, label, places)), dict(_reductions(b, label, places))
    admin = load_lexicon().admin
    conflict = None
    for x in sorted(set(ra) & set(rb), key=lambda k: (len(ra[k]) + len(rb[k]), k)):
        la, lb = _located(ra[x]), _located(rb[x])
        if _agree(la, lb, admin):
            why = "; ".join(filter(None, (_describe(ra[x], script), _describe(rb[x], script))))
            return True, why or "same name"
        conflict = conflict or (f"same stem {_show(x, script)} under different prefixes "
                                f"{_show(''.join(la), script)} and {_show(''.join(lb), script)}")
    if conflict:
        return False, conflict
    return _head_relation(ra, rb, label, places, script)


def _head_relation(ra: Mapping[str, tuple], rb: Mapping[str, tuple], label: str,
                   places: frozenset[str], script: str) -> tuple[bool | None, str]:
    """(True, why) if a reduction of one name is the head of a reduction of the other."""
    for x in sorted(ra):
        for y in sorted(rb):
            for (short, short_path), (long, long_path) in (((x, ra[x]), (y, rb[y])),
                                                            ((y, rb[y]), (x, ra[x]))):
                if label not in _AREA_TYPES and any(w == "generic" for w, _ in short_path):
                    continue
                suffix = _is_head(short, long, label, places)
                if suffix:
                    extra = _describe(short_path + long_path, script)
                    return True, f"head of a name ending in {_show(suffix, script)}" + (
                        f" ({extra})" if extra else "")
    return None, ""


# --------------------------------------------------------------------------- nodes

@dataclass(frozen=True)
class _Node:
    """All mentions of one name key of one type in one document."""

    doc_id: str
    label: str
    key: str


def _node_order(node: _Node) -> tuple:
    return (node.label, node.key, node.doc_id)


def _sort_key(m: Mention) -> tuple:
    return (m.doc_id, m.sentence, m.start, m.end, m.label, m.text, m.source, m.score)


class _Clusters:
    """Union-find over nodes that keeps each cluster's members and the reasons for merges."""

    def __init__(self, nodes: Iterable[_Node]):
        self.parent = {n: n for n in nodes}
        self.groups = {n: [n] for n in self.parent}
        self.reasons: list[tuple[_Node, str]] = []

    def find(self, node: _Node) -> _Node:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def group(self, node: _Node) -> list[_Node]:
        return self.groups[self.find(node)]

    def union(self, a: _Node, b: _Node, reason: str) -> bool:
        """Merge the clusters of a and b (the smaller root stays), noting why."""
        ra, rb = sorted((self.find(a), self.find(b)), key=_node_order)
        if ra == rb:
            return False
        self.parent[rb] = ra
        self.groups[ra] = sorted(self.groups[ra] + self.groups.pop(rb), key=_node_order)
        if reason:
            self.reasons.append((ra, reason))
        return True


@dataclass
class _Corpus:
    """What the passes read: nodes with their mentions, cleaned names, places, context."""

    scripts: Mapping[str, str]
    mentions: dict[_Node, list[Mention]]        # in text order
    names: dict[Mention, str]                   # cleaned surface form (title stripped)
    titles: dict[Mention, str]                  # title stripped from a person mention
    prefixes: Mapping[str, frozenset[str]]      # type -> names that may prefix its names
    roles: dict[tuple[str, int], set[str]]      # (doc, sentence) -> folded role words
    votes: dict[tuple[str, str], str]           # (label, key) -> vote reason
    tied: dict[tuple[_Node, _Node], str]        # (short, long) the text says are one -> why
    _forms: dict[_Node, str] = field(default_factory=dict)
    known_same: set[frozenset[str]] = field(default_factory=set)   # key pairs shown one name

    def __post_init__(self):
        self.known_same.update(frozenset((a.key, b.key)) for a, b in self.tied)

    def sentences(self, node: _Node) -> set[tuple[str, int]]:
        return {(m.doc_id, m.sentence) for m in self.mentions[node]}

    def form(self, node: _Node) -> str:
        if node not in self._forms:
            forms = [self.names[m] for m in self.mentions[node]]
            self._forms[node] = canonical_name(forms, node.label)
        return self._forms[node]


def _vote(candidates: Mapping[str, list[Mention]]) -> tuple[str, str]:
    """Type of a name by score-weighted majority; ties to more mentions, then type order."""
    weight = {label: round(sum(m.score for m in ms), 9) for label, ms in candidates.items()}
    label = min(weight, key=lambda t: (-weight[t], -len(candidates[t]), ENTITY_TYPES.index(t)))
    if len(weight) == 1:
        return label, ""
    tally = ", ".join(f"{t} {weight[t]:.2f}" for t in sorted(weight, key=lambda t: (-weight[t], t)))
    return label, f"typed {label} by score-weighted vote over its mentions ({tally})"


def _check(documents: Sequence[Document], mentions: Sequence[Mention]) -> dict[str, str]:
    """Scripts by document; mentions of unknown documents or labels are caller bugs."""
    scripts = {d.doc_id: d.script for d in documents}
    unknown = sorted({m.doc_id for m in mentions} - set(scripts))
    if unknown:
        raise ValueError(f"mentions refer to documents not given: {', '.join(unknown)}")
    bad = sorted({m.label for m in mentions} - set(ENTITY_TYPES) - {"Role"})
    if bad:
        raise ValueError(f"unknown mention labels {bad}; expected one of "
                         f"{', '.join(ENTITY_TYPES + ('Role',))}")
    return scripts


def _clean_names(ordered: Sequence[Mention]) -> tuple[dict, dict, dict]:
    """Cleaned name of each non-role mention, titles cut off person names, role words by
    sentence. Role mentions of the corpus extend the title lexicon."""
    role_words = frozenset(m.text for m in ordered if m.label == "Role")
    names, titles, roles = {}, {}, defaultdict(set)
    for m in ordered:
        if m.label == "Role":
            roles[(m.doc_id, m.sentence)].add(fold_key(m.text))
            continue
        name, title = strip_title(m.text, role_words) if m.label == "Person" else (m.text, "")
        if name_key(name):
            names[m] = name
        if title:
            titles[m] = title
    return names, titles, dict(roles)


def _vote_labels(names: Mapping[Mention, str]) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """One type per name key, and the vote reason where mentions disagreed."""
    by_key: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for m, name in names.items():
        by_key[name_key(name)][m.label].append(m)
    labels, votes = {}, {}
    for key, candidates in sorted(by_key.items()):
        labels[key], why = _vote(candidates)
        if why:
            votes[(labels[key], key)] = why
    return labels, votes


def _named(labels: Mapping[str, str], label: str) -> frozenset[str]:
    return frozenset(k for k, t in labels.items() if t == label and len(k) >= 2)


def _prefix_sets(labels: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Names that may prefix a name of each type: places and joint regions everywhere,
    platforms too for the other types (河套園區「七通一平」), never one-character names."""
    places = _named(labels, "Place") | load_lexicon().regions
    wider = places | _named(labels, "Platform")
    return {t: places if t in ("Place", "Platform") else wider for t in ENTITY_TYPES}


def _build_corpus(documents: Sequence[Document], mentions: Sequence[Mention]) -> _Corpus:
    """Clean person names, vote a type per name key, and group mentions into nodes.

    A short form the text ties to a longer name (簡稱「X」, or 「X」 of “X”Y) takes the
    longer name's type: 「深南東1號」 alone reads like a programme, but names the centre.
    """
    scripts = _check(documents, mentions)
    ordered = sorted(set(mentions), key=_sort_key)
    names, titles, roles = _clean_names(ordered)
    labels, votes = _vote_labels(names)
    texts = {(d.doc_id, s.index): s.text for d in documents for s in d.sentences}
    links = {**_quoted_short_forms(names), **_acronym_short_forms(names, texts),
             **_introduced_short_forms(names, texts)}
    nodes: dict[_Node, list[Mention]] = defaultdict(list)
    node_of: dict[Mention, _Node] = {}
    for m, name in names.items():
        long = links.get(m, (m, ""))[0]
        node_of[m] = _Node(m.doc_id, labels[name_key(names[long])], name_key(name))
        nodes[node_of[m]].append(m)
    tied = {(node_of[short], node_of[long]): why for short, (long, why) in links.items()
            if node_of[short].key != node_of[long].key}
    return _Corpus(scripts, dict(nodes), names, titles, _prefix_sets(labels), roles, votes,
                   dict(sorted(tied.items(), key=lambda kv: (_node_order(kv[0][0]),
                                                             _node_order(kv[0][1])))))


# Y（簡稱「X」）, Y（以下簡稱X）: the text itself says X stands for Y.
_INTRODUCED = re.compile(r"^\s*[（(]\s*(?:以下|下文)?(?:简称|下称|又称|简称为)\s*[:：]?\s*[「『“\"]?$")
_BRACKET = re.compile(r"^\s*[（(]$")  # Y（X）: X stands for Y when X contracts Y
_LEADING_QUOTE = re.compile(r"^[「『“]([^「」『』“”]{2,})[」』”](.+)$")


def _introduced_short_forms(names: Mapping[Mention, str],
                            texts: Mapping[tuple[str, int], str]) -> dict[Mention, tuple]:
    """Mentions introduced as the short form of the mention right before them."""
    by_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in names:
        if m.label != "Person":
            by_sentence[(m.doc_id, m.sentence)].append(m)
    links = {}
    for where, found in sorted(by_sentence.items()):
        text = to_simplified(texts.get(where, ""))
        for long in found:
            for short in found:
                gap = text[long.end:short.start] if short.start >= long.end else None
                if gap is not None and (_INTRODUCED.match(gap) or _BRACKET.match(gap) and
                                        abbreviates(names[short], names[long])):
                    links[short] = (long, f"introduced as the short form of {names[long]}")
    return links


_ACRONYM = re.compile(r"^\s*[（(]([A-Za-z][A-Za-z0-9&]{1,7})[）)]")


def _acronym_short_forms(names: Mapping[Mention, str],
                         texts: Mapping[tuple[str, int], str]) -> dict[Mention, tuple]:
    """全球智能機械與電子產品博覽會（AIE） … AIE博覽會: a Latin acronym in brackets right
    after a name stands for it in its document, alone or before the name's own head."""
    longs: dict[str, dict[str, Mention]] = defaultdict(dict)
    for m in sorted(names, key=_sort_key):
        match = _ACRONYM.match(texts.get((m.doc_id, m.sentence), "")[m.end:])
        if match and m.label != "Person":
            longs[m.doc_id].setdefault(match.group(1).upper(), m)
    links = {}
    for m, name in names.items():
        for acronym, long in sorted(longs.get(m.doc_id, {}).items()):
            rest = fold_key(name)[len(acronym):]
            if m != long and fold_key(name).upper().startswith(acronym) and \
                    fold_key(names[long]).endswith(rest):
                links[m] = (long, f"{acronym} is bracketed after {names[long]}")
    return links


def _quoted_short_forms(names: Mapping[Mention, str]) -> dict[Mention, tuple]:
    """Mentions of X in a document that names “X”Y, and 「X」 anywhere when one name “X”Y
    exists: the quoted part is what readers use."""
    longs: dict[tuple[str, str], set[Mention]] = defaultdict(set)
    for m, name in names.items():
        match = _LEADING_QUOTE.match(name.strip())
        if match and m.label != "Person":
            longs[(m.doc_id, name_key(match.group(1)))].add(m)
    anywhere: dict[str, set[Mention]] = defaultdict(set)
    for (_, core), found in longs.items():
        anywhere[core] |= found
    links = {}
    for m, name in names.items():
        found = longs.get((m.doc_id, name_key(name)))
        if not found and name.strip()[:1] in "「『“":  # 「X」 alone stands for “X”Y elsewhere
            found = anywhere.get(name_key(name))
        found = sorted(found or (), key=_sort_key)
        keys = {name_key(names[long]) for long in found}
        if found and len(keys) == 1 and name_key(name) not in keys:
            links[m] = (found[0], f"the quoted part of {names[found[0]]}")
    return links


# --------------------------------------------------------------------------- conflicts

def _compare(corpus: _Corpus, a: _Node, b: _Node) -> tuple[bool | None, str]:
    return _same_name(a.key, b.key, a.label, corpus.prefixes[a.label], corpus.scripts[a.doc_id])


def _conflict(corpus: _Corpus, a: _Node, b: _Node) -> str | None:
    """Why two nodes of one type cannot be one thing, or None.

    People named differently in one sentence are two people. Other names conflict when they
    dropped different places or years to one stem, or are unrelated yet open with the same two
    characters (東灣科技園 vs 東灣物流園, 深圳市政府 vs 深圳市政協).
    """
    if a.key == b.key or frozenset((a.key, b.key)) in corpus.known_same:
        return None
    if a.label == "Person":
        together = corpus.sentences(a) & corpus.sentences(b)
        return "named together in one sentence" if together else None
    verdict, why = _compare(corpus, a, b)
    if verdict is False:
        return f"{corpus.form(a)} vs {corpus.form(b)}: {why}"
    if verdict is None and a.key[:2] == b.key[:2]:
        return f"{corpus.form(a)} and {corpus.form(b)} are different names"
    return None


def _group_conflict(corpus: _Corpus, nodes: Sequence[_Node]) -> str | None:
    """First conflict among nodes that would become one cluster.

    Names conflict by their keys alone, so each pair of keys is checked once; people also by
    their sentences, so their nodes are compared one by one.
    """
    if nodes and nodes[0].label != "Person":
        nodes = list({n.key: n for n in nodes}.values())
    return next((why for i, x in enumerate(nodes) for y in nodes[i + 1:]
                 for why in [_conflict(corpus, x, y)] if why), None)


def _clusters_conflict(corpus: _Corpus, clusters: _Clusters, a: _Node, b: _Node) -> str | None:
    """First conflict that merging the clusters of a and b would create."""
    return _group_conflict(corpus, clusters.group(a) + clusters.group(b))


# --------------------------------------------------------------------------- passes

def _related_pairs(corpus: _Corpus, nodes: list[_Node]) -> dict[tuple[_Node, _Node], str]:
    """Pairs of one document's nodes of one type that are forms of one name, with why."""
    related = {}
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            verdict, why = _compare(corpus, a, b)
            if verdict:
                related[(a, b)] = related[(b, a)] = why
    return related


def _ambiguous(node: _Node, nodes: list[_Node], related: Mapping) -> bool:
    """A short form is ambiguous if two of the names it may stand for are not one name.

    It may stand for every form it is related to and, for types named by their head
    (platforms, ports, events), every longer name that starts with it.
    """
    heads = load_lexicon().heads.get(node.label)
    candidates = [n for n in nodes if n != node and ((node, n) in related or (
        heads and n.key.startswith(node.key)))]
    return any((p, q) not in related for i, p in enumerate(candidates) for q in candidates[i + 1:])


def _merge_within_documents(corpus: _Corpus, clusters: _Clusters) -> None:
    """Pass 1: forms of one name in one document; ambiguous short forms stay apart."""
    by_doc: dict[tuple[str, str], list[_Node]] = defaultdict(list)
    for node in sorted(corpus.mentions, key=_node_order):
        by_doc[(node.doc_id, node.label)].append(node)
    for (doc_id, label), nodes in sorted(by_doc.items()):
        related = _related_pairs(corpus, nodes)
        pairs = {tuple(sorted(p, key=lambda n: (len(n.key), n.key))) for p in related}
        for short, long in sorted(pairs, key=lambda p: (len(p[0].key), p[0].key, p[1].key)):
            if _ambiguous(short, nodes, related):
                continue
            if _clusters_conflict(corpus, clusters, short, long) is None:
                clusters.union(short, long, f"{corpus.form(short)} ⊂ {corpus.form(long)}: "
                                            f"{related[(short, long)]}, same type {label}, "
                                            f"same document {doc_id}")


def _merge_tied_short_forms(corpus: _Corpus, clusters: _Clusters) -> None:
    """Pass 1b: short forms the text ties to a name (簡稱「X」, 「X」 of “X”Y)."""
    for (short, long), why in corpus.tied.items():
        if _clusters_conflict(corpus, clusters, short, long) is None:
            clusters.union(short, long, f"{corpus.form(short)} ⊂ {corpus.form(long)}: {why}, "
                                        f"same document {short.doc_id}")


def contraction(short: str, long: str, label: str, places: Iterable[str] = (),
                same_document: bool = True) -> str | None:
    """How ``long`` contracts to ``short`` (both name keys of one type), or None.

    News shortens a name it has just given in full by dropping ordinals (深圳市七屆人大六次會議
    → 深圳人大會議), a modifier such as 國家 (鵬城國家實驗室 → 鵬城實驗室), for a programme or
    an event one inner word group before its head (孵化培育聯動機制 → 孵化聯動機制), and for an
    area the place in front of a long name (人民南—東門深港文化旅遊街區 → 深港文化旅遊街區).

    >>> contraction("深圳人大会议", "深圳市七届人大六次会议", "Event", {"深圳"})
    'ordinals and modifiers 七届, 六次 and administrative word 市 dropped'
    >>> contraction("深圳大学", "深圳技术大学", "Organization") is None
    True

    Across documents only the dropped ordinals and modifiers count: the other contractions
    lean on the full name being given just before.
    """
    return _contraction(short, long, label, frozenset(places) | load_lexicon().regions,
                        same_document)


@lru_cache(maxsize=262144)
def _contraction(short: str, long: str, label: str, places: frozenset[str],
                 same_document: bool) -> str | None:
    if label == "Person" or len(short) < 2 or len(short) >= len(long):
        return None
    lexicon = load_lexicon()
    bare, dropped = _without_ordinals(long)
    what = f"ordinals and modifiers {', '.join(dropped)}"
    if dropped and bare == short:
        return f"{what} dropped"
    if not same_document:
        return None
    for rest, (kind, word) in _place_steps(bare, places, lexicon.admin):
        if kind == "admin" and rest == short:
            return (f"{what} and " if dropped else "") + f"administrative word {word} dropped"
    if label in _AREA_TYPES and len(short) >= 6 and long.endswith(short):
        return f"the words {long[:-len(short)]} in front dropped"
    if label in ("Initiative", "Event"):
        return _inner_words_dropped(short, long, label)
    return None


@lru_cache(maxsize=262144)
def _without_ordinals(name: str) -> tuple[str, tuple[str, ...]]:
    """``name`` without the ordinals and modifiers after its first two characters (七屆,
    六次, 國家), and the pieces dropped."""
    dropped = tuple(m.group() for pattern, _ in load_lexicon().infixes
                    for m in pattern.finditer(name) if m.start() >= 2)
    bare = name
    for piece in dropped:
        bare = bare[:2] + bare[2:].replace(piece, "", 1)
    return bare, dropped


def _inner_words_dropped(short: str, long: str, label: str) -> str | None:
    """The long name is a stem of four or more characters, up to four more, and a tail ending
    in a head of the type; the short form keeps the stem and the tail."""
    lexicon = load_lexicon()
    tails = lexicon.heads.get(label, ()) + lexicon.generic.get(label, ())
    for cut in range(4, len(short) - 1):
        stem, tail = short[:cut], short[cut:]
        if long.startswith(stem) and long.endswith(tail) and len(long) - len(short) <= 4 \
                and tail.endswith(tails):
            return f"the words {long[cut:len(long) - len(tail)]} before {tail} dropped"
    return None


def _merge_contractions(corpus: _Corpus, clusters: _Clusters) -> None:
    """Pass 1c: a contracted form and the one name it contracts, in its document; across the
    corpus when only ordinals and modifiers were dropped (鵬城實驗室, 鵬城國家實驗室)."""
    by_doc: dict[tuple[str, str], list[_Node]] = defaultdict(list)
    by_label: dict[str, list[_Node]] = defaultdict(list)
    for node in sorted(corpus.mentions, key=_node_order):
        by_doc[(node.doc_id, node.label)].append(node)
        by_label[node.label].append(node)
    for (doc_id, label), nodes in sorted(by_doc.items()):
        for short in nodes:
            _merge_contraction(corpus, clusters, short, nodes, True, f"same document {doc_id}")
    for label, nodes in sorted(by_label.items()):
        # Across documents a short form is a name with ordinals dropped: look it up by that
        # bare form instead of comparing every pair of names (quadratic in the corpus).
        contracting: dict[str, list[_Node]] = defaultdict(list)
        for long in nodes:
            bare, dropped = _without_ordinals(long.key)
            if dropped:
                contracting[bare].append(long)
        for short in nodes:
            if short.key in contracting:
                _merge_contraction(corpus, clusters, short, contracting[short.key], False,
                                   "across documents")


def _merge_contraction(corpus: _Corpus, clusters: _Clusters, short: _Node, nodes: list[_Node],
                       same_document: bool, where: str) -> None:
    """Merge ``short`` with the one name among ``nodes`` it contracts, if there is one."""
    places = corpus.prefixes[short.label]
    found = [(long, why) for long in nodes
             for why in [_contraction(short.key, long.key, short.label, places, same_document)]
             if why]
    if len({clusters.find(long) for long, _ in found}) != 1:
        return  # none, or two different names it may stand for
    long, why = found[0]
    if clusters.find(short) == clusters.find(long):
        return
    pair = frozenset((short.key, long.key))
    known = pair in corpus.known_same
    corpus.known_same.add(pair)  # the pair itself is fine; other names may still conflict
    if _clusters_conflict(corpus, clusters, short, long) is None:
        clusters.union(short, long, f"{corpus.form(short)} ⊂ {corpus.form(long)}: {why}, "
                                    f"same type {short.label}, {where}")
    elif not known:
        corpus.known_same.discard(pair)


def _documents(ids: Iterable[str], shown: int = 5) -> str:
    """Document ids for a message, the first few only on a big corpus.

    >>> _documents(["a", "b", "c"], shown=2)
    'a, b … (3 documents)'
    """
    ids = sorted(set(ids))
    more = f" … ({len(ids)} documents)" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def _merge_across_documents(corpus: _Corpus, clusters: _Clusters) -> None:
    """Pass 2: one name key and type in several documents is one thing, unless conflicting.

    Clusters that hold other names too (市政府 with 南州市政府) are merged where they agree; a
    cluster of this name alone joins them only if they all agreed, else it is ambiguous.
    """
    same: dict[tuple[str, str], list[_Node]] = defaultdict(list)
    for node in sorted(corpus.mentions, key=_node_order):
        same[(node.label, node.key)].append(node)
    for (label, key), nodes in sorted(same.items()):
        roots = list(dict.fromkeys(clusters.find(n) for n in nodes))
        if len(roots) < 2:
            continue
        bare = [r for r in roots if all(n.key == key for n in clusters.group(r))]
        alone = set(bare)
        kept, why = _merge_agreeing(corpus, clusters, [r for r in roots if r not in alone])
        kept = kept or bare[:1]
        if len(kept) == 1:
            for root in bare:
                clusters.union(kept[0], root, "")
        name = corpus.form(nodes[0])
        for root in kept:
            docs = {n.doc_id for n in clusters.group(root) if n.key == key}
            if len(docs) > 1:
                clusters.reasons.append(
                    (root, f"{name}: same name and type {label} in documents {_documents(docs)}"))
        if why:
            docs = _documents(n.doc_id for n in nodes)
            clusters.reasons.extend((root, f"{name} in {docs}: not all one thing ({why})")
                                    for root in roots)


def _merge_agreeing(corpus: _Corpus, clusters: _Clusters,
                    roots: list[_Node]) -> tuple[list[_Node], str | None]:
    """Merge each cluster into the first earlier one it does not conflict with.

    Returns the clusters left and the first conflict met (None if all became one).
    """
    kept: list[_Node] = []
    first = None
    for root in roots:
        for target in kept:
            why = _clusters_conflict(corpus, clusters, target, root)
            if why is None:
                clusters.union(target, root, "")
                break
            first = first or why
        else:
            kept.append(root)
    return [clusters.find(k) for k in kept], first


_PLAIN_STEPS = frozenset({"generic", "admin", "phase"})


def _merge_plain_forms_across_documents(corpus: _Corpus, clusters: _Clusters) -> None:
    """Pass 2b: a name and the same name with a generic suffix (橋頭通, 「橋頭通」機制) in
    different documents are one thing; heads and place prefixes stay within a document."""
    by_key: dict[tuple[str, str], list[_Node]] = defaultdict(list)
    for node in sorted(corpus.mentions, key=_node_order):
        by_key[(node.label, node.key)].append(node)
    for long in sorted(corpus.mentions, key=_node_order):
        found = dict(_reductions(long.key, long.label, corpus.prefixes[long.label]))
        for key, path in sorted(found.items()):
            if not path or not {what for what, _ in path} <= _PLAIN_STEPS:
                continue
            for short in by_key.get((long.label, key), ()):
                if short.doc_id == long.doc_id or clusters.find(short) == clusters.find(long):
                    continue
                if _clusters_conflict(corpus, clusters, short, long) is None:
                    why = _describe(path, corpus.scripts[long.doc_id])
                    clusters.union(short, long, f"{corpus.form(short)} ⊂ {corpus.form(long)}: "
                                                f"{why}, same type {long.label}, across documents "
                                                f"{short.doc_id}, {long.doc_id}")


def _contexts(corpus: _Corpus, clusters: _Clusters, people: list[_Node]) -> dict[_Node, tuple]:
    """Organizations (resolved clusters) and role words in the sentences of each person."""
    orgs_in: dict[tuple[str, int], set[_Node]] = defaultdict(set)
    for node, mentions in corpus.mentions.items():
        if node.label == "Organization":
            for m in mentions:
                orgs_in[(m.doc_id, m.sentence)].add(clusters.find(node))
    out = {}
    for person in people:
        sentences = corpus.sentences(person)
        out[person] = (set().union(*(orgs_in.get(s, set()) for s in sentences)),
                       set().union(*(corpus.roles.get(s, set()) for s in sentences)))
    return out


def _adjacent_people(corpus: _Corpus, people: list[_Node]) -> set[frozenset[_Node]]:
    """Pairs of person nodes named one right after the other in a document: no other person
    between them and at most one sentence apart."""
    named: dict[str, list[tuple[int, int, tuple, _Node]]] = defaultdict(list)
    for node in people:
        for m in corpus.mentions[node]:
            named[m.doc_id].append((m.sentence, m.start, _node_order(node), node))
    pairs = set()
    for sequence in named.values():
        sequence.sort(key=lambda item: item[:3])
        for (s1, _, _, n1), (s2, _, _, n2) in zip(sequence, sequence[1:]):
            if n1 != n2 and s2 - s1 <= 1:
                pairs.add(frozenset((n1, n2)))
    return pairs


def _shared_context(corpus: _Corpus, clusters: _Clusters, context: Mapping,
                    few_people: Callable[[_Node], bool], adjacent: set, a: _Node, b: _Node
                    ) -> list[str]:
    """What two one-character-apart names share that makes them one person, or nothing.

    An organization named beside few people, two role words, or — for a name printed once
    right next to a name printed repeatedly — adjacency, the shape of a slip.
    """
    orgs = {o for o in context[a][0] & context[b][0] if few_people(o)}
    roles = context[a][1] & context[b][1]
    if orgs or len(roles) >= 2:
        script = corpus.scripts[a.doc_id]
        return sorted({corpus.form(o) for o in orgs} | {_show(r, script) for r in roles})
    if frozenset((a, b)) in adjacent:
        counts = sorted(sum(len(corpus.mentions[n]) for n in clusters.group(x)) for x in (a, b))
        if counts[0] == 1 and counts[1] >= 2:
            return [f"named one after the other in {a.doc_id}"]
    return []


_FEW_PEOPLE = 4
"""Most people (clusters) named beside an organization for it to tell a misprint: a body named
beside many (a city's consultative conference and its hundreds of members) says little about
which of them a misprinted name is; a company beside its CFO says much."""


def _people_beside(context: Mapping) -> dict[_Node, list[_Node]]:
    """The people named in the sentences of each organization (``_contexts`` turned around)."""
    beside: dict[_Node, list[_Node]] = defaultdict(list)
    for person, (orgs, _) in context.items():
        for org in orgs:
            beside[org].append(person)
    return beside


def _merge_misprints(corpus: _Corpus, clusters: _Clusters) -> None:
    """Pass 3: one person printed two ways (a one-character slip), told apart from two people.

    Same length, same surname, one other character apart, never named in one sentence, and
    sharing context (see ``_shared_context``).
    """
    people = [n for n in sorted(corpus.mentions, key=_node_order) if n.label == "Person"]
    context, adjacent = _contexts(corpus, clusters, people), _adjacent_people(corpus, people)
    beside = _people_beside(context)
    crowds: dict[_Node, int] = {}   # people clusters beside an organization, until a merge

    def few_people(org: _Node) -> bool:
        if org not in crowds:
            crowds[org] = len({clusters.find(person) for person in beside[org]})
        return crowds[org] <= _FEW_PEOPLE

    for a, b in _one_off_pairs(people):
        if clusters.find(a) == clusters.find(b):
            continue
        shared = _shared_context(corpus, clusters, context, few_people, adjacent, a, b)
        if shared and not _clusters_conflict(corpus, clusters, a, b):
            clusters.union(a, b, f"{corpus.form(a)} ≈ {corpus.form(b)}: one-character misprint, "
                                 f"same surname {corpus.form(a)[0]}, "
                                 f"shared context {', '.join(shared)}")
            crowds.clear()


def _one_off_pairs(people: list[_Node]) -> list[tuple[_Node, _Node]]:
    """Pairs of person nodes (in ``people`` order, sorted) whose names have one surname and
    differ in one other character: found through the name with that character blanked, not
    by comparing every pair of names that share a surname (quadratic in the corpus)."""
    blanked: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        for i in range(1, len(person.key)):
            blanked[f"{person.key[:i]}\0{person.key[i + 1:]}"].append(index)
    pairs = {(i, j) for indexes in blanked.values() for n, i in enumerate(indexes)
             for j in indexes[n + 1:] if people[i].key != people[j].key}
    return sorted(((people[i], people[j]) for i, j in pairs),
                  key=lambda p: (_node_order(p[0]), _node_order(p[1])))


# --------------------------------------------------------------------------- entities

def _variant_reasons(forms: Iterable[str]) -> list[str]:
    """Reasons for forms with one name key written differently (script, quotes, 特區 …)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for form in forms:
        groups[name_key(form)].add(form)
    out = []
    for _, group in sorted(groups.items()):
        first, *others = sorted(group)
        for other in others:
            if to_simplified(first) == to_simplified(other):
                why = "same name in Traditional and Simplified"
            elif fold_key(first) == fold_key(other):
                why = "same name up to quote marks, width or spacing"
            else:
                why = "same name, " + "; ".join(_norm_notes(first, other))
            out.append(f"{first} = {other}: {why}")
    return out


def _entity(corpus: _Corpus, nodes: list[_Node], reasons: list[str]) -> Entity:
    """One cluster as an Entity; the key is assigned once all names are known."""
    mentions = sorted((m for n in nodes for m in corpus.mentions[n]), key=_sort_key)
    label = nodes[0].label
    forms = [corpus.names[m] for m in mentions]
    name = canonical_name(forms, label)
    source = next(m for m in mentions if corpus.names[m] == name)
    votes = [f"{corpus.form(n)}: {corpus.votes[(label, n.key)]}"
             for n in nodes if (label, n.key) in corpus.votes]
    titles = [f"{m.text} → {corpus.names[m]}: title {corpus.titles[m]} stripped"
              for m in mentions if m in corpus.titles]
    lines = list(dict.fromkeys(_variant_reasons(forms) + reasons + votes + titles))
    cores = quoted_cores(forms) if label in ("Initiative", "Event") else set()
    return Entity(key="", label=label, name=name, script=corpus.scripts[source.doc_id],
                  aliases=tuple(sorted((set(forms) | cores) - {name})), mentions=tuple(mentions),
                  reasons=tuple(lines))


_QUOTED = re.compile(r"[「『“《]([^「」『』“”《》]{2,})[」』”》]")


def quoted_cores(forms: Iterable[str]) -> set[str]:
    """The quoted names inside decorated forms: readers call 「創投通」機制 simply 創投通 (and
    「某某」採訪活動 某某: programmes and events).

    >>> sorted(quoted_cores(["「創投通」機制", "河套園區「七通一平」", "無感通關"]))
    ['七通一平', '創投通']
    """
    cores = set()
    for form in forms:
        found = _QUOTED.findall(form)
        if len(found) == 1 and found[0] != form.strip("「」『』“”《》"):
            cores.add(found[0])
    return cores


def _with_unique_keys(entities: list[Entity]) -> list[Entity]:
    """Key "<label>/<name>"; clusters kept apart under one name get "#2", "#3" … in text order."""
    seen: Counter[str] = Counter()
    out = []
    for e in sorted(entities, key=lambda e: (e.label, e.name, _sort_key(e.mentions[0]))):
        base = f"{e.label}/{e.name}"
        seen[base] += 1
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        out.append(Entity(key, e.label, e.name, e.script, e.aliases, e.mentions, e.reasons))
    return sorted(out, key=lambda e: e.key)


def resolve_entities(documents: Sequence[Document], mentions: Sequence[Mention]) -> Resolution:
    """Cluster the non-role mentions of a corpus into entities, with the reasons for each merge.

    Parameters
    ----------
    documents : the corpus (only ``doc_id`` and ``script`` are read).
    mentions : typed spans from the extractors. "Role" mentions are not resolved, but their
        words are stripped from person names and tell a misprinted name from another person.

    Returns
    -------
    Resolution : entities sorted by key, and the entity key of every resolved mention.

    Examples
    --------
    >>> from kg.records import Document, Mention
    >>> doc = Document("d1", "d1.txt", "", None, "zh-Hant", "", "utf-8", ())
    >>> ms = [Mention("d1", 0, 0, 2, "前海", "Platform", "test"),
    ...       Mention("d1", 1, 0, 12, "前海深港現代服務業合作區", "Platform", "test")]
    >>> [(e.key, e.aliases) for e in resolve_entities([doc], ms).entities]
    [('Platform/前海深港現代服務業合作區', ('前海',))]
    """
    corpus = _build_corpus(documents, mentions)
    clusters = _Clusters(corpus.mentions)
    _merge_within_documents(corpus, clusters)
    _merge_tied_short_forms(corpus, clusters)
    _merge_contractions(corpus, clusters)
    _merge_across_documents(corpus, clusters)
    _merge_plain_forms_across_documents(corpus, clusters)
    _merge_misprints(corpus, clusters)
    reasons: dict[_Node, list[str]] = defaultdict(list)
    for node, why in clusters.reasons:
        reasons[clusters.find(node)].append(why)
    entities = _with_unique_keys([_entity(corpus, group, reasons[root])
                                  for root, group in sorted(clusters.groups.items(),
                                                            key=lambda kv: _node_order(kv[0]))])
    entity_of = {m: e.key for e in entities for m in e.mentions}
    return Resolution(entities=tuple(entities), entity_of=entity_of)


def explain_entity(resolution: Resolution, name: str) -> list[str]:
    """Lines telling which mentions an entity has and why its forms were merged.

    ``name`` may be any of its names or mention texts, in either script. Empty if none matches.

    >>> from kg.records import Document, Mention
    >>> doc = Document("d1", "d1.txt", "", None, "zh-Hant", "", "utf-8", ())
    >>> res = resolve_entities([doc], [Mention("d1", 0, 3, 5, "河套", "Platform", "ruler")])
    >>> explain_entity(res, "河套")
    ['Platform/河套 (zh-Hant)', '  mention d1 sentence 0 [3:5] 河套 by ruler, score 1.00']
    """
    wanted = fold_key(name)
    lines = []
    for entity in resolution.entities:
        names = {entity.name, *entity.aliases, *(m.text for m in entity.mentions)}
        if wanted not in {fold_key(n) for n in names}:
            continue
        aliases = f"; aliases: {', '.join(entity.aliases)}" if entity.aliases else ""
        lines.append(f"{entity.key} ({entity.script}){aliases}")
        lines.extend(f"  mention {m.doc_id} sentence {m.sentence} [{m.start}:{m.end}] {m.text} "
                     f"by {m.source}, score {m.score:.2f}" for m in entity.mentions)
        lines.extend(f"  reason {why}" for why in entity.reasons)
    return lines
