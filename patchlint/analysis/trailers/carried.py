"""Each review tag in a posted patch, judged against where it was given (its carried
class). The vocabulary is in `facts`; what each class means is in docs/trailers.md.

A tag in patch P of revision N (its giver not the author or sender; backports aside: their
tags are `quoted-from-upstream`):

Origin: the latest giving of it by its giver, by reply (a trailer line or "retain my R-b")
  to a counterpart of P in an earlier revision, to that revision's cover letter, or to
  another patch of it in words stated for the series, before N was posted. Without one the
  class is `no-on-list-origin` (a review before posting, elsewhere, or nowhere).
Change since: every step from the origin's patch to P, read by `material` (code tokens,
  comments and whitespace aside, drift aside), limited to the scope the giver stated
  (`scope`; an unresolved scope limits nothing; an Acked-by without one covers, with a
  MAINTAINERS file, the files its giver maintains). A material hunk is requested when the
  giver asked for it: a code comment of theirs on the patch, addressed by that step, sits in
  that hunk (within REQUEST_LINES lines); or the condition names a word of the hunk; or the
  hunk only takes code out (a split).
Class: a condition judged (`conditions`) met or not met decides (`carried-condition-met`,
  `carried-condition-not-met`); else unrequested material change is
  `carried-over-material-change`, requested change `carried-condition-met` (what the giver
  asked was done), a literal turned into its named constant `carried-over-trivial-change`,
  nothing `carried-unchanged`. A tag the giver gave on N itself before P's posting (a
  re-posting of the same version) is `given-for-this-revision`.
Contradictions (what TR006 reports) are `contradictions`' (a withdrawal, `Judge.withdrawal`,
  here); the tags a posting dropped, `dropped`'s; the words they read, `author_says`,
  `giver_says`, `authorship` and `areas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from patchlint import lazyre
from patchlint.analysis.discussion.model import ReviewComment
from patchlint.analysis.discussion.outcome import ThreadEvent
from patchlint.analysis.discussion.own_words import own_text, segments
from patchlint.analysis.revisions.compare import PatchInterdiff
from patchlint.analysis.trailers.areas import AREA_TAGS, file_maintainers
from patchlint.analysis.trailers.author_says import (
    credits_giver,
    kept_as_unchanged,
    rebase_only,
    tags_rejudged,
    tool_fixes_only,
)
from patchlint.analysis.trailers.authorship import co_author
from patchlint.analysis.trailers.behaviour import Behaviour, behaviour
from patchlint.analysis.trailers.checks import is_backport
from patchlint.analysis.trailers.conditions import judge
from patchlint.analysis.trailers.contradictions import WORDS_CHARS, no_origin, posting_contradiction
from patchlint.analysis.trailers.conversions import step_swaps
from patchlint.analysis.trailers.facts import Contradiction, TrailerOrigin
from patchlint.analysis.trailers.giver_says import MIN_PROPOSED, PROPOSED_NAME, asks_rebase
from patchlint.analysis.trailers.index import SeriesIndex, before
from patchlint.analysis.trailers.material import CodeHunk, StepCode
from patchlint.analysis.trailers.scope import scope_files
from patchlint.analysis.trailers.words import Given, withdraws
from patchlint.maintainers.file import MaintainersFile
from patchlint.model.address import parse_address
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Reply, Revision
from patchlint.model.trailers import Trailer

REQUEST_LINES = 8  # a comment this near a changed hunk asked for that change


@dataclass(frozen=True, slots=True)
class _Change:
    """What the steps between a tag's origin and a posting changed, for that tag."""

    material: tuple[str, ...]  # files with unrequested material change in its scope
    requested: bool  # some material change in scope was asked for by the giver
    trivial: bool
    behaviour: Behaviour  # what the unrequested material change does


_WORD = lazyre.compile(r"\w")


def _split_only(hunks: Sequence[CodeHunk], split: frozenset[str]) -> bool:
    """Every changed line of the hunks (a lone brace aside) is a line that another patch of
    the newer revision carrying the same giver's tag adds or removes: the patch the giver
    reviewed was split into these, and the step only moved code between them (the helpers
    a reviewer asked to see in a patch of their own). Any other line is a change, and then
    every line counts."""
    return bool(split) and all(
        line in split or not _WORD.search(line) for h in hunks for line in (*h.dropped, *h.added)
    )


class Judge:
    """Classifies tags over one series (see the module docstring)."""

    def __init__(
        self,
        idx: SeriesIndex,
        comments: Sequence[ReviewComment],
        events: Sequence[ThreadEvent],
        maintainers: MaintainersFile | None = None,
    ) -> None:
        self.idx = idx
        self.comments = comments
        self.retractions = [e for e in events if e.kind == "retraction" and e.role != "author"]
        self.maintainers = maintainers

    # -- helpers ------------------------------------------------------------------------

    def _comments_by(self, person: Trailer, rev: Revision, patch: Patch) -> list[ReviewComment]:
        return [
            c
            for c in self.comments
            if c.rev is rev and c.target is patch and self.idx.people.same(c.author, person.person)
        ]

    def withdrawal(
        self, reply: Reply, person: Address | None, limit: datetime | None = None
    ) -> Contradiction | None:
        """The giver's withdrawal of a tag given in `reply` (no later than `limit`): a
        retraction the thread's events record ("please drop my R-b"), or a later reply of
        theirs on that revision whose own words take it back ("(and I withdraw my R-b):
        ...?", which the events, reading whole sentences, leave out as a question)."""
        rev = self.idx.rev_of_reply.get(reply.message.key)
        start = sort_time(reply.message.date)
        for e in self.retractions:
            if (rev is not None and e.revision != rev.version) or sort_time(e.date) < start:
                continue
            if before(e.date, limit) and self.idx.people.same(parse_address(e.by), person):
                return Contradiction("withdrawn", e.message_id, e.date, e.text[:WORDS_CHARS])
        for later in rev.replies if rev is not None else []:
            msg = later.message
            if (
                later is reply
                or sort_time(msg.date) < start
                or not before(msg.date, limit)
                or not self.idx.people.same(msg.author, person)
            ):
                continue
            if withdraws(later):
                words = " ".join(own_text(msg.body).split())[:WORDS_CHARS]
                return Contradiction("withdrawn", msg.message_id, msg.date, words)
        return None

    def covered_files(
        self, scope: str | None, patch: Patch, tr: Trailer | None = None
    ) -> tuple[str, ...] | None:
        """The patch's files a tag covers: those its stated scope names; for an Acked-by
        without one, with a MAINTAINERS file, the files its giver maintains ("an ack can only
        ever apply to changes to files the person offering the tag is a maintainer of",
        Jan Beulich, xen-devel a7576b0c-2134-1778-7751-375cd4c02554@suse.com); None: all."""
        db = self.maintainers
        sections = None
        if db is not None:

            def sections(path: str) -> list[str]:
                return [m.section.name for m in db.matches(path)] if db.covers(path) else []

        if scope:
            return scope_files(scope, patch.files, sections)
        if db is None or tr is None or tr.canonical not in AREA_TAGS or tr.person is None:
            return None
        person = tr.person
        mine = tuple(
            path
            for path in patch.files
            if any(self.idx.people.same(a, person) for a in file_maintainers(db, path))
        )
        return mine if mine and len(mine) < len(patch.files) else None

    def applier(self, patch: Patch, tr: Trailer) -> bool:
        """An Acked-by whose giver maintains every file of the patch that a section below the
        catch-all covers (with a MAINTAINERS file): the go-ahead of the maintainer who takes
        the patch into their tree, who reads the posting they apply (Wei Liu's ack of the
        mshv driver he merges himself)."""
        db = self.maintainers
        if db is None or tr.canonical != "Acked-by" or tr.person is None or not patch.files:
            return False
        person = tr.person
        # a file only the catch-all section covers (a new uapi header) names nobody else
        named = [
            path
            for path in patch.files
            if db.covers(path)
            and any(m.section.maintainers and not m.section.catch_all for m in db.matches(path))
        ]
        return bool(named) and all(
            any(self.idx.people.same(a, person) for a in file_maintainers(db, path))
            for path in named
        )

    def proposed(
        self, rev: Revision, patch: Patch, tr: Trailer, limit: datetime | None
    ) -> frozenset[str]:
        """The names the giver proposed in their replies to `patch` (before `limit`) that
        its code does not use yet: a later hunk using one made the change they asked for."""
        replies = [
            r
            for r in self.idx.by_target.get(patch.message_key, [])
            if self.idx.people.same(r.message.author, tr.person) and before(r.message.date, limit)
        ]
        if not replies:
            return frozenset()
        names = {
            n
            for r in replies
            for n in PROPOSED_NAME.findall(own_text(r.message.body))
            if len(n) >= MIN_PROPOSED
        }
        return frozenset(names - set(PROPOSED_NAME.findall(patch.diff)))

    def _requested(
        self, hunk: CodeHunk, step: PatchInterdiff, tr: Trailer, asked: frozenset[str]
    ) -> bool:
        if hunk.kind == "removal" or hunk.tokens & asked:
            return True
        old = step.old
        if old is None:
            return False
        for c in self.comments:
            if c.target is not old or c.file != hunk.path or c.status != "addressed":
                continue
            if not self.idx.people.same(c.author, tr.person):
                continue
            if (
                hunk.old_start == 0
                or c.line is None
                or (hunk.old_start - REQUEST_LINES <= c.line <= hunk.old_end + REQUEST_LINES)
            ):
                return True
        return False

    def change(
        self,
        tr: Trailer,
        steps: Sequence[PatchInterdiff],
        scope: tuple[str, ...] | None,
        asked: frozenset[str],
    ) -> _Change:
        material: list[str] = []
        # per step: the unrequested material hunks (True), and the hunks that only take
        # code out (False: where a block moved from, never a change of their own)
        weighed: list[list[tuple[CodeHunk, bool]]] = []
        requested = trivial = False
        for step in steps:
            weighed.append([])
            for hunk in self.idx.code(step).in_files(scope):
                if hunk.kind == "trivial":
                    trivial = True
                elif hunk.kind == "removal":
                    weighed[-1].append((hunk, False))
                elif hunk.kind == "material" and self._requested(hunk, step, tr, asked):
                    requested = True
                elif hunk.kind == "material":
                    weighed[-1].append((hunk, True))
                    if hunk.path not in material:
                        material.append(hunk.path)
            counted = [h for h, counts in weighed[-1] if counts]
            if counted and _split_only(counted, self.idx.split_into(step, tr)):
                weighed[-1] = [w for w in weighed[-1] if not w[1]]
        swaps = (
            step_swaps((step.old, step.new) for step in steps)
            if any(counts for w in weighed for _, counts in w)
            else None
        )
        # `steps` run from the posting back to the tag; behaviour reads them in the order
        # they were made (a later step undoing or rewriting an earlier one)
        return _Change(tuple(material), requested, trivial, behaviour(weighed[::-1], swaps))

    def condition(self, rev: Revision, patch: Patch, g: Given) -> tuple[str | None, frozenset[str]]:
        """A tag's condition judged on the step from the patch it was given for to its next
        posting (`conditions`); None without a condition."""
        if not g.condition:
            return None, frozenset()
        following = self.idx.following(rev, patch)
        step = following[1] if following is not None else None
        # the whole thread is the evidence: a giver's later "this isn't quite enough" on
        # the next posting says the condition was not met, whenever it was said
        next_comments = [c for c in self.comments if step is not None and c.target is step.new]
        mail = [
            c
            for c in self._comments_by(g.trailer, rev, patch)
            if c.message_key == g.reply.message.key
        ]
        if not any(c.file is not None or c.message is not None for c in mail):
            mail = self._seconded(rev, patch, g)
        code = self.idx.code(step) if step is not None else StepCode()
        limit = (
            self.idx.posted(following[0], step.new)
            if following is not None and step is not None and step.new is not None
            else None
        )
        status, asked = judge(
            g,
            step,
            code,
            g.trailer.person,
            mail,
            next_comments,
            self._answers(rev, patch, g, limit),
        )
        if (
            status == "not-met"
            and g.reply.attached_by == "quote"
            and not before(self.idx.posted(rev, patch), g.date)
        ):
            # given on an earlier posting the input lacks, attached here by the code it
            # quotes: the step that had to meet it led into this patch and is not in the
            # input (Claudio Imbrenda's "with this fixed" on v1 of 's390: virtio: support
            # protected virtualization', whose typo v2 fixed, is no condition v3 failed)
            return "unknown", asked
        return status, asked

    def _seconded(self, rev: Revision, patch: Patch, g: Given) -> list[ReviewComment]:
        """The points of another reviewer that the mail giving `g` quotes, when it makes
        none of its own: "Agree. With this fixed: Acked-by" under Denis Mukhin's quoted
        "Use %pd?" (Bertrand Marquis, xen-devel <49B99D6B-7323-47F8-BDF7-DD25B073E2EB@arm.com>)
        is conditional on that point."""
        parent = g.reply.message.in_reply_to
        if parent is None:
            return []
        body = g.reply.message.body
        quoted = " ".join(
            " ".join(seg.text.split()) for seg in segments(body) if seg.quoted
        ).lower()
        return [
            c
            for c in self.comments
            if c.message_id == parent
            and c.rev is rev
            and c.target is patch
            and not self.idx.people.same(c.author, g.trailer.person)
            and " ".join(c.comment.split())[:60].lower() in quoted
        ]

    def _answers(self, rev: Revision, patch: Patch, g: Given, limit: datetime | None) -> list[str]:
        """The author's own words in their replies to the mail that gave `g` (no later than
        `limit`, the next posting): what a condition asking for an answer is met by."""
        mid = g.reply.message.message_id
        people = self.idx.people
        return [
            own_text(r.message.body)
            for r in rev.replies
            if mid is not None
            and r.message.in_reply_to == mid
            and before(r.message.date, limit)
            and (
                people.same(r.message.author, rev.author)
                or people.same(r.message.author, patch.author)
            )
        ]

    def condition_status(self, rev: Revision, patches: Sequence[Patch], g: Given) -> str | None:
        """The status of a condition given for several patches (a cover letter's, or one
        stated for the series): not met where one is not, met where one is, else unknown."""
        found = {self.condition(rev, p, g)[0] for p in patches}
        for status in ("not-met", "met", "unknown"):
            if status in found:
                return status
        return None

    # -- one tag in a posted patch ------------------------------------------------------

    def origin(self, rev: Revision, patch: Patch, tr: Trailer) -> TrailerOrigin:
        idx = self.idx
        posted = idx.posted(rev, patch)
        later = next(
            (g for g in idx.given(rev, patch) if idx.matches(g, tr) and not before(g.date, posted)),
            None,
        )
        # what every origin of this tag says: where it stands and its giver's later reply
        here = partial(
            TrailerOrigin,
            tr,
            rev.version,
            patch.index,
            patch.message_id,
            posted,
            resolved_by=later.reply.message.message_id if later else None,
            resolved_at=later.date if later else None,
        )
        if is_backport(patch):
            return here(None, None, False, cls="quoted-from-upstream")
        same_version = next(
            (
                g
                for g in idx.given(rev, patch)
                if idx.matches(g, tr)
                and before(g.date, posted)
                and g.reply.message.date is not None
            ),
            None,
        )
        if same_version is not None:
            return here(
                rev.version,
                same_version.reply.message.message_id,
                False,
                cls="given-for-this-revision",
            )
        steps: list[PatchInterdiff] = []
        found: tuple[Revision, Patch, Given] | None = None
        newer: tuple[Revision, Patch] = (rev, patch)
        after = newer  # the posting after the one the tag was found on
        split_from: Patch | None = None  # the patch this one was split out of, if any
        for old_rev, old_patch, step in idx.earlier(rev, patch):
            if not (
                rebase_only(*newer, old_rev.version, tr.person)
                or kept_as_unchanged(*newer)
                or tool_fixes_only(*newer, old_rev.version)
            ):
                # a step its author says was a rebase, or changed no functionality with the
                # tags kept for that, or only fixed what a checker or a test reported, is
                # drift
                steps.append(step)
            if idx.split_off(old_rev, old_patch, step):
                split_from = old_patch
            after, newer = newer, (old_rev, old_patch)
            hit = [
                g
                for g in idx.given(old_rev, old_patch)
                if idx.matches(g, tr) and before(g.date, posted)
            ]
            if hit:
                found = (old_rev, old_patch, hit[-1])
                break
        if found is None:
            return here(
                None,
                None,
                False,
                gaps=idx.history_gaps(rev),
                contradiction=no_origin(self.idx, rev, patch, tr),
            )
        old_rev, old_patch, g = found
        if steps and steps[-1].old is old_patch and asks_rebase(g):
            steps.pop()  # the step after the giving is the rebase its giver asked for
        elif (
            steps
            and steps[-1].old is old_patch
            and tr.canonical == "Acked-by"
            and credits_giver(old_rev, old_patch, *after, tr.person)
        ):
            # an ack is for the direction; the step after it reworked the patch as its
            # giver suggested, and says so ("hide detach callback (Daniel)")
            steps.pop()
        scope = self.covered_files(g.scope, patch, tr)
        status, asked = self.condition(old_rev, old_patch, g)
        asked |= self.proposed(old_rev, old_patch, tr, posted)
        change = self.change(tr, steps, scope, asked)
        if status == "met":
            cls = "carried-condition-met"
        elif status == "not-met":
            cls = "carried-condition-not-met"
        elif change.material:
            cls = "carried-over-material-change"
        elif change.requested:
            cls = "carried-condition-met"
        elif change.trivial:
            cls = "carried-over-trivial-change"
        else:
            cls = "carried-unchanged"
        contradiction = self.withdrawal(g.reply, g.trailer.person, posted)
        if contradiction is None:
            contradiction = posting_contradiction(
                self.idx, rev, patch, tr, g, scope, status, split_from
            )
        rejudged = cls == "carried-over-material-change" and tags_rejudged(
            patch,
            [r for r in self.idx.series.revisions if old_rev.version < r.version <= rev.version],
        )
        return here(
            old_rev.version,
            g.reply.message.message_id,
            rejudged=rejudged,
            changed_since=cls == "carried-over-material-change",
            cls=cls,
            scope=g.scope,
            scope_files=scope,
            condition=g.condition,
            condition_status=status,
            changed_files=change.material,
            contradiction=contradiction,
            behaviour=change.behaviour,
            co_author=co_author(patch, tr, self.idx.people),
            applier=cls == "carried-over-material-change" and self.applier(patch, tr),
        )
