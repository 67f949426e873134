"""The seed build, byte for byte, with the shipped models (the default) and with the rules
alone (``--rules-only``): a change meant to keep behaviour (a move, a rename, a rule turned
into data) must leave graph.ttl, graph.trig and graph.html as they were in both.

After a change that is *meant* to alter the graph, record the new figures with
``python scripts/record_golden.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
BUILDS = ["seeds", "seeds-rules-only"]  # tests/golden/<build>.json


@pytest.fixture(scope="module", params=BUILDS)
def build_and_golden(request):
    fixture = "seed_build" if request.param == "seeds" else "seed_rules_only_build"
    golden = json.loads((GOLDEN / f"{request.param}.json").read_text(encoding="utf-8"))
    return request.getfixturevalue(fixture), golden


@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig", "graph.html"])
def test_seed_outputs_are_byte_identical(build_and_golden, name):
    (_, out), golden = build_and_golden
    digest = hashlib.sha256((Path(out) / name).read_bytes()).hexdigest()
    assert digest == golden[name], f"{name} changed; if on purpose, run scripts/record_golden.py"


def test_extractor_ids_are_kept(build_and_golden):
    (_, out), golden = build_and_golden
    turtle = (Path(out) / "graph.ttl").read_text(encoding="utf-8")
    assert dict(Counter(re.findall(r'kgo:extractor "([^"]*)"', turtle))) == golden["extractors"]
