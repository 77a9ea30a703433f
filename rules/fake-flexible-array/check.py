"""fake-flexible-array: a struct's last member declared as a zero-length (`[0]`) or
one-element (`[1]`) array, the old ways of writing a flexible array member.

Only the last member of a struct whose closing brace the diff shows is judged (a member in
the middle is a real array, and without the `}` the diff does not show what comes after); a
one-element array named as padding (`reserved`, `pad`, `rsvd`, `unused`, `spare`) is a real
one-element array. A line moved unchanged is left alone, and so is userspace (tools/).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from patchlint.c.fragments import Fragment
from patchlint.c.syntax import node_text, walk
from patchlint.engine.context import Hit, RuleContext
from patchlint.engine.project import linux_userspace

PADDING = re.compile(r"(?:^|_)(?:reserved|rsvd|resv|res|pad|padding|unused|spare|dummy)"
                     r"\d*(?:_|$)", re.I)


def _trailing_array(field_list: Node, frag: Fragment) -> tuple[Node, str, str] | None:
    """The last member of a struct's field list, when it is declared `name[0]` or `name[1]`
    and the list's closing brace is in the diff: (member, name, size)."""
    closing = field_list.children[-1] if field_list.children else None
    if closing is None or closing.type != "}" or frag.line_of(closing) is None:
        return None
    members = [c for c in field_list.named_children if c.type != "comment"]
    if not members or members[-1].type != "field_declaration":
        return None
    member = members[-1]
    declarators = member.children_by_field_name("declarator")
    if len(declarators) != 1 or declarators[0].type != "array_declarator":
        return None
    size = declarators[0].child_by_field_name("size")
    if size is None or size.type != "number_literal" or node_text(size) not in ("0", "1"):
        return None
    name = declarators[0].child_by_field_name("declarator")
    return member, node_text(name), node_text(size)


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if linux_userspace(view.path):
            continue
        for frag in view.fragments():
            for node in walk(frag.tree.root_node):
                if node.type != "field_declaration_list" or node.has_error:
                    continue
                found = _trailing_array(node, frag)
                if found is None:
                    continue
                member, name, size = found
                if size == "1" and PADDING.search(name):
                    continue
                line = frag.line_of(member)
                if line is None or not ctx.is_new(view, line, f"[{size}]"):
                    continue
                kind = "zero-length" if size == "0" else "one-element"
                yield ctx.hit(view, line, f"`{name}[{size}]` is a {kind} trailing array: "
                              f"declare the flexible array member `{name}[]` (and size "
                              "allocations with struct_size())", variable=name)
