"""The driver: evidence offsets, one relation per triple, no self-relations, mentions that do not fit."""

from __future__ import annotations

import random

from kg.records import Mention, Resolution
from kg.relations import extract_relations
from tests.conftest import growth

from .cases import make, triples


def test_evidence_offsets_point_into_the_document():
    doc, mentions, res = make(
        [["序言。"], ["陳大文建議推出「灣區快線」計劃，方便通勤。"]],
        [[], [("陳大文", "Person"), ("「灣區快線」計劃", "Initiative")]],
    )
    (r,) = extract_relations(doc, mentions, res, model=None)
    assert doc.text[r.start : r.end] == r.evidence
    assert (
        r.evidence.startswith("陳大文建議") and r.sentence == 1 and r.source.startswith("proposed")
    )
    assert 0 < r.confidence <= 1


def test_same_triple_twice_is_kept_once_and_output_is_deterministic():
    args = make(
        [["陳大文建議推出「灣區快線」計劃。", "陳大文還提出「灣區快線」計劃。"]],
        [
            [("陳大文", "Person"), ("「灣區快線」計劃", "Initiative")],
            [("陳大文", "Person"), ("「灣區快線」計劃", "Initiative")],
        ],
    )
    first = extract_relations(*args, model=None)
    assert len(first) == 1 and first == extract_relations(*args, model=None)


def test_no_self_relations():
    found = triples(
        [["香港與香港特區深化合作。"]], [[("香港", "Place"), ("香港特區", "Place", "香港")]]
    )
    assert not found


def test_mentions_that_do_not_fit_the_sentence_or_resolution_are_ignored():
    doc, mentions, res = make(
        [["陳大文建議推出「灣區快線」計劃。"]],
        [[("陳大文", "Person"), ("「灣區快線」計劃", "Initiative")]],
    )
    stray = Mention("doc", 0, 5, 99, "x", "Person", "test")
    other = Mention("doc", 7, 0, 2, "陳大", "Person", "test")
    unknown = Mention("doc", 0, 0, 3, "陳大文", "Person", "test2")
    entity_of = dict(res.entity_of) | {
        stray: "Person/陳大文",
        other: "Person/陳大文",
        unknown: "Person/無此人",
    }
    found = extract_relations(
        doc, mentions + [stray, other, unknown], Resolution(res.entities, entity_of)
    )
    assert [(r.predicate, r.object) for r in found] == [("proposed", "Initiative/「灣區快線」計劃")]


def _many_bodies(count: int):
    """One document naming ``count`` companies, each with its research institute."""
    rng = random.Random(17)
    common = "深港前海河套福田南山羅湖科技創新金融物流文化旅遊教育醫療青年人才產業"
    sentences, spans = [], []
    for _ in range(count):
        stem = "".join(rng.choice(common) for _ in range(4))
        sentences.append(f"{stem}集團研究院與{stem}集團合作。")
        spans.append([(f"{stem}集團研究院", "Organization"), (f"{stem}集團", "Organization")])
    return make([sentences], spans)


def test_a_document_of_many_bodies_relates_in_time_linear_in_them():
    # named_parts tried every entity of the document as the body of every other.
    cases = {n: _many_bodies(n) for n in (100, 1_000)}
    doc, mentions, resolution = cases[100]
    assert ("Organization/" + doc.sentences[0].text[:9], "partOf") in {
        (r.subject, r.predicate) for r in extract_relations(doc, mentions, resolution, model=None)
    }
    assert growth(lambda n: extract_relations(*cases[n], model=None), 100, 1_000) < 4
