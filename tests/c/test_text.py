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


def _scan_by_character(lines: list[str], block: bool) -> list[tuple[str, int | None]]:
    """The classification one character at a time (what `scan` did before it took runs
    whole): the reference it must agree with."""
    quote: str | None = None
    out = []
    for text in lines:
        kinds: list[str] = []
        line_comment: int | None = None
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if block:
                kinds.append("/")
                if ch == "*" and text[i + 1 : i + 2] == "/":
                    kinds.append("/")
                    i += 2
                    block = False
                    continue
            elif quote:
                kinds.append("s")
                if ch == "\\" and i + 1 < n:
                    kinds.append("s")
                    i += 2
                    continue
                if ch == quote:
                    quote = None
            elif ch == "/" and text[i + 1 : i + 2] == "*":
                kinds += ["/", "/"]
                block = True
                i += 2
                continue
            elif ch == "/" and text[i + 1 : i + 2] == "/":
                kinds += ["/"] * (n - i)
                line_comment = i
                break
            elif ch in "\"'":
                kinds.append("s")
                quote = ch
            else:
                kinds.append("c")
            i += 1
        if quote and not text.endswith("\\"):
            quote = None
        out.append(("".join(kinds), line_comment))
    return out


def test_runs_taken_whole_classify_as_one_character_at_a_time():
    """Random lines of the characters that change the kind (and some that do not), in and
    out of a comment: the same kinds and `//` columns as the walk by character."""
    import random

    rnd = random.Random(18)
    pieces = ["a", " ", "/", "*", '"', "'", "\\", "*/", "/*", "//", "é", "\t", "{", ";", "x/"]
    for _ in range(20_000):
        lines = [
            "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
            for _ in range(rnd.randint(1, 4))
        ]
        for block in (False, True):
            got = [(s.kinds, s.line_comment) for s in scan(lines, block)]
            assert got == _scan_by_character(lines, block), (lines, block)
