"""Options several commands share, defined once."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from patchlint.engine.registry import Selection, default_registry
from patchlint.report.verdict import at_or_above, current_findings


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


Select = Annotated[list[str] | None, typer.Option(
    "--select", help="run only these rules (code, name or prefix; repeat or comma-separate)",
    metavar="RULE")]
Ignore = Annotated[list[str] | None, typer.Option(
    "--ignore", help="do not run these rules (code, name or prefix)", metavar="RULE")]
FailOnOption = Annotated[FailOn, typer.Option(
    "--fail-on",
    help="exit 1 when an open finding on a series' newest revision is at or above this")]


def chosen_rules(select: list[str] | None, ignore: list[str] | None) -> Selection:
    return default_registry().select(select or (), ignore or ())


def exit_for(report: dict[str, Any], fail_on: FailOn) -> None:
    """Exit 1 when an open finding on the newest revision of a series (what would be
    applied) reaches the --fail-on severity; findings a later revision left behind are
    history and are reported, not failed on."""
    if at_or_above(current_findings(report), fail_on.value):
        raise typer.Exit(1)
