"""Entity resolution: cluster the mentions of a corpus into one ``Entity`` per real-world thing.

Mentions are grouped into *nodes*: one per document, type and name key (the name folded to
Simplified, width and quote marks, plus the spelling variants of ``kg/data/resolve/norms.tsv``, so
深圳市政協 / 深圳市政协 and 香港特區立法會 / 香港特別行政區立法會 are one node). Nodes are then
merged in three passes, each of which records why:

1. **within a document**, forms of one name: a short form and its long form (前海 and
   前海深港現代服務業合作區), a place- or year-prefixed form (深圳前海, 2026年APEC會議) and a
   generically suffixed one (「創投通」機制). A short form that fits two different long forms
   of the document is ambiguous and stays apart.
2. **across documents**, the same name key of the same type, unless the two clusters carry
   evidence that they are different things (深圳市政府 vs 廣州市政府 behind a shared 市政府);
   and a name with its generic suffix (橋頭通, 「橋頭通」機制). Head and place-prefix short
   forms are only trusted within a document: across a corpus they are too often ambiguous.
3. **misprinted person names**: equal length, one character apart, same surname, never in one
   sentence, and sharing the organization (one named beside few people: a conference with
   hundreds of members is no evidence) or two role words around them, or a name printed once
   right next to the same name printed repeatedly.

Types are decided first, per name key, by a vote weighted with ``Mention.score``; types never
mix afterwards. Every list is sorted, so the result does not depend on input order or hashing.
All affix and title data live in ``kg/data/resolve/``.

Where to look: ``names`` (name keys, canonical names, how two names relate), ``votes`` (the
corpus's nodes, type votes, introduced short forms, conflicts), ``passes`` (the merging passes),
``lexicon`` (the data), ``resolution`` (``resolve_entities``, ``explain_entity``).
"""

from kg.resolve.lexicon import Lexicon, load_lexicon
from kg.resolve.names import (
    canonical_name,
    contraction,
    name_key,
    quoted_cores,
    reductions,
    same_name,
    strip_title,
)
from kg.resolve.resolution import explain_entity, resolve_entities

__all__ = [
    "Lexicon",
    "load_lexicon",
    "name_key",
    "strip_title",
    "canonical_name",
    "reductions",
    "same_name",
    "contraction",
    "quoted_cores",
    "resolve_entities",
    "explain_entity",
]
