"""Cue tables (``kg/data/relations/*.tsv``): a cue word, the kind of pattern it triggers,
a weight, and for some kinds a parameter (a title's government level)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg import resources
from kg.errors import PatternError
from kg.text.normalize import to_simplified

__all__ = ["Cue", "load_cues", "parse_cues", "closed_class"]

_KINDS = {
    "proposed": {"verb", "speech", "after", "advocate", "before", "frame", "hedge", "subject"},
    "affiliated": {"title", "head", "byline", "body"},
    "located": {
        "has",
        "in",
        "held",
        "host",
        "as",
        "is",
        "placenoun",
        "orgnoun",
        "manner",
        "classnoun",
        "geohead",
        "base",
        "build",
        "part",
    },
    "partof": {"sub", "within", "unit", "zone", "incl", "build"},
    "concerns": {"topic", "verb", "namely", "document", "anaphor"},
    "cooperates": {"with", "link", "joint", "conj"},
    "participated": {
        "attend",
        "organize",
        "at",
        "plenary",
        "anaphor",
        "award",
        "organ",
        "session",
        "organizer",
        "venue",
    },
    "continuation": {"pronoun", "adverb"},
    "abbreviations": None,  # the kind column holds the place the abbreviation stands for
}


@dataclass(frozen=True)
class Cue:
    """One cue word: its Simplified form, the kind of pattern it triggers, and a weight."""

    text: str
    kind: str
    weight: float
    param: str = ""  # e.g. the government level of a head-of-government title


@cache
def load_cues(name: str) -> tuple[Cue, ...]:
    """Cues of ``kg/data/relations/<name>.tsv``, folded to Simplified, longest first.

    Lines are ``cue<TAB>kind<TAB>weight``; ``#`` starts a comment. A malformed line raises
    ``PatternError`` naming the file and line.

    >>> next(c for c in load_cues("proposed") if c.text == "建议" and c.kind == "verb").weight
    0.9
    """
    name = f"relations/{name}.tsv"
    return parse_cues(
        resources.read_data(name),
        resources.data_path(name),
        _KINDS.get(name[len("relations/") : -len(".tsv")], set()),
    )


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
            raise PatternError(
                f"{where}:{lineno}: unknown kind {kind!r}; choose from {', '.join(sorted(kinds))}"
            )
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


@cache
def _cues(name: str, *kinds: str) -> tuple[Cue, ...]:
    """The cues of some kinds from a cue file, longest first as ``SentenceView.find`` wants them
    (cached: rules ask for them per sentence)."""
    return tuple(
        sorted(
            (c for kind in kinds for c in load_cues(name) if c.kind == kind),
            key=lambda c: -len(c.text),
        )
    )


_CUE_SEARCH: dict[int, tuple[tuple[Cue, ...], re.Pattern]] = {}


def _cue_search(cues: tuple[Cue, ...]) -> re.Pattern:
    """A regex matching any of ``cues``, compiled once per tuple (``_cues`` caches them, and
    a plain lru_cache would hash every cue of the tuple on each call)."""
    entry = _CUE_SEARCH.get(id(cues))
    if entry is None or entry[0] is not cues:
        entry = _CUE_SEARCH[id(cues)] = (
            cues,
            re.compile("|".join(re.escape(c.text) for c in cues)),
        )
    return entry[1]


def closed_class(name: str) -> frozenset[str]:
    """Simplified words of one class of ``kg/data/relations/closed_classes.tsv``.

    >>> sorted(closed_class("levels"))
    ['区', '县', '市', '省', '镇']
    """
    return _closed_classes()[name]


@cache
def _closed_classes() -> dict[str, frozenset[str]]:
    name = "relations/closed_classes.tsv"
    return {
        row[0]: frozenset(map(to_simplified, resources.parse_words(row[1], f"{name}:{number}")))
        for number, row in resources.load_table(name, (3, 3))
    }
