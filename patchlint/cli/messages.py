"""Errors on stderr as one line each, whatever the message holds (rich, imported only when
there is something to say)."""

from __future__ import annotations


def error(message: str, label: str = "error") -> None:
    """`patchlint: error: MESSAGE` on stderr, the message's whitespace made single spaces."""
    from rich.markup import escape as rich_escape

    from patchlint.cli.console import stderr_console

    line = " ".join(message.split())
    stderr_console().print(f"[red]patchlint: {label}:[/red] {rich_escape(line)}")
