"""declaration-then-assignment: `T x;` followed, in the same block, by `x = value;` as the
first statement that mentions `x`, where `T x = value;` would mean the same.

Reported at the assignment, only when the declaration and the assignment are both added and
sit in one hunk (so everything between them is visible), and only when moving the value into
the declaration reorders nothing: only comments and declarations may stand between them (an
assignment placed after other statements is placed there on purpose: after a check, a lock, a
computation), and those declarations may neither declare nor change what the value reads, nor
call a function when the value reads memory (`->`, `*`, `[]`) or calls one itself.

The value may not call a function (all-capitals macros such as `ARRAY_SIZE(a)` aside): both
Linux and Xen keep `ret = f(); if ( ret )` and an allocation with its check together. (In 1000
recent committed xen/ patches, 22 of the 24 declarations first set by an assignment took a
function's result, none of them changed in review.)
"""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter
from tree_sitter import Node

from patchlint.engine.context import Hit, RuleContext
from patchlint.engine.source import FileView, Fragment, c_language
from patchlint.engine.syntax import node_text, walk

SKIP_STORAGE = {"static", "extern", "register", "thread_local", "_Thread_local", "__thread"}
SIDE_EFFECTS = ("assignment_expression", "update_expression", "comma_expression")


def _variable(decl: Node) -> tuple[str, Node] | None:
    """The one variable a declaration without initializer declares (not static, not an
    array), with its identifier node."""
    declarators = decl.children_by_field_name("declarator")
    if len(declarators) != 1 or decl.has_error:
        return None
    for child in decl.children:
        if child.type == "storage_class_specifier" and node_text(child) in SKIP_STORAGE:
            return None
        if child.type in ("attribute_specifier", "attribute_declaration", "ms_declspec_modifier"):
            return None
    node = declarators[0]
    while node.type == "pointer_declarator":
        inner = node.child_by_field_name("declarator")
        if inner is None:
            return None
        node = inner
    if node.type != "identifier":
        return None  # initialised, an array, a function pointer...
    return node_text(node), node


def _mentions(node: Node, names: set[str]) -> bool:
    return any(n.type == "identifier" and node_text(n) in names for n in walk(node))


def _is_macro(name: str) -> bool:
    return name.isupper()


def _calls(node: Node, macros_too: bool = False) -> bool:
    for n in walk(node):
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if macros_too or fn is None or fn.type != "identifier" or not _is_macro(node_text(fn)):
                return True
    return False


def _dereferences(node: Node) -> bool:
    for n in walk(node):
        if n.type == "subscript_expression":
            return True
        if n.type == "field_expression" and any(c.type == "->" for c in n.children):
            return True
        if n.type == "pointer_expression" and any(c.type == "*" for c in n.children):
            return True
    return False


def _reads(node: Node) -> set[str]:
    """The identifiers a value reads (not the names of the functions it calls)."""
    out = set()
    for n in walk(node):
        if n.type != "identifier":
            continue
        parent = n.parent
        if parent is not None and parent.type == "call_expression" and (
                parent.child_by_field_name("function") == n):
            continue
        out.add(node_text(n))
    return out


def _declared(decl: Node) -> set[str]:
    out = set()
    for d in decl.children_by_field_name("declarator"):
        node: Node | None = d
        while node is not None and node.type not in ("identifier",):
            node = node.child_by_field_name("declarator")
        if node is not None:
            out.add(node_text(node))
    return out


def _writes(stmt: Node, names: set[str]) -> bool:
    """Might `stmt` change one of `names`: assign it, increment it, take its address, or
    pass it to a function or macro (which may be a macro that assigns it)?"""
    for n in walk(stmt):
        if n.type != "identifier" or node_text(n) not in names:
            continue
        parent = n.parent
        if parent is None:
            continue
        if parent.type == "assignment_expression" and parent.child_by_field_name("left") == n:
            return True
        if parent.type == "update_expression":
            return True
        if parent.type == "pointer_expression" and any(c.type == "&" for c in parent.children):
            return True
        if parent.type == "argument_list":
            return True
    return False


def _assignment(stmt: Node, name: str) -> Node | None:
    """The value of `name = value;` if that is what `stmt` is."""
    if stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return None
    expr = stmt.named_children[0]
    if expr.type != "assignment_expression":
        return None
    left, op, right = (expr.child_by_field_name(f) for f in ("left", "operator", "right"))
    if left is None or right is None or op is None or op.type != "=":
        return None
    if left.type != "identifier" or node_text(left) != name:
        return None
    return right


def _safe_to_move(value: Node, between: list[Node]) -> bool:
    """Can `value` move up into the declaration over the statements `between`? Only over
    comments and other declarations (an assignment further down is placed there on purpose,
    and moving it over statements reorders it), and only when those declarations neither
    declare nor change what the value reads, nor call a function while the value reads
    memory."""
    if any(n.type in SIDE_EFFECTS for n in walk(value)):
        return False
    if _calls(value):
        return False
    reads = _reads(value)
    memory = _dereferences(value)
    for stmt in between:
        if stmt.type == "comment":
            continue
        if stmt.type != "declaration" or stmt.has_error:
            return False
        if _declared(stmt) & reads:
            return False  # the value needs a variable declared after ours
        if _calls(stmt) and memory:
            return False
        if _writes(stmt, reads):
            return False
    return True


def _suggestion(decl: Node, value: Node) -> str:
    head = node_text(decl).rstrip().rstrip(";").rstrip()
    text = " ".join(node_text(value).split())
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{head} = {text};"


DECLARATIONS = tree_sitter.Query(c_language(), "(compound_statement (declaration) @decl)")
IDENTIFIERS = tree_sitter.Query(c_language(), "(identifier) @id")


def _statement_in(node: Node, block: Node) -> Node | None:
    """The statement of `block` (a direct child) that holds `node`."""
    cur: Node | None = node
    while cur is not None and cur.parent != block:
        cur = cur.parent
    return cur


def _check_fragment(ctx: RuleContext, view: FileView, frag: Fragment, added: set[int],
                    moved: frozenset[str]) -> Iterator[Hit]:
    decls = tree_sitter.QueryCursor(DECLARATIONS).captures(frag.tree.root_node).get("decl", [])
    idents: dict[int, dict[str, list[Node]]] = {}  # per block: name -> identifier nodes
    for decl in sorted(decls, key=lambda n: n.start_byte):
        decl_line = frag.line_of(decl)
        if decl_line not in added:
            continue
        var = _variable(decl)
        block = decl.parent
        if var is None or block is None:
            continue
        name, ident = var
        if block.id not in idents:
            table: dict[str, list[Node]] = {}
            for n in tree_sitter.QueryCursor(IDENTIFIERS).captures(block).get("id", []):
                table.setdefault(node_text(n), []).append(n)
            idents[block.id] = table
        later = [n for n in idents[block.id].get(name, []) if n.start_byte > ident.end_byte]
        if not later:
            continue
        stmt = _statement_in(min(later, key=lambda n: n.start_byte), block)
        if stmt is None:
            continue
        value = _assignment(stmt, name)
        line = frag.line_of(stmt)
        if value is None or line not in added or _mentions(value, {name}):
            continue
        children = block.named_children
        between = children[children.index(decl) + 1:children.index(stmt)]
        if not _safe_to_move(value, between):
            continue
        if node_text(decl).strip() in moved and node_text(stmt).strip() in moved:
            continue  # code the patch moves, not code it writes
        yield ctx.hit(view, line,
                      f"`{name}` is declared without an initializer (line {decl_line}) "
                      f"and first set here: `{_suggestion(decl, value)}`",
                      variable=name, declared=decl_line)


def check(ctx: RuleContext) -> Iterator[Hit]:
    moved = ctx.removed_texts()
    for view in ctx.files:
        added = view.added_numbers
        for frag in view.fragments():
            yield from _check_fragment(ctx, view, frag, added, moved)
