"""`patchlint who`: the approval part of the report, per revision - as JSON (schema
`patchlint-who/1`) or for the terminal - and the exit code the committer's question gets."""

from __future__ import annotations

import json
from typing import TypedDict

from patchlint.errors import UsageError
from patchlint.report.render import template
from patchlint.report.types import (
    Approval,
    MaintainersEntry,
    Report,
    RevisionState,
    ToolInfo,
)


class WhoRevision(TypedDict):
    version: int
    rfc: bool
    state: RevisionState
    message_id: str | None
    date: str | None
    approval: Approval | None


class WhoSeries(TypedDict):
    title: str
    author: str
    revisions: list[WhoRevision]


class WhoReport(TypedDict):
    """`patchlint who --format json` (schema `patchlint-who/1`)."""

    schema: str
    tool: ToolInfo
    maintainers: MaintainersEntry | None
    series: list[WhoSeries]


def who_view(report: Report) -> WhoReport:
    """`patchlint who --format json`: the approval part of the report, per revision."""
    return {
        "schema": "patchlint-who/1",
        "tool": report["tool"],
        "maintainers": report.get("maintainers"),
        "series": [
            {
                "title": s["title"],
                "author": s.get("author", ""),
                "revisions": [
                    {
                        "version": r["version"],
                        "rfc": r.get("rfc", False),
                        "state": r["state"],
                        "message_id": r["message_id"],
                        "date": r["date"],
                        "approval": r.get("approval"),
                    }
                    for r in s["revisions"]
                ],
            }
            for s in report["series"]
        ],
    }


def render_who(report: Report, fmt: str, show_all: bool = False) -> str:
    """`patchlint who`: who still has to approve what (rich markup, or JSON)."""
    if fmt == "json":
        return json.dumps(who_view(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        return template("rich", "who.j2").render(report=report, show_all=show_all)
    raise UsageError(f"unknown format {fmt!r}; choose one of: text, json")


def who_exit_code(report: Report) -> int:
    """1 when the revision that matters in some series is, by the Xen policy, not
    committable (withdrawn or missing approvals); 0 otherwise."""
    for s in report["series"]:
        for r in s["revisions"]:
            a = r.get("approval")
            if a and a["matters"] and a["committable"] is False:
                return 1
    return 0
