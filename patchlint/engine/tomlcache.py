"""`rule.toml` files parsed once per content, not once per process.

Every run reads all 41 rule.toml files (selection, ordering and docs need them), and
tomllib, pure Python, took longer parsing them than a hook's check of one patch spends
running its rules. The parsed tables are kept in one file of patchlint's cache folder,
keyed by the text itself (an edited rule.toml is parsed anew), one file per patchlint and
Python version. A cache that cannot be read or written costs only the parsing: the result
is tomllib's either way.
"""

from __future__ import annotations

import contextlib
import marshal
import sys
from pathlib import Path
from typing import Any

from patchlint import __version__
from patchlint.cachedir import cache_dir, read_marshal, write_marshal

MAX_ENTRIES = 512  # past this (many versions of the rules), start again with this run's

_cache: dict[str, bytes] | None = None
_used: set[str] = set()


def _path() -> Path:
    python = "{}.{}".format(*sys.version_info[:2])
    return cache_dir() / f"rules-toml-{__version__}-py{python}.marshal"


def _load() -> dict[str, bytes]:
    global _cache
    if _cache is None:
        loaded = read_marshal(_path())
        valid = isinstance(loaded, dict) and all(
            isinstance(k, str) and isinstance(v, bytes) for k, v in loaded.items()
        )
        _cache = loaded if valid else {}
    return _cache


def _save(cache: dict[str, bytes]) -> None:
    if len(cache) > MAX_ENTRIES:
        cache = {k: v for k, v in cache.items() if k in _used}
    write_marshal(_path(), cache)


def loads(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)` (a fresh table each call), from the cache when this text was
    parsed before; a TOMLDecodeError is raised as tomllib raises it."""
    cache = _load()
    _used.add(text)
    packed = cache.get(text)
    if packed is not None:
        with contextlib.suppress(EOFError, ValueError, TypeError):
            data = marshal.loads(packed)
            if isinstance(data, dict):
                return data
    import tomllib  # only for a text not parsed before

    data = tomllib.loads(text)
    try:
        cache[text] = marshal.dumps(data)
    except ValueError:  # a value marshal cannot keep (a TOML date): parsed every time
        return data
    _save(cache)
    return data
