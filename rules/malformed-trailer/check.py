"""TR005: a person trailer that tools cannot use: no usable address, an address without
<angle brackets>, a misspelt name, or wrapped over two lines; in a patch, or in a reply (at
the reply). One finding per trailer, naming every problem (`analysis.trailers.checks`).
A credit tag (`Reported-by`, `Suggested-by`, `Found-by`...) in a patch that names someone
with no address at all is applied as written: not reported."""

from __future__ import annotations

from collections.abc import Iterator

from patchlint.analysis.trailers.checks import TrailerProblem
from patchlint.engine.series_context import SeriesContext, SeriesHit

_PROBLEM_TEXT = {
    "no-address": "no usable e-mail address",
    "unbracketed-address": "the address is not enclosed in <angle brackets>",
    "wrapped": "wrapped over two lines (tools read only the first)",
}


# tags that credit a person (or a tool) for a report, an idea or a find, not a sign-off or a
# review: maintainers apply `Reported-by: Jane Doe` or `Found-by: Linux Verification Center
# (linuxtesting.org) with SVACE` as written, with no address to ask for
CREDIT = frozenset(
    {
        "reported-by",
        "suggested-by",
        "found-by",
        "noticed-by",
        "diagnosed-by",
        "root-caused-by",
        "debugged-by",
        "bisected-by",
        "analyzed-by",
        "analysed-by",
        "inspired-by",
        "proposed-by",
        "based-on-idea-by",
        "mentored-by",
    }
)


def _informal_credit(p: TrailerProblem, problem: str) -> bool:
    """A credit tag in a patch that names someone with no address at all: not a problem."""
    return (
        problem == "no-address"
        and p.origin == "patch"
        and p.trailer.lname in CREDIT
        and "@" not in p.trailer.value
        and "<" not in p.trailer.value
    )


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for p in lineage.problems:
        problems = [q for q in p.problems if not _informal_credit(p, q)]
        if not problems:
            continue
        texts = [
            f"misspelt name (did you mean {p.suggestion}?)"
            if problem == "misspelt"
            else _PROBLEM_TEXT[problem]
            for problem in problems
        ]
        where = "in a reply" if p.origin == "reply" else "in the patch"
        yield ctx.hit(
            revision=p.revision,
            patch=p.patch,
            message_id=p.message_id,
            message=f"malformed trailer {where} '{p.text}': " + "; ".join(texts),
            trailer=p.text,
            problems=problems,
            suggestion=p.suggestion,
            origin=p.origin,
        )
