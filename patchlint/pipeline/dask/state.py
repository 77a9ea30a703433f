"""What a run keeps for the next one (`--state DIR`), so a run over mail that has grown
redoes only what the new mail touches.

Kept, each in a file of its own under DIR, written whole or not at all (a temporary file
renamed into place), so a run killed half-way leaves a usable state:
- `decoded/KEY.pickle`: a decoded partition (its messages and diagnostics), by what the
  partition holds (`RawPartition.digest`: labels and raw bytes) and the code and limits
  that decoded it. Mail appended to an input changes only the partitions from the one it
  joins on (`ingest.partitions` cuts each input from its start), so only those are decoded.
- `inputs.pickle`: what the run read of each mbox file (`ingest.resume.InputMark`: its
  size, a digest of its last block, its partitions), so that the next run reads a file
  that only grew from where this one stopped and takes the old partitions as they are.
- `units/KEY.pickle`: the grouping of a unit (`model.units`: mail no grouping rule links
  to other mail), by its mails' identities (each mail's partition digest and place in it)
  and the code and limits. The messages themselves are not in it: they are pickled as
  their identities and found again among the run's decoded messages. New mail re-groups
  only the units it reaches (`pipeline.units`); every other unit's grouping is loaded.
- `series/KEY.pickle`: a series' review (its report entry and diagnostics), by everything
  the review reads: the series itself (its revisions, their messages and the links grouping
  made, spelled out by `repr`, digested once when its unit is grouped and kept with the
  unit), the run's options recipe and the code. A series that gained a message, a reply or
  a link has another key and is reviewed again; every other series keeps its entry, also
  in a unit new mail reached.

What the latest run did not use is deleted at its end, so the state holds one run's worth.
The code's fingerprint (every file of the package and the rules) is part of each key: a
state made by other code is never reused, only replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from patchlint.errors import InputError
from patchlint.ingest.partitions import (
    DecodedPartition,
    InputMarks,
    KnownPartition,
    RawPartition,
)
from patchlint.limits import Limits
from patchlint.model.message import Message
from patchlint.model.series import Series
from patchlint.model.units import UnitGrouping
from patchlint.pipeline.dask.recipe import OptionsRecipe
from patchlint.pipeline.series import SeriesReview
from patchlint.pipeline.unitstore import UnitStore, code_fingerprint, digest, load, store


class RunState:
    """A state directory, opened for one run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.decoded_dir = root / "decoded"
        self.series_dir = root / "series"
        try:
            for folder in (self.decoded_dir, self.series_dir):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"--state {root}: {exc.strerror or exc}") from exc
        self.used: set[Path] = set()
        self.reused_partitions = self.decoded_partitions = 0
        self.reused_series = self.reviewed_series = 0
        self.reused_units = self.grouped_units = 0
        self.units = UnitStore(root / "units")
        self.marks_file = root / "inputs.pickle"
        self.resumed: list[str] = []  # inputs read from where the last run stopped

    # -- decoded partitions --------------------------------------------------------------
    def _partition_file(self, partition: RawPartition | KnownPartition, limits: Limits) -> Path:
        key = digest(code_fingerprint(), repr(limits), partition.digest())
        return self.decoded_dir / f"{key}.pickle"

    def decoded(
        self, partition: RawPartition | KnownPartition, limits: Limits
    ) -> DecodedPartition | None:
        """The partition as an earlier run decoded it, if one did."""
        path = self._partition_file(partition, limits)
        self.used.add(path)
        found = load(path)
        if isinstance(found, DecodedPartition):
            self.reused_partitions += 1
            return found
        return None

    def keep_decoded(
        self, partition: RawPartition, limits: Limits, decoded: DecodedPartition
    ) -> None:
        self.decoded_partitions += 1
        store(self._partition_file(partition, limits), decoded)

    # -- what was read of each input (`ingest.resume`) ------------------------------------
    def input_marks(self, limits: Limits) -> InputMarks:
        """The marks the last run left, for a reading that skips what it read."""
        found = load(self.marks_file)
        before = found if isinstance(found, dict) else {}
        known = {p.stem for p in self.decoded_dir.glob("*.pickle")}
        fingerprint, limited = code_fingerprint(), repr(limits)

        def usable(partition: str) -> bool:
            return digest(fingerprint, limited, partition) in known

        return InputMarks(before, usable)

    def keep_marks(self, marks: InputMarks) -> None:
        store(self.marks_file, marks.after)

    # -- units' groupings (`pipeline.units.UnitCache`) ------------------------------------
    def use_messages(self, ids: list[str], messages: list[Message], limits: Limits) -> None:
        self.units.use_messages(ids, messages, limits)

    def unit(self, ids: list[str]) -> UnitGrouping | None:
        found = self.units.unit(ids)
        self.reused_units = self.units.reused
        return found

    def keep(self, ids: list[str], unit: UnitGrouping) -> None:
        self.units.keep(ids, unit)
        self.grouped_units = self.units.grouped

    # -- series reviews ------------------------------------------------------------------
    def _series_file(self, series: Series, recipe: OptionsRecipe) -> Path:
        what = self.units.series_key(series) or repr(series)
        key = digest(code_fingerprint(), repr(recipe), what)
        return self.series_dir / f"{key}.pickle"

    def reviews(
        self,
        series: list[Series],
        recipe: OptionsRecipe,
        review: Callable[[list[Series]], Iterator[SeriesReview]],
        progress: Callable[[SeriesReview], None] | None = None,
    ) -> Iterator[SeriesReview]:
        """Every series' review, in order: kept ones loaded, the others made by `review`
        (given them in order) and kept."""
        files = [self._series_file(one, recipe) for one in series]
        self.used.update(files)
        kept: dict[int, SeriesReview] = {}
        for i, path in enumerate(files):
            found = load(path) if path.is_file() else None
            if isinstance(found, SeriesReview):
                kept[i] = found
        todo = [one for i, one in enumerate(series) if i not in kept]
        self.reused_series, self.reviewed_series = len(kept), len(todo)
        fresh = review(todo) if todo else iter(())
        for i, path in enumerate(files):
            result = kept.pop(i, None)
            if result is None:
                result = next(fresh)
                store(path, result)
            if progress is not None:
                progress(result)
            yield result
        self.prune()

    def prune(self) -> None:
        """Delete what this run did not use (the state holds one run's worth)."""
        for folder in (self.decoded_dir, self.series_dir):
            for path in folder.glob("*.pickle"):
                if path not in self.used:
                    path.unlink(missing_ok=True)
        self.units.prune()


def open_state(root: Path) -> RunState:
    return RunState(root)
