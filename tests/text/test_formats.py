"""Inputs that carry metadata: JSON Lines and CSV (an article a line or row, bad rows reported
by file and line and skipped), field mapping, and a front matter on a .txt/.md article."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from kg.errors import InputError
from kg.text.formats import parse_fields
from kg.text.ingest import read_document, read_documents

DISPATCH = "深圳新闻网2024年1月28日讯(记者 许依妍)河套深港科技创新合作区香港园区明日开园。"


def write_jsonl(path, rows):
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def collect():
    messages: list[str] = []
    return messages, messages.append


def test_json_lines_build_the_good_rows_and_name_the_bad_ones(tmp_path):
    path = write_jsonl(
        tmp_path / "news.jsonl",
        [
            {"id": "a1", "content": DISPATCH, "title": "河套园区开园"},
            "{not json",
            {"id": "a3", "content": "  "},
            ["a list"],
            "",
            {"id": "a/../6", "text": "前海管理局發布新措施。", "date": "昨天"},
        ],
    )
    messages, warn = collect()
    documents = read_documents([path], warn=warn)
    assert [d.doc_id for d in documents] == ["news-a1", "news-a____6"]
    assert [d.path for d in documents] == [f"{path}:1", f"{path}:6"]
    assert messages == [
        f"{path}:2: not a JSON line (Expecting property name enclosed in double quotes, col 2); skipped",
        f"{path}:3: no article text (field text or content or body); skipped",
        f"{path}:4: not a JSON object; skipped",
        f"{path}:6: date '昨天' is no whole date; left out",
    ]
    first = documents[0]
    assert first.title == "河套园区开园"
    assert (first.metadata.date, first.metadata.outlet) == (date(2024, 1, 28), "深圳新闻网")
    assert first.text[first.sentences[0].start : first.sentences[0].end] == first.sentences[0].text


def test_given_metadata_wins_over_what_the_text_says(tmp_path):
    path = write_jsonl(
        tmp_path / "news.jsonl",
        [
            {
                "body": DISPATCH,
                "pub_time": "2024-01-29 08:00",
                "source": "深圳特区报",
                "author": ["甲乙", "丙丁"],
            }
        ],
    )
    (document,) = read_documents([path])
    assert document.doc_id == "news-1"
    assert document.metadata.date == date(2024, 1, 29)
    assert document.metadata.outlet == "深圳特区报"
    assert document.metadata.reporters == ("甲乙", "丙丁")


def test_fields_are_mapped_by_name(tmp_path):
    path = write_jsonl(
        tmp_path / "export.jsonl",
        [{"正文x": "前海管理局發布新措施。", "發佈": "2023-02-15", "content": "不是這一欄。"}],
    )
    (document,) = read_documents([path], fields=parse_fields(["text=正文x,date=發佈"]))
    assert document.sentences[0].text == "前海管理局發布新措施。"
    assert document.metadata.date == date(2023, 2, 15)


def test_csv_rows_with_line_breaks_in_cells_are_named_by_their_first_line(tmp_path):
    path = tmp_path / "news.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["標題", "正文", "日期", "來源", "url"])
        writer.writerow(
            [
                "羅湖",
                "羅湖區推出12項措施。\n聯動香港激活口岸經濟。",
                "2025-03-21",
                "南方都市報",
                "https://e.org/1",
            ]
        )
        writer.writerow(["空", "", "", "", ""])
        writer.writerow(["前海", "前海管理局發布新措施。", "2023/2/15", "", ""])
    messages, warn = collect()
    documents = read_documents([path], warn=warn)
    assert [(d.doc_id, d.path) for d in documents] == [
        ("news-2", f"{path}:2"),
        ("news-5", f"{path}:5"),
    ]
    assert messages == [f"{path}:4: no article text (field text or content or body); skipped"]
    assert [s.text for s in documents[0].sentences] == [
        "羅湖區推出12項措施。",
        "聯動香港激活口岸經濟。",
    ]
    assert documents[0].metadata.url == "https://e.org/1"
    assert documents[1].metadata.date == date(2023, 2, 15)


def test_a_table_without_any_article_is_an_error_naming_it(tmp_path):
    path = write_jsonl(tmp_path / "empty.jsonl", [{"title": "no text"}])
    with pytest.raises(InputError, match=r"empty.jsonl: no article in the file"):
        read_documents([path])


def test_a_bad_field_mapping_is_an_error():
    with pytest.raises(InputError, match="write FIELD=COLUMN"):
        parse_fields(["text"])


FRONT = "---\ntitle: 前海新措施\ndate: 2023-02-15\nsource: 深圳特區報\nauthor: 張三、李四\nurl: https://e.org/a\n---\n"


def test_a_front_matter_gives_metadata_and_is_no_article_text(tmp_path):
    body = "香港文匯報訊（記者 李望賢 深圳報道）前海管理局發布新措施。\n"
    path = tmp_path / "a.md"
    path.write_text(FRONT + body, encoding="utf-8")
    document = read_document(path)
    assert document.title == "前海新措施"
    meta = document.metadata
    assert (meta.date, meta.outlet, meta.reporters, meta.url) == (
        date(2023, 2, 15),
        "深圳特區報",  # the front matter's, not the dateline's 香港文匯報
        ("張三", "李四"),
        "https://e.org/a",
    )
    first = document.sentences[0]
    assert first.start == len(FRONT) and document.text[first.start : first.end] == first.text
    assert all("title" not in s.text and "---" not in s.text for s in document.sentences)


def test_a_dash_line_that_opens_no_block_is_article_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\n前海管理局發布新措施。\n", encoding="utf-8")
    document = read_document(path)
    assert document.metadata.date is None
    assert any("前海管理局" in s.text for s in document.sentences)


def test_a_front_matter_with_a_bad_line_or_date_warns(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "---\ndate: 2023-02-30\njust words\n---\n前海管理局發布新措施。\n", encoding="utf-8"
    )
    messages, warn = collect()
    document = read_document(path, warn=warn)
    assert document.metadata.date is None
    assert messages == [
        f"{path}:3: front matter line is not KEY: VALUE; ignored",
        f"{path}: date '2023-02-30' is no whole date; left out",
    ]


def test_only_a_front_matter_is_an_empty_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(FRONT, encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        read_document(path)
