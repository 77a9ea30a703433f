"""The decoded mail message every later stage works on: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from patchlint.model.address import Address, parse_address_list
from patchlint.model.identity import rewritten_by_list

__all__ = ["Address", "Attachment", "Diagnostic", "Message", "sort_time"]


def sort_time(date: datetime | None) -> float:
    """A date as a number to sort by; mail without a usable Date sorts first."""
    return date.timestamp() if date else 0.0


@dataclass(frozen=True, slots=True)
class Attachment:
    """A MIME part that carries a patch (text/x-patch, text/x-diff, *.patch, *.diff)."""

    filename: str | None
    content_type: str
    text: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """An input problem: which message (if known), where it came from, what was wrong."""

    message_id: str | None
    problem: str
    source: str | None = None


@dataclass(slots=True)
class Message:
    """One mail, decoded: headers as text, the text/plain body, patch attachments.

    `key` is unique within a run: the Message-ID, or a synthetic one when the mail has none
    or repeats one already seen (both become diagnostics).

    `author` is the person who wrote the mail: where a list rewrote `From:` for DMARC
    (`Name via List <list@...>`, the person in `Reply-To:`; see model/identity.py) it is
    that person, and `list_from` keeps the `From:` as the list wrote it.
    """

    key: str
    message_id: str | None
    subject: str
    author: Address
    date: datetime | None
    in_reply_to: str | None
    references: tuple[str, ...]
    body: str
    to_header: str = ""  # decoded To: text; parsed on demand (see `to`), grouping never needs it
    cc_header: str = ""
    attachments: tuple[Attachment, ...] = ()
    list_id: str | None = None
    source: str = ""
    problems: list[str] = field(default_factory=list)
    # the commit a `git format-patch` mail was made from (such mail has no Message-ID)
    commit: str | None = None
    reply_to_header: str = ""  # decoded Reply-To: and X-Original-From: text, List-Post:
    original_from_header: str = ""
    list_post: str | None = None
    list_from: Address | None = None  # set when `author` was taken from behind a list's From:

    def __post_init__(self) -> None:
        if self.list_from is not None:
            return
        person = rewritten_by_list(
            self.author,
            reply_to=self.reply_to_header,
            original_from=self.original_from_header,
            list_id=self.list_id,
            list_post=self.list_post,
            to_header=self.to_header,
            cc_header=self.cc_header,
        )
        if person is not None:
            self.list_from, self.author = self.author, person

    @property
    def to(self) -> tuple[Address, ...]:
        return parse_address_list([self.to_header]) if self.to_header else ()

    @property
    def cc(self) -> tuple[Address, ...]:
        return parse_address_list([self.cc_header]) if self.cc_header else ()

    @property
    def parent_ids(self) -> tuple[str, ...]:
        """Candidate parents, nearest first: In-Reply-To, then References from the end."""
        ids: list[str] = []
        if self.in_reply_to:
            ids.append(self.in_reply_to)
        ids.extend(r for r in reversed(self.references) if r not in ids)
        return tuple(ids)
