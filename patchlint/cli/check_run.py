"""What `patchlint check` does once its command line is read, without typer: the typer
command (`cli.check`) and the hooks' fast path (`cli.fast`) both call `run_check`, which
prints the report and returns the exit code (raising `PatchlintError` for bad input).

Each format's renderer is imported only when asked for (start-up time in hooks); text,
checkpatch and JSON output for a file or pipe are built without jinja2 or rich
(`report.check_text`), byte for byte what the templates render."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from patchlint.cli.echo import echo, unstyled
from patchlint.cli.shared import exit_code_for, flags, mail_inputs, resolve, tree_headers
from patchlint.config import Config
from patchlint.errors import InputError, UsageError
from patchlint.ingest import incomplete_input
from patchlint.model.finding import FailOnLevel
from patchlint.model.profile import Profile
from patchlint.pipeline import ReviewOptions, reviewing
from patchlint.pipeline.setup import approval_for, rules_for
from patchlint.report.check import CheckLine, check_lines
from patchlint.report.check_text import check_text, report_json

if TYPE_CHECKING:
    from patchlint.report.types import Report


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    checkpatch = "checkpatch"
    b4_review = "b4-review"


def run_check(
    paths: list[str] | None = None,
    fmt: CheckFormat = CheckFormat.text,
    fail_on: FailOnLevel | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    config_file: Path | None = None,
    tree: Path | None = None,
    msgid: list[str] | None = None,
    archive_url: str | None = None,
    series: bool = False,
    profile: Profile | None = None,
) -> int:
    """`patchlint check` with its options as typer passes them: print, return the exit
    code."""
    config = resolve(
        config_file, flags(fail_on, select, ignore, archive_url=archive_url, profile=profile)
    )
    if series:
        return _series_check(paths or ["-"], fmt, config)
    options = ReviewOptions(selection=rules_for(config), config=config, headers=tree_headers(tree))
    paths = mail_inputs(paths, msgid, config)
    with reviewing(paths, options) as run:
        report = run.report()
    broken = incomplete_input(d["problem"] for d in report["diagnostics"])
    if fmt is CheckFormat.json:
        echo(report_json(report), nl=False)
    elif fmt is CheckFormat.checkpatch:
        from patchlint.integrations.b4check import checkpatch_text

        echo(checkpatch_text(report), nl=False)
    elif fmt is CheckFormat.b4_review:
        from patchlint.integrations.b4check import b4_review_output, b4_review_result

        # b4 reads the JSON whatever the exit code; 0 keeps its "exited with error" path out
        echo(b4_review_output([b4_review_result(report, config.fail_on)]))
        return 0
    else:
        _print_text(report, check_lines(report, run.grouping, run.sources), config)
    if broken is not None:  # what was read is checked; the run still fails (exit 2)
        raise InputError(broken)
    return exit_code_for(report, config)


def _print_text(report: Report, lines: list[CheckLine], config: Config) -> None:
    """The text format: built as a plain string when rich would print it unstyled and
    unchanged (a pipe or file: a hook's output), else rendered by rich (colours on a
    terminal; text rich would alter)."""
    text = check_text(report, lines, config.fail_on)
    if text is not None and unstyled(sys.stdout, text):
        echo(text, nl=False)
        return
    from patchlint.cli.console import stdout_console
    from patchlint.report.render import render_check

    stdout_console().print(render_check(report, lines, config.fail_on), end="")


def _series_check(paths: list[str], fmt: CheckFormat, config: Config) -> int:
    """`--series`: b4 runs it in the repository's top directory with the cover letter on
    stdin and B4_TRACKING_FILE set when the series has a review branch; the series rules
    only (the per-patch command runs the others), approvals by the tree's MAINTAINERS."""
    from patchlint.integrations.b4check import b4_review_output, b4_series_result
    from patchlint.integrations.b4series import series_inputs

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
        echo(report_json(report), nl=False)
        return exit_code_for(report, config)
    echo(b4_review_output([b4_series_result(report, inputs.anchor, config.fail_on)]))
    return 0
