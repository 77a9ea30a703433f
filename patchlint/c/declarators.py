"""Reading C declarations: which function a definition or declaration declares, which
variable a declarator names, which variables a declaration introduces without a value.

tree-sitter-c nests declarators the way C reads them: `char *name(void)` is a
pointer_declarator around a function_declarator around the identifier, and `int x = 1` an
init_declarator around the identifier; each layer keeps the next in its `declarator` field.
"""

from __future__ import annotations

from tree_sitter import Node

from patchlint.c.language import captures
from patchlint.c.syntax import node_text

# Storage classes a variable that could be moved or initialised in place does not have:
# its lifetime or linkage is not a plain local's.
NOT_AUTOMATIC = frozenset(
    {"static", "extern", "register", "thread_local", "_Thread_local", "__thread"}
)
_ATTRIBUTES = ("attribute_specifier", "attribute_declaration", "ms_declspec_modifier")
IDENTIFIERS = "(identifier) @id"


def function_declarator(node: Node) -> Node | None:
    """The function_declarator of a function definition or declaration, below the pointer
    layers of its return type (`char *name(void)`); None when `node` declares no
    function."""
    decl = node.child_by_field_name("declarator")
    while decl is not None and decl.type != "function_declarator":
        decl = decl.child_by_field_name("declarator")
    return decl


def function_name_node(node: Node) -> Node | None:
    """What a function definition or declaration names (usually an identifier; a macro
    or a parenthesised declarator otherwise)."""
    decl = function_declarator(node)
    return decl.child_by_field_name("declarator") if decl is not None else None


def function_name(node: Node) -> str | None:
    """The name of the function a definition or declaration declares, when it is a plain
    identifier."""
    name = function_name_node(node)
    return node_text(name) if name is not None and name.type == "identifier" else None


def declared_identifier(declarator: Node | None) -> Node | None:
    """The identifier a (pointer, array, init, function...) declarator declares."""
    while declarator is not None and declarator.type != "identifier":
        declarator = declarator.child_by_field_name("declarator")
    return declarator


def declared_name(declarator: Node | None) -> str:
    """The name a declarator declares ('' when it names none)."""
    return node_text(declared_identifier(declarator))


def declared_names(declaration: Node) -> set[str]:
    """Every name a declaration (or parameter declaration) declares."""
    names = (declared_identifier(d) for d in declaration.children_by_field_name("declarator"))
    return {node_text(n) for n in names if n is not None}


def automatic(declaration: Node) -> bool:
    """No storage class but `auto` and no attributes: a plain local variable's declaration."""
    for child in declaration.children:
        if child.type == "storage_class_specifier" and node_text(child) in NOT_AUTOMATIC:
            return False
        if child.type in _ATTRIBUTES:
            return False
    return True


def uninitialised_variables(declaration: Node) -> list[tuple[str, Node]]:
    """The plain variables (scalars and pointers, not arrays or function pointers) an
    automatic declaration declares without an initializer, with their identifiers."""
    if declaration.has_error or not automatic(declaration):
        return []
    out = []
    for node in declaration.children_by_field_name("declarator"):
        while node.type == "pointer_declarator":
            inner = node.child_by_field_name("declarator")
            if inner is None:
                break
            node = inner
        if node.type == "identifier":
            out.append((node_text(node), node))
    return out


def identifiers_by_name(node: Node) -> dict[str, list[Node]]:
    """Every identifier under `node`, by name, each list in source order."""
    table: dict[str, list[Node]] = {}
    found = captures(IDENTIFIERS, node).get("id", [])
    for ident in sorted(found, key=lambda n: n.start_byte):  # captures come in match order
        table.setdefault(node_text(ident), []).append(ident)
    return table


def spelled_as_macro(name: str) -> bool:
    """All capitals (digits and `_` aside), as C spells macros and constants by convention:
    `ARRAY_SIZE`, `NETIF_F_SG`."""
    return name.isupper()
