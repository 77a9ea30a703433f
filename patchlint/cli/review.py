"""`patchlint review`: the whole review pass over threads, archives or patch files."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape as rich_escape

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.findings import SERIES_RULES
from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import review_progress, stderr_console, stdout_console
from patchlint.cli.options import (
    ConfigOption,
    FailOnOption,
    Ignore,
    MaintainersOption,
    PolicyOption,
    Select,
    approval_config,
    chosen_rules,
    exit_for,
    exit_for_worst,
    fail_level,
)
from patchlint.config import load_config
from patchlint.engine.registry import Selection
from patchlint.errors import InputError, UsageError
from patchlint.model.message import Diagnostic
from patchlint.model.series import Grouping
from patchlint.parallel import default_jobs
from patchlint.pipeline import ReviewOptions, load, review_all, series_workers
from patchlint.report.email import DEFAULT_SENDER, as_mbox, patch_replies, write_eml
from patchlint.report.model import assemble_report, report_head, report_stats, report_tail
from patchlint.report.render import json_chunks, render, render_summary
from patchlint.report.summary import summary_report

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders


class OutputFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    sarif = "sarif"
    rdjsonl = "rdjsonl"
    email = "email"


def review(
    paths: Annotated[list[str], typer.Argument(
        help="mbox (plain or .gz), maildir, .eml/.patch file, directory of patches, or -",
        metavar="PATH...")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="output format")] = (
        OutputFormat.text),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE",
                                                 metavar="FILE")] = None,
    fail_on: FailOnOption = None,
    select: Select = None,
    ignore: Ignore = None,
    config_file: ConfigOption = None,
    tree: Annotated[Path | None, typer.Option(
        "--tree", help="a checkout the patches apply to: exact interdiffs from its files, "
        "ops-struct prototypes from its headers, and its MAINTAINERS file",
        metavar="DIR")] = None,
    maintainers: MaintainersOption = None,
    policy: PolicyOption = None,
    reply_from: Annotated[str, typer.Option(
        "--reply-from", help="From: of the replies --format email writes",
        metavar="ADDR")] = DEFAULT_SENDER,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N",
        help="processes reviewing series in parallel (default: one per CPU); the report is "
             "the same for any N")] = None,
    summary: Annotated[bool, typer.Option(
        "--summary", help="one line of counts per series and totals per rule, for archives "
                          "(text, or -f json: schema patchlint-summary/1)")] = False,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress",
        help="progress on stderr (default: for large inputs when stderr is a terminal)")] = None,
) -> None:
    """Group mail into series and revisions and report on them. `--format email` writes one
    reply per patch with findings: `-o DIR` as DIR/NNNN-*.eml, else an mbox on stdout."""
    if fmt is OutputFormat.email and output is not None and output.exists() and (
            not output.is_dir()):
        raise UsageError(f"--format email -o needs a directory; {output} is a file")
    if summary and fmt not in (OutputFormat.text, OutputFormat.json):
        raise UsageError(f"--summary is for text and json, not {fmt.value}")
    config = load_config(config_file)
    reader = tree_reader(tree, config.limits) if tree is not None else None
    rules = chosen_rules(select, ignore, config)
    approval = approval_config(maintainers, tree, policy, config)
    fail_on = fail_level(fail_on, config)
    streamed = fmt is OutputFormat.json and not summary
    options = ReviewOptions(reader, rules, approval, summary, as_json=streamed,
                            limits=config.limits, headers=_headers(tree))
    worst: list[str | None] = []
    # the workers are forked before the mail is read, so they do not inherit it
    with series_workers(options, jobs or default_jobs()) as workers, \
            review_progress(paths, progress) as bar:
        grouping, diagnostics = load(paths, bar.read if bar else None, config.limits)
        if bar is not None:
            bar.found(len(grouping.series), sum(len(s.revisions) for s in grouping.series))
        reviews = review_all(grouping, workers, bar.reviewed if bar else None)

        def entries() -> Iterator[Any]:
            for result in reviews:
                diagnostics.extend(result.diagnostics)
                worst.append(result.worst)
                yield result.entry

        if streamed:
            _write_json(grouping, diagnostics, entries(), output, approval)
        elif summary:
            _write_summary(grouping, diagnostics, list(entries()), rules, fmt, output)
        else:
            report = assemble_report(grouping, diagnostics, list(entries()), approval)
    if streamed or summary:
        exit_for_worst(worst, fail_on)
        return
    if fmt is OutputFormat.email:
        _write_replies(report, output, reply_from)
        exit_for(report, fail_on)
        return
    text = render(report, fmt.value)
    if fmt is OutputFormat.text:
        _print_text(text, output)
    else:
        _write([text], output)
    exit_for(report, fail_on)


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


def _print_text(text: str, output: Path | None) -> None:
    """Rich markup to the terminal (coloured) or to a file (plain)."""
    if output is None:
        stdout_console().print(text, end="")
        return
    from rich.console import Console

    with _sink(output) as fh:
        Console(file=fh, highlight=False, soft_wrap=True, no_color=True).print(text, end="")


def _write_json(grouping: Grouping, diagnostics: list[Diagnostic], entries: Iterator[str],
                output: Path | None, approval: ApprovalConfig | None) -> None:
    """The JSON report streamed series by series (each encoded by the process that reviewed
    it): the whole report is never held, as text or as objects."""
    _write(json_chunks(report_head(grouping, approval), "series", entries,
                       lambda: report_tail(grouping, diagnostics)), output)


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


def _write_replies(report: dict[str, Any], output: Path | None, sender: str) -> None:
    """The email replies as .eml files in `output`, or as an mbox on stdout."""
    replies = patch_replies(report, sender=sender)
    if output is None:
        sys.stdout.buffer.write(as_mbox(replies))
        sys.stdout.flush()
        return
    written = write_eml(replies, output)
    stderr_console().print(f"wrote {len(written)} repl{'y' if len(written) == 1 else 'ies'} "
                           f"to {rich_escape(str(output))}", highlight=False)


def _headers(tree: Path | None) -> TreeHeaders | None:
    """The tree's headers, for rules that read prototypes from them (ops-prototype-mismatch)."""
    if tree is None:
        return None
    from patchlint.c.kb.tree import TreeHeaders

    return TreeHeaders.at(tree)
