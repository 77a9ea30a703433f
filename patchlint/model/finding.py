"""What patchlint says about a patch or a series, and how sure it is: the one `Finding` and
the one severity vocabulary every stage shares (analysis and rule engine make findings, the
report and the exit code judge them), kept below all of them so none imports another for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]

# most severe first; what a rule may declare and a finding may carry
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
# what `--fail-on` accepts: a severity, or `never` (no finding fails the run)
FailOnLevel = Literal["error", "warning", "info", "never"]
FAIL_ON_LEVELS: tuple[FailOnLevel, ...] = (*SEVERITIES, "never")

_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}


def rank(severity: str) -> int:
    """A severity or `--fail-on` level as a number (unknown names rank 0: below everything)."""
    return _RANK.get(severity, 0)


@dataclass(slots=True)
class Finding:
    """One thing a reviewer should look at, anchored as precisely as the evidence allows.
    Whoever makes it names the rule by code and name and says how sure it is (`severity`)."""

    rule: str
    code: str
    severity: str
    message: str
    revision: int | None = None
    patch: int | None = None
    file: str | None = None
    line: int | None = None
    message_id: str | None = None
    status: str = "open"  # open | resolved
    resolved_by: str | None = None  # the message that resolved it
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity,
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
