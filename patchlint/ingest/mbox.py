"""Split mbox files (mboxo and mboxrd, plain or gzip'd) into raw messages, streaming.

Written by hand rather than with `mailbox.mbox`: that module builds a table of contents over
the whole file first, cannot read gzip'd archives as a stream, splits on any line that starts
with "From " (real `git format-patch` bodies have such lines) and never undoes mboxrd quoting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from patchlint import lazyre

# A separator line: "From <sender> <asctime date>", as git mailsplit accepts it. A body line
# that starts with "From " but carries no time of day and year is not a separator.
_FROM_LINE = lazyre.compile(rb"^From \S*\s+.*\b\d{1,2}:\d\d(?::\d\d)?\b.*\b\d{4}\b")
# after a bare `From x` separator: a header real mail starts with (not any `Word:` line, which
# a commit message can have right after a body line starting with "From ")
_HEADER_LINE = lazyre.compile(
    rb"^(?:Return-Path|Received|Delivered-To|X-[A-Za-z0-9-]+|From|To|Cc|Subject|Date"
    rb"|Message-I[Dd]|In-Reply-To|References|MIME-Version|Content-Type|DKIM-Signature"
    rb"|ARC-[A-Za-z-]+|Authentication-Results|Envelope-To|Sender|Reply-To|List-Id):",
    re.I,
)
_QUOTED_FROM = lazyre.compile(rb"^>(>*From )", re.M)
_CHUNK = 1 << 22
_LOOKAHEAD = 256  # of the line after a `From ` line: enough to see a header name
_LONG_LINE = 1 << 22  # a partial line this long is passed on without waiting for its end


# `git format-patch` starts each mail with this line: the commit it was made from and a
# fixed date (git's birthday), so that `file` can recognise the format
FORMAT_PATCH_LINE = lazyre.compile(rb"From ([0-9a-f]{40}) Mon Sep 17 00:00:00 2001\r?$")

MAX_FROM_LINE = 1000  # a separator is `From sender date`; its regex is quadratic in the length


def is_from_line(line: bytes) -> bool:
    """True when `line` (without its newline) is an mbox message separator."""
    return (
        line.startswith(b"From ")
        and len(line) <= MAX_FROM_LINE
        and _FROM_LINE.match(line) is not None
    )


def message_starts(data: bytes) -> list[int]:
    """Where each message of `data`, a whole mbox's bytes, starts: 0 and the offset of every
    From_ line after it (a cut at one of them leaves whole messages on both sides)."""
    starts = [0]
    pos = data.find(b"\nFrom ")
    while pos >= 0:
        end = data.find(b"\n", pos + 1)
        if is_from_line(data[pos + 1 : end]):
            starts.append(pos + 1)
        pos = data.find(b"\nFrom ", pos + 1)
    return starts


def unescape_mboxrd(raw: bytes) -> bytes:
    """Undo one level of `>From ` quoting (mboxrd; also right for most mboxo writers)."""
    if b">From " not in raw:
        return raw
    return _QUOTED_FROM.sub(rb"\1", raw)


def looks_like_mbox(head: bytes) -> bool:
    """True when the data starts (after an optional `#` comment preamble) with a separator:
    a dated From line, or a bare `From x` line followed by a header line."""
    lines = head.split(b"\n")
    for i, line in enumerate(lines):
        stripped = line.rstrip(b"\r")
        if not stripped.strip() or stripped.startswith(b"#"):
            continue
        if is_from_line(stripped):
            return True
        return (
            stripped.startswith(b"From ")
            and i + 1 < len(lines)
            and (_HEADER_LINE.match(lines[i + 1]) is not None)
        )
    return False


def _is_separator(line: bytes, following: bytes, after_blank: bool) -> bool:
    """A From line is a separator when it carries a date (`From sender asctime`), or when it
    follows a blank line and a header line follows it (bare `From A` as some tools write)."""
    if is_from_line(line.rstrip(b"\r")):
        return True
    return after_blank and _HEADER_LINE.match(following) is not None


class _Parts:
    """The bytes of one message, kept up to `cap` (+1, so the parser sees it is over)."""

    def __init__(self, cap: int | None) -> None:
        self.cap = cap
        self.chunks: list[bytes] = []
        self.size = 0

    def append(self, data: bytes) -> None:
        if self.cap is not None:
            room = self.cap + 1 - self.size
            if room <= 0:
                return
            data = data[:room]
        self.chunks.append(data)
        self.size += len(data)


def split_mbox(stream: BinaryIO, max_bytes: int | None = None) -> Iterator[tuple[int, bytes]]:
    """Yield (1-based index, raw message bytes) for each message of an mbox stream.

    Text before the first separator (a `#` comment preamble, as the fixtures carry) is skipped.
    The separator line is dropped, but for `git format-patch`'s (FORMAT_PATCH_LINE), which
    names the commit (the parser reads it and skips it). The trailing blank line that
    separates messages is dropped. Reads in chunks and looks only
    at lines that start with "From ", so a large archive is never held whole in memory; with
    `max_bytes`, a message is kept only up to max_bytes + 1 bytes (the parser then knows it
    is over the limit), so neither is a huge one.
    """
    index = 0
    parts: _Parts | None = None
    buf = b""
    eof = False
    prev_blank = True  # the start of the file counts as after a blank line
    mid_line = False  # the next segment continues a line longer than a chunk
    while not eof:
        chunk = stream.read(_CHUNK)
        eof = not chunk
        buf += chunk
        limit = len(buf) if eof else buf.rfind(b"\n") + 1
        if limit <= 0:
            if len(buf) >= _LONG_LINE:  # one huge line: pass it on (capped), never hold it
                if parts is not None:
                    parts.append(buf)
                buf, mid_line, prev_blank = b"", True, False
            continue
        seg, buf = buf[:limit], buf[limit:]
        start = 0
        first = seg.startswith(b"From ") and not mid_line
        seg_mid_line, mid_line = mid_line, False
        pos = 0 if first else seg.find(b"\nFrom ") + 1
        while pos > 0 or first:
            first = False
            end = seg.find(b"\n", pos)
            line_end = len(seg) if end < 0 else end
            if line_end + 1 < len(seg):
                nxt_end = seg.find(b"\n", line_end + 1)
                following = seg[line_end + 1 : nxt_end if nxt_end >= 0 else len(seg)]
            elif eof or len(buf) >= _LOOKAHEAD:
                following = buf[:_LOOKAHEAD]
            else:
                # the line after this one is not read yet: decide in the next round
                buf = seg[pos:] + buf
                seg = seg[:pos]
                break
            if pos == 0:
                after_blank = prev_blank
            else:  # the line before (seg starts at a line start, unless mid-line)
                before = seg.rfind(b"\n", 0, pos - 1) + 1
                after_blank = seg[before : pos - 1] in (b"", b"\r") and not (
                    before == 0 and seg_mid_line
                )
            if _is_separator(seg[pos:line_end], following, after_blank):
                if parts is not None:
                    parts.append(seg[start:pos])
                    index += 1
                    yield index, _finish(parts)
                parts = _Parts(max_bytes)
                # git format-patch's separator names the commit: kept, for the parser
                start = pos if FORMAT_PATCH_LINE.match(seg, pos, line_end) else line_end + 1
            nxt = seg.find(b"\nFrom ", line_end if end >= 0 else len(seg))
            if nxt < 0:
                break
            pos = nxt + 1
        if parts is not None:
            parts.append(seg[start:])
        if seg:
            prev_blank = seg.endswith((b"\n\n", b"\n\r\n")) or seg in (b"\n", b"\r\n")
    if parts is not None:
        index += 1
        yield index, _finish(parts)


def _finish(parts: _Parts) -> bytes:
    raw = b"".join(parts.chunks)
    if raw.endswith(b"\r\n\r\n"):
        raw = raw[:-2]
    elif raw.endswith(b"\n\n"):
        raw = raw[:-1]
    return unescape_mboxrd(raw)
