"""Reading files of a source tree (`--tree`) for exact interdiffs, safely: a path named in a
diff is attacker-controlled and must never leave the tree."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from patchlint.analysis.compare import TreeReader
from patchlint.errors import UsageError

MAX_FILE_BYTES = 16 * 1024 * 1024


def tree_reader(root: str | Path) -> TreeReader:
    """A reader returning a file's lines, or None when the path is absent, not a regular
    file inside the tree (absolute, `..`, a symlink out), too large, or not text."""
    base = Path(root)
    if not base.is_dir():
        raise UsageError(f"--tree {root}: not a directory")
    real_root = base.resolve()

    def read(path: str) -> list[str] | None:
        rel = PurePosixPath(path)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            return None
        candidate = (real_root / rel).resolve()
        if not candidate.is_relative_to(real_root) or not candidate.is_file():
            return None
        try:
            if candidate.stat().st_size > MAX_FILE_BYTES:
                return None
            data = candidate.read_bytes()
        except OSError:
            return None
        if b"\0" in data:
            return None
        return data.decode("utf-8", "surrogateescape").splitlines()

    return read
