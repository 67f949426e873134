import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.app import api
from kg.errors import InputError
from kg.rdf.graph import build_dataset
from kg.rdf.load import union_graph
from kg.tools.evaluate import evaluate_graph, load_gold

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.fixture
def gold_dir(tmp_path):
    gold = {
        "doc": "article-1",
        "entities": [
            {"name": "陳大文", "type": "Person", "aliases": []},
            {"name": "南山區政協", "type": "Organization", "aliases": []},
            {"name": "灣區快線", "type": "Initiative", "aliases": ["「灣區快線」計劃"]},
            {"name": "深圳灣口岸", "type": "Port", "aliases": []},
        ],
        "relations": [
            {"s": "陳大文", "p": "proposed", "o": "灣區快線", "evidence": "..."},
            {
                "s": "陳大文",
                "p": "affiliatedWith",
                "o": "南山區政協",
                "role": "委員",
                "evidence": "...",
            },
            {"s": "灣區快線", "p": "concerns", "o": "深圳灣口岸", "evidence": "..."},
        ],
    }
    (tmp_path / "article-1.gold.json").write_text(
        json.dumps(gold, ensure_ascii=False), encoding="utf-8"
    )
    return tmp_path


def test_scores_count_matches_by_folded_names(gold_dir, records):
    result = evaluate_graph(load_gold([gold_dir]), union_graph(build_dataset(*records)))
    # predicted: 5 entities, 3 match gold (陳大文, 南山區政協, 灣區快線); gold has 4
    assert result.entities["all"].precision == pytest.approx(3 / 5)
    assert result.entities["all"].recall == pytest.approx(3 / 4)
    assert result.relations["proposed"].f1 == 1.0
    assert result.relations["concerns"].recall == 0.0
    assert result.missed_relations == (("湾区快线", "concerns", "深圳湾口岸"),)


def test_missing_gold_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no \\*.gold.json"):
        load_gold([tmp_path])


@pytest.mark.skipif(not REFERENCE_SCORER.is_file(), reason="reference scorer not beside the repo")
def test_agrees_with_the_reference_scorer(gold_dir, records, tmp_path):
    from kg.outputs.export import get_exporter

    graph_path = tmp_path / "graph.ttl"
    get_exporter("turtle")(build_dataset(*records), graph_path)
    reference = subprocess.run(
        [
            sys.executable,
            str(REFERENCE_SCORER),
            "--gold",
            str(gold_dir),
            "--graph",
            str(graph_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    ours = api.evaluate(gold_dir, graph_path)
    assert reference.stdout.strip().splitlines()[-1] == ours.headline()


def test_an_annotation_agrees_with_itself_and_not_with_less(tmp_path):
    from kg.tools.evaluate import annotation_graph, evaluate_graph, load_gold

    doc = {
        "doc": "a.txt",
        "entities": [
            {"name": "陳大文", "type": "Person", "aliases": []},
            {"name": "南山區政協", "type": "Organization", "aliases": ["南山政協"]},
            {"name": "灣區快線", "type": "Initiative", "aliases": []},
        ],
        "relations": [
            {
                "s": "陳大文",
                "p": "affiliatedWith",
                "o": "南山區政協",
                "role": "委員",
                "evidence": "x",
            },
            {"s": "陳大文", "p": "proposed", "o": "灣區快線", "evidence": "x"},
        ],
    }
    full = tmp_path / "a.gold.json"
    full.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    same = evaluate_graph(load_gold([full]), annotation_graph(load_gold([full])))
    assert same.entities["typed"].f1 == 1.0 and same.relations["all"].f1 == 1.0
    doc["relations"] = doc["relations"][:1]
    doc["entities"][2]["type"] = "Event"
    less = tmp_path / "b.gold.json"
    less.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    other = evaluate_graph(load_gold([full]), annotation_graph(load_gold([less])))
    assert other.relations["all"].recall == 0.5 and other.entities["Initiative"].f1 == 0.0
