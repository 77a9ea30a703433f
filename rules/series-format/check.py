"""RV003: how a revision was posted, against what the list asks: a series of more than two
patches without a cover letter, a cover letter left as `git format-patch` wrote it, and,
where the list is netdev (its `maintainer-netdev.rst` asks for each), no tree in the subject
(`[PATCH net]` / `[PATCH net-next]`), more than 15 patches at once, and a new version posted
in reply to the previous one or within 24 hours of it. Never for Xen: its process asks none
of the netdev rules (docs/process/sending-patches.pandoc)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from patchlint import lazyre
from patchlint.analysis.profile import detect_tree
from patchlint.engine.series_context import SeriesContext, SeriesHit
from patchlint.model.address import parse_address_list
from patchlint.model.series import Revision

NETDEV = "netdev@vger.kernel.org"
NETDEV_PATHS = (
    "net/",
    "drivers/net/",
    "include/net/",
    "include/linux/netdevice.h",
    "include/uapi/linux/if_",
    "tools/testing/selftests/net/",
    "Documentation/networking/",
)
# the trees netdev's patchwork and CI take (maintainer-netdev.rst, NIPA's tree_selection)
NETDEV_TREES = frozenset(
    {
        "net",
        "net-next",
        "bpf",
        "bpf-next",
        "wireless",
        "wireless-next",
        "iwl-net",
        "iwl-next",
        "nf",
        "nf-next",
        "ipsec",
        "ipsec-next",
        "can",
        "can-next",
        "mptcp",
        "mptcp-next",
    }
)
NETDEV_MAX_PATCHES = 15
# what today's maintainer-netdev.rst asks is judged from 2019, where the measured corpus
# starts; a 2011 posting (seed 000) was sent under other customs
NETDEV_SINCE = datetime(2019, 1, 1, tzinfo=UTC)
REPOST_WAIT = timedelta(hours=24)
SLACK = timedelta(hours=1)  # 23.6 h is not what anyone asks a sender about
# git format-patch's placeholders, and what they stand for: the report names the part, never
# the placeholder itself (patchlint never shows an unedited subject as if it were one)
_UNEDITED = {"*** SUBJECT HERE ***": "subject", "*** BLURB HERE ***": "blurb"}
_BLURB = "*** BLURB HERE ***"
_SHORTLOG = lazyre.compile(r"^\S.* \(\d+\):$", re.M)  # `Boqun Feng (2):` starts the shortlog


def _size(rev: Revision) -> int:
    return rev.total or max(rev.patches, default=0)


def _thread_complete(rev: Revision) -> bool:
    """Every patch is in the input, none carried, and each starts a thread or answers another
    patch of the revision: a patch answering a mail the input lacks had a cover letter
    elsewhere (sent to another list, or before the archive starts)."""
    if rev.missing or rev.carried or rev.base is not None:
        return False
    ids = {p.message_id for p in rev.patches.values() if p.message_id}
    return all(p.in_reply_to is None or p.in_reply_to in ids for p in rev.patches.values())


def _netdev(rev: Revision) -> bool:
    """Sent to netdev, mostly networking code (a tree-wide series Cc'd to netdev for its few
    driver changes goes through another tree), and naming no tree but netdev's own (`[PATCH
    rdma-next]`, `[PATCH AUTOSEL 6.1]`, `[PATCH 5.15.y]`: another tree's rules)."""
    if any(t.lower() not in NETDEV_TREES for t in _tree_tags(rev)):
        return False
    headers: list[str] = []
    paths: list[str] = []
    for p in rev.patches.values():
        headers += [p.to_header, p.cc_header]
        paths += p.files
    if rev.cover is not None:
        headers += [rev.cover.to_header, rev.cover.cc_header]
    sent = _names_netdev(headers) and any(
        a.email.lower() == NETDEV for a in parse_address_list([h for h in headers if h])
    )
    networking = sum(path.startswith(NETDEV_PATHS) for path in paths)
    return (
        sent
        and 2 * networking > len(paths)
        and all(detect_tree(p)[0] == "linux" for p in rev.patches.values())
    )


def _names_netdev(headers: list[str]) -> bool:
    """Can these headers hold netdev's address at all? The address parser keeps the local
    part and each domain label as written (only comments and spaces between them go), so
    both words are in the text of any header that names it; most do not, and parsing a
    long Cc list costs ~0.1 ms an address."""
    text = " ".join(h for h in headers if h).lower()
    local, _, domain = NETDEV.partition("@")
    return local in text and all(label in text for label in domain.split("."))


def _tree_tags(rev: Revision) -> list[str]:
    subjects = [p.subject for p in rev.patches.values()]
    if rev.cover_subject is not None:
        subjects.append(rev.cover_subject)
    return [t for s in subjects for t in s.prefixes]


def _previous(ctx: SeriesContext, rev: Revision) -> Revision | None:
    earlier = [r for r in ctx.series.revisions if r.version == rev.version - 1 and r is not rev]
    return earlier[-1] if earlier else None


def _first_mail_parents(rev: Revision) -> set[str]:
    if rev.cover is not None:
        return set(rev.cover.parent_ids)
    patches = rev.sorted_patches
    if not patches:
        return set()
    first = patches[0]
    return {i for i in (first.in_reply_to, *first.references) if i}


def _message_ids(rev: Revision) -> set[str]:
    ids = {p.message_id for p in rev.patches.values() if p.message_id}
    if rev.cover is not None and rev.cover.message_id:
        ids.add(rev.cover.message_id)
    return ids


def check(ctx: SeriesContext) -> Iterator[SeriesHit]:
    for rev in ctx.series.revisions:
        size = _size(rev)
        if size > 2 and rev.cover is None and _thread_complete(rev):
            yield ctx.hit(
                revision=rev,
                message_id=rev.message_id,
                message=f"a series of {size} patches without a cover letter "
                f"(a [PATCH 0/{size}] saying what the series does and why)",
            )
        if rev.cover is not None:
            yield from _unedited(ctx, rev)
        if not _netdev(rev) or (
            rev.date is not None and rev.date.timestamp() < NETDEV_SINCE.timestamp()
        ):
            continue
        yield from _netdev_hits(ctx, rev, size)


def _unedited(ctx: SeriesContext, rev: Revision) -> Iterator[SeriesHit]:
    """`git format-patch --cover-letter`'s placeholders: a warning when the subject or the
    whole blurb is still one, an info for a placeholder left below a written blurb."""
    assert rev.cover is not None
    left = [m for m in _UNEDITED if m in f"{rev.cover.subject}\n{rev.cover.body}"]
    if not left:
        return
    blurb = _SHORTLOG.split(rev.cover.body, 1)[0].replace(_BLURB, "")
    written = "*** SUBJECT HERE ***" not in rev.cover.subject and bool(blurb.strip())
    yield ctx.hit(
        revision=rev,
        message_id=rev.cover.message_id,
        severity="info" if written else None,
        message=(
            "the cover letter was sent as git format-patch wrote it: its "
            + " and ".join(_UNEDITED[m] for m in left)
            + (" are" if len(left) > 1 else " is")
            + " still the placeholder"
            if not written
            else "git format-patch's blurb placeholder was left below the cover letter's text"
        ),
    )


def _gap(prev: Revision, rev: Revision) -> timedelta:
    """The time between two postings (timestamps: a Date without a zone is read as local)."""
    assert prev.date is not None and rev.date is not None
    return timedelta(seconds=rev.date.timestamp() - prev.date.timestamp())


def _netdev_hits(ctx: SeriesContext, rev: Revision, size: int) -> Iterator[SeriesHit]:
    if not _tree_tags(rev):
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message="netdev patch with no tree in its subject: "
            "`[PATCH net]` for a fix, `[PATCH net-next]` for new work",
        )
    if size > NETDEV_MAX_PATCHES:
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message=f"{size} patches at once: netdev asks for series of at most "
            f"{NETDEV_MAX_PATCHES}",
        )
    prev = _previous(ctx, rev) if rev.version >= 2 and not rev.resend else None
    if prev is None:
        return
    if _first_mail_parents(rev) & _message_ids(prev):
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message=f"v{rev.version} was posted in reply to v{prev.version}: "
            "netdev asks for each version in a thread of its own",
        )
    elif rev.date and prev.date and timedelta(0) <= _gap(prev, rev) < REPOST_WAIT - SLACK:
        hours = _gap(prev, rev).total_seconds() / 3600
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message=f"v{rev.version} came {hours:.0f} h after v{prev.version}: "
            "netdev asks for 24 hours between postings",
        )
