"""A hunk's code as a tag's giver reads it: comments stripped, cut into C tokens, and the
words (keywords, qualifiers the compiler checks) the other readers of a step set apart."""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.c.keywords import C_KEYWORDS

MAX_HUNK_TOKENS = 20_000  # a larger hunk is material without comparing tokens
C_TOKEN = lazyre.compile(
    r"[A-Za-z_][A-Za-z0-9_]*|0[xX][0-9a-fA-F]+[uUlL]*|\d+(?:\.\d+)?[uUlLfF]*|\"(?:[^\"\\]|\\.)*\""
    r"|'(?:[^'\\]|\\.)*'|->|\+\+|--|<<=?|>>=?|[<>=!&|^+\-*/%]=|&&|\|\||\S"
)
NUMBER = lazyre.compile(r"^(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*$")
CONSTANT = lazyre.compile(r"^[A-Z][A-Z0-9_]*$")


def strip_comments(lines: list[str], hash_comments: bool) -> list[str]:
    """The lines with comments blanked. A hunk may start inside a block comment: a first
    line that reads as a comment's continuation (`* text`, `text */`) starts in one."""
    if hash_comments:
        return [re.sub(r"(^|\s)#.*$", r"\1", line) for line in lines]
    out: list[str] = []
    first = next((line.strip() for line in lines if line.strip()), "")
    in_block = (first.startswith("*") and not first.startswith("*/") and ";" not in first) or (
        "*/" in first and "/*" not in first.split("*/", 1)[0]
    )
    for line in lines:
        kept: list[str] = []
        i = 0
        n = len(line)
        in_string: str | None = None
        while i < n:
            if in_block:
                end = line.find("*/", i)
                if end < 0:
                    i = n
                    break
                in_block = False
                i = end + 2
                continue
            c = line[i]
            if in_string:
                kept.append(c)
                if c == "\\" and i + 1 < n:
                    kept.append(line[i + 1])
                    i += 2
                    continue
                if c == in_string:
                    in_string = None
                i += 1
                continue
            if line.startswith("/*", i):
                in_block = True
                i += 2
                continue
            if line.startswith("//", i):
                break
            if c in "\"'":
                in_string = c
            kept.append(c)
            i += 1
        out.append("".join(kept))
    return out


# the uapi spelling of the kernel's fixed-width types is the same type (`__u32` is `u32`)
_UAPI_TYPE = lazyre.compile(r"^__([us](?:8|16|32|64))$")


def tokens(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(_UAPI_TYPE.sub(r"\1", t) for t in C_TOKEN.findall(line))
        if len(out) > MAX_HUNK_TOKENS:
            break
    return out


# qualifiers and annotations the compiler checks: adding or dropping one changes no logic
QUALIFIERS = frozenset(
    {
        "const",
        "unsigned",
        "signed",
        "inline",
        "__init",
        "__exit",
        "__maybe_unused",
        "__always_inline",
        "noinline",
        "__must_check",
        "__read_mostly",
        "__ro_after_init",
        "static",
    }
)
IDENT = lazyre.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KEYWORDS = C_KEYWORDS
