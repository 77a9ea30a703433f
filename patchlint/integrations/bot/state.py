"""The bot's memory: one SQLite file, held by one bot at a time.

Everything the bot must not forget across a crash is written here before it acts on it:
the mail it has read (with the source position, in the same transaction), the decision about
each revision together with the reply it will send (the outbox), and each reply's delivery
state (`queued` -> `sending` -> `sent`, or `failed` when the server refused it for good). So
a `kill -9` at any point loses nothing and repeats nothing that was finished: see
`bot.runner` for the order of the steps.

What each reply said is kept too (`mailed`: the fingerprint of every finding it held), so no
finding is mailed twice, and so are the answers to the bot's replies that report a false
positive (`feedback`): the rules they name are not mailed again on that series.

A second bot on the same state would mail every reply twice: the state is locked with
`flock` on `STATE.lock` for the life of the process (released by the kernel when the process
dies, however it dies), and a bot that cannot take the lock refuses to start.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from patchlint.errors import UsageError

SCHEMA_VERSION = 2  # 2: `mailed` and `feedback` (a version 1 state gains them, empty)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cursor (source TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seen_file (name TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS message (
    seq INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- the Message-ID, or sha256:<hex> of a mail without one
    raw BLOB NOT NULL,
    received REAL NOT NULL,            -- when the bot read it (its clock, not the Date:)
    backfill INTEGER NOT NULL          -- already in the archive when the bot first ran
);
CREATE TABLE IF NOT EXISTS decision (
    revision TEXT PRIMARY KEY,         -- the key of the mail the reply answers
    state TEXT NOT NULL,               -- replied | clean | skipped
    reason TEXT NOT NULL,
    decided REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS decided_mail (key TEXT PRIMARY KEY, revision TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    revision TEXT NOT NULL UNIQUE,
    message_id TEXT NOT NULL UNIQUE,
    sender TEXT NOT NULL,              -- envelope sender
    recipients TEXT NOT NULL,          -- JSON list: the author and the list, nothing else
    author TEXT NOT NULL,              -- for the per-sender rate limit
    thread TEXT NOT NULL,              -- for the per-thread rate limit
    raw BLOB NOT NULL,
    state TEXT NOT NULL,               -- queued | sending | sent | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    doubts INTEGER NOT NULL DEFAULT 0, -- resent after a crash left delivery unknown
    next_attempt REAL NOT NULL,
    created REAL NOT NULL,
    sending_since REAL,
    sent REAL,
    error TEXT
);
CREATE TABLE IF NOT EXISTS mailed (
    revision TEXT NOT NULL,            -- the decision (the outbox entry) that mailed it
    fingerprint TEXT NOT NULL,         -- the finding's fingerprint (report `fingerprint`)
    code TEXT NOT NULL,                -- its rule's code
    PRIMARY KEY (revision, fingerprint)
);
CREATE TABLE IF NOT EXISTS feedback (
    key TEXT PRIMARY KEY,              -- the answer's stored key
    reply TEXT NOT NULL,               -- the bot's reply it answers (Message-ID)
    revision TEXT NOT NULL,            -- that reply's decision
    codes TEXT NOT NULL,               -- JSON list of rule codes; empty: the whole reply
    reporter TEXT NOT NULL,
    text TEXT NOT NULL,                -- the answer's own words (shortened)
    received REAL NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    revision: str
    message_id: str
    sender: str
    recipients: tuple[str, ...]
    raw: bytes
    state: str
    attempts: int
    sending_since: float | None


class State:
    """The locked state file; use `transaction()` for every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # the groupings of the mail's units (`pipeline.unitstore`), beside the database
        self.units_dir = path.with_name(path.name + ".units")
        self._lock = self._take_lock(path)
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise UsageError(f"cannot open the state file {path}: {exc}") from exc
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(_SCHEMA)  # idempotent; executescript commits by itself
        with self.transaction():
            found = self.meta("schema")
            if found is None or found == "1":  # version 1 lacked tables now created
                self.set_meta("schema", str(SCHEMA_VERSION))
            elif found != str(SCHEMA_VERSION):
                raise UsageError(
                    f"{path}: state schema {found}, this patchlint knows {SCHEMA_VERSION}"
                )

    @staticmethod
    def _take_lock(path: Path) -> IO[str]:
        lock_path = path.with_name(path.name + ".lock")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held for life
        except OSError as exc:
            raise UsageError(
                f"cannot create the lock file {lock_path}: {exc.strerror or exc}"
            ) from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            raise UsageError(
                f"another patchlint bot holds {lock_path}: two bots on one "
                "state would send every reply twice"
            ) from exc
        return handle

    def close(self) -> None:
        self.db.close()
        self._lock.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- meta and source positions ---------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def cursors(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.db.execute("SELECT source, value FROM cursor")}

    def set_cursor(self, source: str, value: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO cursor (source, value) VALUES (?, ?)", (source, value)
        )

    def seen_file(self, name: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM seen_file WHERE name = ?", (name,)).fetchone()
            is not None
        )

    def mark_file(self, name: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO seen_file (name) VALUES (?)", (name,))

    # --- mail ------------------------------------------------------------------------------
    def add_message(self, key: str, raw: bytes, received: float, backfill: bool) -> int | None:
        """Store a mail; None when one with the same key is already stored."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO message (key, raw, received, backfill) VALUES (?, ?, ?, ?)",
            (key, raw, received, int(backfill)),
        )
        return cur.lastrowid if cur.rowcount else None

    def messages(self, after: int = 0) -> Iterator[tuple[int, str, bytes, float, bool]]:
        for seq, key, raw, received, backfill in self.db.execute(
            "SELECT seq, key, raw, received, backfill FROM message WHERE seq > ? ORDER BY seq",
            (after,),
        ):
            yield int(seq), str(key), bytes(raw), float(received), bool(backfill)

    def has_message(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM message WHERE key = ?", (key,)).fetchone() is not None

    # --- decisions -------------------------------------------------------------------------
    def decided(self, keys: Iterable[str]) -> str | None:
        """The revision already decided that any of these mails belongs to, if any."""
        for key in keys:
            row = self.db.execute(
                "SELECT revision FROM decided_mail WHERE key = ?", (key,)
            ).fetchone()
            if row:
                return str(row[0])
        return None

    def decide(
        self, revision: str, mails: Iterable[str], state: str, reason: str, now: float
    ) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO decision (revision, state, reason, decided) "
            "VALUES (?, ?, ?, ?)",
            (revision, state, reason, now),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO decided_mail (key, revision) VALUES (?, ?)",
            [(key, revision) for key in mails],
        )

    def decisions(self) -> list[dict[str, Any]]:
        return [
            {"revision": r, "state": s, "reason": why, "decided": t}
            for r, s, why, t in self.db.execute(
                "SELECT revision, state, reason, decided FROM decision ORDER BY decided"
            )
        ]

    # --- outbox ----------------------------------------------------------------------------
    def queue(
        self,
        revision: str,
        message_id: str,
        sender: str,
        recipients: list[str],
        author: str,
        thread: str,
        raw: bytes,
        now: float,
    ) -> None:
        self.db.execute(
            "INSERT INTO outbox (revision, message_id, sender, recipients, author, thread, raw,"
            " state, next_attempt, created) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)",
            (
                revision,
                message_id,
                sender,
                json.dumps(recipients),
                author.lower(),
                thread,
                raw,
                now,
                now,
            ),
        )

    def own_message_ids(self) -> set[str]:
        return {str(r[0]) for r in self.db.execute("SELECT message_id FROM outbox")}

    def queued_since(self, column: str, value: str, since: float) -> int:
        """Replies queued since `since` to one author or one thread (the rate limits)."""
        assert column in ("author", "thread")
        row = self.db.execute(
            f"SELECT COUNT(*) FROM outbox WHERE {column} = ? AND created >= ?",
            (value.lower() if column == "author" else value, since),
        ).fetchone()
        return int(row[0])

    def due(self, now: float) -> list[OutboxEntry]:
        rows = self.db.execute(
            "SELECT id, revision, message_id, sender, recipients, raw, state, attempts, "
            "sending_since FROM outbox WHERE state IN ('queued', 'sending') AND "
            "next_attempt <= ? ORDER BY id",
            (now,),
        ).fetchall()
        return [
            OutboxEntry(
                int(i),
                str(rev),
                str(mid),
                str(snd),
                tuple(json.loads(rcpt)),
                bytes(raw),
                str(st),
                int(att),
                since,
            )
            for i, rev, mid, snd, rcpt, raw, st, att, since in rows
        ]

    def pending(self) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')"
        ).fetchone()
        return int(row[0])

    def mark_sending(self, entry_id: int, now: float) -> None:
        self.db.execute(
            "UPDATE outbox SET state = 'sending', sending_since = ? WHERE id = ?", (now, entry_id)
        )

    def mark_sent(self, entry_id: int, now: float) -> None:
        self.db.execute(
            "UPDATE outbox SET state = 'sent', sent = ?, error = NULL WHERE id = ?", (now, entry_id)
        )

    def mark_doubt(self, entry_id: int) -> None:
        self.db.execute(
            "UPDATE outbox SET state = 'queued', doubts = doubts + 1 WHERE id = ?", (entry_id,)
        )

    def mark_retry(self, entry_id: int, next_attempt: float, error: str, in_doubt: bool) -> None:
        """Try again at `next_attempt`; `in_doubt`: the server may have taken it already."""
        self.db.execute(
            "UPDATE outbox SET state = ?, attempts = attempts + 1, "
            "next_attempt = ?, error = ? WHERE id = ?",
            ("sending" if in_doubt else "queued", next_attempt, error[:500], entry_id),
        )

    def mark_failed(self, entry_id: int, error: str) -> None:
        self.db.execute(
            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, error = ? WHERE id = ?",
            (error[:500], entry_id),
        )

    # --- what was mailed, and what came back -------------------------------------------
    def record_mailed(self, revision: str, findings: Iterable[tuple[str, str]]) -> None:
        """The (fingerprint, code) of each finding the reply for `revision` holds."""
        self.db.executemany(
            "INSERT OR IGNORE INTO mailed (revision, fingerprint, code) VALUES (?, ?, ?)",
            [(revision, fp, code) for fp, code in findings],
        )

    def mailed_fingerprints(self) -> set[str]:
        """Every finding this bot has mailed: it is never mailed again."""
        return {str(r[0]) for r in self.db.execute("SELECT DISTINCT fingerprint FROM mailed")}

    def reply_revision(self, message_id: str) -> str | None:
        """The decision whose reply has this Message-ID (bare, as the model keeps it)."""
        row = self.db.execute(
            "SELECT revision FROM outbox WHERE message_id = ?", (message_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def record_feedback(
        self,
        key: str,
        reply: str,
        revision: str,
        codes: list[str],
        reporter: str,
        text: str,
        received: float,
    ) -> bool:
        """An answer reporting a false positive; False when it was recorded already."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO feedback (key, reply, revision, codes, reporter, text, "
            "received) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, reply, revision, json.dumps(codes), reporter, text[:2000], received),
        )
        return bool(cur.rowcount)

    def reported_codes(self, revisions: Iterable[str]) -> set[str]:
        """The rules answered `#false-positive` about on the replies to `revisions`: those
        an answer names, or every rule of that reply's findings when it names none."""
        out: set[str] = set()
        for revision in revisions:
            for (codes,) in self.db.execute(
                "SELECT codes FROM feedback WHERE revision = ?", (revision,)
            ).fetchall():
                named = set(json.loads(codes))
                out |= named or {
                    str(c)
                    for (c,) in self.db.execute(
                        "SELECT DISTINCT code FROM mailed WHERE revision = ?", (revision,)
                    )
                }
        return out

    def feedback(self) -> list[dict[str, Any]]:
        cols = ("key", "reply", "revision", "codes", "reporter", "text", "received")
        return [
            dict(zip(cols, row, strict=True))
            for row in self.db.execute(f"SELECT {', '.join(cols)} FROM feedback ORDER BY received")
        ]

    def outbox(self) -> list[dict[str, Any]]:
        cols = ("id", "revision", "message_id", "state", "attempts", "doubts", "error")
        return [
            dict(zip(cols, row, strict=True))
            for row in self.db.execute(f"SELECT {', '.join(cols)} FROM outbox ORDER BY id")
        ]
