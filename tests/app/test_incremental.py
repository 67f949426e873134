"""Incremental builds: only new or changed articles are re-extracted, and the result is the same,
byte for byte, as a full rebuild."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Literal

from kg import entities
from kg.app import api
from kg.app.cache import MentionCache, content_key
from kg.entities import make_nlp
from kg.errors import OutputError
from kg.outputs.store import STORE_DIR
from kg.records import Mention
from kg.text.ingest import parse_document

ARTICLES = {
    "a.txt": "香港文匯報訊 深圳市政協委員李大為建議推出「灣區快線」計劃，連接皇崗口岸與前海合作區。\n",
    "b.txt": "深圳市政协委员王小红建议设立「跨境通」机制，推动河套合作区发展。\n",
    "c.txt": "香港科技園公司行政總裁趙志強表示，將與深圳灣實驗室攜手推動「灣區創科走廊」計劃。\n",
}
CHANGED_B = "深圳市政协委员王小红建议设立「跨境通」机制，推动前海合作区与香港机场合作。\n"
NEW_D = "南山區政協委員陳美玲建議在河套合作區設立「青年創業港」，並與香港大學合作。\n"
OUTPUTS = ("graph.ttl", "graph.trig", "graph.html", "articles.jsonl")


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


@pytest.fixture
def extracted(monkeypatch):
    """Doc ids the entity stage ran on, in order."""
    calls = []
    original = entities.extract_mentions

    def counting(document, nlp):
        calls.append(document.doc_id)
        return original(document, nlp)

    monkeypatch.setattr(entities, "extract_mentions", counting)
    return calls


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.txt"):
        if path.name not in articles:
            path.unlink()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def store_quads(folder: Path) -> list[str]:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(folder / STORE_DIR))
    return sorted(store.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def labels(folder: Path) -> set[str]:
    dataset = Dataset().parse(folder / "graph.trig", format="trig")
    return {
        str(o) for _, _, o, _ in dataset.quads((None, None, None, None)) if isinstance(o, Literal)
    }


def test_add_change_remove_equals_a_full_rebuild(tmp_path, nlp, extracted):
    corpus, incremental, full = tmp_path / "corpus", tmp_path / "incremental", tmp_path / "full"
    api.build([write_corpus(corpus, ARTICLES)], incremental, nlp=nlp)
    assert sorted(extracted) == ["a", "b", "c"]
    before = labels(incremental)

    extracted.clear()
    articles = {"a.txt": ARTICLES["a.txt"], "b.txt": CHANGED_B, "d.txt": NEW_D}
    api.build([write_corpus(corpus, articles)], incremental, nlp=nlp)
    assert sorted(extracted) == ["b", "d"]

    extracted.clear()
    api.build([corpus], full, nlp=nlp)
    assert sorted(extracted) == ["a", "b", "d"]
    assert outputs(incremental) == outputs(full)
    assert store_quads(incremental) == store_quads(full)

    trig = (incremental / "graph.trig").read_text("utf-8")
    assert "graph/doc/c>" not in trig and "graph/doc/d>" in trig
    only_in_c = {
        label
        for label in before
        if label in ARTICLES["c.txt"] and not any(label in text for text in articles.values())
    }
    assert only_in_c and not only_in_c & labels(incremental)
    assert sorted(p.name for p in (incremental / "cache").iterdir()) == [
        "a.json",
        "b.json",
        "d.json",
    ]


def test_an_unchanged_corpus_extracts_nothing_and_writes_the_same_bytes(tmp_path, nlp, extracted):
    corpus, out = write_corpus(tmp_path / "corpus", ARTICLES), tmp_path / "out"
    api.build([corpus], out, nlp=nlp)
    first = outputs(out)
    extracted.clear()
    result = api.build([corpus], out, nlp=nlp)
    assert extracted == [] and outputs(out) == first
    assert api.query("who-proposed-what", graph=out).rows == result.proposals(limit=100).rows


def test_the_cache_is_keyed_by_content_and_extractor(tmp_path):
    document = parse_document(ARTICLES["a.txt"], doc_id="a")
    cache = MentionCache(tmp_path, "fingerprint-1")
    mentions = [Mention("a", 0, 0, 2, "香港", "Place", "test", 0.75)]
    cache.save(document, mentions)
    assert cache.load(document) == mentions
    assert MentionCache(tmp_path, "fingerprint-2").load(document) is None
    assert cache.load(parse_document(CHANGED_B, doc_id="a")) is None
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    assert cache.load(document) is None
    cache.save(document, mentions)
    assert json.loads((tmp_path / "a.json").read_text("utf-8"))["content"] == content_key(document)


HTML_ARTICLE = (
    "<p>香港文匯報訊 深圳市政協委員李大為建議推出「灣區快線」計劃</p>"
    "<p>連接皇崗口岸與前海合作區。</p>\n"
)
BIG5_ARTICLE = "香港科技園公司行政總裁趙志強表示，將與深圳灣實驗室攜手推動「灣區創科走廊」計劃。\n"


def test_the_same_bytes_read_another_way_are_another_article(tmp_path, nlp):
    # The cache was keyed by the file's bytes alone: a renamed file (text read as HTML) or
    # another --encoding reused mentions of text that is no longer there.
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(HTML_ARTICLE, encoding="utf-8")
    (corpus / "b.txt").write_bytes(BIG5_ARTICLE.encode("big5hkscs"))
    api.build([corpus], out, nlp=nlp)
    (corpus / "a.txt").rename(corpus / "a.html")
    api.build([corpus], out, nlp=nlp)
    api.build([corpus], tmp_path / "clean", nlp=nlp)
    assert outputs(out) == outputs(tmp_path / "clean")

    (corpus / "a.html").unlink()
    api.build([corpus], out, nlp=nlp, encoding="gb18030")
    api.build([corpus], out, nlp=nlp)
    api.build([corpus], tmp_path / "clean-2", nlp=nlp)
    assert outputs(out) == outputs(tmp_path / "clean-2")
    assert "趙志強" in (out / "graph.ttl").read_text("utf-8")


@pytest.mark.parametrize(
    "content", ["[]", "null", '"text"', "{}", '{"version": 2, "mentions": [1]}', "\udcff"]
)
def test_a_cache_file_that_is_no_cache_is_a_miss(tmp_path, content):
    document = parse_document(ARTICLES["a.txt"], doc_id="a")
    (tmp_path / "a.json").write_bytes(content.encode("utf-8", "surrogateescape"))
    assert MentionCache(tmp_path, "fingerprint").load(document) is None


def test_a_full_disk_while_caching_is_an_error_naming_the_file(tmp_path, monkeypatch):
    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kg.app.cache.atomic_write_text", full)
    document = parse_document(ARTICLES["a.txt"], doc_id="a")
    with pytest.raises(OutputError, match=r"a\.json: cannot write the cache \(No space left"):
        MentionCache(tmp_path, "fingerprint").save(document, [])


def test_metadata_changes_rebuild_the_graph_not_the_mentions(tmp_path, nlp, extracted):
    """A front matter's or a row's date feeds the graph, not the entity stage: changing it
    re-extracts nothing, and the graph says the new date as a full rebuild would."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    article = corpus / "a.md"
    article.write_text("---\ndate: 2023-02-15\n---\n" + ARTICLES["a.txt"], encoding="utf-8")
    rows = corpus / "rows.jsonl"
    rows.write_text(
        json.dumps({"id": "b", "text": ARTICLES["b.txt"], "date": "2024-01-01"})
        + "\n"
        + json.dumps({"id": "c", "text": ARTICLES["c.txt"], "date": "2024-01-02"})
        + "\n",
        encoding="utf-8",
    )
    api.build([corpus], out, nlp=nlp)
    article.write_text("---\ndate: 2025-03-21\n---\n" + ARTICLES["a.txt"], encoding="utf-8")
    rows.write_text(
        json.dumps({"id": "b", "text": CHANGED_B, "date": "2024-01-01"})
        + "\n"
        + json.dumps({"id": "c", "text": ARTICLES["c.txt"], "date": "2026-01-02"})
        + "\n",
        encoding="utf-8",
    )
    extracted.clear()
    api.build([corpus], out, nlp=nlp)
    assert extracted == ["rows-b"]  # the only article whose text changed
    incremental = outputs(out)
    assert '"2025-03-21"^^xsd:date' in incremental["graph.ttl"].decode("utf-8")
    assert '"2026-01-02"^^xsd:date' in incremental["graph.ttl"].decode("utf-8")
    api.build([corpus], tmp_path / "full", nlp=nlp)
    assert outputs(tmp_path / "full") == incremental
