"""Where patchlint keeps what it compiles once for every later run (the spelling word
lists, templates, rule tables, regular expressions' code): $PATCHLINT_CACHE_DIR, else
$XDG_CACHE_HOME/patchlint, else ~/.cache/patchlint."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("PATCHLINT_CACHE_DIR"):
        return Path(env["PATCHLINT_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "patchlint"
