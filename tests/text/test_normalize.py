"""Script folding: the OpenCC import a stop cannot break."""

import subprocess
import sys

SWALLOWING_MODULE = """
import os, signal, time
try:  # as OpenCC's import does: whatever goes wrong inside becomes an ImportError
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.5)
except BaseException:
    raise ImportError("swallowed")
"""

STOPPED_DURING_IMPORT = """
import signal, sys
sys.path.insert(0, sys.argv[1])
from kg.text.normalize import _import_whole
signal.signal(signal.SIGTERM, signal.default_int_handler)  # as kg build does
try:
    _import_whole("swallowing")
except KeyboardInterrupt:
    print("stopped after the import", "swallowing" in sys.modules)
except ImportError:
    print("the import failed")
"""


def _run_stopped_import(script: str, folder) -> subprocess.CompletedProcess:
    """Run ``script`` (one of the above) with the swallowing module in ``folder``."""
    (folder / "swallowing.py").write_text(SWALLOWING_MODULE, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=60
    )


def test_a_stop_during_the_import_of_opencc_stops_after_it(tmp_path):
    done = _run_stopped_import(STOPPED_DURING_IMPORT, tmp_path)
    assert done.stdout.strip() == "stopped after the import True", done.stderr


def test_a_stop_caught_by_another_thread_during_the_import_stops_after_it(tmp_path):
    # the CLI's progress bar is a thread: a SIGTERM for the process may land there, and Python
    # then runs the handler in the main thread, inside the import, whatever that thread masks
    with_a_thread = STOPPED_DURING_IMPORT.replace(
        "from kg.text.normalize import _import_whole\n",
        "from kg.text.normalize import _import_whole\n"
        "import threading, time\n"
        "threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n",
    )
    done = _run_stopped_import(with_a_thread, tmp_path)
    assert done.stdout.strip() == "stopped after the import True", done.stderr
