"""inline-in-c-file: a function defined `inline` in a .c file of networking code.

The compiler inlines a static function of a .c file on its own when that pays off, and
knows better than the author. netdev makes it a rule (Documentation/process/
maintainer-netdev.rst, "Inline functions": "strongly discouraged unless there is a
demonstrable reason"), so the rule reads net/ and drivers/net/; elsewhere it is one
reviewer's taste and another's not (coding-style.rst only warns of "the inline disease"
for large functions). Headers keep `static inline` (a function defined in a
header needs it); `__always_inline`, which forces the compiler, is left alone, and so is a
definition whose `inline` the patch kept from the line it changed.
"""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.c.declarators import function_name
from patchlint.c.syntax import node_text
from patchlint.engine.context import Hit, RuleContext

INLINE = ("inline", "__inline", "__inline__")
# netdev's documented rule (Documentation/process/maintainer-netdev.rst, "Inline functions")
NETDEV = ("net/", "drivers/net/")


def check(ctx: RuleContext) -> Iterator[Hit]:
    for view in ctx.files:
        if not view.path.endswith(".c") or not view.path.startswith(NETDEV):
            continue
        for frag in view.fragments():
            for node in frag.index.nodes("function_definition"):
                spec = next(
                    (
                        c
                        for c in node.children
                        if c.type == "storage_class_specifier" and node_text(c) in INLINE
                    ),
                    None,
                )
                line = frag.line_of(spec) if spec is not None else None
                if line is None or not ctx.is_new(view, line, "inline"):
                    continue
                name = function_name(node) or "this function"
                yield ctx.hit(
                    view,
                    line,
                    f"`inline` on {name}() in a .c file: let the "
                    "compiler decide (drop `inline`, keep `static`)",
                    function=function_name(node) or "",
                )
