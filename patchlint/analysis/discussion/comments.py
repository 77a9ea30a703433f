"""Review comments: what reviewers said, where in the patch they said it, and what became of it.

Entry point: `review_comments(series, interdiffs)`, with `interdiffs` from
`patchlint.analysis.revisions.compare.series_interdiffs(series)`.

What a comment is
    Every reply to a revision is cut into turns: a quoted block and the sender's own words
    after it (`own_words`). Words before any quote (top-posting) are a turn with no quote.
    A turn is a review comment when its sender is not the series author (the revision's
    sender or the patch's author) and its words, once attribution lines, greeting, closing,
    the sender's name, trailers and snip markers are stripped, are more than thanks or a
    short acknowledgement ("OK.", "Applied, thanks."). The author's own inline answers are
    discussion, never comments. A patch proposed after a scissors line, or pasted as an
    unquoted diff, is not part of any comment.

Where a comment points (`anchor`)
    diff       its quote matches lines of the patch the reply answers (`Reply.target_key`;
               for a reply to a cover letter, any patch of the revision): `file` and `line`
               are those of the last matched quoted diff line, `line` in post-image (new-file)
               numbering; a quoted removed line counts as the post-image line now in its
               place; a quoted hunk header gives the hunk's first line, a file header only
               the file (see `anchor`).
    inherited  its quote holds only words of an earlier mail in the thread, written under a
               quote that was anchored: a follow-up on a code comment points at that code.
    prose      its quote is prose (commit message, cover letter, discussion): the comment
               points at the message (`file` and `line` None).
    none       top-posted: nothing quoted.

What became of it (`status`), given the revisions after the one commented on
    addressed  the anchored lines changed in the counterpart patch of a later revision: the
               interdiff removes or replaces one of the last three quoted lines before the
               comment, or inserts lines between them (by post-image line numbers; where the
               interdiff fell back to a range-diff, which has none: unless the lines are all
               found again in the new patch, same kinds, same distances apart). A revision
               that leaves them alone is followed to the next one (the lines are found again
               there by content), so `addressed_in` can name v3 for a v1 comment. A comment on a
               patch that a later revision drops is addressed too: the code it was about is no
               longer proposed (compare.py pairs patches by change, title and files before it
               calls one dropped). A prose comment has no lines to follow: only a dropped patch
               addresses it. (Naming an identifier that the interdiff changes was tried and
               left out: on the linux-hyperv slice it mostly caught comments that merely
               mention the function a series is about.)
    discussed  someone other than the commenter replied to the comment: a later mail in the
               thread below it quotes the comment's words and says something after them
               (thanks alone do not count). `answered_by` lists those mails.
    unchanged  a later revision exists and kept the anchored lines (or the whole patch, for a
               prose comment) as they were.
    open       none of the above, or nothing to compare against (no later revision, a cover
               letter comment, a prose comment on a patch that changed elsewhere).
    Precedence: addressed > discussed > unchanged/open. With no later revision a comment is
    discussed or open.

`sort_key` orders comments for a report: unresolved first (open, unchanged, discussed,
addressed), then by revision, patch, file and line.

Work is bounded: each patch's diff is indexed once per call; quote placement is O(n log n)
in the quoted lines (see `anchor` for its caps); a reply looks for the comments it
answers only among its ANCESTOR_DEPTH nearest ancestors, at most MAX_ANSWER_CANDIDATES of
them, in the last MAX_ANSWER_BLOCK characters of each quote.
"""

from __future__ import annotations

from patchlint.analysis.discussion.acks import is_comment_text, is_status_notice
from patchlint.analysis.discussion.model import STATUSES, ReviewComment, sort_key
from patchlint.analysis.discussion.own_words import Segment, is_attribution
from patchlint.analysis.discussion.tracking import find_answers, set_status
from patchlint.analysis.discussion.turns import ThreadContext
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Revision, Series
from patchlint.model.trailers import same_person

__all__ = ["STATUSES", "ReviewComment", "review_comments", "sort_key"]

EXCERPT_LINES = 4
EXCERPT_WIDTH = 200
MAX_COMMENT_CHARS = 4_000


def _is_author(who: Address, rev: Revision, patch: Patch | None) -> bool:
    people = [rev.author] + ([patch.author] if patch is not None else [])
    return any(p.email or p.name for p in people) and any(
        same_person(who, p) or same_person(p, who) for p in people if p.email or p.name)


def _excerpt(quote: Segment | None, end: int | None) -> str:
    """The quoted lines a comment answers, trimmed: for code, the last lines up to the last
    matched diff line; for prose, the last lines at the depth of the last quoted line."""
    if quote is None:
        return ""
    lines = quote.lines if end is None else quote.lines[: end + 1]
    while lines and not lines[-1].text.strip():
        lines = lines[:-1]
    if not lines:
        return ""
    depth = lines[-1].depth
    kept: list[str] = []
    for q in reversed(lines):
        text = q.text.rstrip()
        if end is None and text and q.depth != depth:
            break
        if not text:
            if kept and kept[-1]:
                kept.append("")
            continue
        if is_attribution([text]):
            break
        kept.append(text[:EXCERPT_WIDTH])
        if sum(1 for k in kept if k) >= EXCERPT_LINES:
            break
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(reversed(kept))


def review_comments(series: Series, interdiffs: list[RevisionInterdiff]) -> list[ReviewComment]:
    """Every reviewer comment in the series' threads, anchored, with its status; in thread
    order (use `sort_key` for report order)."""
    ctx = ThreadContext(series, interdiffs)
    comments: list[ReviewComment] = []
    by_mail: dict[str, list[ReviewComment]] = {}
    for rev in series.revisions:
        for reply in sorted(rev.replies, key=lambda r: (sort_time(r.message.date),
                                                         r.message.key)):
            if ctx.replies.get(reply.message.key, (None, None))[1] is not rev:
                continue  # the same mail attached twice: read it once
            target = ctx.patch_keys.get(reply.target_key or "")
            target_patch = target[0] if target is not None else None
            if _is_author(reply.message.author, rev, target_patch):
                continue
            mail = ctx.mail(reply.message.key)
            if mail is None:
                continue
            notice = False
            for turn in mail.turns:
                if not is_comment_text(turn.words):
                    continue
                # "Applied to foo-next" is news, not review; after it, only a question is
                # a comment (a bot's list of links, a "you are awesome" is not)
                if is_status_notice(turn.words) or (notice and "?" not in turn.words):
                    notice = True
                    continue
                anchor = turn.anchor
                patch = anchor.patch if anchor.patch is not None else target_patch
                comment = ReviewComment(
                    author=reply.message.author,
                    message_id=reply.message.message_id,
                    message_key=reply.message.key,
                    date=reply.message.date,
                    revision=rev.version,
                    patch=patch.index if patch is not None else None,
                    file=anchor.file,
                    line=anchor.line,
                    excerpt=_excerpt(turn.quote, anchor.quote_end),
                    comment=turn.words[:MAX_COMMENT_CHARS],
                    anchor=anchor.kind,
                    focus=list(anchor.focus),
                    target=patch,
                    rev=rev,
                )
                comments.append(comment)
                by_mail.setdefault(reply.message.key, []).append(comment)
    find_answers(ctx, by_mail)
    for comment in comments:
        set_status(ctx, comment)
    return comments
