"""Declarations whose moving or adding changes nothing a tag covers: plain declarations
without an initializer, an inline function's locals, a header's prototypes and constants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from patchlint import lazyre

MAX_DECLARATION = 400  # characters: a longer line is not read as a prototype or definition
# a declaration without an initializer (`int id;`, `struct foo *p, *q;`): moving one changes
# nothing the compiler would not reject; read by `plain_declaration` (no regex that could
# backtrack)
_DECLARATION_PART = lazyre.compile(r"[A-Za-z_]\w*|\*|\[[^\]=]*\]|,")
_NO_TYPE = frozenset({"return", "goto", "else", "case", "do", "break", "continue", "sizeof"})
PROTOTYPE = lazyre.compile(
    r"^\s*(?:extern\s+)?[A-Za-z_][\w\s*]*?\b[A-Za-z_]\w*\s*\([^;{}=]*\)"
    r"(?:\s*__\w+(?:\([^()]*\))?)*\s*;\s*$"
)


def plain_declaration(line: str) -> bool:
    """`int id;`, `struct foo *p, *q;`: types and names, pointers, array sizes, commas."""
    body = line.strip()
    if len(body) > MAX_DECLARATION or not body.endswith(";"):
        return False
    body = body[:-1]
    parts = _DECLARATION_PART.findall(body)
    if "".join(parts) != "".join(body.split()):
        return False  # something else on the line: `=`, a call, a brace
    words = [p for p in parts if p[0].isalpha() or p[0] == "_"]
    return len(words) >= 2 and words[0] not in _NO_TYPE


_TYPE_BLOCK = lazyre.compile(r"\b(?:struct|union|enum)\b|=\s*$")


def function_locals(lines: Sequence[str]) -> set[str]:
    """The plain declarations (`int ret;`) among one side of a header's hunk (context
    included, in order) that sit in a block of code: an inline function's locals, which do
    nothing, not a type's members. A brace after a closing parenthesis (a function's head, a
    condition) opens code, as does any brace inside code; one after `struct`, `union`,
    `enum` or `=` does not; a line before any brace the hunk shows is not known (a member)."""
    out: set[str] = set()
    code: list[bool] = []  # per open brace: a block of code?
    before = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if code and code[-1] and plain_declaration(line):
            out.add(" ".join(line.split()))
        for i, c in enumerate(line):
            if c == "{":
                head = (line[:i].strip() or before).rstrip()
                code.append(
                    (bool(code) and code[-1])
                    or (head.endswith(")") and not _TYPE_BLOCK.search(head))
                )
            elif c == "}" and code:
                code.pop()
        before = line
    return out


_PREPROCESSOR_CONDITION = lazyre.compile(r"^#\s*(?:if|ifdef|ifndef|elif|else|endif)\b")
_OBJECT_DEFINE = lazyre.compile(r"^#\s*define\s+\w+(?:\s|$)")  # no `(` after the name


def declarations_only(dropped: list[str], added: list[str]) -> bool:
    """In a header, the changed lines only rearrange declarations: prototypes added, dropped
    or moved (not changed), constants' `#define`s reordered (each one dropped is added
    again, unchanged), and the preprocessor conditions around them (a prototype taken out
    of a `CONFIG_X86_64` block to fix other builds). Nothing there runs: the compiler checks the
    prototypes against the definitions."""
    defines: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    prototypes: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    for side, lines in enumerate((dropped, added)):
        for line in lines:
            if len(line) > MAX_DECLARATION:
                return False
            if _OBJECT_DEFINE.match(line):
                defines[side][line] += 1
            elif PROTOTYPE.match(line):
                prototypes[side][line] += 1
            elif not _PREPROCESSOR_CONDITION.match(line):
                return False
    # a prototype changed is a change (`int f(void);` -> `long f(void);`)
    same_prototypes = prototypes[0] == prototypes[1] or not prototypes[0] or not prototypes[1]
    return defines[0] == defines[1] and same_prototypes
