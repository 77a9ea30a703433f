"""The author's changelog against the interdiff: is every change since the last revision
something the notes (after `---`, or in the cover letter) talk about? The facts the rules
missing-changelog (RV001) and undocumented-change (RV002) judge: each revision's changelog
and, for each patch the interdiff shows modified, what the changelog never names.

A hunk of the interdiff counts as mentioned when the changelog names its function, its file
(path, base name or stem), or an identifier its changed lines contain that looks like code
(has `_`, a digit or inner capitals: `evtchn_fd`, `NETIF_F_SG`, `mtu2`), since authors
describe changes by the symbols they touch ("Do not bother putting evtchn_fd in the ctx").
A function is reported as undocumented only if none of its hunks is mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from patchlint.analysis.revisions.compare import PatchInterdiff, RevisionInterdiff
from patchlint.model.series import Revision, Series

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HUNK = re.compile(r"^@@.*$", re.M)


def _codeish(word: str) -> bool:
    return len(word) >= 3 and ("_" in word or any(c.isdigit() for c in word)
                               or any(c.isupper() for c in word[1:]))


def _mentioned(words: set[str], text_lower: str, name: str) -> bool:
    return name.lower() in words or name.lower() in text_lower


def _file_mentioned(path: str, words: set[str], text_lower: str) -> bool:
    p = PurePosixPath(path)
    return any(x.lower() in text_lower for x in (path, p.name)) or p.stem.lower() in words


def undocumented(change: PatchInterdiff, changelog: str) -> list[str]:
    """Functions (or files, where no function is known) the interdiff changes and the
    changelog never mentions."""
    text_lower = changelog.lower()
    words = {w.lower() for w in _IDENT.findall(changelog)}
    out: list[str] = []
    for f in change.files:
        if _file_mentioned(f.path, words, text_lower) and not f.functions:
            continue
        covered: dict[str, bool] = {}
        for hunk in _hunks(f.diff):
            name = _hunk_function(hunk, f.functions)
            idents = {w for line in hunk.splitlines()[1:] if line[:1] in "+-"
                      for w in _IDENT.findall(line[1:]) if _codeish(w)}
            hit = (name is not None and _mentioned(words, text_lower, name)) or any(
                w.lower() in words for w in idents)
            key = name or f.path
            covered[key] = covered.get(key, False) or hit
        for key, hit in covered.items():
            if not hit and key not in out and not (
                    key == f.path and _file_mentioned(f.path, words, text_lower)):
                out.append(key if key != f.path else f.path)
    return out


def _hunks(diff: str) -> list[str]:
    starts = [m.start() for m in _HUNK.finditer(diff)]
    return [diff[a:b] for a, b in zip(starts, [*starts[1:], len(diff)], strict=True)]


def _hunk_function(hunk: str, functions: list[str]) -> str | None:
    """The function named in the hunk (its header or lines), among those the file
    interdiff found."""
    found = [name for name in functions if name in hunk]
    return min(found, key=hunk.index) if found else None


@dataclass(frozen=True, slots=True)
class UndocumentedChange:
    """One patch of a revision whose changes since the revision before name functions or
    files its changelog (the cover's and its own notes) never mentions."""

    patch: int  # its index in the newer revision
    since: int  # the version it is compared with
    names: list[str]  # the functions (or files) not mentioned, in interdiff order
    file: str | None  # the first file the interdiff changes
    message_id: str | None


@dataclass(slots=True)
class RevisionChangelog:
    """One revision's changelog (None: its notes say nothing) and, when it has one and a
    revision before it, the changes it leaves unmentioned."""

    revision: Revision
    changelog: str | None
    undocumented: list[UndocumentedChange] = field(default_factory=list)


def read_changelogs(series: Series,
                    interdiffs: list[RevisionInterdiff]) -> list[RevisionChangelog]:
    """Every revision's changelog, read against the interdiff from the revision before."""
    out: list[RevisionChangelog] = []
    by_new = {id(d.new): d for d in interdiffs}
    for rev in series.revisions:
        notes = rev.changelog
        entry = RevisionChangelog(rev, notes)
        out.append(entry)
        interdiff = by_new.get(id(rev))
        if not notes or interdiff is None:
            continue
        for change in interdiff.patches:
            if not change.material or change.new is None:
                continue
            names = undocumented(change, rev.changelog_for(change.new.index))
            if names:
                entry.undocumented.append(UndocumentedChange(
                    change.new.index, interdiff.old.version, names,
                    change.files[0].path if change.files else None, change.new.message_id))
    return out
