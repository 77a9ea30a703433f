"""TR002: a review trailer carried into a revision whose patch changed materially since its
giver gave it (the lineage's `TrailerOrigin` with an origin and `changed_since`). Resolved
when the giver gives it again on this revision."""

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
        if o.given_on is None or not o.changed_since:
            continue
        tr = o.trailer
        details = {"trailer": o.text, "person": str(tr.person), "posted": _iso(o.posted),
                   "given_on": o.given_on, "given_by": o.given_by}
        if o.resolved_by is not None:
            details["resolved_at"] = _iso(o.resolved_at)
        yield ctx.hit(
            revision=o.revision, patch=o.patch, message_id=o.message_id,
            message=(f"'{o.text}' was given on v{o.given_on}, but the patch changed since "
                     f"then and {tr.person} has not confirmed it on v{o.revision}"),
            resolved_by=o.resolved_by, **details)
