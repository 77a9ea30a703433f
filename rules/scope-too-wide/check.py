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

from tree_sitter import Node

from patchlint.c.declarators import declared_names, identifiers_by_name, uninitialised_variables
from patchlint.c.fragments import FileView, Fragment
from patchlint.c.language import captures
from patchlint.c.syntax import node_text
from patchlint.engine.context import Hit, RuleContext

BLOCK_OWNERS = {
    "if_statement": "`if` block",
    "else_clause": "`else` block",
    "for_statement": "`for` loop",
    "while_statement": "`while` loop",
    "do_statement": "`do` loop",
    "case_statement": "`case` block",
}


FUNCTIONS = "(function_definition) @fn"
DECLARATIONS = "[(declaration) (parameter_declaration)] @decl"
ERRORS = "(ERROR) @error"


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
    if captures(ERRORS, body):
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
            for name, ident in uninitialised_variables(decl):
                yield decl, name, ident


def _check_function(
    ctx: RuleContext,
    view: FileView,
    fn: Node,
    body: Node,
    frag: Fragment,
    added: set[int],
    moved: frozenset[str],
) -> Iterator[Hit]:
    candidates = [
        (decl, name, ident)
        for decl, name, ident in _candidates(body)
        if frag.line_of(decl) in added
    ]
    if not candidates:
        return
    names = identifiers_by_name(fn)
    declarations = captures(DECLARATIONS, fn).get("decl", [])
    narrow: dict[int, tuple[Node, list[tuple[int, str]]]] = {}  # block -> its variables
    for decl, name, ident in candidates:
        line = frag.line_of(decl)
        if any(d != decl and name in declared_names(d) for d in declarations):
            continue  # declared again (or a parameter): uses may be another variable's
        uses = [n for n in names.get(name, []) if n != ident]
        if not uses:
            continue
        if any(
            u.parent is not None
            and u.parent.type == "pointer_expression"
            and any(c.type == "&" for c in u.parent.children)
            for u in uses
        ):
            continue  # its address may outlive a narrower scope
        block = _common_block(uses, body)
        if block is None or block == body or line is None:
            continue
        first = min(uses, key=lambda u: u.start_byte)
        if not _first_use_is_assignment(first, block):
            continue
        if node_text(decl).strip() in moved and (
            frag.source.split(b"\n")[first.start_point.row].decode("utf-8", "replace").strip()
            in moved
        ):
            continue  # code the patch moves, not code it writes
        narrow.setdefault(block.id, (block, []))[1].append((line, name))
    for block, variables in narrow.values():
        variables.sort()
        line = variables[0][0]
        names_ = [f"`{name}`" for _, name in variables]
        listed = names_[0] if len(names_) == 1 else (", ".join(names_[:-1]) + " and " + names_[-1])
        verb = "is" if len(names_) == 1 else "are"
        block_line = frag.line_of(block)
        yield ctx.hit(
            view,
            line,
            f"{listed} {verb} only used inside the {_owner(block)} at line "
            f"{block_line}: declare {'it' if len(names_) == 1 else 'them'} there",
            variables=[name for _, name in variables],
            block=block_line,
        )


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
            functions = captures(FUNCTIONS, frag.tree.root_node)
            for fn in functions.get("fn", []):
                body = _whole_function(fn, frag)
                if body is not None:
                    yield from _check_function(ctx, view, fn, body, frag, added, moved)
