"""Which trailers apply to which patch of a revision, as b4 would apply them: the patch's
own, those given in replies to it, and those given in replies to the cover letter (which
cover every patch); a patch a partial re-roll carries over keeps what it was given where it
was posted. The report lists them per patch; b4 agreement (bench/) compares them with b4."""

from __future__ import annotations

from patchlint.model.message import sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import GivenTrailer, Reply, Revision


def given_trailers(rev: Revision) -> dict[int, list[GivenTrailer]]:
    """Per patch index, in b4's order: the patch's own trailers, those given in replies to
    it, then those given in replies to the cover letter (which cover every patch). A patch
    carried over by a partial re-roll keeps what it was given in the revision it came from,
    and the carried-over cover's trailers apply to the new patches too."""
    out: dict[int, list[GivenTrailer]] = {}
    replies = sorted(rev.replies, key=lambda r: sort_time(r.message.date))
    for index, patch in sorted(rev.patches.items()):
        lst = out.setdefault(index, [])
        for tr in patch.trailers:
            lst.append(
                GivenTrailer(
                    tr, "patch", patch.message_id, patch.message_key, rev.version, patch.date
                )
            )
        for reply in replies:
            if reply.target_key == patch.message_key:
                lst.extend(_from_reply(reply, rev.version))
    cover_source = rev if rev.cover is not None else rev.base
    if cover_source is not None and cover_source.cover is not None:
        cover_key = cover_source.cover.key
        for reply in sorted(cover_source.replies, key=lambda r: sort_time(r.message.date)):
            if reply.target_key == cover_key:
                for index in rev.patches:
                    out[index].extend(_from_reply(reply, cover_source.version))
    for index, patch in rev.carried.items():
        out[index] = _given_where_posted(rev, index, patch)
    return out


def _given_where_posted(rev: Revision, index: int, patch: Patch) -> list[GivenTrailer]:
    """A carried-over patch keeps what it was given in the revision that posted it."""
    origin = rev.base
    hops = 0
    while (
        origin is not None
        and patch.message_key not in (p.message_key for p in origin.patches.values())
        and hops < 10_000
    ):
        origin = origin.base
        hops += 1
    if origin is None:
        return []
    own = Revision(
        key=origin.key,
        author=origin.author,
        date=origin.date,
        total=origin.total,
        version=origin.version,
        cover=origin.cover,
        patches={index: patch},
        replies=origin.replies,
    )
    return given_trailers(own).get(index, [])


def _from_reply(reply: Reply, version: int) -> list[GivenTrailer]:
    return [
        GivenTrailer(
            tr, "reply", reply.message.message_id, reply.message.key, version, reply.message.date
        )
        for tr in reply.trailers
    ]
