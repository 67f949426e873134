"""The pipeline from kg/configs/entities.cfg, with and without a model."""

from __future__ import annotations

import pytest

from kg.entities import make_nlp
from kg.errors import InputError

pytest.importorskip("jieba")


def test_pipeline_runs_without_a_model(nlp):
    assert "kg_cluener_ner" not in nlp.pipe_names
    assert all(name.startswith("kg_") for name in nlp.pipe_names)


def test_a_named_model_folder_must_hold_a_pipeline(tmp_path):
    with pytest.raises(InputError, match="no spaCy pipeline here"):
        make_nlp(tmp_path)
