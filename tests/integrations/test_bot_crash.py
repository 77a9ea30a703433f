"""kill -9 at random points, many times, then count the mails: every reply arrives once.

A real SMTP server (aiosmtpd, tests/integrations/smtp_sink.py, its own process) accepts the
replies and, like the list the bot is subscribed to, delivers each one back into the
maildir the bot reads. Bot processes are forked from the test (patchlint already imported,
so a restart costs milliseconds) and SIGKILLed after a random delay; mail keeps arriving
between the kills. Afterwards one bot runs undisturbed to the end, and the server's log must
hold exactly one delivery per revision with findings, nothing else.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from patchlint.engine.registry import default_registry
from patchlint.integrations.bot.runner import Bot, Policy
from patchlint.integrations.bot.sources import MaildirSource
from patchlint.integrations.bot.state import OutboxEntry, State
from patchlint.integrations.bot.transport import (
    DirectoryTransport,
    SmtpSettings,
    SmtpTransport,
)
from tests.integrations.mails import LIST, deliver, series
from tests.integrations.test_bot import Sink

AUTHORS = [
    "Ann Author <ann@example.org>",
    "Bob Builder <bob@example.org>",
    "Cy Coder <cy@example.org>",
]
LIFE = (0.0, 0.3)  # seconds a bot lives before the kill (a whole warm pass takes ~0.3 s)
# Each round one bot process: "timer" is killed by the test after a random LIFE; the others
# kill themselves at the exact point named, on their first reply: just before the final `.`
# of DATA (after recording `sending`), or just after it (the server has it; the bot does
# not know yet).
ROUNDS = ["after-dot", "before-dot", "after-dot", *["timer"] * 6, "before-dot", *["timer"] * 8]
NEW_MAIL_AT = {0: 0, 4: 1, 10: 2}  # round -> batch of series delivered just before it


class CrashingSmtp(SmtpTransport):
    """The real transport, with the process killed at one point of its first delivery."""

    def __init__(self, settings: SmtpSettings, point: str) -> None:
        super().__init__(settings)
        self.point = point

    def send(self, entry: OutboxEntry, committing: Callable[[], None]) -> None:
        if self.point == "before-dot":

            def commit_then_die() -> None:
                committing()
                os.kill(os.getpid(), signal.SIGKILL)

            super().send(entry, commit_then_die)
            return
        if self.point == "after-dot" and self.conn is None:
            self.conn = self._connect()
            real_send = self.conn.send

            def send_then_die(data: bytes | str) -> None:
                real_send(data)
                if data == b".\r\n":
                    os.kill(os.getpid(), signal.SIGKILL)

            self.conn.send = send_then_die  # type: ignore[method-assign]
        super().send(entry, committing)


def _bot(root: Path, port: int, point: str = "timer") -> tuple[State, Bot]:
    state = State(root / "bot.db")
    # the fixtures' wrong ndo prototype (CS001) is no rule the precision table mails: this
    # list asks for it (`[bot] mail-rules`)
    policy = Policy(
        sender="patchlint bot <bot@example.org>",
        lists=(LIST,),
        grace=0.0,
        reply_existing=True,
        retry_min=0.05,
        retry_max=0.2,
        doubt_wait=1.0,
        max_per_sender=100,
        max_per_thread=100,
        mail_rules=("CS001",),
    )
    settings = SmtpSettings("127.0.0.1", port, tls="none", timeout=10)
    transport = SmtpTransport(settings) if point == "timer" else CrashingSmtp(settings, point)
    return state, Bot(
        MaildirSource(root / "Maildir"), state, transport, policy, default_registry().select()
    )


def warm_up(root: Path) -> None:
    """Review one series in this process first: the rule engine's caches (tree-sitter, the
    ops-struct KB, the spelling dictionary) are then inherited by every forked bot, so the
    kills land in the bot's work rather than in its start-up."""
    deliver(root / "Maildir", series("warm", AUTHORS[0], bad=True))
    state = State(root / "bot.db")
    try:
        Bot(
            MaildirSource(root / "Maildir"),
            state,
            DirectoryTransport(root / "out"),
            Policy(reply_existing=True, grace=0.0, mail_rules=("CS001",)),
            default_registry().select(),
        ).run(True, 0)
    finally:
        state.close()


def _child(root: Path, port: int, point: str) -> None:
    """The forked bot: polls until it is killed."""
    try:
        _, bot = _bot(root, port, point)
        bot.run(once=False, interval=0.02)
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def _wait_or_kill(pid: int, timeout: float) -> int:
    """The child's status: it kills itself at its crash point, or is killed at `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def test_kill_9_at_random_points_every_reply_sent_exactly_once(tmp_path: Path) -> None:
    warm_up(tmp_path / "warm")
    maildir = tmp_path / "Maildir"
    deliver(maildir, [])
    sink = Sink(tmp_path, "--echo", str(maildir))
    seed = int(time.time())
    rng = random.Random(seed)
    names = [f"drv{i}" for i in range(12)]
    bad = {name: i % 4 != 3 for i, name in enumerate(names)}  # 9 with findings, 3 clean
    batches = [names[:5], names[5:9], names[9:]]
    states_seen: list[str] = []
    try:
        for number, point in enumerate(ROUNDS):
            if number in NEW_MAIL_AT:  # mail keeps arriving while bots come and go
                deliver(
                    maildir,
                    [
                        raw
                        for n in batches[NEW_MAIL_AT[number]]
                        for raw in series(n, AUTHORS[names.index(n) % 3], bad=bad[n])
                    ],
                )
            pid = os.fork()
            if pid == 0:
                _child(tmp_path, sink.port, point)
            life = rng.uniform(*LIFE) if point == "timer" else 3.0
            status = _wait_or_kill(pid, life)
            assert os.WIFSIGNALED(status), f"the bot died by itself (seed {seed})"
            states_seen += [e["state"] for e in _peek(tmp_path)]
        time.sleep(1.1)  # past doubt_wait: an in-doubt reply the list did not echo is resent
        state, bot = _bot(tmp_path, sink.port)
        try:
            bot.load()
            bot.cycle()
            bot.cycle()
            outbox = state.outbox()
            decisions = state.decisions()
        finally:
            state.close()
        deliveries = Counter(str(d["message_id"]) for d in sink.deliveries())
    finally:
        sink.stop()

    context = f"seed {seed}; outbox {outbox}; deliveries {deliveries}"
    assert "sending" in states_seen, context  # crashes did leave replies in doubt
    assert len(decisions) == len(names), context  # every revision decided, once
    assert sorted(d["state"] for d in decisions) == ["clean"] * 3 + ["replied"] * 9, context
    assert [e["state"] for e in outbox] == ["sent"] * 9, context
    assert any(e["doubts"] for e in outbox), context  # a reply lost before `.` was resent
    assert set(deliveries) == {f"<{e['message_id']}>" for e in outbox}, context
    assert all(n == 1 for n in deliveries.values()), context
    assert sum(deliveries.values()) == 9, context


def _peek(root: Path) -> list[dict[str, object]]:
    """The outbox as the killed bot left it (read-only, without the lock)."""
    try:
        db = sqlite3.connect(f"file:{root / 'bot.db'}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        rows = db.execute("SELECT state FROM outbox").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        db.close()
    return [{"state": r[0]} for r in rows]
