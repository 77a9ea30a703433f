"""The ops KB as an index keyed by member: what rules read, instead of whole KB files."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patchlint.c.kb.index import INDEX_NAME, KBIndex, build_index, fresh, shipped_prototypes
from patchlint.c.kb.shipped import available_kbs, load_kb, select
from patchlint.cli import app
from patchlint.errors import InputError
from tests.conftest import ROOT

SHIPPED = ROOT / "patchlint" / "data" / "kb"


def test_the_shipped_index_is_built_from_the_shipped_kb_files():
    index = KBIndex(SHIPPED / INDEX_NAME)
    files = {p.stem: p.read_bytes() for p in SHIPPED.glob("*.json")}
    assert {kb.name: kb.sha256 for kb in index.all_kbs} == {
        name: hashlib.sha256(raw).hexdigest() for name, raw in files.items()
    }, "patchlint/data/kb/index.sqlite is stale: run `patchlint kb index`"
    assert fresh(index, SHIPPED)


@pytest.mark.parametrize("pattern", ["linux", "xen", "linux-6.1"])
def test_the_index_answers_as_the_kb_files_do(pattern):
    whole = load_kb([pattern])
    index = KBIndex(SHIPPED / INDEX_NAME, select(pattern, available_kbs()))
    names = {m.member for f in whole.files for st in f.structs for m in st.members}
    assert len(names) > 300
    for name in sorted(names):
        assert index.members(name) == whole.members(name), name
    assert index.members("ndo_fix_features", "net_device_ops") == whole.members(
        "ndo_fix_features", "net_device_ops"
    )
    assert index.members("no_such_member") == []
    assert index.releases() == whole.releases()
    tables = index.member_structs()  # what the ops rule's gate reads (`shipped_tables`)
    assert tables == whole.member_structs()
    assert set(tables) == names
    assert all(tables[m.member] >= {m.struct} for name in names for m in whole.members(name))
    verdict = index.check(
        "ndo_fix_features", "u32", ["struct xenvif *vif", "u32 f"], struct="net_device_ops"
    )
    if pattern.startswith("linux"):
        assert verdict == whole.check(
            "ndo_fix_features", "u32", ["struct xenvif *vif", "u32 f"], struct="net_device_ops"
        )
        assert verdict.ok is False


def test_rules_read_the_index_not_the_kb_files():
    assert isinstance(shipped_prototypes("linux"), KBIndex)
    assert isinstance(shipped_prototypes("xen"), KBIndex)


def test_a_stale_index_is_not_used(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(SHIPPED, folder)
    index = KBIndex(folder / INDEX_NAME)
    assert fresh(index, folder)
    with open(folder / "xen-4.20.json", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert not fresh(index, folder)
    (folder / "linux-6.1.json").unlink()
    build_index(folder)
    rebuilt = KBIndex(folder / INDEX_NAME)
    assert fresh(rebuilt, folder) and [kb.name for kb in rebuilt.all_kbs] == [
        "xen-4.20",
        "linux-6.12",
    ]


def test_an_index_is_checked_when_opened(tmp_path):
    bad = tmp_path / INDEX_NAME
    bad.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(InputError):
        KBIndex(bad)
    db = sqlite3.connect(tmp_path / "other.sqlite")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT INTO meta VALUES ('schema', '99')")
    db.commit()
    db.close()
    with pytest.raises(InputError, match="schema"):
        KBIndex(tmp_path / "other.sqlite")
    with pytest.raises(InputError, match="no KB"):
        build_index(tmp_path)


def test_cli_kb_index_and_kb_build_keep_an_index_true(tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    shutil.copy(SHIPPED / "xen-4.20.json", folder)
    done = CliRunner().invoke(app, ["kb", "index", str(folder)])
    assert done.exit_code == 0, done.output
    assert [kb.name for kb in KBIndex(folder / INDEX_NAME).all_kbs] == ["xen-4.20"]
    tree = tmp_path / "tree"
    (tree / "include" / "linux").mkdir(parents=True)
    (tree / "include" / "linux" / "foo.h").write_text(
        "struct foo_ops {\n\tint (*foo_open)(struct foo *f);\n};\n"
    )
    done = CliRunner().invoke(
        app,
        [
            "kb",
            "build",
            "--tree",
            str(tree),
            "--release",
            "9.9",
            "-o",
            str(folder / "linux-9.9.json"),
        ],
    )
    assert done.exit_code == 0, done.output
    index = KBIndex(folder / INDEX_NAME)
    assert fresh(index, folder)
    assert [m.struct for m in index.members("foo_open")] == ["foo_ops"]
    done = subprocess.run(
        [sys.executable, "-m", "patchlint", "kb", "index", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2 and "not a directory" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_shipped_index_is_small_enough_to_ship():
    assert (SHIPPED / INDEX_NAME).stat().st_size < 4 * 1024 * 1024
    assert Path(SHIPPED / INDEX_NAME).read_bytes()[:16] == b"SQLite format 3\x00"
