"""`patchlint check`: the rules over patch files or an mbox of patches, one line per finding
(`file:line: severity CODE name: message`), for hooks, editors and CI; `--format checkpatch`
and `--format b4-review` speak b4's check-command protocols (`integrations.b4check`)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.cli.console import stdout_console
from patchlint.cli.options import (
    ConfigOption,
    FailOnOption,
    Ignore,
    ProfileOption,
    Select,
    exit_for,
    flags,
    resolve,
    rules_for,
    tree_headers,
)
from patchlint.errors import InputError
from patchlint.ingest import incomplete_input
from patchlint.integrations.b4check import b4_review_result, checkpatch_text
from patchlint.pipeline import ReviewOptions, reviewing
from patchlint.report.check import check_lines
from patchlint.report.render import render, render_check


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    checkpatch = "checkpatch"
    b4_review = "b4-review"


def check(
    paths: Annotated[list[str], typer.Argument(
        help="git format-patch files, a directory of them, an mbox of patches, or -",
        metavar="PATCH...")],
    fmt: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="output format: text, json, checkpatch (b4 prep/am "
        "perpatch-check-cmd), b4-review (b4 review-perpatch-check-cmd)")] = CheckFormat.text,
    fail_on: FailOnOption = None,
    select: Select = None,
    ignore: Ignore = None,
    config_file: ConfigOption = None,
    tree: Annotated[Path | None, typer.Option(
        "--tree", help="the source tree the patches are for: ops-struct prototypes are read "
        "from its own headers", metavar="DIR")] = None,
    profile: ProfileOption = None,
) -> None:
    """Lint patches with patchlint's rules (the pre-send hook and CI entry point)."""
    config = resolve(config_file, flags(fail_on, select, ignore, profile=profile))
    options = ReviewOptions(selection=rules_for(config), config=config,
                            headers=tree_headers(tree))
    with reviewing(paths, options) as run:
        report = run.report()
    broken = incomplete_input(d["problem"] for d in report["diagnostics"])
    if fmt is CheckFormat.json:
        typer.echo(render(report, "json"), nl=False)
    elif fmt is CheckFormat.checkpatch:
        typer.echo(checkpatch_text(report), nl=False)
    elif fmt is CheckFormat.b4_review:
        # b4 reads the JSON whatever the exit code; 0 keeps its "exited with error" path out
        typer.echo(json.dumps(b4_review_result(report, config.fail_on)))
        return
    else:
        lines = check_lines(report, run.grouping, run.sources)
        stdout_console().print(render_check(report, lines, config.fail_on), end="")
    if broken is not None:  # what was read is checked; the run still fails (exit 2)
        raise InputError(broken)
    exit_for(report, config)
