"""``locatedIn``: places in front of names, events held in places, what is built there."""

from __future__ import annotations

from kg.text.normalize import to_simplified

from .cases import SCRIPTS, triples


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
