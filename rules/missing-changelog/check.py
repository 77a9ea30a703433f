"""RV001: a revision 2 or later (not a RESEND, not a version only inferred) that says nothing
about what changed, judged only where the input holds every place its changelog could be
(`analysis.revisions.changelog.holds_its_changelog`). A revision that only adds the trailers
its reviewers gave to an unchanged posting needs none: its interdiff is empty."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    for entry in ctx.analysis.changelogs:
        rev = entry.revision
        if rev.version < 2 or rev.resend or rev.version_inferred or entry.changelog:
            continue
        if not entry.judged or entry.only_trailers:
            continue
        where = (
            "in the cover letter"
            if rev.cover is not None
            else "below the `---` of the patch"
            if len(rev.patches) == 1
            else "below the `---` of each patch (there is no cover letter)"
        )
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message=(
                f"v{rev.version} does not say what changed since the previous version: "
                f"no changelog {where} (`v{rev.version}:`, "
                f"`Changes since v{rev.version - 1}:` or in words)"
            ),
        )
