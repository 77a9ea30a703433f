"""Where the bot's mail comes from: a public-inbox v2 archive or a maildir, read incrementally.

public-inbox v2 keeps a list in git "epochs", `DIR/git/0.git`, `1.git`, ...: each commit on
`refs/heads/master` adds one message as the blob `m` (a removal commits `d` instead). The bot
remembers the last commit it read in each epoch and reads the ones after it with
`git rev-list` and one `git cat-file --batch` process per epoch. If an epoch's history was
rewritten (public-inbox-purge) and the remembered commit is gone, the epoch is read again
from the start; mail already stored is recognised by its Message-ID.

A maildir is read from `new/` and `cur/`; a file is known by its name up to the `:2,` flags
(a mail client moving it from new/ to cur/ does not make it new).

Every item carries the position to remember once it is stored (`Item.mark`), so storing the
mail and advancing the position happen in one transaction. Only git's own output (commit
ids, checked to be hex) is ever passed to git, never text from mail, and never to a shell.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from patchlint import lazyre
from patchlint.errors import InputError, UsageError

_HEX = lazyre.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_EPOCH = lazyre.compile(r"^(\d+)\.git$")
BRANCH = "refs/heads/master"


@dataclass(frozen=True, slots=True)
class Item:
    """One mail and the source position to record with it: ("cursor", epoch, commit) or
    ("file", name, "")."""

    raw: bytes | None  # None: nothing to store (a removal commit), only the position
    mark: tuple[str, str, str]
    label: str


class PublicInboxSource:
    def __init__(self, root: Path) -> None:
        self.root = root
        if not (root / "git").is_dir():
            raise UsageError(
                f"{root} is not a public-inbox v2 archive (no git/ epochs); "
                "v1 archives: convert them with public-inbox-convert"
            )

    def epochs(self) -> list[tuple[str, Path]]:
        found = []
        for entry in (self.root / "git").iterdir():
            m = _EPOCH.match(entry.name)
            if m and entry.is_dir():
                found.append((int(m.group(1)), entry))
        return [(f"epoch:{n}", path) for n, path in sorted(found)]

    def items(self, cursors: dict[str, str], seen_file: Callable[[str], bool]) -> Iterator[Item]:
        del seen_file
        for name, epoch in self.epochs():
            yield from self._epoch_items(name, epoch, cursors.get(name))

    def _git(self, epoch: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["git", f"--git-dir={epoch}", *args], capture_output=True, check=False
        )

    def _new_commits(self, epoch: Path, cursor: str | None) -> list[str]:
        head = self._git(epoch, "rev-parse", "--verify", "--quiet", BRANCH)
        if head.returncode != 0:
            return []  # an epoch with nothing in it yet
        args = ["rev-list", "--reverse", BRANCH]
        if (
            cursor
            and _HEX.match(cursor)
            and self._git(epoch, "merge-base", "--is-ancestor", cursor, BRANCH).returncode == 0
        ):
            args.append(f"^{cursor}")
        done = self._git(epoch, *args)
        if done.returncode != 0:
            raise InputError(
                f"{epoch}: git rev-list failed: {done.stderr.decode(errors='replace').strip()}"
            )
        commits = done.stdout.decode("ascii", "replace").split()
        return [c for c in commits if _HEX.match(c)]

    def _epoch_items(self, name: str, epoch: Path, cursor: str | None) -> Iterator[Item]:
        commits = self._new_commits(epoch, cursor)
        if not commits:
            return
        with subprocess.Popen(
            ["git", f"--git-dir={epoch}", "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        ) as proc:
            assert proc.stdin is not None and proc.stdout is not None
            try:
                for commit in commits:
                    proc.stdin.write(f"{commit}:m\n".encode())
                    proc.stdin.flush()
                    raw = _read_object(proc.stdout)
                    yield Item(raw, ("cursor", name, commit), f"{epoch.name}@{commit[:12]}")
            finally:
                proc.stdin.close()
                proc.wait()


def _read_object(out: IO[bytes]) -> bytes | None:
    """One `git cat-file --batch` answer: the blob's bytes, or None for `missing`."""
    header = out.readline().decode("ascii", "replace").split()
    if len(header) != 3 or header[1] != "blob" or not header[2].isdecimal():
        return None
    size = int(header[2])
    data = out.read(size)
    out.read(1)  # the newline after the object
    return data


class MaildirSource:
    def __init__(self, root: Path) -> None:
        self.root = root
        if not ((root / "new").is_dir() or (root / "cur").is_dir()):
            raise UsageError(f"{root} is not a maildir (no new/ or cur/)")

    def items(self, cursors: dict[str, str], seen_file: Callable[[str], bool]) -> Iterator[Item]:
        del cursors
        names: list[tuple[str, str]] = []
        for sub in ("cur", "new"):
            folder = self.root / sub
            try:
                entries = os.listdir(folder)
            except OSError:
                continue
            names += [
                (entry.split(":", 1)[0], sub + "/" + entry)
                for entry in entries
                if not entry.startswith(".")
            ]
        for base, rel in sorted(names):  # maildir names start with the delivery time
            if seen_file(base):
                continue
            raw = self._read(rel, base)
            if raw is not None:
                yield Item(raw, ("file", base, ""), rel)

    def _read(self, rel: str, base: str) -> bytes | None:
        """The file's bytes; a mail client may have moved it meanwhile (found again next
        time under its new name, which has the same base)."""
        try:
            return (self.root / rel).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise InputError(f"cannot read {self.root / rel}: {exc.strerror or exc}") from exc


Source = PublicInboxSource | MaildirSource
