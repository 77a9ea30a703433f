"""Review comments: what reviewers said, where in the patch they said it, and what became of it.

Entry point: `review_comments(series, interdiffs)`, with `interdiffs` from
`patchlint.analysis.revisions.compare.series_interdiffs(series)`. docs/review-comments.md
says the same for users.

What a comment is
    Every reply to a revision is cut into turns: a quoted block and the sender's own words
    after it (`own_words`, `turns`). Words before any quote (top-posting) are a turn with no
    quote; a sentence continued across a quote is one turn. A turn is a review comment when
    its sender is not the series author (the revision's sender or the patch's author) and
    its words, once attribution lines, greeting, closing, the sender's name, trailers and
    snip markers are stripped, are more than thanks or a short acknowledgement ("OK.",
    "Applied, thanks."), nor words that ask nothing of the author (`acks.is_comment_text`: a
    test report, praise, the reviewer's own doings, a note on the recipients, a ping; here:
    a notice with its story, assent or a reaction under the author's words, an answer to a
    question put to the sender by name, asking to keep a line the patch adds). The author's
    own inline answers are discussion, never comments; the patch's first author reviewing
    a revision someone else took over and sent, with a review tag of his own in the mail,
    is a reviewer of it.
    A patch proposed after a scissors line, or pasted as an unquoted diff, is not part of
    any comment (it anchors one: `fixup`). When the author answers one comment inline
    between its points, each point becomes a comment of its own (`answers`). A turn makes
    two points when a paragraph marked as a new one ("Also, ...", "Or even better, ...") is
    of another kind than the point above it, or an alternative to it (`turns.points`); an
    alternative met with its first choice goes back into it.

Where a comment points (`anchor`)
    diff       its quote matches lines of the patch the reply answers (`Reply.target_key`;
               for a reply to a cover letter, any patch of the revision): `file` and `line`
               are those of the last matched quoted diff line, `line` in post-image (new-file)
               numbering; a quoted removed line counts as the post-image line now in its
               place; a quoted hunk header gives the hunk's first line, a file header only
               the file (see `anchor`). Its focus is the last three quoted lines, plus the
               quoted lines holding an identifier the comment names (`focus`).
    message    its quote is the patch's commit message (title, body, non-review trailers):
               `file` and `line` are None; its focus is the last quoted message lines. A
               quote ending in the author's inline draft of the next message ("I will
               modify the commit msg as below.") is one too, judged against the next
               revision's message (`draft`).
    fixup      it quotes no code but the reviewer's own fix-up diff follows it (after a
               scissors line, or pasted): the patch lines the fix-up replaces (`named`).
    named      it quotes no code but names an identifier the patch changes in a few places
               (not one of its title), or cites `file.c:line` as a build robot does.
    inherited  its quote holds only words of an earlier mail in the thread, written under a
               quote that was anchored to code: a follow-up points at that code (a follow-up
               on a message comment is a message comment).
    prose      its quote is other prose (cover letter, discussion): `file` and `line` None.
    none       top-posted: nothing quoted, nothing named.

What became of it (`status`), given the revisions after the one commented on
    addressed  a later revision changed what it is about: the interdiff removes or replaces
               a line of a focus group, or inserts lines inside one (by post-image line
               numbers; where the interdiff fell back to a range-diff, which has none:
               unless the lines are all found again in the new patch, same kinds, same
               distances apart); for a message comment, the commit message no longer holds
               the quoted span (any change, for a comment on the whole message); a comment
               whose words name the commit message ("please say so in the commit message")
               is addressed by a change of the message as well; a fix-up is addressed when
               the later patch adds all its distinctive lines. A revision that leaves the
               point alone is followed to the next one (the lines are found again there by
               content), so `addressed_in` can name v3 for a v1 comment. A comment on a patch
               that a later revision drops is addressed too. A reviewer who offered to make
               the change when committing ("I can fix this up while committing") and the
               revision then applied: addressed in that revision. A request to split
               the change is addressed when the next revision splits the patch. A
               question whose every answer opens with a no ("No, because ..."), or a
               question on quoted code that asks for no change and is answered with an
               explanation only, is not addressed by a change; nor is a short question
               asked under someone's words about the code (`focus.under_words`), once
               answered; nor a remark on quoted code that asks nothing, argued or
               explained by its answer (or answered with a change offered back as a
               question nobody took up), nor a request for information answered. These
               exceptions weigh only the lines changing (or the patch dropped): a
               changelog credit, a split, code written out or a substitution still
               address. A comment on
               layout is addressed by a revision differing only in white space, context
               included (a corrupted patch re-sent clean). A comment on the cover letter's
               words is addressed by a later cover that no longer holds the quoted lines
               (`cover`).
    discussed  someone other than the commenter answered it (or, once a revision followed, it
               was itself a no under someone's words about the code, for the code as
               posted: `status._defends_code`): a later mail in the thread
               below it quotes the comment's words and says something after them (thanks
               alone do not count; a status notice such as "Thanks, applied." does). A
               deferral ("in a follow-up patch") is an answer like any other. An answer to
               the point a comment follows up, written after it, answers the comment too;
               so does a maintainer taking the series, for a question on its route
               (`answers`, `route`). A point its
               commenter takes back ("..., never mind", or in a later mail: "my previous
               comment ... should be discounted", `whole_mail`) is discussed.
    open       every answer opened with a promise of the change and a revision after it
               did not make it (left the lines alone, or changed them without the code the
               comment writes out); or the commenter answered the answer without accepting
               it ("Yes, but ...", another question, insisting; a last mail closing with
               thanks accepts; a reaction answered in turn and let stand is no last word,
               unless a pushing back in it went unanswered)
               and gave no review trailer afterwards, no revision addressed it, and (on
               the newest revision) the author did not then take the point; or nothing at
               all happened to it.
    unchanged  not answered, and a later revision kept what it was about as it was.
    Precedence: addressed > open after a rejected answer > discussed > unchanged > open.

`sort_key` orders comments for a report: unresolved first (open, unchanged, discussed,
addressed), then by revision, patch, file and line.

Work is bounded: each patch's diff is indexed once per call; quote placement is O(n log n)
in the quoted lines (see `anchor` for its caps); a reply looks for the comments it answers
only among its nearest ancestors (see `answers`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from patchlint import lazyre
from patchlint.analysis.discussion.acks import (
    BUT,
    CODE,
    accepts,
    asks_to_keep,
    first_sentence,
    is_comment_text,
    is_negative,
    is_request,
    is_status_notice,
    offers_commit_fix,
    opens_with_notice,
    promises,
    withdraws,
)
from patchlint.analysis.discussion.anchor import squash
from patchlint.analysis.discussion.answers import find_answers
from patchlint.analysis.discussion.closing import (
    approves_above_tag,
    closes_in_approval,
    gives_own_tag,
)
from patchlint.analysis.discussion.message import names_message
from patchlint.analysis.discussion.model import STATUSES, ReviewComment, sort_key
from patchlint.analysis.discussion.on_commit import mark_later_commit_fixes
from patchlint.analysis.discussion.own_words import Segment, is_attribution
from patchlint.analysis.discussion.route import answer_route_questions
from patchlint.analysis.discussion.status import set_status
from patchlint.analysis.discussion.top_posted import answer_top_posted_questions
from patchlint.analysis.discussion.turns import Anchor, ThreadContext, Turn, is_alternative, points
from patchlint.analysis.discussion.whole_mail import settle_whole_mails
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Revision, Series
from patchlint.model.trailers import Trailer, same_person

__all__ = ["STATUSES", "ReviewComment", "review_comments", "sort_key"]

EXCERPT_LINES = 4
EXCERPT_WIDTH = 200
MAX_COMMENT_CHARS = 4_000


def _is_author(who: Address, rev: Revision, patch: Patch | None) -> bool:
    people = [rev.author] + ([patch.author] if patch is not None else [])
    return any(p.email or p.name for p in people) and any(
        same_person(who, p) or same_person(p, who) for p in people if p.email or p.name
    )


def _reviews_taken_over(who: Address, rev: Revision, trailers: list[Trailer]) -> bool:
    """The patch's first author reviewing a revision someone else sent (a maintainer took
    the patch over: "From: Roger" in the body of Andrew's v2, Roger answering with his
    Reviewed-by and questions): a reviewer of that revision, not its author."""
    sender = rev.author
    if not (sender.email or sender.name) or same_person(who, sender) or same_person(sender, who):
        return False
    return gives_own_tag(who, trailers)


# a question asking the reviewer what to do ("Should we use another allocator?"): the answer
# is a review point ("I believe so.")
_ASKS_DIRECTION = lazyre.compile(
    r"\b(?:(?:should|shall|can|could|may)\s+(?:we|i)|do\s+you\s+(?:want|prefer|suggest|mind)"
    r"|would\s+you\s+(?:prefer|rather|like)|what\s+do\s+you\s+(?:suggest|think|prefer)"
    r"|is\s+it\s+(?:ok|okay|fine|acceptable)\s+(?:if|to)|which\s+(?:one|do\s+you)"
    # "What needs to be corrected?", "... would be clearer?": what to change, or a proposal
    r"|what\s+(?:needs?|should|do\s+(?:i|we)\s+need)\s+to\s+(?:be\s+)?"
    r"(?:changed?|corrected|correct|fixed|fix|done|do)"
    r"|would\s+(?:(?:that|this|it)\s+)?be\s+(?:clearer|better|ok|okay|fine|acceptable|preferable)"
    # "I guess we want to change libxl_cputopology_list_free() ... too, don't we?": what
    # the author means to do next, put to the reviewer
    r"|i\s+(?:guess|suppose|assume)\s+we\s+(?:want|need|should|have)"
    r"|(?:don'?t|do\s+not|shouldn'?t|should\s+not|wouldn'?t)\s+we(?=\s*\?))\b",
    re.I,
)
# the author questioning the reviewer's word in two or three words: "Why impossible? GIC
# can support up to 1020 IRQs."
_CHALLENGE = lazyre.compile(r"why\s+(?:\S+\s+){0,2}?\S+\s*\?", re.I)
QUESTION_LOOKBACK = 3  # the author's question is in the last quoted lines above the words
ASKER_DEPTH = 3  # how far up the thread the quoted question is looked for
MIN_REWRAPPED_CHARS = 16  # a re-wrapped quoted line is looked for inside words this long or more


def _answers_authors_question(
    ctx: ThreadContext, key: str, rev: Revision, patch: Patch | None, turn: Turn
) -> bool:
    """The sender's words right under a question the series author asked in the thread
    ("Does this not happen with kdump?" "The message is sent in that case too."): an answer,
    not a review point. Words that ask or request something stay a comment, and so does an
    answer to a question asking what to do."""
    if turn.quote is None or "?" in turn.words or is_request(turn.words):
        return False
    lines = [q.text for q in turn.quote.lines if q.depth == 1 and q.text.strip()]
    text = " ".join(lines[-QUESTION_LOOKBACK:])
    if "?" not in text or _ASKS_DIRECTION.search(text):
        return False
    for words in _author_turns(ctx, key, rev, patch, lines):
        # the question must be the author's: another of their turns quoted above it ("Okay,
        # I'll follow the rename") does not make the reviewer's words an answer
        asking = [w for w in words if "?" in w]
        if asking:
            # an author who first says no ("Not as far as I know. Why?") or "but" ("Right,
            # but what part of this discussion is relevant to 32bit PV guests ...?")
            # challenges the reviewer's point: the words under it defend the point, a
            # comment of their own
            return not any(
                is_negative(w)
                or BUT.search(first_sentence(w)) is not None
                or _CHALLENGE.match(w.strip()) is not None
                for w in asking
            )
    return False


MIN_NAME_CHARS = 3  # a first name this long or longer is looked for in a question
# a person addressed: "@Uwe It seems ...", "Uwe, is it possible ...?"
_VOCATIVE = lazyre.compile(r"@([^\W\d_][\w-]*)|(?:^|[.?!]\s+)([^\W\d_][\w-]*)[ \t]*[,:]")


def _answers_question_put_to_sender(sender: Address, turn: Turn) -> bool:
    """The sender's words right under a question someone put to them by name ("@Uwe It seems
    that you were able to reproduce this issue. Is it possible to trigger this via sysfs and
    some kind of script?"): their answer to that person, not a review point. Words that ask
    or request something stay a comment, and so does an answer to a question asking what to
    do."""
    if turn.quote is None or "?" in turn.words or is_request(turn.words):
        return False
    names = sender.name.replace(",", " ").split()
    if not names or len(names[0]) < MIN_NAME_CHARS:
        return False
    lines = [q.text for q in turn.quote.lines if q.depth == 1 and q.text.strip()]
    text = " ".join(lines[-QUESTION_LOOKBACK:])
    if "?" not in text or _ASKS_DIRECTION.search(text):
        return False
    name = names[0].lower()
    return any((m.group(1) or m.group(2) or "").lower() == name for m in _VOCATIVE.finditer(text))


# what a reaction to the author's promise would hold if it were a new point: "also the
# same in foo()", "another one", "again"
_NEW_POINT = lazyre.compile(r"\b(?:also|same|too|as\s+well|another|again|other)\b", re.I)


def _agrees_with_author(
    ctx: ThreadContext, key: str, rev: Revision, patch: Patch | None, turn: Turn
) -> bool:
    """The sender's words right under the series author's words that ask nothing, and ask,
    request and object to nothing themselves: agreement with the author's answer when they
    open with an assent ("Fixed in v3. I mis-interpreted your previous comment ..." "Yes, we
    try include the headers we use in the .c file. I used "if needed" because ..."), or a
    reaction to the author's promise or agreement (`promises`: "I will send v2 soon." "I
    didn't expect soon to mean 4 minutes later!") that names no code and nothing more to
    do. Not a review point."""
    words = turn.words
    if (
        turn.quote is None
        or "?" in words
        or is_request(words)
        or is_negative(words)
        or BUT.search(words) is not None
    ):
        return False
    assent = accepts(words)
    reaction = CODE.search(words) is None and _NEW_POINT.search(words) is None
    if not assent and not reaction:
        return False
    lines = [q.text for q in turn.quote.lines if q.depth == 1 and q.text.strip()]
    if "?" in " ".join(lines[-QUESTION_LOOKBACK:]):
        return False
    for said in _author_turns(ctx, key, rev, patch, lines):
        if said:
            return not any("?" in w for w in said) and (assent or any(promises(w) for w in said))
    return False


def _author_turns(
    ctx: ThreadContext, key: str, rev: Revision, patch: Patch | None, lines: list[str]
) -> Iterator[list[str]]:
    """For each mail of the series author above the reply (nearest first, at most
    ASKER_DEPTH up), the words of their turns that the last quoted lines (`lines`, at depth
    1) are taken from (empty when that mail holds none of them)."""
    asked = [squash(line) for line in lines[-QUESTION_LOOKBACK:]]
    for up in ctx.ancestors(key)[:ASKER_DEPTH]:
        mail = ctx.mail(up)
        if mail is None:
            return
        if not _is_author(mail.reply.message.author, rev, patch):
            continue
        joined = ["".join(squash(line) for line in t.own) for t in mail.turns]
        turns = {mail.own_lines[s] for s in asked if s in mail.own_lines} | {
            n
            for s in asked
            if len(s) >= MIN_REWRAPPED_CHARS
            for n, text in enumerate(joined)
            if s in text  # the reviewer's mailer re-wrapped the author's words
        }
        yield [mail.turns[n].words for n in sorted(turns)]


def _keeps_what_patch_adds(turn: Turn) -> bool:
    """Words asking to keep what they stand under (`asks_to_keep`), under quoted lines the
    patch adds or keeps ("+  min and max states are derived from the speed-map of the fan."
    "This IS unique to this binding, so it should stay."): they ask for no change. Under a
    removed line they ask to restore it, a comment."""
    if turn.anchor.kind != "diff" or turn.quote is None or not asks_to_keep(turn.words):
        return False
    end = turn.anchor.quote_end
    lines = turn.quote.lines if end is None else turn.quote.lines[: end + 1]
    quoted = [q.text for q in lines if q.text.strip()]
    return bool(quoted) and not quoted[-1].startswith("-")


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


def _anchored_excerpt(anchor: Anchor) -> str:
    """For a comment anchored by a fix-up or a name, the lines it points at."""
    lines = [d.text.rstrip()[:EXCERPT_WIDTH] for g in anchor.groups for d in g]
    return "\n".join(lines[-EXCERPT_LINES:])


def _points(words: str) -> list[str]:
    """The points of a turn's words (`turns.points`), a part that is no comment on its own
    ("Thanks!") kept with the point above it."""
    out: list[str] = []
    for part in points(words):
        if out and not is_comment_text(part):
            out[-1] += "\n\n" + part
        else:
            out.append(part)
    return out


def review_comments(series: Series, interdiffs: list[RevisionInterdiff]) -> list[ReviewComment]:
    """Every reviewer comment in the series' threads, anchored, with its status; in thread
    order (use `sort_key` for report order)."""
    ctx = ThreadContext(series, interdiffs)
    comments: list[ReviewComment] = []
    for rev in series.revisions:
        for reply in sorted(rev.replies, key=lambda r: (sort_time(r.message.date), r.message.key)):
            if ctx.replies.get(reply.message.key, (None, None))[1] is not rev:
                continue  # the same mail attached twice: read it once
            target = ctx.patch_keys.get(reply.target_key or "")
            target_patch = target[0] if target is not None else None
            if _is_author(reply.message.author, rev, target_patch) and not _reviews_taken_over(
                reply.message.author, rev, reply.trailers
            ):
                continue
            mail = ctx.mail(reply.message.key)
            if mail is None:
                continue
            notice = False
            mine: list[ReviewComment] = []
            for turn in mail.turns:
                if not is_comment_text(turn.words):
                    continue
                # "Applied to foo-next" is news, not review; after it, only a question is
                # a comment (a bot's list of links, a "you are awesome" is not)
                if (
                    is_status_notice(turn.words)
                    or opens_with_notice(turn.words)
                    or (notice and "?" not in turn.words)
                ):
                    notice = True
                    continue
                # reasons that end in "So I have no objection to your patch." + a tag
                if (
                    closes_in_approval(turn.words) or approves_above_tag(turn.own)
                ) and gives_own_tag(reply.message.author, reply.trailers):
                    continue
                if _keeps_what_patch_adds(turn):
                    continue
                anchor = turn.anchor
                patch = anchor.patch if anchor.patch is not None else target_patch
                if _answers_authors_question(
                    ctx, reply.message.key, rev, patch, turn
                ) or _agrees_with_author(ctx, reply.message.key, rev, patch, turn):
                    continue
                if _answers_question_put_to_sender(reply.message.author, turn):
                    continue
                excerpt = _excerpt(turn.quote, anchor.quote_end)
                if anchor.kind in ("fixup", "named") and not excerpt:
                    excerpt = _anchored_excerpt(anchor)
                before: ReviewComment | None = None
                for part in _points(turn.words):
                    made = ReviewComment(
                        author=reply.message.author,
                        message_id=reply.message.message_id,
                        message_key=reply.message.key,
                        date=reply.message.date,
                        revision=rev.version,
                        patch=patch.index if patch is not None else None,
                        file=anchor.file,
                        line=anchor.line,
                        excerpt=excerpt,
                        comment=part[:MAX_COMMENT_CHARS],
                        anchor=anchor.kind,
                        groups=[list(g) for g in anchor.groups],
                        message=anchor.message,
                        names_message=names_message(part),
                        adopt=list(anchor.adopt),
                        target=patch,
                        rev=rev,
                        withdrawn=withdraws(part),
                        under_words=anchor.under_words,
                        follow_up=anchor.follow_up,
                        instead_of=before if before is not None and is_alternative(part) else None,
                    )
                    mine.append(made)
                    before = made
            if mine and any(offers_commit_fix(t.words) for t in mail.turns):
                for c in mine:
                    c.fix_on_commit = True
            comments.extend(mine)
    comments = find_answers(ctx, comments)
    comments = settle_whole_mails(ctx, comments)
    comments = answer_top_posted_questions(ctx, comments)
    answer_route_questions(ctx, comments)
    mark_later_commit_fixes(ctx, comments)
    for comment in comments:
        set_status(ctx, comment)
    for comment in comments:
        # "FTR: This also applies to the v2 patch.": met when the point it seconds was met
        # (only then: a point discussed may owe that to this very comment, its answer)
        point = comment.seconds
        if point is not None and not comment.answers and point.status == "addressed":
            comment.status, comment.addressed_in = point.status, point.addressed_in
    return _rejoin_choices(comments)


def _rejoin_choices(comments: list[ReviewComment]) -> list[ReviewComment]:
    """An alternative met by the same revision as the point it was offered instead of
    ("I would like this to be a pr_debug() ..." / "Alternatively, we can remove this message
    ...", both met by v2) was one point offered two ways: it goes back into that point. Only
    a choice not taken stands as a point of its own (`turns.points`)."""
    present = {id(c) for c in comments}
    out: list[ReviewComment] = []
    for c in comments:
        first = c.instead_of
        if (
            first is not None
            and id(first) in present
            and c.status == first.status == "addressed"
            and c.addressed_in == first.addressed_in
        ):
            first.comment += "\n\n" + c.comment
            first.answered_by += [m for m in c.answered_by if m not in first.answered_by]
            present.discard(id(c))
            continue
        out.append(c)
    return out
