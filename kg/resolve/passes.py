"""The merging passes, in order, each recording why it merged: within a document, tied short
forms, contractions, across documents, plain forms across documents, misprinted person names."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from kg.resolve.lexicon import AREA_TYPES, load_lexicon
from kg.resolve.names import (
    _place_steps,
    cached_reductions,
    contraction_path,
    describe_path,
    show_piece,
    without_ordinals,
)
from kg.resolve.votes import Clusters, Corpus, Node, clusters_conflict, compare, node_order

__all__ = [
    "related_pairs",
    "merge_within_documents",
    "merge_tied_short_forms",
    "merge_contractions",
    "merge_across_documents",
    "merge_plain_forms_across_documents",
    "merge_misprints",
]


def related_pairs(corpus: Corpus, nodes: list[Node]) -> dict[tuple[Node, Node], str]:
    """Pairs of one document's nodes of one type that are forms of one name, with why."""
    related = {}
    for i, j in _comparable(corpus, nodes):
        a, b = nodes[i], nodes[j]
        verdict, why = compare(corpus, a, b)
        if verdict:
            related[(a, b)] = related[(b, a)] = why
    return related


def _comparable(corpus: Corpus, nodes: list[Node]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of the nodes ``compare`` may relate, in order: two names relate
    only if a reduction of one equals, or starts, a reduction of the other, so each name
    looks up the starts of its reductions instead of being compared with every other name
    (quadratic in a document's names)."""
    having: dict[str, set[int]] = defaultdict(set)
    reduced = []
    for index, node in enumerate(nodes):
        keys = [k for k, _ in cached_reductions(node.key, node.label, corpus.prefixes[node.label])]
        reduced.append(keys)
        for key in keys:
            having[key].add(index)
    pairs = set()
    for index, keys in enumerate(reduced):
        for key in keys:
            for end in range(2, len(key) + 1):
                for other in having.get(key[:end], ()):
                    if other != index:
                        pairs.add((min(index, other), max(index, other)))
    return sorted(pairs)


def _ambiguous(
    node: Node, partners: Mapping[Node, list[Node]], related: Mapping, nodes: list[Node]
) -> bool:
    """A short form is ambiguous if two of the names it may stand for are not one name.

    It may stand for every form it is related to (its ``partners``) and, for types named by
    their head (platforms, ports, events), every longer name that starts with it (found by
    bisection in ``nodes``, one document's nodes of one type in key order).
    """
    candidates = set(partners.get(node, ()))
    if load_lexicon().heads.get(node.label):
        index = bisect_right(nodes, node.key, key=lambda n: n.key)
        while index < len(nodes) and nodes[index].key.startswith(node.key):
            candidates.add(nodes[index])
            index += 1
    found = list(candidates)
    return any((p, q) not in related for i, p in enumerate(found) for q in found[i + 1 :])


def merge_within_documents(corpus: Corpus, clusters: Clusters) -> None:
    """Pass 1: forms of one name in one document; ambiguous short forms stay apart."""
    by_doc: dict[tuple[str, str], list[Node]] = defaultdict(list)
    for node in sorted(corpus.mentions, key=node_order):
        by_doc[(node.doc_id, node.label)].append(node)
    for (doc_id, label), nodes in sorted(by_doc.items()):
        related = related_pairs(corpus, nodes)
        partners: dict[Node, list[Node]] = defaultdict(list)
        for a, b in related:
            partners[a].append(b)
        by_key = sorted(nodes, key=lambda n: n.key)
        ambiguous: dict[Node, bool] = {}
        pairs = {tuple(sorted(p, key=lambda n: (len(n.key), n.key))) for p in related}
        for short, long in sorted(pairs, key=lambda p: (len(p[0].key), p[0].key, p[1].key)):
            if short not in ambiguous:
                ambiguous[short] = _ambiguous(short, partners, related, by_key)
            if ambiguous[short]:
                continue
            if clusters_conflict(corpus, clusters, short, long) is None:
                clusters.union(
                    short,
                    long,
                    f"{corpus.form(short)} ⊂ {corpus.form(long)}: "
                    f"{related[(short, long)]}, same type {label}, "
                    f"same document {doc_id}",
                )


def merge_tied_short_forms(corpus: Corpus, clusters: Clusters) -> None:
    """Pass 1b: short forms the text ties to a name (簡稱「X」, 「X」 of “X”Y)."""
    for (short, long), why in corpus.tied.items():
        if clusters_conflict(corpus, clusters, short, long) is None:
            clusters.union(
                short,
                long,
                f"{corpus.form(short)} ⊂ {corpus.form(long)}: {why}, same document {short.doc_id}",
            )


def merge_contractions(corpus: Corpus, clusters: Clusters) -> None:
    """Pass 1c: a contracted form and the one name it contracts, in its document; across the
    corpus when only ordinals and modifiers were dropped (鵬城實驗室, 鵬城國家實驗室)."""
    by_doc: dict[tuple[str, str], list[Node]] = defaultdict(list)
    by_label: dict[str, list[Node]] = defaultdict(list)
    for node in sorted(corpus.mentions, key=node_order):
        by_doc[(node.doc_id, node.label)].append(node)
        by_label[node.label].append(node)
    for (doc_id, label), nodes in sorted(by_doc.items()):
        filed = _contracting(nodes, label, corpus.prefixes[label])
        for short in nodes:
            found = {
                index
                for index_key in _contraction_keys(short.key, label)
                for index in filed.get(index_key, ())
            }
            longs = [nodes[index] for index in sorted(found)]
            _merge_contraction(corpus, clusters, short, longs, True, f"same document {doc_id}")
    for _label, nodes in sorted(by_label.items()):
        # Across documents a short form is a name with ordinals dropped: look it up by that
        # bare form instead of comparing every pair of names (quadratic in the corpus).
        contracting: dict[str, list[Node]] = defaultdict(list)
        for long in nodes:
            bare, dropped = without_ordinals(long.key)
            if dropped:
                contracting[bare].append(long)
        for short in nodes:
            if short.key in contracting:
                _merge_contraction(
                    corpus, clusters, short, contracting[short.key], False, "across documents"
                )


def _contracting(
    nodes: list[Node], label: str, places: frozenset[str]
) -> dict[tuple[str, str], list[int]]:
    """The nodes a short form may contract, by what the short form must share with them
    (``contraction_path``'s cases): the name bare of ordinals, bare of an administrative
    word, its last six characters (areas) or its first four (programmes and events). A short
    form looks itself up there instead of being tried on every name of its document."""
    admin = load_lexicon().admin
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, node in enumerate(nodes):
        bare, dropped = without_ordinals(node.key)
        keys = {("bare", bare)} if dropped else set()
        keys |= {
            ("bare", rest)
            for rest, (kind, _) in _place_steps(bare, places, admin)
            if kind == "admin"
        }
        if label in AREA_TYPES:
            keys.add(("end", node.key[-6:]))
        if label in ("Initiative", "Event"):
            keys.add(("start", node.key[:4]))
        for key in keys:
            index[key].append(position)
    return index


def _contraction_keys(short: str, label: str) -> list[tuple[str, str]]:
    """Where ``_contracting`` files the names ``short`` may contract."""
    keys = [("bare", short)]
    if label in AREA_TYPES and len(short) >= 6:
        keys.append(("end", short[-6:]))
    if label in ("Initiative", "Event") and len(short) >= 6:
        keys.append(("start", short[:4]))
    return keys


def _merge_contraction(
    corpus: Corpus,
    clusters: Clusters,
    short: Node,
    nodes: list[Node],
    same_document: bool,
    where: str,
) -> None:
    """Merge ``short`` with the one name among ``nodes`` it contracts, if there is one."""
    places = corpus.prefixes[short.label]
    found = [
        (long, why)
        for long in nodes
        for why in [contraction_path(short.key, long.key, short.label, places, same_document)]
        if why
    ]
    if len({clusters.find(long) for long, _ in found}) != 1:
        return  # none, or two different names it may stand for
    long, why = found[0]
    if clusters.find(short) == clusters.find(long):
        return
    pair = frozenset((short.key, long.key))
    known = pair in corpus.known_same
    corpus.known_same.add(pair)  # the pair itself is fine; other names may still conflict
    if clusters_conflict(corpus, clusters, short, long) is None:
        clusters.union(
            short,
            long,
            f"{corpus.form(short)} ⊂ {corpus.form(long)}: {why}, same type {short.label}, {where}",
        )
    elif not known:
        corpus.known_same.discard(pair)


def _documents(ids: Iterable[str], shown: int = 5) -> str:
    """Document ids for a message, the first few only on a big corpus.

    >>> _documents(["a", "b", "c"], shown=2)
    'a, b … (3 documents)'
    """
    ids = sorted(set(ids))
    more = f" … ({len(ids)} documents)" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def merge_across_documents(corpus: Corpus, clusters: Clusters) -> None:
    """Pass 2: one name key and type in several documents is one thing, unless conflicting.

    Clusters that hold other names too (市政府 with 南州市政府) are merged where they agree; a
    cluster of this name alone joins them only if they all agreed, else it is ambiguous.
    """
    same: dict[tuple[str, str], list[Node]] = defaultdict(list)
    for node in sorted(corpus.mentions, key=node_order):
        same[(node.label, node.key)].append(node)
    for (label, key), nodes in sorted(same.items()):
        roots = list(dict.fromkeys(clusters.find(n) for n in nodes))
        if len(roots) < 2:
            continue
        bare = [r for r in roots if all(n.key == key for n in clusters.group(r))]
        alone = set(bare)
        kept, why = _merge_agreeing(corpus, clusters, [r for r in roots if r not in alone])
        kept = kept or bare[:1]
        if len(kept) == 1:
            for root in bare:
                clusters.union(kept[0], root, "")
        name = corpus.form(nodes[0])
        for root in kept:
            docs = {n.doc_id for n in clusters.group(root) if n.key == key}
            if len(docs) > 1:
                clusters.reasons.append(
                    (root, f"{name}: same name and type {label} in documents {_documents(docs)}")
                )
        if why:
            where = _documents(n.doc_id for n in nodes)
            clusters.reasons.extend(
                (root, f"{name} in {where}: not all one thing ({why})") for root in roots
            )


def _merge_agreeing(
    corpus: Corpus, clusters: Clusters, roots: list[Node]
) -> tuple[list[Node], str | None]:
    """Merge each cluster into the first earlier one it does not conflict with.

    Returns the clusters left and the first conflict met (None if all became one).
    """
    kept: list[Node] = []
    first = None
    for root in roots:
        for target in kept:
            why = clusters_conflict(corpus, clusters, target, root)
            if why is None:
                clusters.union(target, root, "")
                break
            first = first or why
        else:
            kept.append(root)
    return [clusters.find(k) for k in kept], first


_PLAIN_STEPS = frozenset({"generic", "admin", "phase"})


def merge_plain_forms_across_documents(corpus: Corpus, clusters: Clusters) -> None:
    """Pass 2b: a name and the same name with a generic suffix (橋頭通, 「橋頭通」機制) in
    different documents are one thing; heads and place prefixes stay within a document."""
    by_key: dict[tuple[str, str], list[Node]] = defaultdict(list)
    for node in sorted(corpus.mentions, key=node_order):
        by_key[(node.label, node.key)].append(node)
    for long in sorted(corpus.mentions, key=node_order):
        found = dict(cached_reductions(long.key, long.label, corpus.prefixes[long.label]))
        for key, path in sorted(found.items()):
            if not path or not {what for what, _ in path} <= _PLAIN_STEPS:
                continue
            for short in by_key.get((long.label, key), ()):
                if short.doc_id == long.doc_id or clusters.find(short) == clusters.find(long):
                    continue
                if clusters_conflict(corpus, clusters, short, long) is None:
                    why = describe_path(path, corpus.scripts[long.doc_id])
                    clusters.union(
                        short,
                        long,
                        f"{corpus.form(short)} ⊂ {corpus.form(long)}: "
                        f"{why}, same type {long.label}, across documents "
                        f"{short.doc_id}, {long.doc_id}",
                    )


def _contexts(corpus: Corpus, clusters: Clusters, people: list[Node]) -> dict[Node, tuple]:
    """Organizations (resolved clusters) and role words in the sentences of each person."""
    orgs_in: dict[tuple[str, int], set[Node]] = defaultdict(set)
    for node, mentions in corpus.mentions.items():
        if node.label == "Organization":
            for m in mentions:
                orgs_in[(m.doc_id, m.sentence)].add(clusters.find(node))
    out = {}
    for person in people:
        sentences = corpus.sentences(person)
        out[person] = (
            set().union(*(orgs_in.get(s, set()) for s in sentences)),
            set().union(*(corpus.roles.get(s, set()) for s in sentences)),
        )
    return out


def _adjacent_people(corpus: Corpus, people: list[Node]) -> set[frozenset[Node]]:
    """Pairs of person nodes named one right after the other in a document: no other person
    between them and at most one sentence apart."""
    named: dict[str, list[tuple[int, int, tuple, Node]]] = defaultdict(list)
    for node in people:
        for m in corpus.mentions[node]:
            named[m.doc_id].append((m.sentence, m.start, node_order(node), node))
    pairs = set()
    for sequence in named.values():
        sequence.sort(key=lambda item: item[:3])
        for (s1, _, _, n1), (s2, _, _, n2) in zip(sequence, sequence[1:]):
            if n1 != n2 and s2 - s1 <= 1:
                pairs.add(frozenset((n1, n2)))
    return pairs


def _shared_context(
    corpus: Corpus,
    clusters: Clusters,
    context: Mapping,
    few_people: Callable[[Node], bool],
    adjacent: set,
    a: Node,
    b: Node,
) -> list[str]:
    """What two one-character-apart names share that makes them one person, or nothing.

    An organization named beside few people, two role words, or — for a name printed once
    right next to a name printed repeatedly — adjacency, the shape of a slip.
    """
    orgs = {o for o in context[a][0] & context[b][0] if few_people(o)}
    roles = context[a][1] & context[b][1]
    if orgs or len(roles) >= 2:
        script = corpus.scripts[a.doc_id]
        return sorted({corpus.form(o) for o in orgs} | {show_piece(r, script) for r in roles})
    if frozenset((a, b)) in adjacent:
        counts = sorted(sum(len(corpus.mentions[n]) for n in clusters.group(x)) for x in (a, b))
        if counts[0] == 1 and counts[1] >= 2:
            return [f"named one after the other in {a.doc_id}"]
    return []


_FEW_PEOPLE = 4
"""Most people (clusters) named beside an organization for it to tell a misprint: a body named
beside many (a city's consultative conference and its hundreds of members) says little about
which of them a misprinted name is; a company beside its CFO says much."""


def _people_beside(context: Mapping) -> dict[Node, list[Node]]:
    """The people named in the sentences of each organization (``_contexts`` turned around)."""
    beside: dict[Node, list[Node]] = defaultdict(list)
    for person, (orgs, _) in context.items():
        for org in orgs:
            beside[org].append(person)
    return beside


def merge_misprints(corpus: Corpus, clusters: Clusters) -> None:
    """Pass 3: one person printed two ways (a one-character slip), told apart from two people.

    Same length, same surname, one other character apart, never named in one sentence, and
    sharing context (see ``_shared_context``).
    """
    people = [n for n in sorted(corpus.mentions, key=node_order) if n.label == "Person"]
    context, adjacent = _contexts(corpus, clusters, people), _adjacent_people(corpus, people)
    beside = _people_beside(context)
    crowds: dict[Node, int] = {}  # people clusters beside an organization, until a merge

    def few_people(org: Node) -> bool:
        if org not in crowds:
            crowds[org] = len({clusters.find(person) for person in beside[org]})
        return crowds[org] <= _FEW_PEOPLE

    for a, b in _one_off_pairs(people):
        if clusters.find(a) == clusters.find(b):
            continue
        shared = _shared_context(corpus, clusters, context, few_people, adjacent, a, b)
        if shared and not clusters_conflict(corpus, clusters, a, b):
            clusters.union(
                a,
                b,
                f"{corpus.form(a)} ≈ {corpus.form(b)}: one-character misprint, "
                f"same surname {corpus.form(a)[0]}, "
                f"shared context {', '.join(shared)}",
            )
            crowds.clear()


def _one_off_pairs(people: list[Node]) -> list[tuple[Node, Node]]:
    """Pairs of person nodes (in ``people`` order, sorted) whose names have one surname and
    differ in one other character: found through the name with that character blanked, not
    by comparing every pair of names that share a surname (quadratic in the corpus)."""
    blanked: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        for i in range(1, len(person.key)):
            blanked[f"{person.key[:i]}\0{person.key[i + 1 :]}"].append(index)
    pairs = {
        (i, j)
        for indexes in blanked.values()
        for n, i in enumerate(indexes)
        for j in indexes[n + 1 :]
        if people[i].key != people[j].key
    }
    return sorted(
        ((people[i], people[j]) for i, j in pairs),
        key=lambda p: (node_order(p[0]), node_order(p[1])),
    )
