"""MA002: under Xen's check-in policy, on the revision that matters, a patch nobody but its
writer approved: no Reviewed-by from anyone, no Acked-by from a maintainer of a section
covering its files. An Acked-by from someone who maintains none of them is named, as it
does not count.

Silent while the revision is under review (see MA001), and when an Acked-by comes from
someone the MAINTAINERS file names nowhere: the thread treats them as a maintainer, so the
file is more likely not of the posting's time than the ack an outsider's."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    approval = ctx.analysis.approval
    if approval is None:
        return
    for rev, ra in zip(ctx.series.revisions, approval.revisions, strict=True):
        if ra.policy != "xen" or not ra.matters or ra.withdrawn is not None or not ra.covered:
            continue
        if ra.under_review:
            continue
        for p in ra.patches:
            if not p.lacks_independent or p.unknown_ackers:
                continue
            writer = str(p.author)
            acks = list(
                dict.fromkeys(
                    str(a.person) for a in p.approvals if a.counts and a.kind == "Acked-by"
                )
            )
            text = (
                f"no approval from anyone other than its author ({writer}): it needs a "
                "Reviewed-by from anyone or an Acked-by from a maintainer"
            )
            if acks:
                text += (
                    f"; the Acked-by of {', '.join(acks)} does not count, as no section "
                    "covering these files lists them as a maintainer"
                )
            yield ctx.hit(
                revision=rev,
                patch=p.index,
                message_id=p.message_id,
                message=text,
                author=writer,
                non_maintainer_acks=acks,
            )
