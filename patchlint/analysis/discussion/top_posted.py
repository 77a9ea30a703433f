"""Questions answered by a top-posted reply.

Point-by-point answering (`answers`) reads what a turn quotes. Outlook users answer above the
mail they reply to, with the original below an `-----Original Message-----` header and no
`>` markers (`own_words` drops that block), so the answer quotes nothing: "I'm curious how
you found the bug? Did you notice some kind of symptom?" answered by the author's "I use
"time" to run some performance tests ... the result looks weird" stays unanswered, and a
later revision that keeps the code calls it "unchanged".

A quote-less reply from the patch's author, sent straight to a review mail whose unanswered
points are all questions, answers them: there is nothing else in that mail it could be about.
A mail that also asks for a change is left to point-by-point answering (a top-posted "I use
time" says nothing about a requested rename), and so is a quote-less reply from anyone else.
"""

from __future__ import annotations

from patchlint.analysis.discussion.acks import is_answer_text, is_request
from patchlint.analysis.discussion.model import Answer, ReviewComment
from patchlint.analysis.discussion.turns import Mail, ThreadContext
from patchlint.model.message import Address
from patchlint.model.trailers import same_sender


def _quoteless_words(mail: Mail) -> str:
    """The sender's words when none of them stands under a quote, else ""."""
    turns = [t for t in mail.turns if t.words.strip()]
    if not turns or any(t.quotes for t in turns):
        return ""
    return " ".join(t.words for t in turns).strip()


def _authors(comment: ReviewComment) -> list[Address]:
    people: list[Address] = []
    if comment.rev is not None:
        people.append(comment.rev.author)
    if comment.target is not None:
        people.append(comment.target.author)
    return [p for p in people if p.email or p.name]


def answer_top_posted_questions(
    ctx: ThreadContext, comments: list[ReviewComment]
) -> list[ReviewComment]:
    """Give the unanswered questions of a review mail the author's quote-less direct reply to
    it as their answer, when every unanswered point of that mail is a question."""
    by_mail: dict[str, list[ReviewComment]] = {}
    for c in comments:
        by_mail.setdefault(c.message_key, []).append(c)
    if not by_mail:
        return comments
    kids: dict[str, list[str]] = {}
    for reply, _rev in ctx.replies.values():
        if reply.parent_key in by_mail:
            kids.setdefault(reply.parent_key, []).append(reply.message.key)
    for key, mine in by_mail.items():
        open_points = [c for c in mine if not c.answers and not c.withdrawn]
        if not open_points or any(
            "?" not in c.comment or is_request(c.comment) for c in open_points
        ):
            continue
        authors = _authors(open_points[0])
        for child_key in kids.get(key, ()):
            entry = ctx.replies.get(child_key)
            mail = ctx.mail(child_key)
            if entry is None or mail is None:
                continue
            msg = entry[0].message
            if not any(same_sender(msg.author, a) for a in authors):
                continue
            words = _quoteless_words(mail)
            if not words or not is_answer_text(words):
                continue
            ans = Answer(msg.message_id or msg.key, msg.key, msg.author, msg.date, words, 0)
            for c in open_points:
                c.answers.append(ans)
                c.answered_by.append(ans.message_id)
            break
    return comments
