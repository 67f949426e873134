"""``affiliatedWith``: titles before or after a person (深圳市政協委員、X公司董事長張三;
記者李四; 覃偉中市長), a title's body named in full or by its level (市長 → 深圳市政府)."""

from __future__ import annotations

import re

from kg.relations.context import DocumentContext
from kg.relations.cues import Cue, _cues, closed_class, load_cues
from kg.relations.rules import confidence
from kg.relations.sentence import (
    _BRACKETED,
    _ITEM_SEP,
    _MASK,
    _SPACE,
    SentenceView,
    SpanView,
    _skip_space,
    _skip_space_back,
)
from kg.text.normalize import fold_key, to_simplified

__all__ = ["BYLINE", "outlet", "affiliations"]

BYLINE = re.compile(r"【([^【】]{1,20}?)訊】|【([^【】]{1,20}?)讯】")


def outlet(views: list[SentenceView]) -> str | None:
    """The organization named in a 【X訊】 news-agency header: the outlet of bare bylines."""
    for view in views:
        for match in BYLINE.finditer(view.sent.text):
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
# What _GOVERNMENT matches, spelled out: bodies are looked up by name, not all scanned.
_GOVERNMENT_WORDS = tuple(
    level + people + "政府" for level in ("", *"市区省县镇") for people in ("", "人民")
)


def _government(ctx: DocumentContext, level: str, place: SpanView | None) -> str | None:
    """The government body of ``level`` (市/區…): named after ``place`` if given (深圳市政府),
    else the document's one body of that level (深圳市羅湖區人民政府 for 區長)."""
    if place is None:
        return ctx.memo(("government", level), lambda: _document_government(ctx, level))
    if not place.key:
        return None
    bodies = ctx.by_name("Organization")
    stems = [fold_key(place.text)] + ctx.names(place.key)
    in_document = ctx.memo(("document keys",), lambda: set(ctx.doc_keys))
    found = sorted(
        (n not in in_document, len(n), bodies[n])
        for stem in stems
        for n in (stem + word for word in _GOVERNMENT_WORDS)
        if n in bodies
    )
    return found[0][2] if found else None


def _document_government(ctx: DocumentContext, level: str) -> str | None:
    levelled = sorted(
        (len(n), key)
        for key in ctx.doc_keys
        if ctx.label(key) == "Organization"
        for n in ctx.names(key)[:1]
        if n.endswith("政府") and level in n and len(n) <= 12
    )
    return levelled[0][1] if levelled else None


def affiliations(ctx: DocumentContext, view: SentenceView) -> None:
    """Titles before or after a person: 深圳市政協委員、X公司董事長張三; 記者李四; 覃偉中市長.

    Persons listed after one title share it (記者張三、李四); reporters are remembered so that
    they are never taken for the speaker of a paragraph.
    """
    chains: dict[SpanView, list[tuple[str, str, float]]] = {}
    bylines = _cues("affiliated", "byline")
    for person in (s for s in view.spans if s.label == "Person"):
        chain = _chain_before(ctx, view, person.start)
        prev = _skip_space_back(view.fold, person.start)
        listed = [p for p in chains if p.end == prev - 1 and view.fold[prev - 1] in "、,，"]
        if not chain:
            chain = chains[listed[-1]] if listed else _title_after(ctx, view, person)
        chains[person] = chain
        if view.fold[:prev].endswith(tuple(c.text for c in bylines)) or (
            listed and listed[-1].key in ctx.reporters
        ):
            ctx.reporters.add(person.key)
        for org, role, conf in chain:
            ctx.add(
                view, person.key, org, "affiliation_chain", conf, view.clause(person.start), role
            )


def _chain_before(
    ctx: DocumentContext, view: SentenceView, pos: int
) -> list[tuple[str, str, float]]:
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
        if any(
            s.label in ("Person", "Initiative", "Event", "Port") and lo <= s.start < pos
            for s in view.spans
        ):
            break
        gap = view.sent.text[lo:pos].strip()
        title = _title_end(to_simplified(gap)) or next(
            (
                Cue(s.text, "title", confidence("affiliation_chain:role-title"))
                for s in view.spans
                if s.label == "Role" and s.end == pos
            ),
            None,
        )
        if not gap or title is None or len(_BRACKETED.sub("", gap)) > 16:  # （…） is an aside
            break
        conf, key = title.weight, org.key if org else None
        levels, level_lo = _level_bodies(ctx, view, item_lo, pos) if org is None else ([], item_lo)
        if org and len(view.masked[item_lo : org.start].replace(_MASK, "").strip()) > 2:
            key = None  # 深圳市優必選+科技股份有限公司: the mention lost the head of the name
        elif levels:  # 市、區政協委員: one body per government level
            chain.extend(
                (body, view.sent.text[pos - len(title.text) : pos], conf) for body in levels
            )
            item_lo = level_lo
        elif org is None:
            gap = view.sent.text[pos - len(title.text) : pos]
            key, conf = _body_of_title(ctx, view, title, item_lo, pos)
        if key is not None:  # 新華社深圳3月5日電（記者: the title after the bracket
            chain.append((key, re.split(r"[（(【\s]", _BRACKETED.sub("", gap))[-1] or gap, conf))
        start = _skip_space_back(view.fold, org.start if key and org else item_lo)
        if start > 0 and view.fold[start - 1] in "、,，":
            pos = _skip_space_back(view.fold, start - 1)
            continue
        break
    return chain


def _named_in_full(view: SentenceView, org: SpanView | None, lo: int) -> SpanView | None:
    """The body named in full right before ``org`` when ``org`` is its short form in brackets
    (X管理局（Y管理局）局長): the item's body starts where the full name does."""
    if org is None or org.start < 2 or view.fold[org.start - 1] not in "（(":
        return org
    full = view.before(org.start - 1, {"Organization"}, lo)
    return full if full and full.end == org.start - 1 and full.key == org.key else org


def _known_government(ctx: DocumentContext, person: str | None, level: str) -> str | None:
    """The government of ``level`` the document already made ``person`` a member of: a later
    覃偉中市長 or 代表市政府 means the same body as the earlier 深圳市市長覃偉中."""
    for s, p, o in ctx.relations:
        if (
            s == person
            and p == "affiliatedWith"
            and any(level in n and _GOVERNMENT.search(n) for n in ctx.names(o)[:1])
        ):
            return o
    return None


def _body_of_title(
    ctx: DocumentContext, view: SentenceView, title: Cue, item_lo: int, pos: int
) -> tuple[str | None, float]:
    """The body of a title no organization mention precedes: 深圳市+政協委員 → 深圳市政協,
    深圳市市長 → 深圳市政府, 記者 → the outlet of the byline header."""
    place = view.before(pos - len(title.text), {"Place"}, item_lo)
    body = _body_of_place(ctx, view, place, pos - len(title.text))
    if body:
        return body, title.weight
    if title.kind == "head":
        adjacent = place if place and place.end == pos - len(title.text) else None
        unnamed = view.masked[item_lo : pos - len(title.text)].strip().rstrip("常务副原前")
        if adjacent is None and unnamed.endswith(tuple(_LEVELS)):
            return None, 0.0  # 石家莊市副市長 with no Place mention: not the document's government
        return (
            _government(ctx, title.param, adjacent),
            confidence("affiliation_chain:government", title.weight),
        )
    if title.kind == "byline":
        return ctx.outlet, confidence("affiliation_chain:outlet", title.weight)
    return None, title.weight


_LEVELS = "".join(sorted(closed_class("levels")))  # 市、區政協委員: one body per level


def _level_bodies(
    ctx: DocumentContext, view: SentenceView, item_lo: int, pos: int
) -> tuple[list[str], int]:
    """市、區政協委員: a bare government level (or levels in ellipsis, 市、區) and a body word
    (政協, 人大) before a title name the document's body of each level: (keys, start)."""
    lo = _skip_space(view.masked, item_lo)
    text = view.masked[lo:pos]
    body = next((c.text for c in _cues("affiliated", "body") if text[1:].startswith(c.text)), None)
    if (
        body is None
        or text[:1] not in _LEVELS
        or (
            _title_end(text[1 + len(body) :]) is None
            and not any(s.label == "Role" and s.end == pos for s in view.spans)
        )
    ):
        return [], item_lo
    levels = [text[0]]
    while (
        lo >= 2
        and view.masked[lo - 1] == "、"
        and view.masked[lo - 2] in _LEVELS
        and (lo == 2 or view.masked[lo - 3] in _ITEM_SEP or view.masked[lo - 3] in _SPACE)
    ):
        levels.insert(0, view.masked[lo - 2])
        lo -= 2
    keys = [k for k in (_level_body(ctx, level, body) for level in levels) if k]
    return list(dict.fromkeys(keys)), lo


def _level_body(ctx: DocumentContext, level: str, body: str) -> str | None:
    """The body of one government level: the document's 區政協, else the one place of that
    level in the document whose body the corpus names (深圳市 → 深圳市政協)."""
    return ctx.memo(("level body", level, body), lambda: _document_level_body(ctx, level, body))


def _document_level_body(ctx: DocumentContext, level: str, body: str) -> str | None:
    named = [
        k
        for k in ctx.doc_keys
        if ctx.label(k) == "Organization" and any(n.endswith(level + body) for n in ctx.names(k))
    ]
    if named:
        return named[0]
    bodies = ctx.by_name("Organization")
    found = {
        bodies[n + body]
        for k in ctx.doc_keys
        if ctx.label(k) == "Place"
        for n in ctx.names(k)
        if n.endswith(level) and n + body in bodies
    }
    return found.pop() if len(found) == 1 else None


def _body_of_place(
    ctx: DocumentContext, view: SentenceView, place: SpanView | None, end: int
) -> str | None:
    """深圳市+政協+委員 with no organization mention: the corpus's body called 深圳市政協."""
    if place is None or not place.key:
        return None
    rest = view.fold[place.end : end].strip()
    if (
        not rest
        or len(rest) > 6
        or any(s.label != "Role" and place.end <= s.start < end for s in view.spans)
    ):
        return None
    bodies = ctx.by_name("Organization")
    names = [fold_key(place.text) + rest] + [n + rest for n in ctx.names(place.key)]
    return next((bodies[n] for n in names if n in bodies), None)


def _title_after(
    ctx: DocumentContext, view: SentenceView, person: SpanView
) -> list[tuple[str, str, float]]:
    """覃偉中市長 (a head title after the name) and 張三（X公司主席）."""
    rest = view.fold[person.end : person.end + 20]
    paren = re.match(r"[（(]([^）)]{2,30})[）)]", rest)
    if paren:
        lo = person.end + 1
        body = next((s for s in view.spans if s.label == "Organization" and s.start == lo), None)
        title = _title_end(paren.group(1))
        if body and title and body.end < lo + len(paren.group(1)):
            return [
                (
                    body.key,
                    view.sent.text[body.end : lo + len(paren.group(1))].strip(),
                    confidence("affiliation_chain:bracketed", title.weight),
                )
            ]
        return []
    for cue in _cues("affiliated", "head"):
        if rest.startswith(cue.text):
            org = _known_government(ctx, person.key, cue.param) or _government(ctx, cue.param, None)
            return (
                [
                    (
                        org,
                        view.sent.text[person.end : person.end + len(cue.text)],
                        confidence("affiliation_chain:head-after", cue.weight),
                    )
                ]
                if org
                else []
            )
    return []
