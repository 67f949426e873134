"""The entity stage's sources, their order (run order and precedence) and their scores, read
from ``kg/configs/entities.cfg``."""

from __future__ import annotations

from pathlib import Path

from confection import Config

from kg.errors import PatternError

__all__ = ["CONFIG", "SOURCES", "SCORES", "MODEL"]

CONFIG = Path(__file__).parent.parent / "configs" / "entities.cfg"


def _read_sources(path: Path) -> dict[str, float]:
    """Source -> score from ``[sources]`` of the config, in order, checked."""
    try:
        sources = dict(Config().from_disk(path, interpolate=False)["sources"])
    except (OSError, KeyError, ValueError) as error:
        raise PatternError(f"{path}: no readable [sources] section ({error})") from None
    for name, score in sources.items():
        if not isinstance(score, float) or not 0 < score <= 1:
            raise PatternError(f"{path}: score of {name} must be a number in (0, 1], not {score!r}")
    return sources


SCORES: dict[str, float] = _read_sources(CONFIG)
"""Confidence of a mention by source: a rough prior for provenance, not a calibrated probability."""
SOURCES: tuple[str, ...] = tuple(SCORES)
"""Extractors in order of precedence; each component writes ``doc.spans[<its name>]``."""


def _read_model(path: Path) -> dict:
    """The ``[model]`` section: how the entity model's spans and the rules' combine."""
    try:
        model = dict(Config().from_disk(path, interpolate=False)["model"])
    except (OSError, KeyError, ValueError) as error:
        raise PatternError(f"{path}: no readable [model] section ({error})") from None
    if set(model) != {"name", "score", "keep_unopposed_rules"}:
        raise PatternError(f"{path}: [model] holds name, score and keep_unopposed_rules")
    return model


MODEL: dict = _read_model(CONFIG)
"""The entity model's name, its mentions' score and whether unopposed rule spans stay."""
