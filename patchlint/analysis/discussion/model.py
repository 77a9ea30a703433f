"""A review comment: what a reviewer said, where in the patch, and what became of it (the
analysis is `comments`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from patchlint.analysis.discussion.anchor import DiffLine
from patchlint.analysis.discussion.message import MessageFocus
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Revision

STATUSES = ("open", "unchanged", "discussed", "addressed")  # report order: unresolved first


@dataclass(frozen=True, slots=True)
class Answer:
    """A turn of a later mail that stands under the comment's words."""

    message_id: str
    key: str
    author: Address
    date: datetime | None
    words: str
    point: int  # where in the comment (white space removed) the quote it answers ends


@dataclass(frozen=True, slots=True)
class Reaction:
    """The commenter's own turn under an answer to the comment: accepted it or not."""

    message_id: str
    date: datetime | None
    accepted: bool
    closes: bool = False  # accepted with thanks ("ok, thanks"): the exchange is over
    aside: bool = False  # a bare interjection ("Eww."): neither accepts nor insists
    disputes: bool = True  # opens with a no or a "but", or asks for a change
    # someone else answered the reaction's own words later ("On the 1st pass, which path
    # does get_argv() take?" answered by the author): the commenter no longer has the last word
    answered: bool = False


@dataclass(slots=True)
class ReviewComment:
    """One reviewer comment, anchored as precisely as its quote allows."""

    author: Address
    message_id: str | None
    message_key: str
    date: datetime | None
    revision: int
    patch: int | None
    file: str | None
    line: int | None
    excerpt: str
    comment: str
    anchor: str  # diff | inherited | fixup | named | message | prose | none
    status: str = "open"
    answered_by: list[str] = field(default_factory=list)
    addressed_in: int | None = None  # the version whose changes addressed it
    # for the analysis, not the report: the groups of quoted (or named) lines whose change
    # addresses the comment, the commit-message lines it quotes, whether its words name the
    # commit message, a fix-up's added lines, the patch and the revision it was made on
    groups: list[list[DiffLine]] = field(default_factory=list, repr=False)
    message: MessageFocus | None = field(default=None, repr=False)
    names_message: bool = field(default=False, repr=False)
    adopt: list[tuple[str, str]] = field(default_factory=list, repr=False)
    target: Patch | None = field(default=None, repr=False)
    rev: Revision | None = field(default=None, repr=False, compare=False)
    # what the thread said to it (`answers`): the answers, the commenter's reactions to them
    # (date, accepted, Message-ID), and an offer in its mail to fix it when committing
    answers: list[Answer] = field(default_factory=list, repr=False)
    reactions: list[Reaction] = field(default_factory=list, repr=False)
    fix_on_commit: bool = field(default=False, repr=False)
    # the commenter took it back in the same words ("... never mind")
    withdrawn: bool = field(default=False, repr=False)
    # a diff comment whose quote ends with someone's words under the code (`focus`)
    under_words: bool = field(default=False, repr=False)
    # a message comment whose quote is an earlier mail's words on the message, not the message
    follow_up: bool = field(default=False, repr=False)
    # someone else's point this comment only seconds ("FTR: This also applies to the v2
    # patch." under it): addressed when that point is (`answers`, `comments`)
    seconds: ReviewComment | None = field(default=None, repr=False, compare=False)
    # the point of the same turn this one is offered instead of ("Or even better, add a
    # counter for this." under "Could you add rate limit to this error"; `turns.points`)
    instead_of: ReviewComment | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "author": str(self.author),
            "message_id": self.message_id,
            "date": self.date.isoformat() if self.date else None,
            "revision": self.revision,
            "patch": self.patch,
            "file": self.file,
            "line": self.line,
            "anchor": self.anchor,
            "excerpt": self.excerpt,
            "comment": self.comment,
            "status": self.status,
            "answered_by": list(self.answered_by),
            "addressed_in": self.addressed_in,
        }


def sort_key(comment: ReviewComment) -> tuple[int, int, int, str, int, float]:
    """Unresolved first (open, unchanged, discussed, addressed), then by place."""
    rank = STATUSES.index(comment.status) if comment.status in STATUSES else 0
    return (
        rank,
        comment.revision,
        comment.patch if comment.patch is not None else -1,
        comment.file or "",
        comment.line if comment.line is not None else -1,
        sort_time(comment.date),
    )
