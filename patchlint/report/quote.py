"""The lines of a patch a finding refers to, as a reviewer would quote them: the file's
`---`/`+++` header, the hunk header, the offending post-image line(s) and a little context.

Every output format shows the same excerpt (the email quotes only the `hit` lines), so it is
computed once, in the report model, from the patch that was linted.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from patchlint import lazyre
from patchlint.model.diff import DiffCache, file_paths, parse_with
from patchlint.model.patch import Patch
from patchlint.model.udiff import Hunk, Line, PatchSet

if TYPE_CHECKING:
    from patchlint.report.types import FindingEntry, Quote, QuoteLine

CONTEXT = 3  # lines shown around the offending ones (text, markdown, HTML)
CONTINUATION = 6  # at most this many more lines for a statement whose parentheses are open


def parsed(patch: Patch, cache: DiffCache | None = None) -> PatchSet | None:
    """The patch's diff parsed (through the series' cache when there is one), or None when
    it does not parse (a diagnostic says so)."""
    if not patch.diff.strip():
        return None
    try:
        return parse_with(cache, patch.diff)
    except (ValueError, IndexError):
        return None


def _open_parens(text: str) -> int:
    return text.count("(") - text.count(")")


def _hit_range(hunk: Hunk, line: int) -> tuple[int, int] | None:
    """Indexes (first, last) in the hunk of the post-image line `line` and, when it opens a
    parenthesis it does not close (a prototype or call over several lines), the lines that
    continue it."""
    rows = list(hunk)
    first = next(
        (i for i, ln in enumerate(rows) if ln.target_line_no == line and ln.line_type in "+ "), None
    )
    if first is None:
        return None
    depth = _open_parens(rows[first].value)
    last = first
    while depth > 0 and last + 1 < len(rows) and last - first < CONTINUATION:
        nxt = rows[last + 1]
        if nxt.line_type not in "+ ":
            break
        last += 1
        depth += _open_parens(nxt.value)
    return first, last


def _row(ln: Line, hit: bool) -> QuoteLine:
    return {
        "text": ln.line_type + ln.value.rstrip("\r\n"),
        "old": ln.source_line_no,
        "new": ln.target_line_no,
        "hit": hit,
    }


def diff_quote(patchset: PatchSet, file: str, line: int) -> Quote | None:
    """The excerpt of `file` around post-image `line`, or None when the diff has no such line."""
    for pf in patchset:
        if file_paths(pf)[2] != file:
            continue
        for hunk in pf:
            found = _hit_range(hunk, line)
            if found is None:
                continue
            first, last = found
            rows = list(hunk)
            lo, hi = max(0, first - CONTEXT), min(len(rows), last + CONTEXT + 1)
            return {
                "file": file,
                "old_header": f"--- {pf.source_file}",
                "new_header": f"+++ {pf.target_file}",
                "hunk": str(hunk).split("\n", 1)[0],
                "lines": [
                    _row(rows[i], first <= i <= last)
                    for i in range(lo, hi)
                    if rows[i].line_type in "+- "
                ],
            }
    return None


def trailer_quote(patch: Patch, trailer: str) -> Quote | None:
    """A finding about a trailer quotes the trailer line as the patch mail has it."""
    for tr in patch.trailers:
        if f"{tr.name}: {tr.value}" == trailer:
            return {
                "file": None,
                "old_header": None,
                "new_header": None,
                "hunk": None,
                "lines": [{"text": trailer, "old": None, "new": None, "hit": True}],
            }
    return None


def finding_quote(
    finding: FindingEntry, patch: Patch | None, patchset: PatchSet | None
) -> Quote | None:
    """What to quote for one finding (a report entry still without quote), or None."""
    if patch is None:
        return None
    file, line = finding["file"], finding["line"]
    if file and line and patchset is not None:
        return diff_quote(patchset, file, line)
    trailer = finding.get("details", {}).get("trailer")
    if isinstance(trailer, str):
        return trailer_quote(patch, trailer)
    return None


_DIGITS = lazyre.compile(r"\d+")


def fingerprint(finding: FindingEntry, title: str) -> str:
    """A hash that stays the same while the same problem stays in the same code: the rule,
    the file, the offending lines without whitespace and the patch title - not line numbers,
    revision numbers or dates, which change when nothing else does."""
    quote = finding.get("quote")
    if quote is not None:
        evidence = "\n".join(
            " ".join(r["text"][1:].split()) if quote["file"] else r["text"]
            for r in quote["lines"]
            if r["hit"]
        )
    else:
        evidence = _DIGITS.sub("#", finding["message"])
    key = "\0".join([finding["code"], finding.get("file") or "", title, evidence])
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]
