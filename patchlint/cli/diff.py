"""`patchlint diff`: what changed between two revisions of a series, patch by patch."""

from __future__ import annotations

import itertools
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.analysis.revisions.compare import compare_revisions
from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import message_progress, stdout_console
from patchlint.cli.options import (
    ArchiveUrlOption,
    ConfigOption,
    MsgidOption,
    mail_inputs,
    resolve,
)
from patchlint.config import Flags
from patchlint.errors import UsageError
from patchlint.model.series import Revision, Series
from patchlint.pipeline import load
from patchlint.report.model import interdiff_dict
from patchlint.report.render import InterdiffSeries, render_interdiffs


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


def _revision(series: Series, version: int, which: str) -> Revision:
    """The newest posting of `version` (a RESEND repeats a version)."""
    found = [r for r in series.revisions if r.version == version]
    if not found:
        have = ", ".join(f"v{r.version}" for r in series.revisions)
        raise UsageError(f"--{which} {version}: series {series.title!r} has {have}")
    return found[-1]


def _steps(series: Series, start: int | None, end: int | None) -> list[tuple[Revision, Revision]]:
    revs = series.revisions
    if start is None and end is None:
        return list(itertools.pairwise(revs))
    old = _revision(series, start, "from") if start is not None else None
    new = _revision(series, end, "to") if end is not None else None
    if old is None:
        assert new is not None
        before = revs[: revs.index(new)]
        if not before:
            raise UsageError(f"v{new.version} is the first revision: nothing to compare with")
        old = before[-1]
    if new is None:
        after = revs[revs.index(old) + 1 :]
        if not after:
            raise UsageError(f"v{old.version} is the newest revision: nothing to compare with")
        new = after[0]
    if old is new:
        raise UsageError("--from and --to name the same revision")
    return [(old, new)]


def diff(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="mbox (plain or .gz), maildir, .eml/.patch file, directory of patches, or - "
            "(none with --msgid)",
            metavar="PATH...",
            show_default=False,
        ),
    ] = None,
    series_no: Annotated[
        int | None,
        typer.Option(
            "--series",
            "-s",
            min=1,
            metavar="N",
            help="only series N (numbered as `patchlint review` does)",
        ),
    ] = None,
    start: Annotated[
        int | None,
        typer.Option(
            "--from",
            min=0,
            metavar="VERSION",
            help="compare from this version",
            show_default="each revision with the next",
        ),
    ] = None,
    end: Annotated[
        int | None,
        typer.Option(
            "--to",
            min=0,
            metavar="VERSION",
            help="compare to this version",
            show_default="the revision after --from",
        ),
    ] = None,
    tree: Annotated[
        Path | None,
        typer.Option(
            "--tree",
            help="a checkout the patches apply to: use its files for exact interdiffs",
            metavar="DIR",
        ),
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="output format")] = (
        DiffFormat.text
    ),
    config_file: ConfigOption = None,
    msgid: MsgidOption = None,
    archive_url: ArchiveUrlOption = None,
) -> None:
    """Show the interdiff of each patch between revisions (no git tree needed)."""
    config = resolve(config_file, Flags(archive_url=archive_url))
    paths = mail_inputs(paths, msgid, config)
    reader = tree_reader(tree, config.limits) if tree is not None else None
    with message_progress(paths) as progress:
        grouping, _ = load(paths, progress.read if progress is not None else None, config.limits)
    numbered = list(enumerate(grouping.series, 1))
    if series_no is not None:
        if series_no > len(numbered):
            raise UsageError(f"--series {series_no}: the input has {len(numbered)} series")
        numbered = [numbered[series_no - 1]]
    elif start is not None or end is not None:
        several = [n for n, s in numbered if len(s.revisions) > 1]
        if len(several) > 1:
            raise UsageError(
                "--from/--to need --series when several series have revisions "
                f"to compare (series {', '.join(map(str, several[:10]))})"
            )
    out: list[InterdiffSeries] = []
    for number, series in numbered:
        if len(series.revisions) < 2 and series_no is None:
            continue
        steps = _steps(series, start, end) if len(series.revisions) > 1 else []
        out.append(
            {
                "series": number,
                "title": series.title,
                "versions": [r.version for r in series.revisions],
                "interdiffs": [
                    interdiff_dict(compare_revisions(a, b, reader, limits=config.limits))
                    for a, b in steps
                ],
            }
        )
    color = (
        fmt is DiffFormat.text and stdout_console().is_terminal and not os.environ.get("NO_COLOR")
    )
    typer.echo(render_interdiffs(out, fmt.value, color), nl=False)
