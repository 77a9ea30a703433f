"""TR004: the author signs off, but not with the address the patch is from (checkpatch's
"From:/Signed-off-by: email address mismatch"; the lineage's sign-off verdict `mismatch`),
unless the whole input shows the pair to be the sender's standing practice
(`analysis.trailers.practice`: the same pair in 3+ series, none objected to)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.people import email_key
from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for s in lineage.signoffs:
        signoff = s.verdict.signoff
        if s.verdict.problem != "mismatch" or signoff is None:
            continue
        patch = s.patch
        if signoff.person is not None and (
            (email_key(patch.author.email), email_key(signoff.person.email))
            in ctx.series.signoff_practice
        ):
            continue  # the sender's standing arrangement across the input (`practice`)
        author = str(patch.author) or "(unknown)"
        yield ctx.hit(
            revision=s.revision,
            patch=patch.index,
            message_id=patch.message_id,
            message=(
                f"From: {author} but the author signs off as '{signoff.value}' "
                "(email address mismatch)"
            ),
            author=author,
            signoff=signoff.value,
            author_email=email_key(patch.author.email),
        )
