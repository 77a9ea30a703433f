"""Options several commands share, defined once."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from patchlint.engine.registry import Selection, default_registry

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
    "--fail-on", help="exit 1 when an open finding at or above this severity exists")]


def chosen_rules(select: list[str] | None, ignore: list[str] | None) -> Selection:
    return default_registry().select(select or (), ignore or ())


def exit_for(report: dict[str, Any], fail_on: FailOn) -> None:
    """Exit 1 when an open finding reaches the --fail-on severity."""
    threshold = SEVERITY_RANK[fail_on.value]
    worst = max((SEVERITY_RANK.get(f["severity"], 0) for s in report["series"]
                 for f in s["findings"] if f.get("status", "open") == "open"), default=0)
    if worst >= threshold:
        raise typer.Exit(1)
