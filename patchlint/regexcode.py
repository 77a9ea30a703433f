"""`re.compile` with the parser's work kept between processes, for the lazy patterns a
one-patch check compiles (`lazyre`): `re` parses a pattern and generates its matcher code
in pure Python (0.1-0.3 ms a pattern), then hands the code to `_sre.compile`. The code a
pattern got is kept in the cache folder, one file per Python build and `_sre` version, and
the next process calls `_sre.compile` with it (microseconds).

Only code that rebuilt a pattern equal to `re.compile`'s (flags, pattern text, code, groups
and group names compared) is kept; anything unusual (another Python, a file that cannot be
read or written, a pattern `re` rejects) is plain `re.compile`. The file is written once
at exit when a run compiled a pattern it did not hold.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from typing import Any

from patchlint.cachedir import KeptTable, cache_dir

try:
    import _sre  # type: ignore[import-not-found]

    _USABLE = sys.implementation.name == "cpython" and hasattr(re, "_compiler")
except ImportError:  # pragma: no cover - not CPython
    _USABLE = False

Key = tuple[Any, int]  # (pattern, flags given)
Parts = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _path() -> Path:
    build = f"{sys.implementation.cache_tag}-{sys.version.split()[0]}-{_sre.MAGIC}"
    return cache_dir() / f"regex-code-{build}.marshal"


KEPT: KeptTable[Key, Parts] = KeptTable(_path, lambda key, parts: True)


def _parts(pattern: Any, flags: int) -> Parts:
    """What `re._compiler.compile` hands `_sre.compile` (CPython 3.11+)."""
    parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    code = re._compiler._code(parsed, flags)  # type: ignore[attr-defined]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (  # plain ints: the code's opcodes are int subclasses marshal does not keep
        int(flags | parsed.state.flags),
        [int(c) for c in code],
        int(parsed.state.groups - 1),
        {str(k): int(v) for k, v in groupindex.items()},
        tuple(indexgroup),
    )


def _build(pattern: Any, parts: Parts) -> re.Pattern[Any]:
    flags, code, groups, groupindex, indexgroup = parts
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)  # type: ignore[no-any-return]


def _same(a: re.Pattern[Any], b: re.Pattern[Any]) -> bool:
    return a == b and a.groups == b.groups and dict(a.groupindex) == dict(b.groupindex)


def compile_kept(pattern: Any, flags: int) -> re.Pattern[Any]:
    """`re.compile(pattern, flags)`, from the kept code when this pattern was compiled by
    an earlier process."""
    flags = int(flags)  # a RegexFlag is not kept by marshal
    if not _USABLE or flags & re.DEBUG:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    parts = KEPT.get(key)
    if parts is not None:
        with contextlib.suppress(Exception):  # a damaged entry: compiled as re does
            return _build(pattern, parts)
    done = re.compile(pattern, flags)
    with contextlib.suppress(Exception):
        parts = _parts(pattern, flags)
        if _same(_build(pattern, parts), done):
            KEPT.add(key, parts)
    return done
