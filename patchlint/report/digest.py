"""`patchlint digest --for ADDRESS`: one person's attention set over a list (schema
`patchlint-digest/1`), as text, Markdown, HTML, JSON or one mail to them.

Four kinds of item, each from `attention` on one series' report entry:
  approvals - the newest revision waits for their approval (theirs the last one missing
              first; needs a MAINTAINERS file),
  comments  - their review comments the newest revision has not addressed,
  tags      - their review tags a material change voided since they gave them,
  waiting   - their own series nobody has answered yet.
Entries are consumed one at a time (`build_digest` takes an iterator), so a digest over a
whole archive never holds the archive's report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from email.message import EmailMessage
from functools import partial
from typing import Final, Literal, TypedDict

from patchlint import __version__
from patchlint.errors import UsageError
from patchlint.model.address import parse_address
from patchlint.model.message import Address
from patchlint.report.attention import (
    ApprovalWait,
    TagCheck,
    approval_wait,
    awaiting_review,
    newest,
    open_comments,
    tags_to_reconfirm,
)
from patchlint.report.email import new_message
from patchlint.report.identity import reader_in
from patchlint.report.links import mail_link
from patchlint.report.render import template
from patchlint.report.types import ReviewCommentEntry, SeriesEntry, Stats, ToolInfo
from patchlint.report.words import count

DIGEST_SCHEMA: Final = "patchlint-digest/1"


class DigestSeries(TypedDict):
    """One series that needs the person, and why."""

    title: str
    author: str
    version: int
    state: str
    date: str | None
    message_id: str | None  # the newest revision's (its cover letter, or first patch)
    approval: ApprovalWait | None
    comments: list[ReviewCommentEntry]
    tags: list[TagCheck]
    awaiting_review: bool


class DigestCounts(TypedDict):
    approvals: int
    last_approvals: int
    comments: int
    tags: int
    waiting: int


class Digest(TypedDict):
    schema: Literal["patchlint-digest/1"]
    tool: ToolInfo
    person: str
    stats: Stats  # the whole input, as the review report counts it
    reviewed: int  # series that involve the person (the only ones reviewed)
    maintainers: str | None  # the MAINTAINERS file approvals were judged by
    archive_url: str
    counts: DigestCounts
    series: list[DigestSeries]


def digest_series(entry: SeriesEntry, person: Address) -> DigestSeries | None:
    """What one series asks of the person; None when nothing."""
    rev = newest(entry)
    if rev is None:
        return None
    me = reader_in(entry, person)
    approval = approval_wait(entry, me)
    comments = open_comments(entry, me)
    tags = tags_to_reconfirm(entry, me)
    waiting = awaiting_review(entry, me)
    if approval is None and not comments and not tags and not waiting:
        return None
    return {
        "title": entry["title"],
        "author": entry.get("author", rev["author"]),
        "version": rev["version"],
        "state": rev["state"],
        "date": rev["date"],
        "message_id": rev["message_id"],
        "approval": approval,
        "comments": comments,
        "tags": tags,
        "awaiting_review": waiting,
    }


def _approval_rank(item: DigestSeries) -> int:
    return 0 if item["approval"] and item["approval"]["last"] else 1


def build_digest(
    entries: Iterable[SeriesEntry],
    person: Address,
    stats: Stats,
    maintainers: str | None = None,
    archive_url: str = "",
) -> Digest:
    """The digest from the series' report entries (consumed one at a time)."""
    items: list[DigestSeries] = []
    reviewed = 0
    for entry in entries:
        reviewed += 1
        item = digest_series(entry, person)
        if item is not None:
            items.append(item)
    approvals = [i for i in items if i["approval"]]
    return {
        "schema": DIGEST_SCHEMA,
        "tool": {"name": "patchlint", "version": __version__},
        "person": str(person),
        "stats": dict(stats),
        "reviewed": reviewed,
        "maintainers": maintainers,
        "archive_url": archive_url,
        "counts": {
            "approvals": len(approvals),
            "last_approvals": sum(1 for i in approvals if _approval_rank(i) == 0),
            "comments": sum(len(i["comments"]) for i in items),
            "tags": sum(len(i["tags"]) for i in items),
            "waiting": sum(1 for i in items if i["awaiting_review"]),
        },
        "series": items,
    }


_STATUS_ORDER = {"open": 0, "unchanged": 1, "discussed": 2, "addressed": 3}


class CommentMail(TypedDict):
    message_id: str | None
    comments: list[ReviewCommentEntry]


def comment_mails(comments: list[ReviewCommentEntry]) -> list[CommentMail]:
    """The comments grouped by the mail that holds them (a link each), the mails with
    open comments first; in a mail, open before unchanged before discussed."""
    mails: dict[str | None, CommentMail] = {}
    for c in comments:
        mails.setdefault(c["message_id"], {"message_id": c["message_id"], "comments": []})[
            "comments"
        ].append(c)
    for mail in mails.values():
        mail["comments"].sort(key=lambda c: _STATUS_ORDER[c["status"]])
    return sorted(mails.values(), key=lambda m: _STATUS_ORDER[m["comments"][0]["status"]])


class TagPatch(TypedDict):
    patch: int
    title: str
    patch_message_id: str | None
    tags: list[TagCheck]


def tag_patches(tags: list[TagCheck]) -> list[TagPatch]:
    """The tags grouped by the patch they are on."""
    out: dict[int, TagPatch] = {}
    for t in tags:
        out.setdefault(
            t["patch"],
            {
                "patch": t["patch"],
                "title": t["title"],
                "patch_message_id": t["patch_message_id"],
                "tags": [],
            },
        )["tags"].append(t)
    return list(out.values())


def _context(digest: Digest) -> dict[str, object]:
    items = digest["series"]
    return {
        "digest": digest,
        "approvals": sorted((i for i in items if i["approval"]), key=_approval_rank),
        "commented": [i for i in items if i["comments"]],
        "tagged": [i for i in items if i["tags"]],
        "waiting": [i for i in items if i["awaiting_review"]],
        "link": partial(mail_link, digest["archive_url"]),
        "comment_mails": comment_mails,
        "tag_patches": tag_patches,
    }


_TEMPLATES = {
    "text": ("terminal", "digest.txt.j2"),
    "markdown": ("markdown", "digest.md.j2"),
    "html": ("html", "digest.html.j2"),
}


def render_digest(digest: Digest, fmt: str) -> str:
    """The digest as `fmt`: text, markdown, html or json."""
    if fmt == "json":
        return json.dumps(digest, indent=2, ensure_ascii=False) + "\n"
    if fmt not in _TEMPLATES:
        raise UsageError(f"unknown digest format {fmt!r}")
    kind, name = _TEMPLATES[fmt]
    return template(kind, name).render(**_context(digest))


def digest_subject(digest: Digest) -> str:
    """`patchlint digest for Name: 3 series need you` (a header: built here)."""
    box = parse_address(digest["person"])
    who = box.name or box.email or digest["person"]
    n = len(digest["series"])
    if not n:
        return f"patchlint digest for {who}: nothing needs you"
    return f"patchlint digest for {who}: {count(n, 'series')} need{'s' if n == 1 else ''} you"


def digest_message(
    digest: Digest, sender: str, date: datetime | None = None, problems: list[str] | None = None
) -> EmailMessage:
    """The digest as one mail to the person (text/plain, the text format's body), its
    Message-ID fixed by what it says: the same digest mailed twice is one id. A header
    that cannot be written is left out and told in `problems`."""
    body = render_digest(digest, "text")
    identity = [
        digest["person"],
        *(
            f"{i['message_id']}|{i['version']}|"
            f"{bool(i['approval'])}|{len(i['comments'])}|"
            f"{len(i['tags'])}|{i['awaiting_review']}"
            for i in digest["series"]
        ),
    ]
    return new_message(
        sender,
        [digest["person"]],
        digest_subject(digest),
        body,
        kind="digest",
        identity=identity,
        mailer=f"patchlint {digest['tool']['version']}",
        date=date,
        problems=problems,
    )
