"""Cut the raw mail of some inputs into partitions that can be decoded apart (on other
machines), and decode one partition.

Where the cut is made: the inputs are read and split into messages here, in the order
`iter_raw` reads them (so every message keeps the label and the place the one-process run
gives it: `mbox#n`, `file`), and the raw messages are packed into partitions of up to
`max_bytes` (and `max_messages`). Splitting an mbox is a scan for `From ` lines, about a
tenth of the cost of decoding what it splits (MIME, charsets, headers, the diff), so the
decoding is what is spread. A gzip'd mbox - both corpus archives are - cannot be cut at a
byte offset without decompressing everything before it, so it is decompressed once, here,
as it is read; plain mbox, maildirs and single files go the same way, so every input type
is partitioned by the same code and labelled the same. A partition is a list of
(label, raw bytes): it travels to whichever worker decodes it, so the workers need not see
the input files. A note about the input itself (a gzip stream that breaks off, a skipped
file) keeps its place between the partitions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from patchlint.ingest import decode_into, iter_raw
from patchlint.ingest.resume import InputMark, MboxRead, is_mbox_file, mark_key, resumable
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.message import Diagnostic, Message
from patchlint.model.units import cross_thread_keys

PARTITION_BYTES = 4 << 20  # a few hundred messages: a second or so of decoding (and
# under the 10 MiB at which Dask warns of a large task)
PARTITION_MESSAGES = 2000


@dataclass(slots=True)
class RawPartition:
    """Consecutive raw messages of the input (`index`: its place among the partitions)."""

    index: int
    items: list[tuple[str, bytes]]
    known: str = field(default="", repr=False, compare=False)  # the digest, once made

    @property
    def size(self) -> int:
        return sum(len(raw) for _, raw in self.items)

    def digest(self) -> str:
        """What the partition holds (labels and bytes): the key its decoding is kept by
        (made once: a run with a state asks for it more than once)."""
        if self.known:
            return self.known
        h = hashlib.sha256()
        for label, raw in self.items:
            h.update(len(label).to_bytes(8, "big") + label.encode("utf-8", "surrogatepass"))
            h.update(len(raw).to_bytes(8, "big") + raw)
        self.known = h.hexdigest()
        return self.known

    def first(self) -> str:
        return self.items[0][0] if self.items else ""

    def last(self) -> str:
        return self.items[-1][0] if self.items else ""


@dataclass(slots=True)
class InputNotes:
    """Notes about the input itself, made between two partitions."""

    notes: list[Diagnostic]


@dataclass(slots=True)
class DecodedPartition:
    """A partition decoded: its messages in input order and the diagnostics made on the
    way, in the order the one-process run makes them."""

    messages: list[Message] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    keys: list[list[str]] = field(default_factory=list)  # each message's cross_thread_keys


@dataclass(slots=True)
class KnownPartition:
    """A partition an earlier run cut and decoded, not read again (`ingest.resume`): what
    its decoding is kept by and how many messages it holds."""

    index: int
    known: str
    count: int

    def digest(self) -> str:
        return self.known


def partition_inputs(
    paths: Iterable[str],
    limits: Limits = DEFAULT_LIMITS,
    max_bytes: int = PARTITION_BYTES,
    max_messages: int = PARTITION_MESSAGES,
    marks: InputMarks | None = None,
) -> Iterator[RawPartition | KnownPartition | InputNotes]:
    """The raw messages of `paths` in partitions, in input order, with the notes about the
    inputs where they were made (an unreadable input is an InputError, as in one process).
    A partition is cut where it would pass `max_bytes` or `max_messages`, and at the end of
    every input, so the partitions of one input do not depend on what follows it (a run
    over more mail reuses the partitions of the mail it shares). With `marks`, an mbox file
    an earlier run read is read only from where it stopped, if it only grew (its old
    partitions are given as `KnownPartition`s), and what was read of each is marked."""
    notes: list[Diagnostic] = []
    index = 0
    for spec in paths:
        read: MboxRead | None = None
        old: tuple[tuple[str, int], ...] = ()
        if marks is not None and isinstance(spec, str) and is_mbox_file(spec):
            read, old = marks.reader(spec)
            for digest, count in old:
                yield KnownPartition(index, digest, count)
                index += 1
            source = read.messages(limits, notes)
        else:
            source = iter_raw([spec], limits, notes)
        cut: list[tuple[str, int]] = []
        for part in _cut(source, index, max_bytes, max_messages):
            index += 1
            cut.append((part.digest(), len(part.items)))
            yield part
        if read is not None and marks is not None and not read.broken:
            marks.made(spec, read, old + tuple(cut))
        if notes:
            yield InputNotes(notes)
            notes = []


def _cut(
    source: Iterable[tuple[str, bytes]], index: int, max_bytes: int, max_messages: int
) -> Iterator[RawPartition]:
    items: list[tuple[str, bytes]] = []
    size = 0
    for label, raw in source:
        if items and (size + len(raw) > max_bytes or len(items) >= max_messages):
            yield RawPartition(index, items)
            index += 1
            items, size = [], 0
        items.append((label, raw))
        size += len(raw)
    if items:
        yield RawPartition(index, items)


class InputMarks:
    """The marks of an earlier run's inputs (`ingest.resume`), and those of this run as it
    reads them. `usable(digest)`: whether an old partition's decoding is still at hand (if
    one is not, its input is read whole)."""

    def __init__(self, before: dict[str, InputMark], usable: Callable[[str], bool]) -> None:
        self.before = before
        self.after: dict[str, InputMark] = {}
        self.usable = usable
        self.resumed: list[str] = []  # inputs read from where the last run stopped

    def reader(self, spec: str) -> tuple[MboxRead, tuple[tuple[str, int], ...]]:
        mark = self.before.get(mark_key(spec))
        if (
            mark is not None
            and all(self.usable(digest) for digest, _ in mark.partitions)
            and resumable(spec, mark)
        ):
            self.resumed.append(spec)
            return MboxRead(Path(spec), mark.size, mark.messages), mark.partitions
        return MboxRead(Path(spec), 0, 0), ()

    def made(self, spec: str, read: MboxRead, partitions: tuple[tuple[str, int], ...]) -> None:
        messages = sum(count for _, count in partitions)
        self.after[mark_key(spec)] = InputMark(
            read.size, read.tail, read.ends_line, messages, partitions
        )


def decode_partition(
    items: list[tuple[str, bytes]], limits: Limits = DEFAULT_LIMITS
) -> DecodedPartition:
    """Decode one partition, message by message, as `ingest.read_messages` does, and
    give each message's `cross_thread_keys` (what finding the grouping's units needs)."""
    out = DecodedPartition()
    for source, raw in items:
        msg = decode_into(source, raw, limits, out.diagnostics)
        if msg is not None:
            out.messages.append(msg)
    out.keys = [cross_thread_keys(m) for m in out.messages]
    return out
