"""Consoles: results on stdout, progress and errors on stderr (never mixed). Emoji codes are
off: rich would print `file.c:100:` as `file.c💯` and a `:smile:` in mail as an emoji."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from rich.console import Console

from patchlint.report import words

if TYPE_CHECKING:
    from rich.progress import Progress

    from patchlint.model.series import Grouping
    from patchlint.pipeline import Progress as PipelineProgress
    from patchlint.pipeline import SeriesReview

PROGRESS_BYTES = 5 * 1024 * 1024


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def stdout_console(file: IO[str] | None = None) -> Console:
    """Report text on stdout (or `file`), as `check` and `review` print it."""
    return Console(file=file, highlight=False, soft_wrap=True, emoji=False)


def input_size(paths: Sequence[str]) -> int:
    total = 0
    for spec in paths:
        path = Path(spec)
        try:
            if path.is_file():
                total += path.stat().st_size
            elif path.is_dir():
                total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        except OSError:
            continue
    return total


class ReviewProgress:
    """The three counters of a review on stderr: messages read, series found, revisions
    reviewed (with the total known once grouping is done)."""

    def __init__(self, bar: Progress) -> None:
        self._bar = bar
        self._read = bar.add_task("reading mail", total=None)
        self._review = bar.add_task("reviewing", total=None, visible=False)
        self._done = 0

    def read(self, count: int) -> None:
        self._bar.update(
            self._read, description=f"read {words.count(count, 'message', grouped=True)}"
        )

    def found(self, grouping: Grouping) -> None:
        from patchlint.report.model import report_stats

        stats = report_stats(grouping)  # the whole input's, also of a `PartialGrouping`
        series, revisions = stats["series"], stats["revisions"]
        self._bar.update(
            self._read,
            description=(
                f"read and grouped: {words.count(series, 'series', grouped=True)}, "
                f"{words.count(revisions, 'revision', grouped=True)}"
            ),
        )
        self._bar.update(self._review, total=revisions, visible=True)

    def reviewed(self, review: SeriesReview) -> None:
        self._done += review.revisions
        self._bar.update(
            self._review,
            completed=self._done,
            description=f"reviewed {words.count(self._done, 'revision', grouped=True)}",
        )

    def hooks(self) -> PipelineProgress:
        from patchlint.pipeline import Progress as PipelineProgress

        return PipelineProgress(self.read, self.found, self.reviewed)


@contextmanager
def review_progress(paths: Sequence[str], wanted: bool | None) -> Iterator[PipelineProgress | None]:
    """Progress on stderr: when asked (`--progress`), or by default for large inputs when
    stderr is a terminal and not in CI; never on stdout, where the report goes."""
    console = stderr_console()
    show = (
        wanted
        if wanted is not None
        else (
            console.is_terminal and not os.environ.get("CI") and input_size(paths) >= PROGRESS_BYTES
        )
    )
    if not show:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=console.is_terminal,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as bar:
        yield ReviewProgress(bar).hooks()


@contextmanager
def message_progress(paths: Sequence[str]) -> Iterator[PipelineProgress | None]:
    """A 'messages read' counter on stderr for large inputs on a terminal; else nothing."""
    console = stderr_console()
    if not console.is_terminal or os.environ.get("CI") or input_size(paths) < PROGRESS_BYTES:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("reading mail", total=None)

        def update(count: int) -> None:
            bar.update(task, description=f"read {words.count(count, 'message', grouped=True)}")

        from patchlint.pipeline import Progress as PipelineProgress

        yield PipelineProgress(read=update)
