"""Function calls as rules read them: which function a call names, its arguments, and
whether an expression is a compile-time constant (the compiler checks constant arithmetic;
only run-time values can overflow unseen)."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from patchlint.c.declarators import spelled_as_macro
from patchlint.c.syntax import node_text, walk

_CONSTANT_LEAVES = (
    "number_literal",
    "char_literal",
    "sizeof_expression",
    "true",
    "false",
    "null",
    "offsetof_expression",
    "alignof_expression",
)
_CONSTANT_OPERATORS = (
    "binary_expression",
    "parenthesized_expression",
    "unary_expression",
    "cast_expression",
)


def call_name(call: Node) -> str:
    """The name of the function a call_expression calls ('' when it calls through an
    expression, `ops->fn(x)`)."""
    fn = call.child_by_field_name("function")
    return node_text(fn) if fn is not None and fn.type == "identifier" else ""


def call_args(call: Node) -> list[Node]:
    """The argument expressions of a call_expression, comments left out."""
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [a for a in args.named_children if a.type != "comment"]


def calls_named(root: Node, names: frozenset[str]) -> Iterator[tuple[Node, str]]:
    """Every call under `root` of a function in `names`, with the name, in source order."""
    for node in walk(root):
        if node.type == "call_expression":
            name = call_name(node)
            if name in names:
                yield node, name


def is_constant(node: Node) -> bool:
    """A compile-time constant: literals, sizeof/offsetof, all-capitals names (macros and
    enum constants, by kernel convention) and arithmetic on them; a cast keeps the value's
    constness (its type is not looked at)."""
    if node.type in _CONSTANT_LEAVES:
        return True
    if node.type == "identifier":
        return spelled_as_macro(node_text(node))
    if node.type == "call_expression":  # a function-like macro such as BIT(3), SZ_4K
        return spelled_as_macro(call_name(node)) and all(is_constant(a) for a in call_args(node))
    if node.type == "cast_expression":
        value = node.child_by_field_name("value")
        return value is not None and is_constant(value)
    if node.type in _CONSTANT_OPERATORS:
        return all(is_constant(c) for c in node.named_children if c.type != "comment")
    return False
