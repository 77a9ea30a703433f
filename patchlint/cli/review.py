"""`patchlint review`: the whole review pass over threads, archives or patch files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import message_progress, stdout_console
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
    fail_level,
)
from patchlint.config import load_config
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
    fail_on: FailOnOption = None,
    select: Select = None,
    ignore: Ignore = None,
    config_file: ConfigOption = None,
    tree: Annotated[Path | None, typer.Option(
        "--tree", help="a checkout the patches apply to: exact interdiffs from its files, "
        "and its MAINTAINERS file", metavar="DIR")] = None,
    maintainers: MaintainersOption = None,
    policy: PolicyOption = None,
) -> None:
    """Group mail into series and revisions and report on them."""
    config = load_config(config_file)
    reader = tree_reader(tree) if tree is not None else None
    rules = chosen_rules(select, ignore, config)
    approval = approval_config(maintainers, tree, policy, config)
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
    exit_for(report, fail_level(fail_on, config))
