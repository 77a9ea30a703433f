"""The sendemail-validate hook against the real thing: a scratch repository, commits,
`patchlint hook install`, and `git send-email --dry-run` (git 2.39: one argument). The
git >= 2.41 protocol (a header file, GIT_SENDEMAIL_FILE_COUNTER/_TOTAL) is driven the way
send-email 2.41 drives it: `git hook run --ignore-missing sendemail-validate -- PATCH HEADER`
from the work tree with GIT_DIR set, once per file, counter from 1 to total."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from patchlint.cli import app
from tests.integrations.gitrepo import (
    AUTHOR,
    BAD_FN,
    BAD_MEMBER,
    DRIVER,
    GOOD_FN,
    GOOD_MEMBER,
    Repo,
    send_email_repo,
)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return send_email_repo(tmp_path / "repo", tmp_path / "home")


def send(repo: Repo, *args: str) -> tuple[int, str]:
    """git send-email --dry-run; returns (exit code, stdout + stderr)."""
    done = repo.run(
        "git", "send-email", "--dry-run", "--confirm=never", "--to=netdev@example.org", *args
    )
    return done.returncode, done.stdout + done.stderr


def hook_cli(repo: Repo, *args: str) -> Result:
    """`patchlint hook ...` in this process (the hook itself always runs as git runs it)."""
    return CliRunner().invoke(app, ["hook", *args[:1], "--repo", str(repo.path), *args[1:]])


def install(repo: Repo, *args: str) -> str:
    done = hook_cli(repo, "install", *args)
    assert done.exit_code == 0, done.output
    return done.output


def test_clean_series_is_sent(repo: Repo) -> None:
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu", "Let the MTU be changed.")
    repo.write("drivers/net/dummy/Makefile", "obj-$(CONFIG_DUMMY) += dummy_main.o\n")
    repo.git("add", ".")
    repo.commit("dummy: add a Makefile", "Build the driver.")
    assert "installed" in install(repo)
    code, out = send(repo, "-2")
    assert code == 0, out
    assert out.count("Dry-OK") + out.count("Dry-Sent") == 2, out
    assert "rejected" not in out
    assert not (repo.path / ".git" / "patchlint" / "sendemail").exists()  # stash cleared


def test_wrong_ndo_prototype_is_refused(repo: Repo) -> None:
    repo.add_op(BAD_FN, BAD_MEMBER)
    repo.commit("dummy: fix up features", "Drop what the device cannot do.")
    install(repo)
    code, out = send(repo, "-1")
    assert code != 0
    assert "rejected by sendemail-validate hook" in out
    assert "Dry-OK" not in out and "Dry-Sent" not in out
    line = next(ln for ln in out.splitlines() if "CS001" in ln)
    assert line.startswith(f"{DRIVER}:") and ": ERROR: CS001 ops-prototype-mismatch: " in line
    assert "dummy_fix_features()" in line
    assert "git send-email --no-validate" in out
    # the bypass it names works
    code, out = send(repo, "--no-validate", "-1")
    assert code == 0 and out.count("Dry-OK") + out.count("Dry-Sent") == 1, out
    # and the repository's .patchlint.toml is what the hook obeys
    repo.write(".patchlint.toml", 'ignore = ["ops-prototype-mismatch"]\n')
    code, out = send(repo, "-1")
    assert code == 0, out
    assert "CS001" not in out


V1_REPLY = """\
From: Rob Reviewer <rob@example.org>
To: {author}
Cc: netdev@example.org
Subject: Re: [PATCH] dummy: implement ndo_change_mtu
Date: Wed, 12 Mar 2025 10:00:00 +0000
Message-ID: <rob-1@example.org>
In-Reply-To: <v1-1@example.org>
References: <v1-1@example.org>

Ann Author wrote:
> Let the MTU be changed.

Looks fine to me.

Reviewed-by: Rob Reviewer <rob@example.org>

Ian Maintainer <ian@example.org> will want to look at it too.
"""
V2_MESSAGE = (
    "dummy: implement ndo_change_mtu\n\nLet the MTU be changed.\n\n{trailers}"
    f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>\n"
)


def v1_thread(repo: Repo, where: Path) -> Path:
    """v1 as the list saw it (posted the day after the commit) and Rob's review of it."""
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu", "Let the MTU be changed.")
    [patch] = repo.format_patch(where / "v1", "-1")
    text = patch.read_text()
    text = text.replace(
        "\nDate: ", "\nMessage-ID: <v1-1@example.org>\nTo: netdev@example.org\nDate: ", 1
    )
    text = text.replace(
        "Date: Mon, 10 Mar 2025 10:00:00 +0000", "Date: Tue, 11 Mar 2025 09:00:00 +0000"
    )
    mbox = where / "v1-thread.mbox"
    reply = V1_REPLY.format(author=f"{AUTHOR[0]} <{AUTHOR[1]}>")
    mbox.write_text(text + "\nFrom rob@example.org Wed Mar 12 10:00:00 2025\n" + reply)
    return mbox


def amend(repo: Repo, trailers: str) -> None:
    repo.git("commit", "-q", "-a", "--amend", "-m", V2_MESSAGE.format(trailers=trailers))


def test_v2_with_an_ack_nobody_gave_is_refused(repo: Repo, tmp_path: Path) -> None:
    thread = v1_thread(repo, tmp_path)
    amend(
        repo,
        "Reviewed-by: Rob Reviewer <rob@example.org>\nAcked-by: Ian Maintainer <ian@example.org>\n",
    )
    install(repo, "--thread", str(thread))
    code, out = send(repo, "-v2", "-1")
    assert code != 0
    assert "rejected by sendemail-validate hook" in out
    lines = [ln for ln in out.splitlines() if "TR001" in ln]
    assert len(lines) == 1 and "Acked-by: Ian Maintainer" in lines[0], out
    assert "1 trailer nobody gave on the list (checked against v1-thread.mbox)" in out
    assert "Rob Reviewer" not in lines[0]  # Rob's review is on the list
    # the same v2 with only the trailer Rob gave goes out
    amend(repo, "Reviewed-by: Rob Reviewer <rob@example.org>\n")
    code, out = send(repo, "-v2", "-1")
    assert code == 0, out
    assert "TR001" not in out


def test_thread_from_the_config(repo: Repo, tmp_path: Path) -> None:
    thread = v1_thread(repo, tmp_path)
    amend(repo, "Acked-by: Ian Maintainer <ian@example.org>\n")
    install(repo)
    code, out = send(repo, "-v2", "-1")
    assert code == 0, out  # no thread: the ack cannot be checked, only noted
    repo.write(".patchlint.toml", f'[hook]\nthread = "{thread}"\n')
    code, out = send(repo, "-v2", "-1")
    assert code != 0 and "Acked-by: Ian Maintainer" in out


HEADER_241 = """\
From: {author}
To: netdev@example.org
Subject: {subject}
Date: {date}
Message-ID: <{mid}@example.org>
X-Mailer: git-send-email 2.41.0
"""


def test_git_241_protocol_checks_the_series_at_the_last_file(repo: Repo, tmp_path: Path) -> None:
    thread = v1_thread(repo, tmp_path)
    amend(repo, "Acked-by: Ian Maintainer <ian@example.org>\n")
    repo.write("drivers/net/dummy/Makefile", "obj-$(CONFIG_DUMMY) += dummy_main.o\n")
    repo.git("add", ".")
    repo.commit("dummy: add a Makefile")
    install(repo, "--thread", str(thread))
    files = repo.format_patch(tmp_path / "v2", "-v2", "--cover-letter", "-2")
    assert len(files) == 3
    hook_env = {"GIT_DIR": str(repo.path / ".git"), "GIT_SENDEMAIL_FILE_TOTAL": "3"}
    outputs = []
    for counter, patch in enumerate(files, 1):
        subject = next(
            ln[9:] for ln in patch.read_text().splitlines() if ln.startswith("Subject: ")
        )
        header = repo.path / ".git" / f".gitsendemail.header.{counter}"
        extra = (
            ""
            if counter == 1
            else ("In-Reply-To: <v2-0@example.org>\nReferences: <v2-0@example.org>\n")
        )
        header.write_text(
            HEADER_241.format(
                author=f"{AUTHOR[0]} <{AUTHOR[1]}>",
                subject=subject,
                mid=f"v2-{counter - 1}",
                date=f"Mon, 17 Mar 2025 10:00:0{counter} +0000",
            )
            + extra
        )
        done = repo.run(
            "git",
            "hook",
            "run",
            "--ignore-missing",
            "sendemail-validate",
            "--",
            str(patch),
            str(header),
            GIT_SENDEMAIL_FILE_COUNTER=str(counter),
            **hook_env,
        )
        outputs.append((done.returncode, done.stdout + done.stderr))
    # the cover and patch 1 pass on their own; the series check at the last file refuses
    assert [code for code, _ in outputs[:2]] == [0, 0], outputs
    assert all("TR001" not in out for _, out in outputs[:2])
    code, out = outputs[2]
    assert code != 0
    assert "TR001 unsubstantiated-trailer" in out and "Acked-by: Ian Maintainer" in out
    assert "nothing was sent" in out


def test_install_leaves_a_foreign_hook_alone(repo: Repo) -> None:
    hook = repo.path / ".git" / "hooks" / "sendemail-validate"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\nexit 0\n")
    done = hook_cli(repo, "install")
    assert done.exit_code != 0 and "--force" in str(done.exception)
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"
    assert hook_cli(repo, "uninstall").exit_code != 0
    backup = hook.with_name("sendemail-validate.patchlint-backup")
    out = install(repo, "--force")
    assert "replaced" in out and f"kept as {backup}" in " ".join(out.split())
    assert backup.read_text() == "#!/bin/sh\nexit 0\n"  # moved aside, not deleted
    assert "updated" in install(repo)
    assert (
        backup.read_text() == "#!/bin/sh\nexit 0\n"
        and not backup.with_name("sendemail-validate.patchlint-backup.2").exists()
    )  # our own hook is no backup
    done = hook_cli(repo, "uninstall")
    assert done.exit_code == 0 and "put back" in done.output
    assert hook.read_text() == "#!/bin/sh\nexit 0\n" and not backup.exists()
    assert hook_cli(repo, "uninstall").exit_code != 0  # the foreign hook is left alone


def test_each_foreign_hook_replaced_is_kept(repo: Repo) -> None:
    hook = repo.path / ".git" / "hooks" / "sendemail-validate"
    hook.parent.mkdir(parents=True, exist_ok=True)
    backups = [
        hook.with_name("sendemail-validate.patchlint-backup"),
        hook.with_name("sendemail-validate.patchlint-backup.2"),
    ]
    for n, backup in enumerate(backups):
        hook.unlink(missing_ok=True)
        hook.symlink_to(f"/usr/local/bin/check-{n}")  # a symlink stays a symlink
        install(repo, "--force")
        assert backup.is_symlink() and str(backup.readlink()) == f"/usr/local/bin/check-{n}"
    done = hook_cli(repo, "uninstall")  # the newest comes back
    assert done.exit_code == 0 and str(hook.readlink()) == "/usr/local/bin/check-1"
    assert backups[0].is_symlink() and not backups[1].is_symlink()


def test_hooks_path_is_honoured(repo: Repo) -> None:
    repo.git("config", "core.hooksPath", "my-hooks")
    install(repo)
    assert (repo.path / "my-hooks" / "sendemail-validate").is_file()
    assert not (repo.path / ".git" / "hooks" / "sendemail-validate").exists()
