"""The whole run: every input read and grouped in this process (grouping must see every
message before it can say which series a mail belongs to; it groups unit by unit,
`pipeline.units`, as the Dask run does), then each series reviewed on its
own (`series.review_series`), in worker processes with `jobs > 1`, and the entries put back
in grouping order, so the report does not depend on the number of jobs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, cast

from patchlint.analysis.trailers.practice import mark_practice
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.engine.registry import Selection, default_registry
from patchlint.ingest import read_messages
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.finding import Severity
from patchlint.model.message import Diagnostic
from patchlint.model.series import Grouping, Series
from patchlint.pipeline.collector import batch_collection, settle
from patchlint.pipeline.series import ReviewOptions, SeriesReview, review_series
from patchlint.pipeline.units import group_by_units
from patchlint.pipeline.workers import Workers
from patchlint.report.model import assemble_report

if TYPE_CHECKING:
    from patchlint.analysis.approval import ApprovalConfig
    from patchlint.analysis.revisions.compare import TreeReader
    from patchlint.c.kb.tree import TreeHeaders
    from patchlint.report.types import Report, SeriesEntry, SummaryRow


def wants_signoff_index(selection: Selection | None) -> bool:
    """Whether the run's rules read the input-wide sign-off index (`mark_practice`): only
    TR004 does, and the index costs a sign-off verdict for every patch of the input, so a
    run without TR004 (the default) does not build it."""
    chosen = selection or default_registry().select()
    return any(rule.name == "signoff-author-mismatch" for rule in chosen.rules)


def load(
    paths: Iterable[str],
    progress: Callable[[int], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    sources: dict[str, str] | None = None,
    practice: bool = True,
) -> tuple[Grouping, list[Diagnostic]]:
    """Read every input and group it into series (the model, before any analysis);
    `sources`, if given, gets where each message was read (`file`, `mbox#n`) by its key;
    `practice`: mark each series' share of the input-wide sign-off index (TR004's)."""
    diagnostics: list[Diagnostic] = []
    messages = read_messages(paths, diagnostics, progress, limits)
    grouping, read_from = group_by_units(messages, diagnostics, limits)
    if practice:  # input-wide: each series carries its share to the workers
        mark_practice(grouping.series)
    if sources is not None:
        sources.update(read_from)
    return grouping, diagnostics


def series_workers(options: ReviewOptions, jobs: int) -> Workers[Series, SeriesReview]:
    """`jobs` processes that review series with `options`, forked now: make them before
    the mail is read, so they do not inherit it (see `workers`)."""
    if options.selection is None:  # load the rules once, before the workers are forked
        options = replace(options, selection=default_registry().select())
    return Workers(partial(review_series, options=options), jobs)


def review_all(
    grouping: Grouping,
    workers: Workers[Series, SeriesReview],
    progress: Callable[[SeriesReview], None] | None = None,
) -> Iterator[SeriesReview]:
    """Every series reviewed by `workers`, in grouping order."""
    for result in workers.map(grouping.series):
        if progress is not None:
            progress(result)
        yield result


@dataclass(frozen=True, slots=True)
class Progress:
    """What a run reports as it goes (each optional): messages read so far, the grouping
    once every message is read, each series once reviewed."""

    read: Callable[[int], None] | None = None
    found: Callable[[Grouping], None] | None = None
    reviewed: Callable[[SeriesReview], None] | None = None


@dataclass(slots=True)
class ReviewRun:
    """A review under way: the grouping, its diagnostics (those found reviewing are added
    as the reviews are consumed), where each message was read, and the reviews in grouping
    order as the workers finish them. Consume the reviews once, through one of `entries`,
    `rows`, `json_entries` or `report`, as `ReviewOptions` made them."""

    grouping: Grouping
    diagnostics: list[Diagnostic]
    sources: dict[str, str]  # message key -> `file` or `mbox#n`
    reviews: Iterator[SeriesReview]
    options: ReviewOptions
    worst: list[Severity | None] = field(default_factory=list)  # per series, once consumed

    def results(self) -> Iterator[SeriesReview]:
        for result in self.reviews:
            self.diagnostics.extend(result.diagnostics)
            self.worst.append(result.worst)
            yield result

    def entries(self) -> Iterator[SeriesEntry]:
        """The series' report entries (options neither `summary` nor `as_json`)."""
        assert not self.options.summary and not self.options.as_json
        for result in self.results():
            yield cast("SeriesEntry", result.entry)

    def rows(self) -> Iterator[SummaryRow]:
        """The series' summary rows (options `summary`, not `as_json`)."""
        assert self.options.summary and not self.options.as_json
        for result in self.results():
            yield cast("SummaryRow", result.entry)

    def json_entries(self) -> Iterator[str]:
        """Each series' entry (or row) as its JSON text (options `as_json`)."""
        assert self.options.as_json
        for result in self.results():
            yield cast("str", result.entry)

    def report(self) -> Report:
        """The whole report (every entry held: not for streamed output)."""
        entries = list(self.entries())
        return assemble_report(self.grouping, self.diagnostics, entries, self.options.approval)


@contextmanager
def reviewing(
    paths: Iterable[str],
    options: ReviewOptions,
    jobs: int = 1,
    progress: Callable[[], AbstractContextManager[Progress | None]] | None = None,
    narrow: Callable[[list[Series]], list[Series]] | None = None,
) -> Iterator[ReviewRun]:
    """Read and group every input, then review its series with `jobs` workers (forked
    before the mail is read, so they do not inherit it) as the run's consumer asks for
    them. `progress` opens whatever shows the run's progress, after the workers are forked
    (a display's thread is not forked into them). What the CLI drives; `review` is this for
    callers that want the whole report. `narrow`, if given, picks the series to review
    after grouping (a series is whole or absent); the run's grouping, and so the report's
    `stats`, still describe the whole input. The cyclic collector is tuned for the run
    (`collector`: ~10% of a review's CPU otherwise)."""
    with (
        batch_collection(),
        series_workers(options, jobs) as workers,
        (progress or nullcontext)() as shown,
    ):
        progress_hooks = shown or Progress()
        sources: dict[str, str] = {}
        grouping, diagnostics = load(
            paths,
            progress_hooks.read,
            options.limits,
            sources,
            practice=wants_signoff_index(options.selection),
        )
        settle()  # the grouped mail lives until the run ends: no collection walks it again
        chosen = grouping if narrow is None else replace(grouping, series=narrow(grouping.series))
        if progress_hooks.found is not None:
            progress_hooks.found(chosen)
        yield ReviewRun(
            grouping,
            diagnostics,
            sources,
            review_all(chosen, workers, progress_hooks.reviewed),
            options,
        )


def review(
    paths: Iterable[str],
    progress: Callable[[int], None] | None = None,
    tree: TreeReader | None = None,
    selection: Selection | None = None,
    approval: ApprovalConfig | None = None,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    config: Config | None = None,
    headers: TreeHeaders | None = None,
) -> Report:
    """Read every input, group it, review each series, and return the report model;
    with `approval` (a MAINTAINERS file), who must approve each revision and who has.
    `config` (else the defaults with `limits`) travels to the rules."""
    options = ReviewOptions(
        tree,
        selection,
        approval,
        config=config or replace(DEFAULT_CONFIG, limits=limits),
        headers=headers,
    )
    with reviewing(paths, options, jobs, lambda: nullcontext(Progress(read=progress))) as run:
        return run.report()


def review_grouping(
    grouping: Grouping,
    diagnostics: list[Diagnostic],
    tree: TreeReader | None = None,
    selection: Selection | None = None,
    approval: ApprovalConfig | None = None,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    config: Config | None = None,
    headers: TreeHeaders | None = None,
) -> Report:
    """Review each series of an existing grouping and return the report model (for callers
    that read mail themselves: the pre-send hook, the bot)."""
    options = ReviewOptions(
        tree,
        selection,
        approval,
        config=config or replace(DEFAULT_CONFIG, limits=limits),
        headers=headers,
    )
    if wants_signoff_index(selection):
        mark_practice(grouping.series)
    with series_workers(options, jobs) as workers:
        run = ReviewRun(grouping, diagnostics, {}, review_all(grouping, workers), options)
        return run.report()
