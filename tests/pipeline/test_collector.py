"""A batch review's collector settings hold for the run only."""

from __future__ import annotations

import gc

from patchlint.pipeline.collector import YOUNG_THRESHOLD, batch_collection, settle


def test_the_threshold_and_the_frozen_objects_are_given_back() -> None:
    before = gc.get_threshold()
    kept = [object() for _ in range(10)]  # something alive to freeze
    with batch_collection():
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        settle()
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert len(kept) == 10


def test_an_error_inside_still_restores_the_collector() -> None:
    before = gc.get_threshold()
    try:
        with batch_collection():
            settle()
            raise RuntimeError("a run that failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
