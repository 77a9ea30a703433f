"""Options several commands share, defined once."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

import typer

from patchlint.engine.registry import Selection, default_registry
from patchlint.report.summary import worst_open

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}


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
    """Exit 1 when an open finding on the newest revision of a series reaches the
    --fail-on severity (`worst_open`)."""
    exit_for_worst((worst_open(s) for s in report["series"]), fail_on)


def exit_for_worst(worst: Iterable[str | None], fail_on: FailOn) -> None:
    """Exit 1 when any of the series' worst open severities reaches --fail-on."""
    if max((SEVERITY_RANK.get(w or "", 0) for w in worst), default=0) >= (
            SEVERITY_RANK[fail_on.value]):
        raise typer.Exit(1)
