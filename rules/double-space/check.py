"""double-space: a run of two or more spaces inside a line of C code.

Not reported: indentation, trailing blanks (trailing-whitespace), spaces inside literals and
comments (classified by `patchlint.c.text`), the gap before a trailing comment or a
macro's line-continuation backslash, the gaps of preprocessor lines (`#  define`, `#define X   1`),
and alignment: the text after the run starts in the same column as a token of a nearby line
of the hunk (columns of a struct, a table, `=` signs, also across an enum's comment blocks), or
the name after it ends where the name on the next line does (`void   user_fn(` under
`void kernel_fn(`), or it tries for a column its neighbours set with tabs (`.ndo_x     =`
in a tab-aligned ops table: misaligned, not a stray space). Lines the patch only moves (the
same text is removed elsewhere in the patch), a run the line it replaces already had before
the same text (a rename that left an old alignment behind), and stable backports
(`commit X upstream.`: upstream's code, verbatim) are left as they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from patchlint import lazyre
from patchlint.analysis.trailers.lineage import is_backport
from patchlint.c.text import Scanned, scan
from patchlint.engine.context import Hit, RuleContext

RUN = lazyre.compile(r" {2,}")
DEFINE_HEAD = lazyre.compile(r"^\s*#\s*define\s+\w+(?:\([^)]*\))?")
DIRECTIVE = lazyre.compile(r"^\s*#\s*[a-z]+")
MEMBER_NAME = lazyre.compile(r"(?!while\b)[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*;")
NEAR = 3  # lines above and below that may carry the column a run aligns to
FAR = 8  # as far for the same punctuation in the same column (`=` of an initializer)
NUMBER = lazyre.compile(r"(?:0[xX])?[0-9][0-9a-fA-FuUlLxX]*")
NUMBER_BEFORE = lazyre.compile(r"(?<= )(?:0[xX])?[0-9][0-9a-fA-FuUlLxX]*$")
NAME = lazyre.compile(r"[A-Za-z_][\w#]*")
OPERATOR = lazyre.compile(r"[=<>!&|+\-*/%^]+")


def _columns(text: str) -> list[int]:
    """Display column of each character (tabs to multiples of 8), plus one past the end."""
    out, col = [], 0
    for ch in text:
        out.append(col)
        col = (col // 8 + 1) * 8 if ch == "\t" else col + 1
    out.append(col)
    return out


def _cells(line: Scanned) -> str:
    """The line as displayed (tabs expanded), comments shown as `#` and literals as `"`: code
    and literals line up with code and literals, never with the words of a comment."""
    out: list[str] = []
    for ch, kind in zip(line.text, line.kinds, strict=True):
        width = 8 - len(out) % 8 if ch == "\t" else 1
        shown = {"c": " " if ch == "\t" else ch, "/": "#"}.get(kind, '"')
        out += shown * width
    return "".join(out)


def _token_at(cells: str, col: int) -> bool | None:
    """None unless a code token starts at `col` after a blank and is not the line's first
    token; else whether the blank before it is a run of two or more."""
    if (
        col >= len(cells)
        or col < 2
        or cells[col] in " #"
        or cells[col - 1] != " "
        or (cells[col] == '"' and cells[col - 1] == '"')
    ):
        return None
    if not cells[:col].strip():
        return None  # indentation, not alignment
    return cells[col - 2] == " "


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _operator(ch: str) -> bool:
    return ch in "=<>!&|+-*/%^?:"


def _pointer_name_at(cells: str, col: int) -> bool:
    """Does a pointer declarator's name (`*name`) start at `col`?"""
    return (
        2 <= col < len(cells)
        and _word(cells[col])
        and cells[col - 1] == "*"
        and cells[col - 2] == " "
        and bool(cells[: col - 1].strip())
    )


def _number_ends_at(cells: str, end: int) -> bool:
    """Does a number that follows a blank (and is not the line's first token) end just
    before display column `end`?"""
    if end > len(cells):  # the line is shorter: nothing of it ends there (found by fuzzing)
        return False
    m = NUMBER_BEFORE.search(cells[:end])
    return (
        m is not None
        and bool(cells[: m.start()].strip())
        and (end == len(cells) or not _word(cells[end]))
    )


def _operator_ends_at(cells: str, end: int) -> bool:
    """Does an assignment-like operator (`=`, `|=`, `<<=`) that follows a blank, and is not
    the line's first token, end just before display column `end`?"""
    if end > len(cells) or end < 2 or cells[end - 1] != "=":
        return False
    start = end - 1
    while start > 0 and _operator(cells[start - 1]):
        start -= 1
    return (
        start > 0
        and cells[start - 1] == " "
        and bool(cells[:start].strip())
        and (end == len(cells) or cells[end] == " ")
    )


def _code_lines(cells: Sequence[str], at: int, step: int, count: int) -> list[int]:
    """Up to `count` lines from `at` in direction `step` that hold code (blank lines and
    comment-only lines, as in an enum with a comment per member, are stepped over)."""
    out: list[int] = []
    j = at + step
    while 0 <= j < len(cells) and len(out) < count:
        if cells[j].replace("#", " ").strip():
            out.append(j)
        j += step
    return out


def _names_end_together(cells: Sequence[str], at: int, col: int) -> bool:
    """Does the name at display column `col` of line `at` end where a name of the next or
    previous code line ends, both followed by the same `(` or `[` (right-aligned names:
    `void   user_##fn(` under `void kernel_##fn(`)?"""
    m = NAME.match(cells[at], col)
    if m is None or m.end() >= len(cells[at]) or cells[at][m.end()] not in "([":
        return False
    end = m.end()
    for j in _code_lines(cells, at, -1, 1) + _code_lines(cells, at, 1, 1):
        other = cells[j]
        if end < len(other) and other[end] == cells[at][end] and _word(other[end - 1]):
            return True
    return False


def _fields(text: str) -> list[tuple[str, str]]:
    """The line's blank-separated fields, each with the blanks before it (a loop, not a
    regex: a line of blanks must cost linear time)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        j = i
        while j < n and text[j] in " \t":
            j += 1
        k = j
        while k < n and not text[k].isspace():
            k += 1
        if k == j:
            break
        out.append((text[i:j], text[j:k]))
        i = k
    return out


def _tab_column(texts: Sequence[str], cells: Sequence[str], at: int, end: int) -> bool:
    """Is the run ending at character `end` of line `at` a try at a column the lines around
    it set with tabs: a nearby code line whose field of the same index (counted in
    blank-separated fields) starts after a tab and like ours (the same punctuation, or both
    a name)? `.ndo_tx_timeout     = f,` in an ops table aligned with tabs, `void  __iomem`
    over `void\t__iomem`: misaligned, not a stray space to remove."""
    text = texts[at]
    index = len(text[:end].split())
    mine = text[end : end + 1]
    for j in _code_lines(cells, at, -1, NEAR) + _code_lines(cells, at, 1, NEAR):
        fields = _fields(texts[j])
        if index < len(fields) and index > 0 and "\t" in fields[index][0]:
            theirs = fields[index][1][:1]
            if theirs == mine or (_word(theirs) and _word(mine)):
                return True
    return False


def _same_name_at(cells: str, col: int, name: str) -> bool:
    """Does the whole name `name` start at display column `col` of this line?"""
    end = col + len(name)
    return (
        cells.startswith(name, col)
        and (col == 0 or not _word(cells[col - 1]))
        and (end >= len(cells) or not _word(cells[end]))
    )


def _aligned(cells: Sequence[str], at: int, col: int) -> bool:
    """Does the token at display column `col` of line `at` line up with a nearby line: one
    whose token in that column follows a run of blanks too, or is the same punctuation (`=`
    of an initializer, further away), or an operator; or, for the line next to it, follows
    the same number of words (the longest member of a two-line group is followed by one
    blank only)? Names line up across pointer stars (`type   name;` over `type *name;`, and
    `type  *name;` over `type   name;`), and numbers may be right-aligned (`<<  8` under
    `<< 16`), and a name lines up with the same name behind a unary operator (`off =  bytes;`
    under `off = -bytes;`). Blank and comment-only lines between do not count."""
    line = cells[at]
    mine = line[col]
    name = NAME.match(line, col) if _word(mine) else None
    words = len(line[:col].split())
    stars = len(line) - len(line[col:].lstrip("*")) - col
    name_col = col + stars if stars and _word(line[col + stars : col + stars + 1]) else None
    number = NUMBER.match(line, col)
    operator = OPERATOR.match(line, col)
    operator_end = operator.end() if operator and operator.group().endswith("=") else None
    near_lines = set(_code_lines(cells, at, -1, NEAR) + _code_lines(cells, at, 1, NEAR))
    adjacent = set(_code_lines(cells, at, -1, 1) + _code_lines(cells, at, 1, 1))
    for j in sorted(set(_code_lines(cells, at, -1, FAR) + _code_lines(cells, at, 1, FAR))):
        near = j in near_lines
        if near and number and _number_ends_at(cells[j], number.end()):
            return True
        if near and _pointer_name_at(cells[j], col) and _word(mine):
            return True  # `type   name;` over `type *name;`: the names line up
        if near and name_col is not None and _token_at(cells[j], name_col) is not None:
            return True  # `type  *name;` over `type   name;`
        if near and name_col is not None and _pointer_name_at(cells[j], name_col):
            return True  # `type  **name;` over `type   *name;`
        if near and operator_end and _operator_ends_at(cells[j], operator_end):
            return True  # `x   &= a;` over `end  = b;`: the `=` signs line up
        if near and name and _same_name_at(cells[j], col, name.group()):
            return True  # `off =  bytes;` under `off = -bytes;`: one name in one column
        run = _token_at(cells[j], col)
        if run is None:
            continue
        theirs = cells[j][col]
        if theirs == mine and not _word(mine):
            return True
        if near and _operator(mine) and _operator(theirs):
            return True  # `a <  b` over `ab > c`: operators in one column
        if near and run:
            return True
        if j in adjacent and len(cells[j][:col].split()) == words:
            return True
    return False


def _skeleton(cells: str) -> str:
    """The line's punctuation in order, code only: rows of one table share it."""
    return "".join(c for c in cells if not (_word(c) or c in ' #"'))


def _anchored(cells: Sequence[str], at: int, anchor: int, col: int) -> bool:
    """Does the token at display column `col` of line `at` complete a column of a table
    whose rows start at different columns? Counted from the punctuation just before the run
    (`{`, `,`, `=`: the k-th of its kind on the line), a nearby row (a code line with the
    same punctuation in the same order) has a number that ends where ours does, or, for a
    token that is no number, one that starts where ours does after a run of blanks too
    (`[MODE_LONG_NAME]\t= {  0,  0,  0x1000, 12 },` under `[MODE]\t= { 36, 48,  0x4000,
    14 },`: the tab moved the row, not its columns)."""
    line = cells[at]
    mark = line[anchor]
    if _word(mark) or mark in ' #"':
        return False
    nth = line.count(mark, 0, anchor + 1)
    number = NUMBER.match(line, col)
    shape = _skeleton(line)
    for j in _code_lines(cells, at, -1, NEAR) + _code_lines(cells, at, 1, NEAR):
        other = cells[j]
        if _skeleton(other) != shape:
            continue
        there = -1
        for _ in range(nth):
            there = other.find(mark, there + 1)
        if number:
            if _number_ends_at(other, there + number.end() - anchor):
                return True
        elif _token_at(other, there + col - anchor):
            return True
    return False


def _exempt_preprocessor(text: str) -> set[int]:
    """Start offsets of runs that a preprocessor line may have: after `#`, and between a
    macro's name (or parameters) and its value."""
    stripped = text.lstrip()
    if not stripped.startswith("#"):
        return set()
    out = set()
    hash_at = len(text) - len(stripped)
    out.add(hash_at + 1)
    directive = DIRECTIVE.match(text)
    if directive:
        out.add(directive.end())  # `#define  SUBFIELD` nested under `#define FIELD`
    m = DEFINE_HEAD.match(text)
    if m:
        out.add(m.end())
    return out


def _offending(line: Scanned) -> list[tuple[int, int]]:
    """(start, end) of the runs of spaces on this line that count."""
    text = line.text
    body = text.rstrip(" \t")
    indent = len(body) - len(body.lstrip(" \t"))
    exempt = _exempt_preprocessor(text)
    out = []
    for m in RUN.finditer(body, indent):
        start, end = m.start(), m.end()
        if start == indent or start in exempt:
            continue
        if body[:start].strip() == "}" and MEMBER_NAME.match(body, end):
            continue  # `}      name;` closing a member struct or union, aligned with members
        if not all(line.is_code(i) for i in range(start, end)):
            continue  # inside a comment or literal
        if line.kinds[end] == "/":
            continue  # the gap before a trailing comment
        if text[start - 1] == "\t":
            continue  # a tab then spaces: padding to a column, never a typo
        if body[end:] == "\\":
            continue  # a macro's continuation backslash, aligned
        out.append((start, end))
    return out


def _kept(text: str, run: tuple[int, int], removed: list[tuple[int, str]]) -> bool:
    """Was this run already in a line the hunk removes (the line changed elsewhere, as in
    a rename, and kept its old spacing), or did a removed line have a run of blanks before
    the same text (`cq->umem     = x;` renamed to `cq->ibcq.umem     = x;`: the old
    alignment left behind, not a typo of this patch), or after the same text (`+=  X;`
    whose operand changed)?"""
    start, end = run
    left = text[max(0, start - 6) : start].lstrip()
    right = text[end : end + 6]
    probe = left + text[start:end] + right
    before = text[max(0, start - 8) : start].lstrip()
    return any(
        probe in old
        or (len(right.strip()) >= 3 and _after_blanks(old, right))
        or (len(before.strip()) >= 4 and _blanks_after(old, before))
        for _, old in removed
    )


def _blanks_after(old: str, text: str) -> bool:
    """Is `text` followed in `old` by a run of two or more blanks (`+=  HA_CHUNK;` replaced
    by `+=  ha_chunk_pgs;`, `device  *hv_dev;` renamed: the author's file had the run)?"""
    at = old.find(text)
    while at >= 0:
        end = at + len(text)
        if old[end : end + 2] in ("  ", " \t", "\t ", "\t\t") and old[end:].strip():
            return True
        at = old.find(text, at + 1)
    return False


def _after_blanks(old: str, text: str) -> bool:
    """Does `text` occur in `old` right after a run of two or more blanks inside the line
    (not its indentation)?"""
    at = old.find(text)
    while at >= 0:
        if at >= 2 and old[at - 1] in " \t" and old[at - 2] in " \t" and old[:at].strip():
            return True
        at = old.find(text, at + 1)
    return False


def check(ctx: RuleContext) -> Iterator[Hit]:
    if is_backport(ctx.patch):
        return  # a stable backport reproduces upstream's lines, spaces and all
    moved: frozenset[str] | None = None
    for view in ctx.files:
        for hunk in view.hunks:
            suspects = [
                at for at, ln in enumerate(hunk.lines) if ln.added and "  " in ln.text.strip()
            ]
            if not suspects:
                continue
            scanned = scan([ln.text for ln in hunk.lines])
            window: list[str] | None = None
            for at in suspects:
                line = hunk.lines[at]
                runs = _offending(scanned[at])
                if not runs:
                    continue
                if moved is None:
                    moved = ctx.removed_texts()
                if line.text.strip() in moved:
                    continue
                if window is None:  # every line: an enum's comments may part its members
                    window = [_cells(ln) for ln in scanned]
                columns = _columns(line.text)
                texts = [ln.text for ln in hunk.lines]
                runs = [
                    r
                    for r in runs
                    if not _aligned(window, at, columns[r[1]])
                    and not _names_end_together(window, at, columns[r[1]])
                    and not _anchored(window, at, columns[r[0]] - 1, columns[r[1]])
                    and not _tab_column(texts, window, at, r[1])
                    and not _kept(line.text, r, hunk.removed)
                ]
                if not runs:
                    continue
                first, end = runs[0]
                left = line.text[:first].lstrip()[-20:]
                right = line.text[end:][:20]
                more = f" (and {len(runs) - 1} more on this line)" if len(runs) > 1 else ""
                yield ctx.hit(
                    view,
                    line.number,
                    f"{end - first} spaces in `{left}{' ' * (end - first)}{right}`: use one{more}",
                )
