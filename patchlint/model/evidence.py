"""What a diff changes, as evidence that two postings (or a quote and a posting) are the same
work: the changed lines and the blob ids on `index` lines, read cheaply from the diff text.

Titles are what authors edit between versions (a cover letter retitled, a typo fixed, a patch
split in two under the old title); the code they post changes less. Two fingerprints are
taken from a diff without parsing it:

- the changed lines (`+`/`-`), with all white space removed so re-indenting and rebase drift
  do not hide them, and lines too short to mean anything (`}`, `+`, `return 0;` is kept) left
  out;
- the blob ids of `index OLD..NEW` lines, by path: the same NEW blob is the same file after the
  patch, byte for byte.

`quoted_diff` reads the same from the quoted part of a reply, for a reply whose place in the
thread is lost (its parent is not in the input) but whose quote shows which code it is about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from patchlint import lazyre
from patchlint.model.diff import strip_path_prefixes

_GIT_FILE = lazyre.compile(r"^diff --git (\S+) (\S+)\s*$")
_PLUS_FILE = lazyre.compile(r"^\+\+\+ (\S+)")
_INDEX = lazyre.compile(r"^index ([0-9a-f]{7,64})\.\.([0-9a-f]{7,64})\b")
_QUOTE = lazyre.compile(r"^[ \t]*(?:>[ \t]?)+")
_WORD = lazyre.compile(r"[A-Za-z0-9_]")
BLOB_PREFIX = 7  # abbreviated ids differ in length between tools; 7 is git's shortest
_NO_BLOB = {"0000000", "e69de29"}  # a deleted file; the empty file (any new empty file)
MIN_MEANINGFUL = 3  # word characters a changed line needs to count


def _normal(line: str) -> str | None:
    """A changed line without white space, or None when it is too short to be evidence."""
    squashed = "".join(line.split())
    if len(_WORD.findall(squashed)) < MIN_MEANINGFUL:
        return None
    return squashed


@dataclass(frozen=True, slots=True)
class DiffPrint:
    """What one diff (or several) changes: paths, changed lines, `index` blob ids."""

    files: frozenset[str]
    lines: frozenset[str]
    blobs: frozenset[tuple[str, str]]  # (path, NEW blob id prefix); deletions left out
    index_pairs: frozenset[tuple[str, str, str]]  # (path, OLD prefix, NEW prefix)

    def __bool__(self) -> bool:
        return bool(self.lines or self.blobs)


EMPTY = DiffPrint(frozenset(), frozenset(), frozenset(), frozenset())


def _read(lines: Iterable[str]) -> DiffPrint:
    files: set[str] = set()
    changed: set[str] = set()
    blobs: set[tuple[str, str]] = set()
    pairs: set[tuple[str, str, str]] = set()
    path: str | None = None
    in_hunk = False
    for line in lines:
        if line.startswith("diff --git "):
            m = _GIT_FILE.match(line)
            path = strip_path_prefixes(m.group(1), m.group(2))[1] if m else None
            if path:
                files.add(path)
            in_hunk = False
            continue
        if line.startswith("index "):
            m = _INDEX.match(line)
            if m and path:
                old, new = m.group(1)[:BLOB_PREFIX], m.group(2)[:BLOB_PREFIX]
                pairs.add((path, old, new))
                if new not in _NO_BLOB:
                    blobs.add((path, new))
            continue
        if line.startswith("+++ "):
            m = _PLUS_FILE.match(line)
            if m and m.group(1) != "/dev/null":
                path = strip_path_prefixes(m.group(1), m.group(1))[1]
                files.add(path)
            in_hunk = False
            continue
        if line.startswith("--- "):
            in_hunk = False
            continue
        if line.startswith("@@"):
            in_hunk = True
            continue
        if in_hunk and line[:1] in ("+", "-"):
            normal = _normal(line[1:])
            if normal is not None:
                changed.add(line[0] + normal)
    return DiffPrint(frozenset(files), frozenset(changed), frozenset(blobs), frozenset(pairs))


def diff_print(diffs: Iterable[str]) -> DiffPrint:
    """The fingerprint of one or more diffs taken together (a revision's patches)."""
    return _read(line for diff in diffs for line in diff.splitlines())


def quoted_diff(text: str) -> DiffPrint:
    """The fingerprint of the diff a reply quotes (`> ` lines), its own words left out."""
    quoted = [_QUOTE.sub("", line, count=1) for line in text.splitlines() if _QUOTE.match(line)]
    return _read(quoted) if quoted else EMPTY


def overlap(a: DiffPrint, b: DiffPrint) -> float:
    """How much of the smaller change the other holds: shared changed lines over the
    smaller set of them (a patch split in two, a series grown by patches, both keep most
    of their lines); 1.0 when they leave a file with the same blob."""
    if a.blobs & b.blobs:
        return 1.0
    small = min(len(a.lines), len(b.lines))
    if not small:
        return 0.0
    return len(a.lines & b.lines) / small


def same_work(a: DiffPrint, b: DiffPrint, *, threshold: float = 0.5, at_least: int = 3) -> bool:
    """Two postings' diffs are the same work: a file left with the same blob, or most of the
    smaller one's changed lines (and at least `at_least` of them) found in the other."""
    if a.blobs & b.blobs:
        return True
    shared = len(a.lines & b.lines)
    return shared >= at_least and overlap(a, b) >= threshold
