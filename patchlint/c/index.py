"""One pass over a fragment's tree for every C rule: the nodes rules look for, by type.

Each rule used to walk every node of every fragment in Python for the few node types it
reads (calls, identifiers, string literals, `if`s, struct bodies...): a dozen walks of the
same tree per patch. The index runs one tree-sitter query (one pattern per node type, in C)
the first time a rule asks, and hands each rule the nodes of the types it wants, in the
order a walk meets them (source order, outermost first where two start together), so a rule
reads the same nodes in the same order as its own walk did.

Calls are also filed by the name of the function they call, and a rule asking for calls of
names the fragment's text does not contain gets none without the query being run at all (nor
the parse: the index holds the fragment's tree and parses on first need).

Indexes are remembered by the fragment's text (`indexed`): a series posts the same hunks in
each revision (and a resend posts them again; 41% of the slice's parses were repeats), and
parsing and the query pass are most of what the C rules cost. Trees and their nodes are only
read, never edited, so fragments can share them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import tree_sitter
from tree_sitter import Node

from patchlint.c.calls import call_name
from patchlint.c.language import c_parser, captures

# the node types rules ask the index for, in two queries (one pattern per type): the
# statements and declarations nearly every fragment is asked about (ops-prototype-mismatch
# reads its table uses on every one), and the names, asked about far less often (and more
# numerous than everything else together)
STRUCTURE: tuple[str, ...] = (
    "assignment_expression",
    "call_expression",
    "comment",
    "declaration",
    "field_declaration",
    "field_declaration_list",
    "function_definition",
    "if_statement",
    "initializer_pair",
    "parameter_declaration",
    "string_literal",
)
NAMES: tuple[str, ...] = (
    "field_identifier",
    "identifier",
    "statement_identifier",
    "type_identifier",
)
TYPES = STRUCTURE + NAMES
_QUERIES = {group: "\n".join(f"({kind}) @{kind}" for kind in group) for group in (STRUCTURE, NAMES)}


def _walk_order(node: Node) -> tuple[int, int]:
    return node.start_byte, -node.end_byte


class FragmentIndex:
    """The nodes of one fragment's tree by type (see the module docstring)."""

    __slots__ = ("_by_type", "_calls", "_source", "_tree")

    def __init__(self, source: bytes) -> None:
        self._source = source
        self._tree: tree_sitter.Tree | None = None  # parsed when a rule first needs it
        self._by_type: dict[str, list[Node]] = {}
        self._calls: dict[str, list[Node]] | None = None

    @property
    def tree(self) -> tree_sitter.Tree:
        """The fragment's tree (the nodes of `nodes` and `calls` are of this tree)."""
        if self._tree is None:
            self._tree = c_parser().parse(self._source)
        return self._tree

    def nodes(self, *kinds: str) -> list[Node]:
        """Every node of the given types, in walk order (shared: read it, never change it)."""
        for kind in kinds:
            if kind not in self._by_type:
                self._read(STRUCTURE if kind in STRUCTURE else NAMES, kind)
        if len(kinds) == 1:
            return self._by_type[kinds[0]]
        merged = [n for kind in kinds for n in self._by_type[kind]]
        return sorted(merged, key=_walk_order)

    def _read(self, group: tuple[str, ...], kind: str) -> None:
        if kind not in TYPES:
            raise ValueError(f"the fragment index does not file {kind!r} nodes")
        found = captures(_QUERIES[group], self.tree.root_node)
        for each in group:
            self._by_type[each] = sorted(found.get(each, []), key=_walk_order)

    def mentions(self, names: Iterable[str]) -> bool:
        """Is any of `names` written in the fragment's text (a cheap test before the tree)?"""
        return any(name.encode() in self._source for name in names)

    def calls(self, names: Iterable[str]) -> list[tuple[Node, str]]:
        """Every call of a function in `names` (by its name, `f(x)`), with the name, in
        walk order."""
        wanted = [n for n in names if n.encode() in self._source]
        if not wanted:
            return []
        if self._calls is None:
            self._calls = {}
            for call in self.nodes("call_expression"):
                self._calls.setdefault(call_name(call), []).append(call)
        found = [(call, name) for name in wanted for call in self._calls.get(name, [])]
        if len(wanted) > 1:
            found.sort(key=lambda pair: _walk_order(pair[0]))
        return found


@lru_cache(maxsize=1024)
def indexed(source: bytes) -> FragmentIndex:
    """The index (and tree) of a fragment's source, remembered by the text (see the module
    docstring)."""
    return FragmentIndex(source)
