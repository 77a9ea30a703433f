"""Units' groupings kept on disk between runs (`pipeline.units.UnitCache`): what lets a run
over grown mail - `review --state`, the bot's cycles - group only the units new mail
reaches.

A unit is kept in `DIR/KEY.pickle` by its mails' identities (whatever stays the same for a
mail from run to run: a partition digest and a place, the bot's stored sequence number),
the limits and the code (`code_fingerprint`): a state made by other code is never reused.
The messages themselves are not in the file: they are pickled as their identities and found
again among the run's messages, which the caller gives (`use_messages`). The units a run
loads are also kept in memory, so a process that groups again (the bot, every cycle) reads
none of them twice. Files are written whole or not at all (a temporary file renamed into
place); an unreadable one is grouped again. `prune` drops what the latest run did not use.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from patchlint.engine.registry import rules_root
from patchlint.errors import InputError
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.message import Message
from patchlint.model.series import Series
from patchlint.model.units import UnitGrouping, UnitSummary, summarize

FORMAT = "patchlint-state/2"


@cache
def code_fingerprint() -> str:
    """A digest of the code that decodes, groups and reviews: the package and the rules."""
    h = hashlib.sha256(FORMAT.encode())
    package = Path(__file__).resolve().parents[1]
    for root in (package, rules_root()):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
                h.update(path.read_bytes())
    return h.hexdigest()


class UnitStore:
    """A directory of units' groupings, opened for one process."""

    def __init__(self, root: Path, summaries: bool = False) -> None:
        self.root = root
        self.summaries = summaries  # also keep each unit's `UnitSummary` (`KEY.kept`)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{root}: {exc.strerror or exc}") from exc
        self.limits: Limits = DEFAULT_LIMITS
        self.messages: dict[str, Message] = {}  # this run's, by identity
        self.identities: dict[int, str] = {}  # id(message) -> its identity
        self.series_keys: dict[int, str] = {}  # id(series) -> its unit's key and place
        self.held: dict[str, UnitGrouping] = {}  # loaded or made, by key
        self.used: set[str] = set()
        self.reused = self.grouped = 0

    def use_messages(self, ids: list[str], messages: list[Message], limits: Limits) -> None:
        """The run's messages by identity (for the units loaded to find theirs); starts a
        run: what it does not use, `prune` drops."""
        self.messages = dict(zip(ids, messages, strict=True))
        self.identities = {id(msg): name for name, msg in self.messages.items()}
        self.limits = limits
        self.used = set()
        self.reused = self.grouped = 0

    def add_messages(self, ids: list[str], messages: list[Message]) -> None:
        """More of the run's messages, loaded since `use_messages` (`group_partial`)."""
        for name, msg in zip(ids, messages, strict=True):
            self.messages[name] = msg
            self.identities[id(msg)] = name

    def _key(self, ids: list[str]) -> str:
        return digest(code_fingerprint(), repr(self.limits), "\n".join(ids))

    def unit(self, ids: list[str]) -> UnitGrouping | None:
        key = self._key(ids)
        self.used.add(key)
        found = self.held.get(key)
        if found is None:
            loaded = load(self.root / f"{key}.pickle", self.messages)
            if not isinstance(loaded, UnitGrouping):
                return None
            found = self.held[key] = loaded
        self.reused += 1
        self._name_series(key, found)
        return found

    def keep(self, ids: list[str], unit: UnitGrouping) -> None:
        key = self._key(ids)
        self.used.add(key)
        self.grouped += 1
        # a series is kept by what it is: a unit grouped again (new mail reached it) gives
        # most of its series unchanged, and their reviews are kept
        unit.series_keys = [digest(repr(series)) for series in unit.grouping.series]
        store(self.root / f"{key}.pickle", unit, self.identities)
        if self.summaries:
            store(self.root / f"{key}.kept", summarize(unit))
        self.held[key] = unit
        self._name_series(key, unit)

    def summary(self, ids: list[str]) -> UnitSummary | None:
        """The `UnitSummary` of the unit of mails `ids`, if one was kept (no message is
        needed to read it)."""
        key = self._key(ids)
        found = load(self.root / f"{key}.kept")
        if not isinstance(found, UnitSummary):
            return None
        self.used.add(key)
        self.reused += 1
        return found

    def _name_series(self, key: str, unit: UnitGrouping) -> None:
        named = unit.series_keys or [f"{key}#{i}" for i in range(len(unit.grouping.series))]
        for series, name in zip(unit.grouping.series, named, strict=True):
            self.series_keys[id(series)] = name

    def release(self) -> None:
        """Forget the run's messages (grouping is done): mail no series holds can go."""
        self.messages, self.identities = {}, {}

    def series_key(self, series: Series) -> str | None:
        """What names `series` across runs: a digest of its `repr`, made once when its unit
        was grouped."""
        return self.series_keys.get(id(series))

    def prune(self) -> None:
        """Drop the units the latest run did not use, from memory and disk."""
        self.held = {k: v for k, v in self.held.items() if k in self.used}
        for path in [*self.root.glob("*.pickle"), *self.root.glob("*.kept")]:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _slot_fields(cls: type) -> tuple[str, ...] | None:
    """The fields of a `slots=True` dataclass pickled by the state (`_dataclass_getstate`:
    a tuple of its fields' values), else None. Why: that pickling asks `fields(obj)`
    for each object, going and coming back, which was a third of the time an incremental
    run spent loading its state (135,000 objects); the names are asked once per class."""
    if cls in _FIELDS:
        return _FIELDS[cls]
    names = None
    if (
        dataclasses.is_dataclass(cls)
        and "__slots__" in cls.__dict__
        and getattr(cls.__dict__.get("__setstate__"), "__name__", "") == "_dataclass_setstate"
    ):
        names = tuple(f.name for f in dataclasses.fields(cls))
    _FIELDS[cls] = names
    return names


def _new(cls: type) -> object:
    return object.__new__(cls)


def _set_fields(obj: object, values: tuple[object, ...]) -> None:
    names = _slot_fields(type(obj))
    assert names is not None  # pickled by `_Pickler.reducer_override`
    for name, value in zip(names, values, strict=True):
        object.__setattr__(obj, name, value)


class _Unpickler(pickle.Unpickler):
    """Messages pickled as their identities are this run's messages of those identities."""

    def __init__(self, fh: Any, messages: dict[str, Message]) -> None:
        super().__init__(fh)
        self.messages = messages

    def persistent_load(self, pid: Any) -> Message:
        return self.messages[pid]  # a KeyError: the file is of no use (see `load`)


class _Pickler(pickle.Pickler):
    def __init__(self, fh: Any, by_identity: dict[int, str]) -> None:
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.by_identity = by_identity

    def persistent_id(self, obj: Any) -> str | None:
        return self.by_identity.get(id(obj)) if type(obj) is Message else None

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        names = _slot_fields(cls)
        if names is None:
            return NotImplemented
        # the state is set after the object is made and remembered, so cycles pickle too
        return _new, (cls,), tuple(getattr(obj, n) for n in names), None, None, _set_fields


def load(path: Path, messages: dict[str, Message] | None = None) -> Any:
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


def store(path: Path, value: object, by_identity: dict[int, str] | None = None) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            _Pickler(fh, by_identity or {}).dump(value)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
