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
6. ``kg_cluener_ner``   the trained CLUENER model, when one is installed and read (by the rules
                       alone, or by an entity model whose config reads its labels).
7. ``kg_propagation``   other occurrences, in the same document, of a name found above.

Spans that are exactly a generic word (``kg/data/entities/generic.txt``) are dropped, and the
lexicon and model spans must start and end on word edges.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.entities.candidates import sentence_candidates
from kg.entities.lexicon import load_words
from kg.entities.merge import (
    Candidate,
    _acronyms_of_events,
    _anchored,
    _marked_forms,
    _propagate,
    _quoted_programmes,
    merge_candidates,
)
from kg.entities.sources import MODEL, SCORES
from kg.records import Document, Mention, Sentence
from kg.text.normalize import to_simplified

__all__ = ["extract_mentions"]


def extract_mentions(
    document: Document, nlp: Language, overruled: list[Mention] | None = None
) -> list[Mention]:
    """Typed mentions of every sentence of ``document``, ordered by sentence and offset.

    ``nlp`` comes from ``kg.entities.make_nlp()``; offsets are into ``Sentence.text``. With the
    entity model in the pipeline, the rule spans it overrules are added to ``overruled`` when
    given (``kg explain-entity`` shows them).
    """
    generic = load_words("generic.txt")
    per_sentence, marked = [], []
    for sentence, doc in zip(document.sentences, nlp.pipe(s.text for s in document.sentences)):
        found = [
            c
            for c in sentence_candidates(doc)
            if to_simplified(sentence.text[c.start : c.end]).strip("「」《》“”『』") not in generic
        ]
        if MODEL["name"] in nlp.pipe_names:
            found = _decided_by_model(doc, sentence, found, generic, overruled, nlp)
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
            _score(c),
            c.rule,
        )
        for sentence, found in per_sentence
        for c in found
        if c.label != "Role" or _anchored(c, found, sentence.text)
    ]
    return sorted(mentions, key=lambda m: (m.sentence, m.start, m.end))


def _score(candidate: Candidate) -> float:
    return MODEL["score"] if candidate.source == MODEL["name"] else SCORES[candidate.source]


def _decided_by_model(
    doc: Doc,
    sentence: Sentence,
    found: list[Candidate],
    generic: frozenset[str],
    overruled: list | None,
    nlp: Language,
) -> list[Candidate]:
    """The sentence's candidates when the entity model decides: its spans, the rules' roles
    (the relations read them), and, if the config keeps them, rule spans it left alone."""
    text = sentence.text
    version = nlp.meta.get(f"{MODEL['name']}_version", "")
    learned = [
        Candidate(e.start_char, e.end_char, e.label_, MODEL["name"], f"model {version}")
        for e in doc.ents
        if to_simplified(text[e.start_char : e.end_char]).strip("「」《》“”『』") not in generic
    ]
    confirmed = {(c.start, c.end, c.label) for c in learned}
    kept = []
    for c in found:
        if c.label == "Role" or (c.start, c.end, c.label) in confirmed:
            continue
        alone = not any(c.overlaps(m) for m in learned)
        if MODEL["keep_unopposed_rules"] and alone:
            kept.append(c)
        elif overruled is not None:
            overruled.append(
                Mention(
                    sentence.doc_id,
                    sentence.index,
                    c.start,
                    c.end,
                    text[c.start : c.end],
                    c.label,
                    c.source,
                    SCORES[c.source],
                    c.rule,
                )
            )
    return learned + [c for c in found if c.label == "Role"] + kept
