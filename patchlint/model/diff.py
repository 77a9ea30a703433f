"""A patch's diff parsed (`udiff`, unidiff's semantics): the structure later stages
(interdiff, rules, the report's line counts) walk, parsed once per patch per run."""

from __future__ import annotations

from dataclasses import dataclass, field

from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.udiff import DiffParseError, PatchedFile, PatchSet


@dataclass(frozen=True, slots=True)
class DiffSummary:
    """What the parsed diff says, or why it could not be parsed."""

    files: tuple[str, ...] = ()
    added: int = 0
    removed: int = 0
    error: str | None = None
    over_limit: bool = False  # not parsed at all: larger than limits.diff_hunks


class DiffTooLarge(DiffParseError):
    """A diff with more hunks than limits.diff_hunks: not analysed (time, memory)."""


def hunk_count(text: str) -> int:
    """Hunk headers in a diff, counted without parsing it."""
    return text.count("\n@@ -") + text.startswith("@@ -")


def parse_diff(text: str, limits: Limits = DEFAULT_LIMITS) -> PatchSet:
    """Parse a diff (git, plain, hg `diff -r`, CVS `Index:`); raises DiffParseError (a
    ValueError) on a malformed one (bad hunk counts, truncated hunks), and its subclass
    DiffTooLarge on one over limits.diff_hunks, so every caller that copes with a bad diff
    copes with a huge one."""
    hunks = hunk_count(text)
    if hunks > limits.diff_hunks:
        raise DiffTooLarge(
            f"{hunks:,} hunks, over limits.diff-hunks ({limits.diff_hunks:,}): not analysed"
        )
    return PatchSet(text)


@dataclass(slots=True)
class DiffCache:
    """Each diff parsed once while one series is analysed: the report's line counts, the
    interdiff and the rule engine all read the same parse. One cache per series, dropped
    with it, so a whole archive's parses are never alive at once."""

    limits: Limits = DEFAULT_LIMITS
    _parsed: dict[str, PatchSet | Exception] = field(default_factory=dict)

    def parse(self, text: str) -> PatchSet:
        """`parse_diff(text)`, remembered (a malformed diff raises the same error again)."""
        found = self._parsed.get(text)
        if found is None:
            try:
                found = parse_diff(text, self.limits)
            except (ValueError, IndexError) as exc:
                found = exc
            self._parsed[text] = found
        if isinstance(found, Exception):
            raise found.with_traceback(None)
        return found


def parse_with(cache: DiffCache | None, text: str, limits: Limits = DEFAULT_LIMITS) -> PatchSet:
    """Through the cache when there is one."""
    return cache.parse(text) if cache is not None else parse_diff(text, limits)


def summarize_diff(
    text: str, cache: DiffCache | None = None, limits: Limits = DEFAULT_LIMITS
) -> DiffSummary:
    """Line counts per the parsed diff; a parse failure is reported, never raised."""
    if not text.strip():
        return DiffSummary()
    try:
        patchset = parse_with(cache, text, limits)
    except DiffTooLarge as exc:
        return DiffSummary(error=str(exc), over_limit=True)
    except (DiffParseError, ValueError, IndexError) as exc:
        return DiffSummary(error=str(exc).splitlines()[0][:200] if str(exc) else "malformed")
    return DiffSummary(
        files=tuple(f.path for f in patchset),
        added=sum(f.added for f in patchset),
        removed=sum(f.removed for f in patchset),
    )


def strip_path_prefixes(old: str, new: str) -> tuple[str, str]:
    """The two names of a file header without their tree prefixes: git's a/ b/, quilt's a/
    on both sides, or two different top directories (`linux.orig/x`, `linux/x`)."""

    def one(path: str) -> str:
        path = path.split("\t")[0].strip()
        if path.startswith('"') and path.endswith('"'):
            path = path[1:-1]
        return path

    old, new = one(old), one(new)
    if old.startswith(("a/", "b/")) or new.startswith(("a/", "b/")):
        # git's a/ b/, and quilt's a/ on both sides (Andrew Morton's `--- a/x~name`)
        return (
            old[2:] if old.startswith(("a/", "b/")) else old,
            new[2:] if new.startswith(("a/", "b/")) else new,
        )
    po, pn = old.split("/", 1), new.split("/", 1)
    if len(po) == 2 and len(pn) == 2 and po[0] != pn[0] and "/dev/null" not in (old, new):
        return po[1], pn[1]
    return old, new


def file_paths(pf: PatchedFile) -> tuple[str, str, str]:
    """(old name, new name, path) of one file of a parsed diff, prefixes dropped as
    `Patch.files` drops them; `path` is the new name, or the old one for a deletion."""
    old, new = strip_path_prefixes(pf.source_file or "", pf.target_file or "")
    return old, new, new if new and new != "/dev/null" else old
