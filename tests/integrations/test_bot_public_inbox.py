"""`patchlint bot` on a real public-inbox v2 archive (Debian's public-inbox: public-inbox-init
-V2, mail delivered with public-inbox-mda), fed the seed 000 thread in the order the list saw
it: the bot answers v1 (the wrong ndo prototype) and then v2 (the Acked-by nobody had given
yet: v1 and its review are the context), once each, and nothing when the thread goes on."""

from __future__ import annotations

import mailbox
import os
import subprocess
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patchlint.cli import app
from tests.conftest import FIXTURES, require_program

LIST = "xen-devel@lists.xensource.com"
SEED = FIXTURES / "threads" / "000-xen-netback-hw-features.mbox"


class PublicInbox:
    def __init__(self, root: Path) -> None:
        for program in ("git", "public-inbox-init", "public-inbox-mda"):
            require_program(program)
        self.dir = root / "inbox"
        home = root / "pi-home"
        home.mkdir()
        self.env = {
            **os.environ,
            "HOME": str(home),
            "PI_CONFIG": str(home / "config"),
            "ORIGINAL_RECIPIENT": LIST,
        }
        self._run(
            [
                "public-inbox-init",
                "-V2",
                "-L",
                "basic",
                "xen-devel",
                str(self.dir),
                "http://example.org/xen-devel",
                LIST,
            ]
        )
        self._run(["git", "config", "-f", str(home / "config"), "publicinboxmda.spamcheck", "none"])

    def _run(self, argv: list[str], stdin: bytes | None = None) -> None:
        done = subprocess.run(argv, env=self.env, input=stdin, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode(errors="replace")

    def deliver(self, raws: list[bytes]) -> None:
        for raw in raws:
            self._run(["public-inbox-mda", "--no-precheck"], raw)


LIST_WANTS_TR006 = """\
# TR006 (off by default, info where on) as a list that wants it mailed sets it up
select = ["CS", "XS", "TR", "RV", "ST", "SP", "PR", "MA", "contradicted-trailer"]

[profiles.rules.contradicted-trailer]
linux = "warning"
xen-hypervisor = "warning"
xen-tools = "warning"
other = "warning"
"""


def seed_mails() -> list[bytes]:
    return [m.as_bytes() for m in mailbox.mbox(SEED)]


def replies(out: Path) -> list[Message]:
    return [message_from_bytes(p.read_bytes()) for p in sorted(out.glob("*.eml"))]


def test_bot_answers_each_revision_once_in_thread_context(tmp_path: Path) -> None:
    inbox = PublicInbox(tmp_path)
    out = tmp_path / "out"
    config = tmp_path / "list.toml"
    config.write_text(LIST_WANTS_TR006)
    argv = [
        "bot",
        "--config",
        str(config),
        "--public-inbox",
        str(inbox.dir),
        "--state",
        str(tmp_path / "bot.db"),
        "--dry-run",
        str(out),
        "--once",
        "--from",
        "patchlint bot <bot@example.org>",
        "--list",
        LIST,
        "--operator",
        "ops@example.org",
        # the seed's findings are of rules the precision table does not mail (a wrong
        # prototype, a tag the list contradicts): this list asks for them
        "--mail-rules",
        "CS001,TR006",
    ]

    def run() -> None:
        done = CliRunner().invoke(app, argv)
        assert done.exit_code == 0, done.output

    mails = seed_mails()
    assert len(mails) == 11
    run()  # an empty archive: the bot starts from here
    inbox.deliver(mails[:3])  # v1, Ian's review, the author's answer
    run()
    [v1] = replies(out)
    assert v1["In-Reply-To"] == "<20110419115606.6EBB313A6A@rere.qmqm.pl>"
    assert v1["Subject"] == "Re: [PATCH] net: xen-netback: convert to hw_features"
    assert v1["To"].endswith("<mirq-linux@rere.qmqm.pl>") and v1["Cc"] == LIST
    assert v1["Auto-Submitted"] == "auto-generated"
    body = v1.get_payload(decode=True).decode()
    assert "CS001 ops-prototype-mismatch" in body
    assert "> +static u32 xenvif_fix_features(struct xenvif *vif, u32 features)" in body
    assert "run by ops@example.org" in body

    inbox.deliver(mails[3:9])  # v2 (carrying Ian's Acked-by) and the rest of that day
    run()
    first, v2 = replies(out)
    assert first.as_bytes() == v1.as_bytes()
    assert v2["In-Reply-To"] == "<20110419133506.8A47F13A6A@rere.qmqm.pl>"
    body = v2.get_payload(decode=True).decode()
    assert "TR006 contradicted-trailer" in body  # Ian reviewed v1 and gave no ack there
    assert "Acked-by: Ian Campbell" in body
    assert "CS001" not in body  # v2 fixed the prototype

    inbox.deliver(mails[9:])  # the real ack next morning, "Applied."
    run()
    run()
    assert len(replies(out)) == 2  # once per revision, however often it runs


def test_hostile_mail_reaches_no_shell(tmp_path: Path) -> None:
    """Message-IDs and subjects from mail never reach a command line: a mail built to run
    commands if they did is read like any other."""
    inbox = PublicInbox(tmp_path)
    canary = tmp_path / "pwned"
    raw = (
        f"From: Eve <eve@example.org>\nTo: {LIST}\nSubject: [PATCH] $(touch {canary}) "
        f"`touch {canary}`\nDate: Mon, 10 Mar 2025 10:00:00 +0000\n"
        f"Message-ID: <x$(touch {canary})@example.org>\n\nhello\n"
    ).encode()
    inbox.deliver([raw])
    done = CliRunner().invoke(
        app,
        [
            "bot",
            "--public-inbox",
            str(inbox.dir),
            "--state",
            str(tmp_path / "bot.db"),
            "--dry-run",
            str(tmp_path / "out"),
            "--once",
            "--reply-existing",
        ],
    )
    assert done.exit_code == 0, done.output
    assert not canary.exists()


@pytest.mark.parametrize("args", [["--maildir", "x", "--public-inbox", "y"], ["--once"]])
def test_bot_usage_errors(tmp_path: Path, args: list[str]) -> None:
    done = CliRunner().invoke(
        app, ["bot", *args, "--state", str(tmp_path / "s.db"), "--dry-run", str(tmp_path)]
    )
    assert done.exit_code != 0
