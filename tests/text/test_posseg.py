"""kg.text.posseg decodes jieba's POS HMM exactly as jieba's own Viterbi does."""

from __future__ import annotations

import importlib
import random

import pytest

from kg.text.normalize import to_simplified
from kg.text.posseg import PossegViterbi, pos_tokenizer

jieba = pytest.importorskip("jieba")
posseg = importlib.import_module("jieba.posseg")
jieba_viterbi = importlib.import_module("jieba.posseg.viterbi").viterbi  # jieba's, unpatched
MODEL = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)

SENTENCES = [
    "前海管理局副局長林嘉欣昨日在啟德會展中心出席簽約儀式。",
    "覃偉中與梁振英就深港科創走廊交換意見，並考察了蓮塘口岸。",
    "河套深港科技創新合作區新設的創科實驗室由區樂瑤博士主持。",
    "新聞處發言人吳卓霖透露，北部都會區首批用地於今年第三季招標。",
    "深圳市福田區的潘駿毅表示，跨境理財通試點首月成交額約三億元。",
]


@pytest.fixture(scope="module")
def decoder():
    return PossegViterbi(posseg.start_P, posseg.trans_P, posseg.emit_P, posseg.char_state_tab_P)


def unknown_runs(text: str) -> list[str]:
    """Substrings of the kind jieba hands to its HMM: runs of Han characters."""
    runs, run = [], ""
    for char in text:
        if "\u4e00" <= char <= "\u9fff":
            run += char
        elif run:
            runs.append(run)
            run = ""
    return runs + ([run] if run else [])


@pytest.mark.parametrize("text", SENTENCES + [to_simplified(s) for s in SENTENCES])
def test_news_sentences_decode_as_jieba_does(decoder, text):
    for run in unknown_runs(text):
        for start in range(len(run)):
            piece = run[start : start + 7]
            assert decoder(piece, *MODEL) == jieba_viterbi(piece, *MODEL), piece


def test_random_strings_decode_as_jieba_does(decoder):
    """Every character the model knows, one it does not, lengths 1 to 12: scores and states
    equal, including the paths that reach nothing but -inf."""
    rng = random.Random(7)
    chars = sorted(posseg.char_state_tab_P) + ["\u3400", "\u9fa5"]
    pieces = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(1500)]
    differing = [p for p in pieces if decoder(p, *MODEL) != jieba_viterbi(p, *MODEL)]
    assert differing == []


def test_equal_scores_keep_the_largest_state_as_jieba_does():
    states = [("B", "a"), ("S", "x"), ("E", "a")]
    start = {s: -1.0 for s in states}
    trans = {s: {t: -1.0 for t in states} for s in states}
    emit = {s: {} for s in states}
    decoder = PossegViterbi(start, trans, emit, {})
    expected = jieba_viterbi("甲乙丙", {}, start, trans, emit)
    assert decoder("甲乙丙") == expected
    assert expected[1] == [("S", "x")] * 3


def test_pos_tokenizer_tags_as_jieba_does():
    cut = pos_tokenizer(jieba.Tokenizer())
    patched = posseg.viterbi
    assert isinstance(patched, PossegViterbi)
    try:
        posseg.viterbi = jieba_viterbi
        expected = [
            [tuple(p) for p in posseg.POSTokenizer(jieba.Tokenizer()).cut(to_simplified(s))]
            for s in SENTENCES
        ]
    finally:
        posseg.viterbi = patched
    assert [[tuple(p) for p in cut.cut(to_simplified(s))] for s in SENTENCES] == expected
    assert any(tag == "nr" for sentence in expected for _, tag in sentence)
