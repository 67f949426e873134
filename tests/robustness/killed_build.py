"""A build whose extraction is stood in by hand-made records, killed (SIGKILL) at a chosen
point of writing its outputs: ``python -m tests.robustness.killed_build CORPUS OUT POINT``.

The records are those of ``tests.conftest`` (article-1 alone, or with article-2), so a build
takes a fraction of a second and each kill point gets its own process. A point is stopped
at deterministically, by wrapping the writer of that stage; nothing waits or races.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.app import api
from kg.records import Resolution

ARTICLES = {
    "one": {"article-1": "ARTICLE"},
    "two": {"article-1": "ARTICLE", "article-2": "COOPERATION_ARTICLE"},
}
# Before the switch a killed build leaves the previous set; from the switch on, its own.
POINTS_BEFORE_SWITCH = ("graph.ttl", "graph.trig", "graph.html", "store", "manifest", "renamed")
POINTS_AFTER_SWITCH = ("switched", "cleanup")
POINTS = POINTS_BEFORE_SWITCH + POINTS_AFTER_SWITCH


def write_corpus(folder: Path, which: str) -> Path:
    from tests import conftest

    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in ARTICLES[which].items():
        (folder / f"{doc_id}.txt").write_text(getattr(conftest, text), encoding="utf-8")
    return folder


def _records(documents, **_) -> tuple[Resolution, list]:
    """The hand-made resolution and relations of the corpus's articles (``tests.conftest``)."""
    from tests.conftest import cooperation_records, hand_built_records

    build = hand_built_records if len(documents) == 1 else cooperation_records
    _, resolution, relations = build(documents[0])
    return resolution, list(relations)


@contextmanager
def records_for_extraction() -> Iterator[None]:
    """``kg.app.api.build`` with the hand-made records instead of the extraction stages."""
    saved = api.extract, api.extractor_fingerprint
    api.extract, api.extractor_fingerprint = _records, lambda *args: "hand-made"
    try:
        yield
    finally:
        api.extract, api.extractor_fingerprint = saved


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _half_then_die(pieces):
    pieces = [pieces] if isinstance(pieces, str) else list(pieces)
    yield from pieces[: max(1, len(pieces) // 2)]
    _die()


def arm(point: str) -> None:
    """Make this process kill itself at ``point`` of the next build's writing."""
    import kg.files
    import kg.outputs.export
    import kg.outputs.store

    if point in ("graph.ttl", "graph.trig", "graph.html", "manifest"):
        module = kg.files if point == "manifest" else kg.outputs.export
        name = "build.json" if point == "manifest" else point
        real = module.atomic_write_text

        def write(path, text):  # half the file written, then killed
            real(path, _half_then_die(text) if Path(path).name == name else text)

        module.atomic_write_text = write
    elif point == "store":  # killed after two chunks of quads are in the store
        kg.outputs.store._LOAD_CHUNK = 5
        real_islice, calls = kg.outputs.store.islice, []

        def islice(iterable, size):
            calls.append(size)
            if len(calls) == 3:
                _die()
            return real_islice(iterable, size)

        kg.outputs.store.islice = islice
    else:  # around the publishing steps of kg.files
        step, target = {
            "renamed": ("_point_at", ""),  # the new set is whole but not yet current
            "switched": ("_link_names", ""),  # the pointer names the new set
            "cleanup": ("_remove", ".removing-"),  # the previous set renamed for removal
        }[point]
        real_step = getattr(kg.files, step)

        def stopped(*args):
            if not target or Path(args[0]).name.startswith(target):
                _die()
            real_step(*args)

        setattr(kg.files, step, stopped)


if __name__ == "__main__":
    corpus, out, point = sys.argv[1:]
    arm(point)
    with records_for_extraction():
        api.build([Path(corpus)], Path(out))
    sys.exit(f"the build was not killed at {point}")
