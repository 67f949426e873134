"""Per-article cache of entity mentions, so ``kg build`` re-reads only new or changed articles.

The entity stage (spaCy, rulers, NER) is the slow part of a build and looks at one article at a
time, so its output is cached per article in ``OUT/cache/<doc_id>.json``, keyed by the
article's content hash and by a fingerprint of the extractor (the package's code and data
files, and the pipeline's config). The content hash is that of the sentences the entity stage
reads, not of the file's bytes: the same bytes read as HTML instead of text, or decoded with
another encoding, are another article. Resolution, relations and the graph are corpus-level and
always rerun over every article: that is what makes an incremental build equal to a full one.
A cache file that cannot be read as one (damaged, ``[]``, ``null``) is a miss.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from kg.app.models import RULES_ONLY
from kg.errors import OutputError
from kg.files import atomic_write_text
from kg.records import Document, Mention

__all__ = ["CACHE_DIR", "CACHE_VERSION", "MentionCache", "content_key", "extractor_fingerprint"]

CACHE_DIR = "cache"
CACHE_VERSION = 2  # bump when the file layout below changes


def content_key(document: Document) -> str:
    """Hash of what the entity stage reads of an article: its id and its sentences as parsed
    (so the markup the file name implies and the encoding it was decoded with count too)."""
    digest = hashlib.sha256(document.doc_id.encode("utf-8", "surrogatepass"))
    for sentence in document.sentences:
        digest.update(b"\0" + sentence.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def extractor_fingerprint(nlp=None, models: str | Path | None = None) -> str:
    """What the mentions of an article depend on besides its text.

    Any change to the package (code, patterns, lexicons, the trained models), a caller's own
    pipeline config or a folder of trained models given instead of the shipped ones
    invalidates every cached article: stale mentions would make an incremental build differ
    from a full one.
    """
    digest = hashlib.sha256(_package_digest().encode())
    digest.update(b"make_nlp()" if nlp is None else nlp.config.to_str().encode("utf-8"))
    if models == RULES_ONLY:
        digest.update(RULES_ONLY.encode())
    elif models is not None:
        digest.update(_folder_digest(Path(models)).encode())
    return digest.hexdigest()


def _folder_digest(root: Path) -> str:
    """Hash of every file under ``root``, by its relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _package_digest() -> str:
    """Hash of every file of the installed ``kg`` package (read once per process)."""
    return _folder_digest(Path(str(files("kg"))))


class MentionCache:
    """Mentions of each article on disk, valid for one content hash and extractor fingerprint."""

    def __init__(self, folder: str | Path, fingerprint: str):
        self.folder = Path(folder)
        self.fingerprint = fingerprint

    def _path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.json"

    def load(self, document: Document) -> list[Mention] | None:
        """The cached mentions of ``document``, or None if absent, stale or unreadable."""
        try:
            data = json.loads(self._path(document.doc_id).read_text("utf-8"))
            if not isinstance(data, dict) or (
                data.get("version"),
                data.get("fingerprint"),
                data.get("content"),
            ) != (CACHE_VERSION, self.fingerprint, content_key(document)):
                return None
            return [Mention(**fields) for fields in data["mentions"]]
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def save(self, document: Document, mentions: Iterable[Mention]) -> None:
        rows = [dataclasses.asdict(m) for m in mentions]
        data = {
            "version": CACHE_VERSION,
            "fingerprint": self.fingerprint,
            "content": content_key(document),
            "mentions": rows,
        }
        path = self._path(document.doc_id)
        try:
            atomic_write_text(path, json.dumps(data, ensure_ascii=False))
        except OSError as error:
            raise OutputError(f"{path}: cannot write the cache ({error.strerror})") from None

    def prune(self, keep: Iterable[str]) -> None:
        """Forget articles no longer in the corpus."""
        names = {f"{doc_id}.json" for doc_id in keep}
        if self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                if path.name not in names:
                    path.unlink(missing_ok=True)
