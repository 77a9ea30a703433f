"""Questions on which tree takes the series, answered by the taking.

"What is the merge plan here? pwm or imx? ... maybe it's more suitable to be merged by
Shawn?" asks nothing of the patch; it is answered when a maintainer takes the series
("Applied, thanks!" on its patches, "Sorry, I picked v2 up actually."), wherever in the
thread that notice sits: under the patches, a sibling of the question, never quoting it.
Point-by-point answering (`answers`) reads only what a turn quotes, so the question stayed
open.

An unanswered comment that asks (a question mark) about the route of the series, given a
status notice (`acks.is_status_notice`) later in a reply to the same revision or a later
one, by anyone but its commenter, is answered by that notice. A question on anything else
("How were the fixes tested?") is not answered by the series being applied.
"""

from __future__ import annotations

import dataclasses
import re

from patchlint import lazyre
from patchlint.analysis.discussion.acks import is_status_notice
from patchlint.analysis.discussion.anchor import squash
from patchlint.analysis.discussion.model import Answer, ReviewComment
from patchlint.analysis.discussion.turns import ThreadContext
from patchlint.model.message import sort_time
from patchlint.model.trailers import same_sender

_ASKS_ROUTE = lazyre.compile(
    r"\b(?:merge\s+plan|(?:which|what|whose)\s+tree"
    r"|(?:through|via)\s+(?:which|whose)\b"
    r"|who\s+(?:will|should|would|shall|is\s+going\s+to)\s+(?:take|pick|merge|apply|queue)"
    r"|(?:merged|picked\s+up|taken|applied|queued)\s+(?:by|through|via)\s+(?:\w+\s+)?"
    r"(?:tree|maintainers?|[A-Z]\w+)\b\s*\?"
    r"|(?:go|goes|going)\s+(?:in\s+)?(?:through|via)\s+(?:the\s+)?\S+\s+tree)",
    re.I,
)


def asks_route(text: str) -> bool:
    """A question on which tree or maintainer takes the series."""
    return "?" in text and _ASKS_ROUTE.search(text) is not None


def answer_route_questions(ctx: ThreadContext, comments: list[ReviewComment]) -> None:
    """Give each unanswered question on the series' route the first later status notice on
    its revision (or a later one) by someone else as its answer."""
    asking = [c for c in comments if not c.answers and c.rev is not None and asks_route(c.comment)]
    if not asking:
        return
    notices: list[tuple[int, Answer]] = []  # (the version replied to, the notice)
    for reply, rev in ctx.replies.values():
        mail = ctx.mail(reply.message.key)
        if mail is None:
            continue
        words = next((t.words for t in mail.turns if is_status_notice(t.words)), None)
        if words is None:
            continue
        msg = reply.message
        answer = Answer(msg.message_id or msg.key, msg.key, msg.author, msg.date, words, 0)
        notices.append((rev.version, answer))
    notices.sort(key=lambda n: sort_time(n[1].date))
    for c in asking:
        version = c.rev.version if c.rev is not None else 0
        for on, a in notices:
            if (
                on >= version
                and sort_time(a.date) > sort_time(c.date)
                and not same_sender(a.author, c.author)
            ):
                end = len(squash(c.comment))
                c.answers.append(dataclasses.replace(a, point=end))
                c.answered_by.append(a.message_id)
                break
