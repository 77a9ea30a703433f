"""px-format-specifier: `%px` in a format string a patch adds to kernel code.

`%p` prints a hashed address; `%px` prints the real one, which tells an attacker where the
kernel lies in memory. Every string literal passed to a call (printk and its kin, seq_printf,
snprintf, tracepoints' TP_printk) is read, on added lines only; `%%px` is a literal percent
sign and is left alone, and so is a line moved unchanged, a line that already printed `%px`
before the patch changed it, and userspace code (tools/, samples/), where printf's `%p` is
not hashed.
"""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.profile import linux_userspace
from patchlint.c.syntax import node_text
from patchlint.engine.context import Hit, RuleContext

FLAGS_AND_WIDTH = frozenset("-+ #0123456789")


def has_px(literal: str) -> bool:
    """A `%px` conversion in a format string (`%%px` is a percent sign and `px`), read in
    one pass: a regular expression for it backtracks on a run of `%`."""
    i = literal.find("%")
    while i >= 0:
        if literal.startswith("%%", i):
            i = literal.find("%", i + 2)
            continue
        j = i + 1
        while j < len(literal) and literal[j] in FLAGS_AND_WIDTH:
            j += 1
        if literal.startswith("px", j):
            return True
        i = literal.find("%", j)
    return False


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if linux_userspace(view.path, ctx.patch.subject.prefixes):
            continue
        for frag in view.fragments():
            if not frag.index.mentions(["px"]):
                continue
            for node in frag.index.nodes("string_literal"):
                if not has_px(node_text(node)):
                    continue
                if node.parent is None or node.parent.type not in (
                    "argument_list",
                    "concatenated_string",
                ):
                    continue
                line = frag.line_of(node)
                if line is None or not ctx.is_new(view, line, "%px"):
                    continue
                yield ctx.hit(
                    view,
                    line,
                    "`%px` prints the real kernel address, which leaks "
                    "the kernel's layout: print it hashed (`%p`), as a symbol "
                    "(`%pS`), or not at all",
                    specifier="%px",
                )
