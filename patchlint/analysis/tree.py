"""Reading a source tree (`--tree`) safely: its files for exact interdiffs (a path named in
a diff is attacker-controlled and must never leave the tree), and, in a git checkout, whether
a commit id a `Fixes:` tag names is a commit there (`git cat-file -e`, hex ids only)."""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from patchlint import lazyre
from patchlint.analysis.revisions.compare import TreeReader
from patchlint.errors import UsageError
from patchlint.limits import DEFAULT_LIMITS, Limits

_HEX = lazyre.compile(r"^[0-9a-fA-F]{4,64}$")
GIT_TIMEOUT = 10.0  # seconds for one `git cat-file`


class SourceTree:
    """A `--tree` checkout: called with a path, its file's lines (a `TreeReader`);
    `has_commit(id)`, whether a commit id names a commit in its git repository."""

    def __init__(self, root: Path, read: TreeReader) -> None:
        self.root = root
        self._read = read
        self._commits: dict[str, bool | None] = {}

    def __call__(self, path: str) -> list[str] | None:
        return self._read(path)

    def has_commit(self, commit: str) -> bool | None:
        """True or False from `git cat-file -e <id>^{commit}` in the tree; None when that
        cannot tell (not a git checkout, git missing, an id that is not hex)."""
        if not _HEX.match(commit):
            return None
        if commit not in self._commits:
            self._commits[commit] = _git_has_commit(self.root, commit.lower())
        return self._commits[commit]


def _git_has_commit(root: Path, commit: str) -> bool | None:
    try:
        inside = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--git-dir"],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
        if inside.returncode != 0:
            return None
        done = subprocess.run(
            ["git", "-C", str(root), "cat-file", "-e", f"{commit}^{{commit}}"],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.returncode == 0


def tree_reader(root: str | Path, limits: Limits = DEFAULT_LIMITS) -> SourceTree:
    """A reader returning a file's lines, or None when the path is absent, not a regular
    file inside the tree (absolute, `..`, a symlink out, a symlink loop, a NUL byte), over
    limits.tree_file_bytes, or not text. The tree itself may be a symlink (it is resolved
    once); nothing is ever written to it. It also looks up commits (`SourceTree`)."""
    base = Path(root)
    if not base.is_dir():
        raise UsageError(f"--tree {root}: not a directory")
    real_root = base.resolve()

    def read(path: str) -> list[str] | None:
        rel = PurePosixPath(path)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\0" in path:
            return None
        try:
            candidate = (real_root / rel).resolve()
            if not candidate.is_relative_to(real_root) or not candidate.is_file():
                return None
            with open(candidate, "rb") as fh:
                data = fh.read(limits.tree_file_bytes + 1)
        except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop
            return None
        if len(data) > limits.tree_file_bytes:
            return None
        if b"\0" in data:
            return None
        return data.decode("utf-8", "surrogateescape").splitlines()

    return SourceTree(real_root, read)
