"""TR010: a robot's `Reported-by:` (syzbot, the kernel test robot) without the `Closes:` (or
`Link:`) to its public report, in a patch posted since April 2023 (`analysis.trailers.tags`)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for p in lineage.tags:
        if p.kind == "reported-without-closes":
            yield ctx.hit(
                revision=p.revision,
                patch=p.patch.index,
                message_id=p.patch.message_id,
                message=(f"'{p.text}' has no 'Closes:' link to the report it credits"),
                trailer=p.text,
            )
