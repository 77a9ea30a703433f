"""The whole run: every input read and grouped in this process (grouping must see every
message before it can say which series a mail belongs to), then each series reviewed on its
own (`series.review_series`), in worker processes with `jobs > 1`, and the entries put back
in grouping order, so the report does not depend on the number of jobs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.revisions.compare import TreeReader
from patchlint.engine.registry import Selection, default_registry
from patchlint.ingest import read_messages
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic
from patchlint.model.series import Grouping, Series
from patchlint.pipeline.series import ReviewOptions, SeriesReview, review_series
from patchlint.pipeline.workers import Workers
from patchlint.report.model import assemble_report


def load(paths: Iterable[str], progress: Callable[[int], None] | None = None,
         limits: Limits = DEFAULT_LIMITS) -> tuple[Grouping, list[Diagnostic]]:
    """Read every input and group it into series (the model, before any analysis)."""
    diagnostics: list[Diagnostic] = []
    messages = read_messages(paths, diagnostics, progress, limits)
    return group_messages(messages, diagnostics, limits), diagnostics


def series_workers(options: ReviewOptions, jobs: int) -> Workers[Series, SeriesReview]:
    """`jobs` processes that review series with `options`, forked now: make them before
    the mail is read, so they do not inherit it (see `workers`)."""
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
           limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Read every input, group it, review each series, and return the report model;
    with `approval` (a MAINTAINERS file), who must approve each revision and who has."""
    options = ReviewOptions(tree, selection, approval, limits=limits)
    with series_workers(options, jobs) as workers:
        grouping, diagnostics = load(paths, progress, limits)
        return _report(grouping, diagnostics, workers, approval)


def review_grouping(grouping: Grouping, diagnostics: list[Diagnostic],
                    tree: TreeReader | None = None, selection: Selection | None = None,
                    approval: ApprovalConfig | None = None, jobs: int = 1,
                    limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Review each series of an existing grouping and return the report model (for callers
    that read mail themselves: the pre-send hook, the bot)."""
    options = ReviewOptions(tree, selection, approval, limits=limits)
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
