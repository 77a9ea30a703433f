"""The per-fragment index the C rules share: the nodes a walk would meet, by type and in the
walk's order, calls by name, and one index (and tree) per fragment text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patchlint.c.fragments import Fragment
from patchlint.c.index import TYPES, FragmentIndex, indexed
from patchlint.c.syntax import node_text, walk

SOURCE = b"""\
/* a comment */
static const struct net_device_ops ops = {
\t.ndo_open = foo_open,
\t.ndo_stop = &foo_stop,
};
struct s { int n; char tail[1]; };
static int f(struct s *p, int (*cb)(int))
{
\tif (p)
\t\tkfree(p);
\tp->n = g(h(1), "x %px", 'c');
\tBUG_ON(k(l(2))(3));
\tlabel: return cb(strcpy(a, "b" "c"));
\tint x = ;  // broken on purpose: an ERROR node
}
"""


def _walked(source: bytes, kind: str) -> list[tuple[int, int, str]]:
    root = FragmentIndex(source).tree.root_node
    return [(n.start_byte, n.end_byte, node_text(n)) for n in walk(root) if n.type == kind]


@pytest.mark.parametrize("kind", TYPES)
def test_nodes_are_what_a_walk_meets_in_its_order(kind: str) -> None:
    index = FragmentIndex(SOURCE)
    got = [(n.start_byte, n.end_byte, node_text(n)) for n in index.nodes(kind)]
    assert got == _walked(SOURCE, kind)


def test_several_types_merge_in_walk_order() -> None:
    index = FragmentIndex(SOURCE)
    kinds = ("declaration", "parameter_declaration", "field_declaration")
    root = index.tree.root_node
    expected = [n.start_byte for n in walk(root) if n.type in kinds]
    assert [n.start_byte for n in index.nodes(*kinds)] == expected
    assert len(expected) >= 5


def test_calls_by_name_in_walk_order_outer_first() -> None:
    index = FragmentIndex(SOURCE)
    found = [(name, node_text(call)) for call, name in index.calls({"l", "k", "kfree", "h"})]
    assert found == [("kfree", "kfree(p)"), ("h", "h(1)"), ("k", "k(l(2))"), ("l", "l(2)")]
    assert index.calls({"BUG_ON"})[0][1] == "BUG_ON"
    assert index.calls({"nowhere"}) == []


def test_a_name_the_text_lacks_costs_no_parse() -> None:
    index = FragmentIndex(SOURCE)
    assert index.calls({"trace_printk"}) == []
    assert not index.mentions(["LINUX_VERSION_CODE"])
    assert index._tree is None
    assert index.mentions(["px"])


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ValueError, match="does not file 'goto_statement'"):
        FragmentIndex(SOURCE).nodes("goto_statement")


def test_fragments_of_the_same_text_share_one_index_and_tree() -> None:
    a, b = Fragment(SOURCE, [None]), Fragment(bytes(SOURCE), [None])
    assert a.index is b.index is indexed(SOURCE)
    assert a.tree is b.tree
    node = a.index.nodes("call_expression")[0]  # a node of the very tree rules walk up
    while node.parent is not None:
        node = node.parent
    assert node == b.tree.root_node


_C_BITS = st.sampled_from(
    [
        "f(x);",
        "a = b(c(d));",
        "if (p) kfree(p);",
        "/* c */",
        '"s %px"',
        "struct t { int a[0]; };",
        "int g(int y) { return y; }",
        "x->y = &z;",
        "{",
        "}",
        "(",
        ")",
        ";",
        "L: goto L;",
        "#define M(x) (x)",
        "\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_C_BITS, max_size=12))
def test_any_text_even_broken_gives_what_a_walk_meets(bits: list[str]) -> None:
    source = " ".join(bits).encode()
    index = FragmentIndex(source)
    for kind in TYPES:
        got = [(n.start_byte, n.end_byte, node_text(n)) for n in index.nodes(kind)]
        assert got == _walked(source, kind), kind
