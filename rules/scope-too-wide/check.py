"""scope-too-wide: a local declared at the top of a function and used only inside one
nested block (`if`, loop or `case` body, or a bare block), which could declare it instead.

Only for functions the post-image shows whole (from their first line to their closing brace,
in one hunk), so that every use is visible, and without parse errors. The variable must be
declared without initializer (an initializer would run at a different time, or not at all,
inside the block), not be static or an array, not have its address taken (a pointer to it
could outlive the block), and not be declared again elsewhere in the function. Its first use
must be a plain assignment directly in that block (`x = ...;`, or the first clause of a `for`
there), so no value can be carried into the block or from one loop iteration to the next.
"""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter
from tree_sitter import Node

from patchlint.engine.context import Hit, RuleContext
from patchlint.engine.source import FileView, Fragment, c_language
from patchlint.engine.syntax import node_text

SKIP_STORAGE = {"static", "extern", "register", "thread_local", "_Thread_local", "__thread"}
BLOCK_OWNERS = {
    "if_statement": "`if` block",
    "else_clause": "`else` block",
    "for_statement": "`for` loop",
    "while_statement": "`while` loop",
    "do_statement": "`do` loop",
    "case_statement": "`case` block",
}


FUNCTIONS = tree_sitter.Query(c_language(), "(function_definition) @fn")
IDENTIFIERS = tree_sitter.Query(c_language(), "(identifier) @id")
DECLARATIONS = tree_sitter.Query(c_language(), "[(declaration) (parameter_declaration)] @decl")
ERRORS = tree_sitter.Query(c_language(), "(ERROR) @error")


def _plain_variables(decl: Node) -> list[tuple[str, Node]]:
    """The variables a declaration declares without initializer (not static, not arrays)."""
    if decl.has_error:
        return []
    for child in decl.children:
        if child.type == "storage_class_specifier" and node_text(child) in SKIP_STORAGE:
            return []
        if child.type in ("attribute_specifier", "attribute_declaration", "ms_declspec_modifier"):
            return []
    out = []
    for node in decl.children_by_field_name("declarator"):
        while node.type == "pointer_declarator":
            inner = node.child_by_field_name("declarator")
            if inner is None:
                break
            node = inner
        if node.type == "identifier":
            out.append((node_text(node), node))
    return out


def _declares(node: Node, name: str) -> bool:
    """Does this declaration or parameter declare `name`?"""
    for d in node.children_by_field_name("declarator"):
        cur: Node | None = d
        while cur is not None and cur.type != "identifier":
            cur = cur.child_by_field_name("declarator")
        if cur is not None and node_text(cur) == name:
            return True
    return False


def _whole_function(fn: Node, frag: Fragment) -> Node | None:
    body = fn.child_by_field_name("body")
    if body is None or body.type != "compound_statement":
        return None
    first, last = fn.start_point.row, body.end_point.row
    rows = frag.rows
    if not (0 <= first < len(rows) and 0 <= last < len(rows)):
        return None
    if rows[first] is None or rows[last] is None:
        return None  # starts or ends outside the hunk
    if body.children[-1].type != "}" or body.children[-1].is_missing:
        return None
    if tree_sitter.QueryCursor(ERRORS).captures(body):
        return None
    return body


def _owner(block: Node) -> str:
    parent = block.parent
    if parent is None:
        return "block"
    if parent.type == "compound_statement":
        macro = _iterator(block.prev_named_sibling)
        if macro:
            return f"`{macro}` loop"
    return BLOCK_OWNERS.get(parent.type, "block")


def _iterator(stmt: Node | None) -> str | None:
    """The name of an iterator macro (`for_each_vcpu ( d, v )`, `list_for_each_entry(...)`)
    that `stmt` is: a call statement without its `;`, followed by the block it loops over."""
    if stmt is None or stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return None
    call = stmt.named_children[0]
    if call.type != "call_expression" or not any(c.is_missing for c in stmt.children):
        return None
    fn = call.child_by_field_name("function")
    return node_text(fn) if fn is not None and fn.type == "identifier" else None


def _first_use_is_assignment(use: Node, block: Node) -> bool:
    """Is `use` the left side of `x = ...` directly in `block` (as a statement or as the
    first clause of a `for` there)?"""
    parent = use.parent
    if parent is None or parent.type != "assignment_expression":
        return False
    if parent.child_by_field_name("left") != use:
        return False
    op = parent.child_by_field_name("operator")
    if op is None or op.type != "=":
        return False
    holder = parent.parent
    if holder is None:
        return False
    if holder.type == "expression_statement":
        return holder.parent == block
    if holder.type == "for_statement":
        return holder.child_by_field_name("initializer") == parent and holder.parent == block
    return False


def _candidates(body: Node) -> Iterator[tuple[Node, str, Node]]:
    for decl in body.named_children:
        if decl.type == "declaration":
            for name, ident in _plain_variables(decl):
                yield decl, name, ident


def _check_function(ctx: RuleContext, view: FileView, fn: Node, body: Node, frag: Fragment,
                    added: set[int], moved: frozenset[str]) -> Iterator[Hit]:
    candidates = [(decl, name, ident) for decl, name, ident in _candidates(body)
                  if frag.line_of(decl) in added]
    if not candidates:
        return
    names: dict[str, list[Node]] = {}
    for n in tree_sitter.QueryCursor(IDENTIFIERS).captures(fn).get("id", []):
        names.setdefault(node_text(n), []).append(n)
    declarations = tree_sitter.QueryCursor(DECLARATIONS).captures(fn).get("decl", [])
    narrow: dict[int, tuple[Node, list[tuple[int, str]]]] = {}  # block -> its variables
    for decl, name, ident in candidates:
        line = frag.line_of(decl)
        if any(d != decl and _declares(d, name) for d in declarations):
            continue  # declared again (or a parameter): uses may be another variable's
        uses = [n for n in names.get(name, []) if n != ident]
        if not uses:
            continue
        if any(u.parent is not None and u.parent.type == "pointer_expression"
               and any(c.type == "&" for c in u.parent.children) for u in uses):
            continue  # its address may outlive a narrower scope
        block = _common_block(uses, body)
        if block is None or block == body or line is None:
            continue
        first = min(uses, key=lambda u: u.start_byte)
        if not _first_use_is_assignment(first, block):
            continue
        if node_text(decl).strip() in moved and (
                frag.source.split(b"\n")[first.start_point.row].decode(
                    "utf-8", "replace").strip() in moved):
            continue  # code the patch moves, not code it writes
        narrow.setdefault(block.id, (block, []))[1].append((line, name))
    for block, variables in narrow.values():
        variables.sort()
        line = variables[0][0]
        names_ = [f"`{name}`" for _, name in variables]
        listed = names_[0] if len(names_) == 1 else (
            ", ".join(names_[:-1]) + " and " + names_[-1])
        verb = "is" if len(names_) == 1 else "are"
        block_line = frag.line_of(block)
        yield ctx.hit(view, line,
                      f"{listed} {verb} only used inside the {_owner(block)} at line "
                      f"{block_line}: declare {'it' if len(names_) == 1 else 'them'} there",
                      variables=[name for _, name in variables], block=block_line)


def _common_block(uses: list[Node], body: Node) -> Node | None:
    """The innermost compound statement of the function that contains every use."""
    chains = []
    for use in uses:
        chain = []
        node: Node | None = use.parent
        while node is not None and node != body:
            if node.type == "compound_statement":
                chain.append(node)
            node = node.parent
        if node is None:
            return None
        chain.append(body)
        chains.append(list(reversed(chain)))
    common: Node | None = None
    for level in zip(*chains, strict=False):
        if all(b == level[0] for b in level):
            common = level[0]
        else:
            break
    return common


def check(ctx: RuleContext) -> Iterator[Hit]:
    moved = ctx.removed_texts()
    for view in ctx.files:
        added = view.added_numbers
        for frag in view.fragments():
            functions = tree_sitter.QueryCursor(FUNCTIONS).captures(frag.tree.root_node)
            for fn in functions.get("fn", []):
                body = _whole_function(fn, frag)
                if body is not None:
                    yield from _check_function(ctx, view, fn, body, frag, added, moved)
