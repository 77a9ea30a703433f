"""`patchlint check`: the rules over patch files or an mbox of patches, one line per finding
(`file:line: severity CODE name: message`), for hooks, editors and CI."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from patchlint.cli.console import stdout_console
from patchlint.cli.options import (
    ConfigOption,
    FailOnOption,
    Ignore,
    Select,
    chosen_rules,
    exit_for,
    fail_level,
)
from patchlint.config import load_config
from patchlint.pipeline import review as run_review
from patchlint.report.render import render


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


def check(
    paths: Annotated[list[str], typer.Argument(
        help="git format-patch files, a directory of them, an mbox of patches, or -",
        metavar="PATCH...")],
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="output format")] = (
        CheckFormat.text),
    fail_on: FailOnOption = None,
    select: Select = None,
    ignore: Ignore = None,
    config_file: ConfigOption = None,
) -> None:
    """Lint patches with patchlint's rules (the pre-send hook and CI entry point)."""
    config = load_config(config_file)
    report = run_review(paths, None, None, chosen_rules(select, ignore, config),
                        limits=config.limits)
    if fmt is CheckFormat.json:
        typer.echo(render(report, "json"), nl=False)
    else:
        stdout_console().print(render(report, "findings"), end="")
    exit_for(report, fail_level(fail_on, config))
