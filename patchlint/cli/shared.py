"""What commands build from their options and the one resolved `Config` (the inputs, the
Config itself, the exit code), without typer: the hooks' fast path (`cli.fast`) runs
`check` and `hook run` through these without importing typer at all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from patchlint.config import Config, Flags, load_config
from patchlint.errors import UsageError
from patchlint.model.finding import FailOnLevel
from patchlint.model.policy import PolicyName
from patchlint.model.profile import Profile

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders
    from patchlint.report.types import Report


def mail_inputs(paths: list[str] | None, msgids: list[str] | None, config: Config) -> list[str]:
    """What a command reads: its PATHs, and the threads `--msgid` names, fetched through b4
    (ingest/b4.py, imported only then) from the configured archive."""
    if not paths and not msgids:
        raise UsageError("give the mail to read: PATH... (- for standard input) or --msgid ID")
    inputs = list(paths or ())
    if msgids:
        from patchlint.ingest.b4 import fetch_thread

        inputs.extend(fetch_thread(msgid, config.archive.url) for msgid in msgids)
    return inputs


def resolve(config_file: Path | None, flags: Flags, start: Path | None = None) -> Config:
    """The run's one Config: `--config FILE` (else the nearest .patchlint.toml above
    `start`, the working directory) with the command line's flags over it."""
    return load_config(config_file, start, flags)


def flags(
    fail_on: FailOnLevel | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    maintainers: Path | None = None,
    policy: PolicyName | None = None,
    thread: Path | None = None,
    me: str | None = None,
    archive_url: str | None = None,
    links: bool | None = None,
    profile: Profile | None = None,
) -> Flags:
    """The shared flags as `Flags` (what was not given stays unset)."""
    return Flags(
        fail_on=fail_on,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        maintainers=maintainers,
        policy=policy,
        thread=thread,
        me=me,
        archive_url=archive_url,
        links=links,
        profile=profile,
    )


def exit_code_for(report: Report, config: Config) -> int:
    """1 when an open finding on the newest revision of a series (what would be applied)
    reaches the fail level, else 0; findings a later revision left behind are history and
    are reported, not failed on."""
    from patchlint.report.verdict import current_findings, exit_code

    return exit_code(current_findings(report), config.fail_on)


def tree_headers(tree: Path | None) -> TreeHeaders | None:
    """The tree's headers, for rules that read prototypes from them (ops-prototype-mismatch)."""
    if tree is None:
        return None
    from patchlint.c.kb.tree import TreeHeaders

    return TreeHeaders.at(tree)
