"""TR008: the same person trailer twice in one posted patch (`analysis.trailers.tags`)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for p in lineage.tags:
        if p.kind == "duplicate":
            yield ctx.hit(
                revision=p.revision,
                patch=p.patch.index,
                message_id=p.patch.message_id,
                message=f"'{p.text}' appears twice in the trailers ({p.detail})",
                trailer=p.text,
            )
