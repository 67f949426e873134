"""``partOf``: units of bodies, parts and projects of zones."""

from __future__ import annotations

from .cases import SCRIPTS, triples


@SCRIPTS
def test_unit_of_a_body(simplified):
    found = triples(
        [["華星集團旗下華星科技公司發布新品。"]],
        [[("華星集團", "Organization"), ("華星科技公司", "Organization")]],
        simplified,
    )
    assert ("華星科技公司", "partOf", "華星集團") in {f[:3] for f in found}


@SCRIPTS
def test_unit_named_before_its_body_with_a_copula(simplified):
    found = triples(
        [["灣區青創中心成立於2013年，是南山區政府下設的諮詢機構。"]],
        [[("灣區青創中心", "Organization"), ("南山區政府", "Organization")]],
        simplified,
    )
    assert {f[:3] for f in found} == {("灣區青創中心", "partOf", "南山區政府")}


@SCRIPTS
def test_projects_built_in_a_zone_sentence_are_its_parts(simplified):
    found = triples(
        [["加快建設南沙合作區，建成國際金融島，推進數字港建設。"]],
        [[("南沙合作區", "Platform"), ("國際金融島", "Platform"), ("數字港", "Platform")]],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "partOf"} == {
        ("國際金融島", "partOf", "南沙合作區"),
        ("數字港", "partOf", "南沙合作區"),
    }
