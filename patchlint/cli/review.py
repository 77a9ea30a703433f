"""`patchlint review`: the whole review pass over threads, archives or patch files."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.markup import escape as rich_escape

from patchlint.analysis.narrowing import Narrowing, parse_since
from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import review_progress, stderr_console, stdout_console
from patchlint.cli.options import (
    ArchiveUrlOption,
    ConfigOption,
    FailOnOption,
    Ignore,
    LinksOption,
    MaintainersOption,
    MeOption,
    MsgidOption,
    PolicyOption,
    ProfileOption,
    Select,
    exit_for,
    exit_for_worst,
    flags,
    mail_inputs,
    resolve,
    tree_headers,
)
from patchlint.engine.registry import Selection, default_registry
from patchlint.errors import InputError, UsageError
from patchlint.ingest import incomplete_input
from patchlint.model.message import Diagnostic
from patchlint.pipeline import ReviewOptions, ReviewRun, reviewing
from patchlint.pipeline.setup import approval_for, rules_for
from patchlint.pipeline.workers import default_jobs
from patchlint.report import words
from patchlint.report.email import DEFAULT_SENDER, as_mbox, patch_replies, write_eml
from patchlint.report.mailing import MailGate, mail_gate
from patchlint.report.model import report_head, report_stats, report_tail
from patchlint.report.render import json_chunks, render, render_summary
from patchlint.report.rereview import FORMATS as REREVIEW_FORMATS
from patchlint.report.rereview import render_rereview, rereview_report
from patchlint.report.summary import summary_report
from patchlint.report.types import Report


class Executor(StrEnum):
    local = "local"
    dask = "dask"


class OutputFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    sarif = "sarif"
    rdjsonl = "rdjsonl"
    email = "email"


def review(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="mbox (plain or .gz), maildir, .eml/.patch file, directory of patches, or - "
            "(none with --msgid)",
            metavar="PATH...",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="output format")] = (
        OutputFormat.text
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write to FILE", metavar="FILE")
    ] = None,
    fail_on: FailOnOption = None,
    select: Select = None,
    ignore: Ignore = None,
    config_file: ConfigOption = None,
    tree: Annotated[
        Path | None,
        typer.Option(
            "--tree",
            help="a checkout the patches apply to: exact interdiffs from its files, "
            "ops-struct prototypes from its headers, and its MAINTAINERS file",
            metavar="DIR",
        ),
    ] = None,
    maintainers: MaintainersOption = None,
    policy: PolicyOption = None,
    profile: ProfileOption = None,
    reply_from: Annotated[
        str,
        typer.Option(
            "--reply-from", help="From: of the replies --format email writes", metavar="ADDR"
        ),
    ] = DEFAULT_SENDER,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="processes reviewing series in parallel; the report is the same for any N",
            show_default="one per CPU",
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="one line of counts per series and totals per rule, for archives "
            "(text, or -f json: schema patchlint-summary/1)",
        ),
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="progress on stderr",
            show_default="on for large inputs when stderr is a terminal, outside CI",
        ),
    ] = None,
    msgid: MsgidOption = None,
    archive_url: ArchiveUrlOption = None,
    links: LinksOption = None,
    only_series: Annotated[
        list[str] | None,
        typer.Option(
            "--series",
            "-s",
            metavar="N|TEXT",
            help="only series N (as the whole input numbers them) or whose title holds TEXT "
            "(any case); repeat for more",
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--author",
            metavar="WHO",
            help="only series a revision of which WHO posted (an address, matched by every "
            "address the thread links to them, or part of `Name <addr>`)",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="only series with a mail (posting or reply) dated DATE or later "
            "(YYYY-MM-DD or ISO 8601)",
        ),
    ] = None,
    only_open: Annotated[
        bool, typer.Option("--open", help="only series whose newest revision has open findings")
    ] = False,
    me: MeOption = None,
    rereview: Annotated[
        bool,
        typer.Option(
            "--rereview",
            help="the newest revision as each reviewer of the previous one needs "
            "it: the interdiff hunks touching what they quoted or files they maintain, their "
            "comments' status, whether their tags stand (text, markdown, html, json; --me: "
            "only yours)",
        ),
    ] = False,
    executor: Annotated[
        Executor,
        typer.Option(
            "--executor",
            help="where series are reviewed: local processes (--jobs), or a Dask "
            "cluster (needs the dask extra); the report is the same",
        ),
    ] = Executor.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="with --executor dask: the scheduler of an existing cluster (tcp://host:port); "
            "without it, a local cluster of --jobs workers",
        ),
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state",
            metavar="DIR",
            help="with --executor dask: keep decoded mail and each series' entry in DIR, and "
            "reuse them, so a run over grown mail redoes only what the new mail touches",
        ),
    ] = None,
) -> None:
    """Group mail into series and revisions and report on them. `--format email` writes one
    reply per patch with findings the bot would mail (the rules measured 90% right, at
    warning or above, nothing an earlier revision had): `-o DIR` as DIR/NNNN-*.eml, else an
    mbox on stdout. --series, --author, --since and --open keep whole series and compose;
    the report's stats still count the whole input."""
    if (
        fmt is OutputFormat.email
        and output is not None
        and output.exists()
        and (not output.is_dir())
    ):
        raise UsageError(f"--format email -o needs a directory; {output} is a file")
    if summary and fmt not in (OutputFormat.text, OutputFormat.json):
        raise UsageError(f"--summary is for text and json, not {fmt.value}")
    if rereview and (summary or fmt.value not in REREVIEW_FORMATS):
        raise UsageError(
            "--rereview is for text, markdown, html and json"
            + (", without --summary" if summary else f", not {fmt.value}")
        )
    config = resolve(
        config_file,
        flags(
            fail_on,
            select,
            ignore,
            maintainers,
            policy,
            me=me,
            archive_url=archive_url,
            links=links,
            profile=profile,
        ),
    )
    narrowing = Narrowing(
        tuple(only_series or ()), author, parse_since(since) if since is not None else None
    )
    streamed = fmt is OutputFormat.json and not summary and not rereview
    gate = (
        mail_gate(config.bot.mail_rules, config.bot.min_severity, url=config.bot.false_positive_url)
        if fmt is OutputFormat.email
        else None
    )
    options = ReviewOptions(
        tree_reader(tree, config.limits) if tree is not None else None,
        rules_for(config),
        approval_for(config, tree),
        summary,
        as_json=streamed,
        config=config,
        headers=tree_headers(tree),
    )
    if executor is not Executor.dask and (scheduler is not None or state is not None):
        raise UsageError("--scheduler and --state are for --executor dask")
    paths = mail_inputs(paths, msgid, config)
    if executor is Executor.dask:
        from patchlint.pipeline.dask import OptionsRecipe, reviewing_on_dask
        from patchlint.pipeline.dask.state import open_state

        recipe = OptionsRecipe(
            config, str(tree) if tree is not None else None, summary, as_json=streamed
        )
        running = reviewing_on_dask(
            paths,
            recipe,
            scheduler,
            jobs or default_jobs(),
            lambda: review_progress(paths, progress),
            open_state(state) if state is not None else None,
            client_options=options,
            narrow=narrowing or None,
        )
    else:
        running = reviewing(
            paths,
            options,
            jobs or default_jobs(),
            lambda: review_progress(paths, progress),
            narrowing or None,
        )
    with running as run:
        if only_open:  # decided by each review: the series with an open current finding
            run.reviews = (r for r in run.reviews if r.worst is not None)
        if streamed:
            _write_json(run, output)
        elif summary:
            _write_summary(run, fmt, output)
        else:
            report = run.report()
    if streamed or summary:
        _fail_if_incomplete(run.diagnostics)
        exit_for_worst(run.worst, config)
        return
    if rereview:  # a view for people: its exit status says only that it was made
        _write(
            [
                render_rereview(
                    rereview_report(report, config.view.me, config.view.archive_url), fmt.value
                )
            ],
            output,
        )
        _fail_if_incomplete(run.diagnostics)
        return
    if gate is not None:
        _write_replies(report, output, reply_from, gate)
    elif fmt is OutputFormat.text:
        _print_text(render(report, fmt.value, fail_on=config.fail_on), output)
    else:
        _write(
            [render(report, fmt.value, me=config.view.me, archive_url=config.view.archive_url)],
            output,
        )
    _fail_if_incomplete(run.diagnostics)
    exit_for(report, config)


def _fail_if_incomplete(diagnostics: list[Diagnostic]) -> None:
    """An input that broke off (a truncated archive): the report of what was read is
    written, and the run fails (exit 2) - a CI gate must not pass on half an archive."""
    broken = incomplete_input(d.problem for d in diagnostics)
    if broken is not None:
        raise InputError(broken)


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
        Console(file=fh, highlight=False, soft_wrap=True, no_color=True, emoji=False).print(
            text, end=""
        )


def _write_json(run: ReviewRun, output: Path | None) -> None:
    """The JSON report streamed series by series (each encoded by the process that reviewed
    it): the whole report is never held, as text or as objects."""
    _write(
        json_chunks(
            report_head(run.grouping, run.options.approval),
            "series",
            run.json_entries(),
            lambda: report_tail(run.grouping, run.diagnostics),
        ),
        output,
    )


def _rule_names(selection: Selection | None) -> dict[str, str]:
    return {r.code: r.name for r in (selection or default_registry().select()).rules}


def _write_summary(run: ReviewRun, fmt: OutputFormat, output: Path | None) -> None:
    rows = list(run.rows())
    summary = summary_report(
        report_stats(run.grouping), rows, _rule_names(run.options.selection), len(run.diagnostics)
    )
    text = render_summary(summary, fmt.value)
    if fmt is OutputFormat.text:
        _print_text(text, output)
    else:
        _write([text], output)


def _write_replies(report: Report, output: Path | None, sender: str, gate: MailGate) -> None:
    """The email replies as .eml files in `output`, or as an mbox on stdout: what the bot
    would mail (`report.mailing`: the measured rules and `[bot] mail-rules`, at or above
    `[bot] min-severity`, nothing an earlier revision already had)."""
    problems: list[Diagnostic] = []
    replies = patch_replies(report, sender=sender, diagnostics=problems, gate=gate)
    for d in problems:  # what could not be put in a header was left out: say so
        stderr_console().print(
            f"patchlint: {rich_escape(d.message_id or '?')}: {rich_escape(d.problem)}",
            highlight=False,
            soft_wrap=True,
        )
    if output is None:
        sys.stdout.buffer.write(as_mbox(replies))
        sys.stdout.flush()
        return
    written = write_eml(replies, output)
    stderr_console().print(
        f"wrote {words.count(len(written), 'reply')} to {rich_escape(str(output))}", highlight=False
    )
