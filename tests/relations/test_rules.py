"""The relation rule table (kg/data/relations/rules.tsv) and the code that fires its rules
agree: every rule the code names is in the table, every row of the table is fired by some
code, and a bad row is reported as file:line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kg.errors import PatternError
from kg.records import PREDICATES
from kg.relations.cues import load_cues
from kg.relations.rules import confidence, load_rules, parse_rules, rule

CODE = Path(__file__).resolve().parents[2] / "kg" / "relations"
CUE_FILE = {
    "located": "located",
    "partof": "partof",
    "participated": "participated",
    "cooperates": "cooperates",
    "proposed": "proposed",
}


def _keys_in_code() -> set[str]:
    """Rule keys the relation code names: literals, and f-strings over a cue's kind."""
    keys, table = set(), load_rules()
    for path in CODE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in table
            ):
                keys.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
                pattern = "".join(parts)
                if pattern.endswith("_{}") and pattern[:-3] in CUE_FILE:
                    kinds = {c.kind for c in load_cues(CUE_FILE[pattern[:-3]])}
                    keys |= {
                        k
                        for k in table
                        if k.startswith(pattern[:-2]) and k[len(pattern) - 2 :] in kinds
                    }
                elif pattern == "{}_listed":
                    keys |= {k for k in table if k.endswith("_listed") and k[:-7] in table}
    return keys


def test_every_rule_of_the_table_is_fired_by_some_code():
    assert set(load_rules()) - _keys_in_code() == set()


def test_every_rule_the_code_names_is_in_the_table():
    named = set()
    for path in CODE.glob("*.py"):
        named |= set(
            re.findall(
                r'"((?:affiliation|proposed|located|partof|concerns|cooperates|'
                r'participated)_[a-z_]+(?::[a-z-]+)?)"',
                path.read_text("utf-8"),
            )
        )
    assert named - set(load_rules()) == set()


def test_rows_are_well_formed():
    rules = load_rules()
    assert {r.predicate for r in rules.values()} == set(PREDICATES)
    for key, row in rules.items():
        assert re.search(r"[\u4e00-\u9fff]", row.example), key
        assert 0 < row.confidence(0.8) <= 1, key


def test_a_case_carries_the_id_of_its_rule_and_its_own_confidence():
    assert rule("participated_at:session").id == "participated_at"
    assert confidence("participated_at:session") == 0.6
    assert confidence("affiliation_chain:government", 0.9) == pytest.approx(0.8)
    assert confidence("concerns_clause") == 0.55 and confidence("concerns_clause", 0.7) == 0.7


def test_an_unknown_rule_is_named():
    with pytest.raises(KeyError, match="no_such_rule"):
        rule("no_such_rule")


@pytest.mark.parametrize(
    "text,message",
    [
        ("a\tproposed\t0.5\t0\n", r"x.tsv:1: expected 5 tab-separated fields"),
        ("a\tproposed\thigh\t0\t甲\n", r"x.tsv:1: base 'high' is not a number"),
        ("a\tproposed\t1.5\t0\t甲\n", r"x.tsv:1: confidence 1.5 outside"),
        ("a\tproposed\t0.5\t0\t甲\na\tproposed\t0.5\t0\t乙\n", r"x.tsv:2: rule 'a' listed twice"),
        ("a\tproposes\t0.5\t0\t甲\n", r"x.tsv:1: unknown predicate 'proposes'"),
    ],
)
def test_bad_rows_name_file_and_line(text, message):
    with pytest.raises(PatternError, match=message):
        parse_rules(text, "x.tsv")
