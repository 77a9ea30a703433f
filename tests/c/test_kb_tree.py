"""Prototypes from a tree's own headers (`patchlint check --tree DIR`, the hook): found
without git by a bounded walk, never outside the tree, and weighed against the shipped KB."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from patchlint.c.kb.tree import TreeHeaders
from tests.conftest import ROOT

NETDEVICE_H = """\
struct net_device;

struct net_device_ops {
\tint\t(*ndo_open)(struct net_device *dev);
\tint\t(*ndo_change_mtu)(struct net_device *dev, int new_mtu, int flags);
};
"""


def mail(fn_params: str, date: str = "Mon, 10 Mar 2025 10:00:00 +0000", header: str = "") -> str:
    """A format-patch mail adding a net driver whose ndo_change_mtu takes `fn_params`."""
    body = [
        "#include <linux/netdevice.h>",
        "",
        f"static int foo_change_mtu({fn_params})",
        "{",
        "\treturn 0;",
        "}",
        "",
        "static const struct net_device_ops foo_ops = {",
        "\t.ndo_change_mtu = foo_change_mtu,",
        "};",
    ]
    diff = (
        f"diff --git a/drivers/net/foo.c b/drivers/net/foo.c\nnew file mode 100644\n"
        f"--- /dev/null\n+++ b/drivers/net/foo.c\n@@ -0,0 +1,{len(body)} @@\n"
        + "".join(f"+{line}\n" for line in body)
    )
    return (
        "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
        "From: Ann Author <ann@example.org>\n"
        f"Date: {date}\n"
        "Subject: [PATCH] net: add foo\n\n"
        "Add the foo driver.\n\n"
        "Signed-off-by: Ann Author <ann@example.org>\n---\n"
        f"{header}{diff}-- \n2.47.0\n"
    )


def check(tmp_path: Path, text: str, tree: Path | None) -> subprocess.CompletedProcess[str]:
    patch = tmp_path / "0001-foo.patch"
    patch.write_text(text)
    args = [sys.executable, "-m", "patchlint", "check", str(patch), "--select", "CS001"]
    if tree is not None:
        args += ["--tree", str(tree)]
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "linux"
    (root / "include" / "linux").mkdir(parents=True)
    (root / "include" / "linux" / "netdevice.h").write_text(NETDEVICE_H)
    (root / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 30\nSUBLEVEL = 1\n")
    return root


def test_a_plain_directory_is_searched_without_git(tree):
    headers = TreeHeaders.at(tree)
    assert (headers.git, headers.cache, headers.project, headers.release) == (
        False,
        None,
        "linux",
        "6.30.1",
    )
    [st] = headers.struct("net_device_ops")
    assert st.file == "include/linux/netdevice.h"
    [member] = headers.members("ndo_change_mtu", "net_device_ops")
    assert len(member.params) == 3 and member.line == 5
    assert headers.members("ndo_change_mtu") == []  # searched by struct, never by member
    assert headers.struct("no_such_ops") == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "net_device_ops {", "a|b", ""])
def test_only_identifiers_are_searched_for(tree, name):
    assert TreeHeaders.at(tree).struct(name) == []


def test_a_header_outside_the_tree_is_never_read(tree, tmp_path):
    outside = tmp_path / "outside.h"
    outside.write_text("struct evil_ops {\n\tint (*evil)(int);\n};\n")
    (tree / "include" / "linux" / "evil.h").symlink_to(outside)
    (tree / "include" / "up").symlink_to(tmp_path)
    assert TreeHeaders.at(tree).struct("evil_ops") == []


def test_check_tree_judges_by_the_trees_header(tree, tmp_path):
    wrong = check(tmp_path, mail("struct net_device *dev, int new_mtu"), tree)
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr
    assert "CS001" in wrong.stdout and "takes 2 parameters, expected 3" in wrong.stdout
    assert "include/linux/netdevice.h:5 of the tree, linux 6.30.1" in wrong.stdout
    right = check(tmp_path, mail("struct net_device *dev, int new_mtu, int flags"), tree)
    assert right.returncode == 0, right.stdout + right.stderr
    # without the tree, the KB's prototype (two parameters) is the reference
    assert check(tmp_path, mail("struct net_device *dev, int new_mtu"), None).returncode == 0
    kb_says = check(tmp_path, mail("struct net_device *dev, int new_mtu, int flags"), None)
    assert kb_says.returncode == 1 and "takes 3 parameters, expected 2" in kb_says.stdout


def test_a_tree_newer_than_every_kb_without_the_struct_silences_the_kb(tree, tmp_path):
    (tree / "include" / "linux" / "netdevice.h").write_text("/* moved elsewhere */\n")
    text = mail("struct net_device *dev, int new_mtu, int flags")
    assert check(tmp_path, text, tree).returncode == 0
    (tree / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 9\n")
    assert check(tmp_path, text, tree).returncode == 1  # the KB's own series: it judges
    (tree / "Makefile").unlink()  # a tree of unknown release: the KB still judges
    assert check(tmp_path, text, tree).returncode == 1


def test_a_patch_that_changes_the_header_is_not_judged_by_the_tree(tree, tmp_path):
    header = (
        "diff --git a/include/linux/netdevice.h b/include/linux/netdevice.h\n"
        "--- a/include/linux/netdevice.h\n+++ b/include/linux/netdevice.h\n"
        "@@ -3,4 +3,4 @@ struct net_device;\n"
        " struct net_device_ops {\n"
        " \tint\t(*ndo_open)(struct net_device *dev);\n"
        "-\tint\t(*ndo_change_mtu)(struct net_device *dev, int new_mtu, int flags);\n"
        "+\tint\t(*ndo_change_mtu)(struct net_device *dev, int new_mtu);\n"
        " };\n"
    )
    done = check(tmp_path, mail("struct net_device *dev, int new_mtu", header=header), tree)
    assert done.returncode == 0, done.stdout


def test_check_tree_must_be_a_directory(tmp_path):
    done = check(tmp_path, mail("struct net_device *dev, int new_mtu"), tmp_path / "nope")
    assert done.returncode == 2 and "not a directory" in done.stderr
    assert "Traceback" not in done.stderr
