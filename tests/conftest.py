"""Shared fixtures: small invented articles and hand-built records (never the seeds)."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kg.app import api
from kg.records import ArticleMetadata, Entity, Mention, Relation, Resolution
from kg.text.ingest import parse_document

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
)
HEADLESS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
"""Chromium as the browser tests run it: headless, and calling no service of its own."""
ARTICLE = (
    "# 灣區快線試點啟動\n"
    "南山區政協委員陳大文建議推出「灣區快線」計劃。\n"
    "他表示，計劃將連接皇崗口岸與前海合作區。\n"
)


def mention(doc, sentence, surface, label, source="test"):
    text = doc.sentences[sentence].text
    start = text.index(surface)
    return Mention(doc.doc_id, sentence, start, start + len(surface), surface, label, source)


@pytest.fixture
def article():
    return parse_document(ARTICLE, doc_id="article-1")


@pytest.fixture
def records(article):
    return hand_built_records(article)


def hand_built_records(doc):
    """(documents, resolution, relations) for ARTICLE, built by hand."""
    people = mention(doc, 1, "陳大文", "Person")
    org = mention(doc, 1, "南山區政協", "Organization")
    plan = mention(doc, 1, "「灣區快線」計劃", "Initiative")
    port = mention(doc, 2, "皇崗口岸", "Port")
    zone = mention(doc, 2, "前海合作區", "Platform")
    entities = (
        Entity("Person/陳大文", "Person", "陳大文", "zh-Hant", (), (people,)),
        Entity("Organization/南山區政協", "Organization", "南山區政協", "zh-Hant", (), (org,)),
        Entity(
            "Initiative/灣區快線",
            "Initiative",
            "灣區快線",
            "zh-Hant",
            ("「灣區快線」計劃",),
            (plan,),
        ),
        Entity("Port/皇崗口岸", "Port", "皇崗口岸", "zh-Hant", (), (port,)),
        Entity("Platform/前海合作區", "Platform", "前海合作區", "zh-Hant", (), (zone,)),
    )
    entity_of = {
        people: entities[0].key,
        org: entities[1].key,
        plan: entities[2].key,
        port: entities[3].key,
        zone: entities[4].key,
    }
    resolution = Resolution(entities, entity_of)

    def relation(s, p, o, sentence, role=None):
        sent = doc.sentences[sentence]
        return Relation(
            s, p, o, doc.doc_id, sentence, sent.text, sent.start, sent.end, "test_rule", 0.9, role
        )

    relations = (
        relation("Person/陳大文", "proposed", "Initiative/灣區快線", 1),
        relation("Person/陳大文", "affiliatedWith", "Organization/南山區政協", 1, role="委員"),
        relation("Initiative/灣區快線", "concerns", "Port/皇崗口岸", 2),
        relation("Initiative/灣區快線", "concerns", "Platform/前海合作區", 2),
    )
    return (doc,), resolution, relations


COOPERATION_ARTICLE = "# 深港合作再進一步\n南山區政協與香港科技園公司簽署合作協議。\n"


def cooperation_records(article):
    """The conftest records plus a second article in which two organizations cooperate."""
    (doc,), resolution, relations = hand_built_records(article)
    second = parse_document(COOPERATION_ARTICLE, doc_id="article-2")
    org = mention(second, 1, "南山區政協", "Organization")
    park = mention(second, 1, "香港科技園公司", "Organization")
    entities = [
        e
        if e.key != "Organization/南山區政協"
        else Entity(e.key, e.label, e.name, e.script, e.aliases, e.mentions + (org,))
        for e in resolution.entities
    ]
    entities.append(
        Entity(
            "Organization/香港科技園公司", "Organization", "香港科技園公司", "zh-Hant", (), (park,)
        )
    )
    entity_of = {
        **resolution.entity_of,
        org: "Organization/南山區政協",
        park: "Organization/香港科技園公司",
    }
    sentence = second.sentences[1]
    cooperation = Relation(
        "Organization/南山區政協",
        "cooperatesWith",
        "Organization/香港科技園公司",
        second.doc_id,
        1,
        sentence.text,
        sentence.start,
        sentence.end,
        "test_rule",
        0.8,
    )
    return (doc, second), Resolution(tuple(entities), entity_of), (*relations, cooperation)


@pytest.fixture(scope="session")
def nlp():
    from kg.entities import make_nlp

    return make_nlp()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, nlp):
    """One build of seeds/ shared by the tests that check the whole product."""
    out = tmp_path_factory.mktemp("seed-build")
    return api.build([ROOT / "seeds"], out, nlp=nlp), out


@pytest.fixture(scope="session")
def seed_rules_only_build(tmp_path_factory):
    """One build of seeds/ by the rules alone (``kg build --rules-only``)."""
    from kg.app.models import RULES_ONLY

    out = tmp_path_factory.mktemp("seed-rules-only")
    return api.build([ROOT / "seeds"], out, models=RULES_ONLY), out


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server a test started: politely, then by force, never leaving it running or
    its pipes open."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()


def growth(work: Callable[[int], object], small: int, large: int) -> float:
    """How much more each unit costs at ``large`` than at ``small`` (1 when linear, large/small
    when quadratic): the best of three wall times of ``work(size)`` per unit, both measured
    here, so that the machine's load cancels out."""

    def per_unit(size: int) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            work(size)
            best = min(best, time.perf_counter() - started)
        return best / size

    return per_unit(large) / per_unit(small)


# One article told three times: by 南方日報 in 2023, 大公報 in 2025 and, undated, by no outlet.
DATED_ARTICLES = (
    ("article-2023", date(2023, 2, 15), "南方日報"),
    ("article-2025", date(2025, 3, 21), "大公報"),
    ("undated", None, None),
)


def dated_dataset():
    """The graph of DATED_ARTICLES: each copy states the same facts, each entity is one
    across the three."""
    from kg.rdf.graph import build_dataset

    documents, relations = [], []
    entities: dict[str, Entity] = {}
    entity_of: dict = {}
    for doc_id, day, outlet in DATED_ARTICLES:
        document = parse_document(
            ARTICLE, doc_id=doc_id, metadata=ArticleMetadata(date=day, outlet=outlet)
        )
        docs, resolution, found = hand_built_records(document)
        documents += docs
        relations += found
        for entity in resolution.entities:
            known = entities[entity.key].mentions if entity.key in entities else ()
            entities[entity.key] = dataclasses.replace(entity, mentions=known + entity.mentions)
        entity_of.update(resolution.entity_of)
    return build_dataset(documents, Resolution(tuple(entities.values()), entity_of), relations)
