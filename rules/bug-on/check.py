"""bug-on: BUG() or BUG_ON() added to kernel code.

Documentation/process/deprecated.rst: "Use WARN() and WARN_ON() instead, and handle the
'impossible' error condition as gracefully as possible." A BUG_ON() the patch only changes
(its condition, its place in a moved block) is left alone: the patch did not decide to crash.
Userspace (tools/) has its own BUG_ON(), an assert.
"""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.profile import linux_userspace
from patchlint.engine.context import Hit, RuleContext

NAMES = frozenset({"BUG", "BUG_ON"})


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if linux_userspace(view.path, ctx.patch.subject.prefixes):
            continue
        for frag in view.fragments():
            for call, name in frag.index.calls(NAMES):
                line = frag.line_of(call)
                if line is None or not ctx.is_new(view, line, "BUG"):
                    continue
                yield ctx.hit(
                    view,
                    line,
                    f"{name}() crashes the kernel: warn with "
                    "WARN_ON_ONCE() and recover (return an error) instead, unless "
                    "going on would corrupt data",
                    function=name,
                )
