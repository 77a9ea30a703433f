"""linux-version-check: code that compares LINUX_VERSION_CODE, to build on other kernels.

In-tree code is for the kernel it is merged into; `#if LINUX_VERSION_CODE >=
KERNEL_VERSION(5, 10, 0)` is a compatibility layer for out-of-tree builds, dead in the tree.
LINUX_VERSION_CODE used as a value (a driver telling the hypervisor or the firmware which
kernel it is, as Hyper-V's guest id does) is not a version check and is left alone, and so
are userspace (tools/, samples/) and lines moved unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from patchlint.analysis.profile import linux_userspace
from patchlint.c.syntax import node_text
from patchlint.engine.context import Hit, RuleContext

NAMES = ("LINUX_VERSION_CODE", "KERNEL_VERSION")
CONDITIONS = ("preproc_if", "preproc_elif")
COMPARISONS = ("<", ">", "<=", ">=", "==", "!=")


def _compared(ident: Node) -> bool:
    """Is LINUX_VERSION_CODE compared, or tested in an #if?"""
    node: Node | None = ident.parent
    while node is not None and node.type in (
        "parenthesized_expression",
        "binary_expression",
        "unary_expression",
    ):
        if node.type == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and op.type in COMPARISONS:
                return True
        node = node.parent
    if node is not None and node.type in CONDITIONS:
        condition = node.child_by_field_name("condition")
        return condition is not None and condition.start_byte <= ident.start_byte < (
            condition.end_byte
        )
    return False


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if linux_userspace(view.path, ctx.patch.subject.prefixes):
            continue
        for frag in view.fragments():
            if not frag.index.mentions(NAMES[:1]):
                continue
            for node in frag.index.nodes("identifier"):
                if node_text(node) != NAMES[0]:
                    continue
                if not _compared(node):
                    continue
                line = frag.line_of(node)
                if line is None or not ctx.is_new(view, line, NAMES[0]):
                    continue
                yield ctx.hit(
                    view,
                    line,
                    "a LINUX_VERSION_CODE check: in-tree code is for "
                    "the kernel it is merged into; drop the code for other "
                    "versions",
                )
