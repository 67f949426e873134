"""Writing files so that a reader never sees half of one, and a build's outputs so that a
reader never sees two builds at once.

One file: it is written to a temporary file beside its target and renamed over it, so a
reader sees the old file or the new, never a mix, and a failed write leaves the old one. The
new file gets the permissions an ordinary write would give it (0666 less the umask), not the
0600 of a temporary file.

A set of outputs (``kg build``'s graph.ttl, graph.trig, graph.html and store/): a build writes
the whole set into a staging folder, ``OUT/.builds/.staging-<id>/``, with a manifest,
``build.json`` (the build's id and the size and sha256 of each file), renames it to
``OUT/.builds/<id>/`` once complete, and then switches the pointer ``OUT/.current`` to it in
one step: a symbolic link to ``.builds/<id>`` made beside the old one and renamed over it (a
rename is atomic on POSIX). The names users know are fixed links through that pointer
(``OUT/graph.ttl -> .current/graph.ttl``, also ``store`` and ``build.json``), so every path in
OUT shows the same build at any instant; a build killed at any point leaves the previous set
(before the switch) or the new one (after it), never a mix.

kg's readers (``reading_outputs``, ``hold_outputs``) resolve the pointer once and read inside
``.builds/<id>/``, holding a shared lock on its manifest: a build removes an old set only when
it can lock that manifest exclusively, so ``kg serve`` keeps its set across rebuilds and a later
build removes it once the server has gone. Builds into one folder are serialized by
``OUT/.lock`` (``output_lock``): a second build fails at once, naming the first one's pid,
rather than wait minutes unseen for a build that writes the same folder. Under that lock a
build first removes what a killed one left (staging folders, temporary files). The locks are
``portalocker``'s: ``flock`` on POSIX, so a lock goes with its process, ``kill -9`` included.

Where symbolic links cannot be made (Windows without that privilege) the pointer is a small
file naming the build, replaced by rename like any output, and the top-level files are hard
links (or copies) replaced one at a time after the switch: kg's own readers still see one
whole set through the pointer; another program reading the top-level files during a switch
may see files of two builds, each of them whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import portalocker

from kg.errors import OutputError

__all__ = [
    "BUILDS",
    "MANIFEST",
    "POINTER",
    "LOCK",
    "HeldOutputs",
    "atomic_write_text",
    "default_mode",
    "make_private_dir_public",
    "hold_outputs",
    "reading_outputs",
    "output_lock",
    "publishing",
    "replacing_folder",
    "write_errors",
]

BUILDS = ".builds"  # the sets of outputs, one folder each, and the staging folders
POINTER = ".current"  # names the folder in BUILDS that readers see
LOCK = ".lock"  # held by the build writing the folder; holds its pid
MANIFEST = "build.json"
_STAGING = ".staging-"
_REMOVING = ".removing-"
_ATTEMPTS = 20  # pointer resolutions a reader tries while builds replace sets under it


def default_mode(directory: bool = False) -> int:
    """The mode a plain ``open(..., "w")`` (or ``mkdir``) would give under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def atomic_write_text(path: str | Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces in order) to ``path`` so that readers see the old file or
    the new, never half.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write_text(target, ["深", "港"]); target.read_text(encoding="utf-8")
    '深港'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.writelines([text] if isinstance(text, str) else text)
        os.chmod(temporary, default_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def make_private_dir_public(path: str | Path) -> None:
    """Give a folder made by ``tempfile.mkdtemp`` (mode 0700) the mode of an ordinary folder."""
    os.chmod(path, default_mode(directory=True))


@contextmanager
def write_errors(shown: str | Path, kept: str | Path | None = None) -> Iterator[None]:
    """Turn a failed write (a full or read-only disk) into an ``OutputError`` naming the output
    ``shown`` and the folder ``kept`` whose previous outputs stay."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or str(error)
        stays = f"; the previous outputs in {kept} are kept" if kept is not None else ""
        raise OutputError(f"{shown}: cannot write ({reason}){stays}") from None


@contextmanager
def output_lock(out: str | Path) -> Iterator[None]:
    """Hold ``out/.lock`` while one build writes ``out``; another build holding it is an
    ``OutputError`` naming its pid. The lock goes with the process, however it ends."""
    out = Path(out)
    with write_errors(out):
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 (held until the end)
    try:
        portalocker.lock(
            handle, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING
        )
    except portalocker.AlreadyLocked:
        handle.seek(0)
        pid = handle.read().strip()
        handle.close()
        holder = f" (pid {pid})" if pid.isdigit() else ""
        raise OutputError(
            f"another build is writing {out}{holder}; wait for it to end or write elsewhere"
        ) from None
    try:
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.truncate(0)
        handle.close()


@contextmanager
def publishing(out: str | Path, names: Sequence[str]) -> Iterator[Path]:
    """A staging folder for a whole set of outputs (files or folders called ``names``) of
    ``out``; when the block ends without error the set gets its manifest and becomes the one
    readers see (see the module's docstring), else the staging folder is removed. Call it
    under ``output_lock``."""
    out = Path(out)
    build = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{secrets.token_hex(4)}"
    builds = out / BUILDS
    with write_errors(builds, out):
        builds.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out, names)
        staging = builds / f"{_STAGING}{build}"
        staging.mkdir()
    try:
        yield staging
        with write_errors(out / MANIFEST, out):
            _write_manifest(staging, build, names)
            staging.rename(builds / build)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with write_errors(out / POINTER, out):
        _point_at(out, build)
    with write_errors(out):  # the new set is in place: only the links and cleaning are left
        _link_names(out, build, [*names, MANIFEST])
        _remove_old_sets(out)


@contextmanager
def replacing_folder(folder: str | Path) -> Iterator[Path]:
    """A new folder to fill that takes the place of ``folder`` when the block ends without error
    (else it is removed, and ``folder`` stays as it was). It is made beside ``folder`` and
    swapped in by two renames: a reader sees the old contents or the new, never a mix (for an
    instant, no folder). For outputs outside a build's set, such as ``kg build --shards``."""
    folder = Path(folder)
    with write_errors(folder):
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent)
        )
    old = folder.with_name(f".{folder.name}.{secrets.token_hex(4)}.old")
    try:
        yield staging
        with write_errors(folder):
            make_private_dir_public(staging)
            if folder.exists():
                folder.rename(old)
            try:
                staging.rename(folder)
            except BaseException:
                if old.exists():
                    old.rename(folder)
                raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_manifest(folder: Path, build: str, names: Sequence[str]) -> None:
    """``build.json``: the build's id and the size and sha256 of each of its files."""
    outputs: dict[str, dict] = {}
    for name in names:
        path = folder / name
        if path.is_dir():
            outputs[name] = {"folder": True}
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
        outputs[name] = {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}
    written = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    manifest = {"build": build, "written": written, "outputs": outputs}
    atomic_write_text(folder / MANIFEST, json.dumps(manifest, indent=1) + "\n")


def _temporary_name(path: Path, build: str) -> Path:
    return path.with_name(f".{path.name.lstrip('.')}.{build}.tmp")


def _replace_by_link(target: str, path: Path, build: str) -> bool:
    """Make ``path`` a symbolic link to ``target`` in one rename; False where links cannot be
    made."""
    temporary = _temporary_name(path, build)
    try:
        os.symlink(target, temporary)
    except (NotImplementedError, PermissionError):
        return False
    except OSError:
        if os.name != "nt":
            raise
        return False
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def _point_at(out: Path, build: str) -> None:
    """The switch: ``out/.current`` names ``build`` from now on."""
    if not _replace_by_link(f"{BUILDS}/{build}", out / POINTER, build):
        atomic_write_text(out / POINTER, build + "\n")


def _link_names(out: Path, build: str, names: Sequence[str]) -> None:
    """The top-level names lead into the current set: fixed links through the pointer (made
    once; a folder's old outputs of the days before sets are replaced), or hard links or copies
    of the set's files where the pointer is no link."""
    linked = (out / POINTER).is_symlink()
    for name in names:
        path = out / name
        if linked:
            wanted = f"{POINTER}/{name}"
            if path.is_symlink() and os.readlink(path) == wanted:
                continue
            _move_folder_away(path, build)
            if not _replace_by_link(wanted, path, build):
                raise OSError(f"cannot link {path}")
            continue
        source = out / BUILDS / build / name
        _move_folder_away(path, build)
        if source.is_dir():
            continue  # kg finds the store through the pointer
        temporary = _temporary_name(path, build)
        try:
            os.link(source, temporary)
        except OSError:
            shutil.copy2(source, temporary)
        os.replace(temporary, path)


def _move_folder_away(path: Path, build: str) -> None:
    """A real folder (an old build's ``store/``) cannot be renamed over: move it into BUILDS,
    where ``_remove_old_sets`` deletes it."""
    if path.is_dir() and not path.is_symlink():
        path.rename(path.parent / BUILDS / f"{_REMOVING}{path.name}-{build}")


def _current(folder: Path) -> str | None:
    """The build ``folder/.current`` names, or None where there is no pointer."""
    pointer = folder / POINTER
    if pointer.is_symlink():
        return Path(os.readlink(pointer)).name
    if pointer.is_file():
        return pointer.read_text(encoding="utf-8").strip()
    return None


def _remove_leftovers(out: Path, names: Sequence[str]) -> None:
    """What killed builds left: temporary files and links beside the outputs (``.graph.ttl.*.tmp``,
    an old store's ``.store.*.tmp``), staging folders and sets being removed."""
    ours = tuple(f".{name.lstrip('.')}." for name in (*names, MANIFEST, POINTER))
    for entry in out.iterdir():
        if entry.name.startswith(ours) and entry.name.endswith((".tmp", ".old")):
            _remove(entry)
    _remove_old_sets(out)


def _remove_old_sets(out: Path) -> None:
    """Every set but the current one that no reader holds, and every staging folder (the
    caller holds the build lock, so no build is writing one)."""
    current = _current(out)
    for entry in sorted((out / BUILDS).iterdir()):
        if entry.name == current:
            continue
        if entry.name.startswith((_STAGING, _REMOVING)) or not entry.is_dir():
            _remove(entry)
        else:
            _remove_unless_held(entry)


def _remove_unless_held(folder: Path) -> None:
    try:
        handle = open(folder / MANIFEST, "rb")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        _remove(folder)
        return
    doomed = folder.with_name(f"{_REMOVING}{folder.name}")
    with handle:
        try:
            portalocker.lock(
                handle, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING
            )
        except portalocker.AlreadyLocked:
            return  # a reader (kg serve) still uses it; a later build removes it
        try:
            folder.rename(doomed)
        except OSError:
            return  # Windows: open files cannot move
    _remove(doomed)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class HeldOutputs:
    """The folder of one whole set of outputs, kept from removal until ``release``.

    ``path`` is ``OUT/.builds/<id>`` (``build`` the id), or the folder itself where it has no
    pointer (a build folder from before sets, or any folder of files).
    """

    def __init__(self, path: Path, build: str | None, handle: IO[bytes] | None):
        self.path = path
        self.build = build
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None

    def __enter__(self) -> HeldOutputs:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def hold_outputs(folder: str | Path) -> HeldOutputs:
    """The current whole set of outputs of a build folder, held (a shared lock on its manifest)
    until released, so that no build removes it while it is read."""
    folder = Path(folder)
    build = None
    for _ in range(_ATTEMPTS):
        build = _current(folder)
        if build is None:
            return HeldOutputs(folder, None, None)
        path = folder / BUILDS / build
        try:
            handle = open(path / MANIFEST, "rb")  # noqa: SIM115 (held by HeldOutputs)
        except FileNotFoundError:
            continue  # replaced between reading the pointer and opening: read it again
        portalocker.lock(handle, portalocker.LockFlags.SHARED)
        try:
            kept = os.path.samestat(os.fstat(handle.fileno()), os.stat(path / MANIFEST))
        except FileNotFoundError:
            kept = False
        if kept:
            return HeldOutputs(path, build, handle)
        handle.close()
    raise OutputError(
        f"{folder}: {POINTER} names the build {build}, which is missing; "
        f"run `kg build -o {folder}` again"
    )


@contextmanager
def reading_outputs(folder: str | Path) -> Iterator[Path]:
    """The folder of the current whole set of outputs of ``folder``, held while the block
    reads it (``hold_outputs``)."""
    with hold_outputs(folder) as held:
        yield held.path
