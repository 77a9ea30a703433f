"""Read an mbox from where an earlier run stopped, when all that changed is mail appended.

Mail arrives as bytes appended to an mbox (plain, or gzip'd with a new gzip member per
delivery): a run kept current over it (`--state`) should not read and split the whole
archive again to find the 1% that is new. An `InputMark` remembers what a run read of one
input: its size, a digest of its last block, whether it ended at a line's end, how many
messages it held and the partitions they were cut into. The next run reads the input from
that size on when the file only grew: the same size and last block, and the new bytes
start with an mbox separator (a dated `From ` line, which splits messages wherever it
stands, so the last old message ends where it ended before). Messages read from there are
numbered after the old ones (`mbox#n` as a reading of the whole file numbers them); the
old partitions are taken as they were.

Anything else is read whole: an input rewritten, truncated, or changed within its old
bytes (the digest of the last block catches a rewrite of its end, not of its middle: mbox
files are appended to, not edited), a gzip'd archive compressed again as one stream (its
compressed bytes change from the start), a maildir or directory, stdin. What is read whole
is partitioned exactly as without a mark, so the report never depends on the path taken.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

from patchlint.errors import InputError
from patchlint.ingest.mbox import is_from_line, looks_like_mbox, split_mbox
from patchlint.ingest.sources import _note_break, _read_head, _StopAtBreak
from patchlint.limits import Limits
from patchlint.model.message import Diagnostic

TAIL = 64 * 1024  # bytes before the old end whose digest says the old bytes are unchanged
_GZIP = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class InputMark:
    """What a run read of one mbox file."""

    size: int  # bytes of the file read (compressed, for a gzip'd one)
    tail: str  # digest of the TAIL bytes before `size`
    ends_line: bool  # the mail read ended with a newline (a separator can follow)
    messages: int
    partitions: tuple[tuple[str, int], ...]  # each partition's digest and message count


def mark_key(spec: str) -> str:
    """What an input's mark is kept by: the label its messages get and the file's real
    path (the same file named another way is read whole)."""
    return f"{Path(spec)}\0{os.path.realpath(spec)}"


def tail_digest(fh: BinaryIO, size: int) -> str:
    start = max(0, size - TAIL)
    fh.seek(start)
    return hashlib.sha256(fh.read(size - start)).hexdigest()


class _Watched(io.RawIOBase):
    """At most `size` bytes of a stream, remembering the last one read."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream = stream
        self._left = size
        self.last = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._left)
        data = self._stream.read(want) if want > 0 else b""
        buffer[: len(data)] = data
        self._left -= len(data)
        if data:
            self.last = data[-1:]
        return len(data)


@dataclass(slots=True)
class MboxRead:
    """An mbox file being read (from `start`): its raw messages, labelled as a reading of
    the whole file labels them, then `done()` for the notes and the mark's parts."""

    path: Path
    start: int
    first: int  # messages before `start`
    size: int = 0
    tail: str = ""
    ends_line: bool = False
    broken: bool = False

    def messages(self, limits: Limits, notes: list[Diagnostic]) -> Iterator[tuple[str, bytes]]:
        label = str(self.path)
        with open(self.path, "rb") as fh:
            self.size = os.fstat(fh.fileno()).st_size
            fh.seek(self.start)
            raw = _Watched(fh, self.size - self.start)
            gz = self._is_gzip(fh)
            stopper = _StopAtBreak(gzip.GzipFile(fileobj=raw)) if gz else None
            inner: io.RawIOBase = stopper if stopper is not None else raw
            content = _Watched(inner, 1 << 62)  # type: ignore[arg-type]
            stream = io.BufferedReader(content, buffer_size=1 << 20)
            count = self.first
            try:
                for index, item in split_mbox(stream, limits.message_bytes):
                    count = self.first + index
                    yield f"{label}#{count}", item
            except (OSError, EOFError, zlib.error) as exc:
                raise InputError(f"cannot read {self.path}: {exc}") from exc
            if stopper is not None and stopper.error is not None:
                self.broken = True  # noted as a reading of the whole file notes it
                _note_break(SimpleNamespace(raw=stopper), label, count, notes)  # type: ignore[arg-type]
            self.ends_line = content.last == b"\n" or (self.start > 0 and content.last == b"")
            self.tail = tail_digest(fh, self.size)

    def _is_gzip(self, fh: BinaryIO) -> bool:
        at = fh.tell()
        magic = fh.read(2)
        fh.seek(at)
        return magic == _GZIP


def is_mbox_file(spec: str) -> bool:
    """An input this module reads: a regular file holding an mbox (plain or gzip'd) whose
    first message starts in its first bytes, as `ingest.sources` sees it."""
    path = Path(spec)
    if spec == "-" or not path.is_file():
        return False
    try:
        with open(path, "rb") as fh:
            stream: BinaryIO = fh
            if fh.read(2) == _GZIP:
                fh.seek(0)
                stream = gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
            else:
                fh.seek(0)
            head = _read_head(stream)
            # what `sources` reads as an mbox, and nothing before the first message (a
            # preamble is skipped by the splitter, but keep the cases few)
            return looks_like_mbox(head) and head.startswith(b"From ")
    except (OSError, EOFError, zlib.error):
        return False


def resumable(spec: str, mark: InputMark) -> bool:
    """Whether the file at `spec` is the one `mark` describes with mail appended: its old
    bytes' end unchanged, and the new bytes, if any, start with a separator."""
    try:
        with open(spec, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size < mark.size or not mark.ends_line:
                return False
            if tail_digest(fh, mark.size) != mark.tail:
                return False
            if size == mark.size:
                return True
            fh.seek(mark.size)
            stream: BinaryIO = fh
            if fh.read(2) == _GZIP:
                fh.seek(mark.size)
                stream = gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
            else:
                fh.seek(mark.size)
            line = stream.readline(1024).rstrip(b"\n").rstrip(b"\r")
            return is_from_line(line)
    except (OSError, EOFError, zlib.error):
        return False
