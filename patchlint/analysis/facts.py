"""What the analyses found about one series, in one container: what the report shows and
what the series rules judge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from patchlint.analysis.revisions.changelog import RevisionChangelog
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.analysis.trailers.lineage import Lineage
from patchlint.model.finding import Finding
from patchlint.model.profile import PatchProfile

if TYPE_CHECKING:
    from patchlint.analysis.approval import SeriesApproval
    from patchlint.analysis.discussion.comments import ReviewComment
    from patchlint.maintainers.file import MaintainersFile


@dataclass(slots=True)
class SeriesAnalysis:
    """The analyses of one series: for the report, and for the series rules to judge
    (`findings` is filled with every rule's findings once they have)."""

    interdiffs: list[RevisionInterdiff] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what the rules decided
    lineage: Lineage | None = None
    comments: list[ReviewComment] = field(default_factory=list)
    approval: SeriesApproval | None = None  # with a MAINTAINERS file
    changelogs: list[RevisionChangelog] = field(default_factory=list)
    # each patch's project profile (posted and proposed), by message key
    profiles: dict[str, PatchProfile] = field(default_factory=dict)
    # the MAINTAINERS file the run was given (who maintains what, through which tree)
    maintainers: MaintainersFile | None = None
