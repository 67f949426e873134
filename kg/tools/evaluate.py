"""Score a graph against hand annotations (``gold/*.gold.json``, see gold/GUIDELINES.md).

The rules are those of the project's reference scorer, so both agree on a build: gold
entities of all files are merged by shared names (corpus level, as in a merged graph); a
graph entity matches a gold entity when one of its names equals one of the gold names after
folding (Traditional to Simplified, NFKC width, quote marks and spaces removed); each gold
entity is matched at most once; relations count when both ends match and the predicate is
the same (``cooperatesWith`` in either direction).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.rdf.namespaces import KGID, KGO
from kg.records import ENTITY_TYPES, PREDICATES
from kg.text.normalize import to_simplified_as_scored

__all__ = ["Score", "Evaluation", "fold_name", "load_gold", "evaluate_graph", "annotation_graph"]

SYMMETRIC = {"cooperatesWith"}
_MARKS = re.compile(r"[\s「」『』《》〈〉“”‘’\"'()（）·•・,，、]")
_ARTIFACT = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


def fold_name(name: str) -> str:
    """The form two names are compared in.

    >>> fold_name("「創投通」機制") == fold_name("创投通机制")
    True
    """
    name = unicodedata.normalize("NFKC", _ARTIFACT.sub("", str(name)))
    return _MARKS.sub("", to_simplified_as_scored(name)).lower()


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, hits: int, predicted: int, gold: int) -> Score:
        p = hits / predicted if predicted else 0.0
        r = hits / gold if gold else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True)
class Evaluation:
    entities: dict[str, Score]  # "all", "typed" and each type
    relations: dict[str, Score]  # "all" and each predicate
    counts: dict[str, int]
    missed_relations: tuple[tuple[str, str, str], ...]

    def headline(self) -> str:
        return (
            f"entity_f1={self.entities['all'].f1:.3f} "
            f"typed_entity_f1={self.entities['typed'].f1:.3f} "
            f"relation_f1={self.relations['all'].f1:.3f}"
        )


class _Gold:
    """Gold entities merged across files by shared folded names (union-find)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.first_type: dict[str, str] = {}
        self.raw_relations: list[tuple[str, str, str]] = []

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def root(self, key: str) -> str | None:
        return self.find(key) if key in self.parent else None

    def canonical(self, s: str, p: str, o: str) -> tuple[str, str, str]:
        s, o = self.root(s) or s, self.root(o) or o
        return (o, p, s) if p in SYMMETRIC and o < s else (s, p, o)


def load_gold(paths: Iterable[str | Path]) -> _Gold:
    """Gold annotations from ``*.gold.json`` files or folders of them."""
    files = []
    for path in map(Path, paths):
        files += sorted(path.glob("*.gold.json")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"{', '.join(map(str, paths))}: no *.gold.json files")
    gold = _Gold()
    for file in files:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(f"{file}: not a readable gold file ({error})") from None
        for entity in document["entities"]:
            first = fold_name(entity["name"])
            for name in [entity["name"], *entity.get("aliases", [])]:
                if fold_name(name):
                    gold.union(first, fold_name(name))
            gold.first_type.setdefault(first, entity["type"])
        gold.raw_relations += [
            (fold_name(r["s"]), r["p"], fold_name(r["o"])) for r in document["relations"]
        ]
    return gold


def _predicted(graph: Graph) -> tuple[dict[URIRef, tuple[set[str], set[str]]], set[tuple]]:
    class_of: dict[Node, str] = {KGO[t]: t for t in ENTITY_TYPES}
    changed = True
    while changed:  # subclasses the graph declares count as their top class
        changed = False
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if sup in class_of and sub not in class_of:
                class_of[sub] = class_of[sup]
                changed = True
    nodes: dict[URIRef, tuple[set[str], set[str]]] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if cls in class_of and isinstance(node, URIRef):
            types, names = nodes.setdefault(node, (set(), set()))
            types.add(class_of[cls])
            names |= {
                fold_name(str(label))
                for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                for label in graph.objects(node, p)
            } - {""}
    relations = {
        (s, p, o)
        for p in PREDICATES
        for s, o in graph.subject_objects(KGO[p])
        if s in nodes and o in nodes
    }
    return nodes, relations


def evaluate_graph(gold: _Gold, graph: Graph) -> Evaluation:
    """Corpus-level precision, recall and F1 of entities (untyped, typed, per type) and relations."""
    clusters: dict[str, set[str]] = {}
    for key in list(gold.parent):
        clusters.setdefault(gold.find(key), set()).add(key)
    gold_type = {
        root: next((gold.first_type[k] for k in sorted(keys) if k in gold.first_type), None)
        for root, keys in clusters.items()
    }
    gold_relations = {
        gold.canonical(s, p, o)
        for s, p, o in gold.raw_relations
        if s in gold.parent and o in gold.parent
    }

    nodes, relations = _predicted(graph)
    match: dict[URIRef, str] = {}
    used: set[str] = set()
    for node, (_, names) in sorted(nodes.items(), key=lambda kv: str(kv[0])):
        roots = {root for root in map(gold.root, names) if root is not None}
        ordered = sorted(roots - used) or sorted(roots)
        if ordered:
            match[node] = ordered[0]
            used.add(ordered[0])

    entities = {"all": Score.of(len(used), len(nodes), len(clusters))}
    typed_hits = 0
    for etype in ENTITY_TYPES:
        gold_of_type = {r for r, t in gold_type.items() if t == etype}
        predicted_of_type = [n for n, (types, _) in nodes.items() if etype in types]
        hits = {match[n] for n in predicted_of_type if match.get(n) in gold_of_type}
        typed_hits += len(hits)
        entities[etype] = Score.of(len(hits), len(predicted_of_type), len(gold_of_type))
    entities["typed"] = Score.of(typed_hits, sum(len(t) for t, _ in nodes.values()), len(clusters))

    predicted_relations = set()
    for s, p, o in relations:
        if s in match and o in match:
            predicted_relations.add(gold.canonical(match[s], p, match[o]))
        else:
            predicted_relations.add((str(s), p, str(o)))
    scores = {}
    hits_all = 0
    for predicate in PREDICATES:
        gold_p = {r for r in gold_relations if r[1] == predicate}
        pred_p = {r for r in predicted_relations if r[1] == predicate}
        hits_all += len(gold_p & pred_p)
        scores[predicate] = Score.of(len(gold_p & pred_p), len(pred_p), len(gold_p))
    scores["all"] = Score.of(hits_all, len(predicted_relations), len(gold_relations))
    counts = {
        "gold_entities": len(clusters),
        "pred_entities": len(nodes),
        "gold_relations": len(gold_relations),
        "pred_relations": len(predicted_relations),
    }
    return Evaluation(entities, scores, counts, tuple(sorted(gold_relations - predicted_relations)))


def annotation_graph(gold: _Gold) -> Graph:
    """An annotation as the graph a perfect extractor would build: one node per gold entity
    (annotations merged across files, as the scorer merges them), typed and named by its folded
    names, and its relations. Scoring one annotator's graph against another's gold measures
    their agreement by the very rules that score the extractor."""
    clusters: dict[str, set[str]] = {}
    for key in list(gold.parent):
        clusters.setdefault(gold.find(key), set()).add(key)
    graph = Graph()

    def node(root: str) -> URIRef:
        return KGID[f"annotation/{hashlib.sha1(root.encode('utf-8')).hexdigest()[:16]}"]

    for root, keys in sorted(clusters.items()):
        label = next((gold.first_type[k] for k in sorted(keys) if k in gold.first_type), None)
        if label is None:
            continue
        graph.add((node(root), RDF.type, KGO[label]))
        for key in sorted(keys):
            graph.add((node(root), RDFS.label, Literal(key)))
    for s, p, o in gold.raw_relations:
        if s in gold.parent and o in gold.parent:
            s_root, _, o_root = gold.canonical(s, p, o)
            graph.add((node(s_root), KGO[p], node(o_root)))
    return graph
