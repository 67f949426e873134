"""The trained models ship in the package and are what a build uses by default: they load from
``kg/models``, carry their cards, decide the mentions and statements of invented sentences in
both scripts (what must be found and what must not), and name themselves in every statement
they make. The rules alone are tested under tests/entities and tests/relations."""

from __future__ import annotations

import json

import pytest

from kg.app import api
from kg.entities import extract_mentions, make_nlp
from kg.entities.learned import MODEL_NAME as ENTITY_MODEL
from kg.entities.pipeline import DEFAULT_ENTITY_MODEL
from kg.relations.learned import DEFAULT_MODEL, MODEL_NAME, load_model
from kg.text.ingest import parse_document
from kg.text.normalize import to_simplified

SCRIPTS = pytest.mark.parametrize("simplified", [False, True], ids=["hant", "hans"])


def written(text: str, simplified: bool) -> str:
    return to_simplified(text) if simplified else text


@pytest.fixture(scope="module")
def shipped_nlp():
    return make_nlp()


def names(nlp, text: str) -> set[tuple[str, str]]:
    return {
        (m.text, m.label)
        for m in extract_mentions(parse_document(text, doc_id="t"), nlp)
        if m.label != "Role"
    }


@pytest.mark.parametrize("folder", [DEFAULT_ENTITY_MODEL, DEFAULT_MODEL], ids=["entity", "rel"])
def test_each_model_ships_with_its_card(folder):
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert meta["version"] and meta["version"] in card
    for heading in ("## Data", "## Terms", "## Training", "## Scores"):
        assert heading in card


def test_the_default_pipeline_ends_in_the_trained_entity_model(shipped_nlp):
    assert shipped_nlp.pipe_names[-1] == ENTITY_MODEL
    assert load_model() is not None


@SCRIPTS
def test_the_model_finds_the_names_of_a_proposal_sentence(shipped_nlp, simplified):
    text = "全國政協委員陳大文昨日在深圳表示，建議推出「灣區快線」計劃，便利市民經羅湖口岸往來。"
    found = names(shipped_nlp, written(text, simplified))
    expected = {
        ("全國政協", "Organization"),
        ("陳大文", "Person"),
        ("深圳", "Place"),
        ("羅湖口岸", "Port"),
    }
    assert {(written(n, simplified), t) for n, t in expected} <= found
    assert not {n for n, _ in found} & {written(w, simplified) for w in ("委員", "市民", "昨日")}


@SCRIPTS
def test_the_model_finds_bodies_platforms_and_events(shipped_nlp, simplified):
    text = "香港大學校長張小明出席在前海舉行的深港青年創新論壇，深圳市政府亦派員參加。"
    expected = {
        ("香港大學", "Organization"),
        ("張小明", "Person"),
        ("前海", "Platform"),
        ("深港青年創新論壇", "Event"),
        ("深圳市政府", "Organization"),
    }
    found = names(shipped_nlp, written(text, simplified))
    assert {(written(n, simplified), t) for n, t in expected} <= found
    assert ("校長", "Person") not in found


@SCRIPTS
def test_a_sentence_without_names_gives_none(shipped_nlp, simplified):
    assert not names(
        shipped_nlp, written("記者從市政府獲悉，發展新興行業是今年的重點。", simplified)
    )


@pytest.fixture(scope="module")
def invented_build(tmp_path_factory, shipped_nlp):
    folder = tmp_path_factory.mktemp("invented")
    (folder / "hant.txt").write_text(
        "全國政協委員陳大文建議推出「灣區快線」計劃。\n\n"
        "深圳市政府與香港特區政府簽署合作協議，深化兩地合作。\n",
        encoding="utf-8",
    )
    (folder / "hans.txt").write_text(
        to_simplified("全國人大代表李小華建議推出「跨境醫療通」計劃。\n"), encoding="utf-8"
    )
    return api.build([folder], tmp_path_factory.mktemp("out"), nlp=shipped_nlp)


def test_the_relation_model_states_proposals_roles_and_cooperation(invented_build):
    triples = {
        (r.subject.split("/")[-1], r.predicate, r.object.split("/")[-1])
        for r in invented_build.relations
    }
    assert ("陳大文", "proposed", "灣區快線") in triples or (
        "陳大文",
        "proposed",
        "「灣區快線」計劃",
    ) in triples
    assert ("陳大文", "affiliatedWith", "全國政協") in triples
    assert any(p == "proposed" and s == "李小华" for s, p, _ in triples)
    assert {
        ("深圳市政府", "cooperatesWith", "香港特區政府"),
        ("香港特區政府", "cooperatesWith", "深圳市政府"),
    } & triples
    assert not any(s == "灣區快線" for s, _, _ in triples)  # an initiative proposes nothing


def test_every_statement_names_the_model_and_its_version(invented_build):
    version = load_model().version
    assert version
    assert {r.source for r in invented_build.relations} == {f"{MODEL_NAME}@{version}"}
