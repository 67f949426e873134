"""kg_words: word facts on character tokens; joined years."""

from __future__ import annotations

import pytest
import spacy

from kg.text.normalize import to_simplified

pytest.importorskip("jieba")


def test_word_facts_are_one_entry_per_character_and_read_through_token_attributes(nlp):
    from kg.entities import sentence_texts, word_facts

    doc = nlp("羅湖口岸，深港合作。")
    facts = word_facts(doc)
    assert [
        len(column)
        for column in (facts.pos, facts.name, facts.head, facts.word, facts.word_start, facts.norm)
    ] == [len(doc)] * 6
    assert facts.head[:4] == ["", "", "Port", "Port"] and facts.word[2] == "口岸"
    assert [t._.kg_word_start for t in doc[:4]] == [True, False, True, False]
    assert doc[1].norm_ == facts.norm[1] == "湖" and doc[3]._.kg_head == "Port"
    assert facts.offset[:3] == [0, 1, 2] and facts.text == doc.text
    assert sentence_texts(doc) == ("羅湖口岸，深港合作。", "罗湖口岸，深港合作。")
    bare = spacy.blank("zh")("羅湖 口岸")  # no kg_words run: the defaults, the text from spaCy
    assert bare[0]._.kg_head == "" and sentence_texts(bare) == ("羅湖 口岸", "罗湖 口岸")


@pytest.mark.parametrize(
    "text,year",
    [
        ("於二○二三年舉行", "二○二三年"),
        ("于二零二四年一月", "二零二四年"),
        ("二〇三〇年施政報告", "二〇三〇年"),
    ],
)
def test_a_year_in_chinese_numerals_is_one_word(text, year):
    from kg.entities import segment_words

    words = [w.text for w in segment_words(text)]
    assert to_simplified(year) in words
    assert "一二三" in [w.text for w in segment_words("他說一二三。")]  # no year: left as cut
