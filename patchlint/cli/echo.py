"""`typer.echo` without importing typer: what the hooks' commands print on the fast path
(`cli.fast`), byte for byte what typer (click) would print; and whether rich would print
plain text to stdout (no terminal: no styles), so that text can be written without it.

click writes text to the standard stream as is, with ANSI escape sequences removed when the
stream is not a terminal, and flushes. A stream that needs click's help (an ASCII-encoded
one, which click re-wraps) or a platform that needs its Windows console support is left to
typer itself.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import TextIO

from patchlint import lazyre

# click's `_ansi_re`: what it strips from output that is not going to a terminal
_ANSI = lazyre.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except Exception:  # click's `isatty` reads any failure as "not a terminal"
        return False


def _needs_click(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        ascii_encoded = codecs.lookup(encoding).name == "ascii"
    except LookupError:
        ascii_encoded = False
    return sys.platform.startswith("win") or ascii_encoded or type(stream).__module__ != "_io"


def echo(message: str, nl: bool = True, err: bool = False) -> None:
    """`typer.echo(message, nl=nl, err=err)` for a str message."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    if _needs_click(stream):
        import typer

        typer.echo(message, nl=nl, err=err)
        return
    out = message + "\n" if nl else message
    if not out:
        stream.flush()
        return
    if "\x1b" in out and not _isatty(stream):
        out = _ANSI.sub("", out)
    stream.write(out)
    stream.flush()


def unstyled(stream: TextIO | None, text: str) -> bool:
    """Whether a rich Console on `stream` (the defaults `cli.console` gives it) writes `text`
    unstyled and unchanged, as `echo(text)` does: not a terminal (rich's reading of it:
    TTY_COMPATIBLE, FORCE_COLOR, isatty), a standard stream that encodes the text."""
    if stream is None or _needs_click(stream) or _isatty(stream):
        return False
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return False
    try:
        text.encode(stream.encoding, stream.errors or "strict")
    except (UnicodeError, LookupError):
        return False
    return True
