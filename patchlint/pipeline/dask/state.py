"""What a run keeps for the next one (`--state DIR`), so a run over mail that has grown
redoes only what the new mail touches.

Kept, each in a file of its own under DIR, written whole or not at all (a temporary file
renamed into place), so a run killed half-way leaves a usable state:
- `decoded/KEY.pickle`: a decoded partition (its messages and diagnostics), by what the
  partition holds (`RawPartition.digest`: labels and raw bytes) and the code and limits
  that decoded it. Mail appended to an input changes only the partitions from the one it
  joins on (`ingest.partitions` cuts each input from its start), so only those are decoded.
- `series/KEY.pickle`: a series' review (its report entry and diagnostics), by everything
  the review reads: the series itself (its revisions, their messages and the links grouping
  made, spelled out by `repr`), the run's options recipe and the code. A series that gained
  a message, a reply or a link has another key and is reviewed again; every other series
  keeps its entry.
Grouping itself is run again over every message (a few seconds for the 26,431 messages of
linux-hyperv: what the new mail links to is only known by grouping it with the old).

What the latest run did not use is deleted at its end, so the state holds one run's worth.
The code's fingerprint (every file of the package and the rules) is part of each key: a
state made by other code is never reused, only replaced.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from patchlint.engine.registry import rules_root
from patchlint.errors import InputError
from patchlint.ingest.partitions import DecodedPartition, RawPartition
from patchlint.limits import Limits
from patchlint.model.series import Series
from patchlint.pipeline.dask.recipe import OptionsRecipe
from patchlint.pipeline.series import SeriesReview

FORMAT = "patchlint-state/1"


@cache
def code_fingerprint() -> str:
    """A digest of the code that decodes and reviews: the package and the rules."""
    h = hashlib.sha256(FORMAT.encode())
    package = Path(__file__).resolve().parents[2]
    for root in (package, rules_root()):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
                h.update(path.read_bytes())
    return h.hexdigest()


class RunState:
    """A state directory, opened for one run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.decoded_dir = root / "decoded"
        self.series_dir = root / "series"
        try:
            self.decoded_dir.mkdir(parents=True, exist_ok=True)
            self.series_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"--state {root}: {exc.strerror or exc}") from exc
        self.used: set[Path] = set()
        self.reused_partitions = self.decoded_partitions = 0
        self.reused_series = self.reviewed_series = 0

    # -- decoded partitions --------------------------------------------------------------
    def _partition_file(self, partition: RawPartition, limits: Limits) -> Path:
        key = _digest(code_fingerprint(), repr(limits), partition.digest())
        return self.decoded_dir / f"{key}.pickle"

    def decoded(self, partition: RawPartition, limits: Limits) -> DecodedPartition | None:
        """The partition as an earlier run decoded it, if one did."""
        path = self._partition_file(partition, limits)
        self.used.add(path)
        found = _load(path)
        if isinstance(found, DecodedPartition):
            self.reused_partitions += 1
            return found
        return None

    def keep_decoded(
        self, partition: RawPartition, limits: Limits, decoded: DecodedPartition
    ) -> None:
        self.decoded_partitions += 1
        _store(self._partition_file(partition, limits), decoded)

    # -- series reviews ------------------------------------------------------------------
    def _series_file(self, series: Series, recipe: OptionsRecipe) -> Path:
        key = _digest(code_fingerprint(), repr(recipe), repr(series))
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
            found = _load(path) if path.is_file() else None
            if isinstance(found, SeriesReview):
                kept[i] = found
        todo = [one for i, one in enumerate(series) if i not in kept]
        self.reused_series, self.reviewed_series = len(kept), len(todo)
        fresh = review(todo) if todo else iter(())
        for i, path in enumerate(files):
            result = kept.pop(i, None)
            if result is None:
                result = next(fresh)
                _store(path, result)
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


def open_state(root: Path) -> RunState:
    return RunState(root)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def _load(path: Path) -> Any:
    """What `path` holds, or None when it is missing or unreadable (it is then made again:
    the state is a cache, and only this program writes it)."""
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:
        return None


def _store(path: Path, value: object) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
