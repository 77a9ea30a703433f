"""Logging statements in a hunk's code: what a program logs, and whether, is no behaviour a
tag vouches for (`material` reads a step with them taken out)."""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.analysis.trailers.code_tokens import MAX_HUNK_TOKENS

# a logging statement: `pr_err(...);`, `dev_warn(...);`, `syslog(...);`, `kunit_err(...);`,
# a statement of its own (after `;`, `{`, `}`, `)`, `else` or at the start), so that
# `ret = foo_err(x);` is not one
_LOG_STATEMENT = lazyre.compile(
    r"(?:^|(?<=[;{})])|(?<=\belse))\s*(?:pr_\w+|dev_(?:err|warn|info|dbg|notice|crit|alert|emerg)\w*"
    r"|netdev_(?:err|warn|info|dbg|notice)\w*|printk|syslog|\w+_(?:err|warn|info|dbg"
    r"|debug|notice|crit)(?:_once|_ratelimited)?)\s*\(",
)


def mask_logs(lines: list[str]) -> list[str]:
    """The lines with every logging statement taken out, arguments and all: what a program
    logs, and whether it logs, is no behaviour a tag vouches for (a message reworded, a
    `__func__` added, a debug line dropped). One string, so a call may span lines; as many
    lines come out as went in."""
    text = "\n".join(lines)
    if not lines or len(text) > MAX_HUNK_TOKENS * 4:
        return lines
    out: list[str] = []
    i = 0
    for m in _LOG_STATEMENT.finditer(text):
        if m.start() < i:
            continue
        end = _call_end(text, m.end())
        if end is None:
            continue
        tail = re.match(r"\s*;", text[end:])
        if tail is None:
            continue
        out.append(text[i : m.start()])
        i = end + tail.end()
        out.append("\n" * text[m.start() : i].count("\n"))  # the lines stay where they were
    out.append(text[i:])
    return "".join(out).split("\n")


def _call_end(text: str, start: int) -> int | None:
    """The index after the `)` closing the call whose `(` ends at `start`; None when the
    text ends first."""
    depth = 1
    i = start
    quote: str | None = None
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
