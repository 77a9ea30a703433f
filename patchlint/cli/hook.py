"""`patchlint hook install|uninstall|run`: the git `sendemail-validate` hook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from patchlint.cli.hook_run import run_hook
from patchlint.cli.options import ConfigOption
from patchlint.integrations.hook import install, uninstall

hook_app = typer.Typer(
    help="The git sendemail-validate hook: check patches before they are mailed.",
    no_args_is_help=True,
)

Repo = Annotated[
    Path,
    typer.Option(
        "--repo", help="the repository", metavar="PATH", show_default="the working directory"
    ),
]
Thread = Annotated[
    Path | None,
    typer.Option(
        "--thread",
        help="the previous revision's thread (mbox): trailers in the outgoing "
        "revision must have been given there",
        metavar="MBOX",
    ),
]


@hook_app.command("install")
def install_cmd(
    repo: Repo = Path("."),
    force: Annotated[
        bool,
        typer.Option("--force", help="replace a hook patchlint did not write (kept as a backup)"),
    ] = False,
    thread: Thread = None,
) -> None:
    """Install the sendemail-validate hook in a repository."""
    done = install(repo, force=force, thread=thread)
    verb = {
        None: "installed",
        "patchlint": "updated",
        "foreign": "replaced the existing hook with",
    }[done.replaced]
    typer.echo(
        f"patchlint: {verb} {done.path}: `git send-email` now runs `patchlint hook run` "
        "on every mail first and refuses to send on findings at or above the fail "
        "level (.patchlint.toml fail-on, default error); `--no-validate` skips it."
    )
    if done.backup is not None:
        typer.echo(
            f"patchlint: the hook it replaced is kept as {done.backup}; "
            "`patchlint hook uninstall` puts it back."
        )


@hook_app.command("uninstall")
def uninstall_cmd(repo: Repo = Path(".")) -> None:
    """Remove patchlint's sendemail-validate hook (never another one); the hook `install
    --force` replaced is put back."""
    removed = uninstall(repo)
    if removed is None:
        typer.echo("patchlint: no sendemail-validate hook installed")
    elif removed.restored is None:
        typer.echo(f"patchlint: removed {removed.path}")
    else:
        typer.echo(
            f"patchlint: removed {removed.path} and put back the hook it had "
            f"replaced (from {removed.restored})"
        )


@hook_app.command("run")
def run_cmd(
    patch: Annotated[Path, typer.Argument(help="the mail git send-email will send")],
    header: Annotated[
        Path | None, typer.Argument(help="git >= 2.41: the headers it will send with it")
    ] = None,
    thread: Thread = None,
    config_file: ConfigOption = None,
) -> None:
    """What the installed hook runs (git passes the arguments)."""
    code = run_hook(patch, header, thread, config_file)
    if code:
        raise typer.Exit(code)
