"""A scratch kernel-like git repository for the integration tests: a net driver, commits
with fixed dates (inside the shipped ops-struct KB's era), and the git plumbing to drive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_program

ROOT = Path(__file__).resolve().parents[2]
AUTHOR = ("Ann Author", "ann@example.org")
DATE = "2025-03-10T10:00:00+00:00"

BASE = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/netdevice.h>

struct dummy_priv {
\tint up;
};

static int dummy_open(struct net_device *dev)
{
\treturn 0;
}

static const struct net_device_ops dummy_netdev_ops = {
\t.ndo_open\t= dummy_open,
};
"""

GOOD_FN = """\
static int dummy_change_mtu(struct net_device *dev, int new_mtu)
{
\tdev->mtu = new_mtu;
\treturn 0;
}

"""
GOOD_MEMBER = "\t.ndo_change_mtu\t= dummy_change_mtu,\n"

BAD_FN = """\
static u32 dummy_fix_features(struct dummy_priv *priv, u32 features)
{
\treturn features;
}

"""
BAD_MEMBER = "\t.ndo_fix_features = dummy_fix_features,\n"
DRIVER = "drivers/net/dummy/dummy_main.c"


def env(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment: no user or system git config, this tree's patchlint first."""
    out = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "B4_"))}
    out.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local/share"),
        GIT_CONFIG_NOSYSTEM="1",
        PYTHONPATH=str(ROOT),
        GIT_AUTHOR_DATE=DATE,
        EMAIL=AUTHOR[1],
    )  # b4 wants a recent committer date
    out.update(extra)
    return out


class Repo:
    def __init__(self, path: Path, home: Path) -> None:
        self.path = path
        self.env = env(home)
        home.mkdir(parents=True, exist_ok=True)
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "master")
        self.git("config", "user.name", AUTHOR[0])
        self.git("config", "user.email", AUTHOR[1])
        self.write(DRIVER, BASE)
        self.git("add", ".")
        self.git("commit", "-q", "-m", "dummy: initial driver")

    def git(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            check=check,
        )

    def run(
        self, *argv: str, check: bool = False, stdin: str | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(argv),
            cwd=self.path,
            env={**self.env, **env},
            input=stdin,
            capture_output=True,
            text=True,
            check=check,
        )

    def write(self, rel: str, text: str) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text()

    def add_op(self, fn: str, member: str) -> None:
        """Add a function before the ops table and its member at the end of the table."""
        text = self.read(DRIVER)
        text = text.replace(
            "static const struct net_device_ops", fn + "static const struct net_device_ops"
        )
        text = text.replace("};\n", member + "};\n") if text.endswith("};\n") else text
        self.write(DRIVER, text)

    def commit(self, subject: str, body: str = "", trailers: tuple[str, ...] = ()) -> None:
        lines = [subject, "", body or f"{subject}.", ""]
        lines += [*trailers, f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>"]
        self.git("commit", "-q", "-a", "-m", "\n".join(lines))

    def format_patch(self, out: Path, *args: str) -> list[Path]:
        done = self.git("format-patch", "-o", str(out), *args)
        return [Path(p) for p in done.stdout.split()]


def send_email_repo(path: Path, home: Path) -> Repo:
    """A scratch repository where `git send-email` runs; the test fails (never skips) when
    git or git send-email is missing."""
    require_program("git")
    repo = Repo(path, home)
    if "--dry-run" not in repo.git("send-email", "-h", check=False).stdout:
        pytest.fail("git send-email is missing (Debian: git-email, libmailtools-perl)")
    return repo


def patchlint_cmd(bin_dir: Path) -> Path:
    """A `patchlint` executable for this tree (b4 names a check by its command's name)."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "patchlint"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -m patchlint "$@"\n')
    script.chmod(0o755)
    return script
