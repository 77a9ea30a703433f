"""Findings about a series itself (trailers, changelogs): what they say and which rule said it.

The rule engine (C rules, `rules/`) produces the same shape; series-level checks live in
`patchlint.analysis` because they read the whole thread, not one patch's added lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from patchlint.model.finding import Finding


@dataclass(frozen=True, slots=True)
class SeriesRule:
    """A series-level rule's identity: stable code, kebab-case name, default severity."""

    code: str
    name: str
    severity: str
    summary: str


SERIES_RULES: dict[str, SeriesRule] = {r.name: r for r in (
    SeriesRule("TR001", "unsubstantiated-trailer", "warning",
               "a review trailer in a patch with no on-list origin before it was posted"),
    SeriesRule("TR002", "stale-trailer", "warning",
               "a trailer carried into a revision whose patch changed materially"),
    SeriesRule("TR003", "missing-signoff", "error",
               "no Signed-off-by from the patch author"),
    SeriesRule("TR004", "signoff-author-mismatch", "warning",
               "the author's sign-off names another address than the one the patch is from"),
    SeriesRule("TR005", "malformed-trailer", "error",
               "a trailer with no address, a misspelt name, or wrapped over two lines"),
    SeriesRule("RV001", "missing-changelog", "warning",
               "a revision 2 or later whose notes say nothing about what changed"),
    SeriesRule("RV002", "undocumented-change", "info",
               "the interdiff changes functions or files the changelog never mentions"),
    SeriesRule("MA001", "missing-maintainer-approval", "warning",
               "a changed file has no approval from a maintainer of its most specific "
               "MAINTAINERS section (Xen check-in policy)"),
    SeriesRule("MA002", "missing-independent-approval", "warning",
               "no Reviewed-by from anyone, nor Acked-by from a maintainer, other than the "
               "patch's author (Xen check-in policy)"),
)}


def series_finding(rule: str, message: str, *, severity: str | None = None,
                   **where: Any) -> Finding:
    """A finding of the series-level rule named `rule`, with its code and (unless the
    evidence lowers it) its default severity."""
    meta = SERIES_RULES[rule]
    return Finding(rule, meta.code, severity or meta.severity, message, **where)
