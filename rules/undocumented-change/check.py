"""RV002: a patch of a revision 2 or later whose interdiff changes functions or files its
changelog never mentions (`analysis.revisions.changelog` says what counts as mentioned)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit

MAX_NAMED = 8  # names in the message; `details.undocumented` has them all


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    for entry in ctx.analysis.changelogs:
        rev = entry.revision
        if rev.version < 2 or rev.resend or rev.version_inferred or not entry.changelog:
            continue
        for change in entry.undocumented:
            names = change.names
            shown = ", ".join(names[:MAX_NAMED]) + (" ..." if len(names) > MAX_NAMED else "")
            yield ctx.hit(
                revision=rev,
                patch=change.patch,
                file=change.file,
                message_id=change.message_id,
                message=(
                    f"v{rev.version} changes {shown} since v{change.since}, which the "
                    "changelog does not mention"
                ),
                undocumented=names,
            )
