"""Article metadata read from the text: each pattern on its example, the seeds' headers as a
reader finds them by hand, and invented headers in both scripts (what must be found and what
must not)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.errors import PatternError
from kg.text import metadata
from kg.text.ingest import parse_document, read_document
from kg.text.metadata import metadata_patterns, parse_date, pattern_fields, read_metadata

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize("pattern", metadata_patterns(), ids=lambda p: p.id)
def test_each_pattern_reads_its_example(pattern):
    found = pattern_fields(pattern, pattern.example)
    as_written = {
        key: value.isoformat()
        if isinstance(value, date)
        else list(value)
        if isinstance(value, tuple)
        else value
        for key, value in found.items()
    }
    assert {k: as_written.get(k) for k in pattern.expect} == pattern.expect


def test_pattern_ids_are_unique():
    ids = [p.id for p in metadata_patterns()]
    assert len(ids) == len(set(ids))


def test_a_pattern_with_an_unknown_group_is_refused():
    with pytest.raises(PatternError, match=r"metadata.jsonl:3: unknown groups \['when'\]"):
        metadata._pattern(
            3,
            {"id": "x", "scope": "head", "pattern": "(?P<when>\\d+)", "example": "", "expect": {}},
            "深圳",
        )


# Each seed's header read by hand: the date the article gives (only 002 prints one; the
# others date only the events they report, 2月8日, 12月4日, 25日), the outlet of its first
# dateline or byline, and that byline's reporters.
SEED_METADATA = {
    "000_4eee7b6cb79ee3a7": (None, "大公報", ("李望賢",)),  # 大公報記者 李望賢深圳報道
    "001_90cac069c3c403a5": (None, "香港商報", ("林麗青", "蔡易成", "楊琪")),  # 【香港商報訊】
    "002_4d1a9cde034ba511": (date(2025, 3, 21), "南方都市報", ()),  # 來源:… 發布時間:2025-03-21
    "003_47d7294c9efec24d": (None, "大公報", ("郭若溪", "胡永愛")),  # 大公報記者 郭若溪、胡永愛
    "004_74f356dcb4f8b06c": (
        None,
        "香港文匯報",
        ("李望賢",),
    ),  # 香港文匯報訊（記者 李望賢 深圳報道）
}


@pytest.mark.parametrize("stem", sorted(SEED_METADATA))
def test_the_seeds_dates_outlets_and_reporters(stem):
    found = read_document(SEEDS / f"{stem}.txt").metadata
    assert (found.date, found.outlet, found.reporters) == SEED_METADATA[stem]


MUST_FIND = [
    # (header, date, outlet, reporters)
    ("羅湖觀察\n來源:南方都市報 發布時間:2025-03-21\n正文。", "2025-03-21", "南方都市報", ()),
    ("港澳新聞\n2023-02-15 来源:深圳特区报\n深圳市政府昨日发布。", "2023-02-15", "深圳特区报", ()),
    ("前海開園\n\n2024年1月28日 10:30\n\n前海今日開園。", "2024-01-28", None, ()),
    (
        "深圳新闻网2024年1月28日讯(记者 许依妍)河套园区明日开园。",
        "2024-01-28",
        "深圳新闻网",
        ("许依妍",),
    ),
    (
        "香港文匯報訊（記者 李望賢 深圳報道）深圳市人大會議25日開幕。",
        None,
        "香港文匯報",
        ("李望賢",),
    ),
    ("中新网深圳1月5日电(记者 郑小红)深圳市政府5日发布消息。", None, "中新网", ("郑小红",)),
    ("【大公報訊】記者朱燁廣州報道：活動於12月2日在穗舉行。", None, "大公報", ("朱燁",)),
    (
        "標題\n發佈時間:2022/7/22 16:38:29 | 來源:深圳特區報 | 作者: 徐興東",
        "2022-07-22",
        "深圳特區報",
        ("徐興東",),
    ),
    ("标题\n[2021.11.04] 来源：南方日报\n正文。", "2021-11-04", "南方日报", ()),
]


@pytest.mark.parametrize("text,day,outlet,reporters", MUST_FIND)
def test_invented_headers_in_both_scripts(text, day, outlet, reporters):
    found = read_metadata(text)
    assert (found.date and found.date.isoformat(), found.outlet, found.reporters) == (
        day,
        outlet,
        reporters,
    )


MUST_NOT_FIND = [
    "深圳將於2026年3月1日起實施新措施。",  # a date in a sentence about a plan
    "2026年3月1日起，深圳將實施新措施。",  # a sentence that opens with that date
    "2025年施政報告中提出多項新措施。",  # a year that names a report
    "2月8日，深圳市政協七屆六次會議開幕。",  # a date without its year
    "本報訊（記者 孫然）春茗會日前在港舉辦。",  # 本報 is no outlet's name
    "▲方舟接受專訪。新華社記者 陳鐸 攝",  # a photo credit names no outlet of the article
    "旅行社電話查詢人數眾多。",  # 社 then 電 is no dispatch
    "圖片來源：網絡",  # a picture's source
    "图:香港国际机场资料图。来源:视觉中国",  # a caption's
]


@pytest.mark.parametrize("text", MUST_NOT_FIND)
def test_dates_and_outlets_that_are_not_the_articles(text):
    found = read_metadata("標題\n" + text)
    assert found.date is None
    assert found.outlet is None


@pytest.mark.parametrize(
    "text,outlet",
    [
        ("香港新聞網4月22日電 香港特區行政長官李家超今日到訪深圳。", "香港新聞網"),  # no year
        ("2025-02-30 来源:南方日报", "南方日报"),  # no such day
    ],
)
def test_an_outlet_without_a_whole_date(text, outlet):
    found = read_metadata("標題\n" + text)
    assert (found.date, found.outlet) == (None, outlet)


def test_a_date_below_the_header_is_not_the_publication_date():
    body = "\n".join(f"第{n}段，正文。" for n in range(12))
    assert read_metadata(f"標題\n{body}\n2025-03-21\n").date is None


def test_an_article_without_a_date_has_none_not_today():
    document = parse_document("深圳河套合作區建設提速。", doc_id="x")
    assert document.metadata.date is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2025-03-21", date(2025, 3, 21)),
        ("2025/3/21 08:00", date(2025, 3, 21)),
        ("2025-03-21T08:00:00+08:00", date(2025, 3, 21)),
        ("2023年2月15日", date(2023, 2, 15)),
        ("2018", None),
        ("2018-06", None),
        ("21/03/2025", None),
        ("2025-13-01", None),
        ("", None),
    ],
)
def test_a_given_date_is_a_whole_date_or_none(text, expected):
    assert parse_date(text) == expected
