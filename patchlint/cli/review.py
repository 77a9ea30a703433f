"""`patchlint review`: the whole review pass over threads, archives or patch files."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape as rich_escape

from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import message_progress, stderr_console, stdout_console
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
from patchlint.errors import UsageError
from patchlint.pipeline import review as run_review
from patchlint.report.email import DEFAULT_SENDER, as_mbox, patch_replies, write_eml
from patchlint.report.render import render


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
        "and its MAINTAINERS file", metavar="DIR")] = None,
    maintainers: MaintainersOption = None,
    policy: PolicyOption = None,
    reply_from: Annotated[str, typer.Option(
        "--reply-from", help="From: of the replies --format email writes",
        metavar="ADDR")] = DEFAULT_SENDER,
) -> None:
    """Group mail into series and revisions and report on them. `--format email` writes one
    reply per patch with findings: `-o DIR` as DIR/NNNN-*.eml, else an mbox on stdout."""
    if fmt is OutputFormat.email and output is not None and output.exists() and (
            not output.is_dir()):
        raise UsageError(f"--format email -o needs a directory; {output} is a file")
    config = load_config(config_file)
    reader = tree_reader(tree, config.limits) if tree is not None else None
    rules = chosen_rules(select, ignore, config)
    approval = approval_config(maintainers, tree, policy, config)
    with message_progress(paths) as progress:
        report = run_review(paths, progress, reader, rules, approval, config.limits)
    if fmt is OutputFormat.email:
        _write_replies(report, output, reply_from)
        exit_for(report, fail_level(fail_on, config))
        return
    text = render(report, fmt.value)
    if output is not None:
        if fmt is OutputFormat.text:
            from rich.console import Console

            with output.open("w", encoding="utf-8") as fh:
                Console(file=fh, highlight=False, soft_wrap=True, no_color=True).print(text, end="")
        else:
            output.write_text(text, encoding="utf-8")
    elif fmt is OutputFormat.text:
        stdout_console().print(text, end="")
    else:
        typer.echo(text, nl=False)
    exit_for(report, fail_level(fail_on, config))


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
