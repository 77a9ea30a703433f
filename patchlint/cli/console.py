"""Consoles: results on stdout, progress and errors on stderr (never mixed)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

PROGRESS_BYTES = 5 * 1024 * 1024


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def input_size(paths: Sequence[str]) -> int:
    total = 0
    for spec in paths:
        path = Path(spec)
        try:
            if path.is_file():
                total += path.stat().st_size
            elif path.is_dir():
                total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        except OSError:
            continue
    return total


@contextmanager
def message_progress(paths: Sequence[str]) -> Iterator[Callable[[int], None] | None]:
    """A 'messages read' counter on stderr for large inputs on a terminal; else nothing."""
    console = stderr_console()
    if not console.is_terminal or os.environ.get("CI") or input_size(paths) < PROGRESS_BYTES:
        yield None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("reading mail", total=None)

        def update(count: int) -> None:
            bar.update(task, description=f"read {count:,} messages")

        yield update
