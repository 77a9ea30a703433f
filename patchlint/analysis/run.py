"""Everything patchlint works out about one series between and across its revisions."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from patchlint.analysis.approval import ApprovalConfig, SeriesApproval, check_approvals
from patchlint.analysis.changelog import check_changelogs
from patchlint.analysis.comments import ReviewComment, review_comments
from patchlint.analysis.compare import RevisionInterdiff, TreeReader, series_interdiffs
from patchlint.analysis.findings import SERIES_RULES
from patchlint.analysis.lineage import Lineage, analyse_lineage
from patchlint.engine.rule import Rule
from patchlint.engine.runner import Where, lint_patch
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache
from patchlint.model.finding import Finding
from patchlint.model.message import Diagnostic
from patchlint.model.series import Series

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders


@dataclass(slots=True)
class SeriesAnalysis:
    """The analyses of one series, for the report."""

    interdiffs: list[RevisionInterdiff] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    lineage: Lineage | None = None
    comments: list[ReviewComment] = field(default_factory=list)
    approval: SeriesApproval | None = None  # with a MAINTAINERS file


def analyse_series(series: Series, tree: TreeReader | None = None,
                   rules: Sequence[Rule] = (), diagnostics: list[Diagnostic] | None = None,
                   series_rules: Set[str] = frozenset(SERIES_RULES),
                   approval: ApprovalConfig | None = None,
                   diffs: DiffCache | None = None,
                   limits: Limits = DEFAULT_LIMITS,
                   headers: TreeHeaders | None = None) -> SeriesAnalysis:
    """Interdiffs, series-level findings, the rules run over every patch of every
    revision and every patch proposed in a reply, and (with a MAINTAINERS file) who has
    approved what. `diffs` holds the series' parsed diffs, shared by the interdiff and the
    rules (each diff is parsed once)."""
    diffs = diffs if diffs is not None else DiffCache(limits)
    interdiffs = series_interdiffs(series, tree, diffs, limits)
    lineage = analyse_lineage(series, interdiffs)
    findings = [f for f in check_changelogs(series, interdiffs) + lineage.findings
                if f.rule in series_rules]
    if rules:
        for rev in series.revisions:
            for patch in rev.sorted_patches:
                findings.extend(lint_patch(patch, rules, Where(rev.version), diagnostics,
                                           diffs, limits, headers))
            for reply, proposal in rev.proposed:
                findings.extend(lint_patch(proposal, rules, Where(
                    rev.version, proposed_in=reply.message.message_id), diagnostics, diffs,
                    limits, headers))
    comments = review_comments(series, interdiffs)
    approvals = None
    if approval is not None:
        approvals = check_approvals(series, lineage, interdiffs, comments, approval)
        findings.extend(f for f in approvals.findings if f.rule in series_rules)
    return SeriesAnalysis(interdiffs=interdiffs, findings=findings, lineage=lineage,
                          comments=comments, approval=approvals)
