"""dataclasses' generated methods compiled once for every later process: `@dataclass`
writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` ... as
source text and `exec`s it, and compiling that text is most of what a dataclass costs
(~0.4 ms a class; a one-patch `check` builds ~115 of them, ~50 ms of its ~230 ms of CPU).

`install()` puts an `exec` into the `dataclasses` module's namespace (shadowing the
builtin there only) that runs the code compiled from the same text, kept in the cache folder
(one file per Python build): the functions are the ones `exec` of the text makes (same
source, file name `<string>`, flags and optimisation level), only not compiled again. A
text not seen before is compiled as `exec` compiles it and kept; the file is written once at
exit when a run compiled something it did not hold. Anything unusual (not CPython, a file
that cannot be read or written) is the builtin `exec`.
"""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from patchlint.cachedir import KeptTable, cache_dir

# a bound on what one file keeps: the texts come from class definitions, not from input,
# but versions of the classes pile up; past it the file starts again with this run's texts
MAX_KEPT = 4000


def _path() -> Path:
    build = f"{sys.implementation.cache_tag}-{sys.version.split()[0]}-O{sys.flags.optimize}"
    return cache_dir() / f"dataclass-code-{build}.marshal"


KEPT: KeptTable[str, CodeType] = KeptTable(
    _path,
    lambda text, code: isinstance(text, str) and isinstance(code, CodeType),
    lambda: MAX_KEPT,
)


def kept_exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """`exec(source, globals, locals)` as `dataclasses` calls it, with the code of a text
    compiled by an earlier process. `dont_inherit`: the builtin compiles the text with the
    calling module's future flags, and `dataclasses` has none."""
    if globals is None:  # the caller's namespaces, as the builtin takes them
        caller = sys._getframe(1)
        globals = caller.f_globals
        locals = caller.f_locals if locals is None else locals
    if not isinstance(source, str):
        builtins.exec(source, globals, locals)
        return
    code = KEPT.get(source)
    if code is None:
        code = compile(source, "<string>", "exec", dont_inherit=True)
        KEPT.add(source, code)
    builtins.exec(code, globals, locals)


def install() -> None:
    """Route `dataclasses`' own `exec` calls through `kept_exec` (CPython only: the code
    objects are its bytecode). Idempotent."""
    if sys.implementation.name != "cpython":  # pragma: no cover - CPython only
        return
    import dataclasses

    dataclasses.exec = kept_exec  # type: ignore[attr-defined]
