"""Findings about a series itself (trailers, changelogs): what they say and which rule said it.

The rule engine (C rules, `rules/`) produces the same shape; series-level checks live in
`patchlint.analysis` because they read the whole thread, not one patch's added lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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


@dataclass(slots=True)
class Finding:
    """One thing a reviewer should look at, anchored as precisely as the evidence allows."""

    rule: str
    message: str
    revision: int | None = None
    patch: int | None = None
    file: str | None = None
    line: int | None = None
    message_id: str | None = None
    status: str = "open"  # open | resolved
    resolved_by: str | None = None  # the message that resolved it
    severity: str | None = None  # default: the rule's
    details: dict[str, Any] = field(default_factory=dict)
    rule_code: str | None = None  # set by the rule engine; series rules look theirs up

    @property
    def code(self) -> str:
        return self.rule_code or SERIES_RULES[self.rule].code

    @property
    def effective_severity(self) -> str:
        return self.severity or SERIES_RULES[self.rule].severity

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": self.effective_severity,
            "revision": self.revision,
            "patch": self.patch,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "message_id": self.message_id,
            "status": self.status,
            "resolved_by": self.resolved_by,
            "details": self.details,
        }
