"""TR007: a valid tag of the previous posting of a patch that this posting lacks, although
the patch did not change (or changed only as its giver asked, or as the tag's condition
asked, or outside the part the tag covers): the lineage's `DroppedTrailer` with `valid` and
not `changed`. One given too late for this posting (`late`) says so: the committer or the
next posting can still take it. Resolved when the giver gives it again on this revision."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from patchlint.engine.series_context import SeriesContext, SeriesHit


def _iso(date: datetime | None) -> str | None:
    return date.isoformat() if date else None


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for d in lineage.dropped:
        if not d.valid or d.changed:
            continue
        tr = d.trailer
        where = f" (for {d.scope})" if d.scope else ""
        details = {
            "trailer": d.text,
            "person": str(tr.person),
            "from_revision": d.from_revision,
            "given_by": d.given_by,
        }
        if d.resolved_by is not None:
            details["resolved_at"] = _iso(d.resolved_at)
        why = (
            "whose patch changed only as its giver's condition asked"
            if d.changed_files
            else "whose patch did not change where it applies"
        )
        late = (
            f" (given less than an hour before v{d.revision} was posted: add it on commit "
            "or in the next posting)"
            if d.late
            else ""
        )
        if d.late:
            details["late"] = True
        yield ctx.hit(
            revision=d.revision,
            patch=d.patch,
            message_id=d.message_id,
            message=(
                f"'{d.text}'{where} stood on v{d.from_revision} and was dropped from "
                f"v{d.revision}, {why}{late}"
            ),
            resolved_by=d.resolved_by,
            **details,
        )
