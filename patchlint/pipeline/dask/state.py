"""What a run keeps for the next one (`--state DIR`), so a run over mail that has grown
redoes only what the new mail touches.

Kept, each in a file of its own under DIR, written whole or not at all (a temporary file
renamed into place), so a run killed half-way leaves a usable state:
- `decoded/KEY.pickle`: a decoded partition (its messages and diagnostics), by what the
  partition holds (`RawPartition.digest`: labels and raw bytes) and the code and limits
  that decoded it. Mail appended to an input changes only the partitions from the one it
  joins on (`ingest.partitions` cuts each input from its start), so only those are decoded.
  Beside it, `decoded/KEY.keys`: its mails' keys and diagnostics alone, what a run whose
  new mail does not reach the partition's units reads of it.
- `inputs.pickle`: what the run read of each mbox file (`ingest.resume.InputMark`: its
  size, a digest of its last block, its partitions), so that the next run reads a file
  that only grew from where this one stopped and takes the old partitions as they are.
- `units/KEY.pickle`: the grouping of a unit (`model.units`: mail no grouping rule links
  to other mail), by its mails' identities (each mail's partition digest and place in it)
  and the code and limits. The messages themselves are not in it: they are pickled as
  their identities and found again among the run's decoded messages. New mail re-groups
  only the units it reaches (`pipeline.units`). Beside it, `units/KEY.kept`: its
  `UnitSummary` (its series' keys, report order and counts, its notes and pull requests),
  all a run needs of a unit new mail does not reach (`pipeline.units.group_partial`).
- `series/KEY.pickle`: a series' review (its report entry and diagnostics), by everything
  the review reads: the series itself (its revisions, their messages and the links grouping
  made, spelled out by `repr`, digested once when its unit is grouped and kept with the
  unit), its share of TR004's sign-off index when it has one, the run's options recipe
  and the code. A series that gained a message, a reply or
  a link has another key and is reviewed again; every other series keeps its entry, also
  in a unit new mail reached.

What the latest run did not use is deleted at its end, so the state holds one run's worth.
The code's fingerprint (every file of the package and the rules) is part of each key: a
state made by other code is never reused, only replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

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
from patchlint.model.units import KeptSeries, UnitGrouping, UnitSummary
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
        self.loaded_partitions = 0  # kept ones whose messages were loaded (`group_lazy`)
        self.reused_series = self.reviewed_series = 0
        self.reused_units = self.grouped_units = 0
        self.units = UnitStore(root / "units", summaries=True)
        self.marks_file = root / "inputs.pickle"
        self.resumed: list[str] = []  # inputs read from where the last run stopped
        # told the series of each unit grouped (not loaded), as soon as it is
        self.on_grouped: Callable[[list[Series]], None] | None = None

    # -- decoded partitions --------------------------------------------------------------
    def _partition_file(self, partition: RawPartition | KnownPartition, limits: Limits) -> Path:
        key = digest(code_fingerprint(), repr(limits), partition.digest())
        return self.decoded_dir / f"{key}.pickle"

    def decoded(
        self, partition: RawPartition | KnownPartition, limits: Limits
    ) -> DecodedPartition | None:
        """The partition as an earlier run decoded it, if one did."""
        path = self._partition_file(partition, limits)
        self.used.update((path, path.with_suffix(".keys")))
        found = load(path)
        if isinstance(found, DecodedPartition):
            self.reused_partitions += 1
            return found
        return None

    def keep_decoded(
        self, partition: RawPartition, limits: Limits, decoded: DecodedPartition
    ) -> None:
        self.decoded_partitions += 1
        path = self._partition_file(partition, limits)
        store(path, decoded)
        keys = DecodedPartition([], decoded.diagnostics, decoded.keys)
        store(path.with_suffix(".keys"), (len(decoded.messages), keys))

    def decoded_keys(
        self, partition: RawPartition | KnownPartition, limits: Limits
    ) -> tuple[Path, int, DecodedPartition] | None:
        """What grouping needs of a partition an earlier run decoded, without its messages:
        the file that holds them, their count, and the partition's diagnostics and keys."""
        path = self._partition_file(partition, limits)
        found = load(path.with_suffix(".keys"))
        if not (isinstance(found, tuple) and path.is_file()):
            return None
        count, keys = found
        if not (isinstance(count, int) and isinstance(keys, DecodedPartition)):
            return None
        self.used.update((path, path.with_suffix(".keys")))
        self.reused_partitions += 1
        return path, count, keys

    def forget_partition(self, path: Path) -> None:
        """Delete a kept partition found unreadable (the next run decodes it again)."""
        for one in (path, path.with_suffix(".keys")):
            one.unlink(missing_ok=True)

    def partition_messages(self, path: Path) -> list[Message] | None:
        """The messages of a partition an earlier run decoded (`decoded_keys`)."""
        found = load(path)
        if not isinstance(found, DecodedPartition):
            return None
        self.loaded_partitions += 1
        return found.messages

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

    def summary(self, ids: list[str]) -> UnitSummary | None:
        found = self.units.summary(ids)
        self.reused_units = self.units.reused
        return found

    def keep(self, ids: list[str], unit: UnitGrouping) -> None:
        self.units.keep(ids, unit)
        self.grouped_units = self.units.grouped
        if self.on_grouped is not None:
            self.on_grouped(unit.grouping.series)

    # -- series reviews ------------------------------------------------------------------
    def _series_file(self, series: Series | KeptSeries, recipe: OptionsRecipe) -> Path:
        if isinstance(series, KeptSeries):
            what = series.key
        else:
            what = self.units.series_key(series) or repr(series)
            if series.signoff_practice:  # its share of TR004's input-wide sign-off index
                what += repr(sorted(series.signoff_practice))
        key = digest(code_fingerprint(), repr(recipe), what)
        return self.series_dir / f"{key}.pickle"

    def has_reviews(self, summary: UnitSummary, recipe: OptionsRecipe) -> bool:
        """Whether every series of a unit summarized has its review kept (a unit whose
        series lack one is grouped again, for them to be reviewed)."""
        return all(self._series_file(one, recipe).is_file() for one in summary.series)

    def reviews(
        self,
        series: Sequence[Series | KeptSeries],
        recipe: OptionsRecipe,
        review: Callable[[list[Series]], Iterator[SeriesReview]],
        progress: Callable[[SeriesReview], None] | None = None,
        early: EarlyReviews | None = None,
    ) -> Iterator[SeriesReview]:
        """Every series' review, in order: kept ones loaded (one at a time, as they are
        written out), those `early` sent while grouping taken from it, the others made by
        `review` (given them in order); the new ones kept."""
        files = [self._series_file(one, recipe) for one in series]
        self.used.update(files)
        sent = early.sent if early is not None else set()
        on_disk = {path for path in files if path not in sent and path.is_file()}
        todo = [
            one
            for one, path in zip(series, files, strict=True)
            if not _known(path, on_disk, sent) and isinstance(one, Series)
        ]
        self.reviewed_series = len(series) - len(on_disk)
        self.reused_series = len(on_disk)
        fresh = review(todo) if todo else iter(())
        for one, path in zip(series, files, strict=True):
            result = None
            if isinstance(one, KeptSeries) and path not in on_disk:
                raise InputError(
                    f"--state {self.root}: a kept review went ({path.name}): run again"
                )
            if path in on_disk:
                found = load(path)
                if isinstance(found, SeriesReview):
                    result = found
                elif isinstance(one, KeptSeries):  # its mail is not loaded: run again
                    path.unlink(missing_ok=True)
                    raise InputError(
                        f"--state {self.root}: a kept review could not be read ({path.name}); "
                        "it is deleted: run again to review its series anew"
                    )
                else:  # unreadable: reviewed again
                    result = next(review([one]))
                    store(path, result)
            elif early is not None and path in sent:
                result = early.take(path)
                store(path, result)
            else:
                result = next(fresh)
                store(path, result)
            if progress is not None:
                progress(result)
            yield result
        if early is not None:
            early.close()
        self.prune()

    def series_file(self, series: Series, recipe: OptionsRecipe) -> Path:
        """Where `series`' review is kept (its unit grouped)."""
        return self._series_file(series, recipe)

    def prune(self) -> None:
        """Delete what this run did not use (the state holds one run's worth)."""
        for folder in (self.decoded_dir, self.series_dir):
            for path in [*folder.glob("*.pickle"), *folder.glob("*.keys")]:
                if path not in self.used:
                    path.unlink(missing_ok=True)
        self.units.prune()


def _known(path: Path, on_disk: set[Path], sent: set[Path]) -> bool:
    return path in on_disk or path in sent


class EarlyReviews(Protocol):
    """Reviews sent to the cluster while grouping goes on (`pipeline.dask.run`)."""

    sent: set[Path]

    def take(self, path: Path) -> SeriesReview: ...

    def close(self) -> None: ...


def open_state(root: Path) -> RunState:
    return RunState(root)
