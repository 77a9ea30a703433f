"""Ingest: bytes from files, directories, maildirs, archives or stdin -> `Message` objects.

Every message that cannot be decoded becomes a diagnostic; the rest of the input goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from patchlint.ingest.mailsource import MailSource
from patchlint.ingest.parse import parse_message
from patchlint.ingest.sources import incomplete_input, iter_path
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.message import Diagnostic, Message

__all__ = ["decode_into", "incomplete_input", "iter_raw", "parse_message", "read_messages"]


def iter_raw(
    paths: Iterable[str], limits: Limits = DEFAULT_LIMITS, notes: list[Diagnostic] | None = None
) -> Iterator[tuple[str, bytes]]:
    """(source label, raw bytes) for every message of every input, in order (each cut at
    limits.message_bytes + 1 bytes); a broken input or a skipped file is noted in `notes`
    (an InputError without it)."""
    for spec in paths:
        if isinstance(spec, MailSource):  # `--msgid`: a thread fetched by ingest.b4
            yield from spec.raw_messages(limits)
        else:
            yield from iter_path(spec, limits, notes)


def read_messages(
    paths: Iterable[str],
    diagnostics: list[Diagnostic],
    progress: Callable[[int], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Message]:
    """Decode every message of `paths`; problems go to `diagnostics`."""
    messages: list[Message] = []
    for count, (source, raw) in enumerate(iter_raw(paths, limits, diagnostics), 1):
        msg = decode_into(source, raw, limits, diagnostics)
        if msg is not None:
            messages.append(msg)
        if progress is not None and count % 500 == 0:
            progress(count)
    return messages


def decode_into(
    source: str, raw: bytes, limits: Limits, diagnostics: list[Diagnostic]
) -> Message | None:
    """One raw message decoded, its problems added to `diagnostics`; None (and a
    diagnostic) when the parser fails on it: a parser bug must not lose the rest of the
    input. Shared by the one-process run and the partitions decoded apart."""
    try:
        msg = parse_message(raw, source, limits)
    except Exception as exc:
        diagnostics.append(
            Diagnostic(None, f"unreadable message: {type(exc).__name__}: {exc}"[:300], source)
        )
        return None
    for problem in msg.problems:
        diagnostics.append(Diagnostic(msg.message_id, problem, source))
    return msg
