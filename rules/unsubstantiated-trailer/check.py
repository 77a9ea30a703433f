"""TR001: a review trailer in a posted patch that its giver had not given on the list before
the revision was posted (the lineage's `TrailerOrigin` of class `no-on-list-origin`).

Off unless the input is declared to be the whole of the review: a review before posting (a
colleague's, in person) is normal in Linux and Xen, so on a list archive a tag without an
on-list origin says nothing (what the list contradicts is TR006's). The pre-send hook with
the previous revision's thread (`--thread`, `hook.thread`) is such a declaration: its author
asks that every tag of the new revision come from that thread. When the input lacks part of
the series' history the finding is `info`, naming what is missing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from patchlint.engine.series_context import SeriesContext, SeriesHit


def _iso(date: datetime | None) -> str | None:
    return date.isoformat() if date else None


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None or ctx.config.hook.thread is None:
        return
    for o in lineage.origins:
        if o.cls != "no-on-list-origin":
            continue
        tr = o.trailer
        text = (
            f"'{o.text}' in v{o.revision} has no on-list origin: {tr.person} had given "
            f"no {tr.canonical} before v{o.revision} was posted"
        )
        if "earlier_revisions_missing" in o.gaps:
            text += (
                " (v"
                + ", v".join(map(str, o.gaps["earlier_revisions_missing"]))
                + " not in the input: it may have been given there)"
            )
        elif o.gaps:
            text += (
                " (the input lacks part of v"
                + ", v".join(map(str, o.gaps["earlier_revisions_incomplete"]))
                + ": it may have been given there)"
            )
        details = {"trailer": o.text, "person": str(tr.person), "posted": _iso(o.posted), **o.gaps}
        if o.resolved_by is not None:
            details["resolved_at"] = _iso(o.resolved_at)
        yield ctx.hit(
            revision=o.revision,
            patch=o.patch,
            message_id=o.message_id,
            message=text,
            severity="info" if o.gaps else None,
            resolved_by=o.resolved_by,
            **details,
        )
