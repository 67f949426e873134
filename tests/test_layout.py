"""The house rules of ``kg/``: stages import downwards only, with no circle between modules or
packages, lazily or not (DESIGN.md, STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent / "kg"
ORDER = [
    "app",
    "tools",
    "outputs",
    "rdf",
    "relations",
    "resolve",
    "entities",
    "text",
    "resources",
    "files",
    "records",
    "errors",
]
"""Packages and shared modules from the top of the house to its floor: each may import only
what comes after it."""


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The kg modules a file imports anywhere in it (at the top, in functions, by name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
            subs = {f"{node.module}.{a.name}" for a in node.names} & set(modules)
            found |= subs if len(subs) == len(node.names) else {node.module} | subs
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("kg.")
            and ":" in node.value
        ):
            found.add(node.value.split(":")[0])  # a registry entry: "kg.outputs.viz:to_html"
    return found & set(modules)


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    modules = _modules()
    g = nx.DiGraph()
    for name, path in modules.items():
        g.add_node(name)
        g.add_edges_from((name, target) for target in _imports(path, modules) if target != name)
    return g


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return ORDER.index(parts[1]) if len(parts) > 1 and parts[1] in ORDER else None


def test_no_module_imports_in_a_circle(graph):
    assert list(nx.simple_cycles(graph)) == []


def test_stages_import_only_downwards(graph):
    upward = [
        (a, b)
        for a, b in graph.edges
        if _layer(a) is not None and _layer(b) is not None and _layer(b) < _layer(a)
    ]
    assert upward == []


def test_every_module_sits_in_a_known_layer(graph):
    assert {m for m in graph if _layer(m) is None} == {"kg", "kg.__main__"}
