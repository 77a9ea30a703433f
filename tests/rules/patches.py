"""A patch made from a diff (and notes) as a mail would carry it, for rule tests."""

from __future__ import annotations

from datetime import UTC, datetime

from patchlint.model.message import Address, Message
from patchlint.model.patch import Patch, build_patch
from patchlint.model.subject import parse_subject


def patch_of(diff: str, notes: str = "", title: str = "test: a patch") -> Patch:
    """`diff` below a commit message, a sign-off, `---` and `notes`."""
    subject = parse_subject(f"[PATCH] {title}")
    msg = Message(
        key="t",
        message_id="t@test",
        subject=subject.raw,
        author=Address("T", "t@example.org"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        in_reply_to=None,
        references=(),
        body=f"A change.\n\nSigned-off-by: T <t@example.org>\n---\n{notes}\n{diff}",
    )
    return build_patch(msg, subject)
