"""`patchlint who`: per revision, who still has to approve what (a committer's question)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import message_progress, stdout_console
from patchlint.cli.options import (
    ArchiveUrlOption,
    ConfigOption,
    MaintainersOption,
    MsgidOption,
    PolicyOption,
    flags,
    mail_inputs,
    resolve,
)
from patchlint.engine.registry import default_registry
from patchlint.errors import UsageError
from patchlint.pipeline import ReviewOptions, reviewing
from patchlint.pipeline.setup import approval_for
from patchlint.report.who import render_who, who_exit_code


class WhoFormat(StrEnum):
    text = "text"
    json = "json"


def who(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="mbox (plain or .gz), maildir, .eml/.patch file, directory of patches, or - "
            "(none with --msgid)",
            metavar="PATH...",
            show_default=False,
        ),
    ] = None,
    maintainers: MaintainersOption = None,
    tree: Annotated[
        Path | None,
        typer.Option(
            "--tree",
            help="a checkout: its MAINTAINERS file, and exact interdiffs from its files",
            metavar="DIR",
        ),
    ] = None,
    policy: PolicyOption = None,
    config_file: ConfigOption = None,
    msgid: MsgidOption = None,
    archive_url: ArchiveUrlOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="every revision in full, not only the ones that matter")
    ] = False,
    fmt: Annotated[WhoFormat, typer.Option("--format", "-f", help="output format")] = (
        WhoFormat.text
    ),
) -> None:
    """Who still has to approve what, per revision, from a MAINTAINERS file.

    Exit status under the Xen policy: 0 when the revision that matters in every series
    (the newest, or the applied one) is committable, 1 when one is not; always 0 under the
    report policy."""
    config = resolve(
        config_file, flags(maintainers=maintainers, policy=policy, archive_url=archive_url)
    )
    approval = approval_for(config, tree)
    if approval is None:
        raise UsageError(
            "patchlint who needs a MAINTAINERS file: --maintainers FILE, "
            "[maintainers] file in .patchlint.toml, or --tree DIR with "
            "MAINTAINERS at its root"
        )
    paths = mail_inputs(paths, msgid, config)
    reader = tree_reader(tree, config.limits) if tree is not None else None
    options = ReviewOptions(reader, default_registry().series_only(), approval, config=config)
    with reviewing(paths, options, progress=lambda: message_progress(paths)) as run:
        report = run.report()
    text = render_who(report, fmt.value, show_all)
    if fmt is WhoFormat.text:
        stdout_console().print(text, end="")
    else:
        typer.echo(text, nl=False)
    raise typer.Exit(who_exit_code(report))
