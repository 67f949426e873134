"""The seed build, byte for byte: a change meant to keep behaviour (a move, a rename, a rule
turned into data) must leave graph.ttl, graph.trig and graph.html as they were.

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

GOLDEN = Path(__file__).parent / "golden" / "seeds.json"


@pytest.fixture(scope="module")
def golden():
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig", "graph.html"])
def test_seed_outputs_are_byte_identical(seed_build, golden, name):
    _, out = seed_build
    digest = hashlib.sha256((Path(out) / name).read_bytes()).hexdigest()
    assert digest == golden[name], f"{name} changed; if on purpose, run scripts/record_golden.py"


def test_extractor_ids_are_kept(seed_build, golden):
    _, out = seed_build
    turtle = (Path(out) / "graph.ttl").read_text(encoding="utf-8")
    assert dict(Counter(re.findall(r'kgo:extractor "([^"]*)"', turtle))) == golden["extractors"]
