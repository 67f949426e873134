"""Which trained models a build uses: the shipped ones, those of a folder ``kg train`` wrote
(``entities/``, ``relations/``), or none (``RULES_ONLY``: the rules decide alone, as before
the models shipped; faster, and what the rule tests describe)."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError

__all__ = ["RULES_ONLY", "entity_pipeline", "relation_model"]

RULES_ONLY = "rules-only"
"""The ``models`` value of a build with no trained model (``kg build --rules-only``)."""


def entity_pipeline(models: str | Path | None = None):
    """``make_nlp()`` with the entity model of a ``kg train`` output folder, or the shipped one."""
    from kg.entities import make_nlp
    from kg.entities.pipeline import DEFAULT_ENTITY_MODEL

    if models is None:
        return make_nlp()
    if models == RULES_ONLY:
        return make_nlp(entity_model=None)
    return make_nlp(entity_model=_model_folder(models, "entities", DEFAULT_ENTITY_MODEL))


def relation_model(models: str | Path | None = None):
    """The relation model of a ``kg train`` output folder, or the shipped one (None if none)."""
    from kg.relations.learned import DEFAULT_MODEL, RelationModel, load_model

    if models is None:
        return load_model()
    if models == RULES_ONLY:
        return None
    return RelationModel.from_disk(_model_folder(models, "relations", DEFAULT_MODEL))


def _model_folder(models: str | Path, part: str, default: Path) -> Path:
    folder = Path(models) / part
    if not (folder / "meta.json").exists():
        raise InputError(
            f"{folder}: no trained model here (meta.json missing); give the folder `kg train` wrote"
        )
    return folder
