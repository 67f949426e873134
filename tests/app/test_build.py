"""End to end: articles in, graph files out, through the real extraction stages."""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.app import api
from kg.outputs.export import to_trig, to_turtle
from kg.rdf.graph import build_dataset
from kg.rdf.load import union_graph
from kg.text.ingest import parse_document

ARTICLES = {
    "a.txt": "香港文匯報訊（記者 陳小明 深圳報道）南山區政協委員李大為建議推出「灣區快線」計劃，"
    "連接皇崗口岸與前海合作區。\n\n他表示，深港兩地應攜手共建創新平台。\n",
    "b.md": "# 深圳市政协会议开幕\n\n深圳市政协委员王小红建议设立「跨境通」机制，推动河套合作区发展。\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_build_writes_three_files_that_parse_back(corpus, tmp_path, nlp):
    result = api.build([corpus], tmp_path, nlp=nlp)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "articles.jsonl",
        "build.json",
        "cache",
        "graph.html",
        "graph.trig",
        "graph.ttl",
        "store",
    ]
    build = json.loads((tmp_path / "build.json").read_text(encoding="utf-8"))["build"]
    for name in ("articles.jsonl", "build.json", "graph.html", "graph.trig", "graph.ttl", "store"):
        assert (tmp_path / name).resolve() == (tmp_path / ".builds" / build / name).resolve()
    turtle = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    trig = Dataset().parse(tmp_path / "graph.trig", format="trig")
    assert isomorphic(turtle, union_graph(trig))
    assert isomorphic(turtle, union_graph(result.dataset))
    assert result.entity_counts()["Person"] >= 1


def test_simplified_and_traditional_articles_get_their_own_language_tags(corpus, nlp):
    result = api.build([corpus], None, nlp=nlp)
    scripts = {d.doc_id: d.script for d in result.documents}
    assert scripts == {"a": "zh-Hant", "b": "zh-Hans"}


def test_seed_build_conforms_to_the_shapes(seed_build):
    _, out = seed_build
    report = api.validate(out / "graph.ttl")
    assert report.conforms, report.text[:2000]


def test_seed_build_finds_every_kind_of_thing(seed_build):
    result, _ = seed_build
    assert all(
        result.entity_counts()[t] > 0
        for t in ("Person", "Organization", "Port", "Platform", "Initiative", "Place", "Event")
    )
    assert sum(result.relation_counts().values()) > 0


def test_evidence_offsets_point_at_the_sentence_in_the_original(seed_build):
    """Evidence ends in its sentence and starts there or, for a statement read across
    sentences (a speaker named before, a body named further up), at an earlier one's start."""
    result, _ = seed_build
    by_id = {d.doc_id: d for d in result.documents}
    for relation in result.relations:
        document = by_id[relation.doc_id]
        sentence = document.sentences[relation.sentence]
        earlier = {s.start for s in document.sentences[: relation.sentence]}
        assert relation.start < relation.end <= sentence.end
        assert sentence.start <= relation.start or relation.start in earlier


def test_builds_are_byte_identical_across_hash_seeds(corpus, tmp_path):
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-q"],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(
            {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.html")}
        )
    assert outputs[0] == outputs[1]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=300))
def test_random_unicode_never_breaks_the_build(nlp, text):
    if not text.strip():
        return
    document = parse_document(text, doc_id="random")
    resolution, relations = api.extract([document], nlp=nlp)
    dataset = build_dataset([document], resolution, relations)
    turtle = Graph().parse(data=to_turtle(dataset), format="turtle")
    trig = Dataset().parse(data=to_trig(dataset), format="trig")
    assert isomorphic(turtle, union_graph(dataset))
    assert isomorphic(turtle, union_graph(trig))
    assert api.validate(turtle).conforms


def test_outputs_get_the_permissions_of_an_ordinary_write(tmp_path, nlp):
    """A temporary file is made 0600; the renamed output must not keep that mode."""
    import os
    import stat

    from conftest import ARTICLE

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    old = os.umask(0o022)
    try:
        api.build([tmp_path / "a.txt"], tmp_path / "out", nlp=nlp)
    finally:
        os.umask(old)
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o644, name
    assert stat.S_IMODE((tmp_path / "out" / "store").stat().st_mode) == 0o755
