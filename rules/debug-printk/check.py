"""debug-printk: a `printk("...")` without a XENLOG_ level added to hypervisor code (the
rule's query.scm finds them), unless the output is deliberate:

- it is printed only when a verbosity or debug setting asks for it: under an `if` whose
  condition reads a `verbose`/`verbosity`/`debug` flag (`opt_verbose`, `iommu_verbose`,
  `apic_verbosity`, `debug`, `opt_debug`, `d->debug`);
- it is boot-time code (`__init`, `__hwdom_init`) printing under a command-line option
  (`if ( opt_cpu_info )`): the administrator asked for it, and no guest can reach it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from patchlint import lazyre
from patchlint.c.syntax import node_text, walk
from patchlint.engine.context import Hit, RuleContext

VERBOSE = lazyre.compile(r"(?:^|_)(?:verbose|verbosity|debug|dbg)(?:$|_)", re.I)
OPTION = lazyre.compile(r"^opt_\w+$")
INIT = lazyre.compile(r"\b__(?:init|hwdom_init|initcall)\b")
_NAMES = frozenset({"identifier", "field_identifier"})


def check(ctx: RuleContext) -> Iterator[Hit]:
    assert ctx.rule.query is not None
    for view, frag, captures in ctx.query(ctx.rule.query):
        for hit in captures.get("hit", []):
            if not _deliberate(hit, frag.source):
                yield ctx.hit(view, frag.line_of(hit))


def _deliberate(node: Node, source: bytes) -> bool:
    """Is the call under a verbosity/debug condition, or boot-time code under an option?"""
    options = False
    current: Node | None = node
    while current is not None:
        parent = current.parent
        if (
            parent is not None
            and parent.type == "if_statement"
            and (parent.child_by_field_name("consequence") == current)
        ):
            names = _names(parent.child_by_field_name("condition"))
            if any(VERBOSE.search(n) for n in names):
                return True
            options = options or any(OPTION.match(n) for n in names)
        if parent is not None and parent.type == "function_definition":
            body = parent.child_by_field_name("body")
            head = source[parent.start_byte : body.start_byte if body else parent.end_byte]
            return options and bool(INIT.search(head.decode("utf-8", "replace")))
        current = parent
    return False


def _names(condition: Node | None) -> list[str]:
    if condition is None:
        return []
    return [node_text(n) for n in walk(condition) if n.type in _NAMES]
