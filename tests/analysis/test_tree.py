"""--tree reads files inside the tree only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from patchlint.analysis.tree import tree_reader
from patchlint.errors import UsageError


def test_reads_files_inside_and_refuses_every_way_out(tmp_path: Path):
    root = tmp_path / "tree"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "f.c").write_text("a\nb\n")
    (tmp_path / "secret").write_text("s\n")
    os.symlink(tmp_path / "secret", root / "link")
    (root / "bin").write_bytes(b"\0\1")
    read = tree_reader(root)
    assert read("sub/f.c") == ["a", "b"]
    for path in (
        "../secret",
        "/etc/passwd",
        "sub/../../secret",
        "link",
        "sub",
        "bin",
        "missing.c",
        "",
    ):
        assert read(path) is None, path


def test_tree_must_be_a_directory(tmp_path: Path):
    with pytest.raises(UsageError):
        tree_reader(tmp_path / "nope")
