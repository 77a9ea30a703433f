"""TR001: a review trailer in a posted patch that its giver had not given on the list before
the revision was posted (the lineage's `TrailerOrigin` with no origin). When the input lacks
part of the series' history the trailer may have been given there: the finding is kept, as
`info`, naming what is missing. Resolved when the giver gives it on this revision."""

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
    for o in lineage.origins:
        if o.given_on is not None:
            continue
        tr = o.trailer
        text = (f"'{o.text}' in v{o.revision} has no on-list origin: {tr.person} had given "
                f"no {tr.canonical} before v{o.revision} was posted")
        if "earlier_revisions_missing" in o.gaps:
            text += (" (v" + ", v".join(map(str, o.gaps["earlier_revisions_missing"]))
                     + " not in the input: it may have been given there)")
        elif o.gaps:
            text += (" (the input lacks part of v"
                     + ", v".join(map(str, o.gaps["earlier_revisions_incomplete"]))
                     + ": it may have been given there)")
        details = {"trailer": o.text, "person": str(tr.person), "posted": _iso(o.posted),
                   **o.gaps}
        if o.resolved_by is not None:
            details["resolved_at"] = _iso(o.resolved_at)
        yield ctx.hit(revision=o.revision, patch=o.patch, message_id=o.message_id,
                      message=text, severity="info" if o.gaps else None,
                      resolved_by=o.resolved_by, **details)
