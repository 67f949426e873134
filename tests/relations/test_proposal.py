"""``proposed``: who proposes which initiative, across a speaker's paragraph too."""

from __future__ import annotations

import pytest

from .cases import SCRIPTS, triples


@SCRIPTS
def test_proposing_verb_links_speaker_to_every_listed_initiative(simplified):
    found = triples(
        [["陳大文建議推出「灣區快線」計劃和「跨境通」機制。"]],
        [
            [
                ("陳大文", "Person"),
                ("「灣區快線」計劃", "Initiative"),
                ("「跨境通」機制", "Initiative"),
            ]
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "proposed"} == {
        ("陳大文", "proposed", "「灣區快線」計劃"),
        ("陳大文", "proposed", "「跨境通」機制"),
    }


@SCRIPTS
def test_person_and_initiative_without_a_proposing_cue_give_nothing(simplified):
    found = triples(
        [["陳大文乘坐「灣區快線」列車前往會場。"]],
        [[("陳大文", "Person"), ("「灣區快線」列車", "Initiative")]],
        simplified,
    )
    assert not [f for f in found if f[1] == "proposed"]


@SCRIPTS
def test_place_cannot_propose(simplified):
    found = triples(
        [["南山區建議推出「灣區快線」計劃。"]],
        [[("南山區", "Place"), ("「灣區快線」計劃", "Initiative")]],
        simplified,
    )
    assert not [f for f in found if f[1] == "proposed"]


@SCRIPTS
def test_initiative_as_a_setting_is_not_proposed(simplified):
    found = triples(
        [["陳大文建議，香港應善用「一國兩制」優勢，在「十五五」時期推出「創科券」。"]],
        [
            [
                ("陳大文", "Person"),
                ("「一國兩制」", "Initiative"),
                ("「十五五」", "Initiative"),
                ("「創科券」", "Initiative"),
            ]
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "proposed"} == {("陳大文", "proposed", "「創科券」")}


@SCRIPTS
def test_organization_launching_a_measure_proposed_it(simplified):
    found = triples(
        [["南山區政府推出《南山區促進跨境消費若干措施》。"]],
        [[("南山區政府", "Organization"), ("《南山區促進跨境消費若干措施》", "Initiative")]],
        simplified,
    )
    assert ("南山區政府", "proposed", "《南山區促進跨境消費若干措施》") in {f[:3] for f in found}


@SCRIPTS
@pytest.mark.parametrize(
    "text,body,initiative,place",
    [
        (
            "北州市政府印發《北州青年創業扶持措施》。",
            "北州市政府",
            "《北州青年創業扶持措施》",
            None,
        ),
        ("北州海關在南灣口岸上線「無感過關」模式。", "北州海關", "「無感過關」模式", "南灣口岸"),
        (
            "由北州市規劃局牽頭開展了南灣片區空間規劃研究。",
            "北州市規劃局",
            "南灣片區空間規劃",
            None,
        ),
    ],
)
def test_a_body_issuing_launching_or_leading_an_initiative_proposed_it(
    simplified, text, body, initiative, place
):
    spans = (
        [(body, "Organization")]
        + ([(place, "Port")] if place else [])
        + [(initiative, "Initiative")]
    )
    found = triples([[text]], [spans], simplified)
    assert {f[:3] for f in found if f[1] == "proposed"} == {(body, "proposed", initiative)}


@SCRIPTS
def test_reported_speech_without_advice_is_not_a_proposal(simplified):
    found = triples(
        [["陳大文表示，預計「灣區快線」明年通車。", "王小明表示，應盡快推出「跨境通」機制。"]],
        [
            [("陳大文", "Person"), ("「灣區快線」", "Initiative")],
            [("王小明", "Person"), ("「跨境通」機制", "Initiative")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "proposed"} == {
        ("王小明", "proposed", "「跨境通」機制")
    }


@SCRIPTS
def test_pronoun_continues_the_last_person_of_the_paragraph(simplified):
    found = triples(
        [["陳大文表示，要加強兩地合作。", "他還建議推行「跨境通」機制。"]],
        [[("陳大文", "Person")], [("「跨境通」機制", "Initiative")]],
        simplified,
    )
    assert ("陳大文", "proposed", "「跨境通」機制") in {f[:3] for f in found}


@SCRIPTS
def test_advice_after_a_pronoun_continues_the_speaker(simplified):
    found = triples(
        [
            [
                "陳大文出席了座談會。",
                "他還應盡快推行「跨境通」機制。",
                "他還應邀參觀了「灣區快線」展覽。",
            ]
        ],
        [
            [("陳大文", "Person")],
            [("「跨境通」機制", "Initiative")],
            [("「灣區快線」展覽", "Initiative")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "proposed"} == {
        ("陳大文", "proposed", "「跨境通」機制")
    }


@SCRIPTS
def test_pronoun_does_not_cross_a_paragraph(simplified):
    found = triples(
        [["陳大文表示，要加強兩地合作。"], ["他還建議推行「跨境通」機制。"]],
        [[("陳大文", "Person")], [("「跨境通」機制", "Initiative")]],
        simplified,
    )
    assert not [f for f in found if f[1] == "proposed"]


@SCRIPTS
def test_speaker_line_hands_its_column_to_the_speaker(simplified):
    found = triples(
        [["灣區青年協會會長 李嘉文"], ["聚焦青年創業，推動「灣區青創通」落地。"]],
        [
            [("灣區青年協會", "Organization"), ("會長", "Role"), ("李嘉文", "Person")],
            [("「灣區青創通」", "Initiative")],
        ],
        simplified,
    )
    assert ("李嘉文", "proposed", "「灣區青創通」") in {f[:3] for f in found}


def test_a_bylined_reporter_is_never_the_speaker():
    found = triples(
        [["記者張小明報道：會議昨日開幕。", "同時，推出「灣區青創通」計劃。"]],
        [[("記者", "Role"), ("張小明", "Person")], [("「灣區青創通」計劃", "Initiative")]],
    )
    assert not [f for f in found if f[1] == "proposed"]


@SCRIPTS
def test_enumerated_points_continue_the_speaker(simplified):
    found = triples(
        [["王小明提出兩點建議。", "一是推出「人才卡」，二是設立「創科基金」。"]],
        [[("王小明", "Person")], [("「人才卡」", "Initiative"), ("「創科基金」", "Initiative")]],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "proposed"} == {
        ("王小明", "proposed", "「人才卡」"),
        ("王小明", "proposed", "「創科基金」"),
    }


@SCRIPTS
def test_person_of_an_earlier_clause_is_not_the_proposer_of_a_clause_with_its_own_subject(
    simplified,
):
    found = triples(
        [
            [
                "陳大文出席會議，會議提出實施「灣區通」工程。",
                "記者李四海報道：南山區提出「跨境通」機制。",
            ]
        ],
        [
            [("陳大文", "Person"), ("「灣區通」工程", "Initiative")],
            [
                ("記者", "Role"),
                ("李四海", "Person"),
                ("南山區", "Place"),
                ("「跨境通」機制", "Initiative"),
            ],
        ],
        simplified,
    )
    assert not [f for f in found if f[1] == "proposed"]


@SCRIPTS
def test_report_as_subject_is_not_the_last_persons_proposal(simplified):
    found = triples(
        [["市長王志遠作報告。", "報告提出，實施「灣區通」工程。"]],
        [
            [("王志遠", "Person"), ("報告", "Initiative", "政府工作報告")],
            [("報告", "Initiative", "政府工作報告"), ("「灣區通」工程", "Initiative")],
        ],
        simplified,
    )
    assert ("王志遠", "proposed", "「灣區通」工程") not in {f[:3] for f in found}
    assert ("王志遠", "proposed", "政府工作報告") in {f[:3] for f in found}
