"""`patchlint review`: the whole review pass over threads, archives or patch files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import message_progress, stdout_console
from patchlint.cli.options import (
    FailOn,
    FailOnOption,
    Ignore,
    MaintainersOption,
    Policy,
    PolicyOption,
    Select,
    approval_config,
    chosen_rules,
    exit_for,
)
from patchlint.pipeline import review as run_review
from patchlint.report.render import render


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
        "--tree", help="a checkout the patches apply to: exact interdiffs from its files, "
        "and its MAINTAINERS file", metavar="DIR")] = None,
    maintainers: MaintainersOption = None,
    policy: PolicyOption = Policy.auto,
) -> None:
    """Group mail into series and revisions and report on them."""
    reader = tree_reader(tree) if tree is not None else None
    rules = chosen_rules(select, ignore)
    approval = approval_config(maintainers, tree, policy)
    with message_progress(paths) as progress:
        report = run_review(paths, progress, reader, rules, approval)
    text = render(report, fmt.value)
    if output is not None:
        if fmt is OutputFormat.text:
            from rich.console import Console

            with output.open("w", encoding="utf-8") as fh:
                Console(file=fh, highlight=False, width=100, no_color=True).print(text, end="")
        else:
            output.write_text(text, encoding="utf-8")
    elif fmt is OutputFormat.text:
        stdout_console().print(text, end="")
    else:
        typer.echo(text, nl=False)
    exit_for(report, fail_on)
