"""A sender's standing sign-off arrangement, from the whole input.

Some regulars always send from one address and sign off with another (DRM's Daniel Vetter
from ffwll.ch with an intel.com sign-off, Christian König from gmail with an amd.com one),
and their subsystem has applied it that way for years: checkpatch's "From:/Signed-off-by:
email address mismatch" is true and nobody posts about it. One series cannot tell that
from a newcomer's misconfigured mailer; the same pair across the input's other series can.

A (sender, sign-off) pair is the sender's **established practice** when the patches of at
least `MIN_SERIES` different series carry it (the author's own sign-off, matched by name or
address as TR004 matches it, in another address than the patch is from), those series span
at least `MIN_SPAN` (first posting to last: a pair that has stood for a year, not a mailer
misconfigured for a month, which is what an intern's four series in five weeks or a
newcomer's re-spins show), and no reply in any of them objects to it (a reviewer or bot's
"mismatch", "doesn't match", "same/different address" in their own unquoted lines). One
objection anywhere and the pair is nobody's practice: someone did post about it.

The index is input-wide, so it is built where the whole grouping is (the one-process run
and the Dask run's client, right after grouping) and each series carries the pairs that
concern it (`Series.signoff_practice`) to whichever worker reviews it. It costs one sign-off
verdict per patch (what the lineage computes anyway, without its reply analyses) and a
regex over the replies of the few series that have a mismatch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from patchlint import lazyre
from patchlint.analysis.people import People, email_key
from patchlint.analysis.trailers.checks import signoff_checks
from patchlint.model.body import unquoted_text
from patchlint.model.message import sort_time
from patchlint.model.series import Series

MIN_SERIES = 3  # different series carrying the pair, none objected to
MIN_SPAN = timedelta(days=365)  # from the first of them to the last

Pair = tuple[str, str]  # (the sender's address key, the sign-off's address key)

_OBJECTION = lazyre.compile(
    r"\bmis-?match|\b(?:doesn'?t|does not|don'?t|do not|won'?t)\s+match"
    r"|\b(?:same|different|wrong|correct|right)\s+(?:e-?mail\s+)?(?:address|e-?mail)"
    r"|\bFROM_SIGN_OFF_MISMATCH\b",
    re.I,
)


def mismatched_pairs(series: Series) -> set[Pair]:
    """The (sender, sign-off) pairs of the series' patches whose author signs off in
    another address than the one the patch is from (TR004's `mismatch` verdict)."""
    people = People()
    for rev in series.revisions:
        people.add(rev.author)
        for patch in rev.patches.values():
            people.add(patch.author)
            for tr in patch.trailers:
                people.add(tr.person)
    pairs: set[Pair] = set()
    for check in signoff_checks(series, people):
        signoff = check.verdict.signoff
        if check.verdict.problem == "mismatch" and signoff is not None and signoff.person:
            pairs.add((email_key(check.patch.author.email), email_key(signoff.person.email)))
    return pairs


def objected(series: Series, pair: Pair) -> bool:
    """Whether a reply in the series, not the sender's own, says the addresses differ."""
    for rev in series.revisions:
        for reply in rev.replies:
            if email_key(reply.message.author.email) in pair:
                continue
            if _OBJECTION.search(unquoted_text(reply.message.body)):
                return True
    return False


def established_pairs(all_series: Iterable[Series]) -> tuple[dict[int, set[Pair]], set[Pair]]:
    """Each series' mismatched pairs (by its position) and the pairs that are established
    practice over all of them (see the module docstring)."""
    of_series: dict[int, set[Pair]] = {}
    carriers: dict[Pair, int] = {}
    dates: dict[Pair, list[float]] = {}  # the postings' times (`sort_time`)
    refused: set[Pair] = set()
    for i, series in enumerate(all_series):
        pairs = mismatched_pairs(series)
        if not pairs:
            continue
        of_series[i] = pairs
        posted = [sort_time(rev.date) for rev in series.revisions if rev.date is not None]
        for pair in pairs:
            carriers[pair] = carriers.get(pair, 0) + 1
            dates.setdefault(pair, []).extend(posted)
            if pair not in refused and objected(series, pair):
                refused.add(pair)
    standing = {
        p
        for p, n in carriers.items()
        if n >= MIN_SERIES and p not in refused and _span(dates[p]) >= MIN_SPAN
    }
    return of_series, standing


def _span(times: list[float]) -> timedelta:
    """From the first posting to the last (undated mail says nothing: no span)."""
    return timedelta(seconds=max(times) - min(times)) if times else timedelta(0)


def mark_practice(all_series: list[Series]) -> None:
    """Give every series of the input the established pairs its own patches carry."""
    of_series, standing = established_pairs(all_series)
    for i, pairs in of_series.items():
        mine = frozenset(pairs & standing)
        if mine:
            all_series[i].signoff_practice = mine
