"""The `patchlint` command line: typer app; errors become one-line messages and exit codes
(0 clean, 1 findings at or above --fail-on, 2 bad usage or unreadable input)."""

from __future__ import annotations

import os
import re
import sys
from typing import Annotated

import typer
import typer.main
from rich.markup import escape as rich_escape
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from patchlint import __version__
from patchlint.cli.bot import bot
from patchlint.cli.check import check
from patchlint.cli.console import stderr_console
from patchlint.cli.diff import diff
from patchlint.cli.digest import digest
from patchlint.cli.help import readable
from patchlint.cli.hook import hook_app
from patchlint.cli.kb import kb_app
from patchlint.cli.review import review
from patchlint.cli.rules import rules_app
from patchlint.cli.who import who
from patchlint.errors import PatchlintError

app = typer.Typer(
    name="patchlint",
    help="Review and lint Linux/Xen patch series straight from mailing-list threads.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"patchlint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="print the version and exit")] = False,
) -> None:
    """patchlint: the whole review pass over a patch thread in one run."""


app.command()(review)
app.command()(diff)
app.command()(check)
app.command()(who)
app.command()(digest)
app.command()(bot)
app.add_typer(rules_app, name="rules")
app.add_typer(kb_app, name="kb")
app.add_typer(hook_app, name="hook")
readable(app)

_TYPER_NOISE = re.compile(r"\bValue error, ")


def _error(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    line = " ".join(message.split())
    stderr_console().print(f"[red]patchlint: error:[/red] {rich_escape(line)}")


def main() -> None:
    """Console entry point: usage errors (typer's and patchlint's own) and unreadable input
    become one line on stderr and exit 2, never a traceback or a boxed panel."""
    try:
        code = typer.main.get_command(app).main(prog_name="patchlint", standalone_mode=False)
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
        stderr_console().print(
            f"[red]patchlint: internal error:[/red] {rich_escape(type(exc).__name__)}: "
            f"{rich_escape(str(exc)[:300])} (PATCHLINT_DEBUG=1 shows the traceback; "
            "please report it)")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
