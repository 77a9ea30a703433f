"""The code/comment/literal classification line-based C rules rely on."""

from __future__ import annotations

from patchlint.c.text import scan


def test_literals_and_comments_are_not_code():
    a, b = scan(['    x = "a  b"; /* c  d', " * e */ y = '\"'; // f"])
    assert a.code == '    x = "____";        '
    assert a.line_comment is None
    assert b.code.strip() == 'y = """;'
    assert b.line_comment == 17
    assert b.has_literal


def test_a_hunk_that_starts_inside_a_block_comment():
    first, second = scan([" * http://example.org  twice */", "x  = 1;"])
    assert first.code.strip() == ""
    assert first.line_comment is None
    assert second.code == "x  = 1;"


def test_comment_openers_inside_literals_do_not_open_comments():
    (line,) = scan(['p = "/*";  q = 1;'])
    assert line.code == 'p = "__";  q = 1;'


def test_a_hunk_of_comment_lines_that_does_not_close_the_comment():
    lines = scan([" * FF-A: available at", " *    https://example.org/doc", " * more"])
    assert all(not line.code.strip() for line in lines)
    assert all(line.line_comment is None for line in lines)
    (deref,) = scan(["    *p = 0; // zero"])
    assert deref.code.strip() == "*p = 0;"
