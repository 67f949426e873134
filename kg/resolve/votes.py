"""The corpus as resolution sees it: nodes (one per document, type and name key), the type
vote per name key, the short forms a text introduces, and the evidence that two nodes are
different things (conflicts)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.records import ENTITY_TYPES, Document, Mention
from kg.resolve.lexicon import load_lexicon
from kg.resolve.names import cached_same_name, canonical_name, name_key, strip_title
from kg.text.normalize import abbreviates, fold_key, to_simplified

__all__ = [
    "Node",
    "node_order",
    "mention_order",
    "Clusters",
    "Corpus",
    "build_corpus",
    "compare",
    "clusters_conflict",
]


@dataclass(frozen=True)
class Node:
    """All mentions of one name key of one type in one document."""

    doc_id: str
    label: str
    key: str


def node_order(node: Node) -> tuple:
    return (node.label, node.key, node.doc_id)


def mention_order(m: Mention) -> tuple:
    return (m.doc_id, m.sentence, m.start, m.end, m.label, m.text, m.source, m.score)


class Clusters:
    """Union-find over nodes that keeps each cluster's members and the reasons for merges."""

    def __init__(self, nodes: Iterable[Node]):
        self.parent = {n: n for n in nodes}
        self.groups = {n: [n] for n in self.parent}
        self.reasons: list[tuple[Node, str]] = []

    def find(self, node: Node) -> Node:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def group(self, node: Node) -> list[Node]:
        return self.groups[self.find(node)]

    def union(self, a: Node, b: Node, reason: str) -> bool:
        """Merge the clusters of a and b (the smaller root stays), noting why."""
        ra, rb = sorted((self.find(a), self.find(b)), key=node_order)
        if ra == rb:
            return False
        self.parent[rb] = ra
        self.groups[ra] = sorted(self.groups[ra] + self.groups.pop(rb), key=node_order)
        if reason:
            self.reasons.append((ra, reason))
        return True


@dataclass
class Corpus:
    """What the passes read: nodes with their mentions, cleaned names, places, context."""

    scripts: Mapping[str, str]
    mentions: dict[Node, list[Mention]]  # in text order
    names: dict[Mention, str]  # cleaned surface form (title stripped)
    titles: dict[Mention, str]  # title stripped from a person mention
    prefixes: Mapping[str, frozenset[str]]  # type -> names that may prefix its names
    roles: dict[tuple[str, int], set[str]]  # (doc, sentence) -> folded role words
    votes: dict[tuple[str, str], str]  # (label, key) -> vote reason
    tied: dict[tuple[Node, Node], str]  # (short, long) the text says are one -> why
    _forms: dict[Node, str] = field(default_factory=dict)
    known_same: set[frozenset[str]] = field(default_factory=set)  # key pairs shown one name

    def __post_init__(self):
        self.known_same.update(frozenset((a.key, b.key)) for a, b in self.tied)

    def sentences(self, node: Node) -> set[tuple[str, int]]:
        return {(m.doc_id, m.sentence) for m in self.mentions[node]}

    def form(self, node: Node) -> str:
        if node not in self._forms:
            forms = [self.names[m] for m in self.mentions[node]]
            self._forms[node] = canonical_name(forms, node.label)
        return self._forms[node]


def _vote(candidates: Mapping[str, list[Mention]]) -> tuple[str, str]:
    """Type of a name by score-weighted majority; ties to more mentions, then type order."""
    weight = {label: round(sum(m.score for m in ms), 9) for label, ms in candidates.items()}
    label = min(weight, key=lambda t: (-weight[t], -len(candidates[t]), ENTITY_TYPES.index(t)))
    if len(weight) == 1:
        return label, ""
    tally = ", ".join(f"{t} {weight[t]:.2f}" for t in sorted(weight, key=lambda t: (-weight[t], t)))
    return label, f"typed {label} by score-weighted vote over its mentions ({tally})"


def _check(documents: Sequence[Document], mentions: Sequence[Mention]) -> dict[str, str]:
    """Scripts by document; mentions of unknown documents or labels are caller bugs."""
    scripts = {d.doc_id: d.script for d in documents}
    unknown = sorted({m.doc_id for m in mentions} - set(scripts))
    if unknown:
        raise ValueError(f"mentions refer to documents not given: {', '.join(unknown)}")
    bad = sorted({m.label for m in mentions} - set(ENTITY_TYPES) - {"Role"})
    if bad:
        raise ValueError(
            f"unknown mention labels {bad}; expected one of {', '.join(ENTITY_TYPES + ('Role',))}"
        )
    return scripts


def _clean_names(ordered: Sequence[Mention]) -> tuple[dict, dict, dict]:
    """Cleaned name of each non-role mention, titles cut off person names, role words by
    sentence. Role mentions of the corpus extend the title lexicon."""
    role_words = frozenset(m.text for m in ordered if m.label == "Role")
    names, titles, roles = {}, {}, defaultdict(set)
    for m in ordered:
        if m.label == "Role":
            roles[(m.doc_id, m.sentence)].add(fold_key(m.text))
            continue
        name, title = strip_title(m.text, role_words) if m.label == "Person" else (m.text, "")
        if name_key(name):
            names[m] = name
        if title:
            titles[m] = title
    return names, titles, dict(roles)


def _vote_labels(names: Mapping[Mention, str]) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """One type per name key, and the vote reason where mentions disagreed."""
    by_key: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for m, name in names.items():
        by_key[name_key(name)][m.label].append(m)
    labels, votes = {}, {}
    for key, candidates in sorted(by_key.items()):
        labels[key], why = _vote(candidates)
        if why:
            votes[(labels[key], key)] = why
    return labels, votes


def _named(labels: Mapping[str, str], label: str) -> frozenset[str]:
    return frozenset(k for k, t in labels.items() if t == label and len(k) >= 2)


def _prefix_sets(labels: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Names that may prefix a name of each type: places and joint regions everywhere,
    platforms too for the other types (河套園區「七通一平」), never one-character names."""
    places = _named(labels, "Place") | load_lexicon().regions
    wider = places | _named(labels, "Platform")
    return {t: places if t in ("Place", "Platform") else wider for t in ENTITY_TYPES}


def build_corpus(documents: Sequence[Document], mentions: Sequence[Mention]) -> Corpus:
    """Clean person names, vote a type per name key, and group mentions into nodes.

    A short form the text ties to a longer name (簡稱「X」, or 「X」 of “X”Y) takes the
    longer name's type: 「深南東1號」 alone reads like a programme, but names the centre.
    """
    scripts = _check(documents, mentions)
    ordered = sorted(set(mentions), key=mention_order)
    names, titles, roles = _clean_names(ordered)
    labels, votes = _vote_labels(names)
    texts = {(d.doc_id, s.index): s.text for d in documents for s in d.sentences}
    links = {
        **_quoted_short_forms(names),
        **_acronym_short_forms(names, texts),
        **_introduced_short_forms(names, texts),
    }
    nodes: dict[Node, list[Mention]] = defaultdict(list)
    node_of: dict[Mention, Node] = {}
    for m, name in names.items():
        long = links.get(m, (m, ""))[0]
        node_of[m] = Node(m.doc_id, labels[name_key(names[long])], name_key(name))
        nodes[node_of[m]].append(m)
    tied = {
        (node_of[short], node_of[long]): why
        for short, (long, why) in links.items()
        if node_of[short].key != node_of[long].key
    }
    return Corpus(
        scripts,
        dict(nodes),
        names,
        titles,
        _prefix_sets(labels),
        roles,
        votes,
        dict(sorted(tied.items(), key=lambda kv: (node_order(kv[0][0]), node_order(kv[0][1])))),
    )


# Y（簡稱「X」）, Y（以下簡稱X）: the text itself says X stands for Y.
_INTRODUCED = re.compile(
    r"^\s*[（(]\s*(?:以下|下文)?(?:简称|下称|又称|简称为)\s*[:：]?\s*[「『“\"]?$"
)


_BRACKET = re.compile(r"^\s*[（(]$")  # Y（X）: X stands for Y when X contracts Y


_LEADING_QUOTE = re.compile(r"^[「『“]([^「」『』“”]{2,})[」』”](.+)$")


def _introduced_short_forms(
    names: Mapping[Mention, str], texts: Mapping[tuple[str, int], str]
) -> dict[Mention, tuple]:
    """Mentions introduced as the short form of the mention right before them."""
    by_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in names:
        if m.label != "Person":
            by_sentence[(m.doc_id, m.sentence)].append(m)
    links = {}
    for where, found in sorted(by_sentence.items()):
        text = to_simplified(texts.get(where, ""))
        for long in found:
            for short in found:
                gap = text[long.end : short.start] if short.start >= long.end else None
                if gap is not None and (
                    _INTRODUCED.match(gap)
                    or (_BRACKET.match(gap) and abbreviates(names[short], names[long]))
                ):
                    links[short] = (long, f"introduced as the short form of {names[long]}")
    return links


_ACRONYM = re.compile(r"^\s*[（(]([A-Za-z][A-Za-z0-9&]{1,7})[）)]")


def _acronym_short_forms(
    names: Mapping[Mention, str], texts: Mapping[tuple[str, int], str]
) -> dict[Mention, tuple]:
    """全球智能機械與電子產品博覽會（AIE） … AIE博覽會: a Latin acronym in brackets right
    after a name stands for it in its document, alone or before the name's own head."""
    longs: dict[str, dict[str, Mention]] = defaultdict(dict)
    for m in sorted(names, key=mention_order):
        match = _ACRONYM.match(texts.get((m.doc_id, m.sentence), "")[m.end :])
        if match and m.label != "Person":
            longs[m.doc_id].setdefault(match.group(1).upper(), m)
    links = {}
    for m, name in names.items():
        for acronym, long in sorted(longs.get(m.doc_id, {}).items()):
            rest = fold_key(name)[len(acronym) :]
            if (
                m != long
                and fold_key(name).upper().startswith(acronym)
                and fold_key(names[long]).endswith(rest)
            ):
                links[m] = (long, f"{acronym} is bracketed after {names[long]}")
    return links


def _quoted_short_forms(names: Mapping[Mention, str]) -> dict[Mention, tuple]:
    """Mentions of X in a document that names “X”Y, and 「X」 anywhere when one name “X”Y
    exists: the quoted part is what readers use."""
    longs: dict[tuple[str, str], set[Mention]] = defaultdict(set)
    for m, name in names.items():
        match = _LEADING_QUOTE.match(name.strip())
        if match and m.label != "Person":
            longs[(m.doc_id, name_key(match.group(1)))].add(m)
    anywhere: dict[str, set[Mention]] = defaultdict(set)
    for (_, core), quoted in longs.items():
        anywhere[core] |= quoted
    links = {}
    for m, name in names.items():
        quoting = longs.get((m.doc_id, name_key(name)))
        if not quoting and name.strip()[:1] in "「『“":  # 「X」 alone stands for “X”Y elsewhere
            quoting = anywhere.get(name_key(name))
        found = sorted(quoting or (), key=mention_order)
        keys = {name_key(names[long]) for long in found}
        if found and len(keys) == 1 and name_key(name) not in keys:
            links[m] = (found[0], f"the quoted part of {names[found[0]]}")
    return links


def compare(corpus: Corpus, a: Node, b: Node) -> tuple[bool | None, str]:
    return cached_same_name(
        a.key, b.key, a.label, corpus.prefixes[a.label], corpus.scripts[a.doc_id]
    )


def _conflict(corpus: Corpus, a: Node, b: Node) -> str | None:
    """Why two nodes of one type cannot be one thing, or None.

    People named differently in one sentence are two people. Other names conflict when they
    dropped different places or years to one stem, or are unrelated yet open with the same two
    characters (東灣科技園 vs 東灣物流園, 深圳市政府 vs 深圳市政協).
    """
    if a.key == b.key or frozenset((a.key, b.key)) in corpus.known_same:
        return None
    if a.label == "Person":
        together = corpus.sentences(a) & corpus.sentences(b)
        return "named together in one sentence" if together else None
    verdict, why = compare(corpus, a, b)
    if verdict is False:
        return f"{corpus.form(a)} vs {corpus.form(b)}: {why}"
    if verdict is None and a.key[:2] == b.key[:2]:
        return f"{corpus.form(a)} and {corpus.form(b)} are different names"
    return None


def _group_conflict(corpus: Corpus, nodes: Sequence[Node]) -> str | None:
    """First conflict among nodes that would become one cluster.

    Names conflict by their keys alone, so each pair of keys is checked once; people also by
    their sentences, so their nodes are compared one by one.
    """
    if nodes and nodes[0].label != "Person":
        nodes = list({n.key: n for n in nodes}.values())
    return next(
        (
            why
            for i, x in enumerate(nodes)
            for y in nodes[i + 1 :]
            for why in [_conflict(corpus, x, y)]
            if why
        ),
        None,
    )


def clusters_conflict(corpus: Corpus, clusters: Clusters, a: Node, b: Node) -> str | None:
    """First conflict that merging the clusters of a and b would create."""
    return _group_conflict(corpus, clusters.group(a) + clusters.group(b))
