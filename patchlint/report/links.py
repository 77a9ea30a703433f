"""Where each revision lives in the list archive: the page of each of its messages, and the
`b4 am` / `b4 shazam` line that fetches and applies it (a reviewer's next step).

b4 takes `-v N` for the version it reads in the subjects (`[PATCH v2 ...]`, else 1), and a
Message-ID or the message's URL: with the default archive (lore.kernel.org, b4's own default)
the bare Message-ID, with any other the URL, from which b4 takes the archive to fetch from.
Message-IDs come from mail: they are percent-encoded in URLs and shell-quoted in the lines.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup

from patchlint.config import DEFAULT_ARCHIVE

if TYPE_CHECKING:
    from patchlint.report.types import RevisionEntry, RevisionLinks, SeriesEntry

# what may stay as it is in a message URL's path segment (public-inbox escapes the rest);
# no parentheses, brackets or quotes, so a URL cannot end a Markdown link or an attribute
_URL_SAFE = "@!$&*+,;=:~"


def message_url(archive: str, message_id: str) -> str:
    """The archive's page of one message (public-inbox: `BASE/MSGID/`)."""
    return f"{archive}{quote(message_id, safe=_URL_SAFE)}/"


def mail_link(archive: str, message_id: str | None) -> str | None:
    """A mail's page for the reader views (digest, re-review, the HTML index): None without
    an archive (`[archive] links = false`) or a Message-ID; `<>` around the id dropped."""
    ident = (message_id or "").strip().removeprefix("<").removesuffix(">")
    if not archive or not ident:
        return None
    return message_url(archive, ident)


def b4_version(revision: RevisionEntry) -> int:
    """The version b4 reads from the subjects: the one they state, else 1 (patchlint may
    have inferred another from the changelog)."""
    return 1 if revision["version_inferred"] else revision["version"]


def b4_commands(archive: str, revision: RevisionEntry) -> tuple[str, str] | None:
    """`b4 am -v N WHAT` and `b4 shazam -v N WHAT` for a revision (None without a
    Message-ID): WHAT is the Message-ID of its cover letter or first patch on lore, its URL
    elsewhere."""
    message_id = revision["message_id"]
    if not message_id:
        return None
    what = message_id if archive == DEFAULT_ARCHIVE else message_url(archive, message_id)
    tail = f"-v {b4_version(revision)} {shlex.quote(what)}"
    return f"b4 am {tail}", f"b4 shazam {tail}"


def revision_links(archive: str, revision: RevisionEntry) -> RevisionLinks:
    """The revision's `links`: every message's page (cover letter, patches, patches
    proposed in replies, replies), by Message-ID, and the b4 lines."""
    ids: list[str | None] = []
    cover = revision["cover"]
    if cover is not None:
        ids.append(cover["message_id"])
    ids.extend(p["message_id"] for p in revision["patches"])
    ids.extend(p["message_id"] for p in revision["proposed_patches"])
    ids.extend(r["message_id"] for r in revision.get("reply_messages", []))
    commands = b4_commands(archive, revision)
    return {
        "archive": archive,
        "messages": {mid: message_url(archive, mid) for mid in ids if mid},
        "b4_am": commands[0] if commands else None,
        "b4_shazam": commands[1] if commands else None,
    }


def autolink(url: str) -> Markup | str:
    """A URL as a Markdown autolink (`<url>`); one holding what would end it (from a
    configured archive URL) as escaped text instead."""
    if any(c in url for c in "<> \t\n\\`"):
        return url  # the environment escapes it
    return Markup(f"<{url}>")


def add_links(entry: SeriesEntry, archive: str) -> None:
    """Give every revision of a series entry its `links`."""
    for revision in entry["revisions"]:
        revision["links"] = revision_links(archive, revision)
