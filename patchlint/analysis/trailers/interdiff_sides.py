"""The lines of a step as a tag's giver reads them: per file, the lines each patch adds and
removes; per interdiff hunk, its older and newer side without the lines both patches only
show as context (upstream drift)."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from patchlint import lazyre
from patchlint.analysis.trailers.code_tokens import C_TOKEN, IDENT
from patchlint.model.patch import Patch

_HUNK = lazyre.compile(r"^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@+")
_FILE = lazyre.compile(r"^(?:---|\+\+\+) ")


def differing_lines(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """The lines one side has and the other does not (whitespace folded, blank lines
    left out)."""
    a = [" ".join(x.split()) for x in old if x.strip()]
    b = [" ".join(x.split()) for x in new if x.strip()]
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.extend(a[i1:i2] + b[j1:j2])
    return out


def patch_lines(patch: Patch | None) -> dict[str, tuple[set[str], set[str]]]:
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


def hunk_sides(
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
            out.update(t for t in C_TOKEN.findall(line[1:]) if IDENT.match(t))
    return frozenset(out)


def changed_lines(patch: Patch) -> tuple[frozenset[str], frozenset[str]]:
    """The lines a patch adds and those it removes, whitespace-folded (the other patches of
    a revision: where a hunk moved to or came from)."""
    lines = patch_lines(patch).values()
    return (
        frozenset(line for added, _ in lines for line in added),
        frozenset(line for _, removed in lines for line in removed),
    )


def dropped_added(old: Sequence[str], new: Sequence[str]) -> tuple[list[str], list[str]]:
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
