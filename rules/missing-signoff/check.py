"""TR003: a posted patch without a Signed-off-by from its author (the lineage's sign-off
verdict `missing`; `analysis.trailers.checks` says what counts as the author's)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for s in lineage.signoffs:
        if s.verdict.problem != "missing":
            continue
        author = str(s.patch.author) or "(unknown)"
        yield ctx.hit(
            revision=s.revision,
            patch=s.patch.index,
            message_id=s.patch.message_id,
            message=f"no Signed-off-by from the patch author {author}",
            author=author,
        )
