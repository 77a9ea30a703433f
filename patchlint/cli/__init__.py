"""The `patchlint` command line: typer app; errors become one-line messages and exit codes
(0 clean, 1 findings at or above --fail-on, 2 bad usage or unreadable input)."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
import typer.main
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from patchlint import __version__, lazyre
from patchlint.cli.fast import fast_command
from patchlint.cli.help import readable
from patchlint.errors import PatchlintError

# Each command's module, imported only when that command runs (or for the whole app's help):
# `patchlint check` in a hook must not pay for the bot, approvals or report templates.
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


def __getattr__(name: str) -> Any:
    """`patchlint.cli.app`: the whole app, built on first use (tests, tools)."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


_TYPER_NOISE = lazyre.compile(r"\bValue error, ")


def _error(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    from rich.markup import escape as rich_escape

    from patchlint.cli.console import stderr_console

    line = " ".join(message.split())
    stderr_console().print(f"[red]patchlint: error:[/red] {rich_escape(line)}")


def main() -> None:
    """Console entry point: usage errors (typer's and patchlint's own) and unreadable input
    become one line on stderr and exit 2, never a traceback or a boxed panel."""
    try:
        fast = fast_command(sys.argv[1:])
        if fast is not None:  # a hook's command line: no typer parsing (cli.fast)
            try:
                fast()
                code: Any = 0
            except typer.Exit as exc:
                code = exc.exit_code
        else:
            command = typer.main.get_command(build_app(command_named(sys.argv[1:])))
            code = command.main(prog_name="patchlint", standalone_mode=False)
    except NoArgsIsHelpError as exc:  # `patchlint` or a group alone: the help, as a hint
        typer.echo(exc.ctx.get_help(), err=True)
        sys.exit(exc.exit_code)
    except UsageError as exc:
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
        _error(_TYPER_NOISE.sub("", exc.format_message()) + where)
        sys.exit(exc.exit_code)
    except ClickException as exc:
        _error(exc.format_message())
        sys.exit(exc.exit_code)
    except typer.Abort:
        _error("aborted")
        sys.exit(1)
    except PatchlintError as exc:
        _error(str(exc))
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug of ours: one clear line, the traceback only on request
        if os.environ.get("PATCHLINT_DEBUG"):
            raise
        from rich.markup import escape as rich_escape

        from patchlint.cli.console import stderr_console

        stderr_console().print(
            f"[red]patchlint: internal error:[/red] {rich_escape(type(exc).__name__)}: "
            f"{rich_escape(str(exc)[:300])} (PATCHLINT_DEBUG=1 shows the traceback; "
            "please report it)"
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
