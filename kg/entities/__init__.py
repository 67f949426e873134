"""The entity stage: typed mentions of people, bodies, ports, platforms, initiatives, places,
events and role titles in each sentence of a document.

Chinese has no capitals and no spaces, so a name is found by its *structure*: the word it ends
with (a head word: 口岸, 合作區, 政協, 會議, 機制 …) decides its type, and the run of noun-like
words in front of it is the rest of the name; authors mark many initiative names with 「」《》“”,
and news prose puts a person's name right after a title or a byline cue.

Where to look:

- ``pipeline``  the spaCy pipeline (``make_nlp``) from ``kg/configs/entities.cfg``: which
  sources run, in which order (their precedence) and with which score;
- ``words``     ``kg_words``: jieba's words, tags and name roles on the character tokens;
- ``quote``, ``topic``, ``person``, ``shape``, ``lists``, ``cluener``: one component each;
- ``lexicon``   head words, the gazetteer, word lists (``kg/data/entities``);
- ``checks``    the vetoes a span must pass to be a name;
- ``merge``     one reading per sentence from the sources' candidates;
- ``extract``   ``extract_mentions``: a document's ``Mention`` records.
"""

from kg.entities.checks import plausible_name
from kg.entities.cluener import looks_like_place
from kg.entities.extract import extract_mentions
from kg.entities.lexicon import (
    gazetteer_patterns,
    load_heads,
    load_patterns,
    load_table,
    load_words,
    parse_patterns,
)
from kg.entities.merge import Candidate, merge_candidates
from kg.entities.person import find_people
from kg.entities.pipeline import DEFAULT_MODEL, make_nlp
from kg.entities.shape import ShapeRuler
from kg.entities.sources import SCORES, SOURCES
from kg.entities.words import WordFacts, annotate_words, segment_words, sentence_texts, word_facts

__all__ = [
    "SOURCES",
    "SCORES",
    "DEFAULT_MODEL",
    "make_nlp",
    "extract_mentions",
    "Candidate",
    "merge_candidates",
    "load_table",
    "load_words",
    "load_heads",
    "load_patterns",
    "parse_patterns",
    "gazetteer_patterns",
    "segment_words",
    "annotate_words",
    "WordFacts",
    "word_facts",
    "sentence_texts",
    "find_people",
    "looks_like_place",
    "plausible_name",
    "ShapeRuler",
]
