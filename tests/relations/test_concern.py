"""``concerns``: what an initiative is about."""

from __future__ import annotations

from .cases import SCRIPTS, triples


@SCRIPTS
def test_topic_initiative_concerns_the_ports_after_it(simplified):
    found = triples(
        [["「智慧口岸」方面，改造皇崗口岸、蓮塘口岸。"]],
        [[("「智慧口岸」", "Initiative"), ("皇崗口岸", "Port"), ("蓮塘口岸", "Port")]],
        simplified,
    )
    assert {f[:3] for f in found} == {
        ("「智慧口岸」", "concerns", "皇崗口岸"),
        ("「智慧口岸」", "concerns", "蓮塘口岸"),
    }


@SCRIPTS
def test_platform_prefixing_an_initiative(simplified):
    found = triples(
        [["南沙園區「一站通辦」將在年內上線。"]],
        [[("南沙園區", "Platform"), ("「一站通辦」", "Initiative")]],
        simplified,
    )
    assert ("「一站通辦」", "concerns", "南沙園區") in {f[:3] for f in found}


@SCRIPTS
def test_bare_report_noun_leads_with_the_documents_report(simplified):
    found = triples(
        [
            [
                "市長王志遠作《佛山市政府工作報告》。",
                "報告指出，將改造皇崗口岸；另有其他安排。",
                "報告很長，會場安靜。",
            ]
        ],
        [
            [("王志遠", "Person"), ("《佛山市政府工作報告》", "Initiative")],
            [("皇崗口岸", "Port")],
            [],
        ],
        simplified,
    )
    assert ("《佛山市政府工作報告》", "concerns", "皇崗口岸") in {f[:3] for f in found}


@SCRIPTS
def test_report_noun_after_an_adverb_concerns_what_it_builds(simplified):
    found = triples(
        [
            [
                "市長王志遠作《佛山市政府工作報告》。",
                "報告還提出，高水平建設灣區理工學院、海洋學院，加強與嶺南大學合作。",
            ]
        ],
        [
            [("王志遠", "Person"), ("《佛山市政府工作報告》", "Initiative")],
            [
                ("灣區理工學院", "Organization"),
                ("海洋學院", "Organization"),
                ("嶺南大學", "Organization"),
            ],
        ],
        simplified,
    )
    found = {o for s, p, o, _ in found if p == "concerns"}
    assert found == {"灣區理工學院", "海洋學院"}


@SCRIPTS
def test_initiative_as_a_setting_concerns_nothing_in_its_sentence(simplified):
    found = triples(
        [
            [
                "推動南沙合作區建設，為「一國兩制」實踐注入新內涵。",
                "推動南沙合作區建設，落實「灣區通」工程。",
            ]
        ],
        [
            [("南沙合作區", "Platform"), ("「一國兩制」", "Initiative")],
            [("南沙合作區", "Platform"), ("「灣區通」工程", "Initiative")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "concerns"} == {
        ("「灣區通」工程", "concerns", "南沙合作區")
    }


@SCRIPTS
def test_initiative_named_after_a_platform_concerns_only_that_platform(simplified):
    found = triples(
        [["南沙吸引港企落戶。", "全力推進南沙合作區、橫琴合作區建設，包括編制南沙國土空間規劃。"]],
        [
            [("南沙", "Platform", "南沙合作區")],
            [
                ("南沙合作區", "Platform"),
                ("橫琴合作區", "Platform"),
                ("南沙國土空間規劃", "Initiative"),
            ],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "concerns"} == {
        ("南沙國土空間規劃", "concerns", "南沙合作區")
    }


@SCRIPTS
def test_initiative_a_place_puts_forward_concerns_it(simplified):
    found = triples(
        [["佛山提出要實施「南粵英才」計劃。", "佛山市民熱議「南粵英才」計劃。"]],
        [
            [("佛山", "Place"), ("「南粵英才」計劃", "Initiative")],
            [("佛山", "Place"), ("「南粵英才」計劃", "Initiative")],
        ],
        simplified,
    )
    assert {f[:3] for f in found} == {("「南粵英才」計劃", "concerns", "佛山")}


def test_place_in_the_clause_without_a_linking_verb_is_not_concerned():
    found = triples(
        [["佛山市民熱議「一站通辦」。"]], [[("佛山", "Place"), ("「一站通辦」", "Initiative")]]
    )
    assert not [f for f in found if f[1] == "concerns"]
