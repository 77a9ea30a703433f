"""What one revision step changed in a patch's code, as a tag's giver would weigh it.

A tag vouches for code. A step (the interdiff of a patch between two revisions,
`analysis.revisions.compare.PatchInterdiff`) changes that code only where code tokens
change: comments, whitespace and blank lines aside, and rebase drift aside (upstream
changing lines the patch only shows as context; hunks that merely moved). Each interdiff
hunk is read on its two sides (the older and the newer post-image), its lines kept only
where they are a change of either patch (not context both patches show), comments stripped
(C `/* */` and `//`, `#` in build files and scripts) and the rest cut into tokens:

- equal token sequences (`__u32` read as `u32`): nothing changed that a tag covers (a
  reworded comment); lines moved around each other are a change (a declaration moved
  below its first use);
- `trivial`: every difference a number swapped for an upper-case name or back (`0` ->
  `MHP_NONE`), or a qualifier the compiler checks added or dropped (`const`, `unsigned`,
  `static`, `__init` ...), or only `#include` lines added, dropped or moved, or in a header
  the same declarations moved around, or only prototypes, preprocessor conditions and
  reordered constants' `#define`s changed, or identifiers renamed where another patch of the
  newer revision renames them (`PAGE_KERNEL_NOENC` -> `PAGE_KERNEL` following the series:
  each old name always becomes the same new one and is gone from the hunk, and one of the
  two is on a line another patch of the series adds or removes; or a name the patch
  defines renamed all through it, when every material hunk of the step only renames), or
  in a header only
  function prototypes added or dropped, not changed (`extern bool
  hv_isolation_type_tdx(void);`: the compiler checks them against the definitions), or in
  a header the lines one hunk drops being the lines another adds (a block moved), or only
  the words of a log message (`pr_err("...")`, `kunit_err(test, "...")`);
  or logging statements (`pr_err(...)`, `syslog(...)`: what is logged, and whether) aside,
  the same code, or only declarations without an initializer moved (`int id;` after a
  rebase), or every changed line moved between patches of the series (what the hunk drops
  another patch of the newer revision adds, what it adds another patch of the older one
  added: a series reordered);
- the newer side only drops tokens of the older (a part of the patch taken out, as when
  a patch is split): `removal`;
- otherwise `material`.
Documentation files (`*.rst`, `*.md`, `*.txt`, `Documentation/`, `docs/`) hold no code:
their changes are never material. A range-diff step (the fallback of a diff of diffs) is
read the same way on the lines each patch changes.

Longer than ~400 lines on purpose: every kind of change a tag survives is one list, read
in one place, so that a reviewer can check it against docs/trailers.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from patchlint import lazyre
from patchlint.analysis.revisions.compare import PatchInterdiff
from patchlint.model.patch import Patch

MAX_HUNK_TOKENS = 20_000  # a larger hunk is material without comparing tokens

_HUNK = lazyre.compile(r"^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@+")
_FILE = lazyre.compile(r"^(?:---|\+\+\+) ")
_C_TOKEN = lazyre.compile(
    r"[A-Za-z_][A-Za-z0-9_]*|0[xX][0-9a-fA-F]+[uUlL]*|\d+(?:\.\d+)?[uUlLfF]*|\"(?:[^\"\\]|\\.)*\""
    r"|'(?:[^'\\]|\\.)*'|->|\+\+|--|<<=?|>>=?|[<>=!&|^+\-*/%]=|&&|\|\||\S"
)
_NUMBER = lazyre.compile(r"^(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*$")
_CONSTANT = lazyre.compile(r"^[A-Z][A-Z0-9_]*$")
_HASH_COMMENT_FILES = lazyre.compile(
    r"(?:^|/)(?:Makefile|Kconfig[^/]*|Kbuild|[^/]*\.(?:sh|py|mk|"
    r"pl|cfg|conf|toml|yaml|yml|cmake))$"
)
_DOC = lazyre.compile(r"(?:^|/)(?:Documentation|docs?)/|\.(?:rst|md|txt|pandoc|adoc)$", re.I)


@dataclass(frozen=True, slots=True)
class CodeHunk:
    """One interdiff hunk that changed code tokens."""

    path: str
    kind: str  # material | trivial | removal
    old_start: int  # the older post-image's lines it covers (range-diff: 0, 0)
    old_end: int
    tokens: frozenset[str]  # the identifiers and literals on its changed lines, both sides
    # its changed lines (comments, whitespace and logging statements aside), for `behaviour`
    dropped: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


@dataclass(slots=True)
class StepCode:
    """The code changes of one step (see the module docstring)."""

    hunks: list[CodeHunk] = field(default_factory=list)

    def in_files(self, files: tuple[str, ...] | None) -> list[CodeHunk]:
        """The hunks in `files` (None: every file)."""
        return [h for h in self.hunks if files is None or h.path in files]


def _strip_comments(lines: list[str], hash_comments: bool) -> list[str]:
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


def _tokens(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(_UAPI_TYPE.sub(r"\1", t) for t in _C_TOKEN.findall(line))
        if len(out) > MAX_HUNK_TOKENS:
            break
    return out


# qualifiers and annotations the compiler checks: adding or dropping one changes no logic
_QUALIFIERS = frozenset(
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
_INCLUDE = lazyre.compile(r"^\s*#\s*include\b")
_IDENT = lazyre.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# a call that only logs: its message's words are no code
_LOG_CALL = lazyre.compile(
    r"\b(?:pr_\w+|dev_(?:err|warn|info|dbg|notice|crit|alert|emerg)\w*"
    r"|netdev_(?:err|warn|info|dbg|notice)\w*|printk|\w+_(?:err|warn|info"
    r"|dbg|notice|crit)(?:_once|_ratelimited)?)\s*\("
)
# a logging statement: `pr_err(...);`, `dev_warn(...);`, `syslog(...);`, `kunit_err(...);`,
# a statement of its own (after `;`, `{`, `}`, `)`, `else` or at the start), so that
# `ret = foo_err(x);` is not one
_LOG_STATEMENT = lazyre.compile(
    r"(?:^|(?<=[;{})])|(?<=\belse))\s*(?:pr_\w+|dev_(?:err|warn|info|dbg|notice|crit|alert|emerg)\w*"
    r"|netdev_(?:err|warn|info|dbg|notice)\w*|printk|syslog|\w+_(?:err|warn|info|dbg"
    r"|debug|notice|crit)(?:_once|_ratelimited)?)\s*\(",
)
MAX_DECLARATION = 400  # characters: a longer line is not read as a prototype or definition
# a declaration without an initializer (`int id;`, `struct foo *p, *q;`): moving one changes
# nothing the compiler would not reject; read by `_plain_declaration` (no regex that could
# backtrack)
_DECLARATION_PART = lazyre.compile(r"[A-Za-z_]\w*|\*|\[[^\]=]*\]|,")
_NO_TYPE = frozenset({"return", "goto", "else", "case", "do", "break", "continue", "sizeof"})
_PROTOTYPE = lazyre.compile(
    r"^\s*(?:extern\s+)?[A-Za-z_][\w\s*]*?\b[A-Za-z_]\w*\s*\([^;{}=]*\)"
    r"(?:\s*__\w+(?:\([^()]*\))?)*\s*;\s*$"
)
_KEYWORDS = frozenset(
    {
        "if",
        "else",
        "for",
        "while",
        "do",
        "return",
        "goto",
        "break",
        "continue",
        "switch",
        "case",
        "default",
        "sizeof",
        "struct",
        "union",
        "enum",
        "typedef",
        "void",
        "int",
        "char",
        "long",
        "short",
        "bool",
        "true",
        "false",
        "NULL",
    }
)


def _plain_declaration(line: str) -> bool:
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


def _function_locals(lines: Sequence[str]) -> set[str]:
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
        if code and code[-1] and _plain_declaration(line):
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


def _mask_logs(lines: list[str]) -> list[str]:
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


def _renamed(
    old: list[str],
    new: list[str],
    ops: Sequence[tuple[str, int, int, int, int]],
    renamed: frozenset[str],
) -> bool:
    """Every difference an identifier renamed consistently, a rename another patch of the
    series makes (see the module docstring)."""
    if not renamed:
        return False
    mapping: dict[str, str] = {}
    old_names = {t.lstrip("+-") for t in old}
    new_names = {t.lstrip("+-") for t in new}
    for tag, i1, i2, j1, j2 in ops:
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False
        for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
            a, b = a.lstrip("+-"), b.lstrip("+-")
            if (
                not _IDENT.match(a)
                or not _IDENT.match(b)
                or a in _KEYWORDS
                or b in _KEYWORDS
                or mapping.setdefault(a, b) != b
                or a in new_names
                or b in old_names
                or not (a in renamed or b in renamed)
            ):
                return False
    return True


def _kind(
    old: list[str],
    new: list[str],
    old_lines: Sequence[str] = (),
    new_lines: Sequence[str] = (),
    header: bool = False,
    renamed: frozenset[str] = frozenset(),
) -> str | None:
    """None (same code), trivial, removal or material (see the module docstring); the
    lines (comments stripped) tell include-only and header-declaration-only changes."""
    if old == new:
        return None
    if len(old) + len(new) > 2 * MAX_HUNK_TOKENS:
        return "material"
    changed = _changed_lines(old_lines, new_lines)
    if changed and all(_INCLUDE.match(line) for line in changed):
        return "trivial"  # includes added, dropped or moved
    if header and sorted(old) == sorted(new):
        return "trivial"  # declarations moved around in a header
    dropped, added = _dropped_added(old_lines, new_lines)
    if (
        header
        and changed
        and (not dropped or not added)
        and all(len(line) <= MAX_DECLARATION and _PROTOTYPE.match(line) for line in changed)
    ):
        return "trivial"  # prototypes added or dropped (not changed): checked against the
        #                   definitions
    if header and changed and _declarations_only(dropped, added):
        return "trivial"  # a header's declarations rearranged (see `_declarations_only`)
    ops = [
        op
        for op in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    if all(tag == "delete" for tag, *_ in ops):
        return "removal"
    if all(
        t.lstrip("+-") in _QUALIFIERS
        for tag, i1, i2, j1, j2 in ops
        for t in (*old[i1:i2], *new[j1:j2])
    ):
        return "trivial"  # a qualifier added or dropped: the compiler checks it
    if _renamed(old, new, ops, renamed):
        return "trivial"  # a rename made elsewhere in the series, followed here
    if (
        changed
        and all(_LOG_CALL.search(line) for line in changed)
        and all(
            tag == "replace"
            and i2 - i1 == j2 - j1
            and all(
                a.lstrip("+-").startswith('"') and b.lstrip("+-").startswith('"')
                for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
            )
            for tag, i1, i2, j1, j2 in ops
        )
    ):
        return "trivial"  # a log message reworded
    if all(
        tag == "replace"
        and i2 - i1 == j2 - j1
        and all(
            (_NUMBER.match(a) and _CONSTANT.match(b)) or (_CONSTANT.match(a) and _NUMBER.match(b))
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
        )
        for tag, i1, i2, j1, j2 in ops
    ):
        return "trivial"
    return "material"


_PREPROCESSOR_CONDITION = lazyre.compile(r"^#\s*(?:if|ifdef|ifndef|elif|else|endif)\b")
_OBJECT_DEFINE = lazyre.compile(r"^#\s*define\s+\w+(?:\s|$)")  # no `(` after the name


def _declarations_only(dropped: list[str], added: list[str]) -> bool:
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
            elif _PROTOTYPE.match(line):
                prototypes[side][line] += 1
            elif not _PREPROCESSOR_CONDITION.match(line):
                return False
    # a prototype changed is a change (`int f(void);` -> `long f(void);`)
    same_prototypes = prototypes[0] == prototypes[1] or not prototypes[0] or not prototypes[1]
    return defines[0] == defines[1] and same_prototypes


def _changed_lines(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """The lines one side has and the other does not (whitespace folded, blank lines
    left out)."""
    a = [" ".join(x.split()) for x in old if x.strip()]
    b = [" ".join(x.split()) for x in new if x.strip()]
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.extend(a[i1:i2] + b[j1:j2])
    return out


def _patch_lines(patch: Patch | None) -> dict[str, tuple[set[str], set[str]]]:
    """Per file of a patch: (its added lines, its removed lines), whitespace-folded."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    if patch is None:
        return out
    path = ""
    for line in patch.diff.split("\n"):
        if line.startswith("+++ "):
            name = line[4:].split("\t")[0].strip()
            path = name[2:] if name.startswith(("a/", "b/")) else name
            out.setdefault(path, (set(), set()))
        elif line.startswith("--- ") or line.startswith("diff "):
            continue
        elif path and line[:1] == "+":
            out[path][0].add(" ".join(line[1:].split()))
        elif path and line[:1] == "-":
            out[path][1].add(" ".join(line[1:].split()))
    return out


def _sides(
    diff: str,
    range_diff: bool,
    old_changes: tuple[set[str], set[str]],
    new_changes: tuple[set[str], set[str]],
) -> list[tuple[int, int, list[str], list[str]]]:
    """Each hunk of a file's interdiff: (old start, old end, older side, newer side). A
    side holds the hunk's context and those of its changed lines that are a change of one of
    the two patches: a line both patches show as context, changed upstream, is drift."""
    hunks: list[tuple[int, int, list[str], list[str]]] = []
    old_side: list[str] = []
    new_side: list[str] = []
    start = end = 0

    def flush() -> None:
        if old_side or new_side:
            hunks.append((start, end, list(old_side), list(new_side)))
        old_side.clear()
        new_side.clear()

    old_added, old_removed = old_changes
    new_added, new_removed = new_changes
    for line in diff.split("\n"):
        m = _HUNK.match(line)
        if m:
            flush()
            start = int(m.group(1))
            end = start + int(m.group(2) or 1)
            continue
        if _FILE.match(line) or not line:
            continue
        if range_diff:
            outer, inner, text = line[:1], line[1:2], line[2:]
            if inner not in "+-" or text.startswith("@@"):
                continue  # context of the patches, or a moved hunk header: drift
            if outer in " -":
                old_side.append(inner + text)
            if outer in " +":
                new_side.append(inner + text)
            continue
        mark, text = line[:1], line[1:]
        folded = " ".join(text.split())
        if mark == " ":  # both post-images: keeps the order of the changes around it
            old_side.append(text)
            new_side.append(text)
        elif mark == "-":
            # a line of the older post-image: a change of the older patch, or context it
            # showed that the newer patch now removes
            if folded in old_added or folded in new_removed:
                old_side.append(text)
        elif mark == "+" and (folded in new_added or folded in old_removed):
            new_side.append(text)
    flush()
    return hunks


def changed_identifiers(patch: Patch) -> frozenset[str]:
    """The identifiers on the lines a patch adds or removes."""
    out: set[str] = set()
    for line in patch.diff.split("\n"):
        if line[:1] in "+-" and not line.startswith(("+++ ", "--- ")):
            out.update(t for t in _C_TOKEN.findall(line[1:]) if _IDENT.match(t))
    return frozenset(out)


def changed_lines(patch: Patch) -> tuple[frozenset[str], frozenset[str]]:
    """The lines a patch adds and those it removes, whitespace-folded (the other patches of
    a revision: where a hunk moved to or came from)."""
    lines = _patch_lines(patch).values()
    return (
        frozenset(line for added, _ in lines for line in added),
        frozenset(line for _, removed in lines for line in removed),
    )


_SUBSTANTIAL = lazyre.compile(r"[A-Za-z_]\w{2,}")


def _moved_between_patches(
    dropped: list[str],
    added: list[str],
    moves: tuple[frozenset[str], frozenset[str], frozenset[str]],
    undone: set[str],
) -> bool:
    """The hunk's changed lines all moved between patches of the series (a series
    reordered, a conversion handed to another patch): what it drops another patch of the
    newer revision adds; what it adds another patch of the older one added, or is the
    base line the older patch replaced that another patch of the newer one now replaces
    (then the older patch's replacement of it, dropped here, went with it). At least one
    such line says something (an identifier, not a lone brace)."""
    moved_in, moved_out, handed = moves
    fold = [" ".join(x.split()) for x in dropped], [" ".join(x.split()) for x in added]
    over = [line for line in fold[1] if line not in moved_in and line in undone and line in handed]
    if any(line not in moved_in and line not in over for line in fold[1]):
        return False
    if len([line for line in fold[0] if line not in moved_out]) > len(over):
        return False
    return any(
        t not in _KEYWORDS and t not in _QUALIFIERS
        for line in fold[0] + fold[1]
        for t in _SUBSTANTIAL.findall(line)
    )


def step_code(
    step: PatchInterdiff,
    renamed: frozenset[str] = frozenset(),
    moves: tuple[frozenset[str], frozenset[str], frozenset[str]] = (
        frozenset(),
        frozenset(),
        frozenset(),
    ),
) -> StepCode:
    """The code changes of one step (see the module docstring); `renamed`: the identifiers
    the newer revision's other patches add or remove; `moves`: the lines the older
    revision's other patches add, those the newer one's add and those they remove (code
    moved between patches)."""
    out = StepCode()
    if step.status != "modified":
        return out
    old_lines, new_lines = _patch_lines(step.old), _patch_lines(step.new)
    renames: list[tuple[int, dict[str, str] | None]] = []  # material hunk -> its renames
    for f in step.files:
        if _DOC.search(f.path):
            continue
        hash_comments = _HASH_COMMENT_FILES.search(f.path) is not None
        range_diff = f.method == "range-diff"
        empty: tuple[set[str], set[str]] = (set(), set())
        first = len(out.hunks)
        moved: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        declared: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        declarations_only = True
        for start, end, old, new in _sides(
            f.diff, range_diff, old_lines.get(f.path, empty), new_lines.get(f.path, empty)
        ):
            if range_diff:
                if sum(x[:1] == "-" for x in old) == sum(x[:1] == "-" for x in new):
                    # as many lines replaced on both sides: what changed among them is the
                    # base under the patch (`0` become `MHP_NONE` upstream), drift; the
                    # patch is what it adds
                    old = [x for x in old if x[:1] == "+"]
                    new = [x for x in new if x[:1] == "+"]
                old_code = _strip_comments([x[1:] for x in old], hash_comments)
                new_code = _strip_comments([x[1:] for x in new], hash_comments)
                if not hash_comments:
                    old_code, new_code = _mask_logs(old_code), _mask_logs(new_code)
                old_t = [
                    x[0] + t for x, line in zip(old, old_code, strict=True) for t in _tokens([line])
                ]
                new_t = [
                    x[0] + t for x, line in zip(new, new_code, strict=True) for t in _tokens([line])
                ]
                start = end = 0
            else:
                old_code = _strip_comments(old, hash_comments)
                new_code = _strip_comments(new, hash_comments)
                old_t, new_t = _tokens(old_code), _tokens(new_code)
            header = f.path.endswith(".h")
            kind = _kind(old_t, new_t, old_code, new_code, header, renamed)
            if kind is None:
                continue
            words = frozenset(
                t.lstrip("+-") for t in old_t + new_t if re.match(r"^[+-]?[A-Za-z_\"'0-9]", t)
            )
            dropped, added = _dropped_added(old_code, new_code)
            mapped = (old_t, new_t)
            if kind == "material" and not range_diff and not hash_comments:
                # logging statements aside (a message reworded, a debug line added)
                mapped = (_tokens(_mask_logs(old_code)), _tokens(_mask_logs(new_code)))
                kind = _kind(*mapped, old_code, new_code, header, renamed) or "trivial"
            if kind == "material" and _moved_between_patches(
                dropped, added, moves, old_lines.get(f.path, empty)[1]
            ):
                kind = "trivial"
            if kind in ("material", "removal"):
                declared[0].update(dropped)
                declared[1].update(added)
                declarations_only = declarations_only and all(
                    _plain_declaration(line) for line in dropped + added
                )
            lines: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
            if kind == "material":
                renames.append((len(out.hunks), _rename_map(*mapped)))
            if kind in ("material", "removal"):
                if not hash_comments and not range_diff:
                    old_code, new_code = _mask_logs(old_code), _mask_logs(new_code)
                gone, came = _dropped_added(old_code, new_code)
                if header:  # an inline function's locals are no type's layout
                    old_locals, new_locals = _function_locals(old_code), _function_locals(new_code)
                    gone = [line for line in gone if line not in old_locals]
                    came = [line for line in came if line not in new_locals]
                lines = (tuple(gone), tuple(came))
            out.hunks.append(CodeHunk(f.path, kind, start, end, words, *lines))
            moved[0].update(dropped)
            moved[1].update(added)
        if declarations_only and declared[0] and declared[0] == declared[1]:
            # only declarations without an initializer moved (`int id;` after a rebase)
            out.hunks[first:] = [
                CodeHunk(h.path, "trivial", h.old_start, h.old_end, h.tokens)
                if h.kind == "material"
                else h
                for h in out.hunks[first:]
            ]
            renames = [(i, m) for i, m in renames if i < first]
        if f.path.endswith(".h") and moved[0] and moved[0] == moved[1]:
            # a block moved within the header: what one hunk drops another adds
            out.hunks[first:] = [
                CodeHunk(h.path, "trivial", h.old_start, h.old_end, h.tokens)
                for h in out.hunks[first:]
            ]
    for i in _renamed_through(renames, old_lines, new_lines):
        h = out.hunks[i]
        out.hunks[i] = CodeHunk(h.path, "trivial", h.old_start, h.old_end, h.tokens)
    return out


def _rename_map(old: list[str], new: list[str]) -> dict[str, str] | None:
    """The identifiers a hunk renames (old -> new), when that is all it does."""
    mapping: dict[str, str] = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return None
        for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
            a, b = a.lstrip("+-"), b.lstrip("+-")
            if (
                not _IDENT.match(a)
                or not _IDENT.match(b)
                or a in _KEYWORDS
                or b in _KEYWORDS
                or mapping.setdefault(a, b) != b
            ):
                return None
    return mapping or None


def _renamed_through(
    renames: list[tuple[int, dict[str, str] | None]],
    old_lines: dict[str, tuple[set[str], set[str]]],
    new_lines: dict[str, tuple[set[str], set[str]]],
) -> list[int]:
    """The material hunks that only rename, when the step renames what the patch defines all
    through the patch (the patch's own `to_hv()` macro become `to_hv_drm()` at every use): the
    same new name for an old one in every hunk, no old name left on a line the newer patch
    adds, no new name on a line the older one added. Nothing when any material hunk does
    more than rename."""
    if not renames or any(m is None for _, m in renames):
        return []
    mapping: dict[str, str] = {}
    for _, m in renames:
        for a, b in (m or {}).items():
            if mapping.setdefault(a, b) != b:
                return []
    new_added = {
        t for added, _ in new_lines.values() for line in added for t in _C_TOKEN.findall(line)
    }
    old_added = {
        t for added, _ in old_lines.values() for line in added for t in _C_TOKEN.findall(line)
    }
    if any(a in new_added or b in old_added for a, b in mapping.items()):
        return []
    old_lines_added = [line for added, _ in old_lines.values() for line in added]
    if not all(any(_defines(line, a) for line in old_lines_added) for a in mapping):
        return []  # a name the patch does not define: calling something else is a change
    return [i for i, _ in renames]


def _defines(line: str, name: str) -> bool:
    """The line defines `name`: a macro, a function (its head, no `;`), a variable with an
    initializer or a file's own (`static`) one, a struct, union or enum tag."""
    if len(line) > MAX_DECLARATION:
        return False  # no one-line definition is this long (bounds the patterns' work)
    n = re.escape(name)
    return (
        re.search(
            rf"^#\s*define\s+{n}\b|^(?:struct|union|enum)\s+{n}\s*\{{"
            rf"|^[A-Za-z_][\w\s*]*?\b{n}\s*\([^;]*$|^[A-Za-z_][\w\s*]*?\b{n}\s*="
            rf"|^static\s+(?:[A-Za-z_]\w*[\s*]+)+{n}\s*(?:\[[^\]]*\])?\s*;",
            line,
        )
        is not None
    )


def _dropped_added(old: Sequence[str], new: Sequence[str]) -> tuple[list[str], list[str]]:
    """The lines (whitespace folded, blank ones left out) only the older side of a hunk
    has, and those only the newer side has."""
    a = [" ".join(x.split()) for x in old if x.strip()]
    b = [" ".join(x.split()) for x in new if x.strip()]
    dropped: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            dropped.extend(a[i1:i2])
            added.extend(b[j1:j2])
    return dropped, added
