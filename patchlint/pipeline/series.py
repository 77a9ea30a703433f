"""One series, end to end: its diffs checked, every analysis, the rules (series rules on the
analyses' facts, patch rules on its patches), and its report entry. This is the unit of
work a worker process runs (`run.review_all`).

A new per-series analysis goes into `analyse_series` (and its facts into
`analysis.facts.SeriesAnalysis`); a new report field into `report.model.series_report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from patchlint.analysis.facts import SeriesAnalysis
from patchlint.analysis.profile import series_profiles
from patchlint.analysis.revisions.changelog import read_changelogs
from patchlint.analysis.revisions.compare import series_interdiffs
from patchlint.analysis.revisions.diffs import series_diffs
from patchlint.analysis.trailers.lineage import analyse_lineage
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.engine.registry import Selection, default_registry
from patchlint.engine.rule import Rule
from patchlint.engine.series_runner import series_findings
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache
from patchlint.model.finding import Severity
from patchlint.model.message import Diagnostic
from patchlint.model.series import Series
from patchlint.report.links import add_links
from patchlint.report.model import series_report
from patchlint.report.summary import summary_row, worst_open

if TYPE_CHECKING:
    from patchlint.analysis.approval import ApprovalConfig
    from patchlint.analysis.discussion.comments import ReviewComment
    from patchlint.analysis.revisions.compare import RevisionInterdiff, TreeReader
    from patchlint.c.kb.tree import TreeHeaders
    from patchlint.report.types import SeriesEntry, SummaryRow


@dataclass(frozen=True, slots=True)
class ReviewOptions:
    """What every series is reviewed with, and what of its review is sent back."""

    tree: TreeReader | None = None
    selection: Selection | None = None  # None: every rule
    approval: ApprovalConfig | None = None  # a MAINTAINERS file to judge approvals by
    summary: bool = False  # keep only the one-line summary of each series
    # the entry as its JSON text (indented as the report nests it), made where the series
    # was reviewed: encoding is spread over the workers and a string travels back cheaply
    as_json: bool = False
    config: Config = DEFAULT_CONFIG  # the run's configuration (limits, and for the rules)
    headers: TreeHeaders | None = None  # the tree's own headers (ops prototypes)

    @property
    def limits(self) -> Limits:
        return self.config.limits


@dataclass(slots=True)
class SeriesReview:
    """What reviewing one series gives the report: its entry (or summary row; or either as
    JSON text), the diagnostics found on the way, and the worst open finding on its newest
    revision (for --fail-on)."""

    entry: SeriesEntry | SummaryRow | str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    revisions: int = 0
    worst: Severity | None = None


def analyse_series(
    series: Series,
    tree: TreeReader | None = None,
    rules: Sequence[Rule] = (),
    diagnostics: list[Diagnostic] | None = None,
    approval: ApprovalConfig | None = None,
    diffs: DiffCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    config: Config = DEFAULT_CONFIG,
    headers: TreeHeaders | None = None,
) -> SeriesAnalysis:
    """Every analysis of one series (interdiffs, changelogs, trailer lineage, review
    comments, each patch's profile and, with a MAINTAINERS file, who has approved what),
    then `rules` (patch and series rules alike) judge it: `findings`, in report order.
    `diffs` holds the series' parsed diffs, shared by the interdiff and the rules (each
    diff is parsed once)."""
    diffs = diffs if diffs is not None else DiffCache(limits)
    interdiffs = series_interdiffs(series, tree, diffs, limits)
    comments = _comments(series, interdiffs)
    lineage = analyse_lineage(
        series, interdiffs, comments, approval.maintainers if approval is not None else None, tree
    )
    if approval is not None:  # the judge is imported only for runs that judge approvals
        from patchlint.analysis.approval import check_approvals
    analysis = SeriesAnalysis(
        interdiffs=interdiffs,
        lineage=lineage,
        comments=comments,
        approval=check_approvals(series, lineage, interdiffs, comments, approval)
        if approval is not None
        else None,
        changelogs=read_changelogs(series, interdiffs, comments, tree),
        profiles=series_profiles(
            series, config.profiles, approval.maintainers.format if approval else None
        ),
        maintainers=approval.maintainers if approval is not None else None,
    )
    analysis.findings = series_findings(
        series, analysis, rules, diagnostics, diffs, limits, config, headers
    )
    return analysis


def _comments(series: Series, interdiffs: list[RevisionInterdiff]) -> list[ReviewComment]:
    """The series' review comments; none without replies, and then the comment analysis
    is not even imported (a patch checked alone in a hook has no replies)."""
    if not any(rev.replies for rev in series.revisions):
        return []
    from patchlint.analysis.discussion.comments import review_comments

    return review_comments(series, interdiffs)


def review_series(series: Series, options: ReviewOptions) -> SeriesReview:
    """Everything patchlint says about one series; the unit of work a worker process runs."""
    selection = options.selection or default_registry().select()
    diagnostics: list[Diagnostic] = []
    diffs = DiffCache(options.limits)  # each diff parsed once for the series, dropped with it
    summaries = series_diffs(series, diagnostics, diffs, options.limits)
    analysis = _analyse(series, options, selection, diagnostics, diffs)
    if selection.per_file:  # per-file-ignores of the configuration
        analysis.findings[:] = [f for f in analysis.findings if selection.keeps(f.rule, f.file)]
    full = series_report(series, summaries, analysis, diffs)
    if options.config.archive.links:
        add_links(full, options.config.archive.url)
    worst = worst_open(full)
    entry: SeriesEntry | SummaryRow | str = summary_row(full) if options.summary else full
    if options.as_json:
        from patchlint.report.render import json_nested

        entry = json_nested(entry, 2)
    return SeriesReview(entry, diagnostics, len(series.revisions), worst)


def _analyse(
    series: Series,
    options: ReviewOptions,
    selection: Selection,
    diagnostics: list[Diagnostic],
    diffs: DiffCache,
) -> SeriesAnalysis:
    """One series' analyses; a failure (a bug hostile input found) costs that series its
    analyses, as a diagnostic, never the rest of the run."""
    try:
        return analyse_series(
            series,
            options.tree,
            selection.rules,
            diagnostics,
            options.approval,
            diffs,
            options.limits,
            options.config,
            options.headers,
        )
    except Exception as exc:
        first = series.revisions[0] if series.revisions else None
        diagnostics.append(
            Diagnostic(
                first.message_id if first else None,
                f"analysis of series {series.title!r} failed: {type(exc).__name__}: {exc}"[:300],
            )
        )
        return SeriesAnalysis()
