"""Relation rules on invented sentences, in Traditional and (folded) Simplified script.

Each case builds a Document, Mentions and a Resolution by hand with ``make``: paragraphs are
lists of sentences, mentions are (surface, label) or (surface, label, canonical name) and are
found left to right in each sentence.
"""

from __future__ import annotations

import pytest

from kg.errors import PatternError
from kg.records import Document, Entity, Mention, Resolution, Sentence
from kg.relations import extract_relations, load_cues, parse_cues
from kg.text.normalize import to_simplified

CUE_FILES = [
    "proposed",
    "affiliated",
    "located",
    "partof",
    "concerns",
    "cooperates",
    "participated",
    "continuation",
    "abbreviations",
]


def make(paragraphs, spans, simplified=False):
    """Document, mentions and resolution from paragraphs of sentences and per-sentence spans.

    ``spans[i]`` lists the mentions of sentence ``i`` (counting across paragraphs).
    """
    conv = to_simplified if simplified else (lambda x: x)
    sentences, mentions, entities, entity_of = [], [], {}, {}
    text, index = "", 0
    for p, paragraph in enumerate(paragraphs):
        if text:
            text += "\n\n"
        for raw in paragraph:
            sent_text = conv(raw)
            start = len(text)
            text += sent_text
            sentences.append(
                Sentence(
                    "doc", index, p, start, len(text), sent_text, tuple(range(start, len(text)))
                )
            )
            cursor = 0
            for span in spans[index]:
                surface, label = conv(span[0]), span[1]
                name = conv(span[2]) if len(span) > 2 else surface
                at = sent_text.index(surface, cursor)
                cursor = at + len(surface)
                m = Mention("doc", index, at, cursor, surface, label, "test")
                mentions.append(m)
                if label != "Role":
                    key = f"{label}/{name}"
                    old = entities.get(key)
                    aliases = tuple(sorted({*(old[1] if old else ()), surface} - {name}))
                    entities[key] = (label, aliases, name)
                    entity_of[m] = key
            index += 1
    resolution = Resolution(
        tuple(
            Entity(k, lab, name, "zh-Hans" if simplified else "zh-Hant", al)
            for k, (lab, al, name) in entities.items()
        ),
        entity_of,
    )
    doc = Document(
        "doc",
        "doc.txt",
        text,
        None,
        "zh-Hans" if simplified else "zh-Hant",
        "",
        "utf-8",
        tuple(sentences),
    )
    return doc, mentions, resolution


def triples(paragraphs, spans, simplified=False):
    """(subject name, predicate, object name, role) of every relation found."""
    doc, mentions, res = make(paragraphs, spans, simplified)
    conv = to_simplified if simplified else (lambda x: x)
    back = {conv(e.name): e.name for e in res.entities}
    return {
        (
            _orig(res, r.subject, back, paragraphs, spans),
            r.predicate,
            _orig(res, r.object, back, paragraphs, spans),
            r.role,
        )
        for r in extract_relations(doc, mentions, res)
    }


def _orig(res, key, back, paragraphs, spans):
    """Name of an entity in the Traditional form used to write the case."""
    name = res.entity(key).name
    for sentence_spans in spans:
        for span in sentence_spans:
            written = span[2] if len(span) > 2 else span[0]
            if to_simplified(written) == name or written == name:
                return written
    return back.get(name, name)


SCRIPTS = pytest.mark.parametrize("simplified", [False, True], ids=["hant", "hans"])


def rel(s, p, o, role=None):
    return (s, p, o, role)


# ----------------------------------------------------------------------------- affiliatedWith


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


# ----------------------------------------------------------------------------- proposed


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


# ----------------------------------------------------------------------------- locatedIn


@SCRIPTS
def test_district_holding_a_list_of_ports(simplified):
    found = triples(
        [["鹽田區坐擁沙頭角口岸、大鵬口岸兩大口岸。"]],
        [[("鹽田區", "Place"), ("沙頭角口岸", "Port"), ("大鵬口岸", "Port")]],
        simplified,
    )
    assert {f[:3] for f in found} >= {
        ("沙頭角口岸", "locatedIn", "鹽田區"),
        ("大鵬口岸", "locatedIn", "鹽田區"),
    }


@SCRIPTS
def test_elliptic_list_of_ports_sharing_one_class_noun(simplified):
    found = triples(
        [["沙頭角口岸和大鵬口岸人流增加。", "鹽田區坐擁沙頭角、大鵬兩大口岸。"]],
        [[("沙頭角口岸", "Port"), ("大鵬口岸", "Port")], [("鹽田區", "Place")]],
        simplified,
    )
    assert {f[:3] for f in found} == {
        ("沙頭角口岸", "locatedIn", "鹽田區"),
        ("大鵬口岸", "locatedIn", "鹽田區"),
    }


@SCRIPTS
def test_event_held_in_places(simplified):
    found = triples(
        [["第三屆灣區論壇昨日在廣州、佛山同步舉行。"]],
        [[("第三屆灣區論壇", "Event"), ("廣州", "Place"), ("佛山", "Place")]],
        simplified,
    )
    assert {f[:3] for f in found} == {
        ("第三屆灣區論壇", "locatedIn", "廣州"),
        ("第三屆灣區論壇", "locatedIn", "佛山"),
    }


@SCRIPTS
def test_a_title_after_a_bodys_bracketed_short_form_keeps_the_chain(simplified):
    found = triples(
        [["南州市政協委員、南州市北灣管理局（北灣局）局長陳大文出席。"]],
        [
            [
                ("南州市政協", "Organization"),
                ("南州市北灣管理局", "Organization"),
                ("北灣局", "Organization", "南州市北灣管理局"),
                ("陳大文", "Person"),
            ]
        ],
        simplified,
    )
    affiliations = {(f[2], to_simplified(f[3])) for f in found if f[1] == "affiliatedWith"}
    assert affiliations == {("南州市政協", "委员"), ("南州市北灣管理局", "局长")}


@SCRIPTS
def test_an_event_chaired_jointly_in_a_place_lies_there(simplified):
    found = triples(
        [["陳大文與王小明在南州共同主持二○三○年兩地合作會議。"]],
        [
            [
                ("陳大文", "Person"),
                ("王小明", "Person"),
                ("南州", "Place"),
                ("二○三○年兩地合作會議", "Event"),
            ]
        ],
        simplified,
    )
    assert ("二○三○年兩地合作會議", "locatedIn", "南州") in {f[:3] for f in found}
    assert {f[0] for f in found if f[1] == "participatedIn"} == {"陳大文", "王小明"}


@SCRIPTS
def test_what_is_built_on_or_in_a_place_lies_there(simplified):
    found = triples(
        [
            [
                "依託南沙灣地塊，聯動澳門科研資源，建設穗澳中醫藥產業園。",
                "廣州將在黃埔高水平建設灣區創新港、琶洲數字港。",
            ]
        ],
        [
            [("南沙灣地塊", "Place"), ("澳門", "Place"), ("穗澳中醫藥產業園", "Platform")],
            [
                ("廣州", "Place"),
                ("黃埔", "Place"),
                ("灣區創新港", "Platform"),
                ("琶洲數字港", "Platform"),
            ],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "locatedIn"} == {
        ("穗澳中醫藥產業園", "locatedIn", "南沙灣地塊"),
        ("灣區創新港", "locatedIn", "黃埔"),
        ("琶洲數字港", "locatedIn", "黃埔"),
    }


def test_a_place_that_is_only_a_resource_is_no_site():
    found = triples(
        [["依託澳門的金融優勢，建設穗澳中醫藥產業園。", "廣州將在澳門與珠海之間建設灣區創新港。"]],
        [
            [("澳門", "Place"), ("穗澳中醫藥產業園", "Platform")],
            [("廣州", "Place"), ("澳門", "Place"), ("珠海", "Place"), ("灣區創新港", "Platform")],
        ],
    )
    assert not [f for f in found if f[1] == "locatedIn"]


@SCRIPTS
def test_event_dated_and_named_after_a_place_is_held_there(simplified):
    found = triples(
        [["2027年佛山國際陶瓷博覽會與第五屆佛山創新大賽昨日開幕。", "佛山市民踴躍參觀。"]],
        [
            [("2027年佛山國際陶瓷博覽會", "Event"), ("第五屆佛山創新大賽", "Event")],
            [("佛山", "Place")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "locatedIn"} == {
        ("2027年佛山國際陶瓷博覽會", "locatedIn", "佛山")
    }


@SCRIPTS
def test_fronted_description_as_part_of_a_place_locates_the_next_subject(simplified):
    found = triples(
        [["作為佛山南部的門戶，順德片區背靠西江。", "作為佛山的合作夥伴，香港積極參與。"]],
        [
            [("佛山", "Place"), ("順德片區", "Place"), ("西江", "Place")],
            [("佛山", "Place"), ("香港", "Place")],
        ],
        simplified,
    )
    assert {f[:3] for f in found if f[1] == "locatedIn"} == {("順德片區", "locatedIn", "佛山")}


@SCRIPTS
def test_place_prefixing_a_platform_and_located_cue(simplified):
    found = triples(
        [["深圳前海吸引港企落戶。", "光明科學城位於深圳。"]],
        [
            [("深圳", "Place"), ("前海", "Platform")],
            [("光明科學城", "Platform"), ("深圳", "Place")],
        ],
        simplified,
    )
    assert {f[:3] for f in found} >= {
        ("前海", "locatedIn", "深圳"),
        ("光明科學城", "locatedIn", "深圳"),
    }


@SCRIPTS
def test_described_as_a_street_of_a_place(simplified):
    found = triples(
        [["東門老街是港人熟悉的深圳商業街。", "深圳是香港的重要夥伴。"]],
        [[("東門老街", "Place"), ("深圳", "Place")], [("深圳", "Place"), ("香港", "Place")]],
        simplified,
    )
    assert {f[:3] for f in found} == {("東門老街", "locatedIn", "深圳")}


@SCRIPTS
def test_place_written_before_a_place_inside_one_mention(simplified):
    found = triples(
        [["香港和深圳風景優美。", "香港紅花嶺郊野公園將開放。", "深圳灣公園遊人如織。"]],
        [
            [("香港", "Place"), ("深圳", "Place")],
            [("香港紅花嶺", "Place")],
            [("深圳灣公園", "Place")],
        ],
        simplified,
    )
    assert {f[:3] for f in found} == {("香港紅花嶺", "locatedIn", "香港")}


def test_locatedin_needs_a_place_as_object():
    found = triples(
        [["灣區論壇位於華星科技公司。"]],
        [[("灣區論壇", "Event"), ("華星科技公司", "Organization")]],
    )
    assert not found


# ----------------------------------------------------------------------------- partOf


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


# ----------------------------------------------------------------------------- concerns


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


# ----------------------------------------------------------------------------- cooperatesWith


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
    found = [r for r in extract_relations(doc, mentions, res) if r.predicate == "cooperatesWith"]
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


# ----------------------------------------------------------------------------- participatedIn


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


# ----------------------------------------------------------------------------- records


def test_evidence_offsets_point_into_the_document():
    doc, mentions, res = make(
        [["序言。"], ["陳大文建議推出「灣區快線」計劃，方便通勤。"]],
        [[], [("陳大文", "Person"), ("「灣區快線」計劃", "Initiative")]],
    )
    (r,) = extract_relations(doc, mentions, res)
    assert doc.text[r.start : r.end] == r.evidence
    assert (
        r.evidence.startswith("陳大文建議") and r.sentence == 1 and r.source.startswith("proposed")
    )
    assert 0 < r.confidence <= 1


def test_same_triple_twice_is_kept_once_and_output_is_deterministic():
    args = make(
        [["陳大文建議推出「灣區快線」計劃。", "陳大文還提出「灣區快線」計劃。"]],
        [
            [("陳大文", "Person"), ("「灣區快線」計劃", "Initiative")],
            [("陳大文", "Person"), ("「灣區快線」計劃", "Initiative")],
        ],
    )
    first = extract_relations(*args)
    assert len(first) == 1 and first == extract_relations(*args)


def test_no_self_relations():
    found = triples(
        [["香港與香港特區深化合作。"]], [[("香港", "Place"), ("香港特區", "Place", "香港")]]
    )
    assert not found


# ----------------------------------------------------------------------------- cue files


@pytest.mark.parametrize("name", CUE_FILES)
def test_every_cue_file_loads_in_simplified(name):
    cues = load_cues(name)
    assert cues and all(c.text == to_simplified(c.text) and 0 < c.weight <= 1 for c in cues)


@pytest.mark.parametrize(
    "raw,message",
    [
        ("提出\tverb\t0.9\n建議\tverb\n", "x.tsv:2: expected 3 tab-separated fields"),
        ("提出\tverb\tlots\n", "x.tsv:1: weight 'lots' is not a number"),
        ("提出\tverb\t1.5\n", "x.tsv:1: weight 1.5 outside (0, 1]"),
        ("# comment\n提出\tnoun\t0.5\n", "x.tsv:2: unknown kind 'noun'"),
        ("提出\tverb\t0.5\n提出\tverb\t0.6\n", "x.tsv:2: duplicate cue"),
    ],
)
def test_malformed_cue_lines_name_file_and_line(raw, message):
    with pytest.raises(PatternError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_cues(raw, "x.tsv", {"verb"})


def test_mentions_that_do_not_fit_the_sentence_or_resolution_are_ignored():
    doc, mentions, res = make(
        [["陳大文建議推出「灣區快線」計劃。"]],
        [[("陳大文", "Person"), ("「灣區快線」計劃", "Initiative")]],
    )
    stray = Mention("doc", 0, 5, 99, "x", "Person", "test")
    other = Mention("doc", 7, 0, 2, "陳大", "Person", "test")
    unknown = Mention("doc", 0, 0, 3, "陳大文", "Person", "test2")
    entity_of = dict(res.entity_of) | {
        stray: "Person/陳大文",
        other: "Person/陳大文",
        unknown: "Person/無此人",
    }
    found = extract_relations(
        doc, mentions + [stray, other, unknown], Resolution(res.entities, entity_of)
    )
    assert [(r.predicate, r.object) for r in found] == [("proposed", "Initiative/「灣區快線」計劃")]


def test_cues_of_several_kinds_come_longest_first():
    """``_Sentence.find`` takes the longest cue at a place because cues come in that order."""
    from kg.relations.cues import _cues

    merged = _cues("proposed", "verb", "speech")
    assert [len(c.text) for c in merged] == sorted((len(c.text) for c in merged), reverse=True)
    assert set(merged) == set(_cues("proposed", "verb")) | set(_cues("proposed", "speech"))
    assert {c.kind for c in merged} == {"verb", "speech"}
