#!/usr/bin/env python3
"""Inclusive CPU time of named functions during one patchlint command, in this process.

Each function named as `module:function` (or `module:Class.method`) is wrapped wherever it
is bound (its module and every module that imported it by name), and the wrapper sums the
process time of its outermost calls, counts them, counts the distinct arguments (strings
and tuples by value, other objects by identity) and sums the time of the calls whose
arguments were seen before: the *repeated* reading that sharing or memoizing could remove.
With `--rules`, every rule's check is timed too. The wrapper costs ~1-2 us a call, so
a function called hundreds of thousands of times shows more than it costs.
No profiler runs, so the figures are the command's own (docs/benchmarks.md, perf10).

  PYTHONPATH=. python bench/stage_times.py [--rules] TARGET... -- \
      review FILE -f json -o /dev/null --jobs 1
(a TARGET: patchlint.analysis.discussion.own_words:own_text)
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib
import sys
import time
from collections.abc import Callable
from typing import Any

clock = time.process_time


@dataclasses.dataclass
class Spent:
    seconds: float = 0.0
    calls: int = 0
    repeated: float = 0.0
    depth: int = 0
    seen: set[tuple[Any, ...]] = dataclasses.field(default_factory=set)


STATS: dict[str, Spent] = {}


def _key(value: Any) -> Any:
    if isinstance(value, (str, tuple, frozenset)):
        try:
            return hash(value)
        except TypeError:
            return id(value)
    return id(value)


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    spent = STATS.setdefault(name, Spent())

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if spent.depth:  # a recursive call: counted in the outer one
            return fn(*args, **kwargs)
        spent.depth += 1
        key = tuple(_key(a) for a in args) + tuple((k, _key(v)) for k, v in kwargs.items())
        start = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            took = clock() - start
            spent.depth -= 1
            spent.seconds += took
            spent.calls += 1
            if key in spent.seen:
                spent.repeated += took
            else:
                spent.seen.add(key)

    return wrapper


def wrap_everywhere(target: str) -> None:
    module_name, _, path = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    *outer, attr = path.split(".")
    for part in outer:
        owner = getattr(owner, part)
    original = getattr(owner, attr)
    wrapper = timed(target, original)
    if isinstance(owner, type):
        setattr(owner, attr, wrapper)
        return
    for module in list(sys.modules.values()):
        names = getattr(module, "__dict__", None)
        if not names:
            continue
        for name, value in list(names.items()):
            if value is original:
                names[name] = wrapper


def time_rules() -> None:
    """Every rule's check, timed (rules load lazily: wrap the loader)."""
    from patchlint.engine import loader

    original = loader.load_rule

    def load_rule(folder: Any, lazy: bool = False) -> Any:
        rule = original(folder, lazy)
        check = timed("rule " + rule.meta.name, lambda ctx, c=rule.check: list(c(ctx)))
        return dataclasses.replace(rule, check=check)

    for module in list(sys.modules.values()):
        names = getattr(module, "__dict__", None)
        for name, value in list((names or {}).items()):
            if value is original:
                names[name] = load_rule  # type: ignore[index]


def main() -> None:
    split = sys.argv.index("--")
    targets, command = sys.argv[1:split], sys.argv[split + 1 :]
    from patchlint.cli import main as patchlint_main  # the package first: its import hooks

    if "--rules" in targets:
        targets.remove("--rules")
        time_rules()
    for target in targets:
        wrap_everywhere(target)
    sys.argv = ["patchlint", *command]
    start = clock()
    with contextlib.suppress(SystemExit):
        patchlint_main()
    total = clock() - start
    print(f"total {total:.2f} s of CPU", file=sys.stderr)
    for name, s in sorted(STATS.items(), key=lambda kv: -kv[1].seconds):
        print(
            f"{s.seconds:7.3f} s {100 * s.seconds / total:5.1f}%  calls {s.calls:7d}"
            f"  distinct {len(s.seen):7d}  repeated {s.repeated:6.3f} s  {name}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
