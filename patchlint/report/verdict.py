"""Which findings decide a run: open findings on the newest revision of each series (what
would be applied), judged against a severity threshold. The CLI's exit code, the pre-send
hook, the b4 check adapters and the bot all ask the same question, so it is answered once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from patchlint.model.finding import rank


def current_findings(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Open findings on each series' newest revision (and those tied to no revision):
    findings a later revision left behind are history, reported but not judged."""
    for series in report["series"]:
        yield from series_current_findings(series)


def series_current_findings(series: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """`current_findings` of one series' report entry."""
    newest = series["revisions"][-1]["version"] if series["revisions"] else None
    for f in series["findings"]:
        if f.get("status", "open") == "open" and f["revision"] in (newest, None):
            yield f


def worst(findings: Iterable[dict[str, Any]]) -> str | None:
    """The highest severity among `findings` (None for none)."""
    return max((f["severity"] for f in findings), key=rank, default=None)


def at_or_above(findings: Iterable[dict[str, Any]], level: str) -> list[dict[str, Any]]:
    """The findings whose severity reaches `level` (`never`: none do)."""
    threshold = rank(level)
    return [f for f in findings if rank(f["severity"]) >= threshold]
