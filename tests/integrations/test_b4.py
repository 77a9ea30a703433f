"""patchlint as b4's check command, end to end: `b4 prep --check` in a scratch repository
with `b4.prep-perpatch-check-cmd` set, and b4's own review-check runner parsing
`--format b4-review`. No network: the lore URLs point at a closed local port."""

from __future__ import annotations

import json
import re
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest

from patchlint.report.render import render_checkpatch
from tests.conftest import require_program
from tests.integrations.gitrepo import (
    BAD_FN,
    BAD_MEMBER,
    DRIVER,
    GOOD_FN,
    GOOD_MEMBER,
    Repo,
    patchlint_cmd,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
OFFLINE = {"b4.midmask": "http://127.0.0.1:9/%s", "b4.linkmask": "http://127.0.0.1:9/%s"}


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    require_program("git")
    require_program("b4")
    done = Repo(tmp_path / "repo", tmp_path / "home")
    for key, value in OFFLINE.items():
        done.git("config", key, value)
    return done


def test_b4_prep_check_runs_patchlint(repo: Repo, tmp_path: Path) -> None:
    tool = patchlint_cmd(tmp_path / "bin")
    prep = repo.run("b4", "prep", "-n", "dummy-ops")
    assert prep.returncode == 0, prep.stderr
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu")
    repo.add_op(BAD_FN, BAD_MEMBER)
    repo.commit("dummy: fix up features")
    repo.git("config", "b4.prep-perpatch-check-cmd", f"{tool} check --format checkpatch -")
    done = repo.run("b4", "prep", "--check")
    out = ANSI.sub("", done.stdout + done.stderr)
    assert done.returncode == 0, out
    assert f"{tool} check --format checkpatch -" in out  # "Checking patches using:"
    findings = [ln.strip() for ln in out.splitlines() if "patchlint: " in ln]
    assert len(findings) == 1, out
    assert f"patchlint: {DRIVER}:" in findings[0]
    # b4 dates the patches it builds now, past the shipped KBs' era; the table's own object
    # replaced by another struct, with dummy_open() in the same table taking a
    # `struct net_device *`, is still certain: an error
    assert ": ERROR: CS001 ops-prototype-mismatch: dummy_fix_features()" in findings[0]
    assert "Success: 1, Warning: 0, Error: 1" in out


def _patch_mail(repo: Repo, where: Path) -> EmailMessage:
    [path] = repo.format_patch(where, "-1")
    msg = message_from_bytes(path.read_bytes(), policy=default_policy)
    assert isinstance(msg, EmailMessage)
    return msg


def test_b4_review_check_parses_patchlint(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from b4.review import checks  # the only b4 use outside ingest/b4.py: b4's own parser

    tool = patchlint_cmd(tmp_path / "bin")
    cmd = f"{tool} check --format b4-review -"
    repo.add_op(BAD_FN, BAD_MEMBER)
    repo.commit("dummy: fix up features")
    bad = _patch_mail(repo, tmp_path / "bad")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu")
    good = _patch_mail(repo, tmp_path / "good")

    # b4's documented protocol: a JSON array on stdout (a lone object is only tolerated)
    raw = repo.run(str(tool), "check", "--format", "b4-review", "-", stdin=bad.as_string())
    assert raw.returncode == 0, raw.stderr
    printed = json.loads(raw.stdout)
    assert isinstance(printed, list) and len(printed) == 1, raw.stdout
    assert printed[0]["tool"] == "patchlint" and printed[0]["status"] == "fail"

    for name in ("PYTHONPATH", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, repo.env[name])
    results = checks.run_perpatch_checks([("bad@x", bad), ("good@x", good)], [cmd], str(repo.path))
    [bad_result] = results["bad@x"]
    assert bad_result["tool"] == "patchlint"
    assert bad_result["status"] == "fail"
    assert bad_result["summary"] == "1 error"
    details = json.loads(bad_result["details"])
    assert [d["status"] for d in details] == ["fail"]
    assert "CS001 ops-prototype-mismatch" in details[0]["description"]
    [good_result] = results["good@x"]
    assert good_result == {
        "tool": "patchlint",
        "status": "pass",
        "summary": "passed all checks",
        "url": "",
        "details": "",
    }


def test_checkpatch_lines_cannot_be_split_by_a_message() -> None:
    """b4 counts every stdout line as a finding: mail text in a message stays on its line
    and cannot forge an ERROR line or drive the terminal."""
    finding = {
        "file": None,
        "line": None,
        "severity": "warning",
        "code": "TR005",
        "rule": "malformed-trailer",
        "message": "'Acked-by: x\nERROR: forged' \x1b[31mred\r\nmore",
    }
    text = render_checkpatch([finding, {**finding, "file": "a.c", "line": 3}], source="p")
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("p: WARNING: TR005 malformed-trailer: 'Acked-by: x ERROR: ")
    assert lines[1].startswith("a.c:3: WARNING: ")
    assert "\x1b" not in text and "\r" not in text
