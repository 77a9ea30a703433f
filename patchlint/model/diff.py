"""A patch's diff parsed with unidiff: the structure later stages (interdiff, rules) walk."""

from __future__ import annotations

from dataclasses import dataclass

from unidiff.errors import UnidiffParseError
from unidiff.patch import PatchSet


@dataclass(frozen=True, slots=True)
class DiffSummary:
    """What the parsed diff says, or why it could not be parsed."""

    files: tuple[str, ...] = ()
    added: int = 0
    removed: int = 0
    error: str | None = None


def parse_diff(text: str) -> PatchSet:
    """Parse a diff (git, plain, hg `diff -r`, CVS `Index:`); raises unidiff's
    UnidiffParseError on a malformed one (bad hunk counts, truncated hunks)."""
    return PatchSet(text)


def summarize_diff(text: str) -> DiffSummary:
    """Line counts per the parsed diff; a parse failure is reported, never raised."""
    if not text.strip():
        return DiffSummary()
    try:
        patchset = parse_diff(text)
    except (UnidiffParseError, ValueError, IndexError) as exc:
        return DiffSummary(error=str(exc).splitlines()[0][:200] if str(exc) else "malformed")
    return DiffSummary(
        files=tuple(f.path for f in patchset),
        added=sum(f.added for f in patchset),
        removed=sum(f.removed for f in patchset),
    )
