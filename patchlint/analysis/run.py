"""Everything patchlint works out about one series between and across its revisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from patchlint.analysis.changelog import check_changelogs
from patchlint.analysis.compare import RevisionInterdiff, TreeReader, series_interdiffs
from patchlint.analysis.findings import Finding
from patchlint.model.series import Series


@dataclass(slots=True)
class SeriesAnalysis:
    """The analyses of one series, for the report."""

    interdiffs: list[RevisionInterdiff] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def analyse_series(series: Series, tree: TreeReader | None = None) -> SeriesAnalysis:
    interdiffs = series_interdiffs(series, tree)
    findings = check_changelogs(series, interdiffs)
    return SeriesAnalysis(interdiffs=interdiffs, findings=findings)
