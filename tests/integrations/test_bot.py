"""`patchlint bot` on a maildir: when it answers, whom, how often; the state lock; SMTP with
STARTTLS and AUTH, and an SMTP server that is down, against a real aiosmtpd server."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from email import message_from_bytes
from email.utils import getaddresses
from pathlib import Path

import pytest

from patchlint.engine.registry import default_registry
from patchlint.errors import UsageError
from patchlint.integrations.bot.runner import Bot, CycleReport, Policy
from patchlint.integrations.bot.sources import MaildirSource
from patchlint.integrations.bot.state import State
from patchlint.integrations.bot.transport import (
    DirectoryTransport,
    SmtpSettings,
    SmtpTransport,
    Transport,
)
from tests.conftest import ROOT, require_program
from tests.integrations.mails import LIST, deliver, mail, series

SINK = Path(__file__).with_name("smtp_sink.py")
ANN = "Ann Author <ann@example.org>"
BOB = "Bob Builder <bob@example.org>"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Harness:
    """A maildir, a state, a bot with a clock the test moves."""

    def __init__(self, root: Path, transport: Transport | None = None, **policy: object) -> None:
        self.maildir = root / "Maildir"
        deliver(self.maildir, [])
        self.out = root / "out"
        self.clock = Clock()
        self.state = State(root / "bot.db")
        # the fixtures' findings (a wrong ndo prototype, a misspelt comment) are of rules the
        # precision table does not mail; this list asks for them (`[bot] mail-rules`)
        policy.setdefault("mail_rules", ("CS001", "SP001"))
        self.policy = Policy(sender="patchlint bot <bot@example.org>", lists=(LIST,), **policy)  # type: ignore[arg-type]
        self.bot = Bot(
            MaildirSource(self.maildir),
            self.state,
            transport or DirectoryTransport(self.out),
            self.policy,
            default_registry().select(),
            self.clock,
        )
        self.bot.load()

    def cycle(self, advance: float = 0.0) -> CycleReport:
        self.clock.now += advance
        return self.bot.cycle()

    def replies(self) -> list[bytes]:
        return [p.read_bytes() for p in sorted(self.out.glob("*.eml"))]

    def reasons(self) -> dict[str, str]:
        return {d["revision"]: f"{d['state']}: {d['reason']}" for d in self.state.decisions()}


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    h = Harness(tmp_path, reply_existing=False, grace=600.0)
    h.cycle()  # start on an empty list
    yield h
    h.state.close()


def test_existing_mail_is_not_answered(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    deliver(h.maildir, series("alpha", ANN, bad=True))
    report = h.cycle()
    assert report.ingested == 3 and report.skipped == 1 and report.replied == 0
    assert h.replies() == []
    assert "already in the archive" in next(iter(h.reasons().values()))
    h.state.close()


def test_waits_for_the_whole_revision(harness: Harness) -> None:
    first, second, third = series("alpha", ANN, bad=True)
    deliver(harness.maildir, [first, second])
    assert harness.cycle(10).waiting == 1
    assert harness.replies() == []
    deliver(harness.maildir, [third])
    report = harness.cycle(10)
    assert report.replied == 1 and report.sent == 1
    [raw] = harness.replies()
    reply = message_from_bytes(raw)
    assert reply["In-Reply-To"] == "<alpha.v1.0@example.org>"  # under the cover letter
    body = reply.get_payload(decode=True).decode()
    assert "CS001 ops-prototype-mismatch" in body and "alpha_fix_features" in body
    # more mail in the thread, more cycles: still one reply
    deliver(
        harness.maildir,
        [
            mail(
                "rev@example.org",
                "Re: [PATCH 2/2] alpha: step 2",
                BOB,
                "Looks wrong.\n",
                in_reply_to="alpha.v1.2@example.org",
            )
        ],
    )
    harness.cycle(10)
    harness.cycle(10)
    assert len(harness.replies()) == 1


def test_grace_period_then_what_arrived(harness: Harness) -> None:
    cover, bad, _clean = series("alpha", ANN, bad=True, bad_at=1)
    deliver(harness.maildir, [cover, bad])
    assert harness.cycle(10).waiting == 1
    assert harness.cycle(599).waiting == 1
    report = harness.cycle(2)  # the grace period is over: answer what is there
    assert report.replied == 1
    deliver(harness.maildir, [_clean])  # 2/2 arrives late: the revision was answered
    assert harness.cycle(10).replied == 0
    assert len(harness.replies()) == 1


def test_replies_only_to_the_author_and_the_list(harness: Harness) -> None:
    hostile = {
        "Reply-To": "victim@evil.example",
        "Cc": "other@evil.example",
        "Mail-Followup-To": "third@evil.example",
        "Bcc": "hidden@evil.example",
    }
    deliver(harness.maildir, series("alpha", ANN, bad=True, extra=hostile))
    harness.cycle(10)
    [raw] = harness.replies()
    reply = message_from_bytes(raw)
    addrs = {
        a.lower()
        for _, a in getaddresses(
            reply.get_all("To", []) + reply.get_all("Cc", []) + reply.get_all("Bcc", [])
        )
    }
    assert addrs == {"ann@example.org", LIST}
    assert "evil" not in raw.decode(errors="replace").split("\n\n", 1)[0]
    [entry] = harness.state.outbox()
    recipients = harness.state.db.execute("SELECT recipients FROM outbox").fetchone()[0]
    assert json.loads(recipients) == ["ann@example.org", LIST]
    assert entry["state"] == "sent"


def test_a_list_rewritten_from_is_answered_to_the_person(harness: Harness) -> None:
    """A list that rewrites From: for DMARC ("Ann Author via Netdev <netdev@...>", Ann in
    Reply-To) gets its reply to Ann, not to "Ann via the list"."""
    rewritten = {"Reply-To": ANN, "List-Post": f"<mailto:{LIST}>"}
    deliver(
        harness.maildir,
        series("alpha", f"Ann Author via Netdev <{LIST}>", bad=True, extra=rewritten),
    )
    harness.cycle(10)
    [raw] = harness.replies()
    reply = message_from_bytes(raw)
    assert getaddresses(reply.get_all("To", [])) == [("Ann Author", "ann@example.org")]
    recipients = harness.state.db.execute("SELECT recipients FROM outbox").fetchone()[0]
    assert json.loads(recipients) == ["ann@example.org", LIST]


def test_rate_limits_and_deny_list(tmp_path: Path) -> None:
    h = Harness(tmp_path, max_per_sender=1, max_per_thread=1, deny_senders=("*@spam.example",))
    h.cycle()
    deliver(
        h.maildir,
        series("alpha", ANN, bad=True)
        + series("beta", ANN, bad=True)
        + series("gamma", "Spammer <s@spam.example>", bad=True),
    )
    report = h.cycle(10)
    assert report.replied == 1 and report.skipped == 2
    reasons = sorted(h.reasons().values())
    assert reasons[0] == "replied: 2 recipients"
    assert reasons[1] == "skipped: rate limit: 1 replies to ann@example.org already"
    assert reasons[2] == "skipped: sender denied"
    h.state.close()
    # a v2 in the thread of a revision already answered: the per-thread limit
    h = Harness(tmp_path / "thread", max_per_thread=1)
    h.cycle()
    deliver(h.maildir, series("delta", BOB, bad=True))
    h.cycle(10)
    deliver(
        h.maildir, series("delta", BOB, bad=True, version=2, in_reply_to="delta.v1.0@example.org")
    )
    report = h.cycle(10)
    assert report.skipped == 1 and report.replied == 0
    assert h.reasons()["delta.v2.0@example.org"] == (
        "skipped: rate limit: 1 replies in this thread already"
    )
    h.state.close()


def test_below_the_level_is_not_mailed(tmp_path: Path) -> None:
    """An info finding (a misspelt comment) is mailed only when the level says so."""
    typo = (
        "diff --git a/drivers/net/eta/eta.c b/drivers/net/eta/eta.c\nnew file mode 100644\n"
        "index 0000000..4444444\n--- /dev/null\n+++ b/drivers/net/eta/eta.c\n"
        "@@ -0,0 +1,2 @@\n+/* recieve the frame */\n+int eta;\n"
    )
    raw = mail(
        "eta.1@example.org",
        "[PATCH] eta: add eta",
        ANN,
        f"Add eta.\n\nSigned-off-by: {ANN}\n---\n{typo}",
    )
    for level, mailed in (("warning", 0), ("info", 1)):
        h = Harness(tmp_path / level, min_severity=level, footer="Run by ops@x.org")
        h.cycle()
        deliver(h.maildir, [raw])
        h.cycle(10)
        assert len(h.replies()) == mailed
        if mailed:
            text = message_from_bytes(h.replies()[0]).get_payload(decode=True).decode()
            assert "SP001 spelling" in text and text.rstrip().endswith("Run by ops@x.org")
        h.state.close()


def test_two_bots_on_one_state_refused(tmp_path: Path) -> None:
    deliver(tmp_path / "Maildir", [])
    state = State(tmp_path / "bot.db")
    try:
        with pytest.raises(UsageError, match="another patchlint bot holds"):
            State(tmp_path / "bot.db")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "patchlint",
                "bot",
                "--maildir",
                str(tmp_path / "Maildir"),
                "--state",
                str(tmp_path / "bot.db"),
                "--dry-run",
                str(tmp_path / "out"),
                "--once",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 2
        assert "another patchlint bot holds" in done.stderr
        assert "Traceback" not in done.stderr
    finally:
        state.close()
    State(tmp_path / "bot.db").close()  # released with its holder


class Sink:
    """tests/integrations/smtp_sink.py in its own process."""

    def __init__(self, root: Path, *args: str, port: int = 0) -> None:
        self.log = root / "sink.jsonl"
        self.log.touch()
        self.proc = subprocess.Popen(
            [sys.executable, str(SINK), "--log", str(self.log), "--port", str(port), *args],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.startswith("ready "), line
        self.port = int(line.split()[1])

    def deliveries(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_smtp_down_is_retried_with_backoff_and_nothing_is_lost(tmp_path: Path) -> None:
    port = free_port()
    h = Harness(
        tmp_path,
        SmtpTransport(SmtpSettings("127.0.0.1", port, tls="none", timeout=5)),
        retry_min=60.0,
        retry_max=600.0,
    )
    h.cycle()
    deliver(h.maildir, series("alpha", ANN, bad=True) + series("beta", BOB, bad=True))
    report = h.cycle(10)
    assert report.replied == 2 and report.sent == 0 and report.retrying == 2
    report = h.cycle(61)  # still down: the delay doubles
    assert report.retrying == 2 and report.pending == 2
    sink = Sink(tmp_path, port=port)
    try:
        assert h.cycle(60).sent == 0  # 120 s backoff not over yet
        assert sink.deliveries() == []
        report = h.cycle(61)
        assert report.sent == 2 and report.pending == 0
        got = sink.deliveries()
        assert sorted(d["message_id"] for d in got) == sorted(
            f"<{e['message_id']}>" for e in h.state.outbox()
        )
        assert sorted(tuple(d["rcpt"]) for d in got) == [  # type: ignore[arg-type]
            ("ann@example.org", LIST),
            ("bob@example.org", LIST),
        ]
        assert h.cycle(3600).sent == 0
        assert len(sink.deliveries()) == 2
    finally:
        sink.stop()
        h.state.close()


def test_starttls_and_auth(tmp_path: Path) -> None:
    require_program("openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    sink = Sink(tmp_path, "--tls", str(cert), str(key), "--auth", "bot:s3cret")
    try:
        good = SmtpSettings(
            "127.0.0.1",
            sink.port,
            tls="starttls",
            user="bot",
            password="s3cret",
            cafile=str(cert),
            timeout=10,
        )
        h = Harness(tmp_path / "good", SmtpTransport(good))
        h.cycle()
        deliver(h.maildir, series("alpha", ANN, bad=True))
        assert h.cycle(10).sent == 1
        [got] = sink.deliveries()
        assert got["tls"] is True and got["authenticated"] is True
        h.state.close()
        bad = SmtpSettings(
            "127.0.0.1",
            sink.port,
            tls="starttls",
            user="bot",
            password="wrong",
            cafile=str(cert),
            timeout=10,
        )
        h = Harness(tmp_path / "bad", SmtpTransport(bad))
        h.cycle()
        deliver(h.maildir, series("alpha", ANN, bad=True))
        report = h.cycle(10)
        assert report.failed == 1 and report.sent == 0
        [entry] = h.state.outbox()
        assert entry["state"] == "failed" and "authentication failed" in entry["error"]
        h.state.close()
    finally:
        sink.stop()


def test_a_revision_patchlint_chokes_on_does_not_stop_the_rest(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patchlint.integrations.bot import runner

    real = runner.revision_reply
    calls: list[str] = []

    def flaky(report: dict[str, object], *args: object, **kwargs: object) -> object:
        calls.append("x")
        if len(calls) == 1:
            raise ValueError("a bug of ours")
        return real(report, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "revision_reply", flaky)
    deliver(harness.maildir, series("alpha", ANN, bad=True) + series("beta", BOB, bad=True))
    report = harness.cycle(10)
    assert report.skipped == 1 and report.replied == 1
    assert sorted(harness.reasons().values())[1] == (
        "skipped: internal error: ValueError: a bug of ours"
    )
    assert harness.cycle(10).replied == 0  # recorded: not retried every cycle


def test_command_line_over_smtp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from patchlint.cli import app

    maildir = tmp_path / "Maildir"
    deliver(maildir, series("alpha", ANN, bad=True))
    sink = Sink(tmp_path, "--auth", "bot:pw")
    argv = [
        "bot",
        "--maildir",
        str(maildir),
        "--state",
        str(tmp_path / "bot.db"),
        "--smtp",
        f"127.0.0.1:{sink.port}",
        "--smtp-tls",
        "none",
        "--smtp-user",
        "bot",
        "--once",
        "--reply-existing",
        "--from",
        "patchlint bot <bot@example.org>",
        "--list",
        LIST,
        "--mail-rules",
        "CS001",
    ]
    try:
        done = CliRunner().invoke(app, argv)
        assert isinstance(done.exception, UsageError)  # a user needs a password, not argv
        monkeypatch.setenv("PATCHLINT_SMTP_PASSWORD", "pw")
        done = CliRunner().invoke(app, argv)
        assert done.exit_code == 0, done.output
        [got] = sink.deliveries()
        assert got["rcpt"] == ["ann@example.org", LIST] and got["authenticated"] is True
        assert got["mail_from"] == "bot@example.org"
    finally:
        sink.stop()


def test_the_dry_run_log_says_written_not_sent(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    deliver(harness.maildir, series("alpha", ANN, bad=True))
    with caplog.at_level(logging.INFO, logger="patchlint.bot"):
        assert harness.cycle(10).sent == 1
    [path] = sorted(harness.out.glob("*.eml"))
    delivered = [r.getMessage() for r in caplog.records if "dry run" in r.getMessage()]
    assert len(delivered) == 1
    assert (
        f"dry run: written to {path}, not sent (it would go to ann@example.org, "
        f"{LIST})" in delivered[0]
    )
    assert not any("sent to" in r.getMessage() for r in caplog.records)


def test_a_hostile_cc_does_not_stop_the_bot(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot answers only the author and the lists, but its reply is composed from the
    patch mail: an address the mail library chokes on is left out and logged."""
    mails = [
        m.replace(b"From: Ann Author", b"Cc: Name <.@.>\nFrom: Ann Author", 1)
        for m in series("alpha", ANN, bad=True)
    ]
    assert all(b"Cc: Name <.@.>" in m for m in mails)
    deliver(harness.maildir, mails)
    with caplog.at_level(logging.INFO, logger="patchlint.bot"):
        report = harness.cycle(10)
    assert report.replied == 1 and report.skipped == 0
    [raw] = harness.replies()
    assert message_from_bytes(raw)["In-Reply-To"] == "<alpha.v1.0@example.org>"
    assert any(
        "Cc: '.@.'" in r.getMessage() and "address dropped" in r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING
    )


def test_a_cycle_groups_only_the_mail_new_mail_reaches(tmp_path: Path) -> None:
    """The grouping is kept (in memory and beside the state file): a cycle with new mail
    groups only the units it reaches, and a bot started again on the same state groups
    nothing it has already grouped."""
    h = Harness(tmp_path, reply_existing=False, grace=600.0)
    h.cycle()
    deliver(h.maildir, [*series("alpha", ANN, bad=True), *series("beta", BOB, bad=True)])
    assert h.cycle(10).replied == 2
    assert h.bot.units.grouped == 2 and h.bot.units.reused == 0  # alpha's and beta's
    deliver(
        h.maildir,
        [
            mail(
                "rev@example.org",
                "Re: [PATCH 2/2] alpha: step 2",
                BOB,
                "Looks wrong.\n",
                in_reply_to="alpha.v1.2@example.org",
            ),
            *series("alpha", ANN, bad=True, version=2),
        ],
    )
    report = h.cycle(10)
    assert h.bot.units.grouped == 1 and h.bot.units.reused == 1  # alpha again, beta kept
    assert report.replied + report.clean == 1  # alpha's v2, decided once
    h.state.close()
    again = Harness(tmp_path, reply_existing=False, grace=600.0)  # a restart
    assert again.cycle(10).replied == 0
    assert again.bot.units.grouped == 0 and again.bot.units.reused == 2
    again.state.close()
