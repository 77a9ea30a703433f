"""simple-strtol: simple_strtol() and its siblings parsing a whole string, where kstrtol()
and its siblings belong (Documentation/process/deprecated.rst).

simple_strto*() ignore overflow and trailing garbage, and return no error. Only calls that
pass no end pointer (NULL) are reported: they parse the whole string, exactly what kstrto*()
do with an error check. A call that keeps the end pointer parses a number inside a longer
string, where kstrto*() do not fit. Userspace and moved lines are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.profile import linux_userspace
from patchlint.c.calls import call_args
from patchlint.c.syntax import node_text
from patchlint.engine.context import Hit, RuleContext

REPLACEMENT = {
    "simple_strtol": "kstrtol",
    "simple_strtoul": "kstrtoul",
    "simple_strtoll": "kstrtoll",
    "simple_strtoull": "kstrtoull",
}


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if linux_userspace(view.path, ctx.patch.subject.prefixes):
            continue
        for frag in view.fragments():
            for call, name in frag.index.calls(frozenset(REPLACEMENT)):
                args = call_args(call)
                if len(args) != 3 or node_text(args[1]) not in ("NULL", "0"):
                    continue
                line = frag.line_of(call)
                if line is None or not ctx.is_new(view, line, name):
                    continue
                yield ctx.hit(
                    view,
                    line,
                    f"{name}() ignores overflow and trailing garbage "
                    f"and cannot fail: use {REPLACEMENT[name]}() and check its "
                    "error",
                    function=name,
                )
