"""The shipped data files load, each by the format its extension names, and a bad line is
reported as file:line."""

from __future__ import annotations

from importlib.resources import files

import pytest

from kg import resources
from kg.entities import gazetteer_patterns, load_heads, load_patterns, load_words, parse_patterns
from kg.errors import PatternError
from kg.records import MENTION_LABELS

GOOD = '{"label": "Port", "pattern": [{"NORM": "碼頭"}]}'
DATA = files("kg").joinpath("data")
SHIPPED = sorted(
    f"{stage.name}/{path.name}"
    for stage in DATA.iterdir()
    if stage.is_dir()
    for path in stage.iterdir()
    if path.is_file()
)


def test_every_data_file_has_a_known_format():
    assert SHIPPED and all(name.endswith((".txt", ".tsv", ".jsonl")) for name in SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_data_file_parses_by_its_extension(name):
    if name.endswith(".txt") and name != "text/common_chars.txt":
        assert resources.load_words(name)
    elif name.endswith(".tsv"):
        assert resources.load_table(name, (1, 5))  # the widest table has five columns
    elif name.endswith(".jsonl"):
        assert resources.load_json_lines(name)


def test_shipped_patterns_load_and_fold_norms_to_simplified():
    patterns = load_patterns("shapes.jsonl")
    assert {p["label"] for p in patterns} <= set(MENTION_LABELS)
    folded = parse_patterns(GOOD, "x.jsonl")
    assert folded[0]["pattern"] == [{"NORM": "码头"}]


def test_shipped_tables_load():
    assert load_heads()["口岸"] == "Port"
    assert {"label": "Port", "pattern": "羅湖口岸", "id": "gazetteer/Port"} in gazetteer_patterns()


HONG_KONG_DISTRICTS = [
    "中西區",
    "灣仔區",
    "東區",
    "南區",
    "油尖旺區",
    "深水埗區",
    "九龍城區",
    "黃大仙區",
    "觀塘區",
    "荃灣區",
    "屯門區",
    "元朗區",
    "北區",
    "大埔區",
    "西貢區",
    "沙田區",
    "葵青區",
    "離島區",
]


def test_the_gazetteer_holds_every_district_of_hong_kong():
    """The gazetteer lists closed classes whole, not the names seen in some article."""
    places = {p["pattern"] for p in gazetteer_patterns() if p["label"] == "Place"}
    assert len(HONG_KONG_DISTRICTS) == 18
    assert set(HONG_KONG_DISTRICTS) <= places


@pytest.mark.parametrize(
    "text,message",
    [
        (GOOD + "\n{oops", "x.jsonl:2: not valid JSON"),
        (
            '# a comment\n\n{"label": "Thing", "pattern": [{"NORM": "a"}]}',
            "x.jsonl:3: unknown label",
        ),
        ('{"label": "Port", "pattern": []}', "x.jsonl:1: pattern must be a non-empty list"),
        ('{"label": "Port", "pattern": [{"NROM": "a"}]}', "x.jsonl:1: invalid token pattern"),
        (
            '{"label": "Port", "pattern": [{"NORM": "a"}], "colour": 1}',
            "x.jsonl:1: expected an object",
        ),
    ],
)
def test_bad_pattern_lines_name_file_and_line(text, message):
    with pytest.raises(PatternError, match=message):
        parse_patterns(text, "x.jsonl")


ENTITY_WORD_LISTS = sorted(
    name.split("/")[1] for name in SHIPPED if name.startswith("entities/") and name.endswith(".txt")
)


@pytest.mark.parametrize("name", ENTITY_WORD_LISTS)
def test_entity_word_lists_load_in_simplified(name):
    words = load_words(name)
    assert words
    assert "長" not in "".join(words) and "會" not in "".join(words)  # folded: 市長 is 市长


def test_bad_word_names_file_and_line():
    with pytest.raises(PatternError, match=r"^titles.txt:3: 'Role,' is not a word"):
        resources.parse_words("# comment\n市長\n會長 Role,\n", "titles.txt")


def test_bad_table_row_names_file_and_line():
    with pytest.raises(PatternError, match=r"^heads.tsv:2: expected 2 tab-separated fields"):
        resources.parse_table("口岸\tPort\n碼頭 Port\n", "heads.tsv", (2, 2))


def test_a_missing_data_file_says_so():
    with pytest.raises(PatternError, match=r"kg/data/entities/none.txt: missing data file"):
        resources.load_words("entities/none.txt")
