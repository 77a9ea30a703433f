"""TR012: with `--tree` (a git checkout), a `Fixes:` tag whose commit id names no commit in
the tree's repository (`analysis.trailers.tags`, `git cat-file -e`)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for p in lineage.tags:
        if p.kind == "fixes-unknown-commit":
            yield ctx.hit(
                revision=p.revision,
                patch=p.patch.index,
                message_id=p.patch.message_id,
                message=(f"'{p.text}': no commit {p.detail} in the tree's repository"),
                trailer=p.text,
                commit=p.detail,
            )
