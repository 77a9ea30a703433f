"""Where patchlint keeps what it compiles once for every later run (the spelling word
lists, templates, rule tables, regular expressions' code): $PATCHLINT_CACHE_DIR, else
$XDG_CACHE_HOME/patchlint, else ~/.cache/patchlint. A cache file that cannot be read or
written costs only the work it would have saved: nothing here raises for it."""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("PATCHLINT_CACHE_DIR"):
        return Path(env["PATCHLINT_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "patchlint"


def read_marshal(path: Path) -> Any:
    """What a cache file written by `write_marshal` holds, or None when it is missing,
    unreadable or damaged (the caller checks the shape it expects)."""
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_marshal(path: Path, value: Any) -> None:
    """`value` written to `path` at once (a temporary file renamed over it), so that a
    process reading it meanwhile sees the old file or the new one, never half of one."""
    import tempfile  # only when something new is kept: not on a warm run

    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(value))
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class KeptTable(Generic[K, V]):
    """A dict kept for every later process in one marshal file of the cache folder (what
    `regexcode`, `dataclasscode` and `engine.tomlcache` keep): read on first use, with the
    entries `valid` refuses dropped; written back whole (`write_marshal`) once this process
    added to it, at exit or at once. Past `bound()` entries the file starts again with the
    entries this process used: versions pile up in it, input never does."""

    def __init__(
        self,
        path: Callable[[], Path],
        valid: Callable[[Any, Any], bool],
        bound: Callable[[], int | None] = lambda: None,
    ) -> None:
        self._path, self._valid, self._bound = path, valid, bound
        self.table: dict[K, V] | None = None
        self.used: set[K] = set()
        self.added = False
        self._at_exit = False

    def load(self) -> dict[K, V]:
        if self.table is None:
            loaded = read_marshal(self._path())
            self.table = (
                {k: v for k, v in loaded.items() if self._valid(k, v)}
                if isinstance(loaded, dict)
                else {}
            )
        return self.table

    def get(self, key: K) -> V | None:
        """The kept value, noting the key as used by this process."""
        self.used.add(key)
        return self.load().get(key)

    def add(self, key: K, value: V, *, at_exit: bool = True) -> None:
        """Keep `value`; the file is written at exit (once, whatever was added) or now."""
        self.load()[key] = value
        self.added = True
        if not at_exit:
            self.save()
        elif not self._at_exit:
            atexit.register(self.save)
            self._at_exit = True

    def save(self) -> None:
        if not self.added or self.table is None:
            return
        table, bound = self.table, self._bound()
        if bound is not None and len(table) > bound:
            table = {k: v for k, v in table.items() if k in self.used}
        write_marshal(self._path(), table)

    def forget(self) -> None:
        """Read the file again on next use, as a new process would (tests)."""
        self.table, self.added = None, False
