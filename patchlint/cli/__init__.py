"""The `patchlint` command line: errors become one-line messages and exit codes (0 clean,
1 findings at or above --fail-on, 2 bad usage or unreadable input).

The hooks' command lines (`patchlint check ...`, `patchlint hook run ...`) run through
`cli.fast` without importing typer, rich or the other commands; every other command line
goes through the typer app (`cli.app`), built with only the command it names.

`dataclasscode` is installed before anything else is imported: every dataclass a command
builds then runs code compiled by an earlier process (start-up time)."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

from patchlint import dataclasscode

dataclasscode.install()

from patchlint.cli.fast import fast_command  # noqa: E402  (after install: its dataclasses)
from patchlint.cli.messages import error  # noqa: E402
from patchlint.errors import PatchlintError  # noqa: E402


def __getattr__(name: str) -> Any:
    """`patchlint.cli.app`: the whole app, built on first use (tests, tools);
    `build_app` and `command_named` from `cli.app`."""
    if name == "app":
        from patchlint.cli.app import build_app

        globals()["app"] = built = build_app()
        return built
    if name in ("build_app", "command_named"):
        # the module by its full name: once `app` above ran, the package's `app` attribute
        # is the built Typer, not the `cli.app` module
        import importlib

        typer_app = importlib.import_module("patchlint.cli.app")
        return getattr(typer_app, name)
    raise AttributeError(name)


def main() -> None:
    """Console entry point: usage errors (typer's and patchlint's own) and unreadable input
    become one line on stderr and exit 2, never a traceback or a boxed panel."""
    args = sys.argv[1:]
    try:
        # importing the command builds only long-lived objects (modules, classes,
        # functions): the cyclic GC is off meanwhile (~40 collections of a one-patch check,
        # ~5 ms) and what was built is frozen after, never scanned by the run's collections
        gc.disable()
        try:
            fast = fast_command(args)
        finally:
            gc.freeze()
            gc.enable()
        if fast is not None:  # a hook's command line: no typer (cli.fast)
            code = fast()
        else:
            from patchlint.cli.app import run_typer

            code = run_typer(args)
    except PatchlintError as exc:
        error(str(exc))
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
    sys.exit(code)
