"""``extract_mentions``: run the entity pipeline over a document's sentences and turn the
sources' spans into typed ``Mention`` records.

Sources, in order of precedence (earlier wins a tie or a crossing overlap):

1. ``kg_quote_ruler``   「…」/《…》/“…” spans, with the head word that follows them.
   ``kg_topic_ruler``   what a proposal is about: 關於X的建議 → X.
2. ``kg_person_ruler``  titles and bylines around a name: Person, and Role for the title.
3. ``kg_shape_ruler``   name + head shapes from ``kg/data/entities/shapes.jsonl`` (a SpanRuler).
4. ``kg_gazetteer``     the closed classes in ``kg/data/entities/gazetteer.tsv`` (span_ruler).
5. ``kg_list_ruler``    members of an enumeration closed by a class noun (華為、騰訊等企業),
                       and the whole subject of a clause that founds a body (…委員會成立).
6. ``kg_cluener_ner``   the trained CLUENER model, when one is installed.
7. ``kg_propagation``   other occurrences, in the same document, of a name found above.

Spans that are exactly a generic word (``kg/data/entities/generic.txt``) are dropped, and the
lexicon and model spans must start and end on word edges.
"""

from __future__ import annotations

from spacy.language import Language

from kg.entities.candidates import candidates
from kg.entities.lexicon import load_words
from kg.entities.merge import (
    _acronyms_of_events,
    _anchored,
    _marked_forms,
    _propagate,
    _quoted_programmes,
    merge_candidates,
)
from kg.entities.sources import SCORES
from kg.records import Document, Mention
from kg.text.normalize import to_simplified

__all__ = ["extract_mentions"]


def extract_mentions(document: Document, nlp: Language) -> list[Mention]:
    """Typed mentions of every sentence of ``document``, ordered by sentence and offset.

    ``nlp`` comes from ``kg.entities.make_nlp()``; offsets are into ``Sentence.text``.
    """
    generic = load_words("generic.txt")
    per_sentence, marked = [], []
    for sentence, doc in zip(document.sentences, nlp.pipe(s.text for s in document.sentences)):
        found = [
            c
            for c in candidates(doc)
            if to_simplified(sentence.text[c.start : c.end]).strip("「」《》“”『』") not in generic
        ]
        per_sentence.append((sentence, found))
        marked.append(_marked_forms(doc))
    extra = _quoted_programmes(marked)
    per_sentence = _acronyms_of_events(
        _propagate(
            [
                (sentence, merge_candidates(found + more))
                for (sentence, found), more in zip(per_sentence, extra)
            ]
        )
    )
    mentions = [
        Mention(
            document.doc_id,
            sentence.index,
            c.start,
            c.end,
            sentence.text[c.start : c.end],
            c.label,
            c.source,
            SCORES[c.source],
            c.rule,
        )
        for sentence, found in per_sentence
        for c in found
        if c.label != "Role" or _anchored(c, found, sentence.text)
    ]
    return sorted(mentions, key=lambda m: (m.sentence, m.start, m.end))
