"""``cooperatesWith``: partners, compounds such as 深港合作."""

from __future__ import annotations

from kg.relations import extract_relations

from .cases import SCRIPTS, make, triples


@SCRIPTS
def test_cooperation_is_symmetric_and_listed_once(simplified):
    doc, mentions, res = make(
        [["香港與南沙合作區深化合作。", "南沙合作區聯動香港。"]],
        [
            [("香港", "Place"), ("南沙合作區", "Platform")],
            [("南沙合作區", "Platform"), ("香港", "Place")],
        ],
        simplified,
    )
    found = [
        r
        for r in extract_relations(doc, mentions, res, model=None)
        if r.predicate == "cooperatesWith"
    ]
    assert len(found) == 1 and found[0].subject < found[0].object


@SCRIPTS
def test_compound_of_place_abbreviations(simplified):
    found = triples(
        [["深圳與香港兩地交流頻繁。", "今年要深化深港合作。"]],
        [[("深圳", "Place"), ("香港", "Place")], []],
        simplified,
    )
    assert {f[:3] for f in found} == {("深圳", "cooperatesWith", "香港")}


@SCRIPTS
def test_signing_an_agreement_with_a_partner(simplified):
    found = triples(
        [["南山區政府與香港科技園公司昨日簽署合作備忘錄。"]],
        [[("南山區政府", "Organization"), ("香港科技園公司", "Organization")]],
        simplified,
    )
    assert {f[:3] for f in found} == {("南山區政府", "cooperatesWith", "香港科技園公司")}


@SCRIPTS
def test_organizers_named_after_the_event(simplified):
    found = triples(
        [["第五屆創科博覽會下月舉行，主辦方為南山區政府、華星集團。"]],
        [
            [
                ("第五屆創科博覽會", "Event"),
                ("南山區政府", "Organization"),
                ("華星集團", "Organization"),
            ]
        ],
        simplified,
    )
    assert {f[:3] for f in found} == {
        ("南山區政府", "participatedIn", "第五屆創科博覽會"),
        ("華星集團", "participatedIn", "第五屆創科博覽會"),
    }


def test_cooperation_cue_of_a_compound_is_not_read_as_x_with_y():
    found = triples(
        [["前海與南沙作為深港合作的平台。"]], [[("前海", "Platform"), ("南沙", "Platform")]]
    )
    assert not found


def test_compound_after_a_linking_verb_names_the_subjects_partners():
    found = triples(
        [["深圳與香港、澳門往來密切。", "深圳將聯合港澳引進人才。"]],
        [[("深圳", "Place"), ("香港", "Place"), ("澳門", "Place")], [("深圳", "Place")]],
    )
    assert {f[:3] for f in found} == {
        ("深圳", "cooperatesWith", "香港"),
        ("深圳", "cooperatesWith", "澳門"),
    }


@SCRIPTS
def test_partners_joined_by_with_before_a_linking_verb(simplified):
    found = triples(
        [["深圳願與香港攜手，共同推進北部都會區建設。"]],
        [[("深圳", "Place"), ("香港", "Place"), ("北部都會區", "Platform")]],
        simplified,
    )
    assert ("深圳", "cooperatesWith", "香港") in {f[:3] for f in found}


def test_compound_without_a_cooperation_cue_gives_nothing():
    found = triples(
        [["深圳與香港一水之隔。", "深港兩地人流如織。"]],
        [[("深圳", "Place"), ("香港", "Place")], []],
    )
    assert not found
