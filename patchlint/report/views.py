"""Read-only views of the report model that several templates share: findings grouped by the
patch mail they are about, the thread's timeline, an interdiff as side-by-side rows.

These only regroup what the model holds (no new facts, no text for people): the templates
decide what is shown and how.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def _status_order(finding: Mapping[str, Any]) -> int:
    return 0 if finding.get("status", "open") == "open" else 1


def patch_groups(series: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The series' findings grouped by the mail they are about, in revision and patch order:
    `{revision, index, total, title, subject, author, proposed, message_id, findings}`; the
    findings about a revision as a whole (or the series) come first in their revision, with
    `index` None. Open findings before resolved ones."""
    where: dict[str, dict[str, Any]] = {}
    order: dict[str, tuple[int, int, int]] = {}
    for r_no, rev in enumerate(series["revisions"]):
        mails = [(p, False) for p in rev["patches"] if p.get("carried_from") is None]
        mails += [(p, True) for p in rev["proposed_patches"]]
        for p_no, (patch, proposed) in enumerate(mails):
            # a mail without a Message-ID (git format-patch output) by revision and index
            at = patch.get("message_id") or _position(rev["version"], patch["index"], proposed)
            if at not in where:
                where[at] = {
                    "revision": rev["version"], "index": patch["index"],
                    "total": patch["total"], "title": patch.get("title") or patch["subject"],
                    "subject": patch["subject"], "author": patch.get("author"),
                    "proposed": proposed, "message_id": patch.get("message_id")}
                order[at] = (r_no, 1 + proposed, p_no)
    revision_no = {rev["version"]: n for n, rev in enumerate(series["revisions"])}
    groups: dict[Any, dict[str, Any]] = {}
    for f in series["findings"]:
        at = f.get("message_id") or _position(f.get("revision"), f.get("patch"),
                                              "proposed_in" in f.get("details", {}))
        mail = where.get(at)
        if mail is not None and f.get("patch") is not None:
            key: Any = at
            group = groups.setdefault(key, {**mail, "findings": []})
            rank = order[key]
        else:
            key = ("revision", f.get("revision"))
            group = groups.setdefault(key, {
                "revision": f.get("revision"), "index": None, "total": None, "title": None,
                "subject": None, "author": None, "proposed": False,
                "message_id": f.get("message_id"), "findings": []})
            rank = (revision_no.get(f.get("revision"), -1), 0, 0)
        group["rank"] = rank
        group["findings"].append(f)
    out = sorted(groups.values(), key=lambda g: g["rank"])
    for g in out:
        g["findings"].sort(key=_status_order)
        del g["rank"]
    return out


def _position(revision: Any, index: Any, proposed: bool) -> str:
    return f"v{revision}/{'p' if proposed else ''}{index}"


def timeline(series: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every mail of the series in date order - each posting and each reply - with what it
    did: `{date, kind: posting|reply, revision, who, subject, message_id, trailers (with
    their problems), events, comments (review comments written in it), resolves (findings
    it resolved), proposed (it carries a patch), state (of the revision, for postings)}`."""
    trailers: dict[str | None, list[dict[str, Any]]] = {}
    for entry in series.get("trailer_lineage", []):
        if entry["review"] or entry["problems"] or entry["origin"] == "reply":
            trailers.setdefault(entry["message_id"], []).append(entry)
    events: dict[str | None, list[dict[str, Any]]] = {}
    for event in series.get("events", []):
        events.setdefault(event["message_id"], []).append(event)
    comments: dict[str | None, list[dict[str, Any]]] = {}
    for comment in series["review_comments"]:
        comments.setdefault(comment["message_id"], []).append(comment)
    resolves: dict[str | None, list[dict[str, Any]]] = {}
    for finding in series["findings"]:
        if finding.get("resolved_by"):
            resolves.setdefault(finding["resolved_by"], []).append(finding)
    items: list[dict[str, Any]] = []
    seen: set[str | None] = set()

    def add(kind: str, rev: Mapping[str, Any], mail: Mapping[str, Any],
            proposed: bool = False) -> None:
        mid = mail.get("message_id")
        if mid is not None and mid in seen:
            return
        seen.add(mid)
        items.append({"date": mail.get("date"), "kind": kind, "revision": rev["version"],
                      "who": mail.get("author"), "subject": mail.get("subject"),
                      "message_id": mid, "trailers": trailers.get(mid, []),
                      "events": events.get(mid, []), "comments": comments.get(mid, []),
                      "resolves": resolves.get(mid, []),
                      "proposed": proposed, "state": rev["state"] if kind == "posting" else None})

    for rev in series["revisions"]:
        if rev["cover"] is not None:
            add("posting", rev, {**rev["cover"], "date": rev["date"], "author": rev["author"]})
        for patch in rev["patches"]:
            if patch.get("carried_from") is None:
                add("posting", rev, patch)
        proposals = {p["message_id"] for p in rev["proposed_patches"]}
        for reply in rev.get("reply_messages", []):
            add("reply", rev, reply, proposed=reply["message_id"] in proposals)
    items.sort(key=lambda i: i["date"] or "")
    return items


def side_by_side(diff: str) -> list[dict[str, Any]]:
    """A unified diff as rows for a two-column view: `{kind: file|hunk|context|change,
    old, new, old_no, new_no}`; in a change row either side may be None (a pure addition
    or removal). Removed and added runs are paired line by line, as reviewers read them.
    Hunk lines are counted from the `@@` header, so a removed `-- x` line is no file header."""
    rows: list[dict[str, Any]] = []
    old_no = new_no = old_left = new_left = 0
    minus: list[tuple[int, str]] = []
    plus: list[tuple[int, str]] = []

    def flush() -> None:
        for i in range(max(len(minus), len(plus))):
            o = minus[i] if i < len(minus) else None
            n = plus[i] if i < len(plus) else None
            rows.append({"kind": "change", "old_no": o[0] if o else None,
                         "old": o[1] if o else None, "new_no": n[0] if n else None,
                         "new": n[1] if n else None})
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
                rows.append({"kind": "hunk", "old": line, "new": None, "old_no": None,
                             "new_no": None})
            else:
                rows.append({"kind": "file", "old": line, "new": None, "old_no": None,
                             "new_no": None})
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
            rows.append({"kind": "context", "old": text, "new": text, "old_no": old_no,
                         "new_no": new_no})
            old_no += 1
            new_no += 1
            old_left -= 1
            new_left -= 1
    flush()
    return rows
