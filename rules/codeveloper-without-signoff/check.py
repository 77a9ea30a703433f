"""TR011: a `Co-developed-by:` without a `Signed-off-by:` of the same person in the patch
(`analysis.trailers.tags`)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for p in lineage.tags:
        if p.kind == "codeveloper-without-signoff":
            yield ctx.hit(
                revision=p.revision,
                patch=p.patch.index,
                message_id=p.patch.message_id,
                message=(f"'{p.text}' is not followed by a Signed-off-by of {p.trailer.person}"),
                trailer=p.text,
            )
