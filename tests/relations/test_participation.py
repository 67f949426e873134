"""``participatedIn``: attending, organizing, speaking at events."""

from __future__ import annotations

from .cases import SCRIPTS, triples


@SCRIPTS
def test_attending_and_organizing_an_event(simplified):
    found = triples(
        [["陳大文出席第三屆灣區論壇。", "由南山區政府主辦的創科博覽會開幕。"]],
        [
            [("陳大文", "Person"), ("第三屆灣區論壇", "Event")],
            [("南山區政府", "Organization"), ("創科博覽會", "Event")],
        ],
        simplified,
    )
    assert {f[:3] for f in found} == {
        ("陳大文", "participatedIn", "第三屆灣區論壇"),
        ("南山區政府", "participatedIn", "創科博覽會"),
    }


@SCRIPTS
def test_attending_a_bare_event_noun_is_attending_the_event_just_named(simplified):
    found = triples(
        [
            [
                "南州市政協舉辦第五場「委員議事廳」。",
                "副主席陳大文、秘書長李四海參加活動。",
                "王志遠參加培訓。",
            ]
        ],
        [
            [("南州市政協", "Organization"), ("第五場「委員議事廳」", "Event")],
            [("副主席", "Role"), ("陳大文", "Person"), ("秘書長", "Role"), ("李四海", "Person")],
            [("王志遠", "Person")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "participatedIn"} == {
        ("南州市政協", "participatedIn", "第五場「委員議事廳」"),
        ("陳大文", "participatedIn", "第五場「委員議事廳」"),
        ("李四海", "participatedIn", "第五場「委員議事廳」"),
    }


@SCRIPTS
def test_people_joined_by_and_propose_together(simplified):
    found = triples(
        [
            [
                "委員陳大文及李四海建議推出「灣區快線」計劃。",
                "王志遠表示，李四海建議推出「港貨直通」。",
            ]
        ],
        [
            [
                ("委員", "Role"),
                ("陳大文", "Person"),
                ("李四海", "Person"),
                ("「灣區快線」計劃", "Initiative"),
            ],
            [("王志遠", "Person"), ("李四海", "Person"), ("「港貨直通」", "Initiative")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "proposed"} == {
        ("陳大文", "proposed", "「灣區快線」計劃"),
        ("李四海", "proposed", "「灣區快線」計劃"),
        ("李四海", "proposed", "「港貨直通」"),
    }


@SCRIPTS
def test_people_listed_with_their_titles_all_attend(simplified):
    found = triples(
        [["南州市委書記陳大文，市長李四海，市政協黨組書記、主席王志遠出席灣區青年座談會。"]],
        [
            [
                ("南州市委", "Organization"),
                ("書記", "Role"),
                ("陳大文", "Person"),
                ("市長", "Role"),
                ("李四海", "Person"),
                ("市政協", "Organization"),
                ("書記", "Role"),
                ("主席", "Role"),
                ("王志遠", "Person"),
                ("灣區青年座談會", "Event"),
            ]
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "participatedIn"} == {
        (p, "participatedIn", "灣區青年座談會") for p in ("陳大文", "李四海", "王志遠")
    }


@SCRIPTS
def test_a_person_before_a_verb_of_speech_is_not_listed_with_the_attendee(simplified):
    found = triples(
        [["陳大文表示，李四海出席了第三屆灣區論壇。"]],
        [[("陳大文", "Person"), ("李四海", "Person"), ("第三屆灣區論壇", "Event")]],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "participatedIn"} == {
        ("李四海", "participatedIn", "第三屆灣區論壇")
    }


@SCRIPTS
def test_bodies_joined_by_and_organize_together(simplified):
    found = triples(
        [["南州投資推廣署與北州市商務局今日（23日）合辦第三屆灣區經貿交流會。"]],
        [
            [
                ("南州投資推廣署", "Organization"),
                ("北州市商務局", "Organization"),
                ("第三屆灣區經貿交流會", "Event"),
            ]
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "participatedIn"} == {
        ("南州投資推廣署", "participatedIn", "第三屆灣區經貿交流會"),
        ("北州市商務局", "participatedIn", "第三屆灣區經貿交流會"),
    }


@SCRIPTS
def test_a_date_between_the_subject_and_the_event_it_was_at(simplified):
    found = triples(
        [["陳大文1月28日在第三屆灣區論壇的專場發布會上表示，前景可期。"]],
        [[("陳大文", "Person"), ("第三屆灣區論壇", "Event")]],
        simplified,
    )
    assert ("陳大文", "participatedIn", "第三屆灣區論壇") in {f[:3] for f in found}


@SCRIPTS
def test_the_person_described_as_attending_the_event(simplified):
    found = triples(
        [
            [
                "出席第三屆灣區論壇的南州政協委員、研究總監陳大文指出，前景可期。",
                "報道第三屆灣區論壇的記者李四海表示，場面熱鬧。",
            ]
        ],
        [
            [
                ("第三屆灣區論壇", "Event"),
                ("南州政協", "Organization"),
                ("委員", "Role"),
                ("研究總監", "Role"),
                ("陳大文", "Person"),
            ],
            [("第三屆灣區論壇", "Event"), ("記者", "Role"), ("李四海", "Person")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "participatedIn"} == {
        ("陳大文", "participatedIn", "第三屆灣區論壇")
    }


@SCRIPTS
def test_scene_clause_puts_the_speaker_at_the_event(simplified):
    found = triples(
        [["在第三屆灣區論壇上，華星科技公司董事長陳大文表示，前景可期。"]],
        [
            [
                ("第三屆灣區論壇", "Event"),
                ("華星科技公司", "Organization"),
                ("董事長", "Role"),
                ("陳大文", "Person"),
            ]
        ],
        simplified,
    )
    assert ("陳大文", "participatedIn", "第三屆灣區論壇") in {f[:3] for f in found}


@SCRIPTS
def test_venue_clause_puts_the_next_subject_at_the_event_just_named(simplified):
    found = triples(
        [
            [
                "第三屆灣區論壇今日開幕。",
                "場內，陳大文表示，前景可期。",
                "場外，李四海表示，交通順暢。",
            ]
        ],
        [[("第三屆灣區論壇", "Event")], [("陳大文", "Person")], [("李四海", "Person")]],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "participatedIn"} == {
        ("陳大文", "participatedIn", "第三屆灣區論壇")
    }


@SCRIPTS
def test_not_being_at_the_event_is_no_participation(simplified):
    found = triples(
        [
            [
                "第三屆灣區大會昨日開幕。",
                "陳大文不在現場，李四海在現場致辭。",
                "王志遠沒在第三屆灣區大會上發言。",
            ]
        ],
        [
            [("第三屆灣區大會", "Event")],
            [("陳大文", "Person"), ("李四海", "Person")],
            [("王志遠", "Person"), ("第三屆灣區大會", "Event")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "participatedIn"} == {
        ("李四海", "participatedIn", "第三屆灣區大會")
    }


@SCRIPTS
def test_event_named_back_by_a_determiner(simplified):
    found = triples(
        [["第三屆灣區論壇昨日開幕。", "陳大文在本屆論壇上發言。", "陳大文在會場外散步。"]],
        [[("第三屆灣區論壇", "Event")], [("陳大文", "Person")], [("陳大文", "Person")]],
        simplified,
    )
    assert {f[:3] for f in found} == {("陳大文", "participatedIn", "第三屆灣區論壇")}


@SCRIPTS
def test_co_organizers_of_an_event_named_before_take_part_but_do_not_cooperate(simplified):
    found = triples(
        [["灣區科技論坛在廣州舉行，由南山區政府和華星集團共同主辦。"]],
        [
            [
                ("灣區科技論坛", "Event"),
                ("廣州", "Place"),
                ("南山區政府", "Organization"),
                ("華星集團", "Organization"),
            ]
        ],
        simplified,
    )
    assert {f[:3] for f in found} == {
        ("灣區科技論坛", "locatedIn", "廣州"),
        ("南山區政府", "participatedIn", "灣區科技論坛"),
        ("華星集團", "participatedIn", "灣區科技論坛"),
    }


@SCRIPTS
def test_pronoun_at_an_event_noun_is_the_paragraph_speaker(simplified):
    found = triples(
        [["第十屆文博會昨日開幕。", "陳大文表示滿意，他在博覽會上還介紹了新品。"]],
        [[("第十屆文博會", "Event", "第十屆文化產業博覽會")], [("陳大文", "Person")]],
        simplified,
    )
    assert ("陳大文", "participatedIn", "第十屆文化產業博覽會") in {f[:3] for f in found}


@SCRIPTS
def test_exhibitors_listed_before_the_verb(simplified):
    found = triples(
        [["第五屆創科博覽會開幕，吸引了華星集團、海通公司等企業參展。"]],
        [
            [
                ("第五屆創科博覽會", "Event"),
                ("華星集團", "Organization"),
                ("海通公司", "Organization"),
            ]
        ],
        simplified,
    )
    assert {f[:3] for f in found} == {
        ("華星集團", "participatedIn", "第五屆創科博覽會"),
        ("海通公司", "participatedIn", "第五屆創科博覽會"),
    }


def test_ceremony_means_the_event_of_the_current_story_only():
    found = triples(
        [
            [
                "第三屆灣區論壇昨日在廣州舉行。",
                "陳大文在開幕式上致辭。",
                "【明報訊】記者報道：另一則消息。",
                "王小明在啟動儀式上表示歡迎。",
            ]
        ],
        [
            [("第三屆灣區論壇", "Event"), ("廣州", "Place")],
            [("陳大文", "Person")],
            [],
            [("王小明", "Person")],
        ],
    )
    assert {f[:3] for f in found if f[1] == "participatedIn"} == {
        ("陳大文", "participatedIn", "第三屆灣區論壇")
    }


def test_place_does_not_participate():
    found = triples(
        [["南山區出席第三屆灣區論壇。"]], [[("南山區", "Place"), ("第三屆灣區論壇", "Event")]]
    )
    assert not [f for f in found if f[1] == "participatedIn"]
