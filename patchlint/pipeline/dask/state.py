"""What a run keeps for the next one (`--state DIR`), so a run over mail that has grown
redoes only what the new mail touches.

Kept, each in a file of its own under DIR, written whole or not at all (a temporary file
renamed into place), so a run killed half-way leaves a usable state:
- `decoded/KEY.pickle`: a decoded partition (its messages and diagnostics), by what the
  partition holds (`RawPartition.digest`: labels and raw bytes) and the code and limits
  that decoded it. Mail appended to an input changes only the partitions from the one it
  joins on (`ingest.partitions` cuts each input from its start), so only those are decoded.
- `units/KEY.pickle`: the grouping of a unit (`model.units`: mail no grouping rule links
  to other mail), by its mails' identities (each mail's partition digest and place in it)
  and the code and limits. The messages themselves are not in it: they are pickled as
  their identities and found again among the run's decoded messages. New mail re-groups
  only the units it reaches (`pipeline.units`); every other unit's grouping is loaded.
- `series/KEY.pickle`: a series' review (its report entry and diagnostics), by the unit it
  is in (a unit grouped the same gives the same series) and its place there, the run's
  options recipe and the code (a series of no kept unit: by its `repr`). A series that
  gained a message, a reply or a link is in a unit with other mail, so it is reviewed
  again; every other series keeps its entry.

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
from patchlint.model.message import Message
from patchlint.model.series import Series
from patchlint.model.units import UnitGrouping
from patchlint.pipeline.dask.recipe import OptionsRecipe
from patchlint.pipeline.series import SeriesReview

FORMAT = "patchlint-state/2"


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
        self.units_dir = root / "units"
        self.series_dir = root / "series"
        try:
            for folder in (self.decoded_dir, self.units_dir, self.series_dir):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"--state {root}: {exc.strerror or exc}") from exc
        self.used: set[Path] = set()
        self.reused_partitions = self.decoded_partitions = 0
        self.reused_series = self.reviewed_series = 0
        self.reused_units = self.grouped_units = 0
        self.limits: Limits | None = None
        self.messages: dict[str, Message] = {}  # this run's, by identity (see `units`)
        self.identities: dict[int, str] = {}  # id(message) -> its identity
        self.series_keys: dict[int, str] = {}  # id(series) -> its unit's key and place

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

    # -- units' groupings (`pipeline.units.UnitCache`) ------------------------------------
    def use_messages(self, ids: list[str], messages: list[Message], limits: Limits) -> None:
        """The run's messages by identity, for the units loaded to find theirs."""
        self.messages = dict(zip(ids, messages, strict=True))
        self.identities = {id(msg): name for name, msg in self.messages.items()}
        self.limits = limits

    def _unit_key(self, ids: list[str]) -> str:
        return _digest(code_fingerprint(), repr(self.limits), "\n".join(ids))

    def unit(self, ids: list[str]) -> UnitGrouping | None:
        key = self._unit_key(ids)
        path = self.units_dir / f"{key}.pickle"
        self.used.add(path)
        found = _load(path, self.messages)
        if not isinstance(found, UnitGrouping):
            return None
        self.reused_units += 1
        self._name_series(key, found)
        return found

    def keep(self, ids: list[str], unit: UnitGrouping) -> None:
        key = self._unit_key(ids)
        path = self.units_dir / f"{key}.pickle"
        self.used.add(path)
        self.grouped_units += 1
        _store(path, unit, self.identities)
        self._name_series(key, unit)

    def _name_series(self, key: str, unit: UnitGrouping) -> None:
        for i, series in enumerate(unit.grouping.series):
            self.series_keys[id(series)] = f"{key}#{i}"

    # -- series reviews ------------------------------------------------------------------
    def _series_file(self, series: Series, recipe: OptionsRecipe) -> Path:
        what = self.series_keys.get(id(series)) or repr(series)
        key = _digest(code_fingerprint(), repr(recipe), what)
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
        for folder in (self.decoded_dir, self.units_dir, self.series_dir):
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


class _Unpickler(pickle.Unpickler):
    """Messages pickled as their identities are this run's messages of those identities."""

    def __init__(self, fh: Any, messages: dict[str, Message]) -> None:
        super().__init__(fh)
        self.messages = messages

    def persistent_load(self, pid: Any) -> Message:
        return self.messages[pid]  # a KeyError: the file is of no use (see `_load`)


class _Pickler(pickle.Pickler):
    def __init__(self, fh: Any, by_identity: dict[int, str]) -> None:
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.by_identity = by_identity

    def persistent_id(self, obj: Any) -> str | None:
        return self.by_identity.get(id(obj)) if type(obj) is Message else None


def _load(path: Path, messages: dict[str, Message] | None = None) -> Any:
    """What `path` holds, or None when it is missing or unreadable (it is then made again:
    the state is a cache, and only this program writes it). `messages`: the messages a
    file pickled as their identities."""
    try:
        with open(path, "rb") as fh:
            return _Unpickler(fh, messages or {}).load()
    except FileNotFoundError:
        return None
    except Exception:
        return None


def _store(path: Path, value: object, by_identity: dict[int, str] | None = None) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            _Pickler(fh, by_identity or {}).dump(value)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
