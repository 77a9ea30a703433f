"""fake-flexible-array: a struct's last member declared as a zero-length (`[0]`) or
one-element (`[1]`) array, the old ways of writing a flexible array member.

Only the last member of a struct whose closing brace the diff shows is judged (a member in
the middle is a real array, and without the `}` the diff does not show what comes after). A
one-element array named as padding (`reserved`, `pad`, `rsvd`, `unused`, `spare`), or in a
struct of other sized arrays (`struct ctl_table vars[5]; struct ctl_table dir[1];`, a table),
is a real one-element array. An only member needs DECLARE_FLEX_ARRAY(), and is told so. A
patch posted before March 2020, when the kernel started retiring both forms, is left alone,
and so are lines moved unchanged and userspace (tools/).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

from tree_sitter import Node

from patchlint import lazyre
from patchlint.analysis.profile import linux_userspace
from patchlint.c.fragments import Fragment
from patchlint.c.syntax import node_text
from patchlint.engine.context import Hit, RuleContext

# when the old forms were retired: Gustavo A. R. Silva's treewide "Replace zero-length array
# with flexible-array member" (Linux 5.7, March 2020) and the one-element conversions and the
# deprecated.rst section that followed; a patch posted before wrote the idiom of its day
IN_FORCE = datetime(2020, 3, 1, tzinfo=UTC)
PADDING = lazyre.compile(
    r"(?:^|_)(?:reserved|rsvd|resv|res|pad|padding|unused|spare|dummy)"
    r"\d*(?:_|$)",
    re.I,
)


def _array_size(member: Node) -> str | None:
    """The size of a member declared as one array (`T name[N];`), as written."""
    declarators = member.children_by_field_name("declarator")
    if len(declarators) != 1 or declarators[0].type != "array_declarator":
        return None
    size = declarators[0].child_by_field_name("size")
    return node_text(size) if size is not None else ""


def _fields(members: list[Node]) -> list[Node]:
    """The field declarations among `members`, those inside `#if` blocks too (not those of
    nested struct or union bodies)."""
    out: list[Node] = []
    todo = list(reversed(members))
    while todo:
        node = todo.pop()
        if node.type == "field_declaration":
            out.append(node)
        elif node.type.startswith("preproc_"):
            todo.extend(reversed(node.named_children))
    return out


def _trailing_array(field_list: Node, frag: Fragment) -> tuple[Node, str, str, int] | None:
    """The last member of a struct's field list, when it is declared `name[0]` or `name[1]`
    and the list's closing brace is in the diff: (member, name, size, number of members)."""
    closing = field_list.children[-1] if field_list.children else None
    if closing is None or closing.type != "}" or frag.line_of(closing) is None:
        return None
    members = [c for c in field_list.named_children if c.type != "comment"]
    if not members or members[-1].type != "field_declaration":
        return None
    member = members[-1]
    size = _array_size(member)
    if size not in ("0", "1"):
        return None
    if size == "1" and any(_array_size(m) not in (None, "", "0") for m in _fields(members[:-1])):
        return None  # a struct of sized arrays (`vars[5]; dir[1];`): real arrays, a table
    name = member.children_by_field_name("declarator")[0].child_by_field_name("declarator")
    return member, node_text(name), size, len(members)


def check(ctx: RuleContext) -> Iterator[Hit]:
    date = ctx.patch.date
    if date is not None and (date if date.tzinfo else date.replace(tzinfo=UTC)) < IN_FORCE:
        return
    for view in ctx.files:
        if linux_userspace(view.path, ctx.patch.subject.prefixes):
            continue
        for frag in view.fragments():
            for node in frag.index.nodes("field_declaration_list"):
                if node.has_error:
                    continue
                found = _trailing_array(node, frag)
                if found is None:
                    continue
                member, name, size, count = found
                if size == "1" and PADDING.search(name):
                    continue
                line = frag.line_of(member)
                if line is None or not ctx.is_new(view, line, f"[{size}]"):
                    continue
                kind = "zero-length" if size == "0" else "one-element"
                instead = (
                    "use DECLARE_FLEX_ARRAY() (a flexible array cannot be a struct's only member)"
                    if count == 1
                    else f"make it `{name}[]`"
                )
                yield ctx.hit(
                    view,
                    line,
                    f"`{name}[{size}]` is a {kind} trailing array: "
                    f"{instead}, and size allocations with struct_size()",
                    variable=name,
                )
