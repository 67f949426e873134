"""``affiliatedWith``: titles before and after a person, bylines, government bodies."""

from __future__ import annotations

from kg.text.normalize import to_simplified

from .cases import SCRIPTS, triples


@SCRIPTS
def test_appositive_chain_gives_one_affiliation_per_title(simplified):
    found = triples(
        [["南山區政協委員、華星科技公司董事長陳大文表示，將加大投資。"]],
        [
            [
                ("南山區政協", "Organization"),
                ("委員", "Role"),
                ("華星科技公司", "Organization"),
                ("董事長", "Role"),
                ("陳大文", "Person"),
            ]
        ],
        simplified,
    )
    roles = {(s, o, role) for s, p, o, role in found if p == "affiliatedWith"}
    conv = to_simplified if simplified else (lambda x: x)
    assert roles == {
        ("陳大文", "南山區政協", conv("委員")),
        ("陳大文", "華星科技公司", conv("董事長")),
    }


@SCRIPTS
def test_byline_header_names_the_outlet_of_every_listed_reporter(simplified):
    found = triples(
        [["【明報訊】記者張小明、李四海報道：論壇昨日開幕。"]],
        [[("明報", "Organization"), ("記者", "Role"), ("張小明", "Person"), ("李四海", "Person")]],
        simplified,
    )
    assert {(s, o) for s, p, o, _ in found if p == "affiliatedWith"} == {
        ("張小明", "明報"),
        ("李四海", "明報"),
    }


@SCRIPTS
def test_head_of_government_title_links_to_the_government_body(simplified):
    found = triples(
        [["福田區人民政府發布新規。"], ["福田區區長王志遠向大會作報告。"]],
        [
            [("福田區人民政府", "Organization")],
            [("福田區", "Place"), ("區長", "Role"), ("王志遠", "Person")],
        ],
        simplified,
    )
    assert ("王志遠", "affiliatedWith", "福田區人民政府") in {f[:3] for f in found}


@SCRIPTS
def test_head_title_after_an_unrecognized_place_is_not_the_documents_government(simplified):
    found = triples(
        [["中山市政府發布新規。", "韶關市副市長黃志強出席簽約儀式。", "副市長李四海致辭。"]],
        [[("中山市政府", "Organization")], [("黃志強", "Person")], [("李四海", "Person")]],
        simplified,
    )
    assert {(s, o) for s, p, o, _ in found if p == "affiliatedWith"} == {("李四海", "中山市政府")}


@SCRIPTS
def test_title_after_the_name_in_brackets(simplified):
    found = triples(
        [["陳美玲（海通協會主席）出席了活動。"]],
        [[("陳美玲", "Person"), ("海通協會", "Organization")]],
        simplified,
    )
    assert ("陳美玲", "affiliatedWith", "海通協會") in {f[:3] for f in found}


@SCRIPTS
def test_place_and_title_find_the_body_named_elsewhere(simplified):
    found = triples(
        [["佛山市政協今日開會。", "港區佛山市政協委員何國強表示，將積極建言。"]],
        [
            [("佛山市政協", "Organization")],
            [("佛山市", "Place"), ("政協委員", "Role"), ("何國強", "Person")],
        ],
        simplified,
    )
    assert ("何國強", "affiliatedWith", "佛山市政協") in {f[:3] for f in found}


@SCRIPTS
def test_bare_government_levels_in_ellipsis_name_each_body(simplified):
    found = triples(
        [
            [
                "佛山市政協與南海區政協聯合調研。",
                "市、區政協委員，華星科技研究院(佛山·南海)院長助理，海通協會會長陳大文表示，將積極建言。",
            ]
        ],
        [
            [("佛山市政協", "Organization"), ("南海區政協", "Organization")],
            [
                ("佛山", "Place"),
                ("南海", "Place"),
                ("海通協會", "Organization"),
                ("會長", "Role"),
                ("陳大文", "Person"),
            ],
        ],
        simplified,
    )
    assert {(s, o) for s, p, o, _ in found if p == "affiliatedWith"} == {
        ("陳大文", "佛山市政協"),
        ("陳大文", "南海區政協"),
        ("陳大文", "海通協會"),
    }


def test_bare_government_level_without_a_body_of_that_level_gives_nothing():
    found = triples(
        [["南海區政協今日開會。", "市政協委員陳大文表示，將積極建言。"]],
        [[("南海區政協", "Organization")], [("陳大文", "Person")]],
    )
    assert not [f for f in found if f[1] == "affiliatedWith"]


@SCRIPTS
def test_head_title_after_the_name_keeps_the_government_named_before(simplified):
    found = triples(
        [
            [
                "中山市政府發布新規。",
                "據珠海市人民政府消息，珠海市市長黃志強出席簽約儀式。",
                "黃志強市長表示，將加快建設。",
            ]
        ],
        [
            [("中山市政府", "Organization")],
            [
                ("珠海市人民政府", "Organization"),
                ("珠海市", "Place"),
                ("市長", "Role"),
                ("黃志強", "Person"),
            ],
            [("黃志強", "Person")],
        ],
        simplified,
    )
    assert {(s, o) for s, p, o, _ in found if p == "affiliatedWith"} == {
        ("黃志強", "珠海市人民政府")
    }


@SCRIPTS
def test_speaking_for_the_government_puts_it_at_the_session(simplified):
    found = triples(
        [
            [
                "珠海市政府發布通知。",
                "珠海市人大會議開幕。",
                "珠海市市長黃志強代表市政府向大會作政府工作報告。",
                "陳小芬代表市民向大會提問。",
            ]
        ],
        [
            [("珠海市政府", "Organization")],
            [("珠海市人大會議", "Event")],
            [("珠海市", "Place"), ("市長", "Role"), ("黃志強", "Person")],
            [("陳小芬", "Person")],
        ],
        simplified,
    )
    found = {f[:3] for f in found if f[1] == "participatedIn"}
    assert ("珠海市政府", "participatedIn", "珠海市人大會議") in found
    assert not {s for s, _, _ in found} - {"珠海市政府", "黃志強", "陳小芬"}


def test_items_without_a_body_are_passed_over_in_a_chain():
    found = triples(
        [["南山區政協委員、執業律師、仲裁員陳大文表示，將積極建言。"]],
        [[("南山區政協", "Organization"), ("陳大文", "Person")]],
    )
    assert {f[:3] for f in found} == {("陳大文", "affiliatedWith", "南山區政協")}


def test_person_next_to_an_organization_without_a_title_is_not_affiliated():
    found = triples(
        [["華星科技公司和陳大文一起參觀。"]],
        [[("華星科技公司", "Organization"), ("陳大文", "Person")]],
    )
    assert not [f for f in found if f[1] == "affiliatedWith"]
