"""``kg train`` on a tiny corpus written for the test: it runs, the models it writes load and
change what the pipeline finds, and the same data and seed give the same models."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.app import api
from kg.entities import extract_mentions, make_nlp
from kg.errors import InputError
from kg.records import PREDICATES
from kg.relations.learned import RelationModel
from kg.text.ingest import parse_document
from kg.tools.corpus import read_split
from kg.tools.train_entities import train_entity_model, training_settings
from kg.tools.train_relations import Settings, train_relation_model
from kg.tools.training import train_all

ARTICLES = {
    "train": [
        (
            "南山區政協委員陳大文建議推出「灣區快線」計劃。灣區快線將連接皇崗口岸。陳大文表示，"
            "南山區政協將與香港科技園公司合作。",
            [
                ("陳大文", "Person"),
                ("南山區政協", "Organization"),
                ("灣區快線", "Initiative"),
                ("皇崗口岸", "Port"),
                ("香港科技園公司", "Organization"),
            ],
            [
                ("陳大文", "affiliatedWith", "南山區政協", "南山區政協委員陳大文"),
                ("陳大文", "proposed", "灣區快線", "陳大文建議推出「灣區快線」計劃"),
                ("灣區快線", "concerns", "皇崗口岸", "灣區快線將連接皇崗口岸"),
            ],
        ),
        (
            "福田區人大代表李小文提出「河畔通」方案。河畔通將覆蓋福田口岸。李小文出席灣區論壇。",
            [
                ("李小文", "Person"),
                ("福田區人大", "Organization"),
                ("河畔通", "Initiative"),
                ("福田口岸", "Port"),
                ("灣区论坛", "Event"),
            ],
            [
                ("李小文", "affiliatedWith", "福田區人大", "福田區人大代表李小文"),
                ("李小文", "proposed", "河畔通", "李小文提出「河畔通」方案"),
                ("河畔通", "concerns", "福田口岸", "河畔通將覆蓋福田口岸"),
            ],
        ),
    ],
    "dev": [
        (
            "羅湖區政協委員張大明建議推出「口岸通」機制。口岸通將連接羅湖口岸。",
            [
                ("張大明", "Person"),
                ("羅湖區政協", "Organization"),
                ("口岸通", "Initiative"),
                ("羅湖口岸", "Port"),
            ],
            [("張大明", "proposed", "口岸通", "張大明建議推出「口岸通」機制")],
        ),
    ],
}


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-corpus")
    for split, articles in ARTICLES.items():
        (root / split).mkdir()
        for n, (text, entities, relations) in enumerate(articles):
            stem = f"{split}{n}"
            text += "。" * max(0, 500 - len(text))  # the corpus keeps texts of 500 characters
            (root / split / f"{stem}.txt").write_text(text, encoding="utf-8")
            meta = {
                "url": f"https://example.org/{stem}",
                "outlet": "測試報",
                "date": "2025-01-01",
                "script": "zh-Hant",
            }
            (root / split / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
            gold = {
                "doc": f"{stem}.txt",
                "entities": [
                    {"name": n, "type": t, "aliases": []} for n, t in entities if n in text
                ],
                "relations": [
                    {
                        "s": s,
                        "p": p,
                        "o": o,
                        "evidence": e,
                        **({"role": "委員"} if p == "affiliatedWith" else {}),
                    }
                    for s, p, o, e in relations
                ],
            }
            (root / split / f"{stem}.gold.json").write_text(
                json.dumps(gold, ensure_ascii=False), encoding="utf-8"
            )
    return root


def _set(config: Path, **settings: int) -> str:
    """The config's text with every ``key = value`` line of ``settings`` set (a small model)."""
    text = config.read_text(encoding="utf-8")
    for key, value in settings.items():
        text, count = re.subn(rf"(?m)^{key} = \S+$", f"{key} = {value}", text)
        assert count, f"{config.name} has no {key}"
    return text


@pytest.fixture(scope="module")
def small_configs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("configs")
    configs = Path(api.__file__).parents[1] / "configs"
    entities = _set(configs / "entities_model.cfg", epochs=8, width=32)
    (folder / "entities.cfg").write_text(entities, encoding="utf-8")
    relations = _set(configs / "relations_model.cfg", epochs=3, width=16, hidden=16)
    (folder / "relations.cfg").write_text(relations, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def trained(tiny_corpus, small_configs, tmp_path_factory):
    out = tmp_path_factory.mktemp("trained")
    train, dev = read_split(tiny_corpus, "train"), read_split(tiny_corpus, "dev")
    entities = train_entity_model(
        train, dev, out / "entities", cluener_model=None, config=small_configs / "entities.cfg"
    )
    relations = train_relation_model(
        train, dev, out / "relations", config=small_configs / "relations.cfg"
    )
    return out, entities, relations


def test_training_writes_models_with_their_reports(trained):
    out, entities, relations = trained
    assert entities["train_sentences"] > 0 and len(entities["history"]) == 8
    assert relations["train_positive_pairs"] > 0
    for part in ("entities", "relations"):
        meta = json.loads((out / part / "meta.json").read_text(encoding="utf-8"))
        assert meta["version"] and meta["name"].startswith("kg_")


def test_the_trained_entity_model_loads_and_changes_the_mentions(trained):
    out, _, _ = trained
    document = parse_document("南山區政協委員陳大文建議推出「灣區快線」計劃。", doc_id="t")
    rules = extract_mentions(document, make_nlp(None, entity_model=None))
    learned_nlp = make_nlp(None, entity_model=out / "entities")
    assert "kg_entity_model" in learned_nlp.pipe_names
    learned = extract_mentions(document, learned_nlp)
    assert any(m.source == "kg_entity_model" for m in learned)
    assert [(m.text, m.label, m.source) for m in learned] != [
        (m.text, m.label, m.source) for m in rules
    ]


def test_the_trained_relation_model_loads_and_predicts(trained):
    out, _, _ = trained
    model = RelationModel.from_disk(out / "relations")
    assert set(model.thresholds) == set(PREDICATES)
    assert model.version


def test_the_same_data_and_seed_give_the_same_models(trained, tiny_corpus, small_configs, tmp_path):
    out, _, _ = trained
    train, dev = read_split(tiny_corpus, "train"), read_split(tiny_corpus, "dev")
    train_entity_model(
        train, dev, tmp_path / "entities", cluener_model=None, config=small_configs / "entities.cfg"
    )
    train_relation_model(train, dev, tmp_path / "relations", config=small_configs / "relations.cfg")
    for part, name in (("entities", "model"), ("relations", "model.bin")):
        assert (tmp_path / part / name).read_bytes() == (out / part / name).read_bytes()


def test_training_both_models_at_once_gives_the_same_models(
    trained, tiny_corpus, small_configs, tmp_path
):
    out, _, _ = trained
    heard = []
    report = train_all(
        tiny_corpus,
        tmp_path,
        jobs=2,
        entity_config=small_configs / "entities.cfg",
        relation_config=small_configs / "relations.cfg",
        progress=lambda step, info: heard.append(step),
    )
    # the relation model, trained in a process of its own, is the one trained here in-process
    assert (tmp_path / "relations" / "model.bin").read_bytes() == (
        out / "relations" / "model.bin"
    ).read_bytes()
    # the config reads no CLUENER labels ([readings]), so kg train leaves the CLUENER NER out
    # as the fixture's run did: the same entity model
    assert (tmp_path / "entities" / "model").read_bytes() == (
        out / "entities" / "model"
    ).read_bytes()
    assert report["relations"]["version"] == RelationModel.from_disk(out / "relations").version
    assert {"entities", "relations"} <= set(heard)  # the child's epochs were heard too


def test_a_bad_config_of_the_relation_training_apart_is_the_users_error(
    tiny_corpus, small_configs, tmp_path
):
    broken = tmp_path / "broken.cfg"
    broken.write_text("[model]\nwidth = 8\n", encoding="utf-8")
    with pytest.raises(InputError, match="training"):
        train_all(
            tiny_corpus,
            tmp_path / "out",
            jobs=2,
            entity_config=small_configs / "entities.cfg",
            relation_config=broken,
        )


def test_a_folder_without_a_train_split_is_refused(tmp_path):
    with pytest.raises(Exception, match="no train/ split"):
        api.train(tmp_path, tmp_path / "out")


def test_rule_spans_the_model_does_not_confirm_are_overruled_and_explained(trained, tmp_path):
    out, _, _ = trained
    text = "深圳市政府與香港特區政府在前海舉行會議。新華社記者王小明報道。"
    document = parse_document(text, doc_id="t")
    rules = extract_mentions(document, make_nlp(None, entity_model=None))
    overruled: list = []
    learned = extract_mentions(document, make_nlp(None, entity_model=out / "entities"), overruled)
    confirmed = {(m.start, m.end, m.label) for m in learned}
    assert overruled, "the tiny model overrules some rule spans of this sentence"
    for mention in rules:
        if mention.label != "Role" and (mention.start, mention.end, mention.label) not in confirmed:
            assert mention.text in {m.text for m in overruled}
    assert not {(m.start, m.end, m.label) for m in overruled} & confirmed
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    name = overruled[0].text
    lines = api.explain_entity(name, [article], models=out)
    assert any(line.strip().startswith("overruled") and name in line for line in lines)


def test_a_training_setting_missing_from_the_config_is_named(tmp_path):
    config = Path(api.__file__).parents[1] / "configs" / "relations_model.cfg"
    broken = tmp_path / "relations.cfg"
    broken.write_text(re.sub(r"(?m)^epochs = \S+\n", "", config.read_text()), encoding="utf-8")
    assert training_settings(Settings, config).epochs > 0
    with pytest.raises(InputError, match=r"\[training\] lacks epochs"):
        training_settings(Settings, broken)


def test_a_threshold_is_taken_inside_a_flat_stretch_not_at_a_lone_peak():
    from kg.tools.train_relations import _STEPS, _best_thresholds, _f1

    gold = {("doc", f"s{i}", "partOf", "o") for i in range(30)}
    predicted = {("doc", f"s{i}", "partOf", "o"): 0.7 for i in range(19)}
    predicted[("doc", "s19", "partOf", "o")] = 0.15  # one more hit, only at 0.15 and below
    predicted |= {("doc", f"x{i}", "partOf", "o"): 0.1 for i in range(30)}  # wrong, at 0.10
    f1 = {
        t: _f1(
            sum(1 for k, p in predicted.items() if p >= t and k in gold),
            sum(1 for p in predicted.values() if p >= t),
            len(gold),
        )
        for t in _STEPS
    }
    # F1 is 0.50 at 0.10, 0.80 at 0.15 alone, 0.78 from 0.20 to 0.70, then nothing
    assert max(f1, key=lambda t: (f1[t], -t)) == 0.15
    assert _best_thresholds(predicted, gold)["partOf"] == 0.25  # inside the flat stretch
