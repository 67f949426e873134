"""RDF terms between rdflib (which builds the graph) and pyoxigraph (which stores and writes it).

Oxigraph lower-cases language tags (``zh-hant``); rdflib, our files and most tools write
``zh-Hant``. Tags are case-insensitive (BCP 47), but the graph's text should not change with
the engine that wrote it, so every way back restores the conventional case.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import QueryError

__all__ = ["to_rdflib", "from_rdflib", "bcp47_case", "recase_language_tags"]


def to_rdflib(term) -> Node | None:
    """The rdflib term for a pyoxigraph term, written as rdflib would have parsed it.

    >>> import pyoxigraph
    >>> to_rdflib(pyoxigraph.Literal("前海", language="zh-hant")).n3()
    '"前海"@zh-Hant'
    >>> to_rdflib(pyoxigraph.Literal("前海")).n3()
    '"前海"'
    """
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=bcp47_case(term.language))
        datatype = term.datatype.value
        return Literal(
            term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype)
        )
    raise QueryError(f"cannot represent {term!r} as an rdflib term (RDF-star is not supported)")


def from_rdflib(term: Node):
    """The pyoxigraph term for an rdflib term.

    >>> from_rdflib(Literal("前海", lang="zh-Hant"))
    <Literal value=前海 language=zh-hant>
    """
    import pyoxigraph

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = pyoxigraph.NamedNode(str(term.datatype)) if term.datatype else None
        return pyoxigraph.Literal(str(term), datatype=datatype)
    raise QueryError(f"cannot bind {term!r}: only IRIs, blank nodes and literals")


@lru_cache(maxsize=64)
def bcp47_case(tag: str) -> str:
    """A language tag in its conventional case: language lower, Script title, REGION upper.

    >>> bcp47_case("zh-hant-hk"), bcp47_case("EN-us")
    ('zh-Hant-HK', 'en-US')
    """
    parts = tag.split("-")
    cased = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            cased.append(part.title())
        elif len(part) == 2 and part.isalpha():
            cased.append(part.upper())
        else:
            cased.append(part.lower())
    return "-".join(cased)


# A string literal as Oxigraph writes Turtle and TriG (short form, escaped), with its tag if
# any. IRIs and names hold no '"', so matching every literal from its opening quote keeps the
# scan in step with the text.
_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:@([A-Za-z0-9-]+))?')


def recase_language_tags(text: str) -> str:
    r"""Turtle or TriG written by Oxigraph, with each language tag in its conventional case.

    >>> print(recase_language_tags(r'<a> <b> "say \"hi\"@zh-hant"@zh-hant, "7"^^<i> .'))
    <a> <b> "say \"hi\"@zh-hant"@zh-Hant, "7"^^<i> .
    """

    def recased(match: re.Match) -> str:
        tag = match[1]
        return match[0] if tag is None else match[0][: -len(tag)] + bcp47_case(tag)

    return _LITERAL.sub(recased, text)
