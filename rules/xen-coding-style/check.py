"""xen-coding-style: an added line of hypervisor C that breaks Xen's CODING_STYLE.

One finding per line, naming every rule it breaks:
- `if`/`while`/`for`/`switch` conditions with spaces inside the parentheses: `if ( x )`
- indentation with spaces (no tabs); statements indented by multiples of 4
- braces of function bodies and statements on their own lines (not `do {`, not one-line
  blocks, not the braces of struct/enum/union definitions or initializers)
- lines of at most 80 columns, unless a string (user-visible strings are not split), a URL
  or a trailing comment after code that fits is what makes them long
- `/* */` comments only, no `//`
- goto labels indented by at least one blank

Left alone:
- code not in Xen's own style. CODING_STYLE exempts code imported from elsewhere (mostly
  Linux), which keeps its upstream style. The pre-image lines the patch shows (context and
  removed lines) decide, first those of the hunk, else those of the whole file, else (a new
  file) the added lines themselves: more lines with tabs than space-indented lines, or more
  `if (x)` than `if ( x )`, mean Linux style.
- lines the patch moves (the same line is removed elsewhere in the patch), and what a changed
  line keeps of the line it replaces (a rename on a line that already said `if (x)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from tree_sitter import Node

from patchlint import lazyre
from patchlint.analysis.revisions.linediff import BoundedMatcher
from patchlint.c.fragments import FileView, Fragment, Hunk, Line
from patchlint.c.syntax import walk
from patchlint.c.text import Scanned, scan
from patchlint.engine.context import Hit, RuleContext

# CODING_STYLE says "less than 80 characters"; xen.git and the patches its maintainers accept
# treat 80 as the limit (HEAD's tab-free C files: 913 lines of exactly 80 columns, 276 of 81;
# in 1000 recent committed xen/ patches, 34 of the 62 added lines over 79 were exactly 80).
MAX_COLUMNS = 80
XEN_KEYWORD = lazyre.compile(r"\b(?:if|while|for|switch) \( ")
LINUX_KEYWORD = lazyre.compile(r"\b(?:if|while|for|switch) ?\((?! |$)")
TIGHT_OPEN = lazyre.compile(r"\b(?:if|while|for|switch)(?:\(|\s*\((?! |$))")
TIGHT_CLOSE = lazyre.compile(r"[^ (]\)\s*(?:\{\s*)?$")
BRACE_AFTER_CODE = lazyre.compile(r"\S\s*\{\s*$")
CODE_AFTER_BRACE = lazyre.compile(r"^\s*\}\s*[^\s;]")
LABEL = lazyre.compile(r"^[A-Za-z_]\w*:(?!:)")
CONDITIONS = (
    "if_statement",
    "while_statement",
    "do_statement",
    "switch_statement",
    "for_statement",
)
BODY_PARENTS = (
    "function_definition",
    "if_statement",
    "else_clause",
    "for_statement",
    "while_statement",
    "switch_statement",
    "case_statement",
    "compound_statement",
    "labeled_statement",
)
STATEMENT_PARENTS = ("compound_statement", "case_statement")
NOT_INDENT_CHECKED = ("comment", "labeled_statement", "{", "}", ":")
STATEMENT_ENDS = (b";", b"{", b"}", b":", b"*/")
SIMILAR = 0.75  # a removed line this close to an added one is the line it replaces

KW, TABS, INDENT, BRACE, LONG, CXX, LABEL_COL0 = (
    "kw",
    "tabs",
    "indent",
    "brace",
    "long",
    "cxx",
    "label",
)


def _linux_style(lines: Sequence[str]) -> bool | None:
    """True for Linux style, False for Xen style, None when the lines do not say."""
    tabs = spaces = linux_kw = xen_kw = 0
    for line in scan(lines):
        text = line.text
        if not text.strip():
            continue
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in text:
            tabs += 1
        elif len(indent) >= 2 and not text.lstrip().startswith("*"):
            spaces += 1
        code = line.code
        xen_kw += len(XEN_KEYWORD.findall(code))
        linux_kw += len(LINUX_KEYWORD.findall(code))
    if not (tabs or spaces or linux_kw or xen_kw):
        return None
    return tabs > spaces or linux_kw > xen_kw


def _pre_image(hunks: Sequence[Hunk]) -> list[str]:
    return [ln.text for h in hunks for ln in h.pre]


def _linux_hunks(view: FileView) -> set[int]:
    """Indexes of the hunks (among those with lines) written in Linux style."""
    hunks = [h for h in view.hunks if h.lines]
    whole = _linux_style(_pre_image(hunks))
    if whole is None:
        whole = _linux_style([ln.text for ln in view.added])
    out = set()
    for i, hunk in enumerate(hunks):
        verdict = _linux_style(_pre_image([hunk]))
        if verdict if verdict is not None else whole:
            out.add(i)
    return out


class _Problems:
    """What is wrong with each post-image line, by category."""

    def __init__(self) -> None:
        self.by_line: dict[int, dict[str, str]] = {}

    def add(self, line: int | None, category: str, what: str) -> None:
        if line is not None:
            self.by_line.setdefault(line, {}).setdefault(category, what)


def _line_checks(hunk: Hunk, scanned: Sequence[Scanned], out: _Problems) -> None:
    for ln, sc in zip(hunk.lines, scanned, strict=True):
        if not ln.added or not ln.text.strip():
            continue
        text = ln.text
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent:
            out.add(ln.number, TABS, "indented with tabs (Xen indents with 4 spaces)")
        width = len(text.rstrip().expandtabs(8))
        if width > MAX_COLUMNS and not _long_is_fine(sc):
            out.add(ln.number, LONG, f"{width} columns long (fit lines in 80)")
        if sc.line_comment is not None:
            out.add(ln.number, CXX, "`//` comment (use /* */)")


def _long_is_fine(line: Scanned) -> bool:
    """A long line CODING_STYLE or common practice allows: it holds a user-visible string
    (not to be split) or a URL, or only a trailing comment runs past column 80."""
    if line.has_literal or "://" in line.text:
        return True
    code = line.code.rstrip()
    commented = "/" in line.kinds and line.kinds.rstrip("/").strip() != ""
    return commented and len(code.expandtabs(8)) <= MAX_COLUMNS


class _Tree:
    """A fragment's tree with its source lines and which positions are code."""

    def __init__(self, frag: Fragment, code_at: Callable[[int | None, int], bool]) -> None:
        self.frag = frag
        self.lines = frag.source.split(b"\n")
        self._code_at = code_at

    def line(self, row: int) -> int | None:
        return self.frag.rows[row] if 0 <= row < len(self.frag.rows) else None

    def text(self, row: int) -> bytes:
        return self.lines[row] if 0 <= row < len(self.lines) else b""

    def is_code(self, node: Node) -> bool:
        """Is the node real code the post-image shows (not synthesized, not in a comment)?"""
        row = node.start_point.row
        return self.line(row) is not None and self._code_at(self.line(row), node.start_point.column)

    def starts_statement(self, row: int) -> bool:
        """Does the code before `row` end a statement (so `row` is not a continuation)?"""
        for prev in range(row - 1, -1, -1):
            text = self.text(prev).strip()
            if not text:
                continue
            return text.endswith(STATEMENT_ENDS) or text.startswith((b"#", b"//"))
        return True


def _parens(node: Node) -> tuple[Node, Node] | None:
    """The `(` and `)` around a statement's condition (or a `for` header)."""
    if node.type == "for_statement":
        opens = [c for c in node.children if c.type == "("]
        closes = [c for c in node.children if c.type == ")"]
        return (opens[0], closes[-1]) if opens and closes else None
    cond = node.child_by_field_name("condition")
    if cond is None or cond.type != "parenthesized_expression" or cond.child_count < 2:
        return None
    first, last = cond.children[0], cond.children[-1]
    if first.type != "(" or last.type != ")" or last.is_missing:
        return None
    return first, last


def _check_condition(node: Node, tree: _Tree, out: _Problems) -> None:
    want = "while" if node.type == "do_statement" else node.type.split("_")[0]
    keyword = next((c for c in node.children if c.type == want), None)
    parens = _parens(node)
    if parens is None or keyword is None or not tree.is_code(keyword):
        return
    opening, closing = parens
    row = opening.start_point.row
    text = tree.text(row)
    if keyword.end_point.row == row and opening.start_point.column == keyword.end_point.column:
        out.add(tree.line(row), KW, f"no space between `{want}` and `(`")
    after = text[opening.end_point.column : opening.end_point.column + 1]
    if after not in (b" ", b""):
        out.add(tree.line(row), KW, f"no space after `{want} (` (Xen writes `{want} ( x )`)")
    close_text = tree.text(closing.start_point.row)
    before = close_text[: closing.start_point.column]
    if before.strip() and not before.endswith(b" "):
        out.add(
            tree.line(closing.start_point.row),
            KW + ")",
            f"no space before the `)` of `{want} ( ... )`",
        )


def _check_braces(node: Node, tree: _Tree, out: _Problems) -> None:
    parent = node.parent
    if parent is None or parent.type not in BODY_PARENTS:
        return
    if node.start_point.row == node.end_point.row:
        return  # a one-line block: `{ }`, `static inline void f(void) {}`
    opening, closing = node.children[0], node.children[-1]
    if opening.type == "{" and tree.is_code(opening):
        row = opening.start_point.row
        if tree.text(row)[: opening.start_point.column].strip():
            out.add(tree.line(row), BRACE, "`{` not on a line of its own")
    if closing.type == "}" and not closing.is_missing and tree.is_code(closing):
        row = closing.start_point.row
        text = tree.text(row)
        before = text[: closing.start_point.column].strip()
        after = text[closing.end_point.column :].strip()
        if before or (after and not after.startswith((b";", b"/*", b"//"))):
            out.add(tree.line(row), BRACE, "`}` not on a line of its own")


def _check_label(node: Node, tree: _Tree, out: _Problems) -> None:
    label = node.child_by_field_name("label")
    if label is not None and label.start_point.column == 0 and tree.is_code(label):
        out.add(
            tree.line(label.start_point.row),
            LABEL_COL0,
            "label in column 0 (indent labels by at least one blank)",
        )


def _check_indent(node: Node, tree: _Tree, out: _Problems) -> None:
    parent = node.parent
    if parent is None or parent.type not in STATEMENT_PARENTS:
        return
    if node.type in NOT_INDENT_CHECKED or node.type.startswith("preproc") or node.is_missing:
        return
    if parent.type == "case_statement" and node.start_point.row == parent.start_point.row:
        return  # `case X: return 0;`
    row, column = node.start_point.row, node.start_point.column
    text = tree.text(row)
    indent = text[: len(text) - len(text.lstrip(b" \t"))]
    if b"\t" in indent or column != len(indent) or column % 4 == 0:
        return
    if not tree.is_code(node) or not tree.starts_statement(row):
        return
    out.add(tree.line(row), INDENT, f"indented by {column} spaces (use multiples of 4)")


def _tree_checks(tree: _Tree, out: _Problems) -> None:
    for node in walk(tree.frag.tree.root_node):
        kind = node.type
        if kind in CONDITIONS:
            _check_condition(node, tree, out)
        elif kind == "compound_statement":
            _check_braces(node, tree, out)
        elif kind == "labeled_statement":
            _check_label(node, tree, out)
        _check_indent(node, tree, out)


def _categories(text: str) -> set[str]:
    """The problems a line shows on its own text (to compare a changed line with the line
    it replaces)."""
    (line,) = scan([text])
    code = line.code
    out = set()
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    if "\t" in indent:
        out.add(TABS)
    elif len(indent) % 4:
        out.add(INDENT)
    if len(text.rstrip().expandtabs(8)) > MAX_COLUMNS:
        out.add(LONG)
    if line.line_comment is not None:
        out.add(CXX)
    if TIGHT_OPEN.search(code):
        out.add(KW)
    if TIGHT_CLOSE.search(code):  # the `)` of a condition that may have started above
        out.add(KW + ")")
    if BRACE_AFTER_CODE.search(code) or CODE_AFTER_BRACE.search(code):
        out.add(BRACE)
    if LABEL.match(code):
        out.add(LABEL_COL0)
    return out


def _inherited(text: str, replaced: Sequence[str]) -> set[str]:
    """Problems the line shares with the lines its change block replaces: the style of the
    code it rewrites in place (a Linux-style `for (;;) {` rewritten as `for (; e; e = n) {`);
    for length, only the removed line it most resembles counts."""
    out: set[str] = set()
    best, best_ratio = None, SIMILAR
    for old in replaced:
        out |= _categories(old) - {LONG}
        ratio = BoundedMatcher(text.strip(), old.strip()).ratio()
        if ratio >= best_ratio:
            best, best_ratio = old, ratio
    if best is not None and LONG in _categories(best):
        out.add(LONG)
    return out


def _blocks(hunk: Hunk) -> dict[int, tuple[list[str], set[int]]]:
    """For each added line: the removed lines of its change block, and the indentation
    widths of the context lines around the block."""
    out: dict[int, tuple[list[str], set[int]]] = {}
    lines = hunk.lines
    i = 0
    while i < len(lines):
        if not lines[i].added:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].added:
            j += 1
        first = lines[i].number
        replaced = [text for at, text in hunk.removed if at == first]
        around = set()
        for k in (_nonblank(lines, i - 1, -1), _nonblank(lines, j, 1)):
            if k is not None and not lines[k].added:
                text = lines[k].text
                around.add(len(text) - len(text.lstrip(" ")))
        for ln in lines[i:j]:
            out[ln.number] = (replaced, around)
        i = j
    return out


def _nonblank(lines: Sequence[Line], k: int, step: int) -> int | None:
    while 0 <= k < len(lines):
        if lines[k].text.strip():
            return k
        k += step
    return None


def check(ctx: RuleContext) -> Iterator[Hit]:
    removed_anywhere: frozenset[str] | None = None
    for view in ctx.files:
        linux = _linux_hunks(view)
        hunks = [h for h in view.hunks if h.lines]
        for i, (hunk, frag) in enumerate(zip(hunks, view.fragments(), strict=True)):
            if i in linux or not hunk.added:
                continue
            problems = _Problems()
            scanned = scan([ln.text for ln in hunk.lines])
            by_number = {ln.number: sc for ln, sc in zip(hunk.lines, scanned, strict=True)}

            def code_at(
                number: int | None, column: int, by_number: dict[int, Scanned] = by_number
            ) -> bool:
                sc = by_number.get(number) if number is not None else None
                return sc is not None and column < len(sc.kinds) and sc.is_code(column)

            _line_checks(hunk, scanned, problems)
            _tree_checks(_Tree(frag, code_at), problems)
            blocks = _blocks(hunk)
            for ln in hunk.added:
                found = problems.by_line.get(ln.number)
                if not found:
                    continue
                if removed_anywhere is None:
                    removed_anywhere = ctx.removed_texts(strip=False)
                if ln.text in removed_anywhere:
                    continue  # moved, not written, by this patch
                replaced, around = blocks[ln.number]
                kept = _inherited(ln.text, replaced)
                if len(ln.text) - len(ln.text.lstrip(" ")) in around:
                    kept.add(INDENT)  # as indented as the code around it
                reasons = [what for category, what in found.items() if category not in kept]
                if reasons:
                    yield ctx.hit(view, ln.number, "Xen coding style: " + "; ".join(reasons))
