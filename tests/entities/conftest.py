"""The entity tests run the pipeline without the trained model: the rules alone decide."""

from __future__ import annotations

import pytest

from kg.entities import make_nlp


@pytest.fixture(scope="package")
def nlp():
    return make_nlp(None)
