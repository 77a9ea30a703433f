"""The typer app: every command line the hooks' fast path (`cli.fast`) does not take on.

Each command's module is imported only when that command runs (or for the whole app's
help): `patchlint review` must not pay for the bot, approvals or report templates it does
not use. Usage errors (typer's) become one line on stderr and click's exit code."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Annotated, Any

import typer
import typer.main
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from patchlint import __version__, lazyre
from patchlint.cli.help import readable
from patchlint.cli.messages import error

COMMANDS: dict[str, tuple[str, str]] = {
    "review": ("patchlint.cli.review", "review"),
    "diff": ("patchlint.cli.diff", "diff"),
    "check": ("patchlint.cli.check", "check"),
    "who": ("patchlint.cli.who", "who"),
    "digest": ("patchlint.cli.digest", "digest"),
    "bot": ("patchlint.cli.bot", "bot"),
}
GROUPS: dict[str, tuple[str, str]] = {
    "rules": ("patchlint.cli.rules", "rules_app"),
    "kb": ("patchlint.cli.kb", "kb_app"),
    "hook": ("patchlint.cli.hook", "hook_app"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"patchlint {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    """patchlint: the whole review pass over a patch thread in one run."""


def build_app(only: str | None = None) -> typer.Typer:
    """The typer app with every command, or with the one named `only` (what a run of that
    command needs: its usage, help and errors read the same either way)."""
    built = typer.Typer(
        name="patchlint",
        help="Review and lint Linux/Xen patch series straight from mailing-list threads.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    built.callback()(_root)
    for name, (module, attr) in COMMANDS.items():
        if only in (None, name):
            built.command(name)(getattr(importlib.import_module(module), attr))
    for name, (module, attr) in GROUPS.items():
        if only in (None, name):
            built.add_typer(getattr(importlib.import_module(module), attr), name=name)
    return readable(built)


def command_named(args: Sequence[str]) -> str | None:
    """The command a command line runs, when its first word names one (root options come
    before it: only --version and --help, which need the whole app anyway)."""
    first = args[0] if args else None
    return first if first in COMMANDS or first in GROUPS else None


_TYPER_NOISE = lazyre.compile(r"\bValue error, ")


def run_typer(args: Sequence[str]) -> int:
    """Run a command line through typer: the exit code, usage errors as one line on
    stderr (with the command's exit code), `patchlint` or a group alone as its help."""
    try:
        command = typer.main.get_command(build_app(command_named(args)))
        code: Any = command.main(list(args), prog_name="patchlint", standalone_mode=False)
    except NoArgsIsHelpError as exc:  # `patchlint` or a group alone: the help, as a hint
        typer.echo(exc.ctx.get_help(), err=True)
        return exc.exit_code
    except UsageError as exc:
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
        error(_TYPER_NOISE.sub("", exc.format_message()) + where)
        return exc.exit_code
    except ClickException as exc:
        error(exc.format_message())
        return exc.exit_code
    except typer.Abort:
        error("aborted")
        return 1
    return code if isinstance(code, int) else 0
