"""The bot's cycle: read new mail, decide about each revision once, deliver the replies.

1. Ingest: every new mail from the source is stored with the source position, one
   transaction per batch. Mail that was already in the archive the first time the bot ran is
   marked `backfill` and never answered (unless `reply_existing`).
2. Decide, per revision not yet decided (a revision is decided when any of its mails is in
   `decided_mail`, so a late patch cannot earn it a second reply):
   - wait while it is incomplete (patches of n/m missing, or the cover the patches answer
     not arrived), up to the grace period after its first mail arrived;
   - skip it (recorded, with the reason) when it was already in the archive, was superseded
     before the bot saw it complete, is the bot's own mail, is denied by the allow/deny
     lists, or would exceed the per-sender or per-thread rate limit;
   - otherwise review its whole series (every revision, every reply: the thread's context)
     and ask `report.email.revision_reply` for the reply, through the mail gate
     (`report.mailing`): only rules measured 90% right (or named by `mail-rules`), at or
     above `min-severity`, and no finding this bot mailed before or was told is false. No
     such finding: recorded `clean`, no mail. Else the reply (To the patch author, Cc the
     configured list addresses and nobody else; threaded under the cover letter or first
     patch; a Message-ID fixed by the revision) is put in the outbox, and the fingerprints of
     its findings in `mailed`, in the SAME transaction that records the decision.
   An answer to one of the bot's replies that says `#false-positive [CODE...]` in its own
   words (not in a quote) is recorded (`feedback`) when it is read: the rules it names
   (those of every finding of that reply when it names none) are not mailed again on that
   series.
3. Deliver every due outbox entry (`transport`); failures are retried with exponential
   backoff, nothing is dropped. An entry a crash left `sending` is in doubt: if the reply
   came back through the list it was delivered; else it is sent again after `doubt_wait`.

Mail-derived text never reaches a shell or a header unflattened: recipients are the author's
parsed address and the operator's list addresses; headers go through `report.mailheaders`.

Over 400 lines: the three steps of one cycle and the crash-safety between them (what is
written before what) read best in one place; the sources, state, transport and the
false-positive reports are modules of their own.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import parseaddr
from functools import partial

from patchlint import lazyre
from patchlint.config import DEFAULT_CONFIG, BotConfig, Config
from patchlint.engine.registry import Selection
from patchlint.errors import UsageError
from patchlint.ingest import parse_message
from patchlint.integrations.bot.feedback import false_positive
from patchlint.integrations.bot.sources import Item, Source
from patchlint.integrations.bot.state import OutboxEntry, State
from patchlint.integrations.bot.transport import Permanent, Transient, Transport
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic, Message
from patchlint.model.series import Grouping, Revision, Series
from patchlint.pipeline import review_grouping
from patchlint.report.email import revision_findings, revision_reply
from patchlint.report.mailheaders import header_text, set_mailboxes, set_msgids, shorten
from patchlint.report.mailing import MailGate, mail_gate
from patchlint.report.render import render_bot_footer
from patchlint.report.types import Report
from patchlint.report.words import count

log = logging.getLogger("patchlint.bot")

MAX_MAIL = 10 * 1024 * 1024  # bigger mail is logged and not stored (lists refuse it anyway)
BATCH = 200
_ADDR = lazyre.compile(r"^[^\s<>()\[\]\\,;:\"@\x00-\x1f\x7f]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$")


@dataclass(frozen=True, slots=True)
class Policy:
    """What the operator decides: who is answered, about what, how often, signed how."""

    sender: str = "patchlint <patchlint@localhost>"
    lists: tuple[str, ...] = ()  # list posting addresses the replies are copied to
    min_severity: str = "warning"
    grace: float = 3600.0
    allow_senders: tuple[str, ...] = ()
    deny_senders: tuple[str, ...] = ()
    allow_lists: tuple[str, ...] = ()
    deny_lists: tuple[str, ...] = ()
    footer: str | None = None
    mail_rules: tuple[str, ...] = ()  # mailed beyond the measured rules
    false_positive_url: str | None = None
    max_per_sender: int = 10
    max_per_thread: int = 3
    rate_window: float = 86400.0
    reply_existing: bool = False
    retry_min: float = 60.0
    retry_max: float = 3600.0
    doubt_wait: float = 600.0

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @classmethod
    def from_config(cls, bot: BotConfig, host: str = "localhost") -> Policy:
        """The policy `[bot]` and the flags configure: From: patchlint@`host` unless
        given, the footer naming the operator unless one is given; every address checked."""
        sender = bot.sender or f"patchlint <patchlint@{host or 'localhost'}>"
        for addr in [sender, *bot.lists, *([bot.operator] if bot.operator else [])]:
            if not valid_address(addr.rpartition("<")[2].rstrip(">").strip()):
                raise UsageError(f"{addr!r} is not a usable mail address")
        footer = bot.footer
        if footer is None and bot.operator:
            footer = render_bot_footer(bot.operator)
        mail_gate(bot.mail_rules)  # an unknown rule, or a damaged table, stops it here
        return cls(
            sender=sender,
            lists=bot.lists,
            min_severity=bot.min_severity,
            grace=bot.grace,
            allow_senders=bot.allow_senders,
            deny_senders=bot.deny_senders,
            allow_lists=bot.allow_lists,
            deny_lists=bot.deny_lists,
            footer=footer,
            mail_rules=bot.mail_rules,
            false_positive_url=bot.false_positive_url,
            max_per_sender=bot.max_per_sender,
            max_per_thread=bot.max_per_thread,
            rate_window=bot.rate_window,
            reply_existing=bot.reply_existing,
            retry_min=bot.retry_min,
            retry_max=bot.retry_max,
            doubt_wait=bot.doubt_wait,
        )


@dataclass(slots=True)
class CycleReport:
    ingested: int = 0
    replied: int = 0
    clean: int = 0
    skipped: int = 0
    waiting: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    pending: int = 0
    notes: list[str] = field(default_factory=list)


def valid_address(addr: str) -> bool:
    return bool(_ADDR.match(addr)) and len(addr) <= 254


def _glob(value: str, patterns: Iterable[str]) -> bool:
    value = value.lower()
    return any(fnmatch.fnmatchcase(value, p.lower()) for p in patterns)


@dataclass(slots=True)
class _Mail:
    key: str  # the stored key: Message-ID, or sha256:<hex>
    message: Message
    received: float
    backfill: bool


class Bot:
    def __init__(
        self,
        source: Source,
        state: State,
        transport: Transport,
        policy: Policy,
        selection: Selection,
        clock: Callable[[], float] = time.time,
        config: Config = DEFAULT_CONFIG,
    ) -> None:
        self.source = source
        self.state = state
        self.transport = transport
        self.policy = policy
        self.selection = selection
        self.clock = clock
        self.config = config  # the run's configuration: limits, and for the rules
        self.mail: dict[int, _Mail] = {}
        self.last_seq = 0
        self._waiting = 0
        self._decided_once = False

    # --- 1. ingest -------------------------------------------------------------------------
    def load(self) -> None:
        """Parse the mail stored by earlier runs (once per process)."""
        for seq, key, raw, received, backfill in self.state.messages(self.last_seq):
            self._remember(seq, key, raw, received, backfill)

    def _remember(self, seq: int, key: str, raw: bytes, received: float, backfill: bool) -> None:
        self.last_seq = max(self.last_seq, seq)
        try:
            msg = parse_message(raw, key)
        except Exception as exc:  # a parser bug must not stop the bot; the mail stays stored
            log.warning("cannot parse stored mail %s: %s: %s", key, type(exc).__name__, exc)
            return
        self.mail[seq] = _Mail(key, msg, received, backfill)

    def ingest(self, now: float) -> int:
        first_run = self.state.meta("initialized") is None
        backfill = first_run and not self.policy.reply_existing
        count = 0
        batch: list[Item] = []
        for item in self.source.items(self.state.cursors(), self.state.seen_file):
            batch.append(item)
            if len(batch) >= BATCH:
                count += self._store(batch, now, backfill)
                batch = []
        count += self._store(batch, now, backfill)
        if first_run:
            with self.state.transaction():
                self.state.set_meta("initialized", str(now))
        return count

    def _store(self, batch: list[Item], now: float, backfill: bool) -> int:
        if not batch:
            return 0
        added: list[tuple[int, str, bytes]] = []
        with self.state.transaction():
            for item in batch:
                if item.raw is not None and len(item.raw) > MAX_MAIL:
                    log.warning(
                        "%s: %d bytes, over the %d-byte limit: not stored",
                        item.label,
                        len(item.raw),
                        MAX_MAIL,
                    )
                elif item.raw is not None:
                    key = self._key(item.raw)
                    seq = self.state.add_message(key, item.raw, now, backfill)
                    if seq is not None:
                        added.append((seq, key, item.raw))
                kind, name, value = item.mark
                if kind == "cursor":
                    self.state.set_cursor(name, value)
                else:
                    self.state.mark_file(name)
        for seq, key, raw in added:
            self._remember(seq, key, raw, now, backfill)
            if seq in self.mail:
                self._feedback(self.mail[seq], now)
        return len(added)

    def _feedback(self, mail: _Mail, now: float) -> None:
        """Record an answer to one of the bot's replies that reports a false positive."""
        msg = mail.message
        reply = next((p for p in msg.parent_ids if self.state.reply_revision(p)), None)
        report = false_positive(msg) if reply is not None else None
        if reply is None or report is None:
            return
        revision = self.state.reply_revision(reply) or ""
        reporter = header_text(str(msg.author))[:200]
        with self.state.transaction():
            new = self.state.record_feedback(
                mail.key, reply, revision, list(report.codes), reporter, report.words, now
            )
        if new:
            log.info(
                "%s: %s reports a false positive in %s (%s)",
                mail.key,
                reporter,
                reply,
                ", ".join(report.codes) or "the whole reply",
            )

    @staticmethod
    def _key(raw: bytes) -> str:
        try:
            mid = parse_message(raw).message_id
        except Exception:
            mid = None
        return mid or "sha256:" + hashlib.sha256(raw).hexdigest()

    # --- 2. decide -------------------------------------------------------------------------
    def decide(self, now: float, report: CycleReport) -> None:
        own = self.state.own_message_ids()
        mails = [m for m in self.mail.values() if m.message.message_id not in own]
        for m in mails:  # grouping renames keys of mail without an id: start from scratch
            m.message.key = m.message.message_id or m.key
        diagnostics: list[Diagnostic] = []
        grouping = group_messages([m.message for m in mails], diagnostics)
        by_key = {m.message.key: m for m in mails}
        known_ids = {m.message.message_id for m in mails if m.message.message_id}
        for series in grouping.series:
            reviewed: Report | None = None
            for position, rev in enumerate(series.revisions):
                keys = [by_key[k].key for k in rev.message_keys if k in by_key]
                if not rev.patches or not keys or self.state.decided(keys) is not None:
                    continue
                verdict = self._precheck(series, position, rev, keys, by_key, known_ids, now)
                if verdict == "wait":
                    report.waiting += 1
                    continue
                anchor = keys[0]
                if verdict is not None:
                    self._record(anchor, keys, "skipped", verdict, now)
                    report.skipped += 1
                    continue
                try:
                    if reviewed is None:
                        reviewed = self._review(series, grouping)
                    muted = self._muted(series, position, by_key)
                    self._reply(reviewed, position, rev, anchor, keys, by_key, now, report, muted)
                except Exception as exc:  # one revision patchlint chokes on must not stop
                    # the bot (it would choke again every cycle): record it and go on
                    log.exception("%s: cannot review it", anchor)
                    self._record(
                        anchor,
                        keys,
                        "skipped",
                        f"internal error: {type(exc).__name__}: {exc}"[:300],
                        now,
                    )
                    report.skipped += 1

    def _precheck(
        self,
        series: Series,
        position: int,
        rev: Revision,
        keys: list[str],
        by_key: dict[str, _Mail],
        known_ids: set[str],
        now: float,
    ) -> str | None:
        """ "wait", a reason to skip, or None to review."""
        mails = [by_key[k] for k in rev.message_keys if k in by_key]
        if all(m.backfill for m in mails):
            return "already in the archive when the bot started"
        complete = self._complete(rev, by_key, known_ids)
        if not complete and now - min(m.received for m in mails) < self.policy.grace:
            return "wait"
        later = series.revisions[position + 1 :]
        if later:
            return f"superseded by v{later[-1].version} before the bot reviewed it"
        author = rev.author.email or ""
        if author.lower() == self.policy.sender_address.lower():
            return "the bot's own mail"
        if not valid_address(author):
            return "no usable author address"
        if self.policy.deny_senders and _glob(author, self.policy.deny_senders):
            return "sender denied"
        if self.policy.allow_senders and not _glob(author, self.policy.allow_senders):
            return "sender not allowed"
        list_id = next((m.message.list_id for m in mails if m.message.list_id), None) or ""
        list_id = list_id.strip("<> ")
        if self.policy.deny_lists and _glob(list_id, self.policy.deny_lists):
            return "list denied"
        if self.policy.allow_lists and not _glob(list_id, self.policy.allow_lists):
            return "list not allowed"
        since = now - self.policy.rate_window
        if self.state.queued_since("author", author, since) >= self.policy.max_per_sender:
            return f"rate limit: {self.policy.max_per_sender} replies to {author} already"
        thread = self._thread(rev, by_key)
        if self.state.queued_since("thread", thread, since) >= self.policy.max_per_thread:
            return f"rate limit: {self.policy.max_per_thread} replies in this thread already"
        return None

    @staticmethod
    def _complete(rev: Revision, by_key: dict[str, _Mail], known_ids: set[str]) -> bool:
        """All n/m patches are here, and the mail they answer (the cover) too."""
        if rev.missing:
            return False
        if rev.total and rev.total > 1 and rev.cover is None:
            for patch in rev.patches.values():
                mail = by_key.get(patch.message_key)
                parent = mail.message.in_reply_to if mail else None
                if parent and parent not in known_ids:
                    return False
        return True

    @staticmethod
    def _thread(rev: Revision, by_key: dict[str, _Mail]) -> str:
        first = by_key.get(rev.message_keys[0]) if rev.message_keys else None
        if first is None:
            return ""
        refs = first.message.references
        return refs[0] if refs else (first.message.in_reply_to or first.key)

    def _review(self, series: Series, grouping: Grouping) -> Report:
        """The report of one series, with every revision and reply it has."""
        alone = Grouping([series], [], grouping.messages, 0, {})
        return review_grouping(alone, [], None, self.selection, config=self.config)

    def _record(self, anchor: str, keys: list[str], state: str, reason: str, now: float) -> None:
        with self.state.transaction():
            self.state.decide(anchor, keys, state, reason, now)
        log.info("%s: %s (%s)", anchor, state, reason)

    def _muted(self, series: Series, position: int, by_key: dict[str, _Mail]) -> set[str]:
        """The rules someone answered `#false-positive` about on an earlier revision of
        this series: not mailed again on it."""
        decided = (
            self.state.decided([by_key[k].key for k in r.message_keys if k in by_key])
            for r in series.revisions[:position]
        )
        return self.state.reported_codes([d for d in decided if d is not None])

    def _reply(
        self,
        reviewed: Report,
        position: int,
        rev: Revision,
        anchor: str,
        keys: list[str],
        by_key: dict[str, _Mail],
        now: float,
        report: CycleReport,
        muted: set[str],
    ) -> None:
        rev_dict = reviewed["series"][0]["revisions"][position]
        problems: list[Diagnostic] = []
        gate = self._gate(muted)
        msg = revision_reply(
            reviewed,
            0,
            rev_dict,
            sender=self.policy.sender,
            severity=self.policy.min_severity,
            diagnostics=problems,
            gate=gate,
        )
        for d in problems:
            log.warning("%s: %s", anchor, d.problem)
        if msg is None:
            self._record(anchor, keys, "clean", "no finding to mail", now)
            report.clean += 1
            return
        author = rev.author.email or ""
        recipients = [author, *(a for a in self.policy.lists if a.lower() != author.lower())]
        message_id = self._message_id(anchor)
        raw = self._finish(msg, rev, message_id)
        mailed = [
            (f.get("fingerprint") or "", f["code"])
            for f in revision_findings(
                reviewed, 0, rev_dict, severity=self.policy.min_severity, gate=gate
            )
        ]
        with self.state.transaction():
            self.state.queue(
                anchor,
                message_id,
                self.policy.sender_address,
                recipients,
                author,
                self._thread(rev, by_key),
                raw,
                now,
            )
            self.state.record_mailed(anchor, mailed)
            self.state.decide(anchor, keys, "replied", f"{len(recipients)} recipients", now)
        report.replied += 1
        log.info(
            "%s: v%d %r: reply %s queued", anchor, rev.version, shorten(rev.title, 60), message_id
        )

    def _gate(self, muted: set[str]) -> MailGate:
        """What a reply may hold: the measured rules (and `mail-rules`) but the `muted`,
        at or above `min-severity`, nothing this bot mailed before."""
        gate = mail_gate(
            self.policy.mail_rules,
            self.policy.min_severity,
            already=self.state.mailed_fingerprints(),
            earlier=False,
            url=self.policy.false_positive_url,
        )
        return replace(gate, rules=gate.rules - muted)

    def _message_id(self, anchor: str) -> str:
        """A Message-ID (bare, as the model keeps them) nobody can post first: the bot
        takes its own replies echoed by the list for delivered, and never reviews them.
        Made once, stored with the reply in the decision's transaction."""
        digest = hashlib.sha256(anchor.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        domain = self.policy.sender_address.rpartition("@")[2] or "patchlint.invalid"
        return f"patchlint-bot.{digest}.{secrets.token_hex(8)}@{domain}"

    def _finish(self, msg: EmailMessage, rev: Revision, message_id: str) -> bytes:
        """The renderer's reply with the bot's recipients, Message-ID and footer."""
        for name in ("To", "Cc", "Bcc", "Message-ID"):
            del msg[name]
        problems: list[str] = []  # the author's address was checked by `valid_address`
        set_mailboxes(msg, "To", [(rev.author.name or "", rev.author.email or "")], problems)
        lists = [a for a in self.policy.lists if a.lower() != (rev.author.email or "").lower()]
        set_mailboxes(msg, "Cc", [("", a) for a in lists], problems)
        for problem in problems:
            log.warning("<%s>: %s", message_id, problem)
        set_msgids(msg, "Message-ID", [f"<{message_id}>"])
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to a bot
        if self.policy.footer:
            body = msg.get_content().rstrip("\n") + "\n" + self.policy.footer.rstrip() + "\n"
            long_line = any(len(line.encode()) > 998 for line in body.splitlines())
            msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_line else "8bit")
        return bytes(msg)

    # --- 3. deliver ------------------------------------------------------------------------
    def deliver(self, now: float, report: CycleReport) -> None:
        due = self.state.due(now)
        try:
            for index, entry in enumerate(due):
                if entry.state == "sending" and not self._resolve_doubt(entry, now):
                    continue
                try:
                    self.transport.send(entry, partial(self._sending, entry))
                except Transient as exc:
                    self._retry(entry, now, str(exc), exc.in_doubt, report)
                    if exc.unreachable:
                        for rest in due[index + 1 :]:
                            self._retry(rest, now, str(exc), False, report)
                        break
                except Permanent as exc:
                    with self.state.transaction():
                        self.state.mark_failed(entry.id, str(exc))
                    report.failed += 1
                    log.error("%s: refused for good: %s", entry.message_id, exc)
                else:
                    with self.state.transaction():
                        self.state.mark_sent(entry.id, self.clock())
                    report.sent += 1
                    log.info("%s: %s", entry.message_id, self.transport.delivered(entry))
        finally:
            self.transport.close()

    def _sending(self, entry: OutboxEntry) -> None:
        with self.state.transaction():
            self.state.mark_sending(entry.id, self.clock())

    def _resolve_doubt(self, entry: OutboxEntry, now: float) -> bool:
        """An entry a crash left `sending`: True to send it again now."""
        if self.state.has_message(entry.message_id):
            with self.state.transaction():
                self.state.mark_sent(entry.id, now)
            log.info("%s: came back through the list: delivered", entry.message_id)
            return False
        if now - (entry.sending_since or 0.0) < self.policy.doubt_wait:
            return False
        with self.state.transaction():
            self.state.mark_doubt(entry.id)
        log.warning("%s: delivery unknown after a crash; sending it again", entry.message_id)
        return True

    def _retry(
        self, entry: OutboxEntry, now: float, error: str, in_doubt: bool, report: CycleReport
    ) -> None:
        delay = min(self.policy.retry_max, self.policy.retry_min * 2**entry.attempts)
        with self.state.transaction():
            self.state.mark_retry(entry.id, now + delay, error, in_doubt)
        report.retrying += 1
        log.warning("%s: %s; retrying in %.0fs", entry.message_id, error, delay)

    # --- the loop --------------------------------------------------------------------------
    def cycle(self) -> CycleReport:
        report = CycleReport()
        now = self.clock()
        report.ingested = self.ingest(now)
        if report.ingested or self._waiting or not self._decided_once:
            # regrouping the archive is the expensive part: only when something can change
            self.decide(now, report)
            self._waiting = report.waiting
            self._decided_once = True
        self.deliver(self.clock(), report)
        report.pending = self.state.pending()
        return report

    def run(
        self, once: bool, interval: float, sleep: Callable[[float], None] = time.sleep
    ) -> CycleReport:
        self.load()
        while True:
            report = self.cycle()
            log.info(
                "cycle: %s, %s queued, %d clean, %d skipped, %d waiting, %d sent, "
                "%d to retry, %d pending",
                count(report.ingested, "new mail"),
                count(report.replied, "reply"),
                report.clean,
                report.skipped,
                report.waiting,
                report.sent,
                report.retrying,
                report.pending,
            )
            if once:
                return report
            sleep(interval)
