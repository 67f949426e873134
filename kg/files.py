"""Writing files so that a reader never sees half of one.

Every output is written to a temporary file beside its target and renamed over it: a reader
sees the old file or the new, never a mix, and a failed write leaves the old one. The new file
gets the permissions an ordinary write would give it (0666 less the umask), not the 0600 of a
temporary file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["atomic_write_text", "default_mode", "make_private_dir_public"]


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
