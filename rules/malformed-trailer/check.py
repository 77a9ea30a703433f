"""TR005: a person trailer that tools cannot use: no usable address, an address without
<angle brackets>, a misspelt name, or wrapped over two lines; in a patch, or in a reply (at
the reply). One finding per trailer, naming every problem (`analysis.trailers.checks`)."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.engine.series_context import SeriesContext, SeriesHit

_PROBLEM_TEXT = {
    "no-address": "no usable e-mail address",
    "unbracketed-address": "the address is not enclosed in <angle brackets>",
    "wrapped": "wrapped over two lines (tools read only the first)",
}


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for p in lineage.problems:
        texts = [
            f"misspelt name (did you mean {p.suggestion}?)"
            if problem == "misspelt"
            else _PROBLEM_TEXT[problem]
            for problem in p.problems
        ]
        where = "in a reply" if p.origin == "reply" else "in the patch"
        yield ctx.hit(
            revision=p.revision,
            patch=p.patch,
            message_id=p.message_id,
            message=f"malformed trailer {where} '{p.text}': " + "; ".join(texts),
            trailer=p.text,
            problems=p.problems,
            suggestion=p.suggestion,
            origin=p.origin,
        )
