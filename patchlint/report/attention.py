"""What one series asks of one person: the facts behind `digest`, `--rereview` and the
HTML report's "waiting for my approval", read from the series' report entry.

- `approval_wait`: the newest revision still needs the person's approval (a file whose
  most specific maintainers include them is not approved yet), and whether theirs is the
  last one missing: every other file is approved, every patch that needs an approval from
  someone other than its author could get it from them, and no objection stands.
- `open_comments`: their review comments the newest revision has not addressed (open,
  unchanged or only discussed), while the series is not applied.
- `tag_checks`: for each patch of a revision, the person's newest review tag (given by
  reply) on it or on its counterpart in an earlier revision, and whether it still stands
  (no material change since: an interdiff step `modified` voids it); a tag the revision's
  patch mail carries with an open stale-trailer problem does not stand either.
- `awaiting_review`: their own series whose newest revision nobody else has answered.

Only structure here, no sentences: templates say it.
"""

from __future__ import annotations

from typing import TypedDict

from patchlint.analysis.involvement import Identity
from patchlint.report.types import (
    ApprovalFile,
    EventEntry,
    ReviewCommentEntry,
    RevisionEntry,
    SeriesEntry,
)


class FileNeed(TypedDict):
    """A file still missing an approval from a maintainer of its most specific section."""

    path: str
    sections: list[str]
    required: list[str]


class PatchWait(TypedDict):
    """One patch of the revision, and what it needs from the person."""

    index: int
    title: str
    message_id: str | None
    files: list[FileNeed]  # files the person's approval would satisfy
    independent: bool  # it also lacks an approval from someone other than its author


class ApprovalWait(TypedDict):
    """The person's approval, wanted on the newest revision (`version`)."""

    version: int
    last: bool  # theirs is the last approval missing
    patches: list[PatchWait]
    # what else the revision needs, when theirs is not the last one
    other_files: list[FileNeed]
    independent: list[int]  # patches needing an approval from someone the person is not
    objections: list[EventEntry]


class TagCheck(TypedDict):
    """The person's review tag on one patch of a revision, and whether it still stands."""

    patch: int  # index in the revision judged
    title: str
    patch_message_id: str | None  # that patch's mail in the revision judged
    tag: str  # `Reviewed-by`, `Acked-by` ...
    given_on: int | None  # the version it was given for (None: only carried in the mail)
    message_id: str | None  # the mail that gave it
    changed_in: list[int]  # versions whose step changed the patch materially since
    stands: bool


def newest(entry: SeriesEntry) -> RevisionEntry | None:
    return entry["revisions"][-1] if entry["revisions"] else None


def withdrawn(entry: SeriesEntry, rev: RevisionEntry) -> bool:
    """The author took the revision back ("please ignore this")."""
    return any(
        e["kind"] == "retraction" and e["role"] == "author" and e["revision"] == rev["version"]
        for e in entry.get("events", [])
    )


def _need(f: ApprovalFile) -> FileNeed:
    return {"path": f["path"], "sections": f["required_sections"], "required": f["required"]}


def approval_wait(entry: SeriesEntry, me: Identity) -> ApprovalWait | None:
    """What the newest revision needs from the person (None: nothing, or no MAINTAINERS
    file, or the revision is applied or withdrawn)."""
    rev = newest(entry)
    if rev is None or rev["state"] != "latest" or withdrawn(entry, rev):
        return None
    approval = rev.get("approval")
    if not approval:
        return None
    patches: list[PatchWait] = []
    others: list[FileNeed] = []
    independent: list[int] = []
    for p in approval["patches"]:
        missing = [f for f in p["files"] if f["covered"] and not f["satisfied"]]
        mine = [_need(f) for f in missing if me.any(f["required"])]
        others += [_need(f) for f in missing if not me.any(f["required"])]
        lacks = (
            approval["policy"] == "xen"
            and not p["independent_by"]
            and any(f["covered"] for f in p["files"])
        )
        writer = me.matches(p["author"]) or me.matches(p["sender"])
        if lacks and writer:
            independent.append(p["index"])
        if mine:
            patches.append(
                {
                    "index": p["index"],
                    "title": p["title"],
                    "message_id": p["message_id"],
                    "files": mine,
                    "independent": lacks,
                }
            )
    if not patches:
        return None
    objections = approval["objections"]
    return {
        "version": rev["version"],
        "last": not others and not independent and not objections,
        "patches": patches,
        "other_files": others,
        "independent": independent,
        "objections": objections,
    }


def open_comments(entry: SeriesEntry, me: Identity) -> list[ReviewCommentEntry]:
    """The person's review comments not addressed, on a series not applied."""
    rev = newest(entry)
    if rev is None or rev["state"] == "applied":
        return []
    return [
        c
        for c in entry["review_comments"]
        if c["status"] != "addressed" and me.matches(c["author"])
    ]


def counterparts(entry: SeriesEntry, version: int, index: int) -> list[tuple[int, int, list[int]]]:
    """The patch `index` of `version` in earlier revisions, newest first: (version, index
    there, the versions whose step changed it materially on the way to `version`)."""
    steps = {step["to"]: step for step in entry["interdiffs"]}
    out: list[tuple[int, int, list[int]]] = []
    changed: list[int] = []
    seen: set[int] = set()
    while version in steps and version not in seen:
        seen.add(version)
        step = steps[version]
        pair = next((p for p in step["patches"] if p["to_index"] == index), None)
        if pair is None or pair["from_index"] is None:
            break
        if pair["status"] == "modified":
            changed = [step["to"], *changed]
        version, index = step["from"], pair["from_index"]
        out.append((version, index, changed))
    return out


def tag_checks(
    entry: SeriesEntry, me: Identity, rev: RevisionEntry | None = None
) -> list[TagCheck]:
    """The person's standing review tags on each patch of `rev` (default: the newest)."""
    rev = rev or newest(entry)
    if rev is None:
        return []
    mine = [t for t in entry.get("trailer_lineage", []) if t["review"] and me.matches(t["person"])]
    given = [t for t in mine if t["origin"] == "reply"]
    out: list[TagCheck] = []
    for patch in rev["patches"]:
        index = patch["index"]
        title = patch.get("title") or patch["subject"]
        chain = [(rev["version"], index, []), *counterparts(entry, rev["version"], index)]
        found = False
        for version, there, changed in chain:
            tags = [t for t in given if t["revision"] == version and t["patch"] in (there, None)]
            for name in dict.fromkeys(t["name"] for t in tags):
                tag = next(t for t in reversed(tags) if t["name"] == name)
                out.append(
                    {
                        "patch": index,
                        "title": title,
                        "patch_message_id": patch["message_id"],
                        "tag": name,
                        "given_on": version,
                        "message_id": tag["message_id"],
                        "changed_in": changed,
                        "stands": not changed,
                    }
                )
            if tags:
                found = True
                break
        if found:
            continue
        for t in mine:
            if (
                t["origin"] == "patch"
                and t["revision"] == rev["version"]
                and t["patch"] == index
                and any(
                    p["code"] == "TR002" and p["status"] == "open" for p in t.get("problems", [])
                )
            ):
                out.append(
                    {
                        "patch": index,
                        "title": title,
                        "patch_message_id": patch["message_id"],
                        "tag": t["name"],
                        "given_on": None,
                        "message_id": t["message_id"],
                        "changed_in": [],
                        "stands": False,
                    }
                )
    return out


def tags_to_reconfirm(entry: SeriesEntry, me: Identity) -> list[TagCheck]:
    """The person's tags on the newest revision that a material change voided."""
    rev = newest(entry)
    if rev is None or rev["state"] != "latest":
        return []
    return [t for t in tag_checks(entry, me, rev) if not t["stands"]]


def awaiting_review(entry: SeriesEntry, me: Identity) -> bool:
    """The person posted the newest revision, it is not applied, and nobody else has
    answered it yet."""
    rev = newest(entry)
    if rev is None or rev["state"] != "latest" or not me.matches(rev["author"]):
        return False
    if withdrawn(entry, rev):
        return False
    return not any(not me.matches(m["author"]) for m in rev.get("reply_messages", []))
