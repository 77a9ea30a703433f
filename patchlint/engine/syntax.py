"""Small tree-sitter helpers every C rule needs, written once."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node


def walk(node: Node) -> Iterator[Node]:
    """Every node below `node` (itself included), in source order, without recursion (deep
    hostile nesting must not hit Python's recursion limit)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def node_text(node: Node | None) -> str:
    """A node's source text ('' for none)."""
    return node.text.decode("utf-8", "replace") if node is not None and node.text else ""
