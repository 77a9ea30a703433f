"""Options several commands share, defined once for typer, and the exits typer's commands
raise; what the commands build from the options is `cli.shared` (no typer there)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from patchlint.cli.shared import exit_code_for, flags, mail_inputs, resolve, tree_headers
from patchlint.config import CONFIG_NAME, DEFAULT_ARCHIVE, Config
from patchlint.model.finding import FailOnLevel, rank
from patchlint.model.policy import PolicyName
from patchlint.model.profile import Profile

# what commands build from the options (typer-free, in cli.shared), named here too
__all__ = ["exit_code_for", "flags", "mail_inputs", "resolve", "tree_headers"]

Select = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        help="run only these rules (code, name or prefix; repeat or "
        "comma-separate); replaces the config's select",
        metavar="RULE",
    ),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        help="do not run these rules (code, name or prefix); added to the config's ignore",
        metavar="RULE",
    ),
]
FailOnOption = Annotated[
    FailOnLevel | None,
    typer.Option(
        "--fail-on",
        help="exit 1 when an open finding on a series' newest revision is at or above this "
        "(config: fail-on)",
        show_default="error",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help=f"read this file instead of the nearest {CONFIG_NAME}",
        metavar="FILE",
        exists=False,
    ),
]
MaintainersOption = Annotated[
    Path | None,
    typer.Option(
        "--maintainers",
        help="a MAINTAINERS file (Linux or Xen format): who must approve what "
        "(config: [maintainers] file)",
        metavar="FILE",
        show_default="MAINTAINERS at the root of --tree",
    ),
]
MeOption = Annotated[
    str | None,
    typer.Option(
        "--me",
        help="who is reading: `Name <addr>` or an address, matched by every address "
        "a thread links to them (config: [view] me)",
        metavar="ADDR",
    ),
]
PolicyOption = Annotated[
    PolicyName | None,
    typer.Option(
        "--policy",
        help="check-in policy: xen (every file needs its most specific maintainer's "
        "approval, and every patch an independent one), report (list maintainers and who acked, "
        "no findings), auto (xen for a Xen MAINTAINERS file, else report) (config: "
        "[maintainers] policy)",
        show_default="auto",
    ),
]

ProfileOption = Annotated[
    Profile | None,
    typer.Option(
        "--profile",
        help="judge every patch by this project profile instead of the one its "
        "evidence (paths, lists, subject tags) names (config: [profiles] force)",
        show_default="detected per patch",
    ),
]
MsgidOption = Annotated[
    list[str] | None,
    typer.Option(
        "--msgid",
        help="fetch the thread holding this Message-ID (or a message's archive URL) "
        "through b4 from the archive (--archive-url) and read it, with any PATHs (repeat for "
        "revisions posted in threads of their own)",
        metavar="ID",
    ),
]
ArchiveUrlOption = Annotated[
    str | None,
    typer.Option(
        "--archive-url",
        help="the list's public-inbox archive: where --msgid fetches from, and "
        "the base of the reports' links (config: [archive] url)",
        metavar="URL",
        show_default=DEFAULT_ARCHIVE,
    ),
]
LinksOption = Annotated[
    bool | None,
    typer.Option(
        "--links/--no-links",
        help="give each revision's archive links and `b4 am`/`b4 shazam` "
        "line in the report (config: [archive] links)",
        show_default="on",
    ),
]


if TYPE_CHECKING:
    from patchlint.report.types import Report


def exit_for(report: Report, config: Config) -> None:
    """Exit 1 when an open finding on the newest revision of a series (what would be
    applied) reaches the fail level; findings a later revision left behind are history
    and are reported, not failed on."""
    code = exit_code_for(report, config)
    if code:
        raise typer.Exit(code)


def exit_for_worst(worst: Iterable[str | None], config: Config) -> None:
    """`exit_for` from each series' worst current severity (`report.summary.worst_open`),
    for runs that never hold the whole report."""
    if any(w is not None and rank(w) >= rank(config.fail_on) for w in worst):
        raise typer.Exit(1)
