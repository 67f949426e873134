"""Cue files load in Simplified and report a bad line as file:line."""

from __future__ import annotations

import pytest

from kg.errors import PatternError
from kg.relations import load_cues, parse_cues
from kg.text.normalize import to_simplified

CUE_FILES = [
    "proposed",
    "affiliated",
    "located",
    "partof",
    "concerns",
    "cooperates",
    "participated",
    "continuation",
    "abbreviations",
]


@pytest.mark.parametrize("name", CUE_FILES)
def test_every_cue_file_loads_in_simplified(name):
    cues = load_cues(name)
    assert cues and all(c.text == to_simplified(c.text) and 0 < c.weight <= 1 for c in cues)


@pytest.mark.parametrize(
    "raw,message",
    [
        ("提出\tverb\t0.9\n建議\tverb\n", "x.tsv:2: expected 3 tab-separated fields"),
        ("提出\tverb\tlots\n", "x.tsv:1: weight 'lots' is not a number"),
        ("提出\tverb\t1.5\n", "x.tsv:1: weight 1.5 outside (0, 1]"),
        ("# comment\n提出\tnoun\t0.5\n", "x.tsv:2: unknown kind 'noun'"),
        ("提出\tverb\t0.5\n提出\tverb\t0.6\n", "x.tsv:2: duplicate cue"),
    ],
)
def test_malformed_cue_lines_name_file_and_line(raw, message):
    with pytest.raises(PatternError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_cues(raw, "x.tsv", {"verb"})


def test_cues_of_several_kinds_come_longest_first():
    """``_Sentence.find`` takes the longest cue at a place because cues come in that order."""
    from kg.relations.cues import _cues

    merged = _cues("proposed", "verb", "speech")
    assert [len(c.text) for c in merged] == sorted((len(c.text) for c in merged), reverse=True)
    assert set(merged) == set(_cues("proposed", "verb")) | set(_cues("proposed", "speech"))
    assert {c.kind for c in merged} == {"verb", "speech"}
