"""ops-prototype-mismatch in the pre-send hook reads the member's prototype from the tree's
own headers: a scratch kernel tree newer than every shipped KB (Linux 6.30), whose
`struct net_device_ops` has an `ndo_change_mtu` no shipped KB has (a third parameter), the
real hook installed, and real `git send-email --dry-run`. The tree's prototype is proof:
the KB's prototype is refused there, the tree's passes, and the cache under the git dir
follows the header's content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patchlint.c.kb.shipped import load_kb
from patchlint.cli import app
from tests.integrations.gitrepo import DRIVER, Repo, send_email_repo

# posted long after the newest shipped KB: without a tree, the rule would not trust it
LATER = "2027-06-01T10:00:00+00:00"

MAKEFILE = "VERSION = 6\nPATCHLEVEL = 30\nSUBLEVEL = 0\nEXTRAVERSION =\nNAME = Test\n"
NETDEVICE_H = """\
/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

struct net_device;
struct netlink_ext_ack;

struct net_device_ops {
\tint\t\t\t(*ndo_init)(struct net_device *dev);
\tint\t\t\t(*ndo_open)(struct net_device *dev);
\tint\t\t\t(*ndo_stop)(struct net_device *dev);
\tint\t\t\t(*ndo_change_mtu)(struct net_device *dev, int new_mtu,
\t\t\t\t\t\t  struct netlink_ext_ack *extack);
};

#endif
"""
KB_FN = """\
static int dummy_change_mtu(struct net_device *dev, int new_mtu)
{
\tdev->mtu = new_mtu;
\treturn 0;
}

"""
TREE_FN = """\
static int dummy_change_mtu(struct net_device *dev, int new_mtu,
\t\t\t    struct netlink_ext_ack *extack)
{
\tdev->mtu = new_mtu;
\treturn 0;
}

"""
MEMBER = "\t.ndo_change_mtu\t= dummy_change_mtu,\n"


@pytest.fixture
def tree(tmp_path: Path) -> Repo:
    repo = send_email_repo(tmp_path / "linux", tmp_path / "home")
    repo.write("Makefile", MAKEFILE)
    repo.write("include/linux/netdevice.h", NETDEVICE_H)
    repo.git("add", ".")
    commit(repo, "Linux 6.30")
    done = CliRunner().invoke(app, ["hook", "install", "--repo", str(repo.path)])
    assert done.exit_code == 0, done.output
    return repo


def commit(repo: Repo, subject: str) -> None:
    repo.git(
        "commit",
        "-q",
        "-a",
        "-m",
        f"{subject}\n\n{subject}.\n\nSigned-off-by: Ann Author <ann@example.org>",
        GIT_AUTHOR_DATE=LATER,
        GIT_COMMITTER_DATE=LATER,
    )


def send(repo: Repo) -> tuple[int, str]:
    done = repo.run(
        "git", "send-email", "--dry-run", "--confirm=never", "--to=netdev@example.org", "-1"
    )
    return done.returncode, done.stdout + done.stderr


def test_the_tree_is_newer_than_every_shipped_kb_and_differs_from_them():
    kb = load_kb(["linux"])
    assert all(len(m.params) == 2 for m in kb.members("ndo_change_mtu", "net_device_ops"))
    assert max(tuple(int(x) for x in f.release.split(".")[:2]) for f in kb.files) < (6, 30)


def test_the_kbs_prototype_is_refused_in_a_tree_that_changed_it(tree: Repo) -> None:
    tree.add_op(KB_FN, MEMBER)
    commit(tree, "dummy: implement ndo_change_mtu")
    code, out = send(tree)
    assert code != 0, out
    assert "rejected by sendemail-validate hook" in out
    assert "Dry-OK" not in out and "Dry-Sent" not in out
    line = next(ln for ln in out.splitlines() if "CS001" in ln)
    assert line.startswith(f"{DRIVER}:") and ": ERROR: CS001 ops-prototype-mismatch: " in line
    assert "takes 2 parameters, expected 3 parameters" in line
    assert "(per include/linux/netdevice.h:12 of the tree, linux 6.30.0)" in line
    # what the hook learnt is kept under the git dir, keyed by the header's content
    cache = tree.path / ".git" / "patchlint" / "kb-tree"
    where = json.loads((cache / "where.json").read_text())
    assert where["structs"]["net_device_ops"] == ["include/linux/netdevice.h"]
    assert len(list(cache.glob("*.json"))) == 2


def test_the_trees_prototype_passes(tree: Repo) -> None:
    tree.add_op(TREE_FN, MEMBER)
    commit(tree, "dummy: implement ndo_change_mtu")
    code, out = send(tree)
    assert code == 0, out
    assert out.count("Dry-OK") + out.count("Dry-Sent") == 1, out
    assert "CS001" not in out


def test_a_changed_header_is_read_again(tree: Repo) -> None:
    tree.add_op(TREE_FN, MEMBER)
    commit(tree, "dummy: implement ndo_change_mtu")
    code, out = send(tree)
    assert code == 0, out
    # the tree goes back to two parameters (edited in the work tree, where the hook reads
    # it): the cached extraction no longer applies
    tree.write(
        "include/linux/netdevice.h",
        NETDEVICE_H.replace(
            "int new_mtu,\n\t\t\t\t\t\t  struct netlink_ext_ack *extack);", "int new_mtu);"
        ),
    )
    assert "extack" not in tree.read("include/linux/netdevice.h")
    code, out = send(tree)
    assert code != 0, out
    assert "takes 3 parameters, expected 2 parameters" in out
