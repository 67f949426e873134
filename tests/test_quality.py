"""Regression guards: the seed build (with the shipped models, and by the rules alone, which
are the models' candidates and features) and the corpus dev split may not score more than two
points below the figures recorded in benchmarks/seed_scores.json,
benchmarks/seed_rules_only_scores.json and benchmarks/corpus_dev_scores.json (``python
scripts/record_scores.py`` records new floors when extraction improves). Dev is the split for
looking; the test split is never guarded here."""

import json

import pytest

from kg.app import api
from tests.conftest import ROOT

TOLERANCE = 0.02
FLOORS = {
    name: json.loads((ROOT / "benchmarks" / f"{name}_scores.json").read_text(encoding="utf-8"))
    for name in ("seed", "seed_rules_only", "corpus_dev")
}


@pytest.fixture(scope="module")
def seed_evaluation(seed_build):
    _, out = seed_build
    return api.evaluate(ROOT / "gold", out / "graph.ttl")


@pytest.fixture(scope="module")
def seed_rules_only_evaluation(seed_rules_only_build):
    _, out = seed_rules_only_build
    return api.evaluate(ROOT / "gold", out / "graph.ttl")


@pytest.fixture(scope="module")
def corpus_dev_evaluation(nlp):
    return api.evaluate_corpus(ROOT / "corpus", "dev", nlp=nlp)["all"]


@pytest.mark.parametrize(
    "name,part,key",
    [
        (name, part, key)
        for name, floor in FLOORS.items()
        for part in ("entities", "relations")
        for key in floor[part]
    ],
)
def test_f1_does_not_regress(request, name, part, key):
    evaluation = request.getfixturevalue(f"{name}_evaluation")
    measured = getattr(evaluation, part)[key].f1
    floor = FLOORS[name][part][key]
    assert measured >= floor - TOLERANCE, (
        f"{name} {part} {key}: F1 {measured:.3f} < recorded {floor:.3f} - {TOLERANCE}"
    )
