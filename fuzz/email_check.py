"""The `email` fuzz target's check: hostile header values through the reply composer and the
header builders. Plain functions (no atheris), shared by the harness, the regression test
and the property tests.

The input is split at NUL bytes into the values a mail can carry (see FIELDS); each goes
where it would come from in a report (the patch's subject, author, Cc, Message-ID,
References, the cover's, a finding's message), in the report of a small thread (`THREAD`).
Every reply written must then parse back: no msg-id header encoded, each reply threaded
under the mail it answers when that mail's id can be written, no header line broken, every
address one that was asked for.
"""

from __future__ import annotations

import copy
import email
import email.policy
import re
import tempfile
from datetime import UTC, datetime
from email.message import EmailMessage
from functools import cache
from pathlib import Path
from typing import Any

from patchlint.ingest.parse import parse_message
from patchlint.model.message import Diagnostic
from patchlint.report.email import patch_replies, revision_reply
from patchlint.report.mailheaders import (
    POLICY,
    clean_msgid,
    set_mailboxes,
    set_msgids,
    set_text,
)

FIELDS = ("subject", "author", "cc", "message_id", "reference", "cover_id", "finding", "sender")
WHEN = datetime(2024, 1, 1, tzinfo=UTC)
MSGID_HEADERS = ("Message-ID", "In-Reply-To", "References")
_ID = re.compile(r"<([^<>\s]+)>")


THREAD = """\
From alice@example.org Mon Jan  1 10:00:00 2024
From: Alice Author <alice@example.org>
To: xen-devel@lists.example.org
Cc: Bob Reviewer <bob@example.org>
Subject: [PATCH 0/1] foo: add b
Date: Mon, 1 Jan 2024 10:00:00 +0000
Message-ID: <cover@example.org>

The cover.

From alice@example.org Mon Jan  1 10:01:00 2024
From: Alice Author <alice@example.org>
To: xen-devel@lists.example.org
Cc: Bob Reviewer <bob@example.org>
Subject: [PATCH 1/1] foo: add b
Date: Mon, 1 Jan 2024 10:01:00 +0000
Message-ID: <patch1@example.org>
In-Reply-To: <cover@example.org>
References: <cover@example.org>

Add b.

Signed-off-by: Alice Author <alice@example.org>
---
diff --git a/foo.c b/foo.c
--- a/foo.c
+++ b/foo.c
@@ -1,2 +1,3 @@ int main(void)
 int a;
+int b;\x20\x20
 int c;

"""


@cache
def base_report() -> dict[str, Any]:
    """The report of a small thread (a cover letter and a patch adding a line with trailing
    whitespace): small, so the fuzzer spends its time in the composer."""
    from patchlint.pipeline import review

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "thread.mbox"
        path.write_text(THREAD, encoding="utf-8")
        report = review([str(path)])
    assert report["series"][0]["findings"], "the base thread must have a finding"
    return report


def fields(data: bytes) -> dict[str, str]:
    parts = data.decode("utf-8", "surrogateescape").split("\0")
    return {name: parts[i] if i < len(parts) else "" for i, name in enumerate(FIELDS)}


def _id(value: str) -> str | None:
    return value or None  # a report has null, not "", for a mail without a Message-ID


def poisoned(report: dict[str, Any], v: dict[str, str]) -> dict[str, Any]:
    """`report` with the values of `v` where mail puts them."""
    out = copy.deepcopy(report)
    s = out["series"][0]
    for rev in s["revisions"]:
        mails = [*rev["patches"], *rev["proposed_patches"]]
        for p in mails:
            p["subject"] = v["subject"]
            p["author"] = v["author"]
            p["cc"] = [*p["cc"], v["cc"], f"{v['author']} <x@example.org>"]
            p["references"] = [v["reference"], *p["references"]]
        rev["author"] = v["author"]
        rev["cover"] = {
            "message_id": _id(v["cover_id"]),
            "subject": v["subject"],
            "to": [v["cc"]],
            "cc": [v["author"]],
            "in_reply_to": None,
            "references": [v["reference"]],
        }
    old = s["revisions"][0]["patches"][0]["message_id"]
    s["revisions"][0]["patches"][0]["message_id"] = _id(v["message_id"])
    for f in s["findings"]:
        f["message"] = v["finding"] or f["message"]
        if f["message_id"] == old:
            f["message_id"] = _id(v["message_id"])
    # one finding about the cover letter, so it gets a reply too
    s["findings"].append(
        {
            **s["findings"][0],
            "message_id": _id(v["cover_id"]),
            "patch": None,
            "quote": None,
            "status": "open",
            "revision": 1,
            "fingerprint": "cover",
        }
    )
    return out


def check_reply(reply: EmailMessage, parent_id: str | None) -> None:
    """What a mail client and a list archive see of one reply."""
    raw = bytes(reply)
    head = raw.split(b"\n\n", 1)[0]
    for line in head.split(b"\n"):
        assert line[:1] in (b" ", b"\t") or b":" in line, line  # no stray line
        assert len(line) <= 998, len(line)
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert "Bcc" not in parsed
    for name in MSGID_HEADERS:
        for value in parsed.get_all(name) or []:
            assert "=?" not in str(value), (name, value)
            assert _ID.findall(str(value)), (name, value)
    for name in ("From", "To", "Cc"):
        for value in parsed.get_all(name) or []:
            assert not value.defects, (name, value, value.defects)
            for addr in value.addresses:
                assert addr.username and addr.domain, (name, value)
    assert len(parsed.get_all("Subject") or []) == 1
    assert str(parsed["Subject"]).lstrip().startswith("Re: ")  # folding may lead with a space
    mine = parse_message(raw)  # as patchlint itself reads it back (threading)
    cleaned = clean_msgid(parent_id)
    if cleaned is not None:
        assert mine.in_reply_to == cleaned[1:-1], (mine.in_reply_to, cleaned)
        assert mine.references[-1:] == (cleaned[1:-1],), mine.references
    else:
        assert mine.in_reply_to is None


def check_builders(v: dict[str, str]) -> None:
    """The header builders alone: never raise but HeaderProblem, read back as meant."""
    msg = EmailMessage(policy=POLICY)
    problems: list[str] = []
    boxes = [(v["author"], v["cc"]), (v["subject"], v["sender"]), ("", v["reference"])]
    kept = set_mailboxes(msg, "Cc", boxes, problems)
    assert len(kept) + sum("address dropped" in p for p in problems) == len(boxes) or (
        not kept and any("header dropped" in p for p in problems)
    )
    set_text(msg, "Subject", v["subject"], problems, "fallback")
    ids = [
        i for i in (clean_msgid(x) for x in (v["message_id"], v["reference"], v["cover_id"])) if i
    ]
    if ids:
        set_msgids(msg, "References", ids)
    parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
    if kept:
        assert [a.addr_spec.lower() for a in parsed["Cc"].addresses] == [
            a.lower() for _, a in kept
        ] or [f"{a.username}@{a.domain}" for a in parsed["Cc"].addresses] == [a for _, a in kept]
    if ids:
        assert _ID.findall(str(parsed["References"])) == [i[1:-1] for i in ids]


def check_email(data: bytes) -> None:
    """The composer on a report poisoned with the input's values: every reply checks out."""
    v = fields(data)
    check_builders(v)
    report = poisoned(base_report(), v)
    diagnostics: list[Diagnostic] = []
    sender = v["sender"] or "patchlint <patchlint@localhost>"
    replies = patch_replies(
        report, sender=sender, date=WHEN, superseded=True, diagnostics=diagnostics
    )
    assert replies
    rev = report["series"][0]["revisions"][0]
    parents = [
        rev["cover"]["message_id"],
        *(
            p["message_id"]
            for s in report["series"]
            for r in s["revisions"]
            for p in [*r["patches"], *r["proposed_patches"]]
        ),
    ]
    writable = {clean_msgid(p) for p in parents} - {None}
    unthreaded = 0
    for reply in replies:
        back = parse_message(bytes(reply))
        assert back.message_id and clean_msgid(back.message_id) not in writable
        if back.in_reply_to is None:
            unthreaded += 1
            check_reply(reply, None)
        else:
            assert f"<{back.in_reply_to}>" in writable, back.in_reply_to
            check_reply(reply, back.in_reply_to)
    # only a reply to a mail whose own id cannot be written goes unthreaded
    assert unthreaded <= sum(1 for p in parents if clean_msgid(p) is None), unthreaded
    whole = revision_reply(report, 0, 1, sender=sender, date=WHEN, diagnostics=diagnostics)
    assert whole is not None
    check_reply(whole, rev["cover"]["message_id"])
