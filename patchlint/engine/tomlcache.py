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
from patchlint.cachedir import KeptTable, cache_dir

MAX_ENTRIES = 512  # past this (many versions of the rules), start again with this run's


def _path() -> Path:
    python = "{}.{}".format(*sys.version_info[:2])
    return cache_dir() / f"rules-toml-{__version__}-py{python}.marshal"


KEPT: KeptTable[str, bytes] = KeptTable(
    _path,
    lambda text, packed: isinstance(text, str) and isinstance(packed, bytes),
    lambda: MAX_ENTRIES,
)


def loads(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)` (a fresh table each call), from the cache when this text was
    parsed before; a TOMLDecodeError is raised as tomllib raises it."""
    packed = KEPT.get(text)
    if packed is not None:
        with contextlib.suppress(EOFError, ValueError, TypeError):
            data = marshal.loads(packed)
            if isinstance(data, dict):
                return data
    import tomllib  # only for a text not parsed before

    data = tomllib.loads(text)
    try:
        packed = marshal.dumps(data)
    except ValueError:  # a value marshal cannot keep (a TOML date): parsed every time
        return data
    KEPT.add(text, packed, at_exit=False)
    return data
