"""What grouping reads of each mail, read once for a whole run.

A large input is grouped unit by unit (`pipeline.units`), and a unit that a floating reply's
quote joins to another is grouped again with it: every mail of the joined unit was then read
a second time - its subject and body classified (`split_patch_body`), a reply's trailers
collected (`split_scissors`, `unquoted_text`, `find_reply_trailers`) and the patches' diff
fingerprints taken (`diff_print`). On the linux-hyperv slice the second round re-read 619 of
the 3,000 mails, a third of the first round's CPU. `MailReadings` keeps those readings for
the run: each is a function of the mail's text alone (and, for classification, of whether
the mail has a parent in its unit), immutable or never changed once made, so a mail grouped
again takes the reading it was given the first time. Nothing here depends on a mail's key,
which grouping resets between rounds.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from patchlint.model.evidence import DiffPrint, diff_print
from patchlint.model.message import Message

T = TypeVar("T")


class MailReadings:
    """Readings of mails (by the mail and what is read of it) and diff fingerprints (by the
    diffs' text), kept while the mails live: the caller holds the mails for as long as it
    holds this (a reading keeps its mail, so an id is never taken for another mail's)."""

    def __init__(self) -> None:
        self._of_mail: dict[
            tuple[int, Callable[..., Any], tuple[Hashable, ...]], tuple[Message, Any]
        ] = {}
        self._prints: dict[tuple[str, ...], DiffPrint] = {}

    def of(self, msg: Message, read: Callable[..., T], *args: Hashable) -> T:
        """`read(msg, *args)`, made once for `msg`, `read` and `args`."""
        key = (id(msg), read, args)
        found = self._of_mail.get(key)
        if found is not None and found[0] is msg:
            return cast("T", found[1])
        value = read(msg, *args)
        self._of_mail[key] = (msg, value)
        return value

    def diff_print(self, diffs: tuple[str, ...]) -> DiffPrint:
        """`evidence.diff_print(diffs)`, once per text."""
        found = self._prints.get(diffs)
        if found is None:
            found = self._prints[diffs] = diff_print(diffs)
        return found
