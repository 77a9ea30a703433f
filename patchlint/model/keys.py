"""A unique key for every message of a run, and copies of one mail told from different mail
that reuses its Message-ID (grouping keys everything by it)."""

from __future__ import annotations

from patchlint.model.message import Diagnostic, Message
from patchlint.model.subject import parse_subject


def _same_mail(a: Message, b: Message) -> bool:
    """Copies of one mail (a list re-send, a cross-post with a list tag and footer): same
    sender and same subject once list tags are set aside."""
    if a.author.key != b.author.key:
        return False
    sa, sb = parse_subject(a.subject), parse_subject(b.subject)
    return (sa.normalized_title, sa.index, sa.total, sa.version, sa.is_reply) == (
        sb.normalized_title,
        sb.index,
        sb.total,
        sb.version,
        sb.is_reply,
    )


def unique_keys(messages: list[Message], diagnostics: list[Diagnostic]) -> list[Message]:
    """Give every message a unique key; drop exact duplicates (same id, subject and date)."""
    seen: dict[str, Message] = {}
    copies: dict[str, int] = {}
    out: list[Message] = []
    missing = 0
    for msg in messages:
        if not msg.message_id:
            missing += 1
            msg.key = f"patchlint-no-message-id-{missing}@invalid"
            if msg.commit is None:  # git format-patch writes none: nothing is wrong there
                diagnostics.append(Diagnostic(None, "message has no Message-ID", msg.source))
        elif msg.key in seen:
            first = seen[msg.key]
            if _same_mail(first, msg):
                diagnostics.append(
                    Diagnostic(
                        msg.message_id,
                        "duplicate message (same Message-ID, sender and subject) skipped",
                        msg.source,
                    )
                )
                continue
            # counted per id: thousands of mails sharing one id must not cost n² probes
            n = copies[msg.message_id] = copies.get(msg.message_id, 1) + 1
            while f"{msg.message_id}#dup{n}" in seen:
                n = copies[msg.message_id] = n + 1
            msg.key = f"{msg.message_id}#dup{n}"
            diagnostics.append(
                Diagnostic(
                    msg.message_id,
                    "Message-ID used by a different message; kept as a copy",
                    msg.source,
                )
            )
        seen[msg.key] = msg
        out.append(msg)
    return out
