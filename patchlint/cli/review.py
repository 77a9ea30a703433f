"""`patchlint review`: the whole review pass over threads, archives or patch files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from patchlint.analysis.findings import SERIES_RULES
from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import review_progress, stdout_console
from patchlint.cli.options import (
    FailOn,
    FailOnOption,
    Ignore,
    Select,
    chosen_rules,
    exit_for_worst,
)
from patchlint.engine.registry import Selection
from patchlint.errors import InputError
from patchlint.model.message import Diagnostic
from patchlint.model.series import Grouping
from patchlint.parallel import default_jobs
from patchlint.pipeline import ReviewOptions, load, review_all
from patchlint.report.model import assemble_report, diagnostic_dicts, report_stats
from patchlint.report.render import json_chunks, render, render_summary
from patchlint.report.summary import summary_report


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def review(
    paths: Annotated[list[str], typer.Argument(
        help="mbox (plain or .gz), maildir, .eml/.patch file, directory of patches, or -",
        metavar="PATH...")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="output format")] = (
        OutputFormat.text),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE",
                                                 metavar="FILE")] = None,
    fail_on: FailOnOption = FailOn.error,
    select: Select = None,
    ignore: Ignore = None,
    tree: Annotated[Path | None, typer.Option(
        "--tree", help="a checkout the patches apply to: exact interdiffs from its files",
        metavar="DIR")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N",
        help="processes reviewing series in parallel (default: one per CPU); the report is "
             "the same for any N")] = None,
    summary: Annotated[bool, typer.Option(
        "--summary", help="one line of counts per series and totals per rule "
                          "(schema patchlint-summary/1 with -f json)")] = False,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress",
        help="progress on stderr (default: for large inputs when stderr is a terminal)")] = None,
) -> None:
    """Group mail into series and revisions and report on them."""
    reader = tree_reader(tree) if tree is not None else None
    selection = chosen_rules(select, ignore)
    as_json = fmt is OutputFormat.json and not summary
    options = ReviewOptions(reader, selection, summary, as_json)
    worst: list[str | None] = []
    with review_progress(paths, progress) as bar:
        grouping, diagnostics = load(paths, bar.read if bar else None)
        if bar is not None:
            bar.found(len(grouping.series), sum(len(s.revisions) for s in grouping.series))
        reviews = review_all(grouping, options, jobs or default_jobs(),
                             bar.reviewed if bar else None)

        def entries() -> Iterator[Any]:
            for result in reviews:
                diagnostics.extend(result.diagnostics)
                worst.append(result.worst)
                yield result.entry

        if summary:
            _write_summary(grouping, diagnostics, list(entries()), selection, fmt, output)
        elif as_json:
            _write_json(grouping, diagnostics, entries(), output)
        else:
            report = assemble_report(grouping, diagnostics, list(entries()))
            _print_text(render(report, "text"), output)
    exit_for_worst(worst, fail_on)


@contextmanager
def _sink(output: Path | None) -> Iterator[IO[str] | None]:
    """The output file, or None for stdout."""
    if output is None:
        yield None
        return
    try:
        fh = output.open("w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    with fh:
        yield fh


def _write(chunks: Iterable[str], output: Path | None) -> None:
    with _sink(output) as fh:
        for chunk in chunks:
            if fh is not None:
                fh.write(chunk)
            else:
                typer.echo(chunk, nl=False)


def _write_json(grouping: Grouping, diagnostics: list[Diagnostic], entries: Iterator[str],
                output: Path | None) -> None:
    """The JSON report streamed series by series (each encoded by the process that reviewed
    it): the whole report is never held, as text or as objects."""
    shell = assemble_report(grouping, [], [])
    head = {k: shell[k] for k in ("schema", "tool", "stats")}
    _write(json_chunks(head, "series", entries, lambda: {
        "pull_requests": shell["pull_requests"], "diagnostics": diagnostic_dicts(diagnostics)}),
        output)


def _write_summary(grouping: Grouping, diagnostics: list[Diagnostic],
                   rows: list[dict[str, Any]], selection: Selection, fmt: OutputFormat,
                   output: Path | None) -> None:
    names = {r.code: r.name for r in SERIES_RULES.values()}
    names.update((r.code, r.name) for r in selection.rules)
    summary = summary_report(report_stats(grouping), rows, names, len(diagnostics))
    text = render_summary(summary, fmt.value)
    if fmt is OutputFormat.text:
        _print_text(text, output)
    else:
        _write([text], output)


def _print_text(text: str, output: Path | None) -> None:
    """Rich markup to the terminal (coloured) or to a file (plain, 100 columns)."""
    if output is None:
        stdout_console().print(text, end="")
        return
    from rich.console import Console

    with _sink(output) as fh:
        Console(file=fh, highlight=False, width=100, no_color=True).print(text, end="")

