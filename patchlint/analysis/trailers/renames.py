"""Identifiers renamed consistently across a hunk: a rename the series makes elsewhere, or
a name the patch defines renamed all through it, is no change a tag covers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from patchlint.analysis.trailers.code_tokens import C_TOKEN, IDENT, KEYWORDS
from patchlint.analysis.trailers.declarations import MAX_DECLARATION


def follows_series_rename(
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
                not IDENT.match(a)
                or not IDENT.match(b)
                or a in KEYWORDS
                or b in KEYWORDS
                or mapping.setdefault(a, b) != b
                or a in new_names
                or b in old_names
                or not (a in renamed or b in renamed)
            ):
                return False
    return True


def rename_map(old: list[str], new: list[str]) -> dict[str, str] | None:
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
                not IDENT.match(a)
                or not IDENT.match(b)
                or a in KEYWORDS
                or b in KEYWORDS
                or mapping.setdefault(a, b) != b
            ):
                return None
    return mapping or None


def renamed_through(
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
        t for added, _ in new_lines.values() for line in added for t in C_TOKEN.findall(line)
    }
    old_added = {
        t for added, _ in old_lines.values() for line in added for t in C_TOKEN.findall(line)
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
