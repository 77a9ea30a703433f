"""Find the raw messages behind a path: mbox (plain or gzip'd), maildir, a single .eml or
.patch file, a directory of `git format-patch` files, or stdin."""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from patchlint.errors import InputError
from patchlint.ingest.mbox import looks_like_mbox, split_mbox
from patchlint.limits import DEFAULT_LIMITS, Limits

_SNIFF = 64 * 1024
_MAX_SNIFF = 4 * 1024 * 1024
_MAIL_SUFFIXES = (".patch", ".diff", ".eml", ".mbox", ".mbx", ".txt", ".gz", ".mboxrd", ".msg")


def _open(path: Path) -> BinaryIO:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    magic = fh.peek(2)[:2]
    if magic == b"\x1f\x8b":
        return gzip.open(fh, "rb")  # type: ignore[return-value]
    return fh


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


def _from_stream(stream: BinaryIO, label: str, limits: Limits) -> Iterator[tuple[str, bytes]]:
    """Messages are read up to limits.message_bytes + 1 bytes: memory stays bounded, and the
    parser sees that a message is over the limit."""
    head = _read_head(stream)
    if looks_like_mbox(head):
        joined = io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 20)
        for index, raw in split_mbox(joined, limits.message_bytes):
            yield f"{label}#{index}", raw
    else:
        raw = head[: limits.message_bytes + 1]
        raw += stream.read(max(limits.message_bytes + 1 - len(raw), 0))
        if raw.strip():  # an empty file holds no message
            yield label, raw


def iter_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, bytes]]:
    """Raw messages of one file, labelled `path#n` (mbox) or `path` (single message)."""
    with _open(path) as fh:
        try:
            yield from _from_stream(fh, str(path), limits)
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


def iter_directory(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, bytes]]:
    """A maildir, or a directory of mail files (`git format-patch -o DIR` output) by name."""
    if _is_maildir(path):
        yield from iter_maildir(path, limits)
        return
    files = sorted(
        p for p in path.iterdir()
        if p.is_file() and (p.suffix.lower() in _MAIL_SUFFIXES or p.name[:4].isdigit())
    )
    if not files:
        raise InputError(f"{path}: no mail files (*.patch, *.eml, *.mbox) and not a maildir")
    for file in files:
        yield from iter_file(file, limits)


def iter_path(spec: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, bytes]]:
    """Raw messages from one command-line input (`-` is stdin)."""
    if spec == "-":
        stdin: BinaryIO = sys.stdin.buffer
        head = stdin.read(2)
        stream = io.BufferedReader(_Prefixed(head, stdin))
        if head == b"\x1f\x8b":
            stream = gzip.GzipFile(fileobj=stream)  # type: ignore[assignment]
        try:
            yield from _from_stream(stream, "<stdin>", limits)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"cannot read standard input: {exc}") from exc
        return
    path = Path(spec)
    if not path.exists():
        raise InputError(f"{spec}: no such file or directory")
    if path.is_dir():
        yield from iter_directory(path, limits)
    else:
        yield from iter_file(path, limits)
