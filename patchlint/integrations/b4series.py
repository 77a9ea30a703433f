"""`b4.review-series-check-cmd`: the series checks (trailers, changelog, approvals) run from
inside `b4 review`, where a maintainer reads a tracked series.

What b4 0.16 gives a series check command (`review_tui/_common.py`, `_fetch_and_check`): the
cover letter (else the first patch) on stdin, run in the repository's top directory, and,
when the series has a review branch (`b4/review/<change-id>`), `B4_TRACKING_FILE`: the path
of a temporary JSON copy of the branch's tracking commit, removed after the checks. What
patchlint reads in it:

- `series.revision`, `series.change-id`, `series.header-info.msgid` (the cover letter);
- `series.thread-blob`: a blob in the repository holding the revision's thread as b4 last
  fetched it (mboxrd), as b4 itself reads it first;
- `known-revisions`: every revision b4 knows of the change (`revision`, `message-id`),
  found on the list by change-id or by b4's heuristics. The earlier ones are what the trailer
  lineage and the changelog check need: their threads are fetched from the archive.

Without a tracking file (no review branch yet), or when the blob is gone (git gc), the
revision's thread is fetched from the archive by the stdin mail's Message-ID.
"""

from __future__ import annotations

import io
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from patchlint import lazyre
from patchlint.errors import InputError
from patchlint.ingest import iter_raw, parse_message
from patchlint.ingest.b4 import MailSource, fetch_thread
from patchlint.ingest.mbox import split_mbox
from patchlint.limits import DEFAULT_LIMITS, Limits

_SHA = lazyre.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")


@dataclass(frozen=True, slots=True)
class Tracking:
    """What patchlint uses of b4's tracking data for one series."""

    revision: int | None = None
    change_id: str | None = None
    cover_message_id: str | None = None
    thread_blob: str | None = None  # a git blob id in the repository
    earlier: tuple[tuple[int, str], ...] = ()  # (revision, Message-ID), oldest first


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def parse_tracking(data: object) -> Tracking:
    """The tracking JSON (as b4 writes it) -> `Tracking`; what is missing or of the wrong
    type is left out (the file is b4's, but its shape changes between versions)."""
    if not isinstance(data, dict):
        raise InputError("B4_TRACKING_FILE: not a JSON object")
    series = data.get("series")
    series = series if isinstance(series, dict) else {}
    revision = series.get("revision")
    revision = revision if isinstance(revision, int) and not isinstance(revision, bool) else None
    header = series.get("header-info")
    cover = _text(header.get("msgid")) if isinstance(header, dict) else None
    blob = _text(series.get("thread-blob"))
    earlier: dict[int, str] = {}
    known = data.get("known-revisions")
    for entry in known if isinstance(known, list) else []:
        if not isinstance(entry, dict):
            continue
        number, mid = entry.get("revision"), _text(entry.get("message-id"))
        if (
            isinstance(number, int)
            and not isinstance(number, bool)
            and mid is not None
            and (revision is None or number < revision)
        ):
            earlier.setdefault(number, mid.strip().strip("<>"))
    return Tracking(
        revision=revision,
        change_id=_text(series.get("change-id")),
        cover_message_id=cover.strip().strip("<>") if cover else None,
        thread_blob=blob if blob and _SHA.match(blob) else None,
        earlier=tuple(sorted(earlier.items())),
    )


def read_tracking(path: Path) -> Tracking:
    """`B4_TRACKING_FILE`, read; an unreadable or malformed file is an InputError."""
    try:
        data: Any = json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(f"B4_TRACKING_FILE {path}: cannot read it: {exc.strerror or exc}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"B4_TRACKING_FILE {path}: not JSON: {exc}") from exc
    return parse_tracking(data)


def thread_from_blob(topdir: Path, sha: str, limits: Limits = DEFAULT_LIMITS) -> MailSource | None:
    """The thread b4 stored in the repository (`git cat-file blob`), or None when the blob
    is gone (git gc) or holds no mail."""
    try:
        done = subprocess.run(
            ["git", "cat-file", "blob", sha], cwd=topdir, capture_output=True, check=False
        )
    except OSError:
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    mails = [raw for _, raw in split_mbox(io.BytesIO(done.stdout), limits.message_bytes)]
    return MailSource(f"git blob {sha}", mails) if mails else None


def anchor_message_id(paths: list[str], limits: Limits = DEFAULT_LIMITS) -> str:
    """The Message-ID of the mail b4 gives the series check (the cover letter, else the
    first patch): the revision whose series is checked."""
    for source, raw in iter_raw(paths, limits):
        msg = parse_message(raw, source, limits)
        if msg.message_id:
            return msg.message_id
        raise InputError(
            f"{source}: the mail has no Message-ID (a series check needs the "
            "cover letter or first patch b4 gives it)"
        )
    raise InputError(
        "no mail to check: b4 gives the series check the cover letter on standard input"
    )


@dataclass(frozen=True, slots=True)
class SeriesInputs:
    """What a series check reads: the revision's thread and the earlier revisions' threads,
    and the Message-ID of the mail it was given (whose revision is judged)."""

    anchor: str
    sources: tuple[str, ...]


def series_inputs(
    paths: list[str],
    tracking_file: Path | None,
    topdir: Path,
    archive: str,
    limits: Limits = DEFAULT_LIMITS,
) -> SeriesInputs:
    """The threads of the series the given mail starts: its own (b4's stored copy, else
    fetched by its Message-ID), then each earlier revision b4 knows of, fetched by its
    Message-ID from `archive`. A thread that cannot be had is an InputError: without the
    earlier revisions the trailer checks would blame trailers given there."""
    anchor = anchor_message_id(paths, limits)
    tracking = read_tracking(tracking_file) if tracking_file is not None else Tracking()
    current = (
        thread_from_blob(topdir, tracking.thread_blob, limits) if tracking.thread_blob else None
    )
    sources: list[str] = [current if current is not None else fetch_thread(anchor, archive)]
    for _revision, message_id in tracking.earlier:
        if message_id != anchor:
            sources.append(fetch_thread(message_id, archive))
    return SeriesInputs(anchor, tuple(sources))
