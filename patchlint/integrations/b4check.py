"""b4's check-command protocols, spoken by `patchlint check --format checkpatch|b4-review`.

b4 runs a check command once per patch with the patch mail on stdin:

- `b4.prep-perpatch-check-cmd` (`b4 prep --check`) and `b4.am-perpatch-check-cmd` (`b4 am`,
  `b4 shazam`) read stdout line by line: a line containing `ERROR:` is a failure, any other
  line a warning, every stderr line a failure, and no output at all means "passed" (or a
  failure when the exit code is not 0). So the checkpatch format prints exactly one line per
  finding and nothing else (`report.check_text.checkpatch_text`).
- `b4.review-perpatch-check-cmd` (`b4 review`) reads a JSON **array** of results (b4's
  documented protocol, docs/maintainer/review.rst "Writing an external check script"; b4
  0.16 wraps a lone object only by leniency): `[{tool, status: pass|warn|fail, summary, url,
  details}]`; `details` is shown as a list when it is a JSON list of `{status, description}`
  (what b4 does for checkpatch itself).
"""

from __future__ import annotations

import json
from typing import Literal, TypedDict

from patchlint.model.finding import SEVERITIES, Severity
from patchlint.report.check_text import checkpatch_text as render_checkpatch
from patchlint.report.types import FindingEntry, Report
from patchlint.report.verdict import at_or_above, current_findings
from patchlint.report.words import count

TOOL = "patchlint"
B4Status = Literal["pass", "warn", "fail"]
_B4_STATUS: dict[Severity, B4Status] = {"error": "fail", "warning": "warn", "info": "pass"}


class B4Result(TypedDict):
    """One `b4 review` check result (what `review-perpatch-check-cmd` prints)."""

    tool: str
    status: B4Status
    summary: str
    url: str
    details: str  # a JSON list of {status, description}, or ""


def checkpatch_text(report: Report) -> str:
    """The open findings on the newest revision, one checkpatch-style line each."""
    return render_checkpatch(list(current_findings(report)))


def b4_review_output(results: list[B4Result]) -> str:
    """What a b4 review check command prints: the results as one JSON array."""
    return json.dumps(results)


def b4_review_result(report: Report, fail_on: str) -> B4Result:
    """The b4 review check result over the open findings on each series' newest revision:
    `fail` when a finding reaches `fail_on`, else `warn` when any warning or error remains,
    else `pass` (notes are listed but do not warn)."""
    patches = report.get("stats", {}).get("patches", 0)
    return _result(
        list(current_findings(report)),
        fail_on,
        "passed all checks" if patches else "no patch in the input",
    )


def b4_series_result(report: Report, message_id: str, fail_on: str) -> B4Result:
    """The result of a series check (`b4.review-series-check-cmd`): the open findings on
    the revision whose cover letter (or first patch) is `message_id`, with its earlier
    revisions as context; a later revision in the input does not change what is judged."""
    for series in report["series"]:
        for revision in series["revisions"]:
            cover = revision["cover"]
            ids = {cover["message_id"]} if cover is not None else set()
            ids.update(p["message_id"] for p in revision["patches"])
            if message_id in ids:
                findings = [
                    f
                    for f in series["findings"]
                    if f["revision"] == revision["version"] and f.get("status", "open") == "open"
                ]
                earlier = [r for r in series["revisions"] if r is not revision]
                context = (
                    f"v{revision['version']}, with "
                    + ", ".join(f"v{r['version']}" for r in earlier)
                    if earlier
                    else f"v{revision['version']}, no earlier revision found"
                )
                return _result(findings, fail_on, "passed the series checks", context)
    return {
        "tool": TOOL,
        "status": "warn",
        "url": "",
        "details": "",
        "summary": f"<{message_id}> is not a cover letter or patch of a series "
        "patchlint found in the thread",
    }


def _result(findings: list[FindingEntry], fail_on: str, clean: str, context: str = "") -> B4Result:
    """`fail` when a finding reaches `fail_on`, else `warn` when any warning or error
    remains, else `pass`; `clean` is the summary when nothing is left to say, `context`
    (which revisions were looked at) is added to it in parentheses."""
    by_level = {level: [f for f in findings if f["severity"] == level] for level in SEVERITIES}
    status: B4Status
    if fail_on != "never" and at_or_above(findings, fail_on):
        status = "fail"
    elif by_level["error"] or by_level["warning"]:
        status = "warn"
    else:
        status = "pass"
    words: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}
    parts = [count(len(by_level[level]), words[level]) for level in SEVERITIES if by_level[level]]
    summary = (", ".join(parts) if parts else clean) + (f" ({context})" if context else "")
    lines = render_checkpatch(findings).splitlines()
    details = [
        {"status": _B4_STATUS.get(f["severity"], "warn"), "description": line}
        for f, line in zip(findings, lines, strict=True)
    ]
    return {
        "tool": TOOL,
        "status": status,
        "summary": summary,
        "url": "",
        "details": json.dumps(details) if details else "",
    }
