"""The shipped pattern, cue and lexicon files load, and a bad line is reported as file:line."""
from __future__ import annotations

from importlib.resources import files

import pytest

from kg.entities import (gazetteer_patterns, load_heads, load_patterns, load_words,
                         parse_patterns, parse_table, parse_words)
from kg.errors import PatternError
from kg.records import MENTION_LABELS

GOOD = '{"label": "Port", "pattern": [{"NORM": "碼頭"}]}'


def test_shipped_patterns_load_and_fold_norms_to_simplified():
    patterns = load_patterns("shapes.jsonl")
    assert {p["label"] for p in patterns} <= set(MENTION_LABELS)
    folded = parse_patterns(GOOD, "x.jsonl")
    assert folded[0]["pattern"] == [{"NORM": "码头"}]


def test_shipped_tables_load():
    assert load_heads()["口岸"] == "Port"
    assert {"label": "Port", "pattern": "羅湖口岸"} in gazetteer_patterns()


HONG_KONG_DISTRICTS = ("中西區 灣仔區 東區 南區 油尖旺區 深水埗區 九龍城區 黃大仙區 觀塘區 "
                       "荃灣區 屯門區 元朗區 北區 大埔區 西貢區 沙田區 葵青區 離島區").split()


def test_the_gazetteer_holds_every_district_of_hong_kong():
    """The gazetteer lists closed classes whole, not the names seen in some article."""
    places = {p["pattern"] for p in gazetteer_patterns() if p["label"] == "Place"}
    assert len(HONG_KONG_DISTRICTS) == 18
    assert set(HONG_KONG_DISTRICTS) <= places


@pytest.mark.parametrize("text,message", [
    (GOOD + "\n{oops", "x.jsonl:2: not valid JSON"),
    ('# a comment\n\n{"label": "Thing", "pattern": [{"NORM": "a"}]}', "x.jsonl:3: unknown label"),
    ('{"label": "Port", "pattern": []}', "x.jsonl:1: pattern must be a non-empty list"),
    ('{"label": "Port", "pattern": [{"NROM": "a"}]}', "x.jsonl:1: invalid token pattern"),
    ('{"label": "Port", "pattern": [{"NORM": "a"}], "colour": 1}',
     "x.jsonl:1: expected an object"),
])
def test_bad_pattern_lines_name_file_and_line(text, message):
    with pytest.raises(PatternError, match=message):
        parse_patterns(text, "x.jsonl")


WORD_LISTS = ["lexicons/titles.txt", "lexicons/surnames.txt", "lexicons/generic.txt",
              "lexicons/boundaries.txt", "lexicons/descriptors.txt", "lexicons/honorifics.txt",
              "lexicons/not_programme.txt", "patterns/cues/person_follow.tsv",
              "patterns/cues/person_speech.tsv", "patterns/cues/document_heads.tsv",
              "patterns/cues/list_openers.tsv", "patterns/cues/founding.tsv",
              "lexicons/ranks.txt"]


@pytest.mark.parametrize("name", WORD_LISTS)
def test_shipped_word_lists_load_in_simplified(name):
    words = load_words(name)
    assert words and files("kg").joinpath(name).is_file()
    assert "長" not in "".join(words)  # folded: 市長 is matched as 市长


def test_bad_word_names_file_and_line():
    with pytest.raises(PatternError, match=r"^titles.txt:3: 'Role,' is not a word"):
        parse_words("# comment\n市長\n會長 Role,\n", "titles.txt")


def test_bad_table_row_names_file_and_line():
    with pytest.raises(PatternError, match=r"^heads.tsv:2: expected 2 tab-separated fields"):
        parse_table("口岸\tPort\n碼頭 Port\n", "heads.tsv", (2, 2))
