"""Read-only views of the report model that several templates share: findings grouped by the
patch mail they are about, the thread's timeline, an interdiff as side-by-side rows.

These only regroup what the model holds (no new facts, no text for people): the templates
decide what is shown and how.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from patchlint import lazyre
from patchlint.report.types import (
    EventEntry,
    FindingEntry,
    LineageEntry,
    ReviewCommentEntry,
    RevisionEntry,
    RevisionState,
    SeriesEntry,
)

_HUNK = lazyre.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class _Mail(TypedDict):
    revision: int | None
    index: int | None
    total: int | None
    title: str | None
    subject: str | None
    author: str | None
    proposed: bool
    message_id: str | None


class PatchGroup(_Mail):
    """The findings about one mail (`index` None: about a revision as a whole)."""

    findings: list[FindingEntry]


class TimelineItem(TypedDict):
    date: str | None
    kind: Literal["posting", "reply"]
    revision: int
    who: str | None
    subject: str | None
    message_id: str | None
    trailers: list[LineageEntry]
    events: list[EventEntry]
    comments: list[ReviewCommentEntry]
    resolves: list[FindingEntry]
    proposed: bool
    state: RevisionState | None


class SideBySideRow(TypedDict):
    kind: Literal["file", "hunk", "context", "change"]
    old: str | None
    new: str | None
    old_no: int | None
    new_no: int | None


class _Posted(TypedDict):
    """What the timeline needs of a mail: a patch, a cover letter or a reply."""

    message_id: str | None
    date: str | None
    author: str | None
    subject: str | None


def _status_order(finding: FindingEntry) -> int:
    return 0 if finding.get("status", "open") == "open" else 1


def patch_groups(series: SeriesEntry) -> list[PatchGroup]:
    """The series' findings grouped by the mail they are about, in revision and patch order:
    `{revision, index, total, title, subject, author, proposed, message_id, findings}`; the
    findings about a revision as a whole (or the series) come first in their revision, with
    `index` None. Open findings before resolved ones."""
    where: dict[str, _Mail] = {}
    order: dict[str, tuple[int, int, int]] = {}
    for r_no, rev in enumerate(series["revisions"]):
        mails = [(p, False) for p in rev["patches"] if p.get("carried_from") is None]
        mails += [(p, True) for p in rev["proposed_patches"]]
        for p_no, (patch, proposed) in enumerate(mails):
            # a mail without a Message-ID (git format-patch output) by revision and index
            at = patch.get("message_id") or _position(rev["version"], patch["index"], proposed)
            if at not in where:
                where[at] = {
                    "revision": rev["version"],
                    "index": patch["index"],
                    "total": patch["total"],
                    "title": patch.get("title") or patch["subject"],
                    "subject": patch["subject"],
                    "author": patch.get("author"),
                    "proposed": proposed,
                    "message_id": patch.get("message_id"),
                }
                order[at] = (r_no, 1 + proposed, p_no)
    revision_no = {rev["version"]: n for n, rev in enumerate(series["revisions"])}
    groups: dict[str | tuple[str, int | None], tuple[tuple[int, int, int], PatchGroup]] = {}
    for f in series["findings"]:
        at = f.get("message_id") or _position(
            f.get("revision"), f.get("patch"), "proposed_in" in f.get("details", {})
        )
        mail = where.get(at)
        key: str | tuple[str, int | None]
        if mail is not None and f.get("patch") is not None:
            key = at
            rank = order[key]
            if key not in groups:
                groups[key] = (rank, {**mail, "findings": []})
        else:
            revision = f.get("revision")
            key = ("revision", revision)
            rank = (revision_no.get(revision, -1) if revision is not None else -1, 0, 0)
            if key not in groups:
                groups[key] = (
                    rank,
                    {
                        "revision": f.get("revision"),
                        "index": None,
                        "total": None,
                        "title": None,
                        "subject": None,
                        "author": None,
                        "proposed": False,
                        "message_id": f.get("message_id"),
                        "findings": [],
                    },
                )
        groups[key][1]["findings"].append(f)
    out = [group for _, group in sorted(groups.values(), key=lambda g: g[0])]
    for g in out:
        g["findings"].sort(key=_status_order)
    return out


def _position(revision: int | None, index: int | None, proposed: bool) -> str:
    """Where a mail without a Message-ID (git format-patch output) stands in its series."""
    return f"v{revision}/{'p' if proposed else ''}{index}"


def timeline(series: SeriesEntry) -> list[TimelineItem]:
    """Every mail of the series in date order - each posting and each reply - with what it
    did: `{date, kind: posting|reply, revision, who, subject, message_id, trailers (with
    their problems), events, comments (review comments written in it), resolves (findings
    it resolved), proposed (it carries a patch), state (of the revision, for postings)}`."""
    trailers: dict[str | None, list[LineageEntry]] = {}
    for entry in series.get("trailer_lineage", []):
        if entry["review"] or entry.get("problems") or entry["origin"] == "reply":
            trailers.setdefault(entry["message_id"], []).append(entry)
    events: dict[str | None, list[EventEntry]] = {}
    for event in series.get("events", []):
        events.setdefault(event["message_id"], []).append(event)
    comments: dict[str | None, list[ReviewCommentEntry]] = {}
    for comment in series["review_comments"]:
        comments.setdefault(comment["message_id"], []).append(comment)
    resolves: dict[str | None, list[FindingEntry]] = {}
    for finding in series["findings"]:
        resolved_by = finding.get("resolved_by")
        if resolved_by:
            resolves.setdefault(resolved_by, []).append(finding)
    items: list[TimelineItem] = []
    seen: set[str | None] = set()

    def add(
        kind: Literal["posting", "reply"], rev: RevisionEntry, mail: _Posted, proposed: bool = False
    ) -> None:
        mid = mail["message_id"]
        if mid is not None and mid in seen:
            return
        seen.add(mid)
        items.append(
            {
                "date": mail["date"],
                "kind": kind,
                "revision": rev["version"],
                "who": mail["author"],
                "subject": mail["subject"],
                "message_id": mid,
                "trailers": trailers.get(mid, []),
                "events": events.get(mid, []),
                "comments": comments.get(mid, []),
                "resolves": resolves.get(mid, []),
                "proposed": proposed,
                "state": rev["state"] if kind == "posting" else None,
            }
        )

    for rev in series["revisions"]:
        cover = rev["cover"]
        if cover is not None:
            add(
                "posting",
                rev,
                {
                    "message_id": cover["message_id"],
                    "date": rev["date"],
                    "author": rev["author"],
                    "subject": cover["subject"],
                },
            )
        for patch in rev["patches"]:
            if patch.get("carried_from") is None:
                add(
                    "posting",
                    rev,
                    {
                        "message_id": patch["message_id"],
                        "date": patch.get("date"),
                        "author": patch.get("author"),
                        "subject": patch["subject"],
                    },
                )
        proposals = {p["message_id"] for p in rev["proposed_patches"]}
        for reply in rev.get("reply_messages", []):
            add(
                "reply",
                rev,
                {
                    "message_id": reply["message_id"],
                    "date": reply["date"],
                    "author": reply["author"],
                    "subject": reply["subject"],
                },
                proposed=reply["message_id"] in proposals,
            )
    items.sort(key=lambda i: i["date"] or "")
    return items


def side_by_side(diff: str) -> list[SideBySideRow]:
    """A unified diff as rows for a two-column view: `{kind: file|hunk|context|change,
    old, new, old_no, new_no}`; in a change row either side may be None (a pure addition
    or removal). Removed and added runs are paired line by line, as reviewers read them.
    Hunk lines are counted from the `@@` header, so a removed `-- x` line is no file header."""
    rows: list[SideBySideRow] = []
    old_no = new_no = old_left = new_left = 0
    minus: list[tuple[int, str]] = []
    plus: list[tuple[int, str]] = []

    def flush() -> None:
        for i in range(max(len(minus), len(plus))):
            o = minus[i] if i < len(minus) else None
            n = plus[i] if i < len(plus) else None
            rows.append(
                {
                    "kind": "change",
                    "old_no": o[0] if o else None,
                    "old": o[1] if o else None,
                    "new_no": n[0] if n else None,
                    "new": n[1] if n else None,
                }
            )
        minus.clear()
        plus.clear()

    for line in diff.splitlines():
        if old_left <= 0 and new_left <= 0:
            flush()
            m = _HUNK.match(line)
            if m:
                old_no, new_no = int(m.group(1)), int(m.group(3))
                old_left = int(m.group(2)) if m.group(2) is not None else 1
                new_left = int(m.group(4)) if m.group(4) is not None else 1
                rows.append(
                    {"kind": "hunk", "old": line, "new": None, "old_no": None, "new_no": None}
                )
            else:
                rows.append(
                    {"kind": "file", "old": line, "new": None, "old_no": None, "new_no": None}
                )
        elif line.startswith("-"):
            minus.append((old_no, line[1:]))
            old_no += 1
            old_left -= 1
        elif line.startswith("+"):
            plus.append((new_no, line[1:]))
            new_no += 1
            new_left -= 1
        elif line.startswith("\\"):
            continue
        else:
            flush()
            text = line[1:]
            rows.append(
                {"kind": "context", "old": text, "new": text, "old_no": old_no, "new_no": new_no}
            )
            old_no += 1
            new_no += 1
            old_left -= 1
            new_left -= 1
    flush()
    return rows
