"""Mail held in memory where an input path stands (a thread `ingest.b4` fetched): apart
from the fetching, so reading the inputs does not import b4's machinery (logging, the
network) for a run that fetches nothing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from patchlint.limits import DEFAULT_LIMITS, Limits


class MailSource(str):
    """Mail already in memory (a thread fetched from an archive, or read from b4's tracking
    data), standing where an input path stands (`review`, `diff`, `who`, `check` take
    paths): the string labels its mails in diagnostics as a file name would (the thread's
    URL); `mails` are the raw messages, in order. A str, so that the pipeline reads it with
    the paths and knows nothing of fetching."""

    mails: tuple[bytes, ...]

    def __new__(cls, label: str, mails: Sequence[bytes]) -> MailSource:
        self = super().__new__(cls, label)
        self.mails = tuple(mails)
        return self

    def raw_messages(self, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, bytes]]:
        """(label, raw bytes) as `ingest.iter_raw` gives them for a file: each message
        cut at limits.message_bytes + 1 bytes (the parser then sees it is over)."""
        for index, raw in enumerate(self.mails):
            yield f"{self}#{index}", raw[: limits.message_bytes + 1]
