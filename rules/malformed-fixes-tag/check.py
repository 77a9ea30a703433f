"""TR009: a `Fixes:` tag whose commit id is shorter than 12 hex digits or that does not
name the commit's subject as `("subject")` (`analysis.trailers.tags`). The message tells a
missing subject from one written in another form (`(subject)` unquoted, `: "subject"`)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.trailers.tags import FIXES_DIGITS
from patchlint.engine.series_context import SeriesContext, SeriesHit


def _no_subject(rest: str) -> str:
    """What is wrong after the id: nothing there, or a subject not in `("subject")`."""
    if not rest.strip():
        return 'the commit\'s subject is missing (`("subject")` after the id)'
    return 'the commit\'s subject is not in the form `("subject")`'


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    found: dict[tuple[int, int, str], list[str]] = {}
    where = {}
    for p in lineage.tags:
        if p.kind == "fixes-short-id":
            what = f"the commit id has {len(p.detail)} hex digits, fewer than {FIXES_DIGITS}"
        elif p.kind == "fixes-no-subject":
            what = _no_subject(p.detail)
        else:
            continue
        key = (p.revision, p.patch.index, p.text)
        found.setdefault(key, []).append(what)
        where[key] = p
    for key, whats in found.items():
        p = where[key]
        yield ctx.hit(
            revision=p.revision,
            patch=p.patch.index,
            message_id=p.patch.message_id,
            message=f"malformed '{p.text}': " + "; ".join(whats),
            trailer=p.text,
            problems=[q.kind for q in lineage.tags if (q.revision, q.patch.index, q.text) == key],
        )
