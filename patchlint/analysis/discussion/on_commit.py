"""A point settled "on commit" in a later mail of its thread.

Xen and Linux committers fix small things themselves: a NIT ("s/support/supporting") that
the author offers to fix in a v4, answered by a reviewer's "I don't think there is a need to
resend a patch just for fixing this typo. It can be done on commit." and the committer's
"Fixed and committed.". The offer stands in a later mail quoting the point, not in the
point's own mail (`comments` reads that one), so every point such a mail quotes counts as
offered for a fix on commit; `status` then calls it addressed when someone other than the
author says the revision was applied after it.
"""

from __future__ import annotations

from patchlint.analysis.discussion.acks import offers_commit_fix
from patchlint.analysis.discussion.anchor import squash
from patchlint.analysis.discussion.model import ReviewComment
from patchlint.analysis.discussion.turns import ThreadContext
from patchlint.model.trailers import same_person

# the start of a point looked for in the quote of the mail offering the fix
QUOTED_CHARS = 40


def _quotes(quoted: str, comment: ReviewComment) -> bool:
    head = squash(comment.comment)[:QUOTED_CHARS]
    return bool(head) and head in quoted


def mark_later_commit_fixes(ctx: ThreadContext, comments: list[ReviewComment]) -> None:
    """Set `fix_on_commit` on the points a later mail under them, by someone other than the
    series author, quotes in a turn that offers the fix on commit."""
    by_mail: dict[str, list[ReviewComment]] = {}
    for c in comments:
        if not c.fix_on_commit:
            by_mail.setdefault(c.message_key, []).append(c)
    if not by_mail:
        return
    for key, (reply, rev) in ctx.replies.items():
        if same_person(reply.message.author, rev.author):
            continue
        above = [k for k in ctx.ancestors(key) if k in by_mail]
        if not above:
            continue
        mail = ctx.mail(key)
        if mail is None:
            continue
        for turn in mail.turns:
            if not turn.quotes or not offers_commit_fix(turn.words):
                continue
            quoted = "".join(squash(q.text) for q in turn.quotes)
            for k in above:
                for c in by_mail[k]:
                    if c.rev is rev and _quotes(quoted, c):
                        c.fix_on_commit = True
