"""The CLUENER component: its spans mapped to our types and its junk rejected."""

from __future__ import annotations

import pytest
import spacy

from kg.entities import make_nlp
from kg.text.normalize import to_simplified

from .cases import found

pytest.importorskip("jieba")


@pytest.fixture(scope="module")
def fake_model(tmp_path_factory):
    """A stand-in for the trained CLUENER model: a ruler with CLUENER labels, saved to disk.
    Like CLUENER it knows Simplified text only: kg_cluener_ner gives it the folding."""

    model = spacy.blank("zh")
    ruler = model.add_pipe("entity_ruler")
    patterns = [
        {"label": "company", "pattern": "騰飛"},
        {"label": "company", "pattern": "深港合作深化"},
        {"label": "name", "pattern": "大文"},
        {"label": "address", "pattern": "南山區"},
        {"label": "address", "pattern": "高新園南區一號"},
        {"label": "name", "pattern": "黃美攝"},
        {"label": "organization", "pattern": "香港高校"},
        {"label": "position", "pattern": "記者"},
        {"label": "name", "pattern": "羅湖臨床"},
        {"label": "organization", "pattern": "陸路口岸"},
        {"label": "organization", "pattern": "東灣口岸"},
        {"label": "company", "pattern": "電訊公司"},
        {"label": "company", "pattern": "新興行業"},
        {"label": "name", "pattern": "杜甫"},
        {"label": "company", "pattern": "倉儲"},
        {"label": "company", "pattern": "上汽"},
        {"label": "organization", "pattern": "中華文化"},
        {"label": "organization", "pattern": "ABCD"},
        {"label": "movie", "pattern": "灣區"},
    ]
    ruler.add_patterns([{**p, "pattern": to_simplified(p["pattern"])} for p in patterns])
    path = tmp_path_factory.mktemp("ner")
    model.to_disk(path)
    return path


def test_trained_model_spans_are_mapped_and_filtered(fake_model):
    nlp = make_nlp(fake_model, entity_model=None)
    assert "kg_cluener_ner" in nlp.pipe_names
    got = found(
        nlp,
        "騰飛在南山區高新園南區一號開業，大文說灣區和深港合作深化。香港高校參與。大灣報記者黃美攝",
    )
    assert {
        ("騰飛", "Organization"),
        ("南山區", "Place"),
        ("黃美", "Person"),
        ("記者", "Role"),
    } <= got
    assert ("記者", "Role") not in found(nlp, "記者從市政府獲悉。")  # a title of no one
    surfaces = {surface for surface, _ in got}
    assert not surfaces & {"高新園南區一號", "大文", "灣區", "深港合作深化", "香港高校", "黃美攝"}
    assert ("腾飞", "Organization") in found(nlp, "腾飞在深圳开业。")  # either script
    assert not {s for s, _ in found(nlp, "聯動香港資源與羅湖臨床優勢。")} & {"羅湖臨床"}
    # the head decides the type (and the shape checks apply); a counted noun is a class
    assert ("東灣口岸", "Port") in found(nlp, "旅客經東灣口岸出境。")
    assert not {s for s, _ in found(nlp, "三個陸路口岸，兩大電訊公司。")} & {"陸路口岸", "電訊公司"}
    assert not {s for s, _ in found(nlp, "發展新興行業。")} & {"新興行業"}  # a kind, no brand
    # a name inside a quoted name is part of it
    assert ("杜甫", "Person") in found(nlp, "杜甫到訪南山。")
    assert not {s for s, _ in found(nlp, "館內展出“杜甫草堂圖”。")} & {"杜甫", "“杜甫草堂圖”"}


def test_model_names_that_read_as_common_nouns_are_dropped(fake_model):
    nlp = make_nlp(fake_model, entity_model=None)
    # coordination joins like with like: an abbreviation after 貨運和 is a common noun,
    # but a body noun before 與 may be a partner
    assert not {s for s, _ in found(nlp, "公司提供貨運和倉儲服務。")} & {"倉儲"}
    assert ("上汽", "Organization") in found(nlp, "集團與上汽合作。")
    assert ("倉儲", "Organization") in found(nlp, "倉儲宣布擴張。")
    # a culture is no body, though jieba's dictionary tags 中華文化 as one
    assert not {s for s, _ in found(nlp, "弘揚中華文化。")} & {"中華文化"}


def test_an_acronym_inside_an_event_name_stands_for_the_event(fake_model):
    nlp = make_nlp(fake_model, entity_model=None)
    text = "2027年ABCD峰會在南灣舉行。\nABCD吸引多國代表。"
    assert ("ABCD", "Event") in found(nlp, text)
    assert ("ABCD", "Organization") in found(nlp, "ABCD吸引多國代表。")  # no event: a body
