"""Merging the sources: ordered, non-overlapping mentions, names found again in a document, precedence."""

from __future__ import annotations

import random

import pytest

from kg.entities import Candidate, extract_mentions, merge_candidates
from kg.entities.merge import _propagate
from kg.records import Sentence
from kg.text.ingest import parse_document
from kg.text.normalize import to_simplified
from tests.conftest import growth

pytest.importorskip("jieba")


def test_mentions_are_ordered_offsets_into_the_sentence(nlp):
    document = parse_document(
        "記者王小明報道：香港與深圳共建河套。\n龍崗區政協召開會議。", doc_id="t"
    )
    mentions = extract_mentions(document, nlp)
    assert mentions == sorted(mentions, key=lambda m: (m.sentence, m.start))
    for m in mentions:
        assert document.sentences[m.sentence].text[m.start : m.end] == m.text
        assert 0 < m.score <= 1 and m.source.startswith("kg_")


def test_mentions_do_not_overlap(nlp):
    document = parse_document(
        "深圳市政協委員陳大文建議在羅湖口岸推出「灣區快線」計劃。", doc_id="t"
    )
    spans = sorted((m.start, m.end) for m in extract_mentions(document, nlp))
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def test_a_name_found_once_is_found_again(nlp):
    document = parse_document("南山區區長陳大文表示支持。\n陳大文隨後到訪前海。", doc_id="t")
    later = [m for m in extract_mentions(document, nlp) if m.sentence == 1]
    assert ("陳大文", "Person", "kg_propagation") in {(m.text, m.label, m.source) for m in later}


@pytest.mark.parametrize("script", ["zh-Hant", "zh-Hans"])
def test_a_quoted_name_is_found_again_without_its_quotes(nlp, script):
    text = (
        "今年要聚焦海洋數據國際化對接。\n他重點關注「海洋數據國際化對接」。\n他說「對接」很重要。"
    )
    text = to_simplified(text) if script == "zh-Hans" else text
    found = {
        (m.sentence, m.text, m.label)
        for m in extract_mentions(parse_document(text, doc_id="t"), nlp)
    }
    name = "海洋數據國際化對接" if script == "zh-Hant" else to_simplified("海洋數據國際化對接")
    assert (0, name, "Initiative") in found
    assert not any(m[1] in ("對接", "对接") for m in found)  # a short core is no name


@pytest.mark.parametrize("script", ["zh-Hant", "zh-Hans"])
def test_a_programme_quoted_once_and_headed_elsewhere_is_named_by_both(nlp, script):
    text = "兩地實現「無感過關」。\n推行無感過關模式，保障人員流動。\n他說「很方便」。"
    text = to_simplified(text) if script == "zh-Hans" else text
    got = {(m.text, m.label) for m in extract_mentions(parse_document(text, doc_id="t"), nlp)}
    fold = to_simplified if script == "zh-Hans" else str
    assert {(fold("「無感過關」"), "Initiative"), (fold("無感過關模式"), "Initiative")} <= got
    assert not any("方便" in surface for surface, _ in got)  # quoted, but headed nowhere


def test_merge_prefers_the_outer_span_and_then_precedence():
    inner = Candidate(0, 2, "Place", "kg_gazetteer")
    outer = Candidate(0, 5, "Organization", "kg_shape_ruler")
    crossing = Candidate(4, 8, "Initiative", "kg_quote_ruler")
    assert merge_candidates([inner, outer]) == [outer]
    assert merge_candidates([outer, crossing]) == [crossing]


def test_a_known_person_is_not_run_into_a_clause(nlp):
    document = parse_document("律師陳大文接受採訪。\n陳大文冀調解機制發揮作用。", doc_id="t")
    later = {(m.text, m.label) for m in extract_mentions(document, nlp) if m.sentence == 1}
    assert ("陳大文", "Person") in later
    assert not any(text.startswith("陳大文冀") for text, _ in later)


def _many_names(count: int):
    """Sentences of a long dump, each naming its own company and person, as the sources
    found them."""
    rng = random.Random(17)
    common = "深港前海河套福田南山羅湖科技創新金融物流文化旅遊教育醫療青年人才產業"
    per_sentence = []
    for index in range(count):
        stem = "".join(rng.choice(common) for _ in range(4))
        person = "陳" + "".join(rng.choice(common) for _ in range(2))
        text = f"{stem}集團董事長{person}表示，{stem}集團將擴大投資。"
        sentence = Sentence("dump", index, 0, 0, len(text), text, tuple(range(len(text))))
        found = [
            Candidate(0, 6, "Organization", "kg_shape_ruler"),
            Candidate(9, 12, "Person", "kg_person_ruler"),
        ]
        per_sentence.append((sentence, found))
    return per_sentence


def test_names_spread_through_a_long_document_in_time_linear_in_it():
    # Every name of the document was searched for in every sentence, and every span
    # tried against every person's name.
    cases = {n: _many_names(n) for n in (200, 2_000)}
    spread = _propagate(cases[200])
    assert [(c.start, c.end, c.source) for c in spread[0][1]][-1] == (15, 21, "kg_propagation")
    assert growth(lambda n: _propagate(cases[n]), 200, 2_000) < 4
