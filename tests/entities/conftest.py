"""The entity tests run the rules alone: no CLUENER NER and no trained entity model, so that
each test says what a rule finds. The trained model is tested in tests/entities/test_learned.py
and by the quality floors."""

from __future__ import annotations

import pytest

from kg.entities import make_nlp


@pytest.fixture(scope="package")
def nlp():
    return make_nlp(None, entity_model=None)
