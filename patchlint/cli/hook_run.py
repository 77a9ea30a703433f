"""What `patchlint hook run` (the installed sendemail-validate hook) does once its command
line is read, without typer: the typer command (`cli.hook`) and the hooks' fast path
(`cli.fast`) both call `run_hook`, which prints the verdict and returns the exit code."""

from __future__ import annotations

import os
from pathlib import Path

from patchlint.cli.echo import echo
from patchlint.cli.shared import resolve
from patchlint.config import Flags
from patchlint.integrations.sendemail import (
    Outgoing,
    block_message,
    git_dir_from_env,
    thread_from,
    validate,
)
from patchlint.pipeline.setup import rules_for


def run_hook(
    patch: Path,
    header: Path | None = None,
    thread: Path | None = None,
    config_file: Path | None = None,
) -> int:
    """Check the mail git send-email will send (and its headers, git >= 2.41): 1 blocks it."""
    cwd = Path.cwd()
    env = dict(os.environ)
    config = resolve(config_file, Flags(thread=thread_from(thread, env)), cwd)
    verdict = validate(
        Outgoing.from_env(patch, header, env),
        git_dir_from_env(cwd, env),
        rules_for(config),
        config,
        tree=cwd,
    )
    for line in verdict.lines:
        echo(line)
    if verdict.blocked:
        echo(block_message(verdict, patch, config), err=True)
        return 1
    return 0
