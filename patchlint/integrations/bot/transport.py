"""How replies leave: SMTP (smtplib: STARTTLS or SMTPS, optional AUTH) or, with --dry-run,
files in a directory (and the log says which: `delivered`).

SMTP delivery is split around the one moment that matters for exactly-once: the server takes
responsibility for a message when it reads the final `.` of DATA. Everything up to it is
sent first; then `committing()` records in the state that the reply is `sending`; then the
`.` goes out and the reply is read. A crash before that record leaves a half-sent DATA the
server throws away (the reply is simply sent again). A crash after it leaves the reply in
doubt; the runner resolves doubt from the list archive (the reply comes back through the
list) or, after a wait, by sending it again under the same Message-ID.

Errors are `Transient` (try again later: no connection, 4xx, a dropped connection) or
`Permanent` (5xx for the message or every recipient); `in_doubt` says whether the server may
already have the message.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from patchlint import lazyre
from patchlint.errors import UsageError
from patchlint.integrations.bot.state import OutboxEntry
from patchlint.report.email import slug

_EOL = lazyre.compile(rb"\r\n|\r|\n")
_LEADING_DOT = lazyre.compile(rb"(?m)^\.")


class Transient(Exception):
    """Try again later. `in_doubt`: the server may have the message already; `unreachable`:
    no connection at all (every other reply would fail the same way now)."""

    def __init__(self, message: str, in_doubt: bool = False, unreachable: bool = False) -> None:
        super().__init__(message)
        self.in_doubt = in_doubt
        self.unreachable = unreachable


class Permanent(Exception):
    pass


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    tls: str = "auto"  # auto (STARTTLS when offered) | starttls | ssl | none
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0
    cafile: str | None = None

    @classmethod
    def parse(cls, spec: str, **kwargs: object) -> SmtpSettings:
        host, sep, port = spec.rpartition(":")
        if not sep or not host or not port.isdecimal() or not 0 < int(port) < 65536:
            raise UsageError(f"--smtp {spec!r}: expected HOST:PORT")
        return cls(host.strip("[]"), int(port), **kwargs)  # type: ignore[arg-type]


def dot_stuffed(raw: bytes) -> bytes:
    """The message as DATA content: CRLF line ends, leading dots doubled, ending in CRLF
    (the terminating `.` line is sent separately)."""
    data = _LEADING_DOT.sub(b"..", _EOL.sub(b"\r\n", raw))
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class SmtpTransport:
    """One connection reused for a cycle's replies; `close()` ends it."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.conn: smtplib.SMTP | None = None

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.cafile)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            conn: smtplib.SMTP
            if s.tls == "ssl":
                conn = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            conn.ehlo()
            encrypted = s.tls == "ssl"
            if s.tls == "starttls" or (s.tls == "auto" and conn.has_extn("starttls")):
                conn.starttls(context=self._context())
                conn.ehlo()
                encrypted = True
            if s.user:
                if not encrypted and s.tls != "none":
                    conn.close()
                    raise Permanent(
                        "the server offers no STARTTLS: refusing to send the "
                        "password in clear (--smtp-tls none allows it)"
                    )
                conn.login(s.user, s.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise Permanent(
                f"SMTP authentication failed: {exc.smtp_code} {exc.smtp_error!r}"
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise Transient(f"cannot reach {s.host}:{s.port}: {exc}", unreachable=True) from exc
        return conn

    def send(self, entry: OutboxEntry, committing: Callable[[], None]) -> None:
        if self.conn is None:
            self.conn = self._connect()
        conn = self.conn
        sent_dot = False
        try:
            code, resp = conn.mail(entry.sender)
            if code != 250:
                self._fail(code, resp, "MAIL FROM")
            accepted = 0
            refusals = []
            for rcpt in entry.recipients:
                code, resp = conn.rcpt(rcpt)
                if code in (250, 251):
                    accepted += 1
                else:
                    refusals.append((code, resp))
            if not accepted:
                conn.rset()
                worst = max(refusals)
                self._fail(worst[0], worst[1], "RCPT TO")
            code, resp = conn.docmd("DATA")
            if code != 354:
                self._fail(code, resp, "DATA")
            conn.send(dot_stuffed(entry.raw))
            committing()
            sent_dot = True
            conn.send(b".\r\n")
            code, resp = conn.getreply()
            if code != 250:
                self._fail(code, resp, "end of DATA")
        except (Transient, Permanent):
            self.close()  # a refused transaction: start the next one on a clean session
            raise
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise Transient(f"SMTP connection lost: {exc}", in_doubt=sent_dot) from exc

    @staticmethod
    def delivered(entry: OutboxEntry) -> str:
        """What happened to a reply `send` took, for the log."""
        return f"sent to {', '.join(entry.recipients)}"

    @staticmethod
    def _fail(code: int, resp: bytes, step: str) -> None:
        text = f"{step}: {code} {resp.decode(errors='replace')}"
        if 500 <= code < 600:
            raise Permanent(text)
        raise Transient(text)

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (OSError, smtplib.SMTPException):
                self.conn.close()
            self.conn = None


class DirectoryTransport:
    """--dry-run DIR: each reply as DIR/NNNNNN-<subject>.eml (named by its outbox entry, so
    writing it again after a crash replaces the same file)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create {directory}: {exc.strerror or exc}") from exc

    def path(self, entry: OutboxEntry) -> Path:
        return self.directory / f"{entry.id:06d}-{slug(entry.revision)}.eml"

    def send(self, entry: OutboxEntry, committing: Callable[[], None]) -> None:
        del committing
        path = self.path(entry)
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_bytes(entry.raw)
            tmp.replace(path)
        except OSError as exc:
            raise Transient(f"cannot write {path}: {exc.strerror or exc}") from exc

    def delivered(self, entry: OutboxEntry) -> str:
        """A dry run sends nothing: the log says where the reply was written instead."""
        return (
            f"dry run: written to {self.path(entry)}, not sent (it would go to "
            f"{', '.join(entry.recipients)})"
        )

    def close(self) -> None:
        pass


Transport = SmtpTransport | DirectoryTransport
