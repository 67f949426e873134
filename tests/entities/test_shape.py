"""The shape ruler: native-field matching equals spaCy's SpanRuler on the word facts."""

from __future__ import annotations

import pytest
import spacy
from spacy.util import filter_spans

from kg.text.normalize import to_simplified

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
    from kg.entities import load_patterns

    reference = spacy.blank("zh").add_pipe(
        "span_ruler", config={"spans_key": "ref", "validate": True}
    )
    reference.add_patterns(load_patterns("shapes.jsonl"))
    doc = nlp(text)
    expected = [
        (s.start, s.end, s.label_, s.id_)
        for s in reference(doc).spans["ref"]
        if s[0]._.kg_word_start
    ]
    assert [(s.start, s.end, s.label_, s.id_) for s in doc.spans["kg_shape_ruler"]] == expected
    if "政協" in text or "政协" in text:
        assert expected  # the comparison is not between two empty lists


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
