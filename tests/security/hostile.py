"""Builders of hostile input for the resource-bound tests, and a runner that reviews it in
a child process under a hard time limit, reporting the report's figures and peak memory."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

PATCH_BODY = (
    "A change.\n\nSigned-off-by: A U Thor <author@example.org>\n---\n"
    "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1,1 +1,1 @@\n-a\n+b\n"
)


def mail(
    mid: str,
    subject: str,
    body: str | bytes = "",
    extra: str = "",
    sender: str = "A U Thor <author@example.org>",
    minute: int = 0,
) -> bytes:
    head = (
        f"From: {sender}\nTo: list@example.org\nSubject: {subject}\n"
        f"Date: Mon, 1 Jan 2024 {minute // 3600 % 24:02d}:{minute // 60 % 60:02d}:"
        f"{minute % 60:02d} +0000\nMessage-ID: <{mid}>\n{extra}\n"
    )
    return head.encode() + (body.encode() if isinstance(body, str) else body)


def mbox(mails: Iterable[bytes]) -> bytes:
    return b"".join(
        b"From x@y Mon Jan  1 00:00:00 2024\n" + m.rstrip(b"\n") + b"\n\n" for m in mails
    )


def big_attachment(megabytes: int) -> bytes:
    blob = base64.encodebytes(os.urandom(megabytes * 1024 * 1024 * 3 // 4))
    return mail(
        "attachment@test",
        "[PATCH] a change with a big attachment",
        b"--B\nContent-Type: text/plain\n\n"
        + PATCH_BODY.encode()
        + b"\n--B\nContent-Type: application/octet-stream\n"
        b"Content-Transfer-Encoding: base64\n"
        b'Content-Disposition: attachment; filename="blob.bin"\n\n' + blob + b"\n--B--\n",
        extra='MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n',
    )


def nested_multipart(depth: int) -> bytes:
    body = b"".join(
        f'--b{i}\nContent-Type: multipart/mixed; boundary="b{i + 1}"\n\n'.encode()
        for i in range(depth - 1)
    )
    body += f"--b{depth - 1}\nContent-Type: text/plain\n\n{PATCH_BODY}\n".encode()
    body += b"".join(f"--b{i}--\n".encode() for i in range(depth - 1, -1, -1))
    return mail(
        "nested@test",
        "[PATCH] a change, deeply nested",
        body,
        extra='MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b0"\n',
    )


def thread(n: int) -> bytes:
    """One patch and n - 1 replies, each answering the one before (a chain n deep)."""
    out = [mail("m0@test", "[PATCH] a change", PATCH_BODY)]
    for i in range(1, n):
        out.append(
            mail(
                f"m{i}@test",
                "Re: [PATCH] a change",
                f"> earlier words\n\nreply {i}\n",
                extra=f"In-Reply-To: <m{i - 1}@test>\nReferences: <m0@test> <m{i - 1}@test>\n",
                sender=f"R {i} <r{i}@example.org>",
                minute=i,
            )
        )
    return mbox(out)


def many_hunks(n: int) -> bytes:
    hunks = "".join(f"@@ -{10 * i + 1},1 +{10 * i + 1},1 @@\n-a{i}\n+b{i}\n" for i in range(n))
    return mail(
        "hunks@test",
        "[PATCH] a change with many hunks",
        "A change.\n\nSigned-off-by: A U Thor <author@example.org>\n---\n"
        "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n" + hunks,
    )


_CHILD = r"""
import json, re, sys, time
from collections import Counter
from patchlint.ingest import iter_raw
from patchlint.limits import Limits
from patchlint.pipeline import review
paths, limits = json.loads(sys.argv[1]), Limits(**json.loads(sys.argv[2]))
start = time.monotonic()
report = review(paths, limits=limits)
print(json.dumps({
    "read": sum(1 for _ in iter_raw(paths, limits)),
    "series": len(report["series"]),
    "revisions": sum(len(s["revisions"]) for s in report["series"]),
    "patches": sum(len(r["patches"]) for s in report["series"] for r in s["revisions"]),
    "diagnostics": [d["problem"] for d in report["diagnostics"]],
    "subjects": [p["subject"] for s in report["series"] for r in s["revisions"]
                 for p in r["patches"]],
    "seconds": time.monotonic() - start,
    # VmHWM, not ru_maxrss: that one keeps the forked parent's (pytest's) size past exec
    "peak_mib": int(re.search(r"VmHWM:\s*(\d+)", open("/proc/self/status").read())[1]) / 1024,
}))
"""


def review_bounded(paths: list[Path], timeout: float, **limits: int) -> dict[str, Any]:
    """Review `paths` in a child process killed after `timeout` seconds (the test fails
    then), and return what the report says."""
    res = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps([str(p) for p in paths]), json.dumps(limits)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    out: dict[str, Any] = json.loads(res.stdout)
    return out
