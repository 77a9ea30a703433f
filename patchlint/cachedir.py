"""Where patchlint keeps what it compiles once for every later run (the spelling word
lists, templates, rule tables, regular expressions' code): $PATCHLINT_CACHE_DIR, else
$XDG_CACHE_HOME/patchlint, else ~/.cache/patchlint. A cache file that cannot be read or
written costs only the work it would have saved: nothing here raises for it."""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any


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
