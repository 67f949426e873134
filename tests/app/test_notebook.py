"""The walkthrough notebook: committed without outputs, and it runs top to bottom (nbclient)
on this interpreter, so it exercises the kg installed here rather than some other Python's."""

import json
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[test]'")
pytest.importorskip("ipykernel", reason="pip install -e '.[test]'")

NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "walkthrough.ipynb"


def test_notebook_is_committed_with_outputs_cleared():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.fixture
def this_python_kernel(tmp_path, monkeypatch):
    """A ``python3`` kernel spec running ``sys.executable``. ``JUPYTER_PATH`` is searched
    before the user's and the system's kernel folders, so no other python3 spec wins."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (kg tests)",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the notebook's scratch build folder
    return "python3"


def outputs(notebook):
    """Text and HTML of every output, in order."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
            parts.extend(
                str(v)
                for k, v in output.get("data", {}).items()
                if k in ("text/plain", "text/html")
            )
    return "\n".join(parts)


def test_walkthrough_runs_and_answers(this_python_kernel):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=this_python_kernel,
        timeout=600,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    text = outputs(notebook)
    assert "5 articles" in text
    for what in ("proposals", "memberships", "cooperation statements"):
        count = re.search(rf"(\d+) {what}", text)
        assert count and int(count.group(1)) > 0, what
    assert "<iframe srcdoc=" in text and "vis.Network" in text  # the picture, inline
    assert re.search(r"\d+ entities, \d+ links\. Shenzhen side on the left", text)
