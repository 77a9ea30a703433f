"""The summary report (`patchlint review --summary`, schema `patchlint-summary/1`): one row
of counts per series and totals per rule, for archive runs where the full report (every
interdiff, every comment) is more than anyone reads. Rows are made from a series' full
report entry, in the process that reviewed the series, so only the row travels back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from patchlint import __version__
from patchlint.model.finding import SEVERITIES
from patchlint.report.verdict import series_current_findings, worst

SUMMARY_SCHEMA_ID = "patchlint-summary/1"
COMMENT_STATES = ("open", "unchanged", "discussed", "addressed")


def _by_severity(findings: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = Counter(f["severity"] for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def worst_open(entry: Mapping[str, Any]) -> str | None:
    """The worst severity `--fail-on` judges in one series' report entry (its current
    findings: open, on the newest revision or about the whole series)."""
    return worst(series_current_findings(dict(entry)))


def summary_row(entry: Mapping[str, Any]) -> dict[str, Any]:
    """One series' line: what was posted, what was found, what is still open."""
    revisions = entry["revisions"]
    newest = revisions[-1] if revisions else None
    findings = entry["findings"]
    comments = Counter(c["status"] for c in entry["review_comments"])
    return {
        "title": entry["title"],
        "author": entry["author"],
        "message_id": newest["message_id"] if newest else None,
        "date": newest["date"] if newest else None,
        "versions": [r["version"] for r in revisions],
        "state": newest["state"] if newest else None,
        "patches": len(newest["patches"]) if newest else 0,
        "replies": sum(r["replies"] for r in revisions),
        "findings": _by_severity(findings),
        "open": _by_severity(series_current_findings(dict(entry))),
        "rules": dict(sorted(Counter(f["code"] for f in findings).items())),
        "review_comments": {s: comments.get(s, 0) for s in COMMENT_STATES},
    }


def rule_totals(rows: Iterable[Mapping[str, Any]],
                names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Per rule code: findings over all series and how many series have one."""
    findings: Counter[str] = Counter()
    series: Counter[str] = Counter()
    for row in rows:
        for code, n in row["rules"].items():
            findings[code] += n
            series[code] += 1
    return [{"code": code, "rule": names.get(code), "findings": findings[code],
             "series": series[code]} for code in sorted(findings)]


def summary_report(stats: Mapping[str, int], rows: list[dict[str, Any]],
                   names: Mapping[str, str], diagnostics: int) -> dict[str, Any]:
    """The whole summary; `names` maps rule codes to rule names."""
    totals = {
        "findings": {s: sum(r["findings"][s] for r in rows) for s in SEVERITIES},
        "open": {s: sum(r["open"][s] for r in rows) for s in SEVERITIES},
    }
    return {
        "schema": SUMMARY_SCHEMA_ID,
        "tool": {"name": "patchlint", "version": __version__},
        "stats": dict(stats),
        "series": rows,
        "rules": rule_totals(rows, names),
        "totals": totals,
        "diagnostics": diagnostics,
    }
