"""TR002: a review trailer carried into a revision whose code changed, in the part its giver
vouched for, since they gave it, and not as they asked (the lineage's `TrailerOrigin` of class
`carried-over-material-change`). Resolved when the giver gives it again on this revision.
Only a substantial change of behaviour counts (`TrailerOrigin.behaviour`, see
`analysis.trailers.behaviour`: control flow, calls, locking, a type's layout, beyond a
one-line fix). Left alone when the author says they dropped the tags of the patches that
changed much: the ones kept were weighed (`TrailerOrigin.rejudged`); and when the giver
co-developed or signed off the patch (`TrailerOrigin.co_author`): the changes are theirs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from patchlint.engine.series_context import SeriesContext, SeriesHit


def _iso(date: datetime | None) -> str | None:
    return date.isoformat() if date else None


def _files(paths: tuple[str, ...]) -> str:
    return ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for o in lineage.origins:
        if o.cls != "carried-over-material-change" or o.given_on is None or o.rejudged:
            continue
        if o.resolved_by is not None:
            continue  # given again on this revision (its cover, "for the series"): fresh
        tr = o.trailer
        if o.co_author or o.applier or not o.behaviour.substantial(ack=tr.canonical == "Acked-by"):
            continue  # their own work, or too small a change to look at again
        details = {
            "trailer": o.text,
            "person": str(tr.person),
            "posted": _iso(o.posted),
            "given_on": o.given_on,
            "given_by": o.given_by,
            "changed_files": list(o.changed_files),
            "behaviour": o.behaviour.to_dict(),
        }
        if o.scope:
            details["scope"] = o.scope
        if o.resolved_by is not None:
            details["resolved_at"] = _iso(o.resolved_at)
        what = (
            f"{o.behaviour.statements} statements: {', '.join(o.behaviour.kinds)}"
            if o.behaviour.kinds
            else f"{o.behaviour.statements} statements"
        )
        where = f" ({_files(o.changed_files)}; {what})" if o.changed_files else f" ({what})"
        yield ctx.hit(
            revision=o.revision,
            patch=o.patch,
            message_id=o.message_id,
            message=(
                f"'{o.text}' was given on v{o.given_on}, but the code it covers changed "
                f"since then{where}, not as {tr.person} asked, and they have not "
                f"confirmed it on v{o.revision}"
            ),
            resolved_by=o.resolved_by,
            **details,
        )
