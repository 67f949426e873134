"""The relation model's features of a candidate: a member's title is crossed with the ending of
the body it is paired with, so that a title (議員, 省長) can find the kind of body it is held in
even when the text names that body sentences away."""

from __future__ import annotations

from kg.relations.learned import candidate_pairs, pair_features
from kg.relations.sentence import sentence_view
from kg.text.normalize import to_simplified

from .cases import SCRIPTS, make


def features_of(paragraphs, spans, simplified, subject: str, obj: str) -> list[str]:
    """The features of the one candidate whose subject and object read ``subject`` and ``obj``
    (written in Traditional; a mention's text is its Simplified fold)."""
    doc, mentions, res = make(paragraphs, spans, simplified)
    views = [
        sentence_view(s, [m for m in mentions if m.sentence == s.index], res) for s in doc.sentences
    ]
    names = {e.key: (e.name,) for e in res.entities}
    found = [
        pair_features(p, {})
        for p in candidate_pairs(views, lambda key: names.get(key, ()))
        if (p.subject.text, p.object.text) == (to_simplified(subject), to_simplified(obj))
    ]
    assert len(found) == 1, found
    return found[0]


def title_body(features: list[str]) -> set[str]:
    return {f for f in features if f.startswith("title-body=")}


LEGISLATURE = [
    ["香港立法會今日開會。", "兩地交流頻繁。", "經民聯議員林健鋒表示支持。"],
]
LEGISLATURE_SPANS = [
    [("香港立法會", "Organization")],
    [],
    [("經民聯", "Organization"), ("林健鋒", "Person")],
]


@SCRIPTS
def test_a_title_before_a_member_meets_the_ending_of_a_body_sentences_away(simplified):
    features = features_of(LEGISLATURE, LEGISLATURE_SPANS, simplified, "林健鋒", "香港立法會")
    assert title_body(features) == {
        "title-body=议员|会",
        "title-body=议员|法会",
        "title-body=议员|立法会",
    }


@SCRIPTS
def test_a_title_after_a_member_counts_too(simplified):
    paragraphs = [["廣東省政府發布通知。", "王偉中省長出席會議。"]]
    spans = [[("廣東省政府", "Organization")], [("王偉中", "Person")]]
    features = features_of(paragraphs, spans, simplified, "王偉中", "廣東省政府")
    assert "title-body=省长|政府" in title_body(features)


@SCRIPTS
def test_no_title_no_crossing(simplified):
    paragraphs = [["香港立法會今日開會。", "林健鋒表示支持。"]]
    spans = [[("香港立法會", "Organization")], [("林健鋒", "Person")]]
    assert not title_body(features_of(paragraphs, spans, simplified, "林健鋒", "香港立法會"))


@SCRIPTS
def test_only_a_person_is_crossed_with_a_body(simplified):
    # 經民聯 stands right before 議員 too, but a body holds no title: membership or a part
    features = features_of(LEGISLATURE, LEGISLATURE_SPANS, simplified, "經民聯", "香港立法會")
    assert not title_body(features)
