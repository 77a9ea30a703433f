"""Options several commands share, defined once."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from patchlint.analysis.approval import ApprovalConfig
from patchlint.config import CONFIG_NAME, Config
from patchlint.engine.registry import Selection, default_registry
from patchlint.errors import UsageError
from patchlint.maintainers import find_maintainers
from patchlint.model.finding import rank
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
FailOnOption = Annotated[FailOn | None, typer.Option(
    "--fail-on",
    help="exit 1 when an open finding on a series' newest revision is at or above this "
         "[default: the config's fail-on, else error]", show_default=False)]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help=f"read this file instead of the nearest {CONFIG_NAME}",
    metavar="FILE", exists=False)]


class Policy(StrEnum):
    auto = "auto"
    xen = "xen"
    report = "report"


MaintainersOption = Annotated[Path | None, typer.Option(
    "--maintainers", help="a MAINTAINERS file (Linux or Xen format): who must approve what; "
    "default: MAINTAINERS at the root of --tree", metavar="FILE")]
PolicyOption = Annotated[Policy | None, typer.Option(
    "--policy", help="check-in policy: xen (every file needs its most specific maintainer's "
    "approval, and every patch an independent one), report (list maintainers and who acked, "
    "no findings), auto (xen for a Xen MAINTAINERS file, else report) "
    "[default: the config's [maintainers] policy, else auto]", show_default=False)]


def approval_config(maintainers: Path | None, tree: Path | None, policy: Policy | None,
                    config: Config | None = None) -> ApprovalConfig | None:
    """The MAINTAINERS file and policy to judge approvals by, if any: --maintainers, else
    the config's [maintainers] file, else MAINTAINERS at the root of --tree; --policy, else
    the config's [maintainers] policy, else auto."""
    config = config or Config()
    db = find_maintainers(maintainers or config.maintainers.file, tree)
    chosen = policy.value if policy is not None else config.maintainers.policy
    if db is None:
        if chosen != "auto":
            raise UsageError(f"the {chosen} policy needs a MAINTAINERS file (--maintainers "
                             "FILE, [maintainers] file in the config, or --tree DIR with "
                             "MAINTAINERS at its root)")
        return None
    return ApprovalConfig(db, chosen)


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
    if at_or_above(current_findings(report), fail_on.value):
        raise typer.Exit(1)


def exit_for_worst(worst: Iterable[str | None], fail_on: FailOn) -> None:
    """`exit_for` from each series' worst current severity (`report.summary.worst_open`),
    for runs that never hold the whole report."""
    if any(w is not None and rank(w) >= rank(fail_on.value) for w in worst):
        raise typer.Exit(1)
