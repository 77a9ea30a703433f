"""With --tree, no path a diff names (absolute, with `..`, through a symlink, a symlink
loop, a NUL byte) makes patchlint read outside the tree; nothing is ever written into it.
Checked end to end: `review --tree`, `diff --tree` and `kb build --tree` run in a child
process whose audit hook records every file it opens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from patchlint.analysis.tree import tree_reader
from tests.conftest import ROOT
from tests.security.hostile import mail, mbox

SECRET = "SECRET_LINE_never_to_be_read"
_AUDITED = """
import atexit, json, os, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append(os.fsdecode(args[0]))
sys.addaudithook(hook)
atexit.register(lambda: open(os.environ["OPENED_LOG"], "w").write(json.dumps(opened)))
sys.argv = ["patchlint", *sys.argv[1:]]
from patchlint.cli import main
main()
"""


@pytest.fixture()
def world(tmp_path: Path) -> dict[str, Path]:
    """A tree reached through a symlink, holding symlinks out of itself, and a secret
    beside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.c").write_text(f"int x;\n{SECRET}\n" * 3)
    (outside / "secret.h").write_text(
        "struct evil_ops {\n\tint (*steal)(struct file *f, char *buf);\n};\n"
    )
    real = tmp_path / "real-tree"
    (real / "drivers").mkdir(parents=True)
    (real / "drivers" / "f.c").write_text("int a;\nint b;\nint c;\n")
    (real / "include" / "linux").mkdir(parents=True)
    (real / "include" / "linux" / "fs.h").write_text(
        "struct good_ops {\n\tint (*open)(struct inode *i, struct file *f);\n};\n"
    )
    os.symlink(outside / "secret.h", real / "include" / "linux" / "evil.h")
    os.symlink(outside / "secret.c", real / "link.c")
    os.symlink(outside, real / "dirlink")
    os.symlink("loop", real / "loop")
    tree = tmp_path / "tree"
    os.symlink(real, tree)  # the tree itself is a symlink
    return {"tmp": tmp_path, "outside": outside, "tree": tree, "real": real}


HOSTILE_PATHS = [
    "../outside/secret.c",
    "drivers/../../outside/secret.c",
    "link.c",
    "dirlink/secret.c",
    "loop",
    "loop/x.c",
]


def _series(world: dict[str, Path]) -> Path:
    """v1 and v2 of a patch touching every hostile path (and one good one), so that the
    interdiff asks the tree for each of them."""
    absolute = str(world["outside"] / "secret.c")

    def diff(word: str) -> str:
        out = ""
        for p in ["drivers/f.c", *HOSTILE_PATHS]:
            out += (
                f"diff --git a/{p} b/{p}\n--- a/{p}\n+++ b/{p}\n"
                f"@@ -2,1 +2,1 @@\n-int x;\n+int {word};\n"
            )
        out += f"--- {absolute}\n+++ {absolute}\n@@ -2,1 +2,1 @@\n-int x;\n+int {word};\n"
        return out

    def rev(v: int, word: str) -> bytes:
        return mail(
            f"v{v}@test",
            f"[PATCH v{v}] hostile paths",
            "A change.\n\nSigned-off-by: A U Thor <author@example.org>\n---\n" + diff(word),
            minute=v * 60,
        )

    path = world["tmp"] / "series.mbox"
    path.write_bytes(mbox([rev(1, "y"), rev(2, "z")]))
    return path


def _audited(
    world: dict[str, Path], *args: str
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    log = world["tmp"] / "opened.json"
    res = subprocess.run(
        [sys.executable, "-c", _AUDITED, *args],
        cwd=ROOT,
        text=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "OPENED_LOG": str(log)},
    )
    return res, json.loads(log.read_text())


def _outside(opened: list[str], world: dict[str, Path]) -> list[str]:
    out = str(world["outside"].resolve())
    return [p for p in opened if os.path.realpath(p).startswith(out) or "outside" in p]


@pytest.mark.parametrize("command", ["review", "diff"])
def test_review_and_diff_tree_never_read_outside(world: dict[str, Path], command: str):
    series = _series(world)
    res, opened = _audited(world, command, str(series), "--tree", str(world["tree"]), "-f", "json")
    assert res.returncode == 0, res.stderr  # no open error on v2 (and `diff` reports none)
    assert SECRET not in res.stdout
    assert _outside(opened, world) == []
    good = str(world["real"].resolve() / "drivers" / "f.c")
    assert any(os.path.realpath(p) == good for p in opened)  # the tree was used
    assert json.loads(res.stdout)  # a full report, not an error


def test_kb_build_tree_never_reads_outside(world: dict[str, Path]):
    out = world["tmp"] / "kb.json"
    res, opened = _audited(
        world,
        "kb",
        "build",
        "--tree",
        str(world["tree"]),
        "-o",
        str(out),
        "--project",
        "linux",
        "--release",
        "6.1",
        "--headers",
        "include/linux/*.h",
        "--headers",
        "**/*.h",
    )
    assert res.returncode == 0, res.stderr
    kb = out.read_text()
    assert "good_ops" in kb and "evil_ops" not in kb
    assert _outside(opened, world) == []
    for glob in ("../outside/*.h", str(world["outside"] / "*.h")):
        res = subprocess.run(
            [
                sys.executable,
                "-m",
                "patchlint",
                "kb",
                "build",
                "--tree",
                str(world["tree"]),
                "-o",
                str(out),
                "--project",
                "linux",
                "--headers",
                glob,
            ],
            cwd=ROOT,
            text=True,
            capture_output=True,
            timeout=60,
        )
        assert res.returncode == 2 and "relative to the tree" in res.stderr


def test_nothing_is_written_into_the_tree(world: dict[str, Path]):
    before = sorted(str(p) for p in world["real"].rglob("*"))
    series = _series(world)
    _audited(world, "review", str(series), "--tree", str(world["tree"]))
    assert sorted(str(p) for p in world["real"].rglob("*")) == before


def test_the_reader_refuses_every_way_out(world: dict[str, Path]):
    read = tree_reader(world["tree"])
    assert read("drivers/f.c") == ["int a;", "int b;", "int c;"]
    for path in [
        *HOSTILE_PATHS,
        str(world["outside"] / "secret.c"),
        "drivers/f.c\0x",
        "a/" * 3000 + "f.c",
        "dirlink",
        "",
        ".",
    ]:
        assert read(path) is None, path
