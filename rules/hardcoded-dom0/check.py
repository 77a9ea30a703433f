"""hardcoded-dom0: domain id 0 (or the `dom0` pointer) used as the privilege test."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from patchlint import lazyre
from patchlint.c.syntax import walk
from patchlint.engine.context import Hit, RuleContext

DOMID = lazyre.compile(r"^(?:dom_?id|domain_?id|\w+_domid|domid\w*)$")
CONDITION_PARENTS = ("if_statement", "while_statement", "conditional_expression")


def _name(node: Node) -> str | None:
    """The variable or field a domid-like expression names."""
    if node.type == "identifier":
        return node.text.decode() if node.text else None
    if node.type == "field_expression":
        field = node.child_by_field_name("field")
        return field.text.decode() if field is not None and field.text else None
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        child = node.named_children[0]
        return _name(child)
    return None


def _is_domid(node: Node) -> bool:
    name = _name(node)
    return name is not None and DOMID.match(name) is not None


def _is_zero(node: Node) -> bool:
    return node.type == "number_literal" and node.text in (b"0", b"0U", b"0u")


def _why(node: Node) -> str | None:
    if node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op is None or left is None or right is None or op.type not in ("==", "!="):
            return None
        if (_is_domid(left) and _is_zero(right)) or (_is_zero(left) and _is_domid(right)):
            return "compares a domain id with 0"
        if "dom0" in (_name(left), _name(right)):
            return "compares with the dom0 pointer"
        return None
    if node.type == "unary_expression":
        op, arg = node.child_by_field_name("operator"), node.child_by_field_name("argument")
        if op is not None and op.type == "!" and arg is not None and _is_domid(arg):
            return "tests a domain id for 0 with `!`"
        return None
    if node.type in CONDITION_PARENTS:
        cond = node.child_by_field_name("condition")
        if cond is not None and _is_domid(cond):
            return "uses a domain id as a condition (non-zero means 'not dom0')"
    return None


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        for frag in view.fragments():
            for node in walk(frag.tree.root_node):
                why = _why(node)
                if why:
                    yield ctx.hit(
                        view,
                        frag.line_of(node),
                        f"{why}: decide privilege with is_hardware_domain() or "
                        "is_control_domain(), not domain id 0",
                    )
