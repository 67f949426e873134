"""Word segmentation for Traditional and Simplified text: jieba on the Simplified folding.

jieba's dictionary and HMM know Simplified Chinese; on Traditional text they mis-cut names
(gold CLUENER spans crossing a token boundary: 12.6% on Traditional, 4.2% on the hk2s folding,
see NOTES.md). So the text is folded with ``kg.normalize.to_simplified`` (length-preserving),
cut there, and the cuts are applied to the ORIGINAL text: ``doc.text`` is always the input.
Each token's NORM is its Simplified form, so a model reading NORM sees both scripts alike.

The tokenizer is registered as ``kg_jieba_hk2s_tokenizer.v1``: ``import kg.segment`` before
``spacy.load()`` of a pipeline that names it. It uses a private ``jieba.Tokenizer`` (the global
one may carry other modules' user words), whose dictionary loads at the first cut.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.normalize import to_simplified

__all__ = ["JiebaHk2sTokenizer", "create_jieba_hk2s_tokenizer", "cut_offsets"]


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
            norm = simplified[token.idx:token.idx + len(token)]
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

    def from_bytes(self, data: bytes, **kwargs) -> "JiebaHk2sTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "JiebaHk2sTokenizer":
        return self


@spacy.registry.tokenizers("kg_jieba_hk2s_tokenizer.v1")
def create_jieba_hk2s_tokenizer(hmm: bool = True) -> Callable[[spacy.Language],
                                                               JiebaHk2sTokenizer]:
    """Factory named in ``kg/configs/ner.cfg`` under ``[nlp.tokenizer]``.

    ``hmm``: let jieba's HMM join characters it has no word for (often names, but it also
    glues a name to the next character); without it such characters stay single tokens.
    """

    def make_tokenizer(nlp: spacy.Language) -> JiebaHk2sTokenizer:
        return JiebaHk2sTokenizer(nlp.vocab, hmm=hmm)

    return make_tokenizer
