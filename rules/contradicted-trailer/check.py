"""TR006: a review trailer in a posted patch that the list contradicts (the lineage's
`TrailerOrigin.contradiction`): its giver reviewed an earlier posting and never gave it,
withdrew it, gave it with a condition the next posting did not meet or with a scope the
tag dropped (or for a part of a patch whose other parts, split out, carry it), or gave it
on another patch. The finding names the contradicting mail.
Resolved when the giver gives it on this revision."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from patchlint.analysis.trailers.facts import Contradiction, TrailerOrigin
from patchlint.engine.series_context import SeriesContext, SeriesHit

WORDS = 160  # of the contradicting mail's words, quoted in the message


def _iso(date: datetime | None) -> str | None:
    return date.isoformat() if date else None


def _day(date: datetime | None) -> str:
    return date.strftime("%Y-%m-%d %H:%M") if date else "an undated mail"


def _quote(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= WORDS else words[: WORDS - 3].rstrip() + "..."


def _message(o: TrailerOrigin, c: Contradiction) -> str:
    tr = o.trailer
    who = tr.person.name if tr.person is not None and tr.person.name else str(tr.person)
    mail = f"<{c.message_id}> ({_day(c.date)})"
    if c.kind == "never-given":
        return (
            f"'{o.text}' in v{o.revision}: {who} reviewed an earlier posting of this "
            f'patch in {mail} and gave no {tr.canonical} there: "{_quote(c.words)}"'
        )
    if c.kind == "withdrawn":
        return f"'{o.text}' in v{o.revision}: {who} withdrew it in {mail}: \"{_quote(c.words)}\""
    if c.kind == "condition-not-met":
        return (
            f"'{o.text}' in v{o.revision}: {who} gave it on v{o.given_on} on a condition "
            f'the next posting did not meet ({mail}): "{_quote(c.words)}"'
        )
    if c.kind == "split-out":
        return (
            f"'{o.text}' in v{o.revision}: {who} gave it on v{o.given_on} only for "
            f"{_quote(c.words)} ({mail}); this patch was split out of the one they reviewed "
            "and is outside that part"
        )
    if c.kind == "scope-dropped":
        return (
            f"'{o.text}' in v{o.revision}: {who} gave it only for {_quote(c.words)} "
            f"({mail}), but the tag carries no such limit"
        )
    return (
        f"'{o.text}' in v{o.revision}: {who} gave it for another patch ({mail}, "
        f"{_quote(c.words)}), not for this one"
    )


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    lineage = ctx.analysis.lineage
    if lineage is None:
        return
    for o in lineage.origins:
        c = o.contradiction
        if c is None:
            continue
        details = {
            "trailer": o.text,
            "person": str(o.trailer.person),
            "posted": _iso(o.posted),
            "contradiction": c.to_dict(),
        }
        if o.resolved_by is not None:
            details["resolved_at"] = _iso(o.resolved_at)
        yield ctx.hit(
            revision=o.revision,
            patch=o.patch,
            message_id=o.message_id,
            message=_message(o, c),
            resolved_by=o.resolved_by,
            **details,
        )
