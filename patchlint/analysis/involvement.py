"""Is this person part of that series? One person (`--for`, `--me`, `--author`) matched
against the mailboxes of a series by every address the series links to them.

`analysis.people` links addresses and names within one series (a sender's From: and the
address of their trailers; `Last, First` and `First Last`). `Identity` adds the person's
own mailbox to those links and accepts b4's address rule (`+tag`, one subdomain level), as
the approval judge does, so `kys@microsoft.com` finds K. Y. Srinivasan wherever the thread
shows that address beside his name.

`involves` answers it on the model, before any analysis, from what is cheap to read (who
posted, who replied, who is named in a trailer, and with a MAINTAINERS file who maintains
or reviews a touched file): `digest` reviews only the series it accepts, so it must accept
every series the digest could say something about - it is a superset of what the report's
own evidence (`report.identity`) finds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from patchlint.analysis.people import People
from patchlint.maintainers.file import MaintainersFile
from patchlint.model.address import parse_address
from patchlint.model.message import Address
from patchlint.model.series import Series
from patchlint.model.trailers import same_address


class Identity:
    """One person within one series: their mailbox and the links the series shows."""

    def __init__(self, person: Address, people: People) -> None:
        self.person = person
        self.people = people
        people.add(person)  # the name and address given for the person are theirs

    def matches(self, other: Address | str | None) -> bool:
        """`other` (an Address or `Name <addr>` text) is this person."""
        if other is None:
            return False
        if isinstance(other, str):
            if not other.strip():
                return False
            other = parse_address(other)
        a = self.person
        return self.people.same(a, other) or bool(
            a.email and other.email and same_address(a.email, other.email)
        )

    def any(self, others: Iterable[Address | str | None]) -> bool:
        return any(self.matches(o) for o in others)


def person(value: str) -> Address:
    """`Name <addr>`, a bare address, or a full name, as the person to look for. Only the
    first line counts: what follows a line break is no part of one address (and Pythons
    parse the rest differently: Debian's 3.11.2 refuses the whole value)."""
    value = (value.strip().splitlines() or [""])[0]
    box = parse_address(value.strip())
    if box.email and "@" not in box.email:  # a name, not an address
        return Address(" ".join(value.split()), "")
    return box


def _mailboxes(series: Series) -> Iterator[Address]:
    """Every mailbox the series shows linked to a mail or a trailer (what `People` links)."""
    for rev in series.revisions:
        yield rev.author
        if rev.cover is not None:
            yield rev.cover.author
        for patch in (*rev.patches.values(), *(p for _, p in rev.proposed)):
            yield patch.author
            yield from (tr.person for tr in patch.trailers if tr.person is not None)
        for reply in rev.replies:
            yield reply.message.author
            yield from (tr.person for tr in reply.trailers if tr.person is not None)


def series_people(series: Series) -> People:
    """Who is who in the series (the evidence the trailer lineage links people by)."""
    people = People()
    for box in _mailboxes(series):
        people.add(box)
    return people


def identity_in(series: Series, who: Address) -> Identity:
    return Identity(who, series_people(series))


def authored(series: Series, who: Address) -> bool:
    """The person posted one of the series' revisions."""
    me = identity_in(series, who)
    return me.any(rev.author for rev in series.revisions)


def maintains(
    series: Series, who: Address, maintainers: MaintainersFile, me: Identity | None = None
) -> bool:
    """The person is a maintainer (`M:`) or reviewer (`R:`) of a section covering a file
    one of the series' patches touches."""
    me = me or identity_in(series, who)
    paths = {
        path
        for rev in series.revisions
        for patch in (*rev.patches.values(), *rev.carried.values())
        for path in patch.files
    }
    return any(
        me.any((*m.section.maintainers, *m.section.reviewers))
        for path in sorted(paths)
        for m in maintainers.matches(path)
    )


def involves(series: Series, who: Address, maintainers: MaintainersFile | None = None) -> bool:
    """The person posted, replied to, or is named in a trailer of the series, or (with a
    MAINTAINERS file) maintains or reviews a file it touches."""
    me = identity_in(series, who)
    if me.any(_mailboxes(series)):
        return True
    return maintainers is not None and maintains(series, who, maintainers, me)
