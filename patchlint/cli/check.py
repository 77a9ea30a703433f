"""`patchlint check`: the rules over patch files or an mbox of patches, one line per finding
(`file:line: severity CODE name: message`), for hooks, editors and CI; `--format checkpatch`
and `--format b4-review` speak b4's check-command protocols (`integrations.b4check`)."""

from __future__ import annotations

import os
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.cli.options import (
    ArchiveUrlOption,
    ConfigOption,
    FailOnOption,
    Ignore,
    MsgidOption,
    ProfileOption,
    Select,
    exit_for,
    flags,
    mail_inputs,
    resolve,
    tree_headers,
)
from patchlint.config import Config
from patchlint.errors import InputError, UsageError
from patchlint.ingest import incomplete_input
from patchlint.pipeline import ReviewOptions, reviewing
from patchlint.pipeline.setup import approval_for, rules_for


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    checkpatch = "checkpatch"
    b4_review = "b4-review"


def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="git format-patch files, a directory of them, an mbox of patches, or - "
            "(none with --msgid)",
            metavar="PATCH...",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="output format: text, json, checkpatch (b4 prep/am "
            "perpatch-check-cmd), b4-review (b4 review-perpatch-check-cmd)",
        ),
    ] = CheckFormat.text,
    fail_on: FailOnOption = None,
    select: Select = None,
    ignore: Ignore = None,
    config_file: ConfigOption = None,
    tree: Annotated[
        Path | None,
        typer.Option(
            "--tree",
            help="the source tree the patches are for: ops-struct prototypes are read "
            "from its own headers",
            metavar="DIR",
        ),
    ] = None,
    msgid: MsgidOption = None,
    archive_url: ArchiveUrlOption = None,
    series: Annotated[
        bool,
        typer.Option(
            "--series",
            help="b4 review-series-check-cmd: the mail is a series' cover letter; "
            "read its thread and earlier revisions (B4_TRACKING_FILE, else the archive) and run "
            "the series checks (trailers, changelog, approvals) on its revision; with "
            "--format b4-review or json",
        ),
    ] = False,
    profile: ProfileOption = None,
) -> None:
    """Lint patches with patchlint's rules (the pre-send hook and CI entry point)."""
    config = resolve(
        config_file, flags(fail_on, select, ignore, archive_url=archive_url, profile=profile)
    )
    if series:
        _series_check(paths or ["-"], fmt, config)
        return
    options = ReviewOptions(selection=rules_for(config), config=config, headers=tree_headers(tree))
    paths = mail_inputs(paths, msgid, config)
    with reviewing(paths, options) as run:
        report = run.report()
    broken = incomplete_input(d["problem"] for d in report["diagnostics"])
    # each format's renderer is imported only when asked for (start-up time in hooks)
    if fmt is CheckFormat.json:
        from patchlint.report.render import render

        typer.echo(render(report, "json"), nl=False)
    elif fmt is CheckFormat.checkpatch:
        from patchlint.integrations.b4check import checkpatch_text

        typer.echo(checkpatch_text(report), nl=False)
    elif fmt is CheckFormat.b4_review:
        from patchlint.integrations.b4check import b4_review_output, b4_review_result

        # b4 reads the JSON whatever the exit code; 0 keeps its "exited with error" path out
        typer.echo(b4_review_output([b4_review_result(report, config.fail_on)]))
        return
    else:
        from patchlint.cli.console import stdout_console
        from patchlint.report.check import check_lines
        from patchlint.report.render import render_check

        lines = check_lines(report, run.grouping, run.sources)
        stdout_console().print(render_check(report, lines, config.fail_on), end="")
    if broken is not None:  # what was read is checked; the run still fails (exit 2)
        raise InputError(broken)
    exit_for(report, config)


def _series_check(paths: list[str], fmt: CheckFormat, config: Config) -> None:
    """`--series`: b4 runs it in the repository's top directory with the cover letter on
    stdin and B4_TRACKING_FILE set when the series has a review branch; the series rules
    only (the per-patch command runs the others), approvals by the tree's MAINTAINERS."""
    from patchlint.integrations.b4check import b4_review_output, b4_series_result
    from patchlint.integrations.b4series import series_inputs
    from patchlint.report.render import render

    if fmt not in (CheckFormat.b4_review, CheckFormat.json):
        raise UsageError("--series prints --format b4-review (for b4) or json")
    tracking = os.environ.get("B4_TRACKING_FILE")
    topdir = Path.cwd()
    inputs = series_inputs(
        paths, Path(tracking) if tracking else None, topdir, config.archive.url, config.limits
    )
    chosen = rules_for(config)
    selection = replace(chosen, rules=tuple(r for r in chosen.rules if r.series))
    options = ReviewOptions(
        selection=selection, approval=approval_for(config, topdir), config=config
    )
    with reviewing(inputs.sources, options) as run:
        report = run.report()
    if fmt is CheckFormat.json:
        typer.echo(render(report, "json"), nl=False)
        exit_for(report, config)
        return
    typer.echo(b4_review_output([b4_series_result(report, inputs.anchor, config.fail_on)]))
