"""The annotated corpus is well formed: every gold name and evidence occurs in its text, types
and predicates are the ontology's, the splits are disjoint and share no passage with each
other or with the seeds, no article is reserved for evaluation, every article has metadata."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.tools.corpus import SCRIPTS, SPLITS, article_problems, read_split, shared_passages

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
RESERVED = ROOT.parent / "shared" / "eval" / "reserved.py"


@pytest.fixture(scope="module")
def articles():
    return {split: read_split(CORPUS, split) for split in SPLITS}


def test_the_counts_the_corpus_promises(articles):
    sizes = {split: len(found) for split, found in articles.items()}
    assert sizes["train"] >= 130 and sizes["dev"] >= 30 and sizes["test"] >= 40
    assert sum(sizes.values()) >= 200
    every = [a for found in articles.values() for a in found]
    scripts = Counter(a.script for a in every)
    assert all(scripts[s] >= 0.4 * len(every) for s in SCRIPTS)
    assert len({a.meta["outlet"] for a in every}) >= 15
    assert len({str(a.meta["date"])[:4] for a in every if a.meta["date"]}) >= 5


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_holds_both_scripts(articles, split):
    assert {a.script for a in articles[split]} == set(SCRIPTS)


@pytest.mark.parametrize("split", SPLITS)
def test_every_article_is_well_formed(articles, split):
    problems = [p for a in articles[split] for p in article_problems(a)]
    assert problems == []


def test_splits_are_disjoint_and_share_no_passage_with_each_other_or_the_seeds(articles):
    stems = [a.stem for found in articles.values() for a in found]
    assert len(stems) == len(set(stems))
    groups = {split: [a.text() for a in found] for split, found in articles.items()}
    groups["seeds"] = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    assert list(shared_passages(groups)) == []


def test_a_copied_story_is_caught():
    story = "深圳市政協委員陳大文建議，加快推進灣區快線計劃，連接皇崗口岸與前海合作區，" * 3
    assert list(shared_passages({"train": [story], "test": ["前言。" + story[10:]]})) == [
        ("train", "test")
    ]
    assert list(shared_passages({"train": [story], "test": ["完全不同的另一篇文章" * 10]})) == []


def _copy_with(article, folder: Path, *, gold: dict | None = None, meta: dict | None = None):
    """``article`` copied into ``folder/dev``, its gold or metadata replaced where given, read
    back as an article."""
    (folder / "dev").mkdir(exist_ok=True)
    for suffix, replaced in ((".txt", None), (".gold.json", gold), (".meta.json", meta)):
        target = folder / "dev" / f"{article.stem}{suffix}"
        if replaced is None:
            target.write_bytes(article.text_path.with_suffix(suffix).read_bytes())
        else:
            target.write_text(json.dumps(replaced, ensure_ascii=False), encoding="utf-8")
    return read_split(folder, "dev")[0]


def test_a_name_not_in_the_text_is_reported(tmp_path, articles):
    article = articles["dev"][0]
    gold = article.gold()
    gold["entities"].append({"name": "不存在的名字機構", "type": "Organization", "aliases": []})
    problems = article_problems(_copy_with(article, tmp_path, gold=gold))
    assert any("不存在的名字機構" in p for p in problems)


def test_an_article_without_an_outlet_is_reported(tmp_path, articles):
    article = articles["dev"][0]
    assert article_problems(article) == []
    for empty in (None, "", "  "):
        copy = _copy_with(article, tmp_path, meta={**article.meta, "outlet": empty})
        assert any("outlet is empty" in p for p in article_problems(copy))


def test_every_test_article_was_annotated_twice(articles):
    test = {a.stem for a in articles["test"]}
    for which in ("first", "second"):
        assert {
            p.name[: -len(".gold.json")] for p in (CORPUS / "agreement" / which).glob("*.gold.json")
        } == test


@pytest.mark.skipif(not RESERVED.exists(), reason="needs ../shared/eval/reserved.py")
def test_no_article_is_reserved_for_evaluation():
    result = subprocess.run(
        [sys.executable, str(RESERVED), *(str(CORPUS / s) for s in SPLITS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
