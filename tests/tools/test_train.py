"""The shipped NER model, the jieba-on-hk2s tokenizer and the CLUENER conversion.

Quality is measured in benchmarks/ner_dev.py; these tests check behaviour on invented text.
"""

import json
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

from kg.errors import InputError
from kg.text.segment import JiebaHk2sTokenizer, norm_chars
from kg.tools.train import CONFIG_PATH, SCRIPTS, cluener_doc, gold_spans, read_cluener, score_spans

MODEL_DIR = Path(__file__).resolve().parents[2] / "kg" / "models" / "ner"

# Invented for this test: a person, an organization and a position, in both scripts.
MODEL_CASES = [
    (
        "香港中文大學教授張志明認為，兩地應加強科研合作。",
        {("張志明", "name"), ("香港中文大學", "organization"), ("教授", "position")},
    ),
    (
        "香港中文大学教授张志明认为，两地应加强科研合作。",
        {("张志明", "name"), ("香港中文大学", "organization"), ("教授", "position")},
    ),
]

TOKENIZER_TEXTS = [
    "深圳灣口岸 Hello  world",
    "第一段。\n\n第二段\n",
    "  前後有空格  ",
    "2024年GDP增長5.3%，😀港深合作🚄！",
    "\t混合\r\n換行 text 123 ",
    "",
]

CLUENER_LINE = json.dumps(
    {
        "text": "温格在深圳湾体育中心发表讲话",
        "label": {"name": {"温格": [[0, 1]]}, "scene": {"深圳湾体育中心": [[3, 9]]}},
    },
    ensure_ascii=False,
)


@pytest.fixture(scope="module")
def ner():
    import kg.text.segment  # noqa: F401  the model's tokenizer must be registered first

    return spacy.load(MODEL_DIR)


@pytest.fixture(scope="module")
def tokenizer():
    return JiebaHk2sTokenizer(spacy.blank("zh").vocab)


@pytest.mark.parametrize("text,expected", MODEL_CASES)
def test_model_finds_person_organization_position(ner, text, expected):
    assert expected <= {(ent.text, ent.label_) for ent in ner(text).ents}


def test_model_offers_cluener_labels(ner):
    assert {"name", "organization", "government", "company", "position", "address"} <= set(
        ner.get_pipe("ner").labels
    )


@pytest.mark.parametrize("text", TOKENIZER_TEXTS)
def test_tokenizer_keeps_text(tokenizer, text):
    doc = tokenizer(text)
    assert doc.text == text
    assert "".join(token.text_with_ws for token in doc) == text
    assert all(token.text for token in doc)


def test_tokenizer_cuts_traditional_like_simplified(tokenizer):
    traditional = [t.text for t in tokenizer("前海深港現代服務業合作區的陳大文董事長")]
    simplified = [t.text for t in tokenizer("前海深港现代服务业合作区的陈大文董事长")]
    assert [len(t) for t in traditional] == [len(t) for t in simplified]
    assert "陳大文" in traditional


def test_tokenizer_norm_is_simplified(tokenizer):
    assert [t.norm_ for t in tokenizer("陳大文董事長")] == ["陈大文", "董事长"]


@pytest.mark.parametrize(
    "script,text",
    [("zh-Hans", "温格在深圳湾体育中心发表讲话"), ("zh-Hant", "温格在深圳灣體育中心發表講話")],
)
def test_cluener_conversion_keeps_labels_and_offsets(tokenizer, script, text):
    nlp = spacy.blank("zh")
    nlp.tokenizer = tokenizer
    record = json.loads(CLUENER_LINE)
    doc = cluener_doc(record, nlp, script)
    assert doc.text == text
    assert gold_spans(record) == [(0, 2, "name"), (3, 10, "scene")]
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == gold_spans(record)


def test_cluener_conversion_leaves_unaligned_span_missing(tokenizer):
    nlp = spacy.blank("zh")
    nlp.tokenizer = tokenizer
    record = {"text": "陈大文董事长", "label": {"name": {"大文": [[1, 2]]}}}
    doc = cluener_doc(record, nlp, "zh-Hant")
    assert not doc.ents
    assert [t.ent_iob_ for t in doc] == ["", "O"]


def test_score_spans_is_strict():
    gold = [(0, 0, 3, "name"), (0, 5, 7, "position")]
    scores = score_spans(gold, [(0, 0, 2, "name"), (0, 5, 7, "position")])
    assert scores["micro"]["p"] == scores["micro"]["r"] == 0.5
    assert scores["per_label"]["name"]["f"] == 0.0


def test_read_cluener_names_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="train.json"):
        read_cluener(tmp_path / "train.json")


def test_norm_chars_are_simplified_in_both_scripts(tokenizer):
    hant = [norm_chars(t.norm_) for t in tokenizer("香港中文大學")]
    assert hant == [norm_chars(t.norm_) for t in tokenizer("香港中文大学")]
    assert norm_chars("大学") == (ord("大"), ord("学"), 0, 0)


@pytest.mark.parametrize(
    "config", [CONFIG_PATH, CONFIG_PATH.with_name("ner-word.cfg")], ids=["shipped", "word"]
)
def test_repo_config_builds_learns_and_reloads(tmp_path, config):
    nlp = spacy.util.load_model_from_config(spacy.util.load_config(config), auto_fill=True)
    record = json.loads(CLUENER_LINE)
    examples = [
        Example(nlp.make_doc(doc.text), doc)
        for doc in (cluener_doc(record, nlp, script) for script in SCRIPTS)
    ]
    optimizer = nlp.initialize(lambda: examples)
    assert nlp.update(examples, sgd=optimizer)["ner"] > 0
    nlp.to_disk(tmp_path / "ner")
    assert spacy.load(tmp_path / "ner")("溫格在深圳").text == "溫格在深圳"
