"""open-coded-allocation-size: an allocation whose size is computed in its argument,
`kmalloc(count * size, ...)` or `kzalloc(sizeof(*p) + n * sizeof(*p->item), ...)`, which
can overflow and allocate too little (Documentation/process/deprecated.rst, "open-coded
arithmetic in allocator arguments").

Reported when the size argument multiplies by a value known only at run time; a product of
constants (literals, sizeof, all-capitals macros and enum constants) is checked by the
compiler and left alone, and so are sizes built with the overflow-checking helpers
(array_size(), struct_size(), size_mul()...), userspace, and lines moved unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from patchlint.analysis.profile import linux_userspace
from patchlint.c.calls import call_args, is_constant
from patchlint.engine.context import Hit, RuleContext

# allocator: (index of the size argument, what to use for count * size)
ALLOCATORS = {
    "kmalloc": (0, "kmalloc_array()"),
    "kzalloc": (0, "kcalloc()"),
    "kmalloc_node": (0, "kmalloc_array_node()"),
    "kzalloc_node": (0, "kcalloc_node()"),
    "kvmalloc": (0, "kvmalloc_array()"),
    "kvzalloc": (0, "kvcalloc()"),
    "kvmalloc_node": (0, "kvmalloc_array_node()"),
    "vmalloc": (0, "array_size()"),
    "vzalloc": (0, "array_size()"),
    "devm_kmalloc": (1, "devm_kmalloc_array()"),
    "devm_kzalloc": (1, "devm_kcalloc()"),
    "krealloc": (1, "krealloc_array()"),
}


def _bare(node: Node) -> Node:
    while node.type in ("parenthesized_expression", "cast_expression"):
        inner = (
            node.child_by_field_name("value")
            if node.type == "cast_expression"
            else next((c for c in node.named_children if c.type != "comment"), None)
        )
        if inner is None:
            break
        node = inner
    return node


def _operator(node: Node) -> str:
    op = node.child_by_field_name("operator")
    return op.type if op is not None else ""


def _runtime_product(node: Node) -> bool:
    node = _bare(node)
    return node.type == "binary_expression" and _operator(node) == "*" and not is_constant(node)


def _shape(size: Node) -> str | None:
    """'array' for count * size, 'struct' for header + count * size, else None."""
    size = _bare(size)
    if _runtime_product(size):
        return "array"
    if size.type == "binary_expression" and _operator(size) == "+":
        terms = [size]
        while terms:
            term = _bare(terms.pop())
            if term.type == "binary_expression" and _operator(term) == "+":
                terms += [
                    c
                    for c in (term.child_by_field_name("left"), term.child_by_field_name("right"))
                    if c is not None
                ]
            elif _runtime_product(term):
                return "struct"
    return None


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if linux_userspace(view.path, ctx.patch.subject.prefixes):
            continue
        for frag in view.fragments():
            for call, name in frag.index.calls(frozenset(ALLOCATORS)):
                index, array_form = ALLOCATORS[name]
                args = call_args(call)
                shape = _shape(args[index]) if len(args) > index else None
                line = frag.line_of(call)
                if shape is None or line is None or not ctx.is_new(view, line, name):
                    continue
                instead = array_form if shape == "array" else "struct_size()"
                yield ctx.hit(
                    view,
                    line,
                    f"the size of this {name}() is multiplied in its "
                    f"argument, where an overflow allocates too little: use "
                    f"{instead}",
                    function=name,
                )
