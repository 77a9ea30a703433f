"""RV001: a revision 2 or later (not a RESEND, not a version only inferred) whose notes,
after `---` or in the cover letter, say nothing about what changed."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    for entry in ctx.analysis.changelogs:
        rev = entry.revision
        if rev.version < 2 or rev.resend or rev.version_inferred or entry.changelog:
            continue
        yield ctx.hit(
            revision=rev, message_id=rev.message_id,
            message=(f"v{rev.version} does not say what changed since the previous version "
                     "(no `vN:`/`Changes since` notes after `---` or in the cover letter)"))
