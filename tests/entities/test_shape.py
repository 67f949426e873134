"""The shape ruler: native-field matching equals spaCy's SpanRuler on the word facts."""

from __future__ import annotations

import pytest
import spacy
from spacy.util import filter_spans

from kg.entities.shape import LONGEST_SHAPE
from kg.text.normalize import to_simplified
from tests.conftest import growth

pytest.importorskip("jieba")


SHAPE_SENTENCES = [
    "深圳市政協在羅湖口岸召開港澳及區域發展研究所座談會。",
    "前海深港現代服務業合作區推出跨境理財通試點計劃。",
    "深圳市中科美城科技有限公司董事長出席第七屆深港合作論壇。",
    "發展和改革委員會與大灣區青年創新創業基地簽約。",
    "ABC，123。",  # no word of a name, no head: nothing to match
    "……",
]


@pytest.mark.parametrize("text", SHAPE_SENTENCES + [to_simplified(t) for t in SHAPE_SENTENCES])
def test_shape_ruler_matches_what_spacy_span_ruler_matches_on_the_word_facts(nlp, text):
    """The shape ruler runs its patterns over native fields of a copy; spaCy's own SpanRuler
    with the same patterns over the ``_`` attributes must find the very same spans, every
    overlapping match that starts a word included."""
    doc = nlp(text)
    expected = _reference_spans(doc)
    assert [(s.start, s.end, s.label_, s.id_) for s in doc.spans["kg_shape_ruler"]] == expected
    if "政協" in text or "政协" in text:
        assert expected  # the comparison is not between two empty lists


def _reference_spans(doc) -> list[tuple[int, int, str, str]]:
    """What spaCy's SpanRuler with the shape patterns over the ``_`` attributes matches in
    ``doc``: every match that starts a word and is no longer than ``LONGEST_SHAPE``."""
    from kg.entities import load_patterns

    reference = spacy.blank("zh").add_pipe(
        "span_ruler", config={"spans_key": "ref", "validate": True}
    )
    reference.add_patterns(load_patterns("shapes.jsonl"))
    return [
        (s.start, s.end, s.label_, s.id_)
        for s in reference(doc).spans["ref"]
        if s[0]._.kg_word_start and len(s) <= LONGEST_SHAPE
    ]


def test_a_sentence_of_many_windows_keeps_every_match(nlp):
    """The patterns run on overlapping windows of the sentence: a match across the edge of
    one lies whole in the next, and none is found twice."""
    doc = nlp("，".join(SHAPE_SENTENCES[:4]) * 3 + "前海合作區" * 40)  # 5 windows and more
    assert len(doc) > 4 * LONGEST_SHAPE
    expected = _reference_spans(doc)
    assert any(start % LONGEST_SHAPE > LONGEST_SHAPE - 10 for start, *_ in expected)
    assert [(s.start, s.end, s.label_, s.id_) for s in doc.spans["kg_shape_ruler"]] == expected


def test_a_repeated_head_matches_in_time_linear_in_the_sentence(nlp):
    # 前海合作區前海合作區… matched from every word to every head after it: the matches, and
    # the time, grew with the square of the sentence, and the checks made that a cube.
    shape = nlp.get_pipe("kg_shape_ruler")
    with nlp.select_pipes(enable=["kg_words"]):
        docs = {n: nlp("前海合作區" * n) for n in (30, 150)}  # 2 and 11 windows
    assert len(shape(docs[30]).spans["kg_shape_ruler"]) > 30
    assert growth(lambda n: shape(docs[n]), 30, 150) < 4  # 5 if quadratic; 7-8 without the windows


def test_shape_ruler_skips_headless_sentences_only_when_every_pattern_needs_a_head(nlp):
    from kg.entities import ShapeRuler

    headless = nlp("陳大文昨日表示樂觀。")
    assert not any(t._.kg_head for t in headless)
    name_pattern = {"label": "Person", "pattern": [{"_": {"kg_pos": "nr"}, "OP": "+"}]}
    port_pattern = {
        "label": "Port",
        "pattern": [
            {"_": {"kg_name": "lead"}, "OP": "+"},
            {"_": {"kg_head": {"IN": ["Port"]}}, "OP": "+"},
        ],
    }
    only_heads = ShapeRuler(nlp, "heads", [port_pattern])
    mixed = ShapeRuler(nlp, "mixed", [port_pattern, name_pattern])
    assert only_heads.heads_required and not mixed.heads_required
    assert [s.text for s in filter_spans(mixed(headless).spans["mixed"])] == ["陳大文"]
    assert list(only_heads(headless).spans["heads"]) == []
    port = only_heads(nlp("旅客經羅湖口岸過關。"))
    assert [s.text for s in filter_spans(port.spans["heads"])] == ["羅湖口岸"]
