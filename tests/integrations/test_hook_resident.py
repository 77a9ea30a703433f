"""The hook's resident checker (cli/hookclient.py, cli/checker.py) against the real thing:
`git send-email --dry-run` of a series through the installed hook gives the same output and
exit status with the checker as `patchlint hook run` in its own process per mail
(PATCHLINT_RESIDENT=0); the checker's socket is private, it exits when the series is done,
a stale socket or a hostile request does not stop the next mail, and a mail whose check
dies is reported, not hung on. b4's per-patch check commands go through the same client."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from patchlint.integrations.hook import CLIENT, install
from tests.conftest import require_program
from tests.integrations.gitrepo import (
    BAD_FN,
    BAD_MEMBER,
    GOOD_FN,
    GOOD_MEMBER,
    Repo,
    patchlint_cmd,
    send_email_repo,
)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    done = send_email_repo(tmp_path / "repo", tmp_path / "home")
    install(done.path)
    return done


def checker_folder(repo: Repo) -> Path:
    return repo.path / ".git" / "patchlint" / "checker"


def sockets(repo: Repo) -> list[Path]:
    folder = checker_folder(repo)
    return sorted(folder.glob("*.sock")) if folder.is_dir() else []


def wait_until_gone(repo: Repo) -> None:
    """The checker removes its socket as it exits (bounded wait, not a timing test)."""
    for _ in range(3000):
        if not sockets(repo):
            return
        time.sleep(0.01)
    raise AssertionError(f"the checker is still listening: {sockets(repo)}")


def send(repo: Repo, *args: str, resident: bool) -> tuple[int, str]:
    """git send-email --dry-run through the hook; (exit code, output with git's scratch
    folder names and message ids made the same from run to run)."""
    env = {} if resident else {"PATCHLINT_RESIDENT": "0"}
    done = repo.run(
        "git", "send-email", "--dry-run", "--confirm=never", "--to=netdev@example.org", *args, **env
    )
    out = done.stdout + "\n--stderr--\n" + done.stderr
    out = re.sub(r"/tmp/[^/\s]+/", "/TMP/", out)
    out = re.sub(r"<[^<>\s]+@[^<>\s]+>", "<ID>", out)
    out = re.sub(r"(?m)^Date: .*$", "Date: X", out)
    return done.returncode, out


def series(repo: Repo) -> None:
    """Three patches: two with findings under the fail level, one that is clean."""
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu", "Let the MTU be changed.")
    repo.write("drivers/net/dummy/Makefile", "obj-$(CONFIG_DUMMY) += dummy_main.o\n")
    repo.git("add", ".")
    repo.commit("dummy: add a Makefile", "Build the driver.")
    text = repo.read("drivers/net/dummy/dummy_main.c").replace(
        "struct dummy_priv {", "struct dummy_priv {\n\tint  recieved;"
    )
    repo.write("drivers/net/dummy/dummy_main.c", text)
    repo.commit("dummy: count what was recieved", "Keep a count.")


def test_a_series_gives_what_the_command_gives(repo: Repo) -> None:
    series(repo)
    expected = send(repo, "-3", resident=False)
    assert not checker_folder(repo).exists()  # PATCHLINT_RESIDENT=0: no checker
    got = send(repo, "-3", resident=True)
    assert got == expected
    code, out = got
    assert code == 0, out
    assert out.count("Dry-OK") + out.count("Dry-Sent") == 3, out
    assert "WARNING" in out or "CHECK" in out, out  # findings were printed, not just passed
    wait_until_gone(repo)  # exited after the series' last mail
    assert sorted(p.name for p in checker_folder(repo).iterdir()) == []  # left nothing
    assert not (repo.path / ".git" / "patchlint" / "sendemail").exists()  # stash cleared


def test_a_refused_mail_gives_what_the_command_gives(repo: Repo) -> None:
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu", "Let the MTU be changed.")
    repo.add_op(BAD_FN, BAD_MEMBER)
    repo.commit("dummy: fix up features", "Drop what the device cannot do.")
    expected = send(repo, "-2", resident=False)
    got = send(repo, "-2", resident=True)
    assert got == expected
    code, out = got
    assert code != 0
    assert "CS001 ops-prototype-mismatch" in out and "nothing was sent" in out
    wait_until_gone(repo)  # git stops at the refused mail: so does the checker


def hook(repo: Repo, patch: Path, counter: int, total: int, **env: str) -> tuple[int, str, str]:
    """The installed hook as git >= 2.42 runs it for mail `counter` of `total`."""
    done = repo.run(
        str(repo.path / ".git" / "hooks" / "sendemail-validate"),
        str(patch),
        GIT_DIR=str(repo.path / ".git"),
        GIT_SENDEMAIL_FILE_COUNTER=str(counter),
        GIT_SENDEMAIL_FILE_TOTAL=str(total),
        **env,
    )
    return done.returncode, done.stdout, done.stderr


def two_patches(repo: Repo, where: Path) -> list[Path]:
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu", "Let the MTU be changed.")
    repo.write("drivers/net/dummy/Makefile", "obj-$(CONFIG_DUMMY) += dummy_main.o\n")
    repo.git("add", ".")
    repo.commit("dummy: add a Makefile", "Build the driver.")
    return repo.format_patch(where, "-2")


def test_the_socket_is_private_and_a_hostile_request_does_not_stop_the_next_mail(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two_patches(repo, tmp_path / "out")
    assert hook(repo, first, 1, 2)[0] == 0
    [sock] = sockets(repo)  # waiting for the second mail
    assert stat.S_IMODE(sock.stat().st_mode) == 0o600
    assert stat.S_IMODE(checker_folder(repo).stat().st_mode) == 0o700
    assert sock.stat().st_uid == os.getuid()
    monkeypatch.chdir(sock.parent)  # the path is longer than a socket address may be
    for garbage in (b"", b"\x00\x00\x00\x05{nope", b"GET / HTTP/1.0\r\n\r\n"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(sock.name)
            conn.sendall(garbage)
            conn.shutdown(socket.SHUT_WR)
            reply = conn.recv(4096)
        assert json.loads(reply) == {"code": 2}
    assert sockets(repo) == [sock]  # still there for the next mail
    code, out, err = hook(repo, second, 2, 2)
    assert code == 0, out + err
    wait_until_gone(repo)


def checker_pid(repo: Repo) -> int:
    """The pid of the checker serving this repository (read from /proc)."""
    folder = str(checker_folder(repo)).encode()
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"patchlint.cli.checker" in cmdline and folder in cmdline:
            return int(proc.name)
    raise AssertionError("no checker is running")


def test_a_killed_checker_is_replaced(repo: Repo, tmp_path: Path) -> None:
    """A checker killed mid-run leaves its socket behind, listened on by nobody: the next
    mail starts a new checker and the series ends as it would have."""
    first, second = two_patches(repo, tmp_path / "out")
    expected = [
        hook(repo, first, 1, 2, PATCHLINT_RESIDENT="0"),
        hook(repo, second, 2, 2, PATCHLINT_RESIDENT="0"),
    ]
    assert hook(repo, first, 1, 2) == expected[0]
    [sock] = sockets(repo)
    pid = checker_pid(repo)
    os.kill(pid, signal.SIGKILL)
    for _ in range(3000):  # reaped by init once it is gone
        if not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.01)
    assert sockets(repo) == [sock]  # stale
    assert hook(repo, second, 2, 2) == expected[1]
    wait_until_gone(repo)


def test_a_mail_whose_check_dies_is_reported(repo: Repo, tmp_path: Path) -> None:
    """A check that runs out of its CPU limit (here: none at all) is killed; the checker
    says so and answers 2 instead of hanging or passing the mail."""
    [patch] = two_patches(repo, tmp_path / "out")[:1]
    code, out, err = hook(repo, patch, 1, 1, PATCHLINT_RESIDENT_MAIL_SECONDS="0")
    assert code == 2, out + err
    assert f"patchlint: error: {patch.name}: the check stopped on signal" in err
    wait_until_gone(repo)


def client_cmd(bin_dir: Path) -> Path:
    """A `patchlint` executable that runs the resident checker's client (what a b4 user
    names in b4.prep-perpatch-check-cmd to share one checker between the patches)."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "patchlint"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -I -S {CLIENT} "$@"\n')
    script.chmod(0o755)
    return script


def test_b4_check_commands_give_what_the_command_gives(repo: Repo, tmp_path: Path) -> None:
    """b4's per-patch check protocols through the checker: the same stdout and status as
    `patchlint check` for each patch, one checker for all of them."""
    for n, (fn, member) in enumerate(((GOOD_FN, GOOD_MEMBER), (BAD_FN, BAD_MEMBER))):
        repo.add_op(fn, member)
        repo.commit(f"dummy: step {n}", "A step.")
    mails = [p.read_text() for p in repo.format_patch(tmp_path / "out", "-2")]
    client = client_cmd(tmp_path / "client")
    plain = patchlint_cmd(tmp_path / "plain")
    seen = []
    for fmt in ("checkpatch", "b4-review"):
        for mail in mails:
            args = ("check", "--format", fmt, "-")
            got = repo.run(str(client), *args, stdin=mail)
            expected = repo.run(str(plain), *args, stdin=mail)
            assert (got.returncode, got.stdout, got.stderr) == (
                expected.returncode,
                expected.stdout,
                expected.stderr,
            )
            seen.append(got.stdout)
            assert len(sockets(repo)) == 1  # one checker serves every patch
    assert "CS001 ops-prototype-mismatch" in seen[1] and '"status": "fail"' in seen[3]


def test_b4_prep_check_through_the_checker(repo: Repo, tmp_path: Path) -> None:
    require_program("b4")
    for key, value in {
        "b4.midmask": "http://127.0.0.1:9/%s",
        "b4.linkmask": "http://127.0.0.1:9/%s",
    }.items():
        repo.git("config", key, value)
    assert repo.run("b4", "prep", "-n", "dummy-ops").returncode == 0
    repo.add_op(GOOD_FN, GOOD_MEMBER)
    repo.commit("dummy: implement ndo_change_mtu")
    repo.add_op(BAD_FN, BAD_MEMBER)
    repo.commit("dummy: fix up features")
    outputs = []
    for tool in (patchlint_cmd(tmp_path / "plain"), client_cmd(tmp_path / "client")):
        repo.git("config", "b4.prep-perpatch-check-cmd", f"{tool} check --format checkpatch -")
        done = repo.run("b4", "prep", "--check")
        out = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
        outputs.append((done.returncode, out.replace(str(tool), "TOOL")))
    assert outputs[0] == outputs[1]
    code, out = outputs[1]
    assert code == 0 and "Success: 1, Warning: 0, Error: 1" in out, out
    assert len(sockets(repo)) == 1  # the checker served them (it idles 10 s before it exits)


def test_the_configuration_is_read_for_every_mail(repo: Repo, tmp_path: Path) -> None:
    """A running checker obeys a .patchlint.toml written between two mails of its run."""
    repo.add_op(BAD_FN, BAD_MEMBER)
    repo.commit("dummy: fix up features", "Drop what the device cannot do.")
    repo.write("drivers/net/dummy/Makefile", "obj-$(CONFIG_DUMMY) += dummy_main.o\n")
    repo.git("add", ".")
    repo.commit("dummy: add a Makefile", "Build the driver.")
    first = repo.format_patch(tmp_path / "out", "-2")[0]
    repo.write(".patchlint.toml", 'fail-on = "never"\n')
    code, out, err = hook(repo, first, 1, 3)
    assert code == 0 and "CS001 ops-prototype-mismatch" in out, out + err
    [sock] = sockets(repo)
    repo.write(".patchlint.toml", 'fail-on = "never"\nignore = ["ops-prototype-mismatch"]\n')
    code, out, err = hook(repo, first, 2, 3)
    assert code == 0 and "CS001" not in out + err
    assert sockets(repo) == [sock]  # the same checker, the new configuration
    repo.write(".patchlint.toml", "")
    code, out, err = hook(repo, first, 3, 3)
    assert code == 1 and "CS001 ops-prototype-mismatch" in out, out + err
    wait_until_gone(repo)


def test_the_key_names_version_install_directory_and_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from patchlint.cli import hookclient

    monkeypatch.chdir(tmp_path)
    base = hookclient.checker_key()
    monkeypatch.setenv("GIT_SENDEMAIL_FILE_COUNTER", "7")  # per mail: not in the key
    monkeypatch.setenv("GIT_SENDEMAIL_FILE_TOTAL", "9")
    assert hookclient.checker_key() == base
    monkeypatch.setenv("PATCHLINT_CACHE_DIR", str(tmp_path))  # the environment is
    assert hookclient.checker_key() != base
    monkeypatch.delenv("PATCHLINT_CACHE_DIR")
    assert hookclient.checker_key() == base
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # so is the working directory
    assert hookclient.checker_key() != base
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(hookclient, "version_stamp", lambda: '__version__ = "9.9.9"\0')
    assert hookclient.checker_key() != base  # an upgrade never reaches the old checker


def test_the_checker_warms_up_in_a_fresh_process(tmp_path: Path) -> None:
    """The warm-up runs in a process that has imported nothing yet, as the checker the
    client starts. (It once failed there, silently: `patchlint.cli.build_app` answered with
    the Typer app's attribute, and every mail's child did all the work cold.)"""
    code = (
        "import sys\n"
        "from patchlint.cli.checker import warm_up\n"
        "warm_up()\n"
        "assert 'patchlint.c.kb.tree' in sys.modules\n"
        "print('warm')\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert (res.returncode, res.stdout.strip()) == (0, "warm"), res.stderr[-2000:]
