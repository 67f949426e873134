import os

import pytest
from typer.testing import CliRunner

from kg.app.cli import app
from kg.files import atomic_write_text
from kg.outputs.export import get_exporter
from kg.rdf.graph import build_dataset

runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def fail(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_unknown_named_query_exits_1(tmp_path, records):
    get_exporter("turtle")(build_dataset(*records), tmp_path / "graph.ttl")
    assert "no query named 'no-such'" in fail(
        ["query", "no-such", "-g", str(tmp_path / "graph.ttl")]
    )


@pytest.mark.parametrize(
    "content,message",
    [
        (None, "no such file"),
        (b"", "empty file"),
        (b"\x00\x01\x02binary", "binary file"),
        (bytes(range(0x80, 0x100)) * 4, "not UTF-8"),
    ],
)
def test_bad_inputs_give_one_line_errors(tmp_path, content, message):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    line = fail(["build", str(path), "-o", str(tmp_path / "out")])
    assert str(path) in line and message in line
    assert not (tmp_path / "out").exists()


def test_folder_without_articles_is_an_error(tmp_path):
    (tmp_path / "data.xml").write_text("<a/>\n", encoding="utf-8")
    assert "no article files" in fail(["build", str(tmp_path), "-o", str(tmp_path / "out")])


def test_query_prints_csv_and_json(tmp_path, records):
    get_exporter("turtle")(build_dataset(*records), tmp_path / "graph.ttl")
    result = runner.invoke(app, ["query", "roles", "-g", str(tmp_path / "graph.ttl"), "-f", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "personName,role,organizationName,document,date,outlet",
        "陳大文,委員,南山區政協,article-1,,",
    ]
    result = runner.invoke(
        app,
        [
            "query",
            "--sparql",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "-g",
            str(tmp_path / "graph.ttl"),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0 and '"n": "' in result.stdout


def test_validate_exit_codes(tmp_path, records):
    get_exporter("turtle")(build_dataset(*records), tmp_path / "graph.ttl")
    assert runner.invoke(app, ["validate", str(tmp_path / "graph.ttl")]).exit_code == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        (tmp_path / "graph.ttl").read_text(encoding="utf-8").replace("kgo:Initiative", "kgo:Port"),
        encoding="utf-8",
    )
    assert runner.invoke(app, ["validate", str(broken)]).exit_code == 1


def test_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_text("old graph", encoding="utf-8")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new graph")
    assert target.read_text(encoding="utf-8") == "old graph"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_explain_entity_shows_mentions_and_exits_1_for_unknown_names(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "深圳市政協委員李大為建議加快河套深港科技創新合作區建設。河套將建成新平台。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["explain-entity", "河套", str(article)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Platform/") and "mention a sentence" in result.stdout
    assert "no entity named '不存在'" in fail(["explain-entity", "不存在", str(article)])


def test_train_ner_needs_cluener_files(tmp_path):
    assert "expected CLUENER2020 train.json" in fail(
        ["train-ner", "--data", str(tmp_path), "--out", str(tmp_path / "model")]
    )


def test_train_ner_names_a_missing_config(tmp_path):
    for name in ("train.json", "dev.json"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert "no such training config" in fail(
        [
            "train-ner",
            "--data",
            str(tmp_path),
            "--out",
            str(tmp_path / "model"),
            "--config",
            str(tmp_path / "missing.cfg"),
        ]
    )


@pytest.fixture
def store_folder(tmp_path, article):
    from kg.outputs.store import write_store
    from tests.conftest import cooperation_records

    write_store(build_dataset(*cooperation_records(article)), tmp_path)
    return tmp_path


def test_query_prints_one_page_and_says_how_many_rows_follow(store_folder):
    result = runner.invoke(app, ["query", "evidence-for", "-g", str(store_folder), "--limit", "2"])
    assert result.exit_code == 0
    assert "rows 1-2 of 5; 3 more: --offset 2 for the next page, --limit 0 for all" in result.stdout
    result = runner.invoke(
        app,
        [
            "query",
            "evidence-for",
            "-g",
            str(store_folder),
            "--limit",
            "2",
            "--offset",
            "4",
            "-f",
            "csv",
        ],
    )
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2  # header and the fifth row
    assert result.stderr.strip() == "rows 5-5 of 5"


def test_query_prints_a_page_by_default_and_every_row_with_limit_0(tmp_path):
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import RDFS

    from kg.outputs.sparql import DEFAULT_PAGE
    from kg.outputs.store import write_store

    dataset = Dataset()
    for number in range(DEFAULT_PAGE + 5):
        dataset.add((URIRef(f"urn:x:{number:03d}"), RDFS.label, Literal(f"名{number:03d}")))
    write_store(dataset, tmp_path)
    listing = [
        "query",
        "--sparql",
        "SELECT ?name WHERE { ?s rdfs:label ?name } ORDER BY ?name",
        "-g",
        str(tmp_path),
        "-f",
        "csv",
    ]
    default = runner.invoke(app, listing)
    every = runner.invoke(app, [*listing, "--limit", "0"])
    assert default.exit_code == every.exit_code == 0
    assert default.stdout.splitlines()[1:] == [f"名{n:03d}" for n in range(DEFAULT_PAGE)]
    assert default.stderr.strip() == (
        f"rows 1-{DEFAULT_PAGE} of {DEFAULT_PAGE + 5}; 5 more: "
        f"--offset {DEFAULT_PAGE} for the next page, --limit 0 for all"
    )
    assert len(every.stdout.splitlines()) == DEFAULT_PAGE + 6 and not every.stderr
    assert (
        runner.invoke(app, ["query", "roles", "-g", str(tmp_path), "--offset", "-1"]).exit_code == 2
    )


@pytest.mark.parametrize("where", ["afile", "afile/out"])
def test_an_output_path_that_is_a_file_is_an_error_before_anything_loads(
    tmp_path, monkeypatch, where
):
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("深圳市政協委員李大為建議推出「灣區快線」計劃。\n", encoding="utf-8")

    def must_not_run(*args, **kwargs):
        raise AssertionError("the build read its inputs before checking the output folder")

    monkeypatch.setattr("kg.app.api.read_documents", must_not_run)
    line = fail(["build", str(article), "-o", str(tmp_path / where)])
    assert "afile: is a file, not a folder" in line and not (tmp_path / "afile").is_dir()


def test_an_output_folder_that_cannot_be_written_is_an_error_naming_it(tmp_path):
    # /sys refuses new files even to root: a read-only place any machine has.
    article = tmp_path / "article.txt"
    article.write_text("深圳市政協委員李大為建議推出「灣區快線」計劃。\n", encoding="utf-8")
    assert "/sys: cannot write the outputs here" in fail(
        ["build", str(article), "-o", "/sys/kg-out"]
    )


def test_build_reads_a_json_lines_file_with_mapped_fields_and_names_bad_rows(tmp_path):
    rows = tmp_path / "news.jsonl"
    rows.write_text(
        '{"content": "深圳市政協委員李大為建議推出「灣區快線」計劃。", "pub_time": "2024-01-28"}\n'
        "{broken\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(rows), "-o", str(out), "-q", "--field", "text=content,date=pub_time"]
    )
    assert result.exit_code == 0, result.output
    assert f"Warning: {rows}:2: not a JSON line" in result.output
    assert '"2024-01-28"^^xsd:date' in (out / "graph.ttl").read_text("utf-8")
    assert "no field 'when'" in fail(["build", str(rows), "-o", str(out), "--field", "when=x"])


def test_rules_only_and_a_models_folder_are_one_choice(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("全國政協委員陳大文建議推出「灣區快線」計劃。\n", encoding="utf-8")
    message = fail(
        ["build", str(article), "-o", str(tmp_path / "out"), "--rules-only", "--models", "x"]
    )
    assert "--models or --rules-only" in message


def test_a_rules_only_build_names_no_model(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("全國政協委員陳大文建議推出「灣區快線」計劃。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(article), "-o", str(out), "--rules-only", "-q"])
    assert result.exit_code == 0, result.output
    turtle = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "kgo:extractor" in turtle and "kg_relation_model" not in turtle
    assert "proposed" in turtle
