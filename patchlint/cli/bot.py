"""`patchlint bot`: review every new revision on a list and reply once per revision."""

from __future__ import annotations

import logging
import os
import socket
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.cli.options import ConfigOption, chosen_rules
from patchlint.config import load_config
from patchlint.errors import UsageError
from patchlint.integrations.bot.runner import Bot, Policy, valid_address
from patchlint.integrations.bot.sources import MaildirSource, PublicInboxSource, Source
from patchlint.integrations.bot.state import State
from patchlint.integrations.bot.transport import (
    DirectoryTransport,
    SmtpSettings,
    SmtpTransport,
    Transport,
)


class Level(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Tls(StrEnum):
    auto = "auto"
    starttls = "starttls"
    ssl = "ssl"
    none = "none"


def bot(
    public_inbox: Annotated[Path | None, typer.Option(
        "--public-inbox", help="a public-inbox v2 archive to watch", metavar="DIR")] = None,
    maildir: Annotated[Path | None, typer.Option(
        "--maildir", help="a maildir to watch", metavar="DIR")] = None,
    state: Annotated[Path | None, typer.Option(
        "--state", help="the bot's SQLite state (created; locked while the bot runs)",
        metavar="FILE")] = None,
    smtp: Annotated[str | None, typer.Option(
        "--smtp", help="send replies through this SMTP server", metavar="HOST:PORT")] = None,
    dry_run: Annotated[Path | None, typer.Option(
        "--dry-run", help="write replies as .eml files here instead of mailing them",
        metavar="DIR")] = None,
    once: Annotated[bool, typer.Option("--once", help="process what is new and exit")] = False,
    interval: Annotated[float, typer.Option(
        "--interval", help="seconds between polls", metavar="S", min=0.0)] = 60.0,
    from_addr: Annotated[str | None, typer.Option(
        "--from", help="From: of the replies [default: patchlint@<this host>]",
        metavar="ADDR")] = None,
    lists: Annotated[list[str] | None, typer.Option(
        "--list", help="the list's posting address: replies are copied to it (repeat for "
        "several); replies go to the patch author and these, nobody else", metavar="ADDR")
    ] = None,
    min_severity: Annotated[Level, typer.Option(
        "--min-severity", help="findings below this level are not mailed")] = Level.warning,
    grace: Annotated[float, typer.Option(
        "--grace", help="seconds to wait for the rest of an incomplete revision",
        metavar="S", min=0.0)] = 3600.0,
    allow_sender: Annotated[list[str] | None, typer.Option(
        "--allow-sender", help="answer only senders matching this glob (repeat)",
        metavar="GLOB")] = None,
    deny_sender: Annotated[list[str] | None, typer.Option(
        "--deny-sender", help="never answer senders matching this glob (repeat)",
        metavar="GLOB")] = None,
    allow_list: Annotated[list[str] | None, typer.Option(
        "--allow-list", help="answer only mail whose List-Id matches (repeat)",
        metavar="GLOB")] = None,
    deny_list: Annotated[list[str] | None, typer.Option(
        "--deny-list", help="never answer mail whose List-Id matches (repeat)",
        metavar="GLOB")] = None,
    operator: Annotated[str | None, typer.Option(
        "--operator", help="who runs the bot: named in every reply's footer",
        metavar="ADDR")] = None,
    footer: Annotated[str | None, typer.Option(
        "--footer", help="the footer text (default: names --operator)", metavar="TEXT")] = None,
    max_per_sender: Annotated[int, typer.Option(
        "--max-per-sender", help="replies to one sender per --rate-window", min=0)] = 10,
    max_per_thread: Annotated[int, typer.Option(
        "--max-per-thread", help="replies in one thread per --rate-window", min=0)] = 3,
    rate_window: Annotated[float, typer.Option(
        "--rate-window", help="seconds the rate limits count over", metavar="S",
        min=1.0)] = 86400.0,
    reply_existing: Annotated[bool, typer.Option(
        "--reply-existing", help="on the first run, also answer what is already in the "
        "archive (default: only mail arriving later)")] = False,
    smtp_tls: Annotated[Tls, typer.Option(
        "--smtp-tls", help="auto: STARTTLS when offered; starttls: required; ssl: SMTPS; "
        "none")] = Tls.auto,
    smtp_user: Annotated[str | None, typer.Option(
        "--smtp-user", help="SMTP AUTH user (password: --smtp-password-file or "
        "$PATCHLINT_SMTP_PASSWORD)", metavar="USER")] = None,
    smtp_password_file: Annotated[Path | None, typer.Option(
        "--smtp-password-file", help="a file holding the SMTP password", metavar="FILE")
    ] = None,
    retry_min: Annotated[float, typer.Option(
        "--retry-min", help="first retry delay after a failed send (doubles each time)",
        metavar="S", min=0.0)] = 60.0,
    retry_max: Annotated[float, typer.Option(
        "--retry-max", help="longest retry delay", metavar="S", min=0.0)] = 3600.0,
    doubt_wait: Annotated[float, typer.Option(
        "--doubt-wait", help="after a crash mid-send: how long to wait for the reply to "
        "come back through the list before sending it again", metavar="S", min=0.0)] = 600.0,
    config_file: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="log warnings only")] = False,
) -> None:
    """Watch a list archive, review every new revision in the context of its thread, and
    reply once per revision (the email report, threaded under the cover letter)."""
    source = _source(public_inbox, maildir)
    if state is None:
        raise UsageError("--state FILE is required")
    if (smtp is None) == (dry_run is None):
        raise UsageError("give exactly one of --smtp HOST:PORT and --dry-run DIR")
    sender = from_addr or f"patchlint <patchlint@{socket.getfqdn() or 'localhost'}>"
    for addr in [sender, *(lists or ()), *([operator] if operator else [])]:
        if not valid_address(addr.rpartition("<")[2].rstrip(">").strip()):
            raise UsageError(f"{addr!r} is not a usable mail address")
    if footer is None and operator:
        footer = (f"This review was sent by a patchlint bot run by {operator}; write to them "
                  "to opt out or to report a problem.")
    policy = Policy(
        sender=sender, lists=tuple(lists or ()), min_severity=min_severity.value, grace=grace,
        allow_senders=tuple(allow_sender or ()), deny_senders=tuple(deny_sender or ()),
        allow_lists=tuple(allow_list or ()), deny_lists=tuple(deny_list or ()),
        footer=footer, max_per_sender=max_per_sender, max_per_thread=max_per_thread,
        rate_window=rate_window, reply_existing=reply_existing, retry_min=retry_min,
        retry_max=retry_max, doubt_wait=doubt_wait)
    transport: Transport
    if smtp is not None:
        transport = SmtpTransport(SmtpSettings.parse(
            smtp, tls=smtp_tls.value, user=smtp_user,
            password=_password(smtp_user, smtp_password_file)))
    else:
        assert dry_run is not None
        transport = DirectoryTransport(dry_run)
    logging.basicConfig(stream=sys.stderr, format="patchlint bot: %(message)s",
                        level=logging.WARNING if quiet else logging.INFO, force=True)
    config = load_config(config_file)
    store = State(state)
    try:
        Bot(source, store, transport, policy, chosen_rules(None, None, config)).run(
            once, interval)
    finally:
        store.close()


def _source(public_inbox: Path | None, maildir: Path | None) -> Source:
    if (public_inbox is None) == (maildir is None):
        raise UsageError("give exactly one of --public-inbox DIR and --maildir DIR")
    return PublicInboxSource(public_inbox) if public_inbox else MaildirSource(maildir)  # type: ignore[arg-type]


def _password(user: str | None, path: Path | None) -> str | None:
    if user is None:
        return None
    if path is not None:
        try:
            return path.read_text(encoding="utf-8").strip("\n")
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    password = os.environ.get("PATCHLINT_SMTP_PASSWORD")
    if password is None:
        raise UsageError("--smtp-user needs --smtp-password-file or $PATCHLINT_SMTP_PASSWORD")
    return password
