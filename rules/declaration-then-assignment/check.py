"""declaration-then-assignment: `T x;` followed, in the same block, by `x = value;` as the
first statement that mentions `x`, where `T x = value;` would mean the same.

Reported at the assignment, only when the declaration and the assignment are both added.
Declarations and comments may stand between them; a plain read through pointers may also move
over a few statements and the lines between two hunks of one function (`function_fragments`)
unless they assign, store through, test or lock what it reads (see `_safe_to_move`).

The value may not call a function (all-capitals macros such as `ARRAY_SIZE(a)` aside): both
Linux and Xen keep `ret = f(); if ( ret )` and an allocation with its check together. (In 1000
recent committed xen/ patches, 22 of the 24 declarations first set by an assignment took a
function's result, none of them changed in review.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from patchlint import lazyre
from patchlint.c.declarators import (
    declared_names,
    identifiers_by_name,
    spelled_as_macro,
    uninitialised_variables,
)
from patchlint.c.fragments import GAP, FileView, Fragment
from patchlint.c.language import captures
from patchlint.c.syntax import node_text, walk
from patchlint.engine.context import Hit, RuleContext

SIDE_EFFECTS = ("assignment_expression", "update_expression", "comma_expression")
DECLARATIONS = "(compound_statement (declaration) @decl)"


def _variable(decl: Node) -> tuple[str, Node] | None:
    """The one variable a declaration without initializer declares (not static, not an
    array, not initialised, not a function pointer), with its identifier node."""
    if len(decl.children_by_field_name("declarator")) != 1:
        return None
    found = uninitialised_variables(decl)
    return found[0] if found else None


def _mentions(node: Node, names: set[str]) -> bool:
    return any(n.type == "identifier" and node_text(n) in names for n in walk(node))


def _calls(node: Node, macros_too: bool = False) -> bool:
    for n in walk(node):
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if (
                macros_too
                or fn is None
                or fn.type != "identifier"
                or not spelled_as_macro(node_text(fn))
            ):
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
        if (
            parent is not None
            and parent.type == "call_expression"
            and (parent.child_by_field_name("function") == n)
        ):
            continue
        out.add(node_text(n))
    return out


def _writes(stmt: Node, names: set[str], calls_write: bool = True) -> bool:
    """Might `stmt` change one of `names`: assign it, increment it, take its address, or
    pass it to a macro that may assign it (with `calls_write`, to any function or macro)?"""
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
            call = parent.parent
            fn = call.child_by_field_name("function") if call is not None else None
            if calls_write or fn is None or spelled_as_macro(node_text(fn)):
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


def _safe_to_move(value: Node, between: list[Node], hidden_ok: bool) -> bool:
    """Can `value` move up into the declaration over the statements `between`?

    Any value may move over comments and declarations that neither declare nor change what
    it reads, nor call a function while it reads memory. A value that only reads a variable
    or a field through pointers (`d->arch.ioreq_server`) may also move over up to three
    statements and over lines the diff does not show (`hidden_ok`), as reviewers ask for it:
    unless one of them assigns what it reads or stores through it, takes its address, tests
    any part of its path (a NULL check the read must stay behind), takes or drops a lock or
    a barrier (the read is ordered after it), or jumps (loops, gotos, labels, returns)."""
    if any(n.type in SIDE_EFFECTS for n in walk(value)):
        return False
    if _calls(value):
        return False
    reads = _reads(value)
    memory = _dereferences(value)
    path_read = _is_access_path(value)
    paths = _path_prefixes(value)
    checked = _checked(value)
    statements = 0
    for stmt in between:
        hidden = any(n.type == "comment" and node_text(n) == GAP for n in walk(stmt))
        if hidden and not (path_read and hidden_ok):
            return False
        if stmt.type == "comment":
            continue
        if stmt.type == "declaration" and not stmt.has_error:
            if declared_names(stmt) & reads:
                return False  # the value needs a variable declared after ours
            if _calls(stmt) and memory and not path_read:
                return False
            if _writes(stmt, reads, calls_write=not path_read) or _orders(stmt):
                return False
            continue
        statements += 1
        if not path_read or stmt.type not in MOVABLE_OVER or stmt.has_error:
            return False
        if statements > MAX_STATEMENTS_OVER:
            return False  # far apart: the author's placement is a choice, not an oversight
        if _writes(stmt, reads, calls_write=False) or _orders(stmt) or _jumps(stmt):
            return False
        if _tests(stmt, paths) or _guards(stmt, checked) or _stores_through(stmt, reads):
            return False
    return True


MAX_STATEMENTS_OVER = 3


def _stores_through(stmt: Node, roots: set[str]) -> bool:
    """Does `stmt` store through one of `roots` (`p->f = x`, `p->n++`, `*p = x`)? The read
    may be of the memory it changes."""
    for n in walk(stmt):
        if n.type == "assignment_expression":
            target = n.child_by_field_name("left")
        elif n.type == "update_expression":
            target = n.child_by_field_name("argument")
        else:
            continue
        while target is not None and target.type in (
            "field_expression",
            "subscript_expression",
            "pointer_expression",
            "parenthesized_expression",
        ):
            if target.type == "parenthesized_expression":
                target = target.named_children[0] if target.named_child_count else None
            else:
                target = target.child_by_field_name("argument")
        if target is not None and node_text(target) in roots:
            return True
    return False


MOVABLE_OVER = ("expression_statement", "if_statement")
_ORDERING = lazyre.compile(
    r"(?:^|_)(?:lock|unlock|locked|trylock|rcu|barrier|mb|rmb|wmb|fence|"
    r"acquire|release|irqsave|irqrestore|preempt|synchronize|down|up)"
    r"(?:$|_)",
    re.I,
)
_CHECKS = frozenset(
    {
        "IS_ERR",
        "IS_ERR_OR_NULL",
        "PTR_ERR_OR_ZERO",
        "ASSERT",
        "BUG_ON",
        "WARN_ON",
        "WARN_ON_ONCE",
        "likely",
        "unlikely",
    }
)


def _is_access_path(node: Node) -> bool:
    """`x`, `p->f.g`, `&p->f`, `p[i]`: a read of a variable or through pointers, nothing
    computed."""
    if node.type in ("identifier", "field_identifier"):
        return True
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return _is_access_path(node.named_children[0])
    if node.type == "field_expression":
        arg = node.child_by_field_name("argument")
        return arg is not None and _is_access_path(arg)
    if node.type == "pointer_expression":
        arg = node.child_by_field_name("argument")
        return arg is not None and _is_access_path(arg)
    if node.type == "subscript_expression":
        arg, index = node.child_by_field_name("argument"), node.child_by_field_name("index")
        return (
            arg is not None
            and index is not None
            and _is_access_path(arg)
            and index.type in ("identifier", "number_literal")
        )
    return False


def _squash(node: Node) -> str:
    return "".join(node_text(node).split())


def _path_prefixes(value: Node) -> set[str]:
    """`d`, `d->arch`, `d->arch.hvm` for `d->arch.hvm`: what a check in between may test."""
    out: set[str] = set()
    node: Node | None = value
    while node is not None:
        if node.type in ("identifier", "field_expression", "subscript_expression"):
            out.add(_squash(node))
        node = node.child_by_field_name("argument")
    return out


def _orders(stmt: Node) -> bool:
    """Does `stmt` take a lock, a barrier or an RCU read section the read is ordered by?"""
    for n in walk(stmt):
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if fn is not None and _ORDERING.search(node_text(fn)):
                return True
    return False


_LEAVES = frozenset(
    {
        "for_statement",
        "while_statement",
        "do_statement",
        "goto_statement",
        "labeled_statement",
        "switch_statement",
        "return_statement",
        "break_statement",
        "continue_statement",
    }
)


def _jumps(stmt: Node) -> bool:
    """Does `stmt` loop, or leave the function or the block, anywhere inside it (a `return`
    under an `if` included)? The value must not be read before that decision."""
    return any(n.type in _LEAVES for n in walk(stmt))


def _checked(value: Node) -> set[str]:
    """What a check before the value could be about: the variables it reads other than the
    pointers and arrays it reads through (an index, an operand: `i` in `&p->ctx[i]`, `n`
    in `n * 2`). Checks of the pointers themselves are `_tests`'s."""
    through = set()
    for n in walk(value):
        if n.type in ("field_expression", "subscript_expression", "pointer_expression"):
            arg = n.child_by_field_name("argument")
            if arg is not None and arg.type == "identifier":
                through.add(node_text(arg))
    return _reads(value) - through


def _guards(stmt: Node, reads: set[str]) -> bool:
    """Does `stmt` decide something from what the value reads (`reads`: see `_checked`):
    an `if` (or `?:`, loop) whose condition reads one (`if ( idx >= n )` before
    `x = a[idx]`), or a check macro given one (`BUG_ON(idx >= n)`)?"""
    if not reads:
        return False
    for n in walk(stmt):
        if n.type in ("if_statement", "conditional_expression", "while_statement"):
            condition = n.child_by_field_name("condition")
            if condition is not None and _reads(condition) & reads:
                return True
        elif n.type == "call_expression":
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            if (
                fn is not None
                and node_text(fn) in _CHECKS
                and args is not None
                and (_reads(args) & reads)
            ):
                return True
    return False


def _tests(stmt: Node, paths: set[str]) -> bool:
    """Does `stmt` test part of the value's path for truth (`!p`, `p == NULL`, `if ( p )`,
    `IS_ERR(p)`, `BUG_ON(!p->f)`)? Reading through it before the test could fault."""
    for n in walk(stmt):
        if _squash(n) not in paths or n.type not in (
            "identifier",
            "field_expression",
            "subscript_expression",
        ):
            continue
        parent = n.parent
        if parent is None:
            continue
        if parent.type == "unary_expression" and node_text(parent).lstrip().startswith("!"):
            return True
        if parent.type == "binary_expression" and any(
            c.type in ("==", "!=", "&&", "||") for c in parent.children
        ):
            return True
        if parent.type in ("parenthesized_expression", "condition_clause") and (
            parent.parent is not None
            and parent.parent.type in ("if_statement", "while_statement", "conditional_expression")
        ):
            return True
        if parent.type == "argument_list" and parent.parent is not None:
            fn = parent.parent.child_by_field_name("function")
            if fn is not None and node_text(fn) in _CHECKS:
                return True
    return False


def _indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def _same_level(frag: Fragment, decl: Node, stmt: Node) -> bool:
    """Across lines the diff does not show, braces may open or close unseen, so the parse
    cannot be trusted for nesting: the indentation must agree that the assignment is at the
    declaration's level, and no line between may be less indented (a block closed)."""
    lines = frag.source.decode("utf-8", "replace").split("\n")
    first, last = decl.start_point.row, stmt.start_point.row
    level = _indent(lines[first])
    if _indent(lines[last]) != level:
        return False
    return all(
        _indent(text) >= level for text in lines[first + 1 : last] if text.strip() and text != GAP
    )


def _suggestion(decl: Node, value: Node) -> str:
    head = node_text(decl).rstrip().rstrip(";").rstrip()
    text = " ".join(node_text(value).split())
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{head} = {text};"


def _statement_in(node: Node, block: Node) -> Node | None:
    """The statement of `block` (a direct child) that holds `node`."""
    cur: Node | None = node
    while cur is not None and cur.parent != block:
        cur = cur.parent
    return cur


def _check_fragment(
    ctx: RuleContext,
    view: FileView,
    frag: Fragment,
    added: set[int],
    moved: frozenset[str],
    removed_names: frozenset[str],
) -> Iterator[Hit]:
    decls = captures(DECLARATIONS, frag.tree.root_node).get("decl", [])
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
            idents[block.id] = identifiers_by_name(block)
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
        between = children[children.index(decl) + 1 : children.index(stmt)]
        hidden_ok = name not in removed_names and _same_level(frag, decl, stmt)
        if not _safe_to_move(value, between, hidden_ok=hidden_ok):
            continue
        if node_text(decl).strip() in moved and node_text(stmt).strip() in moved:
            continue  # code the patch moves, not code it writes
        yield ctx.hit(
            view,
            line,
            f"`{name}` is declared without an initializer (line {decl_line}) "
            f"and first set here: `{_suggestion(decl, value)}`",
            variable=name,
            declared=decl_line,
        )


def check(ctx: RuleContext) -> Iterator[Hit]:
    moved = ctx.removed_texts()
    for view in ctx.files:
        added = view.added_numbers
        # a name the patch removes lines with may be used in the lines a diff does not show
        removed_names = frozenset(
            word
            for hunk in view.hunks
            for _, text in hunk.removed
            for word in re.findall(r"[A-Za-z_]\w*", text)
        )
        for frag in view.function_fragments():
            yield from _check_fragment(ctx, view, frag, added, moved, removed_names)
