"""The pipeline from kg/configs/entities.cfg, with and without a model."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.entities import make_nlp
from kg.entities.learned import reads_cluener
from kg.entities.pipeline import DEFAULT_ENTITY_MODEL
from kg.errors import InputError

pytest.importorskip("jieba")


def test_pipeline_runs_without_a_model(nlp):
    assert "kg_cluener_ner" not in nlp.pipe_names
    assert all(name.startswith("kg_") for name in nlp.pipe_names)


def test_a_named_model_folder_must_hold_a_pipeline(tmp_path):
    with pytest.raises(InputError, match="no spaCy pipeline here"):
        make_nlp(tmp_path)


def _entity_model_reading_cluener(folder: Path, reads: bool | None) -> Path:
    """A copy of the shipped entity model whose config sets ``[readings] cluener_model`` (or
    leaves the section out, when ``reads`` is None)."""
    shutil.copytree(DEFAULT_ENTITY_MODEL, folder)
    config = folder / "config.cfg"
    text = re.sub(r"(?ms)^\[readings\]\n.*?(?=^\[)", "", config.read_text(encoding="utf-8"))
    if reads is not None:
        text += f"\n[readings]\ncluener_model = {str(reads).lower()}\n"
    config.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("reads", [True, False, None])
def test_the_cluener_ner_runs_for_an_entity_model_that_reads_it_only(tmp_path, reads):
    folder = _entity_model_reading_cluener(tmp_path / "entities", reads)
    assert reads_cluener(folder / "config.cfg") is (reads is not False)
    nlp = make_nlp(entity_model=folder)
    assert "kg_entity_model" in nlp.pipe_names
    assert ("kg_cluener_ner" in nlp.pipe_names) is (reads is not False)


def test_the_rules_alone_run_the_cluener_ner():
    assert "kg_cluener_ner" in make_nlp(entity_model=None).pipe_names
    assert "kg_cluener_ner" not in make_nlp(None, entity_model=None).pipe_names


def test_a_named_ner_folder_is_checked_even_when_the_entity_model_reads_none(tmp_path):
    folder = _entity_model_reading_cluener(tmp_path / "entities", False)
    with pytest.raises(InputError, match="no spaCy pipeline here"):
        make_nlp(tmp_path / "no-ner", entity_model=folder)
