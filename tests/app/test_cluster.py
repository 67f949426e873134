"""``kg build --scheduler``: the per-article stages on a real ``distributed.LocalCluster`` of
two worker processes give the bytes of a local build, also when a worker dies mid-build; a
scheduler that cannot be reached or has no workers is one error line, in bounded time."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from kg.app import api
from kg.app.cli import app
from tests.app.test_jobs import ARTICLES, outputs, write_corpus
from tests.conftest import ROOT
from tests.test_golden import GOLDEN

distributed = pytest.importorskip("distributed")

runner = CliRunner()
GOLDEN_FILES = ("graph.ttl", "graph.trig", "graph.html")


@pytest.fixture(scope="module")
def cluster():
    """A scheduler with two worker processes of one thread, and a client of it for the tests."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            silence_logs=50,
        ) as local,
        distributed.Client(local, set_as_default=False) as client,
    ):
        yield local.scheduler_address, client


def golden_digests(out: Path) -> dict[str, bool]:
    golden = json.loads((GOLDEN / "seeds.json").read_text(encoding="utf-8"))
    return {
        name: hashlib.sha256((out / name).read_bytes()).hexdigest() == golden[name]
        for name in GOLDEN_FILES
    }


def test_the_seeds_built_on_the_cluster_are_the_golden_bytes(cluster, tmp_path):
    address, _ = cluster
    done: list[tuple[str, int, int]] = []
    api.build(
        [ROOT / "seeds"],
        tmp_path / "out",
        scheduler=address,
        progress=lambda stage, n, total: done.append((stage, n, total)),
    )
    assert golden_digests(tmp_path / "out") == dict.fromkeys(GOLDEN_FILES, True)
    tasks = [(n, total) for stage, n, total in done if stage == "entity tasks"]
    assert tasks[-1][0] == tasks[-1][1] == len(tasks) > 1  # a bar of tasks done, to the end


def test_a_worker_killed_during_the_build_changes_nothing(cluster, tmp_path):
    address, client = cluster
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(stage: str, done: int, total: int) -> None:
        if stage == "entity tasks" and not killed and done < total:
            busy = [worker for worker, keys in client.processing().items() if keys]
            killed.append(pids[busy[0]])
            os.kill(killed[0], signal.SIGKILL)

    api.build([ROOT / "seeds"], tmp_path / "out", scheduler=address, progress=kill_a_busy_worker)
    assert killed and not psutil.pid_exists(killed[0])
    assert golden_digests(tmp_path / "out") == dict.fromkeys(GOLDEN_FILES, True)
    client.wait_for_workers(2, timeout=60)  # the nanny's new worker, for the tests after


def test_a_local_cluster_is_started_and_closed_with_the_build(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    api.build([corpus], tmp_path / "one", nlp=nlp)
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    api.build([corpus], tmp_path / "local", scheduler="local:1")
    assert outputs(tmp_path / "local") == outputs(tmp_path / "one")
    _, alive = psutil.wait_procs(
        [p for p in psutil.Process().children(recursive=True) if p.pid not in before], timeout=30
    )
    assert alive == []


def error_lines(result) -> list[str]:
    """The lines of the command's output (the progress bar leaves a blank one), each up to
    the reason in brackets."""
    return [line.split(" (")[0] for line in result.output.split("\n") if line]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_one_error_line(tmp_path):
    address = f"tcp://127.0.0.1:{closed_port()}"
    result = runner.invoke(
        app,
        ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "out")]
        + ["--scheduler", address, "--scheduler-timeout", "1"],
    )
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: cannot reach the Dask scheduler at {address}"]
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_a_scheduler_without_workers_is_one_error_line(tmp_path):
    with distributed.LocalCluster(
        n_workers=0, dashboard_address="127.0.0.1:0", silence_logs=50
    ) as empty:
        result = runner.invoke(
            app,
            ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "out")]
            + ["--scheduler", empty.scheduler_address, "--scheduler-timeout", "1"],
        )
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: the Dask scheduler at {empty.scheduler_address} has no workers"
    ]


@pytest.mark.parametrize("given", ["local:0", "local:two", "no-port"])
def test_a_bad_scheduler_is_one_error_line(given, tmp_path):
    result = runner.invoke(
        app, ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "out"), "--scheduler", given]
    )
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"Error: --scheduler {given!r}: ")
    assert result.output.strip().count("\n") == 0


def test_jobs_and_a_scheduler_together_are_refused(tmp_path):
    result = runner.invoke(
        app,
        ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "out")]
        + ["--jobs", "2", "--scheduler", "local:2"],
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: give --jobs (processes here) or --scheduler (a Dask cluster), not both"
    )
