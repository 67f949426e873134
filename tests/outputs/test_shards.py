"""``kg build --shards``: the graph as N-Quads files, the same bytes every time, each article's
graph whole in one file and the entity graph apart; a folder is replaced only if shards."""

from __future__ import annotations

import json

import pyoxigraph
import pytest

from kg.errors import InputError, OutputError
from kg.outputs.shards import ENTITY_SHARD, SHARDS_MANIFEST, read_shards, write_shards
from kg.rdf.graph import ENTITY_GRAPH, build_dataset
from tests.conftest import cooperation_records


@pytest.fixture
def dataset(article):
    return build_dataset(*cooperation_records(article))


def graphs_of(path) -> set[str]:
    return {quad.graph_name.value for quad in pyoxigraph.parse(path=str(path))}


def test_each_article_graph_is_whole_in_one_shard_and_entities_apart(dataset, tmp_path):
    shards = write_shards(dataset, tmp_path / "shards", articles_per_shard=1)
    names = [shard.name for shard in shards.shards]
    assert names == ["articles-00000.nq", "articles-00001.nq", ENTITY_SHARD]
    assert graphs_of(tmp_path / "shards" / ENTITY_SHARD) == {str(ENTITY_GRAPH)}
    article_graphs = [graphs_of(tmp_path / "shards" / name) for name in names[:2]]
    assert [len(g) for g in article_graphs] == [1, 1] and article_graphs[0] != article_graphs[1]
    assert shards.quads == len(list(dataset.quads((None, None, None, None))))
    assert read_shards(tmp_path / "shards") == shards


def test_shards_are_the_same_bytes_every_time_and_keep_language_tags(dataset, tmp_path):
    write_shards(dataset, tmp_path / "a")
    write_shards(dataset, tmp_path / "b")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == ["articles-00000.nq", ENTITY_SHARD, SHARDS_MANIFEST]
    assert all(
        (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in files
    )
    assert "@zh-hant" not in (tmp_path / "a" / ENTITY_SHARD).read_text(encoding="utf-8")
    assert "@zh-Hant " in (tmp_path / "a" / ENTITY_SHARD).read_text(encoding="utf-8")


def test_shards_replace_earlier_shards_but_no_other_folder(dataset, tmp_path):
    write_shards(dataset, tmp_path / "shards", articles_per_shard=1)
    write_shards(dataset, tmp_path / "shards", articles_per_shard=2)
    manifest = json.loads((tmp_path / "shards" / SHARDS_MANIFEST).read_text(encoding="utf-8"))
    assert [row["name"] for row in manifest["files"]] == ["articles-00000.nq", ENTITY_SHARD]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shards"]  # nothing left beside it
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="holds other files than shards"):
        write_shards(dataset, other)
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]


def test_a_folder_without_a_manifest_is_no_shards(tmp_path):
    with pytest.raises(InputError, match="no shards.json here"):
        read_shards(tmp_path)
    (tmp_path / SHARDS_MANIFEST).write_text(
        json.dumps({"files": [{"name": "articles-00000.nq", "graphs": 1, "quads": 3}]}),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="missing: articles-00000.nq"):
        read_shards(tmp_path)
