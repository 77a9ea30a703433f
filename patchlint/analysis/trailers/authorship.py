"""Who a tag's giver is to the patch: a co-author (their changes are their own work too) or
a colleague of its author (a review inside the company, which the list does not see)."""

from __future__ import annotations

from patchlint.analysis.people import People
from patchlint.model.patch import Patch
from patchlint.model.series import Revision
from patchlint.model.trailers import Trailer

# mail hosts that say nothing about an employer
_FREE_MAIL = frozenset(
    {
        "gmail",
        "googlemail",
        "outlook",
        "hotmail",
        "live",
        "yahoo",
        "proton",
        "protonmail",
        "icloud",
        "me",
        "gmx",
        "web",
        "mail",
        "qq",
        "163",
        "126",
        "yandex",
        "aol",
        "zoho",
        "zohomail",
        "fastmail",
        "posteo",
        "kernel",
    }
)


def organisation(email: str) -> str | None:
    """The organisation an address belongs to: its domain's second-level label
    (`linux.microsoft.com` and `microsoft.com` are one), None for free mail."""
    labels = email.lower().rpartition("@")[2].split(".")
    if len(labels) < 2:
        return None
    name = (
        labels[-3]
        if len(labels) >= 3 and labels[-2] in ("co", "com", "ac", "org")
        else (labels[-2])
    )
    return None if name in _FREE_MAIL else name


def same_organisation(tr: Trailer, rev: Revision, patch: Patch) -> bool:
    """Giver and author (or sender) share an employer: a review inside the company, which
    the list does not see, is normal."""
    mine = organisation(tr.person.email) if tr.person is not None else None
    return mine is not None and mine in {organisation(a.email) for a in (rev.author, patch.author)}


_CO_AUTHOR_TAGS = frozenset({"Co-developed-by", "Signed-off-by"})


def co_author(patch: Patch, tr: Trailer, people: People) -> bool:
    """The tag's giver co-developed or signed off the patch: its changes are their own
    work too, not code they never saw (nobody asks a co-author to review again)."""
    return tr.person is not None and any(
        t.canonical in _CO_AUTHOR_TAGS and people.same(t.person, tr.person) for t in patch.trailers
    )
