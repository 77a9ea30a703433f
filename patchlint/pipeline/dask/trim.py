"""What a review task leaves in a worker's memory, given back after each task.

Measured on the workers of the scaling bench (issue 20): a worker's memory grew with the
archive (x1 -> x2 of the replicated archive: 868k -> 1.65M live Python blocks, 150 ->
238 MB), and the growth was neither tree-sitter's trees nor the C allocator's arenas
(`mallinfo2`: ~50 MB of heap, ~30 MB in use, flat) but live Python objects in the
package's memo caches (`functools.lru_cache`): parsed To/Cc lists (`Address` tuples),
quoted-line segments, a comment's words, C fragment indexes. Each is bounded by a *count*
of entries whose size is the mail's (a Cc list of 80 addresses is one entry), and a worker
meets more distinct mail the larger the input, so the caches fill towards their counts as
the archive grows. They pay off within a series (its patches repeat the same Cc list, its
revisions the same hunks), which is one task; so after each task a worker empties them
(`after_task`) and hands what the C allocator keeps free back to the system
(`malloc_trim(0)`, on glibc). Caches of load-once tables (`maxsize=None`: vocabularies, the
shipped prototypes, template environments) are kept: they do not grow with the mail.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable
from typing import Any

_PACKAGES = ("patchlint.", "patchlint_rules.")

_found: list[Any] = []
_seen_modules = [-1]  # len(sys.modules) when `_found` was made (rules load lazily)


def memo_caches() -> list[Any]:
    """The bounded `lru_cache`s at module level in patchlint and its rules: memos of mail
    content (see the module docstring). Looked up again when modules were imported."""
    if _seen_modules[0] != len(sys.modules):
        _seen_modules[0] = len(sys.modules)
        found: dict[int, Any] = {}
        for name, module in list(sys.modules.items()):
            if not name.startswith(_PACKAGES) or module is None:
                continue
            for value in list(vars(module).values()):
                if (
                    isinstance(value, functools._lru_cache_wrapper)
                    and value.cache_parameters()["maxsize"] is not None
                ):
                    found[id(value)] = value
        _found[:] = found.values()
    return _found


def _trimmer() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(None)
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to call
        return None
    return trim


_trim = _trimmer()


def after_task() -> None:
    """Empty the memo caches and give the allocator's free memory back (see above)."""
    for cache in memo_caches():
        cache.cache_clear()
    if _trim is not None:
        _trim(0)
