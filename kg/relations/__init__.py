"""Relation extraction: typed statements between resolved entities, with their evidence.

Rules read the structure of Chinese news sentences, not names: an appositive chain of
organization + title before a person is an affiliation, a proposing verb after a person governs
the initiatives that follow it, 在 + place + 舉行 locates an event. Each pattern family is one
file of small functions over a sentence view (``sentence``); cue words live in
``kg/data/relations/*.tsv`` (``cues``).

Matching runs on the Simplified fold of each sentence (OpenCC keeps the length, so offsets
carry over), with the characters of every mention masked out, so that a cue inside a name
(合作 in 前海深港現代服務業合作區) never fires.

Where to look: ``affiliation``, ``proposal``, ``location``, ``part``, ``concern``,
``cooperation``, ``participation`` (one predicate family each), ``lists`` (who is listed with
whom), ``context`` (what a document's rules share, the predicates' type signatures),
``extract`` (the driver).
"""

from kg.relations.context import SIGNATURES, fits
from kg.relations.cues import Cue, load_cues, parse_cues
from kg.relations.extract import extract_relations

__all__ = ["Cue", "load_cues", "parse_cues", "extract_relations", "SIGNATURES", "fits"]
