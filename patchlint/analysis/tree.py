"""Reading files of a source tree (`--tree`) for exact interdiffs, safely: a path named in a
diff is attacker-controlled and must never leave the tree."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from patchlint.analysis.revisions.compare import TreeReader
from patchlint.errors import UsageError
from patchlint.limits import DEFAULT_LIMITS, Limits


def tree_reader(root: str | Path, limits: Limits = DEFAULT_LIMITS) -> TreeReader:
    """A reader returning a file's lines, or None when the path is absent, not a regular
    file inside the tree (absolute, `..`, a symlink out, a symlink loop, a NUL byte), over
    limits.tree_file_bytes, or not text. The tree itself may be a symlink (it is resolved
    once); nothing is ever written to it."""
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

    return read
