"""Install and remove the `sendemail-validate` hook that runs `patchlint hook run`.

The hook is a short shell script that execs this Python, so it uses the patchlint that
installed it whatever PATH the mail client runs with: on the resident checker's client
(`cli/hookclient.py`, by path), or on `-m patchlint hook run` if that file is gone. It goes
where git looks (`git rev-parse --git-path hooks`, which honours core.hooksPath). A hook
patchlint did not write is never overwritten unless the caller forces it, and then it is
moved aside as a backup, which `uninstall` restores.
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
    backup: Path | None = None  # where the foreign hook was moved to


@dataclass(frozen=True, slots=True)
class Removed:
    path: Path
    restored: Path | None = None  # the backup put back in its place (it was moved there)


BACKUP_SUFFIX = ".patchlint-backup"


def hooks_dir(repo: Path) -> Path:
    """Where git runs hooks from for `repo` (a work tree or a git dir)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--git-path", "hooks"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc}") from exc
    if done.returncode != 0:
        raise UsageError(f"{repo} is not a git repository: {done.stderr.strip()}")
    path = Path(done.stdout.strip())
    return (path if path.is_absolute() else repo / path).resolve()


# the resident checker's client (patchlint/cli/hookclient.py: standard library only, run
# by path in an isolated interpreter; named here, not imported)
CLIENT = Path(__file__).resolve().parent.parent / "cli" / "hookclient.py"


def hook_script(thread: Path | None = None) -> str:
    """The hook's text: this interpreter runs the resident checker's client with git's
    arguments (`patchlint hook run` itself when the client is not there)."""
    options = ["--thread", str(thread.resolve())] if thread is not None else []
    command = shlex.join([sys.executable, "-m", "patchlint", "hook", "run", *options])
    client = shlex.join([sys.executable, "-I", "-S", str(CLIENT), "hook", "run", *options])
    return (
        f"#!/bin/sh\n{MARKER}; remove this file to uninstall.\n"
        f'[ -f {shlex.quote(str(CLIENT))} ] || exec {command} -- "$@"\n'
        f'exec {client} -- "$@"\n'
    )


def is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _backups(path: Path) -> list[Path]:
    """The backups of foreign hooks `install --force` made next to `path`, oldest first."""
    first = path.with_name(path.name + BACKUP_SUFFIX)
    found = [first] if first.exists() or first.is_symlink() else []
    n = 2
    while True:
        more = path.with_name(f"{path.name}{BACKUP_SUFFIX}.{n}")
        if not (more.exists() or more.is_symlink()):
            return found
        found.append(more)
        n += 1


def _backup_name(path: Path) -> Path:
    taken = _backups(path)
    if not taken:
        return path.with_name(path.name + BACKUP_SUFFIX)
    return path.with_name(f"{path.name}{BACKUP_SUFFIX}.{len(taken) + 1}")


def install(repo: Path, force: bool = False, thread: Path | None = None) -> Installed:
    """Write the hook into `repo`'s hooks directory. A foreign hook needs `force`, and is
    then moved aside to `sendemail-validate.patchlint-backup` (`.2`, `.3`... when that is
    taken; git runs none of them), never deleted: `uninstall` puts it back."""
    folder = hooks_dir(repo)
    path = folder / HOOK_NAME
    replaced: str | None = None
    backup: Path | None = None
    if path.exists() or path.is_symlink():
        replaced = "patchlint" if is_ours(path) else "foreign"
        if replaced == "foreign" and not force:
            raise UsageError(
                f"{path} exists and was not written by patchlint; "
                "use --force to replace it (it is kept as a backup)"
            )
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{HOOK_NAME}.patchlint-tmp"
    tmp.write_text(hook_script(thread), encoding="utf-8")
    tmp.chmod(0o755)
    if replaced == "foreign":
        backup = _backup_name(path)
        path.rename(backup)  # a symlink stays a symlink
    tmp.replace(path)
    return Installed(path, replaced, backup)


def uninstall(repo: Path) -> Removed | None:
    """Remove patchlint's hook (never another one) and put back the foreign hook the last
    `install --force` moved aside, if any; None when there is no hook."""
    path = hooks_dir(repo) / HOOK_NAME
    if not (path.exists() or path.is_symlink()):
        return None
    if not is_ours(path):
        raise UsageError(f"{path} was not written by patchlint; leaving it alone")
    path.unlink()
    backups = _backups(path)
    if not backups:
        return Removed(path)
    backups[-1].rename(path)
    return Removed(path, backups[-1])
