"""Trailer lineage: where every trailer of a series came from, what its giver said with it,
and what became of it.

Entry point: `analyse_lineage(series, interdiffs, comments) -> Lineage`, with `interdiffs`
from `analysis.revisions.compare.series_interdiffs(series)` (it pairs each patch with its
counterpart in the revision before) and `comments` from
`analysis.discussion.comments.review_comments` (a change the giver asked for is not a
change behind their back). The series rules judge what it found (`rules/`: TR001, TR002,
TR006 and TR007 from `origins` and `dropped`; TR003, TR004 from `signoffs`; TR005 and the
single-trailer checks from `problems` and `checks`). The facts are defined in `facts`, the
classification in `carried`; what the classes mean is in docs/trailers.md.

`Lineage.entries`: one `TrailerEntry` per trailer in a posted patch (origin "patch") and per
trailer given in a reply (origin "reply"), with the revision and patch it applies to, and
for a reply's the words its giver wrote around it (`analysis.trailers.words`: scope,
condition, stated for the series) and its withdrawal; for a patch's review tags, the
carried class and the mail it was given in. A trailer given in reply to a cover letter
covers the whole revision: it is ONE entry with `patch` None (`Lineage.for_patch` expands
it, as b4 and `model.given.given_trailers` do); one stated for the series in reply to one
patch (`series`) covers the revision too. A reply to an earlier revision applies to that
revision. Patches a partial re-roll carries over are not repeated: their trailers are
entries of the revision that posted them. A tag the next posting of a patch lacks is an
entry too, class `dropped` (and a `DroppedTrailer` in `dropped`).

`Lineage.origins`: for each review trailer (`Trailer.is_review`) in a posted patch of
revision N whose giver is not its author or sender: where its giver had given it on the
list before N was posted (`TrailerOrigin`; see `carried` for the origin, the change since,
the class and the contradictions). "Posted" is the patch's Date:, unless that is not later
than its counterpart's in the revision before (the tool kept the commit's author date):
then the first reply to the revision is the bound used. Prose ("happy for this to be folded
in with my Acked-by") is no trailer, so no origin; "retain my R-b" from one who gave it is.
`resolved_by`: the giver's later reply giving it on revision N itself. `gaps`, for a
trailer with no origin: what the input lacks of N's history.

`Lineage.history`: what the input lacks of the whole series' review, said once: earlier
versions than the first in the input (`earlier_revisions_missing`), revisions with patches
missing (`earlier_revisions_incomplete`).

`Lineage.signoffs` and `Lineage.problems`: each posted patch's sign-off verdict and each
trailer with something wrong with it, in patches and in replies (`analysis.trailers.checks`).

`Lineage.events` and `Lineage.applied` come from `analysis.discussion.outcome`: holds,
retractions, NAKs and the stated outcome; `applied_revision` is the version a report marks
"applied". Nothing in the model is changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from patchlint.analysis.discussion.model import ReviewComment
from patchlint.analysis.discussion.outcome import ThreadEvent, applied_event, series_events
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.analysis.trailers.carried import Judge
from patchlint.analysis.trailers.checks import is_backport as is_backport  # rules import it here
from patchlint.analysis.trailers.checks import signoff_checks, trailer_problems_of
from patchlint.analysis.trailers.dropped import dropped_tags
from patchlint.analysis.trailers.facts import (
    Contradiction,
    DroppedTrailer,
    Lineage,
    TrailerEntry,
    TrailerOrigin,
)
from patchlint.analysis.trailers.index import SeriesIndex
from patchlint.analysis.trailers.scope import scope_files
from patchlint.analysis.trailers.tags import tag_problems
from patchlint.analysis.trailers.words import Given
from patchlint.maintainers.file import MaintainersFile
from patchlint.model.message import sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Series

__all__ = [
    "Contradiction",
    "DroppedTrailer",
    "Lineage",
    "TrailerEntry",
    "TrailerOrigin",
    "analyse_lineage",
]


def _scope(g: Given | None, patches: Sequence[Patch]) -> str | None:
    """A reply tag's scope: as its giver wrote it, else the part a quoted request asked it
    for, named by the files that part covers ("CHANGELOG.md (the changelog entry, as
    asked)"); None when neither names anything."""
    if g is None:
        return None
    if g.scope or not g.asked:
        return g.scope
    files = scope_files(g.asked, [f for p in patches for f in p.files])
    return f"{', '.join(files)} ({g.asked}, as asked)" if files else None


def _entries(
    idx: SeriesIndex,
    judge: Judge,
    origins: dict[tuple[int, int, str, str], TrailerOrigin],
    events: Sequence[ThreadEvent],
) -> list[TrailerEntry]:
    out: list[TrailerEntry] = []
    for rev in idx.series.revisions:
        cover = rev.cover.key if rev.cover is not None else None
        by_key = {p.message_key: p.index for p in rev.patches.values()}
        for index, patch in sorted(rev.patches.items()):
            for tr in patch.trailers:
                o = origins.get((rev.version, index, str(tr), str(tr.person)))
                out.append(
                    TrailerEntry(
                        tr,
                        "patch",
                        patch.message_id,
                        patch.message_key,
                        rev.version,
                        index,
                        patch.date,
                        idx.people.same(tr.person, rev.author),
                        scope=o.scope if o else None,
                        condition=o.condition if o else None,
                        condition_status=o.condition_status if o else None,
                        cls=o.cls if o else None,
                        given_by=o.given_by if o else None,
                    )
                )
        for reply in idx.replies_of(rev):
            key = idx.target(reply)
            if key is None or (key != cover and key not in by_key):
                continue
            target = None if key == cover else by_key[key]
            msg = reply.message
            words = {id(g.trailer): g for g in idx.words(reply) if not g.kept}
            for tr in reply.trailers:
                g = words.get(id(tr))
                gone = judge.withdrawal(reply, tr.person)
                withdrawn = gone.message_id if gone is not None else None
                series = bool(g and g.series and target is not None)
                patches = rev.sorted_patches if target is None or series else [rev.patches[target]]
                out.append(
                    TrailerEntry(
                        tr,
                        "reply",
                        msg.message_id,
                        msg.key,
                        rev.version,
                        target,
                        msg.date,
                        True,
                        scope=_scope(g, patches),
                        condition=g.condition if g else None,
                        condition_status=judge.condition_status(rev, patches, g) if g else None,
                        series=series,
                        withdrawn=withdrawn,
                    )
                )
            for tr in reply.mismatched_trailers:
                out.append(
                    TrailerEntry(
                        tr, "reply", msg.message_id, msg.key, rev.version, target, msg.date, False
                    )
                )
    return out


def _origins(idx: SeriesIndex, judge: Judge) -> list[TrailerOrigin]:
    out: list[TrailerOrigin] = []
    for rev in idx.series.revisions:
        for _, patch in sorted(rev.patches.items()):
            for tr in patch.trailers:
                if not tr.is_review or tr.person is None or idx.self_given(rev, patch, tr):
                    continue
                out.append(judge.origin(rev, patch, tr))
    return out


def _history(idx: SeriesIndex) -> dict[str, list[int]]:
    """What the input lacks of the series' review: versions before the first one in the
    input, and revisions with patches missing."""
    revisions = idx.series.revisions
    if not revisions:
        return {}
    gaps = idx.history_gaps(revisions[-1])
    first = min(r.version for r in revisions)
    missing = [v for v in gaps.get("earlier_revisions_missing", []) if v < first]
    out = {"earlier_revisions_missing": missing} if missing else {}
    incomplete = sorted({r.version for r in revisions if r.missing})
    if incomplete:
        out["earlier_revisions_incomplete"] = incomplete
    return out


def analyse_lineage(
    series: Series,
    interdiffs: list[RevisionInterdiff],
    comments: Sequence[ReviewComment] = (),
    maintainers: MaintainersFile | None = None,
    tree: object | None = None,
) -> Lineage:
    """Trailer lineage, trailer and sign-off checks, holds and outcome of one series
    (`maintainers`: a MAINTAINERS file, which scopes an Acked-by to its giver's files;
    `tree`: the `--tree` reader, which looks up the commits `Fixes:` tags name)."""
    idx = SeriesIndex(series, interdiffs)
    events = series_events(series, idx.people)
    judge = Judge(idx, comments, events, maintainers)
    origins = _origins(idx, judge)
    by_key = {(o.revision, o.patch, f"{o.trailer}", str(o.trailer.person)): o for o in origins}
    dropped = [
        d
        for rev in series.revisions
        for _, patch in sorted(rev.patches.items())
        for d in dropped_tags(judge, rev, patch, by_key)
    ]
    entries = _entries(idx, judge, by_key, events) + [d.entry() for d in dropped]
    entries.sort(
        key=lambda e: (
            e.revision,
            e.patch or 0,
            e.cls == "dropped",
            sort_time(e.date),
            e.origin != "patch",
            e.trailer.line,
        )
    )
    return Lineage(
        entries=entries,
        origins=origins,
        dropped=dropped,
        signoffs=signoff_checks(series, idx.people),
        problems=trailer_problems_of(series),
        tags=tag_problems(series, idx.people, tree),
        events=events,
        applied=applied_event(events),
        people=idx.people,
        history=_history(idx),
        moved=idx.moved,
    )
