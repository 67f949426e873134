"""HTML news pages through trafilatura: the story without its menus and link lists, the
page's date, outlet, byline and canonical URL, offsets into the story as extracted, and
nothing fetched."""

from __future__ import annotations

import socket
from datetime import date

import pytest
from rdflib.namespace import RDFS

from kg.app import api
from kg.rdf.load import union_graph
from kg.text.ingest import read_document
from tests.text.pages import FURNITURE_NAMES, PAGE_HANS, PAGE_HANT


@pytest.fixture
def pages(tmp_path):
    (tmp_path / "hant.html").write_text(PAGE_HANT, encoding="utf-8")
    (tmp_path / "hans.html").write_text(PAGE_HANS, encoding="gb18030")
    return tmp_path


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("reading a page must not reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_traditional_page_gives_its_story_and_metadata(pages, no_network):
    document = read_document(pages / "hant.html")
    assert document.title == "港委員倡深港共建AI對接平台"
    assert "方舟建議，深港兩地共建人工智能與大數據國際化對接平台" in document.text
    assert not any(name in document.text for name in FURNITURE_NAMES + ("首頁", "熱門排行"))
    meta = document.metadata
    assert meta.date == date(2025, 2, 9)  # the page's, not the 2月8日 of the session
    assert meta.outlet == "大公報"  # the byline's, before the site's name 大公文匯網
    assert meta.reporters == ("郭若溪", "胡永愛")
    assert meta.url == "https://www.tkww.hk/a/202502/09/AP0001.html"
    assert document.script == "zh-Hant"


def test_a_simplified_page_in_gb18030_gives_its_story_and_metadata(pages, no_network):
    document = read_document(pages / "hans.html")
    assert document.encoding == "gb18030"
    assert document.title == "河套深港科技创新合作区香港园区明日正式开园"
    assert not any(name in document.text for name in FURNITURE_NAMES + ("推荐阅读", "粤ICP备"))
    meta = document.metadata
    assert (meta.date, meta.outlet, meta.reporters) == (
        date(2025, 12, 21),
        "深圳新闻网",
        ("许依妍",),
    )
    assert meta.url.endswith("content_31823207.htm")


@pytest.mark.parametrize("name", ["hant.html", "hans.html"])
def test_offsets_point_into_the_story_as_extracted(pages, name):
    document = read_document(pages / name)
    assert len(document.sentences) >= 3
    for sentence in document.sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text


def test_the_graph_of_the_pages_holds_the_story_not_the_menus(pages, no_network, nlp):
    result = api.build([pages], None, nlp=nlp)
    labels = {str(o) for o in union_graph(result.dataset).objects(None, RDFS.label)}
    assert {"方舟", "河套深港科技創新合作區"} <= labels
    assert not labels & set(FURNITURE_NAMES)
