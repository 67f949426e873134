"""Names: the key a name folds to, its canonical form among an entity's surface forms, and how
two names of one type relate (a short form, a place- or year-prefixed form, a contraction)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from kg.resolve.lexicon import AREA_TYPES, QUOTE_CLOSERS, Lexicon, load_lexicon, spelling_key
from kg.text.normalize import HANT, fold_key, to_simplified, to_traditional

__all__ = [
    "name_key",
    "strip_title",
    "canonical_name",
    "reductions",
    "cached_reductions",
    "show_piece",
    "describe_path",
    "same_name",
    "cached_same_name",
    "contraction",
    "contraction_path",
    "without_ordinals",
    "variant_reasons",
    "quoted_cores",
]


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Comparison key of a name: folded, with spelling variants normalized.

    Two forms with one key are the same name; everything else compares keys.

    >>> name_key("香港特別行政區立法會") == name_key("香港特区立法会")
    True
    """
    lexicon = load_lexicon()
    key = spelling_key(name, lexicon.norms)
    return lexicon.aliases.get(key, key)


def _norm_notes(a: str, b: str) -> list[str]:
    """Which spelling variants or known short forms make two forms one key (for the reason)."""
    lexicon = load_lexicon()
    keys = (fold_key(a), fold_key(b))
    notes = [what for pattern, _, what in lexicon.norms if any(pattern.search(k) for k in keys)]
    if any(spelling_key(n, lexicon.norms) in lexicon.aliases for n in (a, b)):
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
        if len(simple) - cut <= 4 and any(
            simple[cut - size : cut] in known for size in range(1, min(cut, longest) + 1)
        ):
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
        if key.endswith(suffix) and head and head[-1] in QUOTE_CLOSERS:
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
                yield rest[len(word) :], ("place", place + word)
                yield place + rest[len(word) :], ("admin", word)


def _steps(key: str, label: str, places: frozenset[str], lexicon: Lexicon):
    """Every one-step reduction of a name key with what was dropped."""
    yield from _place_steps(key, places, lexicon.admin)
    for pattern, what in lexicon.prefixes:
        match = pattern.match(key)
        if match and match.end() < len(key):
            yield key[match.end() :], (what, match.group())
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
    return dict(cached_reductions(key, label, frozenset(places) | load_lexicon().regions))


@lru_cache(maxsize=65536)
def cached_reductions(
    key: str, label: str, places: frozenset[str]
) -> tuple[tuple[str, tuple], ...]:
    if label == "Person":
        return ((key, ()),)
    lexicon = load_lexicon()
    found: dict[str, tuple] = {key: ()}
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


def show_piece(key_piece: str, script: str) -> str:
    """A piece of a (Simplified) key written in the document's script, for messages."""
    return to_traditional(key_piece) if script == HANT else key_piece


def describe_path(path: tuple, script: str) -> str:
    """Human wording of dropped pieces in the script of the document."""
    words = {"place": "place prefix", "admin": "administrative word", "generic": "generic suffix"}
    return ", ".join(
        f"{words.get(what, what)} {show_piece(piece, script)} dropped" for what, piece in path
    )


def same_name(
    a: str, b: str, label: str, places: Iterable[str] = (), script: str = HANT
) -> tuple[bool | None, str]:
    """Whether two name keys of one type name one thing: (True | False | None, why).

    True: a reduction of one equals a reduction of the other, or one is the head of the other.
    False: both reduce to one stem but dropped different places or years (深圳市政府工作報告 vs
    羅湖區政府工作報告). None: no evidence either way.

    >>> same_name("河套", "河套深港科技创新合作区", "Platform")[0]
    True
    >>> same_name("深圳市政府", "广州市政府", "Organization", {"深圳", "广州"})[0]
    False
    """
    return cached_same_name(a, b, label, frozenset(places) | load_lexicon().regions, script)


@lru_cache(maxsize=262144)
def cached_same_name(
    a: str, b: str, label: str, places: frozenset[str], script: str
) -> tuple[bool | None, str]:
    ra, rb = dict(cached_reductions(a, label, places)), dict(cached_reductions(b, label, places))
    admin = load_lexicon().admin
    conflict = None
    for x in sorted(set(ra) & set(rb), key=lambda k: (len(ra[k]) + len(rb[k]), k)):
        la, lb = _located(ra[x]), _located(rb[x])
        if _agree(la, lb, admin):
            why = "; ".join(
                filter(None, (describe_path(ra[x], script), describe_path(rb[x], script)))
            )
            return True, why or "same name"
        conflict = conflict or (
            f"same stem {show_piece(x, script)} under different prefixes "
            f"{show_piece(''.join(la), script)} and {show_piece(''.join(lb), script)}"
        )
    if conflict:
        return False, conflict
    return _head_relation(ra, rb, label, places, script)


def _head_relation(
    ra: Mapping[str, tuple],
    rb: Mapping[str, tuple],
    label: str,
    places: frozenset[str],
    script: str,
) -> tuple[bool | None, str]:
    """(True, why) if a reduction of one name is the head of a reduction of the other."""
    for x in sorted(ra):
        for y in sorted(rb):
            for (short, short_path), (long, long_path) in (
                ((x, ra[x]), (y, rb[y])),
                ((y, rb[y]), (x, ra[x])),
            ):
                if label not in AREA_TYPES and any(w == "generic" for w, _ in short_path):
                    continue
                suffix = _is_head(short, long, label, places)
                if suffix:
                    extra = describe_path(short_path + long_path, script)
                    return True, f"head of a name ending in {show_piece(suffix, script)}" + (
                        f" ({extra})" if extra else ""
                    )
    return None, ""


def contraction(
    short: str, long: str, label: str, places: Iterable[str] = (), same_document: bool = True
) -> str | None:
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
    return contraction_path(
        short, long, label, frozenset(places) | load_lexicon().regions, same_document
    )


@lru_cache(maxsize=262144)
def contraction_path(
    short: str, long: str, label: str, places: frozenset[str], same_document: bool
) -> str | None:
    if label == "Person" or len(short) < 2 or len(short) >= len(long):
        return None
    lexicon = load_lexicon()
    bare, dropped = without_ordinals(long)
    what = f"ordinals and modifiers {', '.join(dropped)}"
    if dropped and bare == short:
        return f"{what} dropped"
    if not same_document:
        return None
    for rest, (kind, word) in _place_steps(bare, places, lexicon.admin):
        if kind == "admin" and rest == short:
            return (f"{what} and " if dropped else "") + f"administrative word {word} dropped"
    if label in AREA_TYPES and len(short) >= 6 and long.endswith(short):
        return f"the words {long[: -len(short)]} in front dropped"
    if label in ("Initiative", "Event"):
        return _inner_words_dropped(short, long, label)
    return None


@lru_cache(maxsize=262144)
def without_ordinals(name: str) -> tuple[str, tuple[str, ...]]:
    """``name`` without the ordinals and modifiers after its first two characters (七屆,
    六次, 國家), and the pieces dropped."""
    dropped = tuple(
        m.group()
        for pattern, _ in load_lexicon().infixes
        for m in pattern.finditer(name)
        if m.start() >= 2
    )
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
        if (
            long.startswith(stem)
            and long.endswith(tail)
            and len(long) - len(short) <= 4
            and tail.endswith(tails)
        ):
            return f"the words {long[cut : len(long) - len(tail)]} before {tail} dropped"
    return None


def variant_reasons(forms: Iterable[str]) -> list[str]:
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
