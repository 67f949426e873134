"""The relation model's probabilities: one sigmoid per predicate, the same helper in training
and extraction, quiet and exact at the extremes."""

from __future__ import annotations

import warnings

import numpy
import pytest

from kg.records import PREDICATES
from kg.relations.learned import probabilities, sigmoid


def test_extreme_logits_give_zero_and_one_without_a_warning():
    logits = numpy.array([[-1000.0, -20.0, 0.0, 10.0, 1000.0]], dtype="float32")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's overflow in exp would be a RuntimeWarning
        probs = sigmoid(logits)
    assert probs[0, 0] == 0.0 and probs[0, 2] == 0.5 and probs[0, 4] == 1.0
    assert 0.0 < probs[0, 1] < 1e-8 and 1 - 1e-4 < probs[0, 3] < 1.0
    assert probs.dtype == numpy.float32


class _Classifier:
    """Stands in for the thinc model: logits in, as its ``predict`` gives them."""

    def __init__(self, logits):
        self.logits, self.calls = numpy.asarray(logits, dtype="float32"), 0

    def predict(self, encoded):
        self.calls += 1
        return self.logits[: len(encoded)]


def test_probabilities_are_the_sigmoid_of_the_classifiers_logits():
    classifier = _Classifier([[0.0] * len(PREDICATES), [2.0] * len(PREDICATES)])
    probs = probabilities(classifier, [("a",), ("b",)])
    assert probs.shape == (2, len(PREDICATES))
    assert probs[0].tolist() == [0.5] * len(PREDICATES)
    assert probs[1] == pytest.approx([1 / (1 + numpy.exp(-2.0))] * len(PREDICATES))


def test_no_candidates_no_call_and_an_empty_table():
    classifier = _Classifier([[0.0] * len(PREDICATES)])
    probs = probabilities(classifier, [])
    assert probs.shape == (0, len(PREDICATES)) and classifier.calls == 0
