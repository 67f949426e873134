"""What the entity stage finds and must not find, type by type, on sentences written for these tests, in both scripts."""

from __future__ import annotations

import pytest

from kg.text.normalize import to_simplified

from .cases import both_scripts, found

pytest.importorskip("jieba")


PORTS = [
    ("旅客經福田口岸往返兩地。", {("福田口岸", "Port")}),
    ("旅客經港珠澳大橋珠海口岸出境。", {("港珠澳大橋珠海口岸", "Port")}),  # a city in a longer name
    ("新建的大鵬客運碼頭下月啟用。", {("大鵬客運碼頭", "Port")}),
    ("鹽田港吞吐量再創新高。", {("鹽田港", "Port")}),
    ("村民經沙灣耕作口往返田間。", {("沙灣耕作口", "Port")}),
    ("旅客經北灣管制站過關。", {("北灣管制站", "Port")}),  # Hong Kong's word for a port
    ("香港國際機場客流回升。", {("香港國際機場", "Port")}),
]
PLATFORMS = [
    ("南山智谷產業園吸引多家企業進駐。", {("南山智谷產業園", "Platform")}),
    ("市政府宣布建設光明生物科技城。", {("光明生物科技城", "Platform")}),
    ("兩地共建前海深港現代服務業合作區。", {("前海深港現代服務業合作區", "Platform")}),
    ("打造南灣生態融合區。", {("南灣生態融合區", "Platform")}),
    ("兩地共建「南灣口岸經濟帶」。", {("「南灣口岸經濟帶」", "Platform")}),  # a belt is a zone
    # a verbal noun before a place is a clause's verb, not the start of the name
    ("代表團實地調研前海「灣區匯」雙向總部基地。", {("前海「灣區匯」雙向總部基地", "Platform")}),
    ("北州科學園南灣分園昨日開園。", {("北州科學園南灣分園", "Platform")}),  # a park's branch
    ("開工建設國際協同創新區。", {("國際協同創新區", "Platform")}),  # a zone, not a status
]
ORGANIZATIONS = [
    ("龍崗區政協召開全體會議。", {("龍崗區政協", "Organization")}),
    (
        "南方科技大學與華潤集團簽約。",
        {("南方科技大學", "Organization"), ("華潤集團", "Organization")},
    ),
    ("香港青年創業協會發表聲明。", {("香港青年創業協會", "Organization")}),
    ("南山區發展和改革局發布通知。", {("南山區發展和改革局", "Organization")}),
    ("運輸及物流局局長陳大文表示。", {("運輸及物流局", "Organization"), ("局長", "Role")}),
    ("香港勞工處與企業合作。", {("香港勞工處", "Organization")}),
    ("海信電器發布新品。", {("海信電器", "Organization")}),  # a brand and a company head
    (
        "龍崗區政府與香港特區政府簽約。",
        {("龍崗區政府", "Organization"), ("香港特區政府", "Organization")},
    ),
    # a place before a title that opens with a body's head: the place and head name the body
    (
        "南州市委書記陳大文出席會議。",
        {("南州市委", "Organization"), ("書記", "Role"), ("陳大文", "Person")},
    ),
    ("南州區委書記王志遠表示。", {("南州區委", "Organization"), ("書記", "Role")}),
    (
        "特區政府暨北州科技園有限公司表示。",
        {("特區政府", "Organization"), ("北州科技園有限公司", "Organization")},
    ),
    # a name with its other name in brackets keeps the closing bracket
    (
        "南州市委黨校（社會主義學院）副院長陳大文表示。",
        {("南州市委黨校（社會主義學院）", "Organization")},
    ),
    (
        "南州市委黨校(社會主義學院)副院長陳大文表示。",
        {("南州市委黨校(社會主義學院)", "Organization")},
    ),
    # a body's own short form in brackets is a second mention, not part of the name
    (
        "南州市北灣現代服務業合作區管理局（北灣管理局）局長陳大文表示。",
        {("南州市北灣現代服務業合作區管理局", "Organization"), ("北灣管理局", "Organization")},
    ),
    ("北州海關在南灣口岸推出新模式。", {("北州海關", "Organization"), ("南灣口岸", "Port")}),
    # a bank's branch is named by the bank, the place and 分行 or 支行
    ("作為首批銀行，華興銀行南州市分行率先落地業務。", {("華興銀行南州市分行", "Organization")}),
    ("華興銀行東門支行開業。", {("華興銀行東門支行", "Organization")}),
    (
        "由原珠海市規劃國土委牽頭開展研究。",
        {("珠海市規劃國土委", "Organization")},
    ),  # 委 of a commission
    # 會同 (together with) opens no name
    ("目前正在會同南灣區政府進一步優化方案。", {("南灣區政府", "Organization")}),
]
FOUNDED_BODIES = [  # the subject of a founding verb that ends its clause is one name, whole
    (
        "會上，海洋生物、深海探測與極地觀測設施用戶委員會成立。",
        {("海洋生物、深海探測與極地觀測設施用戶委員會", "Organization")},
    ),
    (
        "北方高校技術轉移中心（華南）智能裝備南州分中心揭牌。",
        {("北方高校技術轉移中心（華南）智能裝備南州分中心", "Organization")},
    ),
]
SHORT_FORMS = [  # a quoted short form in brackets takes the type of the name before it
    (
        "珠江國際設計大賽（簡稱「珠設賽」）昨日開幕。",
        {("珠江國際設計大賽", "Event"), ("「珠設賽」", "Event")},
    ),
    ("澳門青年企業家協會（以下簡稱「青企協」）成立。", {("「青企協」", "Organization")}),
]
EVENTS = [
    ("第三屆深港青年論壇昨日閉幕。", {("第三屆深港青年論壇", "Event")}),
    ("第二屆深港科技創新論壇在南山舉行。", {("第二屆深港科技創新論壇", "Event")}),
    ("深圳市第九屆人民代表大會第二次會議開幕。", {("深圳市第九屆人民代表大會第二次會議", "Event")}),
    (
        "首屆國際智能裝備與材料科技博覽會昨日開幕。",  # two fields joined by 與
        {("首屆國際智能裝備與材料科技博覽會", "Event")},
    ),
    ("第25屆國際農業展在南州舉行。", {("第25屆國際農業展", "Event")}),  # an edition names it
    # a quote typed by the head after it may be as long as a document title
    (
        "「2030年海峽兩岸暨港澳、南洋華文青年媒體北州行」活動昨日啟動。",
        {("「2030年海峽兩岸暨港澳、南洋華文青年媒體北州行」活動", "Event")},
    ),
    # a sitting of a session names the session
    ("在南州市五屆人大三次會議第二次全體會議上，代表發言。", {("南州市五屆人大三次會議", "Event")}),
    ("南州市政協六屆二次會議閉幕會昨日舉行。", {("南州市政協六屆二次會議", "Event")}),
    # a meeting held within a session, named after it, titles of its members included
    (
        "南州市政協五屆二次會議青年委員座談會昨日舉行。",
        {("南州市政協五屆二次會議青年委員座談會", "Event")},
    ),
    ("第三屆灣區青年創業推介會在南灣舉行。", {("第三屆灣區青年創業推介會", "Event")}),
    ("北州科技局舉行北州人才政策說明會。", {("北州人才政策說明會", "Event")}),
    # a year in Chinese numerals, as Hong Kong's government writes it, opens the name
    ("兩位司長共同主持二○二三年北州合作會議。", {("二○二三年北州合作會議", "Event")}),
    ("兩位司長共同主持二〇三〇年北州合作會議。", {("二〇三〇年北州合作會議", "Event")}),
    # a reform and a verb are coordinated inside a meeting's name (改革創新)
    (
        "北州市口岸辦召開北州口岸通關改革創新研討會新聞通氣會。",
        {("北州口岸通關改革創新研討會新聞通氣會", "Event")},
    ),
    # a quoted name counted in editions or sittings, the edition included
    (
        "由南州市政協舉辦的2022年第五場「委員議事廳」邀請六位委員。",
        {("2022年第五場「委員議事廳」", "Event")},
    ),
    ("第三屆「灣區杯」昨日開幕。", {("第三屆「灣區杯」", "Event")}),
    # a quoted event name with its theme after a dash
    (
        "兩地合辦「北州南灣經貿交流會——綠色金融專題」。",
        {("「北州南灣經貿交流會——綠色金融專題」", "Event")},
    ),
]
INITIATIVES = [
    # a subject, its verb and its object: two names where the whole is no name
    (
        "兩地在南州園區試行專屬跨境政策措施。",
        {("南州園區", "Platform"), ("專屬跨境政策措施", "Initiative")},
    ),
    # an issuer and its verb are not part of the document's name
    ("前海印發南灣青年創業扶持計劃。", {("南灣青年創業扶持計劃", "Initiative")}),
    ("特首發表2030年施政報告。", {("2030年施政報告", "Initiative")}),  # one of a named series
    ("政府推出「灣區快線」計劃。", {("「灣區快線」計劃", "Initiative")}),
    (
        "當局公布《南山區支持青年創業若干措施》。",
        {("《南山區支持青年創業若干措施》", "Initiative")},
    ),
    ("兩地推進「港貨直通」，惠及市民。", {("「港貨直通」", "Initiative")}),
    (
        "立法會審議《2030年印花稅（修訂）條例草案》。",
        {("《2030年印花稅（修訂）條例草案》", "Initiative")},
    ),
    (
        "市政府印發《關於進一步支持香港青年在南山區創新創業和就業的若干措施》。",
        {("《關於進一步支持香港青年在南山區創新創業和就業的若干措施》", "Initiative")},
    ),
    ("推動建立深港人才培訓聯動機制。", {("深港人才培訓聯動機制", "Initiative")}),
    ("構建「一核兩翼四組團」發展格局。", {("「一核兩翼四組團」", "Initiative")}),  # a numbered plan
    ("南沙人才計劃吸引青年落戶。", {("南沙人才計劃", "Initiative")}),  # not an abstract head
    ("建立珠澳旅遊合作機制。", {("珠澳旅遊合作機制", "Initiative")}),
    ("加快推進國際人才通關便利化改革。", {("國際人才通關便利化改革", "Initiative")}),
    # a proposal named by its subject, without the verbs that open it
    (
        "委員分享了關於加快推動南州與北州規則銜接一體化的提案。",
        {("南州與北州規則銜接一體化", "Initiative")},
    ),
    (
        "她提出了關於「銀齡學堂」社區共學模式的三點建議。",
        {("「銀齡學堂」社區共學模式", "Initiative")},
    ),
]
PEOPLE = [
    ("南山區區長陳大文表示，今年將加快發展。", {("陳大文", "Person"), ("區長", "Role")}),
    ("大灣報記者 王小明深圳報道", {("王小明", "Person"), ("記者", "Role")}),
    ("記者林小青、蔡大成報道：會議開幕。", {("林小青", "Person"), ("蔡大成", "Person")}),
    ("大灣報記者黃美攝", {("黃美", "Person")}),
    (
        "華潤集團董事長 何志強",
        {("何志強", "Person"), ("董事長", "Role"), ("華潤集團", "Organization")},
    ),
    ("，張曉東特首在會上說", {("張曉東", "Person"), ("特首", "Role")}),
    ("梁文華表示，計劃很好。", {("梁文華", "Person")}),
    ("台灣青年吳思遠在參訪時說。", {("吳思遠", "Person")}),
    ("「館長」鄭大明此前到訪。", {("鄭大明", "Person")}),
    # a dispatch's reporters in brackets after its dateline
    (
        "南州3月2日電 (陳大文 李四海)兩地合作論壇今日開幕。",
        {("陳大文", "Person"), ("李四海", "Person")},
    ),
    # the field of a title in brackets before the name; 分別 after a name
    (
        "助理署長(業務發展)陳大文和副局長李四海分別致辭。",
        {("陳大文", "Person"), ("李四海", "Person")},
    ),
    ("大灣報訊 記者孔令文報道", {("孔令文", "Person"), ("大灣報", "Organization")}),
    (
        "南山區政協委員、飛鷹協會會長陳大文發言。",
        {("南山區政協", "Organization"), ("委員", "Role"), ("會長", "Role"), ("陳大文", "Person")},
    ),
    # between list punctuation and a title the whole run is the body's name (新, 現代 open none)
    (
        "南州市人大代表、新現代物流集團董事長陳大文表示。",
        {("新現代物流集團", "Organization"), ("董事長", "Role"), ("陳大文", "Person")},
    ),
    # the national bodies are a closed class; 肖, 韋 are family names of their own
    (
        "港區全國政協委員肖志明表示。",
        {("全國政協", "Organization"), ("委員", "Role"), ("肖志明", "Person")},
    ),
    (
        "全國人大代表韋大同建議。",
        {("全國人大", "Organization"), ("代表", "Role"), ("韋大同", "Person")},
    ),
    ("物流小組召集人付小平發言。", {("召集人", "Role"), ("付小平", "Person")}),
    # a name ends where a verb begins, cue or not (提及, though 及 could also follow a name)
    ("研究總監石舟提及兩地合作。", {("研究總監", "Role"), ("石舟", "Person")}),
    ("主席何潔參加座談。", {("主席", "Role"), ("何潔", "Person")}),
]
BODY_SHORT_NAMES = [  # a short name in 會 right before a title and a person is a body
    ("昨日，青企會會長陳大文致辭。", {("青企會", "Organization"), ("陳大文", "Person")}),
]
PLATFORMS_AFTER_A_BREAK = [  # a head word after list punctuation modifies the next name
    ("建設濱海旅遊帶、口岸商務發展帶和創新走廊。", {("口岸商務發展帶", "Platform")}),
]
LISTS = [
    (
        "市內有海騰、光啟、智創這樣的企業。",
        {("海騰", "Organization"), ("光啟", "Organization"), ("智創", "Organization")},
    ),
    ("展會包括飛鷹科技等十家企業。", {("飛鷹科技", "Organization")}),
    ("南風、北辰兩家本地龍頭企業增長最快。", {("南風", "Organization"), ("北辰", "Organization")}),
    (
        "獲獎單位包括東江科技有限公司、三水大學、嶺南理工大學等。",
        {("三水大學", "Organization"), ("嶺南理工大學", "Organization")},
    ),
    (
        "加快推動「綠色通道」審批、聯合查驗互認等政策落地。",
        {("「綠色通道」審批", "Initiative"), ("聯合查驗互認", "Initiative")},
    ),
    # a second list in the same frame, closed by something else, holds the same class
    (
        "市內有華為、騰訊這樣的企業做研發，更有比亞迪、富士康這樣大規模的應用場景。",
        {("比亞迪", "Organization"), ("富士康", "Organization")},
    ),
]
PLACES = [
    (
        "香港與深圳加強合作，惠及粵港澳大灣區。",
        {("香港", "Place"), ("深圳", "Place"), ("粵港澳大灣區", "Place")},
    ),
    ("旅客可在羅湖區購物。", {("羅湖區", "Place")}),
    ("推動珠海對接融合橫琴粵澳深度合作區。", {("珠海", "Place")}),
    ("地鐵8號線經鹽田片區延至大梅沙。", {("鹽田片區", "Place")}),  # 經 is "via"
    (
        "聯動開發過境土地B2地塊和橋畔地塊。",  # joined by 和 to a name with the same head
        {("過境土地B2地塊", "Place"), ("橋畔地塊", "Place")},
    ),
    ("來自東南亞地區的記者到訪。", {("東南亞", "Place")}),  # the tagger glued 地區 to it
    # Hong Kong's districts and new towns by the boundary, and a district's short form
    ("北區的粉嶺和上水將發展為新市鎮。", {("北區", "Place"), ("粉嶺", "Place"), ("上水", "Place")}),
    ("福田的河套地區與香港一河之隔。", {("福田", "Place")}),
]


@pytest.mark.parametrize("text,expected", both_scripts(PORTS))
def test_ports(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize(
    "text",
    ["新口岸將作為兩地共同開發口岸。", "將建成24小時通關陸路口岸。", "拓展珠海口岸工作新思路。"],
)  # a city's ports together
def test_a_kind_of_port_described_by_a_verb_is_no_port(nlp, text):
    for surface in (text, to_simplified(text)):
        assert not {name for name, label in found(nlp, surface) if label == "Port"}


@pytest.mark.parametrize("text,expected", both_scripts(PLATFORMS))
def test_platforms(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(ORGANIZATIONS))
def test_organizations(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(FOUNDED_BODIES))
def test_a_founded_body_is_named_by_its_whole_clause(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(EVENTS))
def test_events(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "南州市政協五屆二次會議青年委員座談會昨日舉行。",
        "兩地合辦「北州南灣經貿交流會——綠色金融專題」。",
    ],
)
def test_an_event_inside_a_longer_event_name_is_not_an_event_of_its_own(nlp, text):
    for surface in (text, to_simplified(text)):
        events = {name for name, label in found(nlp, surface) if label == "Event"}
        assert len(events) == 1, events


def test_a_title_opening_with_a_body_head_stays_whole_without_a_place_before_it(nlp):
    for text in ("市委書記陳大文出席會議。", "市委书记陈大文出席会议。"):
        assert {label for name, label in found(nlp, text) if name in ("市委書記", "市委书记")} == {
            "Role"
        }
    assert ("市委書記", "Role") not in found(nlp, "南州市委書記陳大文出席會議。")


def test_a_phase_before_a_quoted_programme_makes_no_event(nlp):
    for text in ("第二期「灣區快線」開通。", "第二期「湾区快线」开通。"):
        assert not {name for name, label in found(nlp, text) if label == "Event"}


@pytest.mark.parametrize("text", ["深圳園區試行專屬跨境政策措施。", "南灣合作區推進跨境通關計劃。"])
def test_a_head_then_a_verb_is_a_subject_and_its_predicate_not_a_name(nlp, text):
    for surface in (text, to_simplified(text)):
        verb = to_simplified(text)[text.index("區") + 1 : text.index("區") + 3]
        assert not [name for name, _ in found(nlp, surface) if verb in to_simplified(name)]


def test_an_aside_and_a_person_joined_to_a_body_are_no_part_of_its_name(nlp):
    text = "助理署長(業務發展)陳大文和南州市商務局副局長李四海出席。"
    for surface in (text, to_simplified(text)):
        bodies = [name for name, label in found(nlp, surface) if label == "Organization"]
        assert not [
            b
            for b in bodies
            if b[0] in "(（"
            or to_simplified(b).startswith("陈大文")
            or "陳大文" in b
            or "陈大文" in b
        ]


def test_kinds_of_capital_listed_before_a_class_noun_are_no_bodies(nlp):
    for text in ("鼓勵區內的中資、港資等企業聘用港人。", "鼓励区内的中资、港资等企业聘用港人。"):
        assert not {name for name, label in found(nlp, text) if label == "Organization"}
    assert ("華星", "Organization") in found(nlp, "鼓勵華星、北辰等企業聘用港人。")


def test_a_meeting_without_a_name_is_no_event(nlp):
    for text in ("南山區召開青年創業者座談會。", "南山区召开青年创业者座谈会。"):
        assert not {name for name, label in found(nlp, text) if label == "Event"}


@pytest.mark.parametrize("text,expected", both_scripts(INITIATIVES))
def test_initiatives(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(PEOPLE))
def test_people_and_roles(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(PLATFORMS_AFTER_A_BREAK))
def test_a_head_word_after_a_break_opens_a_name(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(BODY_SHORT_NAMES))
def test_a_short_body_name_before_a_title(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(SHORT_FORMS))
def test_a_short_form_takes_the_type_of_its_name(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(LISTS))
def test_enumerations_closed_by_a_class_noun(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text,expected", both_scripts(PLACES))
def test_places(nlp, text, expected):
    assert expected <= found(nlp, text)


NOT_ENTITIES = [
    ("兩地企業與政府共同努力。", {"兩地", "企業", "政府"}),
    ("委員們認為本市發展很快。", {"委員們", "本市"}),
    ("港人北上消費，上市公司增加。", {"港人", "上市公司"}),
    ("深圳連續三年實現「雙第一」。", {"「雙第一」"}),
    ("這是「拳頭」產業。", {"「拳頭」"}),
    ("展出「新奇特」產品，引來市民。", {"「新奇特」"}),  # a coined word tagged as a person's name
    ("建立聯動機制。", {"聯動機制"}),
    ("產業園吸引多家企業進駐。", {"產業園吸引", "產業園"}),  # a vague count closes no list
    ("市場推出食品展、禮品展。", {"食品展", "禮品展"}),  # one plain word before a head
    ("國際農業展在南州舉行。", {"國際農業展"}),  # no edition, no proper word
    ("遊客遊廣州時表示滿意。", {"遊廣州"}),  # a trip is not a name
    ("從「物理通道」變為「消費目的地」。", {"「物理通道」", "「消費目的地」"}),
    ("她最愛的小說是《海上花開》。", {"《海上花開》"}),  # a book, not a document
    ("王先生表示滿意，周末說不錯。", {"王先生", "周末"}),
    ("由南華集團承建。", {"由南華集團"}),
    ("廣州調解機制運作良好。", {"廣州調解機制"}),  # a place's practice
    ("珠海合作模式值得推廣。", {"珠海合作模式"}),
    ("今年建成8個社區康復中心。", {"社區康復中心"}),  # a count makes a class
    ("他在一家無人機公司任職。", {"一家無人機公司", "無人機公司"}),
    ("新增青年創業基地12個。", {"青年創業基地"}),
    ("落實稅收、土地等政策。", {"稅收", "土地", "落實稅收"}),
    ("市內有華為這樣的企業，也有人才、資金這樣的要素。", {"人才", "資金"}),  # not brand-like
    ("，口岸建設加快推進。", {"口岸建設"}),  # no head after it: no name
    ("聯動南州激活口岸經濟。", {"南州激活口岸"}),  # an adjective predicates
    ("匯總財政、統計等部門的企業數據。", {"財政", "統計"}),  # 的: 企業 is no class of theirs
    ("建設廉潔高效的服務型政府。", {"服務型政府"}),  # a kind of body
    ("實現橫琴兩地園區互聯互通。", {"橫琴兩地園區"}),  # a place and a generic word
    ("聯誼會會長一職空缺。", {"聯誼會"}),  # no person: no body named
    ("引進高水平大學和一流醫院。", {"高水平大學", "一流醫院"}),
    ("吸引外商設立旅行社、獨資醫院。", {"獨資醫院"}),  # a form of ownership
    ("推動珠海對接融合橫琴粵澳深度合作區。", {"珠海對接融合橫琴粵澳深度合作區"}),
    (
        "他分享了關於加強調解隊伍建設、借鑒外地經驗的建議。",  # two proposals, no one name
        {"調解隊伍建設、借鑒外地經驗", "加強調解隊伍建設、借鑒外地經驗"},
    ),
    ("今年將全面深化改革。", {"深化改革", "全面深化改革"}),  # a verb and its head
    (
        "華信管理諮詢政府與公共事務部主管表示。",
        {"華信管理諮詢政府"},
    ),  # a practice, no place governed
    ("聚焦智能產品與智能家居，發展數字經濟。", {"智能家居", "數字經濟"}),  # fields, not names
    (
        "以「灣區新質 羊城新彩」為主題，圍繞「活力、科創、穿越」三大板塊。",  # a theme, sections
        {"「灣區新質 羊城新彩」", "「活力、科創、穿越」"},
    ),
    ("深圳電器市場火熱，家用電器銷量增長。", {"深圳電器", "家用電器"}),  # no brand before it
    ("將“智醫助手”接入基層社康。", {"“智醫助手”接入基層社", "基層社"}),  # a verb opens a clause
    ("他分享了關於加強建設的建議。", {"建設", "加強建設"}),
    ("南州開展青年交流計劃。", {"南州開展青年交流計劃"}),  # a verb that opens its object
    ("兩校共同籌劃交流計劃。", {"籌劃交流計劃"}),  # after an adverb: a predicate
    ("兩地攜手崿F(xiàn)服務模式升級。", {"F(xiàn)服務模式"}),
    ("深圳、香港兩地商會成立。", {"深圳、香港兩地商會"}),  # a list of places founds no one body
    (
        "會上，南州國際科技協會、北州海洋產業聯合會成立。",  # nor does a list of bodies
        {"南州國際科技協會、北州海洋產業聯合會"},
    ),
    (
        "建設省級重點實驗室，爭創海洋經濟國家級製造業創新中心。",  # a rank names a class
        {"省級重點實驗室", "海洋經濟國家級製造業創新中心"},
    ),
    (
        "作為首批試點銀行，該行在內地成立全資附屬銀行。",  # a standing names a class
        {"試點銀行", "首批試點銀行", "全資附屬銀行"},
    ),
    ("把北州打造成國際科技創新中心。", {"國際科技創新中心"}),  # a status to reach
    ("推動深港共同開發口岸經濟帶。", {"深港共同開發口岸經濟帶", "共同開發口岸經濟帶"}),  # an action
    ("黨委辦公室主任陳大文表示。", {"黨委辦公室"}),  # whose party committee?
    (
        "北州發布引領區2030年行動方案。",  # a year alone names no plan
        {"北州發布引領區2030年行動方案", "2030年行動方案"},
    ),
    (
        "華星作為一家人形機器人公司，發展迅速。",  # counted: nothing inside names
        {"機器人公司", "人形機器人公司", "一家人形機器人公司"},
    ),  # a pinyin gloss of mojibake names nothing      # nothing left after the verbs  # a clause                 # one word names no policy
]


@pytest.mark.parametrize(
    "text,generic",
    NOT_ENTITIES
    + [(to_simplified(text), {to_simplified(w) for w in words}) for text, words in NOT_ENTITIES],
)
def test_generic_words_are_not_entities(nlp, text, generic):
    assert not {surface for surface, _ in found(nlp, text)} & generic


@pytest.mark.parametrize(
    "text,unwanted",
    [
        ("市長陳大文表示。", ("市長陳大文", "Person")),  # a title is not part of a name
        ("深圳市政協召開會議。", ("深圳", "Place")),  # a place inside a body's name
        ("深圳市政協召開會議。", ("深圳市", "Place")),
        ("港區深圳市政協委員發言。", ("港區深圳市政協", "Organization")),
        ("方舟接受大灣報採訪。", ("方舟接受大灣報", "Organization")),
        ("羅湖區政協委員發言。", ("羅湖區", "Person")),
        ("用好北州合作會議的平台機制。", ("好北州合作會議", "Event")),  # 好 completes the verb 用
        ("用好北州合作会议的平台机制。", ("好北州合作会议", "Event")),
    ],
)
def test_nested_and_titled_forms_are_not_mentions(nlp, text, unwanted):
    assert unwanted not in found(nlp, text)
