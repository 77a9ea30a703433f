"""`patchlint review`: the whole review pass over threads, archives or patch files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import message_progress, stdout_console
from patchlint.pipeline import review as run_review
from patchlint.report.render import render

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def review(
    paths: Annotated[list[str], typer.Argument(
        help="mbox (plain or .gz), maildir, .eml/.patch file, directory of patches, or -",
        metavar="PATH...")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="output format")] = (
        OutputFormat.text),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write to FILE",
                                                 metavar="FILE")] = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="exit 1 when a finding at or above this severity exists")] = (
        FailOn.error),
    tree: Annotated[Path | None, typer.Option(
        "--tree", help="a checkout the patches apply to: exact interdiffs from its files",
        metavar="DIR")] = None,
) -> None:
    """Group mail into series and revisions and report on them."""
    reader = tree_reader(tree) if tree is not None else None
    with message_progress(paths) as progress:
        report = run_review(paths, progress, reader)
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
    threshold = SEVERITY_RANK[fail_on.value]
    worst = max((SEVERITY_RANK.get(f["severity"], 0) for s in report["series"]
                 for f in s["findings"] if f.get("status", "open") == "open"), default=0)
    if worst >= threshold:
        raise typer.Exit(1)
