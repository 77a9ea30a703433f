"""The review pipeline, stage by stage: ingest -> model -> per-series review -> report model.

Ingest and grouping run in this process: grouping must see every message before it can say
which series a mail belongs to. Each series is then reviewed on its own (`review_series`:
diff checks, analyses, rules, its report entry), in worker processes with `jobs > 1`, and the
entries are put back in grouping order, so the report does not depend on the number of jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.compare import TreeReader
from patchlint.analysis.diffs import series_diffs
from patchlint.analysis.run import SeriesAnalysis, analyse_series
from patchlint.engine.registry import Selection, default_registry
from patchlint.ingest import read_messages
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic
from patchlint.model.series import Grouping, Series
from patchlint.parallel import Workers
from patchlint.report.model import assemble_report, series_report
from patchlint.report.render import json_nested
from patchlint.report.summary import summary_row, worst_open

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders


def load(paths: Iterable[str], progress: Callable[[int], None] | None = None,
         limits: Limits = DEFAULT_LIMITS) -> tuple[Grouping, list[Diagnostic]]:
    """Read every input and group it into series (the model, before any analysis)."""
    diagnostics: list[Diagnostic] = []
    messages = read_messages(paths, diagnostics, progress, limits)
    return group_messages(messages, diagnostics, limits), diagnostics


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
    limits: Limits = DEFAULT_LIMITS
    headers: TreeHeaders | None = None  # the tree's own headers (ops prototypes)


@dataclass(slots=True)
class SeriesReview:
    """What reviewing one series gives the report: its entry (or summary row; or either as
    JSON text), the diagnostics found on the way, and the worst open finding on its newest
    revision (for --fail-on)."""

    entry: dict[str, Any] | str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    revisions: int = 0
    worst: str | None = None  # error | warning | info | None


def review_series(series: Series, options: ReviewOptions) -> SeriesReview:
    """Everything patchlint says about one series; the unit of work a worker process runs.
    A new per-series analysis goes into `analyse_series` (analysis/run.py); a new report
    field into `series_report` (report/model.py)."""
    selection = options.selection or default_registry().select()
    diagnostics: list[Diagnostic] = []
    diffs = DiffCache(options.limits)  # each diff parsed once for the series, dropped with it
    summaries = series_diffs(series, diagnostics, diffs, options.limits)
    analysis = _analyse(series, options, selection, diagnostics, diffs)
    if selection.per_file:  # per-file-ignores of the configuration
        analysis.findings[:] = [f for f in analysis.findings if selection.keeps(f.rule, f.file)]
    entry: dict[str, Any] | str = series_report(series, summaries, analysis, diffs)
    assert isinstance(entry, dict)
    worst = worst_open(entry)
    if options.summary:
        entry = summary_row(entry)
    if options.as_json:
        entry = json_nested(entry, 2)
    return SeriesReview(entry, diagnostics, len(series.revisions), worst)


def _analyse(series: Series, options: ReviewOptions, selection: Selection,
             diagnostics: list[Diagnostic], diffs: DiffCache) -> SeriesAnalysis:
    """One series' analyses; a failure (a bug hostile input found) costs that series its
    analyses, as a diagnostic, never the rest of the run."""
    try:
        return analyse_series(series, options.tree, selection.rules, diagnostics,
                              selection.series, options.approval, diffs, options.limits,
                              options.headers)
    except Exception as exc:
        first = series.revisions[0] if series.revisions else None
        diagnostics.append(Diagnostic(
            first.message_id if first else None,
            f"analysis of series {series.title!r} failed: {type(exc).__name__}: {exc}"[:300]))
        return SeriesAnalysis()


def series_workers(options: ReviewOptions, jobs: int) -> Workers[Series, SeriesReview]:
    """`jobs` processes that review series with `options`, forked now: make them before
    the mail is read, so they do not inherit it (see `parallel`)."""
    if options.selection is None:  # load the rules once, before the workers are forked
        options = replace(options, selection=default_registry().select())
    return Workers(partial(review_series, options=options), jobs)


def review_all(grouping: Grouping, workers: Workers[Series, SeriesReview],
               progress: Callable[[SeriesReview], None] | None = None) -> Iterator[SeriesReview]:
    """Every series reviewed by `workers`, in grouping order."""
    for result in workers.map(grouping.series):
        if progress is not None:
            progress(result)
        yield result


def review(paths: Iterable[str], progress: Callable[[int], None] | None = None,
           tree: TreeReader | None = None, selection: Selection | None = None,
           approval: ApprovalConfig | None = None, jobs: int = 1,
           limits: Limits = DEFAULT_LIMITS,
           headers: TreeHeaders | None = None) -> dict[str, Any]:
    """Read every input, group it, review each series, and return the report model;
    with `approval` (a MAINTAINERS file), who must approve each revision and who has;
    with `headers`, rules read ops prototypes from that tree."""
    options = ReviewOptions(tree, selection, approval, limits=limits, headers=headers)
    with series_workers(options, jobs) as workers:
        grouping, diagnostics = load(paths, progress, limits)
        return _report(grouping, diagnostics, workers, approval)


def review_grouping(grouping: Grouping, diagnostics: list[Diagnostic],
                    tree: TreeReader | None = None, selection: Selection | None = None,
                    approval: ApprovalConfig | None = None, jobs: int = 1,
                    limits: Limits = DEFAULT_LIMITS,
                    headers: TreeHeaders | None = None) -> dict[str, Any]:
    """Review each series of an existing grouping and return the report model (for callers
    that read mail themselves: the pre-send hook, the bot)."""
    options = ReviewOptions(tree, selection, approval, limits=limits, headers=headers)
    with series_workers(options, jobs) as workers:
        return _report(grouping, diagnostics, workers, approval)


def _report(grouping: Grouping, diagnostics: list[Diagnostic],
            workers: Workers[Series, SeriesReview],
            approval: ApprovalConfig | None) -> dict[str, Any]:
    entries = []
    for result in review_all(grouping, workers):
        assert isinstance(result.entry, dict)
        entries.append(result.entry)
        diagnostics.extend(result.diagnostics)
    return assemble_report(grouping, diagnostics, entries, approval)
