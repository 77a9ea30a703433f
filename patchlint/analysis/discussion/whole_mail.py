"""Replies that speak for a whole review mail rather than for one quoted point.

Two shapes are common on lists and invisible to point-by-point answering (`answers`), which
reads what a turn quotes:

- **The commenter takes the mail back** in a reply to it ("I didn't see this has already been
  applied. Sorry for the noise.", "Please ignore my previous mail"): every point of that mail
  is settled (`withdrawn`), whatever the code did. The reply asks nothing else.
- **The commenter takes an earlier mail back in a later one** that answers something else
  (their review of the next patch): "my previous comment involved a reading comprehension
  failure ... so should be discounted", "please ignore my earlier reply". The words name
  their own earlier mail and a verb that cancels it; the mail they mean is the commenter's
  latest earlier review mail on the same revision. Only that mail is settled: the later
  mail's own points stand.
- **The series author accepts the mail as a whole** on the newest revision, without quoting
  a point: a top-posted "Thanks, I will address these", or "Sure, I will do this soon." under
  a maintainer's quote-less "can someone send me a fixup patch for this?" sent in reply to
  the review. Every point of the mail nobody answered on its own counts as answered by that
  mail; with no later revision to judge, the point is settled in the thread ("discussed"),
  as an inline "Will drop that chunk then." is.
"""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.analysis.discussion.acks import is_request, takes_point
from patchlint.analysis.discussion.model import Answer, ReviewComment
from patchlint.analysis.discussion.turns import Mail, ThreadContext
from patchlint.model.message import Address, sort_time
from patchlint.model.series import Reply
from patchlint.model.trailers import same_sender

# the whole mail taken back; "never mind the comment above" is a point's own business
# (`acks.withdraws`), so a bare never-mind counts only as the reply's last words
_TAKE_BACK = lazyre.compile(
    r"\bsorry\s+for\s+the\s+noise\b"
    r"|\b(?:please\s+)?(?:ignore|disregard)\s+(?:this|that|me"
    r"|my\s+(?:previous\s+|last\s+|earlier\s+|above\s+)?"
    r"(?:mail|e-?mail|message|reply|review|comments?|feedback|remarks?))\b"
    r"|\bnever\s*mind\W*$",
    re.I,
)


# an earlier mail of the sender's named and cancelled: "my previous comment ... so should be
# discounted" (the mail is what is cancelled: a modal passive, in the same clause; "my previous
# comments were ignored" complains, it cancels nothing), "please disregard my earlier reply"
# (the verb's object is the mail); "as in my previous mail: please ignore errors here"
# cancels nothing
_TAKE_BACK_EARLIER = lazyre.compile(
    # my previous comment ... should be discounted
    r"\bmy\s+(?:previous|last|earlier|other)\s+"
    r"(?:comments?|mail|e-?mail|message|reply|review|remarks?|feedback|suggestion)\b"
    r"[^.?!:;]{0,160}?"
    r"\b(?:(?:should|can|could|may|might|must|shall)\s+(?:\w+\s+)?be\s+"
    r"(?:ignored|disregarded|discounted|withdrawn|scratched|forgotten)|is\s+moot)\b"
    # please disregard my earlier reply
    r"|\b(?:ignore|disregard|discount|withdraw|scratch|forget)\s+(?:\w+\s+)?"
    r"my\s+(?:previous|last|earlier|other)\s+"
    r"(?:comments?|mail|e-?mail|message|reply|review|remarks?|feedback|suggestion)\b",
    re.I,
)


def _words(mail: Mail) -> str:
    return " ".join(t.words for t in mail.turns if t.words.strip()).strip()


def _quoteless(mail: Mail) -> bool:
    """The sender's words stand under no quote (top-posted or a fresh note)."""
    return all(not t.quotes for t in mail.turns if t.words.strip())


def takes_back(text: str) -> bool:
    """Words that withdraw the mail they answer and ask for nothing else."""
    m = _TAKE_BACK.search(text)
    if m is None:
        return False
    rest = text[: m.start()] + " " + text[m.end() :]
    return "?" not in rest and not is_request(rest)


def _children(ctx: ThreadContext) -> dict[str, list[Reply]]:
    out: dict[str, list[Reply]] = {}
    for reply, _rev in ctx.replies.values():
        if reply.parent_key:
            out.setdefault(reply.parent_key, []).append(reply)
    return out


def _answer(reply: Reply, words: str) -> Answer:
    msg = reply.message
    return Answer(msg.message_id or msg.key, msg.key, msg.author, msg.date, words, 0)


def _accepted_by_author(
    ctx: ThreadContext, key: str, commenter: Address, author: Address, kids: dict[str, list[Reply]]
) -> Answer | None:
    """The author's whole-mail acceptance of review mail `key`: a quote-less reply to it that
    takes the point, or one that takes the point under a third person's quote-less reply to
    it (the maintainer asking for a follow-up)."""
    for child in kids.get(key, ()):
        mail = ctx.mail(child.message.key)
        if mail is None:
            continue
        words = _words(mail)
        if not words:
            continue
        if same_sender(child.message.author, author):
            if _quoteless(mail) and takes_point(words):
                return _answer(child, words)
            continue
        if same_sender(child.message.author, commenter) or not _quoteless(mail):
            continue
        for grandchild in kids.get(child.message.key, ()):
            if not same_sender(grandchild.message.author, author):
                continue
            reply_mail = ctx.mail(grandchild.message.key)
            said = _words(reply_mail) if reply_mail is not None else ""
            if said and takes_point(said):
                return _answer(grandchild, said)
    return None


def _withdrawn_later(
    ctx: ThreadContext, by_mail: dict[str, list[ReviewComment]], kids: dict[str, list[Reply]]
) -> None:
    """A commenter's mail that takes back their previous one without answering it (sent on
    another patch): the commenter's latest earlier review mail on the same revision is
    withdrawn. A reply to the mail itself is `takes_back`'s."""
    for key, (reply, rev) in ctx.replies.items():
        mail = ctx.mail(key)
        if mail is None or _TAKE_BACK_EARLIER.search(_words(mail)) is None:
            continue
        sender, when = reply.message.author, sort_time(reply.message.date)
        earlier = [
            (sort_time(mine[0].date), k)
            for k, mine in by_mail.items()
            if k != key
            and mine[0].rev is rev
            and same_sender(mine[0].author, sender)
            and sort_time(mine[0].date) < when
        ]
        if not earlier:
            continue
        target = max(earlier)[1]
        if any(child.message.key == key for child in kids.get(target, ())):
            continue  # an answer to it: judged as one by `takes_back`
        for c in by_mail[target]:
            c.withdrawn = True


def settle_whole_mails(ctx: ThreadContext, comments: list[ReviewComment]) -> list[ReviewComment]:
    """Mark the points of review mails withdrawn by their commenter, and answer the
    unanswered points of mails the author accepted as a whole on the newest revision.
    Returns the comments without the withdrawing mails' own words (they are not points)."""
    by_mail: dict[str, list[ReviewComment]] = {}
    for c in comments:
        by_mail.setdefault(c.message_key, []).append(c)
    if not by_mail:
        return comments
    kids = _children(ctx)
    withdrawals: set[str] = set()
    for key, mine in by_mail.items():
        commenter = mine[0].author
        for child in kids.get(key, ()):
            if not same_sender(child.message.author, commenter):
                continue
            mail = ctx.mail(child.message.key)
            if mail is not None and takes_back(_words(mail)):
                withdrawals.add(child.message.key)
                for c in mine:
                    c.withdrawn = True
    _withdrawn_later(ctx, by_mail, kids)
    for key, mine in by_mail.items():
        commenter = mine[0].author
        rev = mine[0].rev
        if rev is None or ctx.next_of.get(id(rev)) is not None:
            continue
        unanswered = [c for c in mine if not c.answers and not c.withdrawn]
        if not unanswered:
            continue
        ans = _accepted_by_author(ctx, key, commenter, rev.author, kids)
        if ans is None:
            continue
        for c in unanswered:
            c.answers.append(ans)
            c.answered_by.append(ans.message_id)
    return [c for c in comments if c.message_key not in withdrawals]
