"""Word segmentation for Traditional and Simplified text: jieba on the Simplified folding.

jieba's dictionary and HMM know Simplified Chinese; on Traditional text they mis-cut names
(gold CLUENER spans crossing a token boundary: 12.6% on Traditional, 4.2% on the hk2s folding,
see NOTES.md). So the text is folded with ``kg.text.normalize.to_simplified`` (length-preserving),
cut there, and the cuts are applied to the ORIGINAL text: ``doc.text`` is always the input.
Each token's NORM is its Simplified form, so a model reading NORM sees both scripts alike.

The tokenizer is registered as ``kg_jieba_hk2s_tokenizer.v1``: ``import kg.text.segment`` before
``spacy.load()`` of a pipeline that names it. It uses a private ``jieba.Tokenizer`` (the global
one may carry other modules' user words), whose dictionary loads at the first cut.
The same import registers ``kg_char_word_embed.v1``, the NER's embedding of each token's
word features and of the characters of its NORM (``create_char_word_embed``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.text.normalize import to_simplified

__all__ = [
    "JiebaHk2sTokenizer",
    "create_jieba_hk2s_tokenizer",
    "cut_offsets",
    "norm_chars",
    "create_char_word_embed",
]


def cut_offsets(pieces: Iterable[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces that together spell a text.

    >>> list(cut_offsets(["深圳", "灣", " "]))
    [(0, 2), (2, 3), (3, 4)]
    """
    start = 0
    for piece in pieces:
        yield start, start + len(piece)
        start += len(piece)


def _words_and_spaces(pieces: Iterable[str]) -> tuple[list[str], list[bool]]:
    """spaCy's whitespace convention: one " " after a word is its trailing space, other
    whitespace runs become tokens of their own."""
    words: list[str] = []
    spaces: list[bool] = []
    for piece in pieces:
        if piece == " " and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
        elif piece.isspace() and words and words[-1].isspace() and not spaces[-1]:
            words[-1] += piece
        else:
            words.append(piece)
            spaces.append(False)
    return words, spaces


class JiebaHk2sTokenizer:
    """Callable ``text -> Doc``: jieba cuts of the Simplified folding over the original text."""

    def __init__(self, vocab: Vocab, *, hmm: bool = True):
        self.vocab = vocab
        self.hmm = hmm
        self._jieba = None

    def _cutter(self):
        # jieba's dictionary costs about a second to build: only on the first call.
        if self._jieba is None:
            import jieba

            self._jieba = jieba.Tokenizer()
        return self._jieba

    def __call__(self, text: str) -> Doc:
        simplified = to_simplified(text)
        spans = list(cut_offsets(self._cutter().cut(simplified, HMM=self.hmm)))
        words, spaces = _words_and_spaces(text[start:end] for start, end in spans)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token in doc:
            norm = simplified[token.idx : token.idx + len(token)]
            if norm != token.text:
                token.norm_ = norm.lower()
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize a stream of texts (``batch_size`` is accepted for spaCy's API)."""
        for text in texts:
            yield self(text)

    # The tokenizer has no state of its own: serialization writes and reads nothing.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> JiebaHk2sTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> JiebaHk2sTokenizer:
        return self


@spacy.registry.tokenizers("kg_jieba_hk2s_tokenizer.v1")
def create_jieba_hk2s_tokenizer(hmm: bool = True) -> Callable[[spacy.Language], JiebaHk2sTokenizer]:
    """Factory named in ``kg/configs/ner.cfg`` under ``[nlp.tokenizer]``.

    ``hmm``: let jieba's HMM join characters it has no word for (often names, but it also
    glues a name to the next character); without it such characters stay single tokens.
    """

    def make_tokenizer(nlp: spacy.Language) -> JiebaHk2sTokenizer:
        return JiebaHk2sTokenizer(nlp.vocab, hmm=hmm)

    return make_tokenizer


def norm_chars(norm: str, n_chars: int = 4) -> tuple[int, ...]:
    """Code points of a token's first, last, second and second-to-last characters (0: none).

    The middle pair is filled only for tokens of three characters or more, so no character
    is counted twice; only the middle of tokens of five characters or more is left out (0.9%
    of the jieba tokens of the CLUENER2020 training text are that long).

    >>> [chr(c) if c else "" for c in norm_chars("香港中文大学")]
    ['香', '学', '港', '大']
    >>> norm_chars("林")
    (26519, 26519, 0, 0)
    """
    ends = [norm[0], norm[-1]] if norm else ["", ""]
    middle = [norm[1], norm[-2]] if len(norm) >= 3 else ["", ""]
    return tuple(ord(c) if c else 0 for c in (ends + middle)[:n_chars])


_cached_norm_chars = lru_cache(maxsize=200_000)(norm_chars)


def _char_word_features(columns: list[str], n_chars: int):
    """Per token, the hashed ``columns`` (as spaCy's FeatureExtractor) then ``norm_chars``."""
    from thinc.api import Model

    def forward(model, docs, is_train):
        features = []
        for doc in docs:
            words = doc.to_array(columns).reshape((len(doc), len(columns)))
            chars = numpy.array(
                [_cached_norm_chars(t.norm_, n_chars) for t in doc], dtype="uint64"
            ).reshape((len(doc), n_chars))
            features.append(model.ops.asarray2i(numpy.hstack([words, chars]), dtype="uint64"))
        return features, lambda d_features: []

    return Model("kg_char_word_features", forward, attrs={"columns": columns, "n_chars": n_chars})


@spacy.registry.architectures("kg_char_word_embed.v1")
def create_char_word_embed(
    width: int, attrs: list[str], rows: list[int], n_chars: int, char_width: int, char_rows: int
):
    """``spacy.MultiHashEmbed.v2`` over ``attrs`` plus an embedding of each character of
    the token's NORM (its Simplified form, ``norm_chars``), mixed by the same Maxout.

    Why: NORM embeds whole words, and PREFIX/SUFFIX are cut from the text as written, so
    they differ between the scripts; the characters of the Simplified form are shared by
    both and let the model read rare words (names, long organization words) by their parts.
    spaCy's ``CharacterEmbed`` cannot do this for Chinese: it embeds UTF-8 *bytes* of the
    written text (nC=4 sees two bytes of the first character and two of the last).
    """
    from thinc.api import (
        HashEmbed,
        Maxout,
        Model,
        chain,
        concatenate,
        list2ragged,
        ragged2list,
        with_array,
    )

    if len(rows) != len(attrs):
        raise ValueError(f"kg_char_word_embed: {len(attrs)} attrs but {len(rows)} rows")
    if not 1 <= n_chars <= 4:
        raise ValueError(f"kg_char_word_embed: n_chars must be 1 to 4 (norm_chars), not {n_chars}")
    embeddings: list[Model] = [
        HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0) for i, n_rows in enumerate(rows)
    ]
    embeddings += [
        HashEmbed(char_width, char_rows, column=len(attrs) + i, seed=100 + i, dropout=0.0)
        for i in range(n_chars)
    ]
    return chain(
        _char_word_features(list(attrs), n_chars),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(
            Maxout(
                width, width * len(attrs) + char_width * n_chars, nP=3, dropout=0.0, normalize=True
            )
        ),
        ragged2list(),
    )
