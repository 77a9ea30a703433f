"""The author's changelog against the interdiff: is every change since the last revision
something the notes (after `---`, or in the cover letter) talk about?

A hunk of the interdiff counts as mentioned when the changelog names its function, its file
(path, base name or stem), or an identifier its changed lines contain that looks like code
(has `_`, a digit or inner capitals: `evtchn_fd`, `NETIF_F_SG`, `mtu2`), since authors
describe changes by the symbols they touch ("Do not bother putting evtchn_fd in the ctx").
A function is reported as undocumented only if none of its hunks is mentioned.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from patchlint.analysis.findings import series_finding
from patchlint.analysis.revisions.compare import PatchInterdiff, RevisionInterdiff
from patchlint.model.finding import Finding
from patchlint.model.series import Series

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HUNK = re.compile(r"^@@.*$", re.M)
MAX_NAMED = 8


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


def check_changelogs(series: Series, interdiffs: list[RevisionInterdiff]) -> list[Finding]:
    """`missing-changelog` for a v2+ revision whose notes say nothing; `undocumented-change`
    for interdiff changes the notes do not mention."""
    findings: list[Finding] = []
    by_new = {id(d.new): d for d in interdiffs}
    for rev in series.revisions:
        if rev.version < 2 or rev.resend or rev.version_inferred:
            continue
        notes = rev.changelog
        if not notes:
            findings.append(series_finding(
                "missing-changelog",
                f"v{rev.version} does not say what changed since the previous version "
                "(no `vN:`/`Changes since` notes after `---` or in the cover letter)",
                revision=rev.version, message_id=rev.message_id))
            continue
        interdiff = by_new.get(id(rev))
        if interdiff is None:
            continue
        for change in interdiff.patches:
            if change.status != "modified" or change.new is None:
                continue
            names = undocumented(change, rev.changelog_for(change.new.index))
            if names:
                shown = ", ".join(names[:MAX_NAMED]) + (" ..." if len(names) > MAX_NAMED else "")
                findings.append(series_finding(
                    "undocumented-change",
                    f"v{rev.version} changes {shown} since v{interdiff.old.version}, "
                    "which the changelog does not mention",
                    revision=rev.version, patch=change.new.index,
                    file=change.files[0].path if change.files else None,
                    message_id=change.new.message_id, details={"undocumented": names}))
    return findings
