"""deprecated-string-copy: strcpy() or strncpy() added to kernel code, string copies
Documentation/process/deprecated.rst retires in favour of strscpy().

strlcpy(), the third one deprecated.rst names, is not looked for: it was removed from the
kernel in 6.8, so a new call does not build, and before its deprecation (2020-2022) it was
the usual call; every strlcpy() finding the precision corpus held was of that time (noise).

A line moved unchanged, or one that already called the same function before the patch
changed it, is left alone, and so is userspace (tools/, samples/, scripts/), where the C
library's functions are the ones to use.
"""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.profile import linux_userspace
from patchlint.engine.context import Hit, RuleContext

WHY = {
    "strcpy": "does no bounds checking on the destination",
    "strncpy": "does not NUL-terminate a destination it fills, and NUL-pads it needlessly",
}
INSTEAD = {
    "strcpy": "strscpy()",
    "strncpy": "strscpy() (strscpy_pad() to pad; memcpy_and_pad() or a __nonstring "
    "destination for data that is no string)",
}


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if linux_userspace(view.path, ctx.patch.subject.prefixes):
            continue
        for frag in view.fragments():
            for call, name in frag.index.calls(frozenset(WHY)):
                line = frag.line_of(call)
                if line is None or not ctx.is_new(view, line, name):
                    continue
                yield ctx.hit(
                    view, line, f"{name}() {WHY[name]}: use {INSTEAD[name]}", function=name
                )
