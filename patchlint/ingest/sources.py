"""Find the raw messages behind a path: mbox (plain or gzip'd), maildir, a single .eml or
.patch file, a directory of `git format-patch` files, or stdin.

Input that is not mail at all (`sniff.not_mail`: an executable, a PDF, random bytes) is
refused with an InputError saying what was expected; in a directory of patches such a file
is skipped and noted. A gzip stream that breaks off (a truncated download) keeps every
message read before the break, the last one as far as it got, and the break is noted:
`notes` collects both as diagnostics (without `notes`, they are InputErrors). A note about
a break starts with INPUT_BREAK, so the command line can fail the run after writing the
report it could make.
"""

from __future__ import annotations

import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from patchlint.errors import InputError
from patchlint.ingest.mbox import looks_like_mbox, split_mbox
from patchlint.ingest.sniff import EXPECTED, not_mail
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.message import Diagnostic

if TYPE_CHECKING:
    import gzip

_SNIFF = 64 * 1024
_MAX_SNIFF = 4 * 1024 * 1024
_MAIL_SUFFIXES = (".patch", ".diff", ".eml", ".mbox", ".mbx", ".txt", ".gz", ".mboxrd", ".msg")


INPUT_BREAK = "input ends early"


def incomplete_input(problems: Iterable[str]) -> str | None:
    """The first note of a broken input among diagnostics' problems, if any."""
    return next((p for p in problems if p.startswith(INPUT_BREAK)), None)


class _StopAtBreak(io.RawIOBase):
    """A decompressing stream whose break (a truncated or corrupt gzip member) reads as
    the end of the data, so the mbox splitter still hands on the message it was reading;
    `error` keeps what broke."""

    def __init__(self, stream: gzip.GzipFile) -> None:
        self._stream = stream
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:  # read1: one chunk at a time, so a break loses no data read before it
            data = self._stream.read1(len(buffer))
        except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            self.error = str(exc) or type(exc).__name__
            return 0
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _gunzip(stream: BinaryIO) -> gzip.GzipFile:
    """The decompressed stream; gzip is imported only for gzip'd input (start-up)."""
    import gzip

    return gzip.GzipFile(fileobj=stream)


def _open(path: Path) -> BinaryIO:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    magic = fh.peek(2)[:2]
    if magic == b"\x1f\x8b":
        return io.BufferedReader(_StopAtBreak(_gunzip(fh)))
    return fh


def _note_break(stream: BinaryIO, label: str, count: int, notes: list[Diagnostic] | None) -> None:
    """After reading `count` messages of `stream`: a note (or an InputError) if the
    stream broke off."""
    broken = getattr(getattr(stream, "raw", None), "error", None)
    if broken is None:
        return
    problem = (
        f"{INPUT_BREAK}: {label} is cut short ({broken}); the report covers the "
        f"{count:,} message{'' if count == 1 else 's'} read before the break, the last "
        "one perhaps cut"
    )
    if notes is None:
        raise InputError(problem)
    notes.append(Diagnostic(None, problem, label))


class _Prefixed(io.RawIOBase):
    """A stream with bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_head(stream: BinaryIO) -> bytes:
    """Enough of the start to see past a `#` comment preamble to the first real line."""
    head = stream.read(_SNIFF)
    while head and len(head) < _MAX_SNIFF and _only_preamble(head):
        more = stream.read(_SNIFF)
        if not more:
            break
        head += more
    return head


def _only_preamble(head: bytes) -> bool:
    return all(not line.strip() or line.startswith(b"#") for line in head.split(b"\n")[:-1])


def _from_stream(
    stream: BinaryIO, label: str, limits: Limits, notes: list[Diagnostic] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Messages are read up to limits.message_bytes + 1 bytes: memory stays bounded, and the
    parser sees that a message is over the limit."""
    count = 0
    for count, item in enumerate(_messages(stream, label, limits), 1):  # noqa: B007
        yield item
    _note_break(stream, label, count, notes)


def _messages(stream: BinaryIO, label: str, limits: Limits) -> Iterator[tuple[str, bytes]]:
    head = _read_head(stream)
    if looks_like_mbox(head):
        joined = io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 20)
        for index, raw in split_mbox(joined, limits.message_bytes):
            yield f"{label}#{index}", raw
    else:
        what = not_mail(head)
        if what is not None:
            raise NotMail(f"{label}: not mail ({what}); {EXPECTED}")
        raw = head[: limits.message_bytes + 1]
        raw += stream.read(max(limits.message_bytes + 1 - len(raw), 0))
        if raw.strip():  # an empty file holds no message
            yield label, raw


class NotMail(InputError):
    """An input that is not mail at all."""


def iter_file(
    path: Path, limits: Limits = DEFAULT_LIMITS, notes: list[Diagnostic] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Raw messages of one file, labelled `path#n` (mbox) or `path` (single message)."""
    with _open(path) as fh:
        try:
            yield from _from_stream(fh, str(path), limits, notes)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def iter_maildir(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, bytes]]:
    """Every message in a maildir's new/ and cur/, in file-name order (delivery order)."""
    for sub in ("new", "cur"):
        folder = path / sub
        for name in sorted(os.listdir(folder)):
            if name.startswith("."):
                continue
            file = folder / name
            if file.is_file():
                try:
                    with open(file, "rb") as fh:
                        data = fh.read(limits.message_bytes + 1)
                    yield str(file), data
                except OSError as exc:
                    raise InputError(f"cannot read {file}: {exc.strerror or exc}") from exc


def iter_directory(
    path: Path, limits: Limits = DEFAULT_LIMITS, notes: list[Diagnostic] | None = None
) -> Iterator[tuple[str, bytes]]:
    """A maildir, or a directory of mail files (`git format-patch -o DIR` output) by name;
    a file there that is not mail is skipped and noted."""
    if _is_maildir(path):
        yield from iter_maildir(path, limits)
        return
    files = sorted(
        p
        for p in path.iterdir()
        if p.is_file() and (p.suffix.lower() in _MAIL_SUFFIXES or p.name[:4].isdigit())
    )
    if not files:
        raise InputError(f"{path}: no mail files (*.patch, *.eml, *.mbox) and not a maildir")
    for file in files:
        try:
            yield from iter_file(file, limits, notes)
        except NotMail as exc:
            if notes is None:
                raise
            notes.append(Diagnostic(None, f"skipped: {exc}", str(file)))


def iter_path(
    spec: str, limits: Limits = DEFAULT_LIMITS, notes: list[Diagnostic] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Raw messages from one command-line input (`-` is stdin)."""
    if spec == "-":
        stdin: BinaryIO = sys.stdin.buffer
        head = stdin.read(2)
        stream: BinaryIO = io.BufferedReader(_Prefixed(head, stdin))
        if head == b"\x1f\x8b":
            stream = io.BufferedReader(_StopAtBreak(_gunzip(stream)))
        try:
            yield from _from_stream(stream, "<stdin>", limits, notes)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"cannot read standard input: {exc}") from exc
        return
    path = Path(spec)
    if not path.exists():
        raise InputError(f"{spec}: no such file or directory")
    if path.is_dir():
        yield from iter_directory(path, limits, notes)
    else:
        yield from iter_file(path, limits, notes)
