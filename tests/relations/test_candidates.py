"""The candidate pairs the relation model classifies: a body or a person meets an event named
anywhere in the article, but no farther off than the longest article the model learned from."""

from __future__ import annotations

from kg.relations.learned import _FARTHEST, candidate_pairs
from kg.relations.sentence import sentence_view
from kg.text.normalize import to_simplified

from .cases import SCRIPTS, make

FILLER = "兩地交流頻繁。"  # a sentence naming nothing


def event_pairs(gap_sentences: int, simplified: bool) -> set[tuple[str, str]]:
    """(subject, object) of the candidates of an article naming 深圳市政府 first and, after
    ``gap_sentences`` sentences naming nothing, the 深港合作論壇."""
    paragraphs = [["深圳市政府發表聲明。", *[FILLER] * gap_sentences, "深港合作論壇昨日舉行。"]]
    spans = [
        [("深圳市政府", "Organization")],
        *[[] for _ in range(gap_sentences)],
        [("深港合作論壇", "Event")],
    ]
    doc, mentions, res = make(paragraphs, spans, simplified)
    views = [
        sentence_view(s, [m for m in mentions if m.sentence == s.index], res) for s in doc.sentences
    ]
    names = {e.key: (e.name,) for e in res.entities}
    return {
        (p.subject.key.split("/")[-1], p.object.key.split("/")[-1])
        for p in candidate_pairs(views, lambda key: names.get(key, ()))
    }


@SCRIPTS
def test_a_body_meets_an_event_named_further_on(simplified):
    pairs = event_pairs(20, simplified)  # about 140 characters apart, in one paragraph
    written = to_simplified if simplified else str
    assert (written("深圳市政府"), written("深港合作論壇")) in pairs


@SCRIPTS
def test_no_pair_farther_apart_than_the_longest_training_article(simplified):
    gap = _FARTHEST // len(FILLER) + 5
    assert not event_pairs(gap, simplified)
