"""`patchlint check`'s text: one `FILE:LINE: SEVERITY CODE name: message` line per finding
(the patch file when the finding is about no file), then the mail it is about - the file it
was read from and its own subject - and a closing line with the counts and the exit code.
Patches come from real `git format-patch`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.integrations.gitrepo import DRIVER, Repo

FINDING = re.compile(
    r"^(?P<where>\S+): (?P<severity>error|warning|info) (?P<code>[A-Z]{2}\d{3}) "
    r"(?P<rule>[a-z0-9-]+): (?P<message>.+)$"
)
SUBJECT = "dummy: open returns with a space"


def _check(
    repo: Repo, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "patchlint", "check", *args],
        cwd=repo.path.parent,
        env=repo.env,
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def _repo(tmp_path: Path) -> Repo:
    """One commit that leaves trailing whitespace (ST004) and has no Signed-off-by
    (TR003, a finding about the patch mail, not a file)."""
    repo = Repo(tmp_path / "repo", tmp_path / "home")
    repo.write(DRIVER, repo.read(DRIVER).replace("\treturn 0;\n}", "\treturn 0;  \n}"))
    repo.git("commit", "-q", "-a", "-m", f"{SUBJECT}\n\nThe open path, unchanged.")
    return repo


def _pairs(stdout: str) -> list[tuple[dict[str, str], str]]:
    """(the finding line's parts, the line below it) for every finding line."""
    lines = stdout.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = FINDING.match(line)
        if m:
            out.append((m.groupdict(), lines[i + 1]))
    return out


def test_each_finding_names_its_file_or_its_patch_file_then_the_patch_subject(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    repo.format_patch(tmp_path / "out", "-1")
    res = _check(repo, "out", "--select", "ST004,TR003")
    stdout = res.stdout.decode()
    assert res.returncode == 1, res.stderr
    pairs = _pairs(stdout)
    by_code = {p["code"]: (p, below) for p, below in pairs}
    assert sorted(by_code) == ["ST004", "TR003"]
    patch_file = "out/0001-dummy-open-returns-with-a-space.patch"
    st004, below = by_code["ST004"]
    assert st004["where"] == f"{DRIVER}:10"
    assert (st004["severity"], st004["rule"]) == ("warning", "trailing-whitespace")
    assert below == f"    {patch_file}: [PATCH] {SUBJECT}"
    tr003, below = by_code["TR003"]
    assert tr003["where"] == patch_file  # no `[v1 1]`: the patch file
    assert (tr003["severity"], tr003["rule"]) == ("error", "missing-signoff")
    assert below == f"    {patch_file}: [PATCH] {SUBJECT}"
    assert "2 findings in 1 patch: 1 error, 1 warning, 0 info → exit 1" in stdout.splitlines()
    assert "[v1" not in stdout


def test_an_mbox_names_each_mail_by_its_place_and_a_cover_by_what_it_is(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write(DRIVER, repo.read(DRIVER).replace("\tint up;", "\tint up;\t"))
    repo.git("commit", "-q", "-a", "-m", "dummy: a second change\n\nMore whitespace.")
    patches = repo.format_patch(tmp_path / "out", "-v2", "--cover-letter", "--thread", "-2")
    mbox = tmp_path / "series.mbox"
    mbox.write_bytes(b"".join(p.read_bytes() for p in patches))
    res = _check(repo, "series.mbox")
    stdout = res.stdout.decode()
    pairs = _pairs(stdout)
    assert res.returncode == 1, res.stderr
    assert "*** SUBJECT HERE ***" not in stdout  # the cover's unedited subject is never shown
    belows = {below for _, below in pairs}
    assert f"    series.mbox#2: [PATCH v2 1/2] {SUBJECT}" in belows
    assert "    series.mbox#3: [PATCH v2 2/2] dummy: a second change" in belows
    file_less = {p["where"] for p, _ in pairs if not p["where"].startswith("drivers/")}
    assert file_less == {"series.mbox"}  # the file, not `series.mbox#2`, not `[v2 1]`
    # RV001 (v2 says nothing of what changed) is about the revision: its cover letter
    assert any(
        p["code"] == "RV001" and below == "    series.mbox#1: the cover letter of v2 (no subject)"
        for p, below in pairs
    ), stdout


def test_standard_input_is_named_as_such(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    [patch] = repo.format_patch(tmp_path / "out", "-1")
    res = _check(repo, "-", "--select", "TR003", stdin=patch.read_bytes())
    assert res.stdout.decode().splitlines()[:2] == [
        "<stdin>: error TR003 missing-signoff: no Signed-off-by from the patch author "
        "Ann Author <ann@example.org>",
        f"    <stdin>: [PATCH] {SUBJECT}",
    ]
    assert res.returncode == 1


def test_no_findings_says_so_with_the_exit_code(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.format_patch(tmp_path / "out", "-1")
    res = _check(repo, "out", "--select", "XS001")
    assert res.stdout.decode().splitlines()[0] == "No findings in 1 patch → exit 0"
    assert res.returncode == 0
