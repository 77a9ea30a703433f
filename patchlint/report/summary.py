"""The summary report (`patchlint review --summary`, schema `patchlint-summary/1`): one row
of counts per series and totals per rule, for archive runs where the full report (every
interdiff, every comment) is more than anyone reads. Rows are made from a series' full
report entry, in the process that reviewed the series, so only the row travels back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from patchlint import __version__
from patchlint.model.finding import Severity
from patchlint.report.verdict import by_severity, series_current_findings, worst

if TYPE_CHECKING:
    from patchlint.report.types import (
        CommentCounts,
        RuleTotal,
        SeriesEntry,
        Stats,
        Summary,
        SummaryRow,
    )

SUMMARY_SCHEMA_ID: Final = "patchlint-summary/1"


def worst_open(entry: SeriesEntry) -> Severity | None:
    """The worst severity `--fail-on` judges in one series' report entry (its current
    findings: open, on the newest revision or about the whole series)."""
    return worst(series_current_findings(entry))


def summary_row(entry: SeriesEntry) -> SummaryRow:
    """One series' line: what was posted, what was found, what is still open."""
    revisions = entry["revisions"]
    newest = revisions[-1] if revisions else None
    findings = entry["findings"]
    comments = Counter(c["status"] for c in entry["review_comments"])
    review_comments: CommentCounts = {
        "open": comments["open"],
        "unchanged": comments["unchanged"],
        "discussed": comments["discussed"],
        "addressed": comments["addressed"],
    }
    return {
        "title": entry["title"],
        "author": entry["author"],
        "message_id": newest["message_id"] if newest else None,
        "date": newest["date"] if newest else None,
        "versions": [r["version"] for r in revisions],
        "state": newest["state"] if newest else None,
        "patches": len(newest["patches"]) if newest else 0,
        "replies": sum(r["replies"] for r in revisions),
        "findings": by_severity(findings),
        "open": by_severity(series_current_findings(entry)),
        "rules": dict(sorted(Counter(f["code"] for f in findings).items())),
        "review_comments": review_comments,
    }


def rule_totals(rows: Iterable[SummaryRow], names: Mapping[str, str]) -> list[RuleTotal]:
    """Per rule code: findings over all series and how many series have one."""
    findings: Counter[str] = Counter()
    series: Counter[str] = Counter()
    for row in rows:
        for code, n in row["rules"].items():
            findings[code] += n
            series[code] += 1
    return [
        {"code": code, "rule": names.get(code), "findings": findings[code], "series": series[code]}
        for code in sorted(findings)
    ]


def summary_report(
    stats: Stats, rows: list[SummaryRow], names: Mapping[str, str], diagnostics: int
) -> Summary:
    """The whole summary; `names` maps rule codes to rule names."""
    return {
        "schema": SUMMARY_SCHEMA_ID,
        "tool": {"name": "patchlint", "version": __version__},
        "stats": dict(stats),
        "series": rows,
        "rules": rule_totals(rows, names),
        "totals": {
            "findings": {
                "error": sum(r["findings"]["error"] for r in rows),
                "warning": sum(r["findings"]["warning"] for r in rows),
                "info": sum(r["findings"]["info"] for r in rows),
            },
            "open": {
                "error": sum(r["open"]["error"] for r in rows),
                "warning": sum(r["open"]["warning"] for r in rows),
                "info": sum(r["open"]["info"] for r in rows),
            },
        },
        "diagnostics": diagnostics,
    }
