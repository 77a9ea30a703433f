"""A review comment: what a reviewer said, where in the patch, and what became of it (the
analysis is `comments`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from patchlint.analysis.discussion.anchor import DiffLine
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Revision

STATUSES = ("open", "unchanged", "discussed", "addressed")  # report order: unresolved first


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
    anchor: str  # diff | inherited | prose | none
    status: str = "open"
    answered_by: list[str] = field(default_factory=list)
    addressed_in: int | None = None  # the version whose changes addressed it
    # for the analysis, not the report: the quoted lines whose change addresses the comment,
    # the patch and the revision it was made on
    focus: list[DiffLine] = field(default_factory=list, repr=False)
    target: Patch | None = field(default=None, repr=False)
    rev: Revision | None = field(default=None, repr=False, compare=False)

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
    return (rank, comment.revision, comment.patch if comment.patch is not None else -1,
            comment.file or "", comment.line if comment.line is not None else -1,
            sort_time(comment.date))
