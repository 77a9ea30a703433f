"""error-to-success: a `return -EXXX;` removed and a `return 0;` added in its place (the same
change block of a hunk), on the same path of the same function.

Not reported, because the change is deliberate or not a path turning to success:
- the commit message argues for it: it names the error (`-EIO`), says the path now returns
  0, reports success or EOF, no longer fails, or speaks of allowing, relaxing, tolerating,
  ignoring, "instead of", "rather than", "regardless of" (`Report EOF instead of -EIO for
  FIN`, `Allow the iommu-map property to have gaps`);
- the removed return was a stub's whole body (`{ return -EOPNOTSUPP; }`) and the patch
  writes the function (its success path returns 0);
- the same error is still returned elsewhere in the function by an added line (the check
  moved);
- the `return 0;` stands under another condition than the removed return did (another
  path: `if (fmt != XRGB) return -EINVAL;` replaced by `if (!visible) return 0;`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from patchlint import lazyre
from patchlint.c.fragments import Fragment, Hunk, Line, fragment_of
from patchlint.c.syntax import node_text
from patchlint.engine.context import Hit, RuleContext

ERROR_RETURN = lazyre.compile(r"^\s*return\s*(?:\(\s*)?-\s*(E[A-Z0-9_]+)\s*(?:\)\s*)?;")
SUCCESS_RETURN = lazyre.compile(r"^\s*return\s*(?:\(\s*)?0\s*(?:\)\s*)?;")
_ERRNO = lazyre.compile(r"(?<![\w-])-?(E[A-Z0-9_]{1,40})\b")
_NEGATIVE_ERRNO = lazyre.compile(r"(?<![\w-])-[ \t]*(E[A-Z0-9_]{1,40})\b")
_SAYS = lazyre.compile(
    r"\b(?:return(?:s|ed|ing)?|report(?:s|ed|ing)?|treat(?:s|ed|ing)?)\b[^.\n]{0,40}?"
    r"\b(?:0|zero|success(?:fully)?|EOF|end[- ]of[- ]file)\b"
    r"|\bno longer (?:fail|return an error|error)|\bnot an error\b|\bregardless of\b"
    r"|\b(?:instead of|rather than)\b[^.\n]{0,30}?(?:error|fail|return|\bE[A-Z]{2,}\b)"
    r"|\bsucceed(?:s)? (?:anyway|silently|instead)\b"
    r"|\b(?:allow|relax|tolerat|permit|ignor)\w*",
    re.I,
)


def check(ctx: RuleContext) -> Iterator[Hit]:
    message = f"{ctx.patch.title}\n{ctx.patch.message}"
    for view in ctx.files:
        for hunk in view.hunks:
            for change in hunk.changes():
                for gone in change.removed:
                    error = ERROR_RETURN.match(gone.text)
                    if not error:
                        continue
                    now = next((ln for ln in change.added if SUCCESS_RETURN.match(ln.text)), None)
                    if now is None or _explained(message, error.group(1)):
                        continue
                    if _stub(hunk, gone) or _survives(view.hunks, hunk, error.group(1)):
                        continue
                    before = _guard(fragment_of(hunk.old_side()), gone.number)
                    after = _guard(fragment_of(hunk), now.number)
                    if before is not None and after is not None and before != after:
                        continue
                    yield ctx.hit(
                        view,
                        now.number,
                        f"`{gone.text.strip()}` became "
                        "`return 0;`: this error path now reports success",
                        was=gone.text.strip(),
                    )


def _explained(message: str, errno: str) -> bool:
    """Does the commit message name the error or say the path now succeeds?"""
    return errno in _ERRNO.findall(message) or bool(_SAYS.search(message))


def _stub(hunk: Hunk, gone: Line) -> bool:
    """Was the removed return a function's whole body (`{`, comments, it, `}`)?"""
    at = hunk.pre.index(gone)
    before = [ln.text for ln in hunk.pre[:at] if not _blank_or_comment(ln.text)]
    after = [ln.text for ln in hunk.pre[at + 1 :] if not _blank_or_comment(ln.text)]
    return bool(
        before
        and after
        and before[-1].rstrip().endswith("{")
        and after[0].strip().startswith("}")
        and (before[-1].strip() == "{" or ")" in before[-1])
    )


def _survives(hunks: list[Hunk], hunk: Hunk, errno: str) -> bool:
    """Does an added line of the same function (the hunk, or another with its heading)
    still produce the error?"""
    same = [h for h in hunks if h is hunk or (hunk.section and h.section == hunk.section)]
    return any(
        ln.added and not _blank_or_comment(ln.text) and errno in _NEGATIVE_ERRNO.findall(ln.text)
        for h in same
        for ln in h.lines
    )


def _blank_or_comment(text: str) -> bool:
    """A blank line or one of a comment (`/* ...`, ` * ...`, `*/`, `// ...`)."""
    bare = text.strip()
    return not bare or bare.startswith(("/*", "*", "//"))


def _guard(frag: Fragment, line: int) -> str | None:
    """The condition a return on `line` stands under (`if (x)`, its `else`, a `case`),
    whitespace and parentheses dropped; None when it is not found in the fragment."""
    node = _return_at(frag, line)
    while node is not None:
        parent = node.parent
        if parent is None:
            return None
        if parent.type == "if_statement":
            condition = parent.child_by_field_name("condition")
            where = "else " if parent.child_by_field_name("alternative") == node else ""
            return where + _squash(condition)
        if parent.type == "else_clause" and parent.parent is not None:
            return "else " + _squash(parent.parent.child_by_field_name("condition"))
        if parent.type == "case_statement":
            return "case " + _squash(parent.child_by_field_name("value"))
        if parent.type in ("function_definition", "translation_unit"):
            return ""
        node = parent
    return None


def _return_at(frag: Fragment, line: int) -> Node | None:
    stack = [frag.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "return_statement" and frag.line_of(node) == line:
            return node
        stack.extend(node.children)
    return None


def _squash(node: Node | None) -> str:
    return re.sub(r"[\s()]+", "", node_text(node)) if node is not None else ""
