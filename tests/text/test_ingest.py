import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.text import ingest
from kg.text.ingest import (
    MAX_SENTENCE,
    clean_text,
    decode_bytes,
    parse_document,
    read_document,
    read_documents,
)
from tests.conftest import growth

PINYIN = "深圳市福田區(qū)推動產(chǎn)業(yè)發(fā)展(HK)。"
COLUMNS = (
    "今年，前海將深化與香港的合作，全力推進重大\n"
    "合作平台建設，做實大灣區全新定位並加快建設\n"
    "\n"
    "國際化營商環境。報告提出，要深入實施相關工\n"
    "程，加強基礎設施聯通和規則機制對接以及人才\n"
    "交流合作，推動兩地更緊密務實地開展各項合作\n"
    "項目，讓市民在兩地生活工作更加便利和安心。\n"
    "另外，將進一步提升港澳居民在深圳註冊執業、\n"
    "就業創業、醫療教育、文旅消費、交通出行等便\n"
    "利化水平，加快建設人文灣區和宜居宜業城市。\n"
)


def assert_offsets_point_into_original(doc):
    for sentence in doc.sentences:
        assert len(sentence.offsets) == len(sentence.text)
        assert all(doc.text[o] == ch for o, ch in zip(sentence.offsets, sentence.text))
        assert sentence.offsets[0] == sentence.start and sentence.offsets[-1] == sentence.end - 1


def test_pinyin_artifacts_are_removed_but_latin_parentheses_stay():
    cleaned, offsets = clean_text(PINYIN)
    assert cleaned == "深圳市福田區推動產業發展(HK)。"
    assert all(PINYIN[o] == ch for o, ch in zip(offsets, cleaned))


def test_column_layout_line_breaks_are_joined_across_blank_lines():
    doc = parse_document(COLUMNS, doc_id="cols")
    texts = [s.text for s in doc.sentences]
    assert (
        texts[0]
        == "今年，前海將深化與香港的合作，全力推進重大合作平台建設，做實大灣區全新定位並加快建設國際化營商環境。"
    )
    assert all("\n" not in t for t in texts)
    assert_offsets_point_into_original(doc)


def test_short_lines_without_columns_stay_paragraphs():
    doc = parse_document("## 標題一\n正文第一句。正文第二句！\n\n第二段\n", doc_id="p")
    assert [(s.paragraph, s.text) for s in doc.sentences] == [
        (0, "標題一"),
        (1, "正文第一句。"),
        (1, "正文第二句！"),
        (2, "第二段"),
    ]
    assert doc.title == "標題一"


def test_sentences_keep_closing_quotes():
    doc = parse_document("他說：「要加快建設。」隨後離開。", doc_id="q")
    assert [s.text for s in doc.sentences] == ["他說：「要加快建設。」", "隨後離開。"]


def test_html_markup_is_removed_with_offsets_kept():
    page = (
        "<html><head><title>深港合作 &amp; 前海</title><style>p{}</style></head>"
        "<body><p>前海&amp;河套合作區建設提速。</p><p>港人北上<b>消費</b>。</p></body></html>"
    )
    doc = parse_document(page, doc_id="h", markup="html")
    assert doc.title == "深港合作 & 前海"
    assert [s.text for s in doc.sentences][-2:] == ["前海&河套合作區建設提速。", "港人北上消費。"]
    last = doc.sentences[-1]
    assert doc.text[last.start : last.end] == "港人北上<b>消費</b>。"


@pytest.mark.parametrize(
    "text,script",
    [("深圳市政協委員建議加強兩地合作", "zh-Hant"), ("深圳市政协委员建议加强两地合作", "zh-Hans")],
)
def test_script_is_detected(text, script):
    assert parse_document(text, doc_id="s").script == script


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "big5hkscs"])
def test_traditional_encodings_are_detected(tmp_path, encoding):
    text = "香港特區立法會議員建議深港兩地加強合作，推動河套合作區發展。"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.text == text
    assert doc.encoding.replace("-sig", "") in (encoding.replace("-sig", ""), "utf-16")


def test_gb18030_is_detected_for_simplified_text():
    text = "深圳市政协委员建议深港两地加强合作，推动河套合作区发展。"
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


def test_big5_file_written_by_the_test_builds_sentences(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("羅湖口岸今年改造升級。旅客通關更便利。".encode("big5hkscs"))
    doc = read_document(path)
    assert doc.encoding == "big5hkscs"
    assert [s.text for s in doc.sentences] == ["羅湖口岸今年改造升級。", "旅客通關更便利。"]


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(0x80, 0x100)) * 4, "not UTF-8"),
    ],
)
def test_bad_files_raise_one_line_errors_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(path) in str(error.value) and message in str(error.value)
    assert "\n" not in str(error.value)


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("深圳。".encode() * 10)
    with pytest.raises(InputError, match="larger than"):
        read_document(path, max_bytes=20)


def test_folder_skips_bad_files_with_a_warning(tmp_path):
    (tmp_path / "good.txt").write_text("前海合作區建設提速。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.xml").write_text("<a/>", encoding="utf-8")  # no article format: ignored
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")  # a table without articles
    warnings = []
    docs = read_documents([tmp_path], warn=warnings.append)
    assert [d.doc_id for d in docs] == ["good"]
    assert len(warnings) == 2 and "empty.txt" in warnings[0]
    assert "notes.csv: no article in the file" in warnings[1]


def test_missing_path_and_empty_folder_are_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_documents([tmp_path / "nope.txt"])
    with pytest.raises(InputError, match="no article files"):
        read_documents([tmp_path])


def test_content_hash_keys_the_bytes(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("深圳。", encoding="utf-8")
    b.write_text("深圳。", encoding="utf-8")
    assert read_document(a).sha256 == read_document(b).sha256
    b.write_text("香港。", encoding="utf-8")
    assert read_document(a).sha256 != read_document(b).sha256


def test_prose_cut_mid_sentence_is_joined_and_captions_move_after_it():
    text = (
        "南山區今年將推動口岸經濟發展，打造跨境消費新地標，並且持續完\n\n善配套設施。\n\n"
        "福田區將加快建設創新平台，吸引更多港澳青年來深創業，同時全面推\n\n▲圖為福田口岸。\n\n"
        "本報記者陳大文攝\n\n進人才交流。\n\n另一段。\n"
    )
    sentences = parse_document(text, doc_id="prose").sentences
    texts = [s.text for s in sentences]
    assert texts == [
        "南山區今年將推動口岸經濟發展，打造跨境消費新地標，並且持續完善配套設施。",
        "福田區將加快建設創新平台，吸引更多港澳青年來深創業，同時全面推進人才交流。",
        "▲圖為福田口岸。",
        "本報記者陳大文攝",
        "另一段。",
    ]
    for sentence in sentences:  # every character still points at itself in the original
        assert "".join(text[o] for o in sentence.offsets) == sentence.text


def test_a_caption_before_a_heading_is_not_moved():
    text = "福田區將加快建設創新平台，吸引更多港澳青年來深創業，同時全面推\n\n▲圖為福田口岸。\n\n# 新標題\n"
    texts = [s.text for s in parse_document(text, doc_id="prose").sentences]
    assert texts[:2] == [
        "福田區將加快建設創新平台，吸引更多港澳青年來深創業，同時全面推",
        "▲圖為福田口岸。",
    ]


def test_a_long_last_line_is_cleaned_in_time_linear_in_its_length():
    # The line-break search retried every character of a last line that matched nowhere.
    assert growth(lambda n: clean_text("標題\n" + "深港合作" * n), 500, 5_000) < 4


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="a。\n \t\u3000\u2002", max_size=24))
def test_the_line_breaks_are_the_ones_the_pattern_finds(text):
    expected = [(m.span(1), m.span(2)) for m in ingest._LINE_BREAK.finditer(text)]
    assert [(m.span(1), m.span(2)) for m in ingest._line_breaks(text)] == expected


CUT_WITH_CAPTION = (
    "福田區將加快建設創新平台，吸引更多港澳青年來深創業，同時全面推\n▲圖為福田口岸。\n"
)


def test_captions_move_past_each_line_that_continues_the_cut_sentence():
    text = CUT_WITH_CAPTION + "進深港合作，打通各類要素流動的堵點，讓兩地市民往來\n更加便利。\n"
    assert [s.text for s in parse_document(text, doc_id="c").sentences] == [
        "福田區將加快建設創新平台，吸引更多港澳青年來深創業，同時全面推進深港合作，"
        "打通各類要素流動的堵點，讓兩地市民往來更加便利。",
        "▲圖為福田口岸。",
    ]


def test_many_captions_move_in_time_linear_in_the_text():
    # Each move rewrote the whole text and listed its lines again.
    page = CUT_WITH_CAPTION + "進深港合作。\n"
    assert growth(lambda n: clean_text(page * n), 100, 1_000) < 4


def test_an_over_long_sentence_is_split_after_clause_marks_then_at_the_bound():
    clauses = ("深港兩地合作" * 30 + "，") * 8  # 1,448 characters, a comma every 181
    run_on = "前海" * 700  # 1,400 characters without a mark
    doc = parse_document(clauses + run_on + "。", doc_id="long")
    texts = [s.text for s in doc.sentences]
    assert "".join(texts) == clauses + run_on + "。"
    assert all(len(t) <= MAX_SENTENCE for t in texts)
    assert texts[0].endswith("，") and len(texts[0]) == 181 * 5
    assert len(texts[2]) == MAX_SENTENCE  # no mark in reach: cut at the bound
    assert_offsets_point_into_original(doc)


def test_the_longest_sentence_of_the_seeds_and_the_corpus_is_far_below_the_bound():
    root = Path(__file__).resolve().parents[2]
    paths = [*root.glob("seeds/*.txt"), *root.glob("corpus/*/*.txt")]
    longest = max(len(s.text) for p in paths for s in read_document(p).sentences)
    assert longest * 2 < MAX_SENTENCE


ARTICLE_TEXT = "深圳市政協委員李大為建議推出「灣區快線」計劃。\n"


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_warning_that_can_be_printed(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    bad = os.fsdecode(os.fsencode(tmp_path) + b"/bad\xff\xfe.txt")
    Path(bad).write_text(ARTICLE_TEXT, encoding="utf-8")
    warnings: list[str] = []
    docs = read_documents([tmp_path], warn=warnings.append)
    assert [d.doc_id for d in docs] == ["good"]
    assert len(warnings) == 1 and "bad\\xff\\xfe.txt: the file name is not UTF-8" in warnings[0]
    warnings[0].encode("utf-8")  # printable: no lone surrogate left in the message
    with pytest.raises(InputError, match=r"bad\\xff\\xfe\.txt"):
        read_documents([bad])


@pytest.fixture
def deep_folder(tmp_path):
    """``tmp_path/d/d/…/d/deep.txt``, 2,100 folders deep: deeper than recursion goes and
    longer than a path may be. Removed here, bottom up, since ``shutil.rmtree`` (and so
    pytest's clean-up of old temporary folders) recurses and would fail on it."""
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        for _ in range(2_100):
            os.mkdir("d")
            os.chdir("d")
        Path("deep.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
        yield tmp_path
        os.unlink("deep.txt")
        for _ in range(2_100):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


def test_a_folder_too_deep_to_list_is_skipped_with_a_warning(deep_folder):
    (deep_folder / "top.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    warnings: list[str] = []
    assert [d.doc_id for d in read_documents([deep_folder], warn=warnings.append)] == ["top"]
    assert len(warnings) == 1 and "cannot list the folder (File name too long)" in warnings[0]


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
@pytest.mark.parametrize("encoding", ["utf-8", "big5hkscs"])
def test_a_utf16_byte_order_mark_before_other_bytes_is_refused(bom, encoding):
    raw = bom + (ARTICLE_TEXT * 3).encode(encoding)
    raw += b"\n" * (len(raw) % 2)  # an odd length fails to decode anyway
    with pytest.raises(
        InputError, match="UTF-16 byte-order mark but what follows is not UTF-16 text"
    ):
        decode_bytes(raw)


def test_a_utf16_article_in_a_folder_of_mojibake_still_reads(tmp_path):
    (tmp_path / "real.txt").write_bytes(ARTICLE_TEXT.encode("utf-16"))
    (tmp_path / "fake.txt").write_bytes(b"\xff\xfe" + ARTICLE_TEXT.encode("utf-8") + b"\n")
    warnings: list[str] = []
    docs = read_documents([tmp_path], warn=warnings.append)
    assert [(d.doc_id, d.sentences[0].text) for d in docs] == [("real", ARTICLE_TEXT.strip())]
    assert len(warnings) == 1 and "fake.txt: starts with a UTF-16 byte-order mark" in warnings[0]
