"""The declarator, function-name, declared-name and macro-spelling helpers the C rules
share."""

from __future__ import annotations

import pytest
from tree_sitter import Node

from patchlint.c.declarators import (
    automatic,
    declared_name,
    declared_names,
    function_name,
    function_name_node,
    identifiers_by_name,
    spelled_as_macro,
    uninitialised_variables,
)
from patchlint.c.language import c_parser
from patchlint.c.syntax import enclosing_function, node_text, walk


def first(src: str, kind: str) -> Node:
    root = c_parser().parse(src.encode()).root_node
    return next(n for n in walk(root) if n.type == kind)


@pytest.mark.parametrize(
    "src, name",
    [
        ("int f(void) { return 0; }", "f"),
        ("static char *name(struct x *p) { return 0; }", "name"),
        ("const char **const *deep(void) { return 0; }", "deep"),
        ("int (*pick(int which))(void *) { return 0; }", None),  # named through parentheses
    ],
)
def test_function_name_of_a_definition(src, name):
    assert function_name(first(src, "function_definition")) == name


def test_function_name_of_a_declaration_and_of_none():
    assert function_name(first("u32 f(struct s *p, u32 x);", "declaration")) == "f"
    assert function_name(first("int x = 3;", "declaration")) is None
    node = function_name_node(first("int (*fp)(void);", "declaration"))
    assert node is not None and node_text(node) == "(*fp)"  # a pointer variable, no function


def test_declared_names_through_pointers_arrays_and_initializers():
    decl = first("int a, *b = 0, c[4], **d;", "declaration")
    assert declared_names(decl) == {"a", "b", "c", "d"}
    assert [declared_name(d) for d in decl.children_by_field_name("declarator")] == [
        "a",
        "b",
        "c",
        "d",
    ]
    assert declared_name(None) == ""


@pytest.mark.parametrize(
    "src, names",
    [
        ("int a, *b, c = 1, d[2], (*fp)(void);", ["a", "b"]),
        ("static int s;", []),
        ("extern int e;", []),
        ("register int r;", []),
        ("__thread int t;", []),
        ("__attribute__((unused)) int x;", []),
        ("[[maybe_unused]] int y;", []),
        ("struct page **pages;", ["pages"]),
    ],
)
def test_uninitialised_variables_are_plain_automatic_ones(src, names):
    decl = first("void f(void) { " + src + " }", "declaration")
    assert [name for name, _ in uninitialised_variables(decl)] == names
    assert automatic(decl) == (
        not src.startswith(("static", "extern", "register", "__thread", "__attribute__", "[["))
    )


def test_identifiers_by_name_in_source_order():
    fn = first("void f(int a) { int b = a; a = b + a; }", "function_definition")
    table = identifiers_by_name(fn)
    assert [n.start_byte for n in table["a"]] == sorted(n.start_byte for n in table["a"])
    assert {k: len(v) for k, v in table.items()} == {"f": 1, "a": 4, "b": 2}


def test_enclosing_function():
    root = c_parser().parse(b"int g;\nvoid f(void) { if (x) { y = 1; } }\n").root_node
    inner = next(n for n in walk(root) if n.type == "assignment_expression")
    func = enclosing_function(inner)
    assert func is not None and function_name(func) == "f"
    assert enclosing_function(func) is None
    assert enclosing_function(next(n for n in walk(root) if n.type == "declaration")) is None


@pytest.mark.parametrize(
    "name, macro",
    [
        ("ARRAY_SIZE", True),
        ("NETIF_F_SG", True),
        ("X86", True),
        ("_IOW", True),
        ("len", False),
        ("Mixed_Case", False),
        ("__u32", False),
        ("_", False),
        ("42", False),
    ],
)
def test_spelled_as_macro(name, macro):
    assert spelled_as_macro(name) is macro
