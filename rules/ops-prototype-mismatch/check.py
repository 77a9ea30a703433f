"""ops-prototype-mismatch: functions put into ops tables against the shipped prototype KB.

Assignments are found in the patch's C fragments (the hunk heading recovers the enclosing
`struct X name = {`), definitions and declarations anywhere in the patch's post-image. A
member name without a known struct is judged only when the KB has it in one struct."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from tree_sitter import Node

from patchlint.c.declarators import function_declarator, function_name
from patchlint.c.fragments import FileView, Fragment
from patchlint.c.kb.shipped import shipped_kb
from patchlint.c.language import captured
from patchlint.c.syntax import node_text
from patchlint.c.types import read_function_head
from patchlint.engine.context import Hit, RuleContext

KB_FOR = {"linux": "linux", "xen-hypervisor": "xen", "xen-tools": "xen"}
# a patch posted this long after the newest KB's release (the `released` date each KB
# records) may be written against a newer API
STALE_AFTER = timedelta(days=180)


@dataclass(frozen=True, slots=True)
class Use:
    member: str
    function: str
    struct: str | None
    view: FileView
    line: int | None


@dataclass(frozen=True, slots=True)
class Head:
    text: str
    view: FileView
    line: int | None


def _initialised_struct(node: Node) -> str | None:
    """The struct tag of the declaration an initializer list belongs to."""
    current: Node | None = node
    while current is not None and current.type != "declaration":
        current = current.parent
    if current is None:
        return None
    kind = current.child_by_field_name("type")
    if kind is not None and kind.type == "struct_specifier":
        return node_text(kind.child_by_field_name("name")) or None
    return None


# the nodes the rule reads, found by tree-sitter in C rather than by walking every node
_USE_NODES = "[(initializer_pair) (assignment_expression)] @node"
_HEAD_NODES = "[(function_definition) (declaration)] @node"



def _uses(view: FileView, frag: Fragment) -> Iterator[Use]:
    for node in captured(_USE_NODES, frag.tree.root_node, "node"):
        if node.type == "initializer_pair":
            designators = node.children_by_field_name("designator")
            value = node.child_by_field_name("value")
            if len(designators) == 1 and designators[0].type == "field_designator" and (
                    value is not None and value.type == "identifier"):
                member = node_text(designators[0]).lstrip(".").strip()
                yield Use(member, node_text(value), _initialised_struct(node), view,
                          frag.line_of(node))
        else:
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and left.type == "field_expression" and right is not None and (
                    right.type == "identifier"):
                field = left.child_by_field_name("field")
                yield Use(node_text(field), node_text(right), None, view, frag.line_of(node))


def _heads(view: FileView, frag: Fragment) -> Iterator[tuple[str, Head]]:
    for node in captured(_HEAD_NODES, frag.tree.root_node, "node"):
        declarator = function_declarator(node)
        name = function_name(node)
        if declarator is None or name is None:
            continue
        start = node.start_byte
        end = declarator.end_byte
        head = frag.source[start:end].decode("utf-8", "replace")
        yield name, Head(" ".join(head.split()), view, frag.line_of(node))


def check(ctx: RuleContext) -> Iterator[Hit]:
    uses: list[Use] = []
    heads: dict[str, list[Head]] = {}
    for view in ctx.patch_files:
        if not view.is_c:
            continue
        for frag in view.fragments():
            uses.extend(_uses(view, frag))
            for name, head in _heads(view, frag):
                heads.setdefault(name, []).append(head)
    for use in uses:
        if use.view.project not in KB_FOR or use.function not in heads:
            continue
        kb = shipped_kb(KB_FOR[use.view.project])
        if use.struct is None and len({m.struct for m in kb.members(use.member)}) != 1:
            continue  # a member name several ops tables share: cannot tell which
        for head in heads[use.function]:
            parsed = read_function_head(head.text)
            if parsed is None:
                continue
            _, ret, params = parsed
            verdict = kb.check(use.member, ret, params, struct=use.struct)
            if verdict.ok is False:
                where = head if head.line in head.view.added_numbers else use
                table = f"{use.struct}." if use.struct else ""
                message = f"{use.function}() is assigned to {table}{use.member} but " + (
                    verdict.reason)
                weaker = _weaker_evidence(ctx, KB_FOR[use.view.project], use, verdict.reason)
                if weaker:
                    message += f" ({weaker})"
                yield ctx.hit(where.view, where.line, message,
                              severity="warning" if weaker else None, member=use.member,
                              struct=use.struct, function=use.function)
                break


def _weaker_evidence(ctx: RuleContext, pattern: str, use: Use, reason: str) -> str | None:
    """Why this mismatch is only a warning, or None for an error. The KB is proof for the
    releases it was built from; it is evidence only when the table is not named in the code
    (`x->member = fn`: a private struct may have a member of that name), when the patch was
    posted long after the newest KB, or when it predates the oldest and the mismatch is of a
    kind APIs drift by (arity, return type, `void *` cookies) rather than another struct
    where the table passes its own object."""
    releases = shipped_kb(pattern).releases()
    posted = ctx.patch.date.date() if ctx.patch.date is not None and releases else None
    if use.struct is None:
        return "the table's struct is not named here: check which ops struct this is"
    if posted is not None and posted > releases[-1][0] + STALE_AFTER:
        return (f"this patch is newer than the {releases[-1][1]} prototypes: the API may have "
                "changed since; check against the tree")
    if posted is not None and posted < releases[0][0] and "different struct tags" not in reason:
        return (f"this patch predates the {releases[0][1]} prototypes: the API may have "
                "differed then; check against the tree")
    return None
