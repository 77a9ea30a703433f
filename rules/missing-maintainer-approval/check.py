"""MA001: under Xen's check-in policy, on the revision that matters, files with no Acked-by
or Reviewed-by (or the sender's own sign-off) from a maintainer of their most specific
MAINTAINERS section: one finding per patch and group of files needing the same people,
naming the people any one of whom would do.

Silent while the revision is under review (an RFC, an objection, an open comment, nobody has
reviewed it yet: approval is missing as a matter of course, and the report's approval section
already says so), and for files none of whose required maintainers the series addressed or
heard from (the MAINTAINERS file is then not of the posting's time: today's file on an old
thread names people nobody asked). A level raised in `[profiles.rules]` reports a ready
revision only, as before."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    approval = ctx.analysis.approval
    if approval is None:
        return
    # imported only by runs that judge approvals (start-up of a hook's check)
    from patchlint.analysis.approval.wording import files_text, people_text, would_do

    for rev, ra in zip(ctx.series.revisions, approval.revisions, strict=True):
        if ra.policy != "xen" or not ra.matters or ra.withdrawn is not None or not ra.covered:
            continue
        if ra.under_review:
            continue
        for p in ra.patches:
            for sections, files in p.missing_groups():
                if not any(f.required_reached for f in files):
                    continue
                people = [a for s in sections for a in s.maintainers]
                names = " / ".join(s.name for s in sections)
                stand_ins = list(dict.fromkeys(a for f in files for a in f.stand_ins))
                text = (
                    f"{files_text([f.path for f in files])}: no Acked-by or Reviewed-by "
                    f"from a maintainer of {names}; {would_do(people)}"
                )
                if stand_ins:
                    text += (
                        f" ({people_text(stand_ins)}, a more general maintainer, "
                        "approved: that stands in only in unusual circumstances)"
                    )
                yield ctx.hit(
                    revision=rev,
                    patch=p.index,
                    file=files[0].path if len(files) == 1 else None,
                    message_id=p.message_id,
                    message=text,
                    files=[f.path for f in files],
                    sections=[s.name for s in sections],
                    maintainers=[str(a) for a in people],
                    stand_ins=[str(a) for a in stand_ins],
                )
