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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from patchlint.ingest import decode_into, iter_raw
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


def partition_inputs(
    paths: Iterable[str],
    limits: Limits = DEFAULT_LIMITS,
    max_bytes: int = PARTITION_BYTES,
    max_messages: int = PARTITION_MESSAGES,
) -> Iterator[RawPartition | InputNotes]:
    """The raw messages of `paths` in partitions, in input order, with the notes about the
    inputs where they were made (an unreadable input is an InputError, as in one process).
    A partition is cut where it would pass `max_bytes` or `max_messages`, and at the end of
    every input, so the partitions of one input do not depend on what follows it (a run
    over more mail reuses the partitions of the mail it shares)."""
    notes: list[Diagnostic] = []
    items: list[tuple[str, bytes]] = []
    size = 0
    index = 0
    for spec in paths:
        for label, raw in iter_raw([spec], limits, notes):
            if items and (size + len(raw) > max_bytes or len(items) >= max_messages):
                yield RawPartition(index, items)
                index += 1
                items, size = [], 0
            items.append((label, raw))
            size += len(raw)
        if items:
            yield RawPartition(index, items)
            index += 1
            items, size = [], 0
        if notes:
            yield InputNotes(notes)
            notes = []


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
