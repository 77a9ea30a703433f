"""What the list says against a tag in a posted patch (what TR006 reports). For a tag in P:

never-given     no origin, and its giver reviewed the previous posting of P (a reply of
                theirs to P's counterpart in N-1 itself, N-1 in the input, before N was
                posted) without giving this tag there, not even in a sentence with their
                address ("FWIW, Reviewed-by: A <a@x>", a misspelt "Reviwed-by:"), nor for a
                Tested-by in a report of their own test that the patch works ("I ran this
                patch through 14 syzkaller tests [...] we can call this fixed"); not when
                that counterpart already carried the tag (the giver saw it and let it
                stand), when giver and author share an employer (a review inside the
                company), nor when N's changelog says the tag was added or collected
                (the author states where it came from), nor for a Tested-by its giver
                gave on another patch of N-1 (a test runs the series), nor when N-1 is
                not whole in the input (patches missing: its review went elsewhere too),
                nor when the two titles share under half their words (`retitled`: paired
                by code alone, the review there was of another change), nor when a reply
                in that patch's thread answers a mail the input lacks (`thread_hole`: part
                of the review went elsewhere, and only mail the input holds contradicts);
withdrawn       the giver withdrew it ("I withdraw my R-b") after its origin, before N
                was posted, and did not give it again (`carried.Judge.withdrawal`);
split-out       its giver limited it to a part of the patch they reviewed, the next
                posting split that patch, and P is a split-out patch outside the part
                (`outside`: the scope leaves out all of P's files, "(driver changes all
                split out)", or names files of the reviewed patch and none of P's);
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
"""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.analysis.discussion.own_words import own_text
from patchlint.analysis.trailers.areas import xen_tree
from patchlint.analysis.trailers.author_says import told_apart
from patchlint.analysis.trailers.authorship import same_organisation
from patchlint.analysis.trailers.facts import Contradiction
from patchlint.analysis.trailers.giver_says import given_in_words, reports_good_test
from patchlint.analysis.trailers.index import SeriesIndex, before
from patchlint.analysis.trailers.scope import excludes, scope_files
from patchlint.analysis.trailers.words import Given
from patchlint.model.patch import Patch
from patchlint.model.series import Revision
from patchlint.model.trailers import Trailer

WORDS_CHARS = 300  # of a contradicting mail's words, quoted in the fact


def posting_contradiction(
    idx: SeriesIndex,
    rev: Revision,
    patch: Patch,
    tr: Trailer,
    g: Given,
    scope: tuple[str, ...] | None,
    status: str | None,
    split_from: Patch | None = None,
) -> Contradiction | None:
    """A tag with an origin that the list contradicts, its withdrawal aside: carried onto a
    patch split out of the one it was given on, outside the part its giver limited it to;
    its condition not met (given on this patch); or in a Xen patch its scope dropped."""
    own_patch = not g.series and idx.target(g.reply) != idx.cover_key(
        idx.rev_of_reply.get(g.reply.message.key, rev)
    )
    if split_from is not None and g.scope and own_patch and outside(g.scope, split_from, patch):
        return Contradiction("split-out", g.reply.message.message_id, g.date, g.scope[:WORDS_CHARS])
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
        and xen_tree(patch)
        and set(patch.files) - set(scope)
    ):
        return Contradiction(
            "scope-dropped", g.reply.message.message_id, g.date, g.scope[:WORDS_CHARS]
        )
    return None


_TITLE_WORD = lazyre.compile(r"[a-z0-9_]{3,}", re.I)
SAME_TITLE = 0.5  # of the two titles' words (subsystem prefix aside) in common


def retitled(old: Patch, new: Patch) -> bool:
    """The two postings' titles share under half their words (the subsystem prefix left
    out): the interdiff paired them by files and code, not as one change reworked. The
    virtualization list's 'vdpa: conditionally read STATUS in config space' (February 2023,
    sent under the wrong version) was paired with October's 'vdpa: show dev config as-is in
    "vdpa dev show" output', of another series: Parav Pandit's review of the latter is no
    review of the former, whose tag he gave in a thread the grouping put elsewhere."""

    def words(p: Patch) -> set[str]:
        title = p.title.lower()
        return set(_TITLE_WORD.findall(title.split(": ", 1)[-1]))

    a, b = words(old), words(new)
    if not a or not b:
        return False
    return len(a & b) / len(a | b) < SAME_TITLE


def thread_hole(idx: SeriesIndex, rev: Revision, patch: Patch) -> bool:
    """A reply in the thread of `patch` answers a mail the input does not hold: part of the
    review went to a list or to people this input does not have (only mail the input holds
    can contradict a tag; the missing mail may be the one that gave it)."""
    known = {p.message_key for r in idx.series.revisions for p in r.patches.values()}
    known |= {r.cover.key for r in idx.series.revisions if r.cover is not None}
    known |= {reply.message.key for r in idx.series.revisions for reply in r.replies}
    return any(
        reply.target_key == patch.message_key
        and reply.parent_key is not None
        and reply.parent_key not in known
        for reply in rev.replies
    )


def outside(scope: str, source: Patch, patch: Patch) -> bool:
    """`patch`, split out of `source`, lies outside the part of `source` a tag's scope
    names: the scope leaves out all its files ("(driver changes all split out)"), or names
    files of `source` and none of `patch`'s ("For the hid-hyperv.c changes")."""
    if excludes(scope, patch.files):
        return True
    named = scope_files(scope, source.files)
    return named is not None and bool(named) and not set(named) & set(patch.files)


def no_origin(idx: SeriesIndex, rev: Revision, patch: Patch, tr: Trailer) -> Contradiction | None:
    """A tag with no origin that the list contradicts (see the module docstring): its
    giver reviewed the previous posting of this patch and gave no such tag, or gave it
    on another patch of a posting that holds this one, which they reviewed without."""
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
    if retitled(old_patch, patch):
        return None  # paired by its code alone: the review there was of another change
    if thread_hole(idx, old_rev, old_patch):
        return None  # a mail of that patch's thread is not in the input: the tag may be there
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
    if told_apart(rev, patch, tr) or same_organisation(tr, rev, patch):
        return None  # the author says it was given; or a colleague's channel
    for reply in reviews:
        own = " ".join(own_text(reply.message.body).split())
        if given_in_words(own, tr):
            return None  # "FWIW, Reviewed-by: A <a@x>" inside a sentence
        if tr.canonical == "Tested-by" and reports_good_test(own):
            return None  # "I ran this patch through 14 syzkaller tests [...] fixed"
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
