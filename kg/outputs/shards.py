"""The graph as N-Quads shards for a SPARQL server's bulk loader: ``kg build --shards DIR``.

The quads of ``graph.trig``, one named graph per article and the entity graph, in files a
bulk loader takes as they are (Oxigraph's ``oxigraph load``, Jena's ``tdb2.tdbloader``,
Virtuoso's ``ld_dir``; ``docs/deploy.md``) and that loaders running in parallel can share out:
``entities.nq`` holds the entity graph, ``articles-00000.nq``, ``articles-00001.nq``, … the
article graphs, ``ARTICLES_PER_SHARD`` whole graphs each, in order of graph name, each graph's
quads in the order of ``graph.trig``: the same build gives the same bytes. ``shards.json``
lists the files with the graphs and quads of each, so that a load can be checked against it
(``kg push --bulk`` does). Language tags keep their usual case (``zh-Hant``), as in our files.

The folder is written whole beside its place and swapped in (``kg.files.replacing_folder``):
a loader never sees shards of two builds. A folder that holds anything but shards is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from kg.errors import InputError, OutputError
from kg.files import atomic_write_text, replacing_folder
from kg.outputs.export import serialized_lines, sorted_graphs
from kg.rdf.graph import ENTITY_GRAPH

__all__ = [
    "ARTICLES_PER_SHARD",
    "ENTITY_SHARD",
    "SHARDS_MANIFEST",
    "Shard",
    "ShardSet",
    "read_shards",
    "write_shards",
]

ARTICLES_PER_SHARD = 1000  # about 30 MB of N-Quads for articles of 1,500 characters
ENTITY_SHARD = "entities.nq"
SHARDS_MANIFEST = "shards.json"
N_QUADS = "application/n-quads"


@dataclass(frozen=True)
class Shard:
    name: str
    graphs: int
    quads: int


@dataclass(frozen=True)
class ShardSet:
    folder: Path
    shards: tuple[Shard, ...]

    @property
    def quads(self) -> int:
        return sum(shard.quads for shard in self.shards)

    @property
    def graphs(self) -> int:
        return sum(shard.graphs for shard in self.shards)


def write_shards(
    dataset: Dataset, folder: str | Path, articles_per_shard: int = ARTICLES_PER_SHARD
) -> ShardSet:
    """Write the dataset's graphs into ``folder`` as N-Quads shards, replacing what an earlier
    ``write_shards`` wrote there."""
    import pyoxigraph

    if articles_per_shard < 1:
        raise ValueError("articles_per_shard must be at least 1")
    folder = Path(folder)
    _check_folder(folder)
    shards: list[Shard] = []
    with replacing_folder(folder) as staging:

        def write(name: str, graphs: list[list]) -> None:
            quads = [quad for graph in graphs for quad in graph]
            lines = serialized_lines(quads, pyoxigraph.RdfFormat.N_QUADS)
            atomic_write_text(staging / name, lines)
            shards.append(Shard(name, len(graphs), len(quads)))

        pending: list[list] = []  # article graphs for the next shard
        others: list[list] = []  # the entity graph
        for name, quads in sorted_graphs(dataset):
            if getattr(name, "value", None) == str(ENTITY_GRAPH):
                others.append(quads)
                continue
            pending.append(quads)
            if len(pending) == articles_per_shard:
                write(_article_shard(len(shards)), pending)
                pending = []
        if pending:
            write(_article_shard(len(shards)), pending)
        write(ENTITY_SHARD, others)
        manifest = {
            "format": N_QUADS,
            "graphs": sum(s.graphs for s in shards),
            "quads": sum(s.quads for s in shards),
            "files": [vars(s) for s in sorted(shards, key=lambda s: s.name)],
        }
        atomic_write_text(
            staging / SHARDS_MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
        )
    return ShardSet(folder, tuple(sorted(shards, key=lambda s: s.name)))


def _article_shard(index: int) -> str:
    return f"articles-{index:05d}.nq"


def _check_folder(folder: Path) -> None:
    """``folder`` may be replaced: it is absent, empty, or shards written before."""
    if folder.is_file():
        raise OutputError(f"{folder}: is a file; give --shards a folder")
    if folder.is_dir() and not (folder / SHARDS_MANIFEST).is_file() and any(folder.iterdir()):
        raise OutputError(
            f"{folder}: holds other files than shards, which would be replaced; give --shards "
            "a new or empty folder, or one that --shards wrote"
        )


def read_shards(folder: str | Path) -> ShardSet:
    """The shards of a folder ``write_shards`` wrote, checked against its manifest."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / SHARDS_MANIFEST).read_text("utf-8"))
        shards = tuple(Shard(**row) for row in manifest["files"])
    except FileNotFoundError:
        raise InputError(
            f"{folder}: no {SHARDS_MANIFEST} here; write shards with kg build --shards {folder}"
        ) from None
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise InputError(f"{folder / SHARDS_MANIFEST}: not a shards manifest ({error})") from None
    missing = _missing(folder, (s.name for s in shards))
    if missing:
        raise InputError(f"{folder}: shards listed in {SHARDS_MANIFEST} are missing: {missing}")
    return ShardSet(folder, shards)


def _missing(folder: Path, names: Iterable[str]) -> str:
    return ", ".join(name for name in names if not (folder / name).is_file())
