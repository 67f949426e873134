"""The relation rules as data (``kg/data/relations/rules.tsv``): each rule's id, predicate,
base confidence, adjustment and an example sentence.

A rule's code finds the subject and object; the table says what it states and how sure it is.
``"id:case"`` names one case of a rule: the statement carries the id (``kgo:extractor``), the
case has its own confidence. A confidence is a rough prior for provenance, not a calibrated
probability.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg import resources
from kg.errors import PatternError
from kg.records import PREDICATES

__all__ = ["Rule", "parse_rules", "load_rules", "rule", "confidence"]

_WEIGHT = "weight"


@dataclass(frozen=True)
class Rule:
    """One row of the rule table."""

    key: str  # "id" or "id:case"
    predicate: str
    base: float | None  # None: the weight of what fired
    default: float | None  # the base when nothing weighed ("weight|N")
    adjust: float
    example: str

    @property
    def id(self) -> str:
        """What a statement of this rule carries as its extractor."""
        return self.key.split(":", 1)[0]

    def confidence(self, weight: float | None = None) -> float:
        """The base (or ``weight``) plus the adjustment, unrounded.

        >>> Rule("r", "proposed", None, 0.55, -0.1, "").confidence(0.9)
        0.8
        >>> Rule("r", "proposed", None, 0.55, 0.0, "").confidence()
        0.55
        """
        if self.base is not None:
            base = self.base
        elif weight is not None:
            base = weight
        elif self.default is not None:
            base = self.default
        else:
            raise ValueError(f"rule {self.key} takes the weight of what fired, and none was given")
        return base + self.adjust if self.adjust else base


def _number(text: str, where: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise PatternError(f"{where}: {what} {text!r} is not a number") from None


def parse_rules(text: str, source: str) -> dict[str, Rule]:
    """Rules by key from the text of a rule table, checked (``source`` names it in errors).

    >>> parse_rules("a\\tproposed\\t0.5\\t0\\t甲建議乙", "x.tsv")["a"].confidence()
    0.5
    >>> parse_rules("a\\tproposes\\t0.5\\t0\\t甲建議乙", "x.tsv")
    Traceback (most recent call last):
    kg.errors.PatternError: x.tsv:1: unknown predicate 'proposes'
    """
    rules: dict[str, Rule] = {}
    for number, (key, predicate, base_text, adjust_text, example) in resources.parse_table(
        text, source, (5, 5)
    ):
        where = f"{source}:{number}"
        if predicate not in PREDICATES:
            raise PatternError(f"{where}: unknown predicate {predicate!r}")
        if key in rules:
            raise PatternError(f"{where}: rule {key!r} listed twice")
        base: float | None = None
        default: float | None = None
        if base_text == _WEIGHT:
            pass
        elif base_text.startswith(_WEIGHT + "|"):
            default = _number(base_text[len(_WEIGHT) + 1 :], where, "default")
        else:
            base = _number(base_text, where, "base")
        adjust = _number(adjust_text, where, "adjustment")
        for value in (base, default):
            if value is not None and not 0 < value <= 1:
                raise PatternError(f"{where}: confidence {value} outside (0, 1]")
        rules[key] = Rule(key, predicate, base, default, adjust, example)
    return rules


@lru_cache(maxsize=1)
def load_rules() -> dict[str, Rule]:
    """The shipped rule table."""
    name = "relations/rules.tsv"
    return parse_rules(resources.read_data(name), resources.data_path(name))


def rule(key: str) -> Rule:
    """The rule of ``key``; an unknown key is a bug in a rule's code, named here."""
    try:
        return load_rules()[key]
    except KeyError:
        raise KeyError(f"relation rule {key!r} is not in kg/data/relations/rules.tsv") from None


def confidence(key: str, weight: float | None = None) -> float:
    """The confidence a statement of rule ``key`` gets (see ``Rule.confidence``)."""
    return rule(key).confidence(weight)
