"""Which characters of a hunk's C lines are code, and which are inside a comment or a
string/char literal: for line-based rules (spacing, comment style) that must not look inside
literals or comments, and that work on hunks tree-sitter parses badly (a hunk that starts in
the middle of a block comment, or of a macro).

A hunk does not say whether its first line is inside a `/* ... */` comment. If a `*/` comes
before any `/*`, the hunk started inside one; so did a hunk whose first line looks like the
middle of a comment block (` * text`) and opens no comment itself; otherwise it did not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from patchlint import lazyre

CODE, COMMENT, LITERAL = "c", "/", "s"
_CONTINUATION = lazyre.compile(r"^\s*\*(?:[ \t]|$)")


@dataclass(frozen=True, slots=True)
class Scanned:
    """One line and, per character, what it is: `c` code, `/` comment, `s` string or char
    literal (quotes included)."""

    text: str
    kinds: str
    line_comment: int | None = None  # column of a `//` comment

    def is_code(self, i: int) -> bool:
        return self.kinds[i] == CODE

    @property
    def has_literal(self) -> bool:
        return LITERAL in self.kinds

    @property
    def code(self) -> str:
        """The line with comments blanked and literal contents replaced by `_` (so that
        patterns match code only and columns stay where they were)."""
        out = []
        for ch, kind in zip(self.text, self.kinds, strict=True):
            if kind == CODE:
                out.append(ch)
            elif kind == COMMENT:
                out.append(" ")
            else:
                out.append('"' if ch in "\"'" else "_")
        return "".join(out)


def _starts_in_comment(lines: Sequence[str]) -> bool:
    first = next((t for t in lines if t.strip()), "")
    if _CONTINUATION.match(first) and "/*" not in first:
        return True
    for text in lines:
        opens, closes = text.find("/*"), text.find("*/")
        if closes >= 0 and (opens < 0 or closes < opens):
            return True
        if opens >= 0:
            return False
    return False


def scan(lines: Sequence[str], in_comment: bool | None = None) -> list[Scanned]:
    """Classify every character of consecutive C lines (a hunk's post-image)."""
    block = _starts_in_comment(lines) if in_comment is None else in_comment
    quote: str | None = None  # inside a literal continued with a backslash
    out = []
    for text in lines:
        kinds: list[str] = []
        line_comment: int | None = None
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if block:
                kinds.append(COMMENT)
                if ch == "*" and text[i + 1 : i + 2] == "/":
                    kinds.append(COMMENT)
                    i += 2
                    block = False
                    continue
            elif quote:
                kinds.append(LITERAL)
                if ch == "\\" and i + 1 < n:
                    kinds.append(LITERAL)
                    i += 2
                    continue
                if ch == quote:
                    quote = None
            elif ch == "/" and text[i + 1 : i + 2] == "*":
                kinds += [COMMENT, COMMENT]
                block = True
                i += 2
                continue
            elif ch == "/" and text[i + 1 : i + 2] == "/":
                kinds += [COMMENT] * (n - i)
                line_comment = i
                break
            elif ch in "\"'":
                kinds.append(LITERAL)
                quote = ch
            else:
                kinds.append(CODE)
            i += 1
        if quote and not text.endswith("\\"):
            quote = None  # an unterminated literal ends with its line
        out.append(Scanned(text, "".join(kinds), line_comment))
    return out
