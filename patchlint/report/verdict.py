"""Which findings decide a run: open findings on the newest revision of each series (what
would be applied), judged against a severity threshold. The CLI's exit code, the pre-send
hook, the b4 check adapters and the bot all ask the same question, so it is answered once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypedDict

from patchlint.model.finding import Severity, rank

if TYPE_CHECKING:
    from patchlint.report.types import (
        FindingEntry,
        Report,
        RevisionState,
        SeriesEntry,
        SeverityCounts,
    )


def current_findings(report: Report) -> Iterator[FindingEntry]:
    """Open findings on each series' newest revision (and those tied to no revision):
    findings a later revision left behind are history, reported but not judged."""
    for series in report["series"]:
        yield from series_current_findings(series)


def series_current_findings(series: SeriesEntry) -> Iterator[FindingEntry]:
    """`current_findings` of one series' report entry."""
    newest = series["revisions"][-1]["version"] if series["revisions"] else None
    for f in series["findings"]:
        if f.get("status", "open") == "open" and f["revision"] in (newest, None):
            yield f


def worst(findings: Iterable[FindingEntry]) -> Severity | None:
    """The highest severity among `findings` (None for none)."""
    return max((f["severity"] for f in findings), key=rank, default=None)


def at_or_above(findings: Iterable[FindingEntry], level: str) -> list[FindingEntry]:
    """The findings whose severity reaches `level` (`never`: none do)."""
    threshold = rank(level)
    return [f for f in findings if rank(f["severity"]) >= threshold]


def by_severity(findings: Iterable[FindingEntry]) -> SeverityCounts:
    """How many findings of each severity."""
    counts = Counter(f["severity"] for f in findings)
    return {"error": counts["error"], "warning": counts["warning"], "info": counts["info"]}


def exit_code(findings: Iterable[FindingEntry], fail_on: str) -> int:
    """The run's exit code for its current findings: 1 when one reaches `fail_on`, else 0."""
    return 1 if at_or_above(findings, fail_on) else 0


class SeriesVerdict(TypedDict):
    """What is still open on one series' newest revision."""

    version: int | None
    state: RevisionState | None
    open: SeverityCounts


class RunVerdict(TypedDict):
    """The closing line of a text review: what is open, per series and in all, and the exit
    code the run ends with at `fail_on`."""

    series: list[SeriesVerdict]
    open: SeverityCounts
    fail_on: str
    exit: int


def run_verdict(report: Report, fail_on: str) -> RunVerdict:
    """Per series and overall: the open findings `--fail-on` judges, and the exit code."""
    series: list[SeriesVerdict] = []
    for entry in report["series"]:
        newest = entry["revisions"][-1] if entry["revisions"] else None
        series.append(
            {
                "version": newest["version"] if newest else None,
                "state": newest["state"] if newest else None,
                "open": by_severity(series_current_findings(entry)),
            }
        )
    current = list(current_findings(report))
    return {
        "series": series,
        "open": by_severity(current),
        "fail_on": fail_on,
        "exit": exit_code(current, fail_on),
    }
