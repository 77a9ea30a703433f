"""`patchlint digest --for ADDRESS`: one person's attention set over a list."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from patchlint.analysis.involvement import involves, person
from patchlint.analysis.narrowing import Narrowing, parse_since
from patchlint.analysis.people import name_key
from patchlint.analysis.tree import tree_reader
from patchlint.cli.console import review_progress
from patchlint.cli.options import (
    ArchiveUrlOption,
    ConfigOption,
    LinksOption,
    MaintainersOption,
    PolicyOption,
    flags,
    resolve,
)
from patchlint.engine.registry import Selection
from patchlint.errors import InputError, UsageError
from patchlint.model.series import Series
from patchlint.pipeline import ReviewOptions, reviewing
from patchlint.pipeline.setup import approval_for
from patchlint.pipeline.workers import default_jobs
from patchlint.report.digest import build_digest, digest_message, render_digest
from patchlint.report.email import DEFAULT_SENDER
from patchlint.report.model import report_stats


class DigestFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    email = "email"


def digest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="mbox (plain or .gz), maildir, .eml/.patch file, directory of patches, or -",
            metavar="ARCHIVE...",
        ),
    ],
    who: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="ADDR",
            help="whose digest: `Name <addr>` or an address, matched by every address a "
            "thread links to them",
            show_default="[view] me in the config",
        ),
    ] = None,
    fmt: Annotated[DigestFormat, typer.Option("--format", "-f", help="output format")] = (
        DigestFormat.text
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write to FILE", metavar="FILE")
    ] = None,
    maintainers: MaintainersOption = None,
    policy: PolicyOption = None,
    tree: Annotated[
        Path | None,
        typer.Option(
            "--tree",
            help="a checkout: its MAINTAINERS file, and exact interdiffs from its files",
            metavar="DIR",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="only series with a mail dated DATE or later (YYYY-MM-DD or ISO 8601)",
        ),
    ] = None,
    sender: Annotated[
        str, typer.Option("--from", help="From: of the digest mail (-f email)", metavar="ADDR")
    ] = (DEFAULT_SENDER),
    archive_url: ArchiveUrlOption = None,
    links: LinksOption = None,
    config_file: ConfigOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="processes reviewing series in parallel",
            show_default="one per CPU",
        ),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="progress on stderr",
            show_default="on for large inputs when stderr is a terminal, outside CI",
        ),
    ] = None,
) -> None:
    """What needs one person on a list: series waiting for their approval (the last one
    missing first; with a MAINTAINERS file), their review comments not addressed, their
    tags to re-confirm after a material change, their series nobody has answered. Only
    the series that involve them are reviewed. `-f email` writes one mail to them (-o
    FILE, else stdout)."""
    config = resolve(
        config_file,
        flags(maintainers=maintainers, policy=policy, me=who, archive_url=archive_url, links=links),
    )
    if not config.view.me:
        raise UsageError("digest needs --for ADDRESS (or [view] me in the config)")
    reader = person(config.view.me)
    if not reader.email and len(name_key(reader.name).split()) < 2:
        raise UsageError(f"--for {config.view.me!r}: give an address, or a full name")
    approval = approval_for(config, tree)
    db = approval.maintainers if approval is not None else None
    narrowing = Narrowing(since=parse_since(since) if since is not None else None)

    def narrow(series: list[Series]) -> list[Series]:
        return [s for s in narrowing(series) if involves(s, reader, db)]

    # series rules only: the digest shows no finding of the patch rules
    options = ReviewOptions(
        tree_reader(tree, config.limits) if tree is not None else None,
        Selection(()),
        approval,
        config=config,
    )
    with reviewing(
        paths, options, jobs or default_jobs(), lambda: review_progress(paths, progress), narrow
    ) as run:
        result = build_digest(
            run.entries(),
            reader,
            report_stats(run.grouping),
            db.source if db is not None else None,
            config.view.archive_url,
        )
    if fmt is DigestFormat.email:
        problems: list[str] = []
        msg = digest_message(result, sender, problems=problems)
        if msg["To"] is None:
            raise UsageError(
                f"--for {config.view.me!r}: no address a mail can go to"
                + (f" ({problems[0]})" if problems else "")
            )
        data = bytes(msg)
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            _write_bytes(output, data)
        return
    text = render_digest(result, fmt.value)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_bytes(output, text.encode("utf-8"))


def _write_bytes(output: Path, data: bytes) -> None:
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from exc
