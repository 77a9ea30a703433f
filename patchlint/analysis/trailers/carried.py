"""Each review tag in a posted patch, judged against where it was given (its carried
class), what the list says against it (a contradiction), and the tags a new posting
dropped. The vocabulary is in `facts`; what each class means is in docs/trailers.md.

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
Contradictions (what TR006 reports), for a tag in P:
  never-given     no origin, and its giver reviewed the previous posting of P (a reply of
                  theirs to P's counterpart in N-1 itself, N-1 in the input, before N was
                  posted) without giving this tag there, not even in a sentence with their
                  address ("FWIW, Reviewed-by: A <a@x>", a misspelt "Reviwed-by:"); not when
                  that counterpart already carried the tag (the giver saw it and let it
                  stand), when giver and author share an employer (a review inside the
                  company), nor when N's changelog says the tag was added or collected
                  (the author states where it came from), nor for a Tested-by its giver
                  gave on another patch of N-1 (a test runs the series), nor when N-1 is
                  not whole in the input (patches missing: its review went elsewhere too);
  withdrawn       the giver withdrew it ("I withdraw my R-b") after its origin, before N
                  was posted, and did not give it again;
  condition-not-met  its condition, given on this patch, was not met by the posting after
                  the one it was given on (one given for the series may be about another
                  patch: left alone);
  scope-dropped   in a patch to the Xen tree (`xen/`; xen-devel, no Linux directory), its
                  giver limited a Reviewed-by or Tested-by to part of the patch, and P
                  carries it without that limit (no
                  `# area`, no words after the address) while P touches files outside the
                  part (an Acked-by covers its giver's own files whatever it says; Linux
                  carries partial reviews unscoped);
  other-patch     no origin, and its giver, who reviewed P's counterpart in N-1, gave it on
                  another patch of N-1 only (N-1 wholly in the input), one that is not the
                  source of P (no shared file).
Dropped: a tag P's counterpart in N-1 had (given by reply at least COLLECT_MARGIN before N
  was posted, so the author could collect it, or carried in
  that patch mail, or another person's Signed-off-by there) that P lacks. It was `valid`
  when given by reply and not withdrawn, carried with an on-list origin and a class in
  VALID_CLASSES, or a Signed-off-by. A tag whose scope names none of P's files is not P's;
  one given for the whole posting (on the cover, or for the series) changed with any patch
  of the step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from patchlint import lazyre
from patchlint.analysis.discussion.model import ReviewComment
from patchlint.analysis.discussion.outcome import ThreadEvent
from patchlint.analysis.discussion.own_words import own_text
from patchlint.analysis.people import People
from patchlint.analysis.revisions.compare import PatchInterdiff
from patchlint.analysis.trailers.behaviour import Behaviour, behaviour
from patchlint.analysis.trailers.checks import is_backport, misspelt_name
from patchlint.analysis.trailers.conditions import judge
from patchlint.analysis.trailers.facts import Contradiction, DroppedTrailer, TrailerOrigin
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

# a tag carried with one of these classes stood for the patch that carried it
VALID_CLASSES = (
    "carried-unchanged",
    "carried-over-trivial-change",
    "carried-condition-met",
    "given-for-this-revision",
)
REQUEST_LINES = 8  # a comment this near a changed hunk asked for that change
# a tag given less than this before the next posting came too late for it: the posting
# was on its way (Christoph Hellwig's ack two minutes before 'Swiotlb: Add Swiotlb bounce
# buffer remap function for HV IVM' v5, carried by v6)
COLLECT_MARGIN = timedelta(hours=1)
WORDS_CHARS = 300  # of a contradicting mail's words, quoted in the fact


@dataclass(frozen=True, slots=True)
class _Change:
    """What the steps between a tag's origin and a posting changed, for that tag."""

    material: tuple[str, ...]  # files with unrequested material change in its scope
    requested: bool  # some material change in scope was asked for by the giver
    trivial: bool
    behaviour: Behaviour  # what the unrequested material change does


# mail hosts that say nothing about an employer
_FREE_MAIL = frozenset(
    {
        "gmail",
        "googlemail",
        "outlook",
        "hotmail",
        "live",
        "yahoo",
        "proton",
        "protonmail",
        "icloud",
        "me",
        "gmx",
        "web",
        "mail",
        "qq",
        "163",
        "126",
        "yandex",
        "aol",
        "zoho",
        "zohomail",
        "fastmail",
        "posteo",
        "kernel",
    }
)


def _organisation(email: str) -> str | None:
    """The organisation an address belongs to: its domain's second-level label
    (`linux.microsoft.com` and `microsoft.com` are one), None for free mail."""
    labels = email.lower().rpartition("@")[2].split(".")
    if len(labels) < 2:
        return None
    name = (
        labels[-3]
        if len(labels) >= 3 and labels[-2] in ("co", "com", "ac", "org")
        else (labels[-2])
    )
    return None if name in _FREE_MAIL else name


def _same_organisation(tr: Trailer, rev: Revision, patch: Patch) -> bool:
    """Giver and author (or sender) share an employer: a review inside the company, which
    the list does not see, is normal."""
    mine = _organisation(tr.person.email) if tr.person is not None else None
    return mine is not None and mine in {_organisation(a.email) for a in (rev.author, patch.author)}


_ADDED_TAG = lazyre.compile(
    r"\b(?:add(?:ed|s)?|pick(?:ed)?\s+up|collect(?:ed)?|carr(?:y|ied)|"
    r"kept|keep|includ(?:e|ed))\b[^\n]{0,60}\b(?:tags?|acks?|acked-by"
    r"|reviewed-by|r-?b|a-?b|tested-by|review)",
    re.I,
)


def _told_apart(rev: Revision, patch: Patch, tr: Trailer) -> bool:
    """The revision's changelog says the tag was added or collected, naming its giver or
    tags in general ("Added Kirill's Acked-by", "collected given tags"): the author
    states where it came from; the list has nothing to set against that."""
    text = patch.notes + "\n" + (rev.changelog or "")
    if not _ADDED_TAG.search(text):
        return False
    name = tr.person.name.split()[0].lower() if tr.person is not None and tr.person.name else ""
    return not name or any(
        name in line.lower() or _GENERIC_TAGS.search(line)
        for line in text.split("\n")
        if _ADDED_TAG.search(line)
    )


# the author saying they dropped the tags of the patches that changed much ("Kirill's got
# dropped because the patch he reviewed got completely rewritten", "I deliberately didn't
# collect a few reviews as the patches changed quite a bit"): the tags kept were kept on
# purpose, after the author weighed the change
_REJUDGED = lazyre.compile(
    r"\b(?:dropped|removed|stripped)\b[^.\n]{0,60}?\b(?:reviews?|tags?|r-?bs?|acks?|"
    r"reviewed-by)\b|\b(?:reviews?|tags?|r-?bs?|acks?|reviewed-by)\b(?:'s)?[^.\n]{0,60}?"
    r"\b(?:got|were|was|been|are)\s+dropped\b"
    r"|\b[A-Z][\w-]+'s\s+(?:got|was|were|has\s+been)\s+dropped\b"
    r"|\b(?:didn'?t|did\s+not|not)\s+(?:collect|carry|keep|add|pick\s+up)\b[^.\n]{0,40}?"
    r"\b(?:reviews?|tags?|r-?bs?|acks?|reviewed-by)\b",
    re.I,
)
_NOT_REVIEW = lazyre.compile(r"\b(?:fixes|link|closes|cc|stable)\b", re.I)


def _rejudged(patch: Patch, revisions: Sequence[Revision]) -> bool:
    """The author says, for a revision since the tag was given, that they dropped the review
    tags of the patches that changed (see `_REJUDGED`): in the patch's notes, a changelog or
    anywhere in a cover letter ("Note, I deliberately didn't collect a few reviews ...")."""
    text = "\n".join(
        [patch.notes]
        + [r.changelog or "" for r in revisions]
        + [r.cover.body for r in revisions if r.cover is not None]
    )
    return any(not _NOT_REVIEW.search(m.group(0)) for m in _REJUDGED.finditer(text))


# what a patch's own changelog may say of a step that changed nothing a tag covers: a rebase
# ("Rebase to latest upstream code", "A minor rebase to Michael's v7 DDA patchset"), tags
# collected, no functional change
_REBASE_ITEM = lazyre.compile(
    r"\brebas(?:e|ed|ing)\b|\b(?:add(?:ed|s)?|collect(?:ed|s)?|pick(?:ed)?\s+up|carr(?:y|ied))\b"
    r"[^.]{0,60}?\b(?:tags?|acks?|reviewed-by|acked-by|tested-by|signed-off-by|r-?bs?|a-?bs?"
    r"|reviews?)\b|\bno\s+(?:code|functional|logic(?:al)?)\s+changes?\b",
    re.I,
)
_ITEM_SPLIT = lazyre.compile(r"(?:^|\n)\s*(?:[-*+\u2022]|\d+[.)]|\(\d+\))\s+|(?<=[.;])\s+|\n\s*\n")
_LOG_HEADER = lazyre.compile(r"^[^\n]{0,80}?\bv\d+\b[^\n]{0,80}(?:\n|$)", re.I)


_CO_AUTHOR_TAGS = frozenset({"Co-developed-by", "Signed-off-by"})


def _co_author(patch: Patch, tr: Trailer, people: People) -> bool:
    """The tag's giver co-developed or signed off the patch: its changes are their own
    work too, not code they never saw (nobody asks a co-author to review again)."""
    return tr.person is not None and any(
        t.canonical in _CO_AUTHOR_TAGS and people.same(t.person, tr.person) for t in patch.trailers
    )


def _rebase_only(rev: Revision, patch: Patch, since: int) -> bool:
    """The patch's own changelog for the step from `since` to `rev` says it was only
    rebased (each of its items a rebase, tags collected or "no functional change"): the
    author states the step changed nothing a reviewer looked at; what changed is the code
    around it (an upstream API followed, another series under it)."""
    entries = [
        e
        for _, log in rev.changelogs(patch.index)
        for e in log.entries
        if e.where in ("notes", "message")
        and e.version is not None
        and since < e.version <= rev.version
    ]
    if {e.version for e in entries} != set(range(since + 1, rev.version + 1)):
        return False  # a version of the step says nothing: what changed there is unknown
    items = [
        " ".join(item.split())
        for e in entries
        for item in _ITEM_SPLIT.split(_LOG_HEADER.sub("", e.text, count=1))
        if item and item.strip()
    ]
    return (
        bool(items)
        and any(re.search(r"\brebas", i, re.I) for i in items)
        and all(_REBASE_ITEM.search(i) for i in items)
    )


# the giver asking, in the mail that gives the tag, for the patch to be rebased ("This patch
# needs to be rebased on the latest linux-next. [...] But other than that, Reviewed-by"): the
# next posting's changes are that rebase, which they asked for
_ASKS_REBASE = lazyre.compile(
    r"\b(?:needs?\s+(?:to\s+be\s+)?|please\s+|should\s+be\s+|could\s+you\s+)rebas(?:e|ed|ing)\b"
    r"|\bdoes(?:n'?t|\s+not)\s+apply\s+(?:cleanly\s+)?(?:on|to)\b",
    re.I,
)


def _asks_rebase(g: Given) -> bool:
    """The mail that gave the tag asks for a rebase (see `_ASKS_REBASE`)."""
    return _ASKS_REBASE.search(own_text(g.reply.message.body)) is not None


# a name a reviewer proposes ("Instead of using if-else, we can use netdev_lock_ops(), [...]
# netdev_lock_ops_to_full() seems to be a better choice"): code-like, with an underscore
_PROPOSED_NAME = lazyre.compile(r"\b[A-Za-z]\w*_\w+\b")
MIN_PROPOSED = 6  # characters: shorter names (`u_int`) are words as often as proposals


_GENERIC_TAGS = lazyre.compile(r"\b(?:tags|acks|review(?:ed)?-by\s+tags|all\s+the)\b", re.I)


_XEN_LIST = lazyre.compile(r"xen-devel@lists\.xen(?:project|source)\.org", re.I)


# top-level directories of the Linux tree that Xen's has not: a patch touching one is a
# Linux patch, even when it went to xen-devel ('swiotlb: merge swiotlb-xen initialization
# into swiotlb' touches drivers/xen/ and arch/x86/)
_LINUX_DIRS = frozenset(
    {
        "arch",
        "drivers",
        "include",
        "kernel",
        "mm",
        "fs",
        "net",
        "lib",
        "Documentation",
        "block",
        "crypto",
        "security",
        "sound",
        "virt",
    }
)


def _xen(patch: Patch) -> bool:
    """A patch to the Xen tree (touching xen/, or sent to xen-devel and touching none of
    Linux's own directories): Xen writes a limited tag with its `# area` and objects to one
    carried without it; Linux carries partial reviews unscoped."""
    if any(f.startswith("xen/") for f in patch.files):
        return True
    return bool(_XEN_LIST.search(patch.to_header + " " + patch.cc_header)) and not any(
        f.split("/", 1)[0] in _LINUX_DIRS for f in patch.files
    )


def _given_in_words(own: str, tr: Trailer) -> bool:
    """The giver wrote the tag with their address, though not as a trailer line b4 reads:
    "Looking better. FWIW, Reviewed-by: Andrew Cooper <andrew.cooper3@citrix.com>",
    "Acked by: Uros Bizjak <ubizjak@gmail.com>": the name, a colon, the address. Prose
    about a tag ("happy for this to be folded into the original with my "Signed-off-/Acked-by
    Ian Campbell <ian.campbell@citrix.com>" if that is preferable", seed 000) is no tag."""
    if tr.person is None or not tr.person.email:
        return False
    email = re.escape(tr.person.email)
    kind = r"[\s-]*".join(map(re.escape, tr.canonical.lower().removesuffix("-by").split("-")))
    if re.search(rf"\b{kind}[\s-]*by\s*:[^<>\n]{{0,80}}<?{email}", own, re.I) is not None:
        return True
    # a misspelt name ("Reviwed-by: Mark Brown <broonie@kernel.org>") is still the tag given
    return any(
        misspelt_name(m.group(1)) == tr.canonical
        for m in re.finditer(
            rf"\b([A-Za-z]+(?:-[A-Za-z]+)*-by)\s*:[^<>\n]{{0,80}}<?{email}", own, re.I
        )
    )


# the tags a giver gives for their own area: with a MAINTAINERS file and no stated scope, a
# maintainer's tag on a patch that also touches others' files covers the files they maintain
# (a driver maintainer's Reviewed-by on a tree-wide RDMA change covers their driver)
_AREA_TAGS = ("Acked-by", "Reviewed-by")


def _file_maintainers(db: MaintainersFile, path: str) -> list[Address]:
    """The maintainers of the most specific sections covering a path that have any (the
    catch-all's only where nothing more specific has one), and those of every broader
    section but the catch-all (the DMA engine maintainer for `drivers/dma/idxd/`, which
    has a section of its own)."""
    if not db.covers(path):
        return []
    with_maintainer = [m for m in db.matches(path) if m.section.maintainers]
    if not with_maintainer:
        return []
    top = with_maintainer[0].depth
    return [
        a
        for m in with_maintainer
        if m.depth == top or not m.section.catch_all
        for a in m.section.maintainers
    ]


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

    def _scope(
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
        if db is None or tr is None or tr.canonical not in _AREA_TAGS or tr.person is None:
            return None
        person = tr.person
        mine = tuple(
            path
            for path in patch.files
            if any(self.idx.people.same(a, person) for a in _file_maintainers(db, path))
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
            any(self.idx.people.same(a, person) for a in _file_maintainers(db, path))
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
            for n in _PROPOSED_NAME.findall(own_text(r.message.body))
            if len(n) >= MIN_PROPOSED
        }
        return frozenset(names - set(_PROPOSED_NAME.findall(patch.diff)))

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
        return _Change(tuple(material), requested, trivial, behaviour(weighed))

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
        code = self.idx.code(step) if step is not None else StepCode()
        return judge(g, step, code, g.trailer.person, mail, next_comments)

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
        for old_rev, old_patch, step in idx.earlier(rev, patch):
            if not _rebase_only(*newer, old_rev.version):
                steps.append(step)  # a step its author says was a rebase is drift
            newer = (old_rev, old_patch)
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
                contradiction=self._no_origin(rev, patch, tr),
            )
        old_rev, old_patch, g = found
        if steps and steps[-1].old is old_patch and _asks_rebase(g):
            steps.pop()  # the step after the giving is the rebase its giver asked for
        scope = self._scope(g.scope, patch, tr)
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
        contradiction = self._contradiction(rev, patch, tr, g, scope, status, posted)
        rejudged = cls == "carried-over-material-change" and _rejudged(
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
            co_author=_co_author(patch, tr, self.idx.people),
            applier=cls == "carried-over-material-change" and self.applier(patch, tr),
        )

    def _contradiction(
        self,
        rev: Revision,
        patch: Patch,
        tr: Trailer,
        g: Given,
        scope: tuple[str, ...] | None,
        status: str | None,
        posted: datetime | None,
    ) -> Contradiction | None:
        withdrawal = self.withdrawal(g.reply, g.trailer.person, posted)
        if withdrawal is not None:
            return withdrawal
        own_patch = not g.series and g.reply.target_key != self.idx.cover_key(
            self.idx.rev_of_reply.get(g.reply.message.key, rev)
        )
        if status == "not-met" and own_patch:
            return Contradiction(
                "condition-not-met",
                g.reply.message.message_id,
                g.date,
                (g.condition or "")[:WORDS_CHARS],
            )
        if (
            scope is not None
            and g.scope
            and not tr.extinfo
            and tr.canonical != "Acked-by"
            and _xen(patch)
            and set(patch.files) - set(scope)
        ):
            return Contradiction(
                "scope-dropped", g.reply.message.message_id, g.date, g.scope[:WORDS_CHARS]
            )
        return None

    def _no_origin(self, rev: Revision, patch: Patch, tr: Trailer) -> Contradiction | None:
        """A tag with no origin that the list contradicts (see the module docstring): its
        giver reviewed the previous posting of this patch and gave no such tag, or gave it
        on another patch of a posting that holds this one, which they reviewed without."""
        idx = self.idx
        posted = idx.posted(rev, patch)
        prev = idx.previous(rev, patch)
        if prev is None:
            return None
        old_rev, step = prev
        old_patch = step.old
        if old_patch is None or old_rev.version not in (rev.version - 1, rev.version):
            return None  # the posting before is not in the input: it may have been given there
        if old_rev.missing:
            return None  # most of that posting's thread went elsewhere: so may the tag have
        if any(
            t.canonical == tr.canonical and idx.people.same(t.person, tr.person)
            for t in old_patch.trailers
        ):
            return None  # already on the posting the giver reviewed, and left standing
        reviews = [
            r
            for r in idx.by_target.get(old_patch.message_key, [])
            if before(r.message.date, posted) and idx.people.same(r.message.author, tr.person)
        ]
        if not reviews:
            return None
        if _told_apart(rev, patch, tr) or _same_organisation(tr, rev, patch):
            return None  # the author says it was given; or a colleague's channel
        for reply in reviews:
            if _given_in_words(" ".join(own_text(reply.message.body).split()), tr):
                return None  # "FWIW, Reviewed-by: A <a@x>" inside a sentence
        if tr.canonical == "Tested-by" and any(
            idx.matches(g, tr) and before(g.date, posted)
            for other in old_rev.patches.values()
            for g in idx.given(old_rev, other)
        ):
            return None  # tested on another patch of that posting: a test runs the series
        if not old_rev.total:
            reply = reviews[-1]
        else:
            for other in old_rev.patches.values():
                if other is old_patch or set(other.files) & set(patch.files):
                    continue
                for g in idx.given(old_rev, other):
                    if idx.matches(g, tr) and before(g.date, posted) and not g.series:
                        return Contradiction(
                            "other-patch",
                            g.reply.message.message_id,
                            g.date,
                            f"given on [{other.index}/{old_rev.total}] {other.title}",
                        )
            reply = reviews[-1]
        msg = reply.message
        return Contradiction(
            "never-given",
            msg.message_id,
            msg.date,
            " ".join(own_text(msg.body).split())[:WORDS_CHARS],
        )

    # -- dropped tags ---------------------------------------------------------------------

    def dropped(
        self, rev: Revision, patch: Patch, origins: dict[tuple[int, int, str, str], TrailerOrigin]
    ) -> list[DroppedTrailer]:
        """Tags valid for the counterpart of `patch` in the revision before that it lacks."""
        idx = self.idx
        prev = idx.previous(rev, patch)
        if prev is None or is_backport(patch):
            return []
        old_rev, step = prev
        old = step.old
        if old is None:
            return []
        posted = idx.posted(rev, patch)
        # (tag, the mail it stood on, its scope, whether it was valid for that patch)
        had: list[tuple[Trailer, str | None, str | None, bool]] = []
        cover = idx.cover_key(old_rev)
        wide = {
            g.reply.message.message_id
            for g in idx.given(old_rev, old)
            if g.series or g.reply.target_key == cover
        }
        changes = idx.steps.get(id(rev))
        whole_step = [p for p in changes.patches if p.status == "modified"] if changes else []
        collect_by = posted - COLLECT_MARGIN if posted is not None else None
        for g in idx.given(old_rev, old):
            if not g.trailer.is_review or g.kept or not before(g.date, collect_by):
                continue
            had.append(
                (
                    g.trailer,
                    g.reply.message.message_id,
                    g.scope,
                    self.withdrawal(g.reply, g.trailer.person, posted) is None,
                )
            )
        for tr in old.trailers:
            if idx.self_given(old_rev, old, tr) or tr.person is None:
                continue
            if tr.canonical == "Signed-off-by":
                had.append((tr, old.message_id, None, True))
                continue
            if not tr.is_review:
                continue
            o = origins.get((old_rev.version, old.index, str(tr), str(tr.person)))
            if o is None:
                continue
            fine = o.given_on is not None and o.cls in VALID_CLASSES
            had.append((tr, o.given_by or old.message_id, o.scope, fine))
        out: list[DroppedTrailer] = []
        seen: set[tuple[str, str]] = set()
        for tr, given_by, scope_text, valid in sorted(had, key=lambda h: not h[3]):
            key = (tr.canonical, str(tr.person))
            if key in seen or any(
                t.canonical == tr.canonical and idx.people.same(t.person, tr.person)
                for t in patch.trailers
            ):
                continue
            if idx.people.same(tr.person, rev.author) or idx.people.same(tr.person, patch.author):
                continue
            seen.add(key)
            if scope_text and scope_files(scope_text, patch.files) is None:
                continue  # "(for the ACPI part)" on a patch with no ACPI file: not its tag
            scope = self._scope(scope_text, patch, tr)
            change = self.change(tr, [step], scope, frozenset())
            if given_by in wide:  # given for the whole posting: judged on the whole step
                change = self.change(tr, whole_step, scope, frozenset())
            again = next((g for g in idx.given(rev, patch) if idx.matches(g, tr)), None)
            out.append(
                DroppedTrailer(
                    tr,
                    rev.version,
                    patch.index,
                    patch.message_id,
                    patch.message_key,
                    patch.date,
                    old_rev.version,
                    given_by,
                    changed=bool(change.material),
                    changed_files=change.material,
                    scope=scope_text,
                    valid=valid,
                    resolved_by=again.reply.message.message_id if again else None,
                    resolved_at=again.date if again else None,
                )
            )
        return out
