"""Entity resolution on small invented corpora: merges, non-merges, determinism, explanations.

Mentions are written inline: ``[text|Label]`` or ``[text|Label|score]`` inside a sentence.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys

import pytest

import kg.resolve as resolve_module
from kg import resources
from kg.errors import PatternError
from kg.records import Document, Mention, Sentence
from kg.resolve import explain_entity, passes, resolve_entities, votes
from kg.text.normalize import detect_script, to_simplified
from tests.conftest import growth

_MARK = re.compile(r"\[([^|\]]+)\|(\w+)(?:\|([\d.]+))?\]")


def make_doc(doc_id: str, *sentences: str):
    """A Document and its Mentions from sentences with inline ``[text|Label]`` marks."""
    records, mentions, text = [], [], ""
    for index, marked in enumerate(sentences):
        plain, cursor = "", 0
        for match in _MARK.finditer(marked):
            plain += marked[cursor : match.start()]
            surface, label, score = match.group(1), match.group(2), match.group(3)
            mentions.append(
                Mention(
                    doc_id,
                    index,
                    len(plain),
                    len(plain) + len(surface),
                    surface,
                    label,
                    "test_ruler",
                    float(score or 1.0),
                )
            )
            plain += surface
            cursor = match.end()
        plain += marked[cursor:]
        records.append(
            Sentence(
                doc_id,
                index,
                0,
                len(text),
                len(text) + len(plain),
                plain,
                tuple(range(len(text), len(text) + len(plain))),
            )
        )
        text += plain
    doc = Document(
        doc_id, f"{doc_id}.txt", text, None, detect_script(text), "", "utf-8", tuple(records)
    )
    return doc, mentions


def resolve(*docs):
    """Resolve several ``make_doc`` results as one corpus."""
    return resolve_entities([d for d, _ in docs], [m for _, ms in docs for m in ms])


def clusters(resolution) -> set[frozenset[str]]:
    """Each entity as the set of its names, the shape the cases below compare."""
    return {frozenset((e.name, *e.aliases)) for e in resolution.entities}


def entity_named(resolution, name):
    found = [e for e in resolution.entities if name == e.name or name in e.aliases]
    assert len(found) == 1, (name, [e.key for e in resolution.entities])
    return found[0]


MERGES = [
    pytest.param(
        [("a", "[西灣科技園|Platform]今日開幕。")],
        [("b", "[西湾科技园|Platform]今日开幕。")],
        {"西灣科技園", "西湾科技园"},
        id="traditional-simplified-across-documents",
    ),
    pytest.param(
        [("a", "[東灣|Platform]發展迅速。", "[東灣數字經濟合作區|Platform]將擴容。")],
        [],
        {"東灣", "東灣數字經濟合作區"},
        id="head-of-platform-name",
    ),
    pytest.param(
        [("a", "[澳門特區議會|Organization]開會。", "[澳門特別行政區議會|Organization]通過。")],
        [],
        {"澳門特區議會", "澳門特別行政區議會"},
        id="special-region-abbreviation",
    ),
    pytest.param(
        [("a", "[南州|Place]推動[南州東灣|Platform]建設，[東灣|Platform]企業增加。")],
        [],
        {"南州東灣", "東灣"},
        id="place-prefixed-form",
    ),
    pytest.param(
        [("a", "[2031年創科峰會|Event]在即。", "[創科峰會|Event]將討論人工智能。")],
        [],
        {"2031年創科峰會", "創科峰會"},
        id="year-prefixed-event",
    ),
    pytest.param(
        [("a", "他建議推出[「橋頭通」機制|Initiative]。", "[橋頭通|Initiative]可便利兩地。")],
        [],
        {"橋頭通", "「橋頭通」機制"},
        id="quoted-name-with-generic-suffix",
    ),
    pytest.param(
        [("a", "[中亞地區|Place]需求大。", "[中亞|Place]市場。")],
        [],
        {"中亞地區", "中亞"},
        id="region-suffix",
    ),
    pytest.param(
        [
            (
                "a",
                "[南州|Place]的[南州市北辰科技股份有限公司|Organization]上市，",
                "[北辰|Organization]表示。",
            )
        ],
        [],
        {"南州市北辰科技股份有限公司", "北辰"},
        id="company-core-name",
    ),
    pytest.param(
        [("a", "[西灣|Port]客流大增。", "[西灣口岸|Port]延長通關時間。")],
        [],
        {"西灣", "西灣口岸"},
        id="port-generic-suffix",
    ),
    pytest.param(
        [("a", "[东湾|Platform]发展迅速。", "[东湾数字经济合作区|Platform]将扩容。")],
        [],
        {"东湾", "东湾数字经济合作区"},
        id="head-rule-in-simplified",
    ),
    pytest.param(
        [
            (
                "a",
                "[第三屆南州灣區青年創業大賽|Event]（簡稱[「南創賽」|Event]）開幕。",
                "[「南創賽」|Event]吸引千人。",
            )
        ],
        [],
        {"第三屆南州灣區青年創業大賽", "「南創賽」"},
        id="introduced-short-form",
    ),
    pytest.param(
        [
            (
                "a",
                "[南州市北灣現代服務業合作區管理局|Organization]（[北灣管理局|Organization]）局長表示。",
                "[北灣管理局|Organization]稱。",
            )
        ],
        [],
        {"南州市北灣現代服務業合作區管理局", "北灣管理局"},
        id="bracketed-contraction",
    ),
    pytest.param(
        [("a", "[“北辰3號”智能製造中心|Platform]開工。", "[「北辰3號」|Initiative]落成後。")],
        [],
        {"“北辰3號”智能製造中心", "「北辰3號」"},
        id="quoted-part-takes-the-full-type",
    ),
    pytest.param(
        [("a", "[“北辰3號”智能製造中心|Platform]開工。"), ("b", "[「北辰3號」|Initiative]落成。")],
        [],
        {"“北辰3號”智能製造中心", "「北辰3號」"},
        id="quoted-part-across-documents",
    ),
    pytest.param(
        [("a", "[南州|Place]的[南州市九屆人大三次會議|Event]開幕，", "[南州人大會議|Event]上。")],
        [],
        {"南州市九屆人大三次會議", "南州人大會議"},
        id="ordinals-and-admin-word-dropped",
    ),
    pytest.param(
        [("a", "[西嶺國家實驗室|Organization]成立。"), ("b", "[西嶺實驗室|Organization]發布。")],
        [],
        {"西嶺國家實驗室", "西嶺實驗室"},
        id="national-dropped-across-documents",
    ),
    pytest.param(
        [
            (
                "a",
                "[南州青年創業孵化培育聯動機制|Initiative]建立，",
                "[南州青年創業孵化聯動機制|Initiative]運行。",
            )
        ],
        [],
        {"南州青年創業孵化培育聯動機制", "南州青年創業孵化聯動機制"},
        id="inner-words-of-a-programme-dropped",
    ),
    pytest.param(
        [("a", "打造[北門—西街南州文化旅遊街區|Platform]，", "[南州文化旅遊街區|Platform]人流。")],
        [],
        {"北門—西街南州文化旅遊街區", "南州文化旅遊街區"},
        id="words-in-front-of-an-area-dropped",
    ),
    pytest.param(
        [
            (
                "a",
                "[前海|Platform]與[前海高品質供電示範區|Platform]。",
                "[前海深港現代服務業合作區|Platform]。",
            )
        ],
        [],
        {"前海", "前海深港現代服務業合作區"},
        id="gazetteer-short-form-is-never-ambiguous",
    ),
    pytest.param(
        [("a", "[首屆南州智能裝備博覽會|Event]（SIE）開幕，", "[SIE博覽會|Event]吸引千家企業。")],
        [],
        {"首屆南州智能裝備博覽會", "SIE博覽會"},
        id="bracketed-acronym",
    ),
    pytest.param(
        [("a", "[大灣區|Place]。"), ("b", "[粵港澳大灣區|Place]與[灣區|Place]。")],
        [],
        {"大灣區", "粵港澳大灣區", "灣區"},
        id="bay-area-spellings",
    ),
]


def in_script(text: str, script: str) -> str:
    """The case as written, or all of it in Simplified: every rule must hold in both."""
    return to_simplified(text) if script == "zh-Hans" else text


@pytest.mark.parametrize("script", ["as-written", "zh-Hans"])
@pytest.mark.parametrize("doc_a,doc_b,expected", MERGES)
def test_forms_of_one_name_merge(doc_a, doc_b, expected, script):
    docs = [
        make_doc(doc_id, *(in_script(s, script) for s in sentences))
        for doc_id, *sentences in doc_a + doc_b
    ]
    assert frozenset(in_script(e, script) for e in expected) in clusters(resolve(*docs))


APART = [
    pytest.param(
        [("a", "[東灣|Platform]很熱鬧。", "[東灣科技園|Platform]與[東灣產業園|Platform]招商。")],
        [{"東灣"}, {"東灣科技園"}, {"東灣產業園"}],
        id="ambiguous-short-form",
    ),
    pytest.param(
        [
            (
                "a",
                "[北辰公司|Organization]的[張三|Person]說。",
                "另外，[南嶺大學|Organization]的[張四|Person]指出。",
            )
        ],
        [{"張三"}, {"張四"}],
        id="same-surname-different-people",
    ),
    pytest.param(
        [
            (
                "a",
                "[北辰公司|Organization][董事長|Role][張三|Person]與[董事|Role][張四|Person]出席。",
            )
        ],
        [{"張三"}, {"張四"}],
        id="one-off-names-in-one-sentence",
    ),
    pytest.param(
        [("a", "[東灣|Place]人口增加。", "[東灣合作區|Platform]成立。")],
        [{"東灣"}, {"東灣合作區"}],
        id="different-types",
    ),
    pytest.param(
        [("a", "[科技園|Platform]與[東灣科技園|Platform]。")],
        [{"科技園"}, {"東灣科技園"}],
        id="substring-is-no-short-form",
    ),
    pytest.param(
        [
            (
                "a",
                "[南州|Place]與[北州|Place]：[南州市政府|Organization]、[北州市政府|Organization]、"
                "[市政府|Organization]。",
            )
        ],
        [{"南州市政府"}, {"北州市政府"}, {"市政府"}],
        id="short-form-of-two-places",
    ),
    pytest.param(
        [("a", "[2030年施政報告|Initiative]與[2031年施政報告|Initiative]不同。")],
        [{"2030年施政報告"}, {"2031年施政報告"}],
        id="different-years",
    ),
    pytest.param(
        [("a", "[比亞迪|Organization]。", "[比亞迪研究院|Organization]。")],
        [{"比亞迪"}, {"比亞迪研究院"}],
        id="organization-and-its-institute",
    ),
    pytest.param(
        [("a", "[南州|Place]的[南州灣|Platform]與[南州灣產業園|Platform]。")],
        [{"南州灣"}, {"南州灣產業園"}],
        id="place-prefixed-name-is-no-head",
    ),
    pytest.param(
        [
            ("a", "[東灣|Platform]的[東灣科技園|Platform]。"),
            ("b", "[東灣|Platform]的[東灣產業園|Platform]。"),
        ],
        [{"東灣", "東灣科技園"}, {"東灣", "東灣產業園"}],
        id="one-short-form-for-two-things-in-two-documents",
    ),
    pytest.param(
        [("a", "[東灣新城|Platform]與[東灣新城產業園|Platform]。")],
        [{"東灣新城"}, {"東灣新城產業園"}],
        id="full-name-is-no-head",
    ),
    pytest.param(
        [("a", "[東灣|Platform]。"), ("b", "[東灣數字經濟合作區|Platform]。")],
        [{"東灣"}, {"東灣數字經濟合作區"}],
        id="head-only-within-a-document",
    ),
    pytest.param(
        [("a", "[南州大學|Organization]與[南州技術大學|Organization]。")],
        [{"南州大學"}, {"南州技術大學"}],
        id="inner-word-of-a-body-is-no-contraction",
    ),
    pytest.param(
        [
            ("a", "[南州青年創業孵化培育聯動機制|Initiative]。"),
            ("b", "[南州青年創業孵化聯動機制|Initiative]。"),
        ],
        [{"南州青年創業孵化培育聯動機制"}, {"南州青年創業孵化聯動機制"}],
        id="inner-words-only-within-a-document",
    ),
    pytest.param(
        [
            (
                "a",
                "[南州青年創業孵化培育聯動機制|Initiative]與[南州青年創業孵化協同聯動機制|Initiative]，",
                "[南州青年創業孵化聯動機制|Initiative]。",
            )
        ],
        [
            {"南州青年創業孵化培育聯動機制"},
            {"南州青年創業孵化協同聯動機制"},
            {"南州青年創業孵化聯動機制"},
        ],
        id="contraction-of-two-names-is-ambiguous",
    ),
    pytest.param(
        [
            (
                "a",
                "[南州灣區青年創業大賽|Event]與[西州灣區青年創業大賽|Event]。",
                "「[南創賽|Event]」另辦。",
            )
        ],
        [{"南州灣區青年創業大賽"}, {"西州灣區青年創業大賽"}],
        id="a-short-name-not-introduced-stays-apart",
    ),
    pytest.param(
        [("a", "[首屆南州智能裝備博覽會|Event]（SIE）開幕。"), ("b", "[SIE博覽會|Event]。")],
        [{"首屆南州智能裝備博覽會"}, {"SIE博覽會"}],
        id="an-acronym-holds-in-its-document",
    ),
    pytest.param(
        [("a", "[南州市委黨校|Organization]（[社會主義學院|Organization]）成立。")],
        [{"南州市委黨校"}, {"社會主義學院"}],
        id="a-bracketed-other-name-is-no-contraction",
    ),
    pytest.param(
        [("a", "[新西灣口岸|Port]與[西灣口岸|Port]。")],
        [{"新西灣口岸"}, {"西灣口岸"}],
        id="short-suffix-of-a-port-is-another-port",
    ),
]


@pytest.mark.parametrize("script", ["as-written", "zh-Hans"])
@pytest.mark.parametrize("docs,expected", APART)
def test_different_things_stay_apart(docs, expected, script):
    found = clusters(
        resolve(
            *(
                make_doc(doc_id, *(in_script(s, script) for s in sentences))
                for doc_id, *sentences in docs
            )
        )
    )
    assert {frozenset(in_script(n, script) for n in e) for e in expected} <= found


def test_short_form_follows_its_own_document():
    south = make_doc(
        "a", "[南州|Place]的[南州市政府|Organization]表示，[市政府|Organization]會跟進。"
    )
    north = make_doc(
        "b", "[北州|Place]的[北州市政府|Organization]表示，[市政府|Organization]會跟進。"
    )
    found = clusters(resolve(south, north))
    assert {frozenset({"南州市政府", "市政府"}), frozenset({"北州市政府", "市政府"})} <= found


def test_keys_stay_unique_when_one_name_stays_apart():
    south = make_doc("a", "[南州|Place]的[南州市政府|Organization]稱[市政府|Organization]。")
    north = make_doc("b", "[北州|Place]的[北州市政府|Organization]稱[市政府|Organization]。")
    third = make_doc("c", "[市政府|Organization]發布通告。")
    keys = [e.key for e in resolve(south, north, third).entities]
    assert len(keys) == len(set(keys))
    assert "Organization/市政府" in keys


def test_titles_are_stripped_from_person_names():
    doc = make_doc(
        "a", "[市長陳大文|Person]出席。", "[陳大文|Person]表示。", "[林小明委員|Person]說。"
    )
    res = resolve(doc)
    chan = entity_named(res, "陳大文")
    assert (chan.name, chan.aliases) == ("陳大文", ())
    assert any("市長" in why and "stripped" in why for why in chan.reasons)
    assert entity_named(res, "林小明").name == "林小明"


def test_role_mentions_of_the_corpus_count_as_titles():
    doc = make_doc("a", "[總工程師|Role]說明。", "[總工程師李四海|Person]表示。")
    assert entity_named(resolve(doc), "李四海").key == "Person/李四海"


def test_misprinted_person_name_merges_on_shared_context():
    first = make_doc(
        "a",
        "[北辰科技|Organization][首席財務官|Role][王子明|Person]表示。",
        "[王子明|Person]認為。",
    )
    second = make_doc("b", "[北辰科技|Organization][首席財務官|Role][王子朋|Person]說。")
    person = entity_named(resolve(first, second), "王子明")
    assert person.aliases == ("王子朋",)
    assert [m.doc_id for m in person.mentions] == ["a", "a", "b"]
    assert any("misprint" in why and "北辰科技" in why for why in person.reasons)


def test_a_body_named_beside_many_people_is_no_evidence_of_a_misprint():
    members = "、".join(f"[{name}|Person]" for name in ("陳志強", "李美玲", "黃國華"))
    first = make_doc("a", f"[南州市政協|Organization][委員|Role]{members}、[羅毅|Person]出席。")
    second = make_doc("b", "[南州市政協|Organization][委員|Role][羅璇|Person]發言。")
    assert {frozenset({"羅毅"}), frozenset({"羅璇"})} <= clusters(resolve(first, second))
    few = make_doc("c", "[南州市政協|Organization][委員|Role][羅毅|Person]出席。")
    assert frozenset({"羅毅", "羅璇"}) in clusters(resolve(few, second))


def test_misprint_needs_the_same_surname():
    first = make_doc("a", "[北辰科技|Organization]的[王子明|Person]表示。")
    second = make_doc("b", "[北辰科技|Organization]的[汪子明|Person]說。")
    assert {frozenset({"王子明"}), frozenset({"汪子明"})} <= clusters(resolve(first, second))


@pytest.mark.parametrize(
    "labels,expected",
    [
        ([("Platform", 0.9), ("Place", 0.4), ("Place", 0.4)], "Platform"),
        ([("Platform", 0.5), ("Place", 0.4), ("Place", 0.4)], "Place"),
        ([("Place", 0.5), ("Platform", 0.5)], "Platform"),  # tie: ENTITY_TYPES order
    ],
)
def test_type_vote_is_weighted_by_score(labels, expected):
    sentences = [f"[東岸|{label}|{score}]有新進展。" for label, score in labels]
    res = resolve(make_doc("a", *sentences))
    assert [e.key for e in res.entities] == [f"{expected}/東岸"]
    assert any("vote" in why for why in res.entities[0].reasons)


def test_canonical_name_keeps_its_source_script():
    hans = make_doc("a", "[东湾数字经济合作区|Platform]扩容。")
    hant = make_doc("b", "[東灣|Platform]與[東灣數字經濟合作區|Platform]。")
    entity = entity_named(resolve(hans, hant), "東灣")
    assert entity.name in ("東灣數字經濟合作區", "东湾数字经济合作区")
    assert (
        entity.script
        == {"東灣數字經濟合作區": "zh-Hant", "东湾数字经济合作区": "zh-Hans"}[entity.name]
    )
    assert set(entity.aliases) == {"東灣", "東灣數字經濟合作區", "东湾数字经济合作区"} - {
        entity.name
    }


def test_every_resolved_mention_maps_to_its_entity():
    doc, mentions = make_doc("a", "[南州|Place][副市長|Role][陳大文|Person]到訪[東灣|Platform]。")
    res = resolve((doc, mentions))
    assert set(res.entity_of) == {m for m in mentions if m.label != "Role"}
    for mention, key in res.entity_of.items():
        assert mention in res.entity(key).mentions
        assert doc.sentences[mention.sentence].text[mention.start : mention.end] == mention.text


def test_mentions_are_sorted_and_reasons_name_the_document():
    doc = make_doc(
        "d7", "[東灣數字經濟合作區|Platform]。", "[東灣|Platform]。", "[東灣|Platform]。"
    )
    entity = resolve(doc).entities[0]
    assert [(m.sentence, m.text) for m in entity.mentions] == [
        (0, "東灣數字經濟合作區"),
        (1, "東灣"),
        (2, "東灣"),
    ]
    assert entity.reasons == (
        "東灣 ⊂ 東灣數字經濟合作區: head of a name ending in 合作區, same type Platform, "
        "same document d7",
    )


def _corpus():
    return [
        make_doc(
            "a",
            "[南州|Place]的[南州市政府|Organization]與[東灣|Platform]、[東灣數字經濟合作區|Platform]。",
            "[北辰科技|Organization][首席財務官|Role][王子明|Person]說，[「橋頭通」機制|Initiative]。",
        ),
        make_doc(
            "b",
            "[北辰科技|Organization][首席財務官|Role][王子朋|Person]表示[橋頭通|Initiative]。",
            "[南州|Place|0.6]、[南州|Platform|0.7]、[市政府|Organization]。",
        ),
        make_doc("c", "[东湾|Platform]与[南州|Place]。"),
    ]


def _summary(res):
    return [
        (
            e.key,
            e.name,
            e.script,
            e.aliases,
            e.reasons,
            [(m.doc_id, m.sentence, m.start) for m in e.mentions],
        )
        for e in res.entities
    ]


def test_result_does_not_depend_on_input_order():
    docs = _corpus()
    expected = _summary(resolve(*docs))
    rng = random.Random(7)
    for _ in range(5):
        mentions = [m for _, ms in docs for m in ms]
        rng.shuffle(mentions)
        shuffled = [d for d, _ in docs]
        rng.shuffle(shuffled)
        assert _summary(resolve_entities(shuffled, mentions)) == expected


def test_result_does_not_depend_on_hash_seed():
    script = (
        "import json, tests.resolve.test_resolution as t\n"
        "print(json.dumps(t._summary(t.resolve(*t._corpus())), ensure_ascii=False))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=env,
            cwd=root,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())


def test_explain_entity_finds_any_name_in_either_script():
    res = resolve(*_corpus())
    lines = explain_entity(res, "东湾")
    assert lines[0].startswith("Platform/東灣數字經濟合作區 (zh-Hant); aliases: ")
    assert "  mention c sentence 0 [0:2] 东湾 by test_ruler, score 1.00" in lines
    assert any(line.startswith("  reason 東灣 ⊂ 東灣數字經濟合作區") for line in lines)
    assert explain_entity(res, "「橋頭通」機制") == explain_entity(res, "桥头通")


def test_explain_entity_shows_votes_and_misprints():
    res = resolve(*_corpus())
    assert any("vote" in line for line in explain_entity(res, "南州"))
    assert any("misprint" in line for line in explain_entity(res, "王子朋"))


def test_explain_entity_unknown_name_is_empty():
    assert explain_entity(resolve(*_corpus()), "無此名") == []


def test_unknown_document_is_reported():
    _, mentions = make_doc("x", "[東灣|Platform]。")
    with pytest.raises(ValueError, match="documents not given: x"):
        resolve_entities([], mentions)


@pytest.mark.parametrize(
    "name,text,message",
    [
        (
            "suffixes.tsv",
            "# types\ngeneric\tPlace\t市\nhead\tCity\t城\n",
            r"kg/data/resolve/suffixes.tsv:3: unknown type 'City'",
        ),
        (
            "affixes.tsv",
            "middle\t\\d+\tyear\n",
            r"kg/data/resolve/affixes.tsv:1: kind must be prefix, suffix or infix",
        ),
        (
            "norms.tsv",
            "特別行政區\t特區\n",
            r"kg/data/resolve/norms.tsv:1: expected 3 tab-separated",
        ),
    ],
)
def test_malformed_lexicon_names_file_and_line(monkeypatch, name, text, message):
    real = resources.read_data
    monkeypatch.setattr(
        resources, "read_data", lambda n: text if n == f"resolve/{name}" else real(n)
    )
    with pytest.raises(PatternError, match=message):
        resolve_module.load_lexicon.__wrapped__()


def test_platform_short_form_with_generic_word_is_no_ambiguity():
    doc = make_doc("a", "[東灣|Platform]、[東灣合作區|Platform]與[東灣數字經濟合作區|Platform]。")
    assert frozenset({"東灣", "東灣合作區", "東灣數字經濟合作區"}) in clusters(resolve(doc))


def test_event_head_of_two_different_events_stays_apart():
    doc = make_doc("a", "[ABC|Event]開幕，[ABC會議|Event]與[ABC青年峰會|Event]同期舉行。")
    expected = {frozenset({"ABC"}), frozenset({"ABC會議"}), frozenset({"ABC青年峰會"})}
    assert expected <= clusters(resolve(doc))


def test_event_head_of_one_event_merges():
    doc = make_doc("a", "[ABC|Event]開幕，[ABC會議|Event]討論貿易。")
    assert frozenset({"ABC", "ABC會議"}) in clusters(resolve(doc))


def test_event_with_generic_word_is_no_head_of_another_event():
    doc = make_doc("a", "[ABC會議|Event]、[ABC盛會|Event]與[ABC青年峰會|Event]。")
    found = clusters(resolve(doc))
    assert {frozenset({"ABC會議", "ABC盛會"}), frozenset({"ABC青年峰會"})} <= found


def test_lone_short_form_joins_the_one_thing_it_names_elsewhere():
    south = make_doc("a", "[南州|Place]的[南州市政府|Organization]稱[市政府|Organization]。")
    other = make_doc("b", "[市政府|Organization]發布通告。")
    government = entity_named(resolve(south, other), "市政府")
    assert (government.name, [m.doc_id for m in government.mentions]) == (
        "南州市政府",
        ["a", "a", "b"],
    )


def test_lone_short_form_stays_apart_when_it_names_two_things():
    south = make_doc("a", "[南州|Place]的[南州市政府|Organization]稱[市政府|Organization]。")
    north = make_doc("b", "[北州|Place]的[北州市政府|Organization]稱[市政府|Organization]。")
    lone = make_doc("c", "[市政府|Organization]發布通告。")
    res = resolve(south, north, lone)
    alone = res.entity("Organization/市政府")
    assert [m.doc_id for m in alone.mentions] == ["c"]
    assert any("not all one thing" in why for why in alone.reasons)


def test_one_off_slip_next_to_a_repeated_name_merges():
    doc = make_doc(
        "a",
        "[李望明|Person]報道：會議今日召開。",
        "[李望朋|Person]指出，投資增加。",
        "[李望明|Person]又說。",
    )
    assert frozenset({"李望明", "李望朋"}) in clusters(resolve(doc))


@pytest.mark.parametrize(
    "sentences",
    [
        ("[王小明|Person]說。", "[王小紅|Person]認為。"),  # each named once
        ("[王小明|Person]說。", "[王小明|Person]又說。", "天氣很好。", "[王小紅|Person]認為。"),
        (
            "[王小明|Person]說。",
            "[王小明|Person]又說。",
            "[陳大文|Person]表示。",
            "[王小紅|Person]認為。",
        ),
    ],
)
def test_one_off_names_without_shared_context_stay_apart(sentences):
    found = clusters(resolve(make_doc("a", *sentences)))
    assert {frozenset({"王小明"}), frozenset({"王小紅"})} <= found


def test_an_initiatives_quoted_core_is_an_alias_but_not_an_organizations():
    res = resolve(
        make_doc(
            "q",
            "[南州市政協|Organization]建議設立[「灣區快線」計劃|Initiative]。",
            "[南州「一帶一路」研究院|Organization]參與研究。",
            "[「青年看南州」採訪活動|Event]昨日啟動。",
        )
    )
    assert "灣區快線" in entity_named(res, "「灣區快線」計劃").aliases
    assert "青年看南州" in entity_named(res, "「青年看南州」採訪活動").aliases  # events too
    assert "一帶一路" not in entity_named(res, "南州「一帶一路」研究院").aliases


@pytest.mark.parametrize(
    "name,expected",
    [
        ("首席聯絡官陳大文", ("陳大文", "首席聯絡官")),
        ("陳大文首席聯絡官", ("陳大文", "首席聯絡官")),
        ("首席联络官陈大文", ("陈大文", "首席联络官")),
    ],
)
def test_a_title_the_corpus_names_as_a_role_is_cut_off_a_person(name, expected):
    assert resolve_module.strip_title(name) == (name, "")  # not a title the lexicon has
    assert resolve_module.strip_title(name, frozenset(["首席聯絡官", "官"])) == expected


def test_a_one_character_role_word_cuts_nothing():
    assert resolve_module.strip_title("首席聯絡官陳大文", ["官"]) == ("首席聯絡官陳大文", "")


def test_one_off_pairs_are_every_pair_with_one_surname_and_one_other_character_apart():
    """The blanked-character index finds what comparing every pair of names would find."""
    rng = random.Random(3)
    names = [
        "".join(rng.choice("陳李大文小明") for _ in range(rng.randint(2, 4))) for _ in range(300)
    ]
    people = sorted(
        (votes.Node(f"d{i % 7}", "Person", name) for i, name in enumerate(names)),
        key=votes.node_order,
    )
    expected = [
        (a, b)
        for i, a in enumerate(people)
        for b in people[i + 1 :]
        if len(a.key) == len(b.key)
        and a.key[0] == b.key[0]
        and sum(x != y for x, y in zip(a.key, b.key)) == 1
    ]
    expected.sort(key=lambda p: (votes.node_order(p[0]), votes.node_order(p[1])))
    assert expected and passes._one_off_pairs(people) == expected


def _many_names(count: int):
    """One document naming ``count`` different bodies and programmes, each twice (full and
    short), as a long dump of articles would."""
    rng = random.Random(17)
    common = "深港前海河套福田南山羅湖科技創新金融物流文化旅遊教育醫療青年人才產業"
    sentences = []
    for _ in range(count):
        stem = "".join(rng.choice(common) for _ in range(4))
        sentences.append(
            f"[{stem}集團|Organization]與[{stem}計劃|Initiative]。[{stem}|Organization]"
        )
    return make_doc("dump", *sentences)


def test_a_document_of_many_names_resolves_in_time_linear_in_them():
    # Each name was compared with every other name of its document, and tried as the
    # contraction of each.
    docs = {n: _many_names(n) for n in (150, 1_500)}
    assert growth(lambda n: resolve(docs[n]), 150, 1_500) < 4
