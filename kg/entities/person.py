"""``kg_person_ruler``: a person's name next to a title (市長覃偉中, 李家超特首), in a byline
(記者 李望賢) or opening a clause before a speech verb; the title as a Role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.entities.lexicon import (
    _FUNCTION_CHARS,
    _PUNCT,
    _STRONG,
    _gazetteer_names,
    _suffix_label,
    load_heads,
    load_words,
)
from kg.entities.words import WordFacts, _is_hanzi, _posseg, _tokens, word_facts
from kg.text.normalize import to_simplified

__all__ = ["make_person_ruler", "PersonRuler", "find_people", "find_people_by_rule"]


@Language.factory("kg_person_ruler", assigns=["doc.spans"], default_config={"max_gap": 1})
def make_person_ruler(nlp: Language, name: str, max_gap: int) -> PersonRuler:
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
        if facts is None:
            raise ValueError("kg_person_ruler reads the word facts kg_words sets: run it first")
        starts = frozenset(at for at, start in zip(facts.offset, facts.word_start) if start)
        text, norm = facts.text, facts.simplified
        found = find_people_by_rule(text, self.max_gap, starts)
        titles = load_words("titles.txt")
        title_spans = list(_title_spans(norm, titles))
        for start, end in title_spans:
            body = _place_body_in_title(facts, start, end, titles)
            if body is not None and (start, end, "Role") in found:
                del found[(start, end, "Role")]  # 深圳|市委書記: 深圳市委, 書記
                found.setdefault((body[0], body[1], "Organization"), "place-and-title-body")
                found.setdefault((body[1], end, "Role"), "title")
        for start, end in title_spans:
            title, before = _tokens(doc, start, end), _tokens(doc, start - 1, start)
            if (
                start
                and title
                and before
                and title[0]._.kg_word_start
                and not title[0]._.kg_head
                and before[0]._.kg_head == "Organization"
            ):
                found.setdefault((start, end, "Role"), "title-after-body")
            short_body = _body_short_name(doc, start)
            if (
                short_body is not None
                and title
                and title[0]._.kg_word_start
                and (start, end, "Role") in found
            ):
                found.setdefault((short_body, start, "Organization"), "short-body-before-title")
        spans = [
            doc.char_span(start, end, label=label, span_id=found[(start, end, label)])
            for start, end, label in sorted(found)
        ]
        doc.spans[self.name] = [span for span in spans if span is not None]
        return doc


def _place_body_in_title(
    facts: WordFacts, start: int, end: int, titles: frozenset[str]
) -> tuple[int, int] | None:
    """(start, end) of the body when a title that opens with a body's head (市委書記) follows
    a place (深圳): the place and the head name the body, the rest is the title."""
    i = facts.offset.index(start) if start in facts.offset else -1
    if i < 1 or not facts.word_start[i] or facts.pos[i - 1] != "ns":
        return None
    place = len(facts.word[i - 1])
    norm = facts.simplified
    heads = load_heads()
    for size in range(2, end - start - 1):
        if (
            heads.get(norm[start : start + size]) == "Organization"
            and norm[start + size : end] in titles
        ):
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
    if (
        3 <= len(word) <= 4
        and word.endswith("会")
        and not before[0]._.kg_head
        and before[0]._.kg_pos in _STRONG
        and word not in _posseg().word_tag_tab
        and doc[start]._.kg_word_start
        and doc[start]._.kg_word == word
    ):
        return start
    return None


def find_people(
    text: str, max_gap: int = 1, word_starts: frozenset[int] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, "Person" | "Role") spans of titled names in ``text``; a title must begin
    a word when ``word_starts`` (character offsets) is given (長沙賽區 holds no 區長).

    >>> find_people("深圳市市長陳大文表示")
    [(3, 5, 'Role'), (5, 8, 'Person')]
    >>> find_people("，王小明特首在會上說")
    [(1, 4, 'Person'), (4, 6, 'Role')]
    """
    return sorted(find_people_by_rule(text, max_gap, word_starts))


def find_people_by_rule(
    text: str, max_gap: int = 1, word_starts: frozenset[int] | None = None
) -> dict[tuple[int, int, str], str]:
    """``find_people``'s spans, each with the id of the rule that found it.

    >>> find_people_by_rule("，王小明特首在會上說")
    {(1, 4, 'Person'): 'name-before-title', (4, 6, 'Role'): 'title'}
    """
    norm = to_simplified(text)
    titles = load_words("titles.txt")
    descriptors = load_words("descriptors.txt")
    found: dict[tuple[int, int, str], str] = {}
    taken: set[int] = set()
    for rule, spans in (("speaker", _speakers(norm)), ("dispatch-byline", _dispatch_byline(norm))):
        for start, end in spans:
            found.setdefault((start, end, "Person"), rule)
            taken.update(range(start, end))
    for start, end in _title_spans(norm, titles | descriptors):
        if word_starts is not None and start not in word_starts:
            continue
        names, rule = _names_after(norm, end, max_gap), "name-after-title"
        if not names:
            names, rule = _name_before(norm, start), "name-before-title"
        if norm[start:end] in descriptors:  # weaker evidence than a title
            names = [(a, b) for a, b in names if _could_be_name(norm[a:b])]
            rule = rule.replace("title", "descriptor")
        for name_start, name_end in names:
            if not taken & set(range(name_start, name_end)):
                found.setdefault((name_start, name_end, "Person"), rule)
                taken.update(range(name_start, name_end))
        if names and norm[start:end] in titles:
            found.setdefault((start, end, "Role"), "title")
    return dict(sorted(found.items()))


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


@cache
def _speech_opening() -> re.Pattern[str]:
    """Two or three characters opening a clause, then a speech verb."""
    cues = load_words("person_speech.txt")
    verbs = "|".join(sorted(map(re.escape, cues), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[，。；：！？、\s]))([\u4e00-\u9fff]{{2,3}}?)(?:{verbs})")


def _could_be_name(name: str) -> bool:
    """Without a title next to it, a family-name-initial word is a name only if it is no
    place, body (中新社), title (王先生, 向記者), or common word the dictionary knows (周末)."""
    tag = _posseg().word_tag_tab.get(name)
    return (
        name not in _gazetteer_names()
        and not _suffix_label(name, load_heads())
        and not _holds_title(name)
        and (tag is None or tag.startswith("nr"))
        and not any(c in _FUNCTION_CHARS for c in name[1:])
    )


def _holds_title(chunk: str) -> bool:
    """Whether a name candidate contains a title or form of address (向記者, 王先生)."""
    return any(word in chunk for word in _address_words())


@cache
def _address_words() -> frozenset[str]:
    return load_words("titles.txt") | load_words("honorifics.txt")


def _title_spans(norm: str, titles: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Longest title at each position, left to right, not overlapping."""
    longest = max(map(len, titles))
    position = 0
    while position < len(norm):
        for size in range(longest, 1, -1):
            if norm[position : position + size] in titles:
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
        if norm[span[1] : span[1] + 1] != "、":
            break
        at = span[1] + 1
    return names


def _name_at(norm: str, start: int) -> tuple[int, int] | None:
    """The shortest 2–4 character name at ``start`` that something name-ending follows."""
    surnames = load_words("surnames.txt")
    if not any(norm.startswith(s, start) for s in surnames):
        return None
    for size in (2, 3, 4):
        chunk = norm[start : start + size]
        if len(chunk) < size or not _is_hanzi(chunk):
            return None
        if _ends_name(norm, start + size) or _verb_follows(norm, start, start + size):
            if (
                (size == 4 and norm[start : start + 2] not in surnames)
                or any(place in chunk for place in _gazetteer_names())
                or _holds_title(chunk)
            ):
                return None  # 遊廣州 is a trip, 王先生 a form of address
            return start, start + size
    return None


def _verb_follows(norm: str, start: int, at: int) -> bool:
    """Whether a two-character verb of the dictionary opens at ``at`` after a name at ``start``
    (方舟|提及, 覃某中|參加): a name ends where its sentence's verb begins, whether or not the
    verb is a follow cue. The given name must not be a common word (應|時刻|保持 is no name)."""
    tags = _posseg().word_tag_tab
    given = norm[start + 1 : at]
    return tags.get(norm[at : at + 2]) == "v" and (
        len(given) == 1 or tags.get(given, "nr").startswith("nr")
    )


def _name_before(norm: str, end: int) -> list[tuple[int, int]]:
    """A name just before a title (李家超特首), preceded by punctuation or the start."""
    surnames = load_words("surnames.txt")
    for size in (3, 2):
        start = end - size
        if start < 0 or not _is_hanzi(norm[start:end]) or norm[start] not in surnames:
            continue
        if (
            (start == 0 or norm[start - 1] in _PUNCT)
            and not _ends_name(norm, end - 1)
            and not any(norm[start:end].startswith(p) for p in _gazetteer_names())
            and _could_be_name(norm[start:end])
        ):
            return [(start, end)]
    return []


def _ends_name(norm: str, at: int) -> bool:
    """Whether a name may end at ``at``: end, punctuation, a follow cue or a place name."""
    if at >= len(norm) or norm[at] in _PUNCT or norm[at].isspace():
        return True
    return norm.startswith(_name_enders(), at)


@cache
def _name_enders() -> tuple[str, ...]:
    """Words that may follow a name: the follow cues and the gazetteer's places."""
    return tuple(load_words("person_follow.txt") | _gazetteer_names())
