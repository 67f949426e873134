"""Regression guard: the seed build may not score more than two points below the figures
recorded in benchmarks/seed_scores.json (update that file when extraction improves)."""

import json

import pytest

from kg.app import api
from tests.conftest import ROOT

RECORDED = json.loads((ROOT / "benchmarks" / "seed_scores.json").read_text(encoding="utf-8"))
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def evaluation(seed_build):
    _, out = seed_build
    return api.evaluate(ROOT / "gold", out / "graph.ttl")


@pytest.mark.parametrize(
    "part,key", [(part, key) for part in ("entities", "relations") for key in RECORDED[part]]
)
def test_seed_f1_does_not_regress(evaluation, part, key):
    measured = getattr(evaluation, part)[key].f1
    assert measured >= RECORDED[part][key] - TOLERANCE, (
        f"{part} {key}: F1 {measured:.3f} < recorded {RECORDED[part][key]:.3f} - {TOLERANCE}"
    )
