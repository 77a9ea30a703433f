"""Identifiers renamed consistently: a rename the series makes elsewhere, a name the patch
defines renamed all through it, or a line that is another with its names substituted, is
no change a tag covers. `consistent_renames` is the one test all of them share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from difflib import SequenceMatcher

from patchlint.analysis.trailers.code_tokens import C_TOKEN, IDENT, KEYWORDS
from patchlint.analysis.trailers.declarations import MAX_DECLARATION

_NO_RENAMES: Mapping[str, str] = {}


def consistent_renames(
    pairs: Iterable[tuple[str, str]], known: Mapping[str, str] = _NO_RENAMES
) -> dict[str, str] | None:
    """The renames (old -> new) the token pairs make, when every pair is an identifier (no
    keyword) for an identifier and each old name always becomes the same new one (the one
    `known` gives it too); None when a pair is anything else."""
    mapping: dict[str, str] = {}
    for a, b in pairs:
        if not IDENT.match(a) or not IDENT.match(b) or a in KEYWORDS or b in KEYWORDS:
            return None
        if known.get(a, b) != b or mapping.setdefault(a, b) != b:
            return None
    return mapping


def replaced_pairs(
    old: Sequence[str], new: Sequence[str], ops: Iterable[tuple[str, int, int, int, int]]
) -> list[tuple[str, str]] | None:
    """The token pairs each `replace` of the diff ops swaps, position by position (a diff
    marker `+`/`-` of a range-diff's token aside); None when an op inserts or deletes
    tokens, or replaces some with more or fewer (more than a rename)."""
    pairs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return None
        pairs.extend(
            (a.lstrip("+-"), b.lstrip("+-")) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
        )
    return pairs


def follows_series_rename(
    old: list[str],
    new: list[str],
    ops: Sequence[tuple[str, int, int, int, int]],
    renamed: frozenset[str],
) -> bool:
    """Every difference an identifier renamed consistently, a rename another patch of the
    series makes (one of the two names in `renamed`), the old name gone from the hunk and
    the new one not in it before."""
    if not renamed:
        return False
    pairs = replaced_pairs(old, new, ops)
    mapping = consistent_renames(pairs) if pairs is not None else None
    if mapping is None:
        return False
    old_names = {t.lstrip("+-") for t in old}
    new_names = {t.lstrip("+-") for t in new}
    return all(
        a not in new_names and b not in old_names and (a in renamed or b in renamed)
        for a, b in mapping.items()
    )


def rename_map(old: list[str], new: list[str]) -> dict[str, str] | None:
    """The identifiers a hunk renames (old -> new), when that is all it does."""
    ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    pairs = replaced_pairs(old, new, ops)
    return (consistent_renames(pairs) if pairs is not None else None) or None


def substitution(old: str, new: str, mapping: dict[str, str]) -> bool:
    """`new` is the line `old` with identifiers substituted consistently with `mapping`
    (which learns the new pairs)."""
    a, b = C_TOKEN.findall(old), C_TOKEN.findall(new)
    if len(a) != len(b) or a == b:
        return False
    pairs = consistent_renames(((x, y) for x, y in zip(a, b, strict=True) if x != y), mapping)
    if pairs is None:
        return False
    mapping.update(pairs)
    return True


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
    mapping = consistent_renames(pair for _, m in renames for pair in (m or {}).items())
    if mapping is None:
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
