"""``kg build --jobs N``: entities and relations found in worker processes give the same bytes as one job."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.app import api, parallel

ARTICLES = {
    "a1": "# 灣區快線試點啟動\n南山區政協委員陳大文建議推出「灣區快線」計劃。\n他表示，計劃將連接皇崗口岸與前海合作區。\n",
    "a2": "香港科技園公司與深圳市科技創新委員會簽署合作備忘錄。\n行政總裁黃志明表示，雙方將在河套合作區共建實驗室。\n",
    "a3": "羅湖口岸將於下月試行「合作查驗、一次放行」模式。\n深圳海關關長李文華說，旅客通關時間可縮短一半。\n",
    "a4": "全國人大代表張美玲提出設立「深港青年創業基金」。\n基金由前海管理局與香港青年聯會共同管理。\n",
    "a5": "福田區人民政府舉辦深港金融論壇，香港金融管理局副總裁周國強出席。\n論壇在深圳會展中心舉行。\n",
}
OUTPUTS = ("graph.ttl", "graph.trig", "articles.jsonl")


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def one_job(tmp_path_factory):
    """Corpus folder and the outputs of a one-job build of it."""
    root = tmp_path_factory.mktemp("jobs")
    corpus = write_corpus(root / "corpus", ARTICLES)
    api.build([corpus], root / "one", jobs=1)
    return corpus, outputs(root / "one")


def test_two_jobs_write_the_same_bytes_as_one(one_job, tmp_path):
    corpus, expected = one_job
    api.build([corpus], tmp_path / "two", jobs=2)
    assert outputs(tmp_path / "two") == expected


def test_only_uncached_articles_go_to_the_pool(one_job, tmp_path, monkeypatch):
    corpus, _ = one_job
    changed = {
        **ARTICLES,
        "a2": ARTICLES["a2"] + "會後雙方參觀了落馬洲河套地區。\n",
        "a6": "前海管理局局長王建國在深港合作會議上介紹跨境數據試點。\n",
    }
    sent: list[str] = []
    real = parallel.WorkerPool.extract

    def recording(pool, documents):
        sent.extend(d.doc_id for d in documents)
        return real(pool, documents)

    api.build([corpus], tmp_path / "out", jobs=1)
    corpus2 = write_corpus(tmp_path / "corpus2", changed)
    monkeypatch.setattr(parallel.WorkerPool, "extract", recording)
    api.build([corpus2], tmp_path / "out", jobs=2)
    assert sent == ["a2", "a6"]
    api.build([corpus2], tmp_path / "fresh", jobs=1)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")


def test_relations_of_every_article_are_found_in_the_pool(one_job, tmp_path, monkeypatch):
    corpus, expected = one_job
    sent: list[str] = []
    real = parallel.WorkerPool.relations

    def recording(pool, documents, mentions, resolution):
        sent.extend(d.doc_id for d in documents)
        return real(pool, documents, mentions, resolution)

    monkeypatch.setattr(parallel.WorkerPool, "relations", recording)
    api.build([corpus], tmp_path / "two", jobs=2)
    assert sent == sorted(ARTICLES)
    assert outputs(tmp_path / "two") == expected


def test_a_custom_pipeline_runs_in_one_job(article):
    with pytest.raises(ValueError, match="jobs=1"):
        api.extract([article, article], nlp=object(), jobs=2)


def _store_quads(out: Path) -> list[str]:
    from kg.outputs.store import open_store

    store = open_store(out / "store")
    return sorted(str(q) for q in store.quads_for_pattern(None, None, None, None))


def test_the_pool_warms_before_reading_and_loads_the_same_store(one_job, tmp_path, monkeypatch):
    corpus, _ = one_job
    calls: list[str] = []
    for name in ("warm", "write_store"):
        real = getattr(parallel.WorkerPool, name)
        monkeypatch.setattr(
            parallel.WorkerPool,
            name,
            lambda pool, *args, _real=real, _name=name: calls.append(_name) or _real(pool, *args),
        )
    real_read = api.read_documents
    monkeypatch.setattr(
        api,
        "read_documents",
        lambda *args, **kwargs: calls.append("read") or real_read(*args, **kwargs),
    )
    api.build([corpus], tmp_path / "two", jobs=2)
    assert calls == ["warm", "read", "write_store"]
    api.build([corpus], tmp_path / "one", jobs=1)
    assert _store_quads(tmp_path / "two") == _store_quads(tmp_path / "one") != []


def test_a_bad_input_with_jobs_fails_as_with_one(tmp_path):
    from kg.errors import InputError

    with pytest.raises(InputError):
        api.build([tmp_path / "missing"], tmp_path / "out", jobs=2)
    assert not (tmp_path / "out" / "graph.ttl").exists()
