"""Plain records passed between pipeline stages.

Offsets: a ``Sentence`` knows where it sits in ``Document.text`` (the text as read from the
file) and carries its *cleaned* text plus a map from each cleaned character back to the
original (an ``OffsetRuns``: runs of consecutive offsets, not one Python int per character,
which took ten times the memory of the text itself). Mentions are offsets into
``Sentence.text``; ``Sentence.original_span`` turns them into offsets into the original
document for provenance.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

__all__ = [
    "ENTITY_TYPES",
    "MENTION_LABELS",
    "PREDICATES",
    "OffsetRuns",
    "ArticleMetadata",
    "Document",
    "Sentence",
    "Mention",
    "Entity",
    "Resolution",
    "Relation",
]

ENTITY_TYPES = ("Person", "Organization", "Port", "Platform", "Initiative", "Place", "Event")
# Mentions may also be role titles (委員, 董事長): not entities, but the relation stage needs them.
MENTION_LABELS = ENTITY_TYPES + ("Role",)
PREDICATES = (
    "proposed",
    "affiliatedWith",
    "locatedIn",
    "concerns",
    "cooperatesWith",
    "partOf",
    "participatedIn",
)


@dataclass(frozen=True, slots=True)
class OffsetRuns(Sequence[int]):
    """Original offsets of cleaned characters, kept as runs of consecutive offsets.

    Cleaning drops a few characters here and there, so offsets mostly climb by one and a
    sentence usually needs a single run. Indexing, ``len`` and iteration give the numbers
    the plain tuple of offsets would.

    >>> runs = OffsetRuns.of([10, 11, 12, 20, 21])
    >>> runs.starts, runs.origins, runs[3], runs[-1], list(runs)
    ((0, 3), (10, 20), 20, 21, [10, 11, 12, 20, 21])
    """

    starts: tuple[int, ...]  # index of each run's first character in the cleaned text
    origins: tuple[int, ...]  # original offset of that character
    length: int

    @classmethod
    def of(cls, offsets: Sequence[int]) -> OffsetRuns:
        """Runs of a list of offsets (a new run wherever an offset does not follow the last)."""
        starts, origins, previous = [], [], None
        for index, offset in enumerate(offsets):
            if offset != previous:
                starts.append(index)
                origins.append(offset)
            previous = offset + 1
        return cls(tuple(starts), tuple(origins), len(offsets))

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self.length)))
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(f"offset {index} outside {self.length} characters")
        run = bisect_right(self.starts, index) - 1
        return self.origins[run] + index - self.starts[run]

    def __iter__(self) -> Iterator[int]:
        ends = self.starts[1:] + (self.length,)
        for start, origin, end in zip(self.starts, self.origins, ends):
            yield from range(origin, origin + end - start)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document, cleaned, with a map back to the original characters."""

    doc_id: str
    index: int  # position in the document, 0-based
    paragraph: int  # paragraph index: pronouns resolve within a paragraph
    start: int  # offsets into Document.text (original)
    end: int
    text: str  # cleaned text of Document.text[start:end]
    offsets: Sequence[int] = field(repr=False)  # offsets[i]: original offset of text[i]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original document offsets of the cleaned slice ``text[start:end]``.

        >>> s = Sentence("d", 0, 0, 10, 15, "ab", (10, 14))
        >>> s.original_span(0, 2)
        (10, 15)
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside sentence of length {len(self.text)}")
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class ArticleMetadata:
    """Where and when an article was published, as its header or its input file says.

    Each field is None (or empty) when nothing says it: a build never guesses a date.
    """

    date: date | None = None  # publication date
    outlet: str | None = None  # the publisher that the text names (來源:…, 香港文匯報訊)
    reporters: tuple[str, ...] = ()  # the byline's names
    url: str | None = None

    def overridden_by(self, given: ArticleMetadata) -> ArticleMetadata:
        """These fields with each field ``given`` sets replacing the one read here.

        >>> read = ArticleMetadata(outlet="大公報", reporters=("李望賢",))
        >>> given = read.overridden_by(ArticleMetadata(outlet="文匯報"))
        >>> given.outlet, given.reporters
        ('文匯報', ('李望賢',))
        """
        return ArticleMetadata(
            date=given.date or self.date,
            outlet=given.outlet or self.outlet,
            reporters=given.reporters or self.reporters,
            url=given.url or self.url,
        )


@dataclass(frozen=True)
class Document:
    doc_id: str  # file stem, unique within a build
    path: str  # as given, for messages and provenance
    text: str  # decoded file content, untouched: every offset points here
    title: str | None
    script: str  # "zh-Hant" or "zh-Hans": the language tag of this document's labels
    sha256: str  # of the raw bytes; keys incremental builds
    encoding: str
    sentences: tuple[Sentence, ...] = field(repr=False)
    metadata: ArticleMetadata = ArticleMetadata()


@dataclass(frozen=True)
class Mention:
    """A typed span found by one extractor; offsets into ``Sentence.text``."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str  # one of MENTION_LABELS
    source: str  # extractor name, e.g. "kg_shape_ruler"; goes into PROV
    score: float = 1.0
    rule: str = ""  # the source's pattern, rule or case: "named-organization, head 政協, …"


@dataclass(frozen=True)
class Entity:
    """One real-world thing: the resolved cluster of mentions across the corpus."""

    key: str  # stable, unique: "<label>/<canonical name>"
    label: str  # one of ENTITY_TYPES
    name: str  # canonical name, as written in its source
    script: str  # language tag of ``name``
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), repr=False)
    reasons: tuple[str, ...] = field(default=(), repr=False)  # why the forms were merged


@dataclass(frozen=True)
class Resolution:
    """The entities of a corpus and which entity each (non-role) mention refers to."""

    entities: tuple[Entity, ...]
    entity_of: Mapping[Mention, str]  # Mention -> Entity.key

    def entity(self, key: str) -> Entity:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, Entity]:
        return {e.key: e for e in self.entities}


@dataclass(frozen=True)
class Relation:
    """A statement between two resolved entities with the sentence that says so."""

    subject: str  # Entity.key
    predicate: str  # one of PREDICATES
    object: str  # Entity.key
    doc_id: str
    sentence: int
    evidence: str  # the cleaned sentence (or clause) stating it
    start: int  # original offsets of the evidence in the document
    end: int
    source: str  # rule or model that produced it
    confidence: float
    role: str | None = None  # the title, for affiliatedWith
