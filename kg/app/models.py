"""Which trained models a build uses: the shipped ones, or those of a folder ``kg train``
wrote (``entities/``, ``relations/``)."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError

__all__ = ["entity_pipeline", "relation_model"]


def entity_pipeline(models: str | Path | None = None):
    """``make_nlp()`` with the entity model of a ``kg train`` output folder, or the shipped one."""
    from kg.entities import make_nlp
    from kg.entities.pipeline import DEFAULT_ENTITY_MODEL

    if models is None:
        return make_nlp()
    return make_nlp(entity_model=_model_folder(models, "entities", DEFAULT_ENTITY_MODEL))


def relation_model(models: str | Path | None = None):
    """The relation model of a ``kg train`` output folder, or the shipped one (None if none)."""
    from kg.relations.learned import DEFAULT_MODEL, RelationModel, load_model

    if models is None:
        return load_model()
    return RelationModel.from_disk(_model_folder(models, "relations", DEFAULT_MODEL))


def _model_folder(models: str | Path, part: str, default: Path) -> Path:
    folder = Path(models) / part
    if not (folder / "meta.json").exists():
        raise InputError(
            f"{folder}: no trained model here (meta.json missing); give the folder `kg train` wrote"
        )
    return folder
