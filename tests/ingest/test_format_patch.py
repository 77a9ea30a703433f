"""`git format-patch` output, as the README's example makes it (`git format-patch -o out/
HEAD~3 && patchlint review out/`): real git in a scratch repository, without and with a
cover letter, and a `-v2` next to v1. No Message-IDs, no threading headers: one revision,
patch by patch, in order, each finding under its patch, and no diagnostic for the missing
Message-IDs (git format-patch writes none; the commit it names is kept instead)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from patchlint.ingest import read_messages
from patchlint.model.message import Diagnostic
from patchlint.pipeline import review
from patchlint.report.email import patch_replies
from tests.conftest import ROOT, require_program

STEPS = [  # (file content after the commit, subject, signed off)
    ("int a;\nint b;\nint c;   \n", "foo: add c", True),  # trailing whitespace: ST004
    ("int a;\nint b;\nint c;   \nint d;\n", "foo: add d", True),  # clean
    ("int a;\nint b;\nint c;   \nint d;\nint e; \n", "foo: add e", False),  # ST004, TR003
]


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(repo.parent),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_DATE="2025-03-10T10:00:00+00:00",
        GIT_COMMITTER_DATE="2025-03-10T10:00:00+00:00",
    )
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    require_program("git")
    root = tmp_path_factory.mktemp("fp") / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.name", "Alice Author")
    git(root, "config", "user.email", "alice@example.org")
    (root / "foo.c").write_text("int a;\nint b;\n")
    git(root, "add", "foo.c")
    git(root, "commit", "-qm", "initial")
    for content, subject, signed in STEPS:
        (root / "foo.c").write_text(content)
        git(root, "commit", "-qam", subject, "-m", f"Why: {subject}.", *(["-s"] if signed else []))
    return root


def format_patch(repo: Path, out: Path, *extra: str) -> list[Path]:
    git(repo, "format-patch", "-q", "-o", str(out), *extra, "HEAD~3")
    return sorted(out.iterdir())


def by_patch(report: dict[str, Any]) -> dict[tuple[int, int | None], list[str]]:
    """(version, patch index) -> codes of the findings about that patch."""
    out: dict[tuple[int, int | None], list[str]] = {}
    for f in report["series"][0]["findings"]:
        out.setdefault((f["revision"], f["patch"]), []).append(f["code"])
    return {k: sorted(v) for k, v in out.items()}


def test_a_directory_of_format_patch_files_is_one_revision_patch_by_patch(repo, tmp_path):
    files = format_patch(repo, tmp_path / "out")
    assert [p.name for p in files] == [
        "0001-foo-add-c.patch",
        "0002-foo-add-d.patch",
        "0003-foo-add-e.patch",
    ]
    diagnostics: list[Diagnostic] = []
    messages = read_messages([str(tmp_path / "out")], diagnostics)
    commits = git(repo, "rev-list", "--reverse", "HEAD~3..HEAD").split()
    assert [m.commit for m in messages] == commits  # from each file's `From <sha>` line
    report = review([str(tmp_path / "out")])
    assert report["diagnostics"] == []  # no "message has no Message-ID" for each file
    [series] = report["series"]
    [rev] = series["revisions"]
    assert rev["cover"] is None and rev["version"] == 1
    assert [(p["index"], p["title"]) for p in rev["patches"]] == [
        (1, "foo: add c"),
        (2, "foo: add d"),
        (3, "foo: add e"),
    ]
    # three patches and no cover letter: RV003, about the revision as a whole
    assert by_patch(report) == {(1, None): ["RV003"], (1, 1): ["ST004"], (1, 3): ["ST004", "TR003"]}


def test_text_report_puts_findings_under_their_patches(repo, tmp_path):
    format_patch(repo, tmp_path / "out")
    done = subprocess.run(
        [sys.executable, "-m", "patchlint", "review", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert done.returncode == 1, done.stderr  # TR003 is an error
    text = done.stdout
    assert "Diagnostics" not in text
    findings = text[text.index("Findings (by patch)") :]
    # the one finding about the revision as a whole (RV003: no cover letter) comes first
    assert (
        findings.index("v1 as a whole")
        < findings.index("RV003")
        < findings.index("v1 [1/3] foo: add c")
        < findings.index("ST004")
        < findings.index("v1 [3/3] foo: add e")
        < findings.index("TR003")
    )


def test_with_a_cover_letter(repo, tmp_path):
    files = format_patch(repo, tmp_path / "out", "--cover-letter")
    assert files[0].name == "0000-cover-letter.patch"
    report = review([str(tmp_path / "out")])
    assert report["diagnostics"] == []
    [series] = report["series"]
    [rev] = series["revisions"]
    assert rev["cover"]["subject"] == "[PATCH 0/3] *** SUBJECT HERE ***"
    assert series["title"] == "foo: add c"  # not the cover letter's placeholder
    assert [p["index"] for p in rev["patches"]] == [1, 2, 3]
    # the cover letter was sent unedited: RV003, about the revision as a whole
    assert by_patch(report) == {(1, None): ["RV003"], (1, 1): ["ST004"], (1, 3): ["ST004", "TR003"]}


def test_v2_next_to_v1(repo, tmp_path):
    format_patch(repo, tmp_path / "v1", "--cover-letter")
    format_patch(repo, tmp_path / "v2", "--cover-letter", "-v2")
    assert sorted(p.name for p in (tmp_path / "v2").iterdir())[0] == "v2-0000-cover-letter.patch"
    report = review([str(tmp_path / "v1"), str(tmp_path / "v2")])
    assert report["diagnostics"] == []
    [series] = report["series"]
    assert [r["version"] for r in series["revisions"]] == [1, 2]
    assert [[p["index"] for p in r["patches"]] for r in series["revisions"]] == [[1, 2, 3]] * 2
    assert [p["status"] for p in series["interdiffs"][0]["patches"]] == ["unchanged"] * 3
    # v2's cover letter says nothing of what changed (RV001), and both cover letters were
    # sent unedited (RV003): findings about each revision as a whole
    assert by_patch(report) == {
        (1, None): ["RV003"],
        (1, 1): ["ST004"],
        (1, 3): ["ST004", "TR003"],
        (2, None): ["RV001", "RV003"],
        (2, 1): ["ST004"],
        (2, 3): ["ST004", "TR003"],
    }
    # the email replies: v2 only (v1 is superseded), the cover's finding to the cover
    replies = patch_replies(report)
    assert [str(r["Subject"]) for r in replies] == [
        "Re: [PATCH v2 0/3] *** SUBJECT HERE ***",
        "Re: [PATCH v2 1/3] foo: add c",
        "Re: [PATCH v2 3/3] foo: add e",
    ]
    assert all(r["In-Reply-To"] is None for r in replies)  # there is nothing to thread on


def test_json_report_of_format_patch_output_is_valid(repo, tmp_path, validate_report):
    format_patch(repo, tmp_path / "out", "--cover-letter")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            str(tmp_path / "out"),
            "-f",
            "json",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    validate_report(json.loads(done.stdout))
