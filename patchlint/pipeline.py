"""The review pipeline, stage by stage: ingest -> model -> report model."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.compare import TreeReader
from patchlint.analysis.diffs import check_diffs
from patchlint.analysis.run import SeriesAnalysis, analyse_series
from patchlint.engine.registry import Selection, default_registry
from patchlint.ingest import read_messages
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic
from patchlint.model.series import Grouping, Series
from patchlint.report.model import build_report


def load(paths: Iterable[str], progress: Callable[[int], None] | None = None,
         limits: Limits = DEFAULT_LIMITS) -> tuple[Grouping, list[Diagnostic]]:
    """Read every input and group it into series (the model, before any analysis)."""
    diagnostics: list[Diagnostic] = []
    messages = read_messages(paths, diagnostics, progress, limits)
    return group_messages(messages, diagnostics, limits), diagnostics


def _analyse(series: Series, tree: TreeReader | None, selection: Selection,
             diagnostics: list[Diagnostic], approval: ApprovalConfig | None,
             limits: Limits) -> SeriesAnalysis:
    """One series' analyses; a failure (a bug hostile input found) costs that series its
    analyses, as a diagnostic, never the rest of the run."""
    try:
        return analyse_series(series, tree, selection.rules, diagnostics, selection.series,
                              approval, limits)
    except Exception as exc:
        first = series.revisions[0] if series.revisions else None
        diagnostics.append(Diagnostic(
            first.message_id if first else None,
            f"analysis of series {series.title!r} failed: {type(exc).__name__}: {exc}"[:300]))
        return SeriesAnalysis()


def review(paths: Iterable[str], progress: Callable[[int], None] | None = None,
           tree: TreeReader | None = None, selection: Selection | None = None,
           approval: ApprovalConfig | None = None,
           limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Read every input, group it, analyse each series, and return the report model;
    with `approval` (a MAINTAINERS file), who must approve each revision and who has."""
    grouping, diagnostics = load(paths, progress, limits)
    return review_grouping(grouping, diagnostics, tree, selection, approval, limits)


def review_grouping(grouping: Grouping, diagnostics: list[Diagnostic],
                    tree: TreeReader | None = None, selection: Selection | None = None,
                    approval: ApprovalConfig | None = None,
                    limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Analyse each series of an existing grouping and return the report model (for
    callers that read mail themselves: the pre-send hook, the bot)."""
    diffs = check_diffs(grouping, diagnostics, limits)
    selection = selection or default_registry().select()
    analyses = {id(s): _analyse(s, tree, selection, diagnostics, approval, limits)
                for s in grouping.series}
    if selection.per_file:
        for analysis in analyses.values():
            analysis.findings[:] = [f for f in analysis.findings
                                    if selection.keeps(f.rule, f.file)]
    return build_report(grouping, diagnostics, diffs, analyses, approval)
