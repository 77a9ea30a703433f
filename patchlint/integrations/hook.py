"""Install and remove the `sendemail-validate` hook that runs `patchlint hook run`.

The hook is a two-line shell script that execs this Python with `-m patchlint`, so it uses
the patchlint that installed it whatever PATH the mail client runs with. It goes where git
looks (`git rev-parse --git-path hooks`, which honours core.hooksPath). A hook patchlint did
not write is never overwritten unless the caller forces it.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from patchlint.errors import UsageError

HOOK_NAME = "sendemail-validate"
MARKER = "# sendemail-validate hook written by `patchlint hook install`"


@dataclass(frozen=True, slots=True)
class Installed:
    path: Path
    replaced: str | None  # None | "patchlint" (an older one of ours) | "foreign"


def hooks_dir(repo: Path) -> Path:
    """Where git runs hooks from for `repo` (a work tree or a git dir)."""
    try:
        done = subprocess.run(["git", "-C", str(repo), "rev-parse", "--git-path", "hooks"],
                              capture_output=True, text=True, check=False)
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc}") from exc
    if done.returncode != 0:
        raise UsageError(f"{repo} is not a git repository: {done.stderr.strip()}")
    path = Path(done.stdout.strip())
    return (path if path.is_absolute() else repo / path).resolve()


def hook_script(thread: Path | None = None) -> str:
    """The hook's text: exec this interpreter's patchlint with git's arguments."""
    command = [sys.executable, "-m", "patchlint", "hook", "run"]
    if thread is not None:
        command += ["--thread", str(thread.resolve())]
    return ("#!/bin/sh\n"
            f"{MARKER}; remove this file to uninstall.\n"
            f'exec {shlex.join(command)} -- "$@"\n')


def is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def install(repo: Path, force: bool = False, thread: Path | None = None) -> Installed:
    """Write the hook into `repo`'s hooks directory; a foreign hook needs `force`."""
    folder = hooks_dir(repo)
    path = folder / HOOK_NAME
    replaced: str | None = None
    if path.exists() or path.is_symlink():
        replaced = "patchlint" if is_ours(path) else "foreign"
        if replaced == "foreign" and not force:
            raise UsageError(f"{path} exists and was not written by patchlint; "
                             "use --force to replace it")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{HOOK_NAME}.patchlint-tmp"
    tmp.write_text(hook_script(thread), encoding="utf-8")
    tmp.chmod(0o755)
    tmp.replace(path)
    return Installed(path, replaced)


def uninstall(repo: Path) -> Path | None:
    """Remove patchlint's hook (never another one); the path removed, or None."""
    path = hooks_dir(repo) / HOOK_NAME
    if not path.exists():
        return None
    if not is_ours(path):
        raise UsageError(f"{path} was not written by patchlint; leaving it alone")
    path.unlink()
    return path
