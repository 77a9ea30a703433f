"""The tags a new posting dropped. A tag P's counterpart in N-1 had (given by reply, or
carried in that patch mail, or another person's Signed-off-by there) that P lacks. A reply's
tag given less than COLLECT_MARGIN before N was posted came too late for N (`late`): it is
dropped only when the posting after N does not carry it either (nor, without one, has anything
taken it yet: the committer must). It was `valid` when given by reply, not withdrawn and its
condition not judged unmet, carried with an on-list origin and a class in VALID_CLASSES, or a
Signed-off-by. A tag whose scope names none of P's files is not P's; one given for the whole
posting (on the cover, or for the series) changed with any patch of the step, and is not
dropped from P when the new posting carries it on another patch (the author placed it). An
Acked-by whose giver's Reviewed-by stands on P is not dropped. A tag whose condition N met
(`conditions`) is judged on what changed besides the code words the condition named; a met
condition naming none does not make a material change the one asked for ("With the
now-unused function (also noticed by Jan) dealt with, you can add my: Tested-by", xen-devel
2022, stays a drop over a change): taking "met" as enough gave TR007 two false positives on
the unseen and holdout lists, where the judge's "met" was wrong."""

from __future__ import annotations

from datetime import timedelta

from patchlint.analysis.trailers.carried import Judge
from patchlint.analysis.trailers.checks import is_backport
from patchlint.analysis.trailers.facts import DroppedTrailer, TrailerOrigin
from patchlint.analysis.trailers.index import SeriesIndex, before
from patchlint.analysis.trailers.scope import scope_files
from patchlint.model.patch import Patch
from patchlint.model.series import Revision
from patchlint.model.trailers import Trailer

# a tag carried with one of these classes stood for the patch that carried it
VALID_CLASSES = (
    "carried-unchanged",
    "carried-over-trivial-change",
    "carried-condition-met",
    "given-for-this-revision",
)
# a tag given less than this before the next posting came too late for it: the posting
# was on its way (Christoph Hellwig's ack two minutes before 'Swiotlb: Add Swiotlb bounce
# buffer remap function for HV IVM' v5, carried by v6)
COLLECT_MARGIN = timedelta(hours=1)
# a tag the same giver's other tag says too: their Reviewed-by on the patch says all their
# earlier Acked-by did (submitting-patches.rst: Reviewed-by is the stronger statement)
_STANDS_FOR = {"Acked-by": ("Acked-by", "Reviewed-by")}


def _placed_elsewhere(idx: SeriesIndex, rev: Revision, patch: Patch, tr: Trailer) -> bool:
    """Another patch of the new posting carries the tag: the author placed a tag given for
    the whole posting where it belongs (a maintainer's series ack kept on the patches in
    his area), and its absence here is that choice, not an oversight."""
    return any(
        t.canonical == tr.canonical and idx.people.same(t.person, tr.person)
        for other in rev.patches.values()
        if other is not patch
        for t in other.trailers
    )


def _carried_next(idx: SeriesIndex, rev: Revision, patch: Patch, tr: Trailer) -> bool:
    """The posting after `rev` carries the tag in the patch that continues `patch`: a tag
    that came too late for `rev` was collected where it could be."""
    following = idx.following(rev, patch)
    new = following[1].new if following is not None else None
    return new is not None and any(
        t.canonical == tr.canonical and idx.people.same(t.person, tr.person) for t in new.trailers
    )


def dropped_tags(
    judge: Judge,
    rev: Revision,
    patch: Patch,
    origins: dict[tuple[int, int, str, str], TrailerOrigin],
) -> list[DroppedTrailer]:
    """Tags valid for the counterpart of `patch` in the revision before that it lacks (see the
    module docstring), judged with `judge`."""
    idx = judge.idx
    prev = idx.previous(rev, patch)
    if prev is None or is_backport(patch):
        return []
    old_rev, step = prev
    old = step.old
    if old is None:
        return []
    posted = idx.posted(rev, patch)
    # (tag, the mail it stood on, its scope, whether it was valid for that patch, what its
    # condition asked for (None: no condition met), whether it came too late to collect)
    had: list[tuple[Trailer, str | None, str | None, bool, frozenset[str] | None, bool]] = []
    cover = idx.cover_key(old_rev)
    wide = {
        g.reply.message.message_id
        for g in idx.given(old_rev, old)
        if g.series or idx.target(g.reply) == cover
    }
    changes = idx.steps.get(id(rev))
    whole_step = [p for p in changes.patches if p.status == "modified"] if changes else []
    collect_by = posted - COLLECT_MARGIN if posted is not None else None
    for g in idx.given(old_rev, old):
        if not g.trailer.is_review or g.kept:
            continue
        if not before(g.date, posted):
            continue  # given after N was posted: nothing N could have carried
        late = not before(g.date, collect_by)
        if late and _carried_next(idx, rev, patch, g.trailer):
            continue  # too late for this posting, collected by the next one
        status, asked = judge.condition(old_rev, old, g)
        had.append(
            (
                g.trailer,
                g.reply.message.message_id,
                g.scope,
                status != "not-met" and judge.withdrawal(g.reply, g.trailer.person, posted) is None,
                asked if status == "met" else None,
                late,
            )
        )
    for tr in old.trailers:
        if idx.self_given(old_rev, old, tr) or tr.person is None:
            continue
        if tr.canonical == "Signed-off-by":
            had.append((tr, old.message_id, None, True, None, False))
            continue
        if not tr.is_review:
            continue
        o = origins.get((old_rev.version, old.index, str(tr), str(tr.person)))
        if o is None:
            continue
        fine = o.given_on is not None and o.cls in VALID_CLASSES
        had.append((tr, o.given_by or old.message_id, o.scope, fine, None, False))
    out: list[DroppedTrailer] = []
    seen: set[tuple[str, str]] = set()
    for tr, given_by, scope_text, valid, met, late in sorted(had, key=lambda h: not h[3]):
        key = (tr.canonical, str(tr.person))
        if key in seen or any(
            t.canonical in _STANDS_FOR.get(tr.canonical, (tr.canonical,))
            and idx.people.same(t.person, tr.person)
            for t in patch.trailers
        ):
            continue
        if idx.people.same(tr.person, rev.author) or idx.people.same(tr.person, patch.author):
            continue
        seen.add(key)
        if scope_text and scope_files(scope_text, patch.files) is None:
            continue  # "(for the ACPI part)" on a patch with no ACPI file: not its tag
        if given_by in wide and _placed_elsewhere(idx, rev, patch, tr):
            continue  # a tag for the whole posting the author put on some patches only
        scope = judge.covered_files(scope_text, patch, tr)
        asked = met or frozenset()
        change = judge.change(tr, [step], scope, asked)
        if given_by in wide:  # given for the whole posting: judged on the whole step
            change = judge.change(tr, whole_step, scope, asked)
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
                late=late,
            )
        )
    return out
