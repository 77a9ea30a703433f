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
from patchlint.maintainers.file import MaintainersFile, Section
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
# a MAINTAINERS `T:` line naming netdev's trees (`.../netdev/net.git`, `.../davem/net-next.git`)
_NETDEV_TREE = lazyre.compile(r"/(?:netdev|davem)/net(?:-next)?(?:-2\.6)?\.git\b")
NETDEV_MAX_PATCHES = 15
# what today's maintainer-netdev.rst asks is judged from 2019, where the measured corpus
# starts; a 2011 posting (seed 000) was sent under other customs
NETDEV_SINCE = datetime(2019, 1, 1, tzinfo=UTC)
REPOST_WAIT = timedelta(hours=24)
SLACK = timedelta(hours=1)  # 23.6 h is not what anyone asks a sender about
# a new version within this of the last, before anyone answered it, replaces a botched
# posting (a missing cover letter, a wrong prefix, a patch left out): nobody had the chance
# to review the one it replaces, which is what the 24 hours are for
FIXUP_REPOST = timedelta(hours=1)
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


def _netdev(rev: Revision, maintainers: MaintainersFile | None) -> str | None:
    """Whether netdev's rules bind this revision, and the evidence in words (None: they do
    not). They bind on what netdev's maintainers take: the revision names no tree but
    netdev's own (`[PATCH rdma-next]`, `[PATCH AUTOSEL 6.1]`, `[PATCH 5.15.y]`: another
    tree's rules), was sent to netdev, most of its files go through netdev's trees (a
    tree-wide series Cc'd to netdev for its few driver changes goes through another tree;
    a vhost patch Cc'd to netdev goes through the vhost tree), and it is Linux."""
    if any(t.lower() not in NETDEV_TREES for t in _tree_tags(rev)):
        return None
    headers: list[str] = []
    paths: list[str] = []
    for p in rev.patches.values():
        headers += [p.to_header, p.cc_header]
        paths += p.files
    if rev.cover is not None:
        headers += [rev.cover.to_header, rev.cover.cc_header]
    if not _names_netdev(headers) or not any(
        a.email.lower() == NETDEV for a in parse_address_list([h for h in headers if h])
    ):
        return None
    ours = [path for path in paths if _netdev_file(path, maintainers) is not None]
    if 2 * len(ours) <= len(paths) or not all(
        detect_tree(p)[0] == "linux" for p in rev.patches.values()
    ):
        return None
    return f"sent to {NETDEV}; {ours[0]} goes through {_netdev_file(ours[0], maintainers)}"


def _netdev_file(path: str, maintainers: MaintainersFile | None) -> str | None:
    """Which of netdev's trees takes `path`, in words (None: none of them): with a Linux
    MAINTAINERS, a section whose list is netdev and whose tree is net or net-next covers it
    (`drivers/vhost/` is covered by VHOST, whose tree is the vhost maintainer's); without
    one, it is under the networking directories."""
    if maintainers is None or maintainers.format != "linux":
        return "net/net-next" if path.startswith(NETDEV_PATHS) else None
    section = next(
        (m.section for m in maintainers.matches(path) if _netdev_section(m.section)), None
    )
    return f"net/net-next ({section.name})" if section is not None else None


def _netdev_section(section: Section) -> bool:
    return NETDEV in (a.lower() for a in section.lists) and any(
        k == "T" and _NETDEV_TREE.search(v) for k, v in section.other
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
        if rev.date is not None and rev.date.timestamp() < NETDEV_SINCE.timestamp():
            continue
        evidence = _netdev(rev, ctx.analysis.maintainers)
        if evidence is not None:
            yield from _netdev_hits(ctx, rev, size, evidence)


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


def _answered_before(prev: Revision, rev: Revision) -> bool:
    """Someone other than the author answered the earlier posting before the new one came."""
    if rev.date is None:
        return True
    author = prev.author.email.lower()
    return any(
        r.message.author.email.lower() != author
        and r.message.date is not None
        and r.message.date.timestamp() < rev.date.timestamp()
        for r in prev.replies
    )


def _netdev_hits(
    ctx: SeriesContext, rev: Revision, size: int, evidence: str
) -> Iterator[SeriesHit]:
    """netdev's asks, each message ending with why they bind (`evidence`)."""
    why = f" (netdev's rules bind: {evidence})"
    # an RFC is posted for discussion, not to be applied: the tree tag tells the maintainers
    # which tree to apply a patch to and their CI which tree to test it on
    if not _tree_tags(rev) and not rev.rfc:
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message="netdev patch with no tree in its subject: "
            "`[PATCH net]` for a fix, `[PATCH net-next]` for new work" + why,
        )
    if size > NETDEV_MAX_PATCHES:
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message=f"{size} patches at once: netdev asks for series of at most "
            f"{NETDEV_MAX_PATCHES}" + why,
        )
    prev = _previous(ctx, rev) if rev.version >= 2 and not rev.resend else None
    if prev is None:
        return
    if _first_mail_parents(rev) & _message_ids(prev):
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message=f"v{rev.version} was posted in reply to v{prev.version}: "
            "netdev asks for each version in a thread of its own" + why,
        )
    elif (
        rev.date
        and prev.date
        and timedelta(0) <= _gap(prev, rev) < REPOST_WAIT - SLACK
        and (_gap(prev, rev) >= FIXUP_REPOST or _answered_before(prev, rev))
    ):
        hours = _gap(prev, rev).total_seconds() / 3600
        yield ctx.hit(
            revision=rev,
            message_id=rev.message_id,
            message=f"v{rev.version} came {hours:.0f} h after v{prev.version}: "
            "netdev asks for 24 hours between postings" + why,
        )
