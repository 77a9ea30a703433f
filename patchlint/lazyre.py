"""Regular expressions compiled on first use, not at import.

A hook or b4 runs `patchlint check` once per patch in a fresh process, and compiling the
patterns every module defines at import was a third of its import time, most of them for
mail a patch checked alone never shows (replies, changelogs, trailers). `lazyre.compile`
takes the arguments `re.compile` takes and returns an object that compiles on its first
method call and then answers exactly as the compiled pattern would. `.pattern` and `.flags`
are there without compiling (patterns built from other patterns' text stay lazy).

tests/security/redos.py audits these like `re.compile` calls: it reads the literal
arguments of `lazyre.compile(...)` from the source and takes lazy patterns held by module
globals at import, so a pattern made lazy stays audited.

A check of one patch still compiles ~70 patterns, ~0.1-0.3 ms each in `re`'s pure-Python
parser: what the parser and code generator make of a pattern is kept (`regexcode`) and the
pattern is built from it directly, the same pattern object `re.compile` builds.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

_METHODS = (
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "scanner",
    "groups",
    "groupindex",
)


class LazyPattern:
    """A pattern compiled on first use; afterwards its methods are the compiled
    pattern's own (kept on the instance: no indirection per call)."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags_given = flags

    def compiled(self) -> re.Pattern[Any]:
        from patchlint.regexcode import compile_kept

        done = compile_kept(self.pattern, self.flags_given)
        self.__dict__.update({name: getattr(done, name) for name in _METHODS})
        self.__dict__["flags"] = done.flags
        self.__dict__["_compiled"] = done
        return done

    def __getattr__(self, name: str) -> Any:
        # only called for what the instance does not hold yet: compile, then answer
        if name.startswith("__") or name in ("_compiled",):
            raise AttributeError(name)
        if name == "flags":
            return re.compile(self.pattern, self.flags_given).flags
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r}, {self.flags_given})"


def compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, done when the pattern is first used."""
    return cast("re.Pattern[AnyStr]", LazyPattern(pattern, int(flags)))
