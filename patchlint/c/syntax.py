"""Small tree-sitter helpers every C rule needs, written once."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node


def walk(node: Node) -> Iterator[Node]:
    """Every node below `node` (itself included), in source order, without recursion (deep
    hostile nesting must not hit Python's recursion limit). A tree cursor, bounded to
    `node`, does the moving: twice as fast as building each node's list of children."""
    cursor = node.walk()
    while True:
        yield cursor.node  # type: ignore[misc]  # a cursor always stands on a node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():  # back at `node`: the cursor cannot leave it
                return


def node_text(node: Node | None) -> str:
    """A node's source text ('' for none)."""
    return node.text.decode("utf-8", "replace") if node is not None and node.text else ""


def enclosing_function(node: Node) -> Node | None:
    """The innermost function definition `node` is inside (not `node` itself)."""
    while node.parent is not None:
        node = node.parent
        if node.type == "function_definition":
            return node
    return None
