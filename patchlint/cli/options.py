"""Options several commands share, defined once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from patchlint.config import CONFIG_NAME, Config
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
FailOnOption = Annotated[FailOn | None, typer.Option(
    "--fail-on",
    help="exit 1 when an open finding on a series' newest revision is at or above this "
         "[default: the config's fail-on, else error]", show_default=False)]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help=f"read this file instead of the nearest {CONFIG_NAME}",
    metavar="FILE", exists=False)]


def chosen_rules(select: list[str] | None, ignore: list[str] | None,
                 config: Config | None = None) -> Selection:
    """Command-line --select replaces the config's select; --ignore adds to its ignore."""
    config = config or Config()
    return default_registry().select(select or config.select,
                                     [*config.ignore, *(ignore or ())],
                                     config.per_file_ignores)


def fail_level(option: FailOn | None, config: Config) -> FailOn:
    """--fail-on, else the config's fail-on, else error."""
    if option is not None:
        return option
    return FailOn(config.fail_on) if config.fail_on else FailOn.error


def exit_for(report: dict[str, Any], fail_on: FailOn) -> None:
    """Exit 1 when an open finding on the newest revision of a series (what would be
    applied) reaches the --fail-on severity; findings a later revision left behind are
    history and are reported, not failed on."""
    threshold = SEVERITY_RANK[fail_on.value]
    worst = 0
    for series in report["series"]:
        newest = series["revisions"][-1]["version"] if series["revisions"] else None
        for f in series["findings"]:
            if f.get("status", "open") == "open" and f["revision"] in (newest, None):
                worst = max(worst, SEVERITY_RANK.get(f["severity"], 0))
    if worst >= threshold:
        raise typer.Exit(1)
