"""``OffsetRuns`` answers exactly as the tuple of offsets it replaces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.records import OffsetRuns

# Cleaning keeps characters in order, drops some and may repeat one offset (a replacement).
steps = st.lists(st.integers(min_value=0, max_value=3), max_size=60)


def offsets_of(first: int, gaps: list[int]) -> list[int]:
    offsets, at = [], first
    for gap in gaps:
        offsets.append(at)
        at += gap
    return offsets


@given(st.integers(min_value=0, max_value=50), steps)
def test_runs_behave_like_the_tuple(first, gaps):
    plain = tuple(offsets_of(first, gaps))
    runs = OffsetRuns.of(plain)
    assert len(runs) == len(plain)
    assert tuple(runs) == plain
    assert [runs[i] for i in range(-len(plain), len(plain))] == list(plain + plain)
    assert runs[1:-1] == plain[1:-1] and runs[::2] == plain[::2]


def test_a_clean_sentence_is_one_run():
    runs = OffsetRuns.of(range(100, 150))
    assert (runs.starts, runs.origins) == ((0,), (100,))


@pytest.mark.parametrize("index", [3, -4])
def test_outside_is_an_index_error(index):
    with pytest.raises(IndexError):
        OffsetRuns.of([5, 6, 7])[index]
