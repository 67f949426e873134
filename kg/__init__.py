"""Knowledge-graph builder for Shenzhen–Hong Kong cooperation news.

    >>> import kg
    >>> result = kg.build(["seeds"], out="out")          # doctest: +SKIP
    >>> kg.query("who-proposed-what", graph="out").rows  # doctest: +SKIP

The operations (``kg.build``, ``kg.query`` …) live in ``kg.app.api`` and are looked up there on
first use, so that importing a stage (``kg.text.ingest``, ``kg.entities``) does not load the
application layer above it: dependencies point down, from ``kg.app`` to ``kg.records``.
"""

from __future__ import annotations

import importlib

from kg.errors import InputError, KGError, OntologyError, PatternError, QueryError

__all__ = [
    "build",
    "extract",
    "query",
    "export",
    "validate",
    "evaluate",
    "visualize",
    "stats",
    "serve",
    "push",
    "explain_entity",
    "train_ner",
    "load_dataset",
    "load_graph",
    "KGError",
    "InputError",
    "PatternError",
    "QueryError",
    "OntologyError",
]
__version__ = "0.1.0"

_OPERATIONS = frozenset(__all__[:14])


def __getattr__(name: str):
    """The operations of ``kg.app.api``, imported when first asked for (PEP 562)."""
    if name in _OPERATIONS:
        return getattr(importlib.import_module("kg.app.api"), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _OPERATIONS)
