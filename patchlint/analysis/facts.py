"""What the analyses found about one series, in one container: what the report shows and
what the series rules judge."""

from __future__ import annotations

from dataclasses import dataclass, field

from patchlint.analysis.approval import SeriesApproval
from patchlint.analysis.discussion.comments import ReviewComment
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.analysis.trailers.lineage import Lineage
from patchlint.model.finding import Finding


@dataclass(slots=True)
class SeriesAnalysis:
    """The analyses of one series, for the report."""

    interdiffs: list[RevisionInterdiff] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    lineage: Lineage | None = None
    comments: list[ReviewComment] = field(default_factory=list)
    approval: SeriesApproval | None = None  # with a MAINTAINERS file
