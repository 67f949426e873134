"""What a hostile client or page can send, checked by small functions that do not depend on
the HTTP library: ``host_allowed`` (DNS rebinding), ``body_length`` (a ``Content-Length`` that is
no number), and ``negotiate`` (the SPARQL 1.1 Protocol's content negotiation)."""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Iterable
from urllib.parse import urlsplit

__all__ = [
    "LOOPBACK_NAMES",
    "RESULT_TYPES",
    "GRAPH_TYPES",
    "negotiate",
    "allowed_hosts",
    "host_allowed",
    "body_length",
]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

# Offered media types, best first, and the pyoxigraph format each maps to.
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}


def negotiate(accept: str | None, offered: dict[str, str]) -> str | None:
    """The offered media type the client prefers (``Accept`` with q-values), or None.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("text/*", RESULT_TYPES), negotiate(None, GRAPH_TYPES), negotiate("image/png", RESULT_TYPES)
    ('text/xml', 'text/turtle', None)
    """
    ranges = []
    for position, item in enumerate((accept or "*/*").split(",")):
        media, *options = [part.strip() for part in item.split(";")]
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranges):
        for candidate in offered:
            if media in (candidate, "*/*") or (
                media.endswith("/*") and candidate.startswith(media[:-1])
            ):
                return candidate
    return None


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The host names a request's ``Host`` header may give: the bound address, the loopback
    names when bound to loopback or to every address, and ``extra`` (``--allow-host``).

    >>> sorted(allowed_hosts("127.0.0.1"))
    ['127.0.0.1', '::1', 'localhost']
    >>> sorted(allowed_hosts("192.0.2.7", ["kg.example.org"]))
    ['192.0.2.7', 'kg.example.org']
    """
    names = {bound.lower().strip("[]")} | {name.lower().rstrip(".") for name in extra}
    if _is_wildcard(bound) or bound == "localhost" or _is_loopback(bound):
        names |= LOOPBACK_NAMES
    return frozenset(names)


def host_allowed(header: str | None, bound: str, allowed: Collection[str]) -> bool:
    """Whether to answer a request whose ``Host`` header is ``header``.

    A page on another site can make a browser send requests here through a DNS name that it
    points at this address (DNS rebinding); the browser then sends that name as ``Host``. So a
    name is answered only if ``allowed`` (``allowed_hosts``) has it. A server bound to every
    address also answers any IP address, which no rebinding can forge; ``*`` in ``allowed``
    answers anything (behind a proxy that checks names). No header: not a browser.

    >>> loopback = allowed_hosts("127.0.0.1")
    >>> [host_allowed(h, "127.0.0.1", loopback) for h in ("localhost:7878", "[::1]:7878", "evil.example:7878")]
    [True, True, False]
    >>> host_allowed("192.0.2.7:80", "0.0.0.0", allowed_hosts("0.0.0.0"))
    True
    """
    if header is None or "*" in allowed:
        return True
    try:
        name = urlsplit(f"//{header.strip()}").hostname
    except ValueError:
        return False
    if not name:
        return False
    name = name.rstrip(".")
    return name in allowed or (_is_wildcard(bound) and _is_ip(name))


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(address: str) -> bool:
    return _is_ip(address.strip("[]")) and ipaddress.ip_address(address.strip("[]")).is_loopback


def _is_wildcard(address: str) -> bool:
    return address in ("", "0.0.0.0", "::", "[::]")


def body_length(values: list[str]) -> int:
    """The bytes a request's body has by its ``Content-Length`` header(s); ValueError when it is
    no whole number or two headers disagree (which would let a body pass for a request).

    >>> body_length([]), body_length(["42"]), body_length(["7", "7"])
    (0, 42, 7)
    >>> body_length(["-1"])
    Traceback (most recent call last):
    ValueError: Content-Length '-1' is not a number of bytes
    """
    lengths = {value.strip() for value in values}
    if len(lengths) > 1:
        raise ValueError(f"Content-Length headers disagree: {', '.join(sorted(lengths))}")
    for length in lengths:
        if not (length.isascii() and length.isdigit()):
            raise ValueError(f"Content-Length {length!r} is not a number of bytes")
        return int(length)
    return 0
