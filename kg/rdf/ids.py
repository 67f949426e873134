"""Minting of every IRI in the graph: deterministic, and valid for any name.

Names keep their Chinese characters (IRIs allow them, and readable IRIs help people
querying the graph); anything an IRI cannot hold (ASCII punctuation, spaces, controls,
unassigned code points, and ``%`` itself so the mapping stays one-to-one) is percent-encoded.
"""

from __future__ import annotations

import hashlib
import unicodedata

from rdflib import URIRef

from kg.rdf.namespaces import KGID

__all__ = [
    "iri_segment",
    "entity_iri",
    "document_iri",
    "sentence_iri",
    "statement_iri",
    "membership_iri",
]

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_NOT_IRI_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def iri_segment(name: str) -> str:
    """One IRI path segment for ``name``: readable where possible, escaped where needed.

    >>> iri_segment("前海 合作區")
    '前海%20合作區'
    >>> iri_segment("<a>/%")
    '%3Ca%3E%2F%25'
    """
    return "".join(ch if _keep(ch) else _escape(ch) for ch in unicodedata.normalize("NFC", name))


def _keep(ch: str) -> bool:
    if ch.isascii():
        return ch in _UNRESERVED
    code = ord(ch)
    in_ucschar = (
        code <= 0xD7FF
        or 0xF900 <= code <= 0xFDCF
        or 0xFDF0 <= code <= 0xFFEF
        or (code >= 0x10000 and code & 0xFFFF <= 0xFFFD and code <= 0xEFFFD)
    )
    return in_ucschar and unicodedata.category(ch) not in _NOT_IRI_CATEGORIES


def _escape(ch: str) -> str:
    return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))


def _digest(*parts: object) -> str:
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def entity_iri(label: str, name: str) -> URIRef:
    """IRI of an entity of class ``label`` with canonical ``name``.

    >>> str(entity_iri("Person", "方舟"))
    'https://w3id.org/szhk-kg/id/person/方舟'
    """
    return KGID[f"{label.lower()}/{iri_segment(name)}"]


def document_iri(doc_id: str) -> URIRef:
    return KGID[f"doc/{iri_segment(doc_id)}"]


def sentence_iri(doc_id: str, index: int) -> URIRef:
    return KGID[f"doc/{iri_segment(doc_id)}/sentence/{index}"]


def statement_iri(subject: str, predicate: str, obj: str, doc_id: str, sentence: int) -> URIRef:
    """One statement node per (triple, sentence) so each piece of evidence is its own node."""
    return KGID[f"statement/{_digest(subject, predicate, obj, doc_id, sentence)}"]


def membership_iri(person: str, organization: str, role: str | None) -> URIRef:
    return KGID[f"membership/{_digest(person, organization, role or '')}"]
