"""`patchlint bot`: review every new revision on a list and reply once per revision.

Every setting is a key of `.patchlint.toml`'s `[bot]` table and a flag of the same name; the
flag wins. This module only turns the flags into `Flags.bot`, lets `config` resolve them
with the file, and builds the source, state and transport the resolved `BotConfig` names.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from patchlint.cli.options import ConfigOption, resolve
from patchlint.config import DEFAULT_CONFIG, BotConfig, Flags, SmtpTls
from patchlint.errors import UsageError
from patchlint.integrations.bot.runner import Bot, Policy
from patchlint.integrations.bot.sources import MaildirSource, PublicInboxSource, Source
from patchlint.integrations.bot.state import State
from patchlint.integrations.bot.transport import (
    DirectoryTransport,
    SmtpSettings,
    SmtpTransport,
    Transport,
)
from patchlint.model.finding import Severity
from patchlint.pipeline.setup import rules_for

_BOT = DEFAULT_CONFIG.bot  # the defaults the help shows


def _seconds(value: float) -> str:
    return f"{value:g}"


def bot(
    public_inbox: Annotated[
        Path | None,
        typer.Option("--public-inbox", help="a public-inbox v2 archive to watch", metavar="DIR"),
    ] = None,
    maildir: Annotated[
        Path | None, typer.Option("--maildir", help="a maildir to watch", metavar="DIR")
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state",
            help="the bot's SQLite state (created; locked while the bot runs)",
            metavar="FILE",
        ),
    ] = None,
    smtp: Annotated[
        str | None,
        typer.Option("--smtp", help="send replies through this SMTP server", metavar="HOST:PORT"),
    ] = None,
    dry_run: Annotated[
        Path | None,
        typer.Option(
            "--dry-run",
            help="write replies as .eml files here instead of mailing them",
            metavar="DIR",
        ),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="process what is new and exit")] = False,
    interval: Annotated[
        float | None,
        typer.Option(
            "--interval",
            help="seconds between polls",
            metavar="SECONDS",
            min=0.0,
            show_default=_seconds(_BOT.interval),
        ),
    ] = None,
    from_addr: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="From: of the replies",
            metavar="ADDR",
            show_default="patchlint@<this host>",
        ),
    ] = None,
    lists: Annotated[
        list[str] | None,
        typer.Option(
            "--list",
            help="the list's posting address: replies are copied to it (repeat for "
            "several); replies go to the patch author and these, nobody else",
            metavar="ADDR",
        ),
    ] = None,
    min_severity: Annotated[
        Severity | None,
        typer.Option(
            "--min-severity",
            help="findings below this level are not mailed",
            show_default=_BOT.min_severity,
        ),
    ] = None,
    grace: Annotated[
        float | None,
        typer.Option(
            "--grace",
            help="seconds to wait for the rest of an incomplete revision",
            metavar="SECONDS",
            min=0.0,
            show_default=_seconds(_BOT.grace),
        ),
    ] = None,
    allow_sender: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-sender", help="answer only senders matching this glob (repeat)", metavar="GLOB"
        ),
    ] = None,
    deny_sender: Annotated[
        list[str] | None,
        typer.Option(
            "--deny-sender", help="never answer senders matching this glob (repeat)", metavar="GLOB"
        ),
    ] = None,
    allow_list: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-list", help="answer only mail whose List-Id matches (repeat)", metavar="GLOB"
        ),
    ] = None,
    deny_list: Annotated[
        list[str] | None,
        typer.Option(
            "--deny-list", help="never answer mail whose List-Id matches (repeat)", metavar="GLOB"
        ),
    ] = None,
    operator: Annotated[
        str | None,
        typer.Option(
            "--operator", help="who runs the bot: named in every reply's footer", metavar="ADDR"
        ),
    ] = None,
    footer: Annotated[
        str | None,
        typer.Option(
            "--footer",
            help="the replies' footer text",
            metavar="TEXT",
            show_default="one naming --operator",
        ),
    ] = None,
    mail_rules: Annotated[
        list[str] | None,
        typer.Option(
            "--mail-rules",
            help="also mail these rules' findings (code, name or prefix; "
            "repeat or comma-separate), beyond those measured 90% right",
            metavar="RULE",
            show_default="the measured ones",
        ),
    ] = None,
    false_positive_url: Annotated[
        str | None,
        typer.Option(
            "--false-positive-url",
            help="where replies say a false positive can be reported, besides a reply to the bot",
            metavar="URL",
        ),
    ] = None,
    max_per_sender: Annotated[
        int | None,
        typer.Option(
            "--max-per-sender",
            help="replies to one sender per --rate-window",
            metavar="N",
            min=0,
            show_default=str(_BOT.max_per_sender),
        ),
    ] = None,
    max_per_thread: Annotated[
        int | None,
        typer.Option(
            "--max-per-thread",
            help="replies in one thread per --rate-window",
            metavar="N",
            min=0,
            show_default=str(_BOT.max_per_thread),
        ),
    ] = None,
    rate_window: Annotated[
        float | None,
        typer.Option(
            "--rate-window",
            help="seconds the rate limits count over",
            metavar="SECONDS",
            min=1.0,
            show_default=_seconds(_BOT.rate_window),
        ),
    ] = None,
    reply_existing: Annotated[
        bool | None,
        typer.Option(
            "--reply-existing/--no-reply-existing",
            help="on the first run, also answer what "
            "is already in the archive (else only mail arriving later)",
            show_default="--no-reply-existing",
        ),
    ] = None,
    smtp_tls: Annotated[
        SmtpTls | None,
        typer.Option(
            "--smtp-tls",
            help="auto: STARTTLS when offered; starttls: required; ssl: SMTPS; none",
            show_default=_BOT.smtp_tls,
        ),
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option(
            "--smtp-user",
            help="SMTP AUTH user (password: --smtp-password-file or $PATCHLINT_SMTP_PASSWORD)",
            metavar="USER",
        ),
    ] = None,
    smtp_password_file: Annotated[
        Path | None,
        typer.Option(
            "--smtp-password-file", help="a file holding the SMTP password", metavar="FILE"
        ),
    ] = None,
    retry_min: Annotated[
        float | None,
        typer.Option(
            "--retry-min",
            help="first retry delay after a failed send (doubles each time)",
            metavar="SECONDS",
            min=0.0,
            show_default=_seconds(_BOT.retry_min),
        ),
    ] = None,
    retry_max: Annotated[
        float | None,
        typer.Option(
            "--retry-max",
            help="longest retry delay",
            metavar="SECONDS",
            min=0.0,
            show_default=_seconds(_BOT.retry_max),
        ),
    ] = None,
    doubt_wait: Annotated[
        float | None,
        typer.Option(
            "--doubt-wait",
            help="after a crash mid-send: how long to wait for the reply to "
            "come back through the list before sending it again",
            metavar="SECONDS",
            min=0.0,
            show_default=_seconds(_BOT.doubt_wait),
        ),
    ] = None,
    config_file: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="log warnings only")] = False,
) -> None:
    """Watch a list archive, review every new revision in the context of its thread, and
    reply once per revision (the email report, threaded under the cover letter). Every
    option can also be set in .patchlint.toml's [bot] table (the option wins)."""
    given = {
        "public-inbox": public_inbox,
        "maildir": maildir,
        "state": state,
        "smtp": smtp,
        "dry-run": dry_run,
        "interval": interval,
        "from": from_addr,
        "list": lists,
        "min-severity": min_severity,
        "grace": grace,
        "allow-sender": allow_sender,
        "deny-sender": deny_sender,
        "allow-list": allow_list,
        "deny-list": deny_list,
        "operator": operator,
        "footer": footer,
        "mail-rules": mail_rules,
        "false-positive-url": false_positive_url,
        "max-per-sender": max_per_sender,
        "max-per-thread": max_per_thread,
        "rate-window": rate_window,
        "reply-existing": reply_existing,
        "smtp-tls": smtp_tls,
        "smtp-user": smtp_user,
        "smtp-password-file": smtp_password_file,
        "retry-min": retry_min,
        "retry-max": retry_max,
        "doubt-wait": doubt_wait,
    }
    config = resolve(config_file, Flags(bot={k: v for k, v in given.items() if v is not None}))
    settings = config.bot
    source = _source(settings)
    if settings.state is None:
        raise UsageError("--state FILE is required (or [bot] state)")
    if (settings.smtp is None) == (settings.dry_run is None):
        raise UsageError("give exactly one of --smtp HOST:PORT and --dry-run DIR")
    policy = Policy.from_config(settings, socket.getfqdn() if settings.sender is None else "")
    transport = _transport(settings)
    logging.basicConfig(
        stream=sys.stderr,
        format="patchlint bot: %(message)s",
        level=logging.WARNING if quiet else logging.INFO,
        force=True,
    )
    store = State(settings.state)
    try:
        Bot(source, store, transport, policy, rules_for(config), config=config).run(
            once, settings.interval
        )
    finally:
        store.close()


def _source(settings: BotConfig) -> Source:
    if settings.public_inbox is not None and settings.maildir is None:
        return PublicInboxSource(settings.public_inbox)
    if settings.maildir is not None and settings.public_inbox is None:
        return MaildirSource(settings.maildir)
    raise UsageError("give exactly one of --public-inbox DIR and --maildir DIR")


def _transport(settings: BotConfig) -> Transport:
    """Mail through --smtp, or .eml files in --dry-run (exactly one is set)."""
    if settings.smtp is not None:
        return SmtpTransport(
            SmtpSettings.parse(
                settings.smtp,
                tls=settings.smtp_tls,
                user=settings.smtp_user,
                password=_password(settings.smtp_user, settings.smtp_password_file),
            )
        )
    assert settings.dry_run is not None
    return DirectoryTransport(settings.dry_run)


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
