"""needless-free-check: `if (p) kfree(p);`, a NULL check before a function that already
does nothing with NULL.

The `if` is reported when it has no `else`, its condition is only the pointer (`p`,
`p != NULL`, `NULL != p`) and its body only frees that same pointer (and maybe sets it to
NULL afterwards). The functions are checkpatch's list (NEEDLESS_IF) and their siblings that
accept NULL: Linux's kfree() family, vfree(), kvfree(), the skb, debugfs, kmem_cache, mempool
and dma_pool ones; Xen's xfree() and xvfree() (and XFREE()/XVFREE(), which also clear the
pointer); free() in userspace code. A line moved unchanged is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tree_sitter import Node

from patchlint.analysis.profile import linux_userspace
from patchlint.c.calls import call_args, call_name
from patchlint.c.syntax import node_text
from patchlint.engine.context import Hit, RuleContext

LINUX = frozenset(
    {
        "kfree",
        "kvfree",
        "vfree",
        "kfree_sensitive",
        "kzfree",
        "kvfree_sensitive",
        "kfree_const",
        "bitmap_free",
        "usb_free_urb",
        "debugfs_remove",
        "debugfs_remove_recursive",
        "kmem_cache_destroy",
        "mempool_destroy",
        "dma_pool_destroy",
        "kfree_skb",
        "dev_kfree_skb",
        "dev_kfree_skb_any",
        "dev_kfree_skb_irq",
        "consume_skb",
    }
)
XEN = frozenset({"xfree", "xvfree", "XFREE", "XVFREE"})
USERSPACE = frozenset({"free"})


def _freeing(project: str, path: str, prefixes: Sequence[str]) -> frozenset[str]:
    if project == "xen-hypervisor":
        return XEN
    if project == "xen-tools" or linux_userspace(path, prefixes):
        return USERSPACE
    return LINUX


def _tested(condition: Node) -> str | None:
    """The pointer a condition only tests for NULL: `(p)`, `(p != NULL)`, `(NULL != p)`."""
    inner = [c for c in condition.named_children if c.type != "comment"]
    if len(inner) != 1:
        return None
    expr = inner[0]
    if expr.type in ("identifier", "field_expression", "subscript_expression"):
        return node_text(expr)
    if expr.type == "binary_expression":
        op = expr.child_by_field_name("operator")
        left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
        if op is None or op.type != "!=" or left is None or right is None:
            return None
        if right.type == "null" or node_text(right) == "NULL":
            return node_text(left)
        if left.type == "null" or node_text(left) == "NULL":
            return node_text(right)
    return None


def _statements(body: Node) -> list[Node]:
    if body.type == "compound_statement":
        return [c for c in body.named_children if c.type != "comment"]
    return [body]


def _frees(statement: Node, pointer: str, names: frozenset[str]) -> str | None:
    """The function, when `statement` is only `fn(pointer);` for a `fn` in `names`."""
    if statement.type != "expression_statement" or statement.named_child_count != 1:
        return None
    call = statement.named_children[0]
    if call.type != "call_expression" or call_name(call) not in names:
        return None
    args = call_args(call)
    same = len(args) == 1 and "".join(node_text(args[0]).split()) == pointer
    return call_name(call) if same else None


def _clears(statement: Node, pointer: str) -> bool:
    """`pointer = NULL;`"""
    if statement.type != "expression_statement" or statement.named_child_count != 1:
        return False
    expr = statement.named_children[0]
    left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
    return (
        expr.type == "assignment_expression"
        and left is not None
        and right is not None
        and "".join(node_text(left).split()) == pointer
        and (right.type == "null" or node_text(right) in ("NULL", "0"))
    )


def _needless(node: Node, names: frozenset[str]) -> str | None:
    """The freeing function of an `if` that only guards it against NULL."""
    condition = node.child_by_field_name("condition")
    body = node.child_by_field_name("consequence")
    if condition is None or body is None or node.child_by_field_name("alternative"):
        return None
    pointer = _tested(condition)
    if pointer is None:
        return None
    pointer = "".join(pointer.split())
    statements = _statements(body)
    if not statements or len(statements) > 2:
        return None
    fn = _frees(statements[0], pointer, names)
    if fn is None or (len(statements) == 2 and not _clears(statements[1], pointer)):
        return None
    return fn


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        names = _freeing(view.project, view.path, ctx.patch.subject.prefixes)
        wanted = [name.encode() for name in names]
        for frag in view.fragments():
            # the call is written in the fragment: without any of the names, no `if` of it
            # can be one (walking every node of every fragment was the rule's whole cost)
            if not any(name in frag.source for name in wanted):
                continue
            for node in frag.index.nodes("if_statement"):
                if node.has_error:
                    continue
                fn = _needless(node, names)
                line = frag.line_of(node)
                if fn is None or line is None or not ctx.is_new(view, line, fn):
                    continue
                yield ctx.hit(
                    view,
                    line,
                    f"{fn}(NULL) does nothing, so this check is not "
                    f"needed: call {fn}() unconditionally",
                    function=fn,
                )
