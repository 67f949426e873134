"""Faults while a build writes: killed at each stage (SIGKILL), two builds into one folder, a
full or read-only disk, a `--jobs 2` or `--scheduler local:2` build killed or stopped. A reader must find one whole set
of outputs (every file and the store from the same build) and no process may be left."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

import kg.outputs.export
from kg.app import api
from kg.app.cli import app
from kg.errors import OutputError
from kg.files import BUILDS, MANIFEST, POINTER, hold_outputs, output_lock
from kg.outputs.store import open_store
from tests.conftest import ARTICLE, ROOT
from tests.robustness.killed_build import (
    POINTS,
    POINTS_BEFORE_SWITCH,
    records_for_extraction,
    write_corpus,
)

FILES = ("graph.ttl", "graph.trig", "graph.html")
KILL_TIMEOUT = 120  # seconds for all the killed builds, run at once


def build(corpus: Path, out: Path) -> None:
    with records_for_extraction():
        api.build([corpus], out)


def store_quads(location: Path) -> list[str]:
    store = open_store(location)
    return sorted(str(quad) for quad in store.quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpora")
    return {which: write_corpus(root / which, which) for which in ("one", "two")}


@pytest.fixture(scope="module")
def sets(corpora, tmp_path_factory):
    """The whole set of outputs of each corpus: file bytes and the store's quads."""
    found = {}
    for which, corpus in corpora.items():
        out = tmp_path_factory.mktemp(f"set-{which}")
        build(corpus, out)
        found[which] = {name: (out / name).read_bytes() for name in FILES}
        found[which]["store"] = store_quads(out / "store")
    assert found["one"]["graph.ttl"] != found["two"]["graph.ttl"]
    return found


def assert_one_whole_set(out: Path, expected: dict) -> None:
    """Through kg's reader and through the top-level names alike, ``out`` shows one build: its
    manifest's, with every file and the store of ``expected``."""
    with hold_outputs(out) as held:
        manifest = json.loads((held.path / MANIFEST).read_text(encoding="utf-8"))
        assert manifest["build"] == held.build == held.path.name
        for name in FILES:
            data = (held.path / name).read_bytes()
            assert data == expected[name], name
            assert hashlib.sha256(data).hexdigest() == manifest["outputs"][name]["sha256"]
            assert (out / name).read_bytes() == data, name
        assert store_quads(held.path / "store") == expected["store"]
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8")) == manifest
    assert count_quads(out) == len(expected["store"])  # kg query answers from the same set


def count_quads(out: Path) -> int:
    every = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    return int(api.query(sparql=every, graph=out).rows[0][0])


def leftovers(out: Path) -> list[str]:
    """What a build should not leave: temporary files, staging folders, sets not current."""
    current = os.readlink(out / POINTER).rsplit("/", 1)[-1]
    found = [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".old"))]
    return found + [p.name for p in (out / BUILDS).iterdir() if p.name != current]


@pytest.fixture(scope="module")
def killed(corpora, sets, tmp_path_factory):
    """For each kill point, a folder holding the set of corpus "one" into which a build of
    corpus "two" was killed at that point (all the builds run at once)."""
    root = tmp_path_factory.mktemp("killed")
    first = root / "first"
    build(corpora["one"], first)
    runs = {}
    for point in POINTS:
        out = root / point
        shutil.copytree(first, out, symlinks=True)
        runs[point] = (
            out,
            subprocess.Popen(
                [sys.executable, "-m", "tests.robustness.killed_build", corpora["two"], out, point],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
    results = {}
    for point, (out, process) in runs.items():
        _, stderr = process.communicate(timeout=KILL_TIMEOUT)
        results[point] = out, process.returncode, stderr
    return results


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_at_any_point_leaves_one_whole_set(point, killed, corpora, sets):
    out, returncode, stderr = killed[point]
    assert returncode == -signal.SIGKILL, stderr
    assert_one_whole_set(out, sets["one" if point in POINTS_BEFORE_SWITCH else "two"])
    build(corpora["two"], out)  # the next build clears what the killed one left
    assert_one_whole_set(out, sets["two"])
    assert leftovers(out) == []


def test_a_second_build_into_the_same_folder_is_refused(corpora, tmp_path):
    out = tmp_path / "out"
    with output_lock(out):
        result = subprocess.run(
            [sys.executable, "-m", "kg", "build", str(corpora["one"]), "-o", str(out), "-q"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: another build is writing {out} (pid {os.getpid()}); "
        "wait for it to end or write elsewhere"
    )
    assert not (out / "graph.ttl").exists()


def test_a_set_in_use_outlives_rebuilds_until_released(corpora, sets, tmp_path):
    """`kg serve` holds the set it serves: rebuilds switch past it but do not remove it."""
    build(corpora["one"], tmp_path)
    held = hold_outputs(tmp_path)
    build(corpora["two"], tmp_path)
    build(corpora["two"], tmp_path)
    assert (held.path / "graph.ttl").read_bytes() == sets["one"]["graph.ttl"]
    assert store_quads(held.path / "store") == sets["one"]["store"]
    assert_one_whole_set(tmp_path, sets["two"])
    held.release()
    build(corpora["two"], tmp_path)
    assert not held.path.exists() and leftovers(tmp_path) == []


def test_without_symbolic_links_the_pointer_is_a_file(corpora, sets, tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EPERM, "symbolic links not permitted")

    monkeypatch.setattr(os, "symlink", refused)
    build(corpora["one"], tmp_path)
    build(corpora["two"], tmp_path)
    assert (tmp_path / POINTER).is_file() and not (tmp_path / "graph.ttl").is_symlink()
    with hold_outputs(tmp_path) as held:
        assert held.path.name == (tmp_path / POINTER).read_text(encoding="utf-8").strip()
        assert store_quads(held.path / "store") == sets["two"]["store"]
    for name in FILES:
        assert (tmp_path / name).read_bytes() == sets["two"][name]
    assert [p.name for p in (tmp_path / BUILDS).iterdir()] == [held.path.name]


def test_a_folder_written_before_sets_is_taken_over(corpora, sets, tmp_path):
    """Outputs of the old layout (plain files, a store folder) and the temporary files of an
    old killed build are replaced by the new set."""
    from kg.outputs.export import get_exporter
    from kg.outputs.store import write_store
    from kg.rdf.graph import build_dataset
    from kg.text.ingest import parse_document
    from tests.conftest import hand_built_records

    dataset = build_dataset(*hand_built_records(parse_document(ARTICLE, doc_id="article-1")))
    for name, fmt in zip(FILES, ("turtle", "trig", "html")):
        get_exporter(fmt)(dataset, tmp_path / name)
    write_store(dataset, tmp_path)
    (tmp_path / ".graph.ttl.x1y2.tmp").write_text("half a graph", encoding="utf-8")
    (tmp_path / ".store.z3.tmp").mkdir()
    assert 0 < count_quads(tmp_path) < len(sets["two"]["store"])
    build(corpora["two"], tmp_path)
    assert_one_whole_set(tmp_path, sets["two"])
    assert leftovers(tmp_path) == []


def full_disk(monkeypatch, name: str) -> None:
    """Writing ``name`` fails as on a full disk, after half of it is written."""
    real = kg.outputs.export.atomic_write_text

    def write(path, text):
        if Path(path).name != name:
            return real(path, text)

        def pieces():
            yield from ([text] if isinstance(text, str) else text)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        return real(path, pieces())

    monkeypatch.setattr(kg.outputs.export, "atomic_write_text", write)


@pytest.mark.parametrize("name", ["graph.trig", "graph.html", "store"])
def test_a_full_disk_is_one_error_line_and_keeps_the_previous_set(
    name, corpora, sets, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    build(corpora["one"], out)
    if name == "store":

        def no_space(*args):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(api, "write_store", no_space)
    else:
        full_disk(monkeypatch, name)
    with records_for_extraction():
        result = CliRunner().invoke(app, ["build", str(corpora["two"]), "-o", str(out), "-q"])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (
        f"Error: {out / name}: cannot write (No space left on device); "
        f"the previous outputs in {out} are kept"
    )
    assert_one_whole_set(out, sets["one"])
    assert leftovers(out) == []


def test_an_output_folder_that_cannot_be_made_is_one_error_line(corpora, tmp_path):
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "file" / "out"
    with records_for_extraction(), pytest.raises(OutputError) as error:
        api.build([corpora["one"]], out)
    assert str(error.value) == f"{tmp_path / 'file'}: is a file, not a folder; give --out a folder"


def _workers_started(process: psutil.Process, count: int, timeout: float) -> list[psutil.Process]:
    """The build's descendants once ``count`` spawned workers are among them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        family = process.children(recursive=True)
        spawned = [p for p in family if "spawn_main" in " ".join(_cmdline(p))]
        if len(spawned) >= count:
            return family
        time.sleep(0.05)
    raise AssertionError(f"the build started {len(spawned)} workers, not {count}")


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
@pytest.mark.parametrize(
    "workers", [["--jobs", "2"], ["--scheduler", "local:2"]], ids=["jobs", "dask"]
)
def test_a_stopped_parallel_build_leaves_no_process(stop, workers, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(4):
        (corpus / f"a{number}.txt").write_text(ARTICLE, encoding="utf-8")
    build_process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(tmp_path / "out")]
        + [*workers, "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        family = _workers_started(psutil.Process(build_process.pid), 2, timeout=60)
        build_process.send_signal(stop)
        build_process.wait(timeout=60)
        _, alive = psutil.wait_procs(family, timeout=30)
    finally:
        if build_process.poll() is None:
            build_process.kill()
            build_process.wait()
        with build_process.stderr:
            stderr = build_process.stderr.read()
    for process in alive:
        process.kill()
    assert [_cmdline(p)[-3:] for p in alive] == []
    if stop == signal.SIGTERM or workers[0] == "--jobs":
        # A Dask worker still starting when its parent is killed (-9) may print the traceback
        # of its broken start-up pipe as it ends; stopped by SIGTERM, the build closes them.
        assert b"Traceback" not in stderr
