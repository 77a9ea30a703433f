"""`patchlint check`: the rules over patch files or an mbox of patches, one line per finding
(`file:line: severity CODE name: message`), for hooks, editors and CI; `--format checkpatch`
and `--format b4-review` speak b4's check-command protocols (`integrations.b4check`). The typer
command; what it does is `cli.check_run` (which the hooks' fast path calls directly)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from patchlint.cli.check_run import CheckFormat, run_check
from patchlint.cli.options import (
    ArchiveUrlOption,
    ConfigOption,
    FailOnOption,
    Ignore,
    MsgidOption,
    ProfileOption,
    Select,
)

__all__ = ["CheckFormat", "check"]


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
    code = run_check(
        paths, fmt, fail_on, select, ignore, config_file, tree, msgid, archive_url, series, profile
    )
    if code:
        raise typer.Exit(code)
