"""`patchlint kb build | show | list`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.c.test_kb import make_tree
from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "patchlint", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_cli_kb_build_and_show(tmp_path):
    tree = make_tree(tmp_path / "linux")
    out = tmp_path / "out.json"
    res = run("kb", "build", "--tree", str(tree), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "linux 2.6.39: 2 structs, 4 members from 2 files" in res.stderr
    data = json.loads(out.read_text())
    assert [s["name"] for s in data["structs"]] == ["net_device_ops", "proto"]
    assert data["structs"][0]["members"][2] == {
        "name": "ndo_fix_features",
        "ret": "u32",
        "params": [["struct net_device *", "dev"], ["u32", "features"]],
        "line": 9,
    }

    only = tmp_path / "only.json"
    res = run(
        "kb",
        "build",
        "--tree",
        str(tree),
        "--headers",
        "include/*.h",
        "--release",
        "9.9",
        "-o",
        str(only),
    )
    assert res.returncode == 0, res.stderr
    assert [s["name"] for s in json.loads(only.read_text())["structs"]] == ["other_ops"]

    res = run("kb", "show", "ndo_fix_features", "--kb-file", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        "net_device_ops.ndo_fix_features: u32 (*ndo_fix_features)(struct net_device *dev, "
        "u32 features)  /* linux 2.6.39, include/linux/netdevice.h:9 */"
    ]


def test_cli_kb_show_shipped():
    res = run("kb", "show", "net_device_ops.ndo_fix_features", "--kb", "linux-6.12")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(
        "net_device_ops.ndo_fix_features: netdev_features_t "
        "(*ndo_fix_features)(struct net_device *dev, "
        "netdev_features_t features)  /* linux 6.12.107, "
    )


@pytest.mark.parametrize(
    "args",
    [
        ["kb", "build", "--tree", "/nonexistent", "-o", "/tmp/x.json"],
        ["kb", "build", "--tree", str(ROOT / "docs"), "-o", "/tmp/x.json"],
        ["kb", "show", "no_such_member_anywhere"],
        ["kb", "show", "ndo_open", "--kb", "linux-1.0"],
    ],
)
def test_cli_kb_errors_exit_2_without_traceback(args):
    res = run(*args)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "patchlint: error:" in res.stderr


def test_cli_kb_list():
    res = run("kb", "list")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["KB", "PROJECT", "RELEASE", "RELEASED", "STRUCTS", "MEMBERS"]
    rows = [line.split() for line in lines[1:]]
    assert [r[:4] for r in rows] == [
        ["linux-6.1", "linux", "6.1.176", "2022-12-11"],
        ["linux-6.12", "linux", "6.12.107", "2024-11-17"],
        ["xen-4.20", "xen", "4.20", "2025-03-05"],
    ]
    res = run("kb", "list", "--format", "json")
    assert res.returncode == 0, res.stderr
    (xen,) = [kb for kb in json.loads(res.stdout) if kb["project"] == "xen"]
    assert (xen["name"], xen["released"], xen["structs"], xen["members"]) == (
        "xen-4.20",
        "2025-03-05",
        66,
        473,
    )
    assert [r[4:] for r in rows][-1] == ["66", "473"]


@pytest.mark.parametrize("kb", ["xen", "xen-4", "xen-4.20", "xen*"])
def test_cli_kb_show_picks_the_xen_kb_by_project_prefix_or_name(kb):
    res = run("kb", "show", "hvm_function_table.cpu_up", "--kb", kb)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        "hvm_function_table.cpu_up: int (*cpu_up)(void)  /* xen 4.20, "
        "xen/arch/x86/include/asm/hvm/hvm.h:180 */"
    ]


def test_cli_kb_build_records_the_release_date(tmp_path):
    tree = make_tree(tmp_path / "linux")
    out = tmp_path / "out.json"
    res = run("kb", "build", "--tree", str(tree), "--released", "2011-05-19", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert json.loads(out.read_text())["released"] == "2011-05-19"
    res = run("kb", "build", "--tree", str(tree), "--released", "May 2011", "-o", str(out))
    assert res.returncode == 2
    assert "--released 'May 2011': give a date as YYYY-MM-DD" in res.stderr
    assert "Traceback" not in res.stderr
