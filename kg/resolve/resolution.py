"""``resolve_entities``: the passes over a corpus, then one ``Entity`` per cluster; and
``explain_entity``: why an entity's forms were merged."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from kg.records import Document, Entity, Mention, Resolution
from kg.resolve.names import canonical_name, quoted_cores, variant_reasons
from kg.resolve.passes import (
    merge_across_documents,
    merge_contractions,
    merge_misprints,
    merge_plain_forms_across_documents,
    merge_tied_short_forms,
    merge_within_documents,
)
from kg.resolve.votes import Clusters, Corpus, Node, build_corpus, mention_order, node_order
from kg.text.normalize import fold_key

__all__ = ["make_entity", "resolve_entities", "explain_entity"]


def make_entity(corpus: Corpus, nodes: list[Node], reasons: list[str]) -> Entity:
    """One cluster as an Entity; the key is assigned once all names are known."""
    mentions = sorted((m for n in nodes for m in corpus.mentions[n]), key=mention_order)
    label = nodes[0].label
    forms = [corpus.names[m] for m in mentions]
    name = canonical_name(forms, label)
    source = next(m for m in mentions if corpus.names[m] == name)
    votes = [
        f"{corpus.form(n)}: {corpus.votes[(label, n.key)]}"
        for n in nodes
        if (label, n.key) in corpus.votes
    ]
    titles = [
        f"{m.text} → {corpus.names[m]}: title {corpus.titles[m]} stripped"
        for m in mentions
        if m in corpus.titles
    ]
    lines = list(dict.fromkeys(variant_reasons(forms) + reasons + votes + titles))
    cores = quoted_cores(forms) if label in ("Initiative", "Event") else set()
    return Entity(
        key="",
        label=label,
        name=name,
        script=corpus.scripts[source.doc_id],
        aliases=tuple(sorted((set(forms) | cores) - {name})),
        mentions=tuple(mentions),
        reasons=tuple(lines),
    )


def _with_unique_keys(entities: list[Entity]) -> list[Entity]:
    """Key "<label>/<name>"; clusters kept apart under one name get "#2", "#3" … in text order."""
    seen: Counter[str] = Counter()
    out = []
    for e in sorted(entities, key=lambda e: (e.label, e.name, mention_order(e.mentions[0]))):
        base = f"{e.label}/{e.name}"
        seen[base] += 1
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        out.append(Entity(key, e.label, e.name, e.script, e.aliases, e.mentions, e.reasons))
    return sorted(out, key=lambda e: e.key)


def resolve_entities(documents: Sequence[Document], mentions: Sequence[Mention]) -> Resolution:
    """Cluster the non-role mentions of a corpus into entities, with the reasons for each merge.

    Parameters
    ----------
    documents : the corpus (only ``doc_id`` and ``script`` are read).
    mentions : typed spans from the extractors. "Role" mentions are not resolved, but their
        words are stripped from person names and tell a misprinted name from another person.

    Returns
    -------
    Resolution : entities sorted by key, and the entity key of every resolved mention.

    Examples
    --------
    >>> from kg.records import Document, Mention
    >>> doc = Document("d1", "d1.txt", "", None, "zh-Hant", "", "utf-8", ())
    >>> ms = [Mention("d1", 0, 0, 2, "前海", "Platform", "test"),
    ...       Mention("d1", 1, 0, 12, "前海深港現代服務業合作區", "Platform", "test")]
    >>> [(e.key, e.aliases) for e in resolve_entities([doc], ms).entities]
    [('Platform/前海深港現代服務業合作區', ('前海',))]
    """
    corpus = build_corpus(documents, mentions)
    clusters = Clusters(corpus.mentions)
    merge_within_documents(corpus, clusters)
    merge_tied_short_forms(corpus, clusters)
    merge_contractions(corpus, clusters)
    merge_across_documents(corpus, clusters)
    merge_plain_forms_across_documents(corpus, clusters)
    merge_misprints(corpus, clusters)
    reasons: dict[Node, list[str]] = defaultdict(list)
    for node, why in clusters.reasons:
        reasons[clusters.find(node)].append(why)
    entities = _with_unique_keys(
        [
            make_entity(corpus, group, reasons[root])
            for root, group in sorted(clusters.groups.items(), key=lambda kv: node_order(kv[0]))
        ]
    )
    entity_of = {m: e.key for e in entities for m in e.mentions}
    return Resolution(entities=tuple(entities), entity_of=entity_of)


def explain_entity(resolution: Resolution, name: str) -> list[str]:
    """Lines telling which mentions an entity has and why its forms were merged.

    ``name`` may be any of its names or mention texts, in either script. Empty if none matches.

    >>> from kg.records import Document, Mention
    >>> doc = Document("d1", "d1.txt", "", None, "zh-Hant", "", "utf-8", ())
    >>> res = resolve_entities([doc], [Mention("d1", 0, 3, 5, "河套", "Platform", "ruler")])
    >>> explain_entity(res, "河套")
    ['Platform/河套 (zh-Hant)', '  mention d1 sentence 0 [3:5] 河套 by ruler, score 1.00']
    """
    wanted = fold_key(name)
    lines = []
    for entity in resolution.entities:
        names = {entity.name, *entity.aliases, *(m.text for m in entity.mentions)}
        if wanted not in {fold_key(n) for n in names}:
            continue
        aliases = f"; aliases: {', '.join(entity.aliases)}" if entity.aliases else ""
        lines.append(f"{entity.key} ({entity.script}){aliases}")
        lines.extend(
            f"  mention {m.doc_id} sentence {m.sentence} [{m.start}:{m.end}] {m.text} "
            f"by {m.source}{'/' + m.rule if m.rule else ''}, score {m.score:.2f}"
            for m in entity.mentions
        )
        lines.extend(f"  reason {why}" for why in entity.reasons)
    return lines
