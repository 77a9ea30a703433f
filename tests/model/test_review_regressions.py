"""Defects found in review of the spine, each pinned by its reproduction."""

from __future__ import annotations

import json
import subprocess
import sys

from patchlint.ingest.sources import iter_file
from patchlint.pipeline import review
from tests.conftest import ROOT

DIFF = "---\n f | 2 +-\n\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"


def mail(
    mid: str,
    subject: str,
    body: str,
    *,
    parent: str | None = None,
    sender: str = "Ann Author <ann@example.com>",
    minute: int = 0,
    day: int = 1,
) -> str:
    refs = f"In-Reply-To: <{parent}>\nReferences: <{parent}>\n" if parent else ""
    return (
        f"From x Mon Jan  1 00:00:00 2001\nFrom: {sender}\nSubject: {subject}\n"
        f"Message-ID: <{mid}>\n{refs}Date: Mon, {day} Jan 2024 10:{minute:02d}:00 +0000\n\n"
        f"{body}\n"
    )


def run(tmp_path, *mails: str, name: str = "t.mbox") -> dict:
    path = tmp_path / name
    path.write_text("".join(mails))
    return review([str(path)])


def test_a_resent_copy_with_list_tag_is_one_mail(tmp_path):
    a = mail(
        "p@x", "[PATCH] xen: fix foo", "m\n\nSigned-off-by: Ann Author <ann@example.com>\n" + DIFF
    )
    b = mail(
        "p@x",
        "[Xen-devel] [PATCH] xen: fix foo",
        "m\n\nSigned-off-by: Ann Author "
        "<ann@example.com>\n" + DIFF + "\n_______________________________________________\n"
        "Xen-devel mailing list\n",
        minute=5,
    )
    r = run(tmp_path, a, b)
    assert [len(s["revisions"]) for s in r["series"]] == [1]
    assert any("duplicate message" in d["problem"] for d in r["diagnostics"])


def test_cover_letter_carrying_an_interdiff_is_still_the_cover(tmp_path):
    cover = mail("c@x", "[PATCH v2 0/2] s", "Interdiff against v1:\n" + DIFF[4:])
    p1 = mail("1@x", "[PATCH v2 1/2] one", "m\n" + DIFF, parent="c@x", minute=1)
    p2 = mail("2@x", "[PATCH v2 2/2] two", "m\n" + DIFF, parent="c@x", minute=2)
    rb = mail(
        "r@x",
        "Re: [PATCH v2 0/2] s",
        "For the series:\nReviewed-by: Rita Reviewer <rita@example.com>\n",
        parent="c@x",
        sender="Rita Reviewer <rita@example.com>",
        minute=3,
    )
    r = run(tmp_path, cover, p1, p2, rb)
    (series,) = r["series"]
    (rev,) = series["revisions"]
    assert rev["cover"]["message_id"] == "c@x"
    assert [p["index"] for p in rev["patches"]] == [1, 2]
    for p in rev["patches"]:
        assert [t["name"] for t in p["trailers"] if t["origin"] == "reply"] == ["Reviewed-by"]


def test_from_line_in_a_format_patch_body_does_not_split(tmp_path):
    path = tmp_path / "0001-board-quirk.patch"
    path.write_text(
        "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
        "From: Ann Author <ann@example.com>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
        "Subject: [PATCH] board: quirk\n\nExplain.\n\nFrom the datasheet, section 4.2:\n"
        "Note: the register is write-only.\n\nSigned-off-by: Ann Author <ann@example.com>\n" + DIFF
    )
    assert len(list(iter_file(path))) == 1


def test_naked_versioned_cover_without_counter(tmp_path):
    cover = mail("c@x", "[PATCH v2] my series", "This series does things.\n")
    p1 = mail("1@x", "[PATCH v2 1/2] one", "m\n" + DIFF, parent="c@x", minute=1)
    p2 = mail("2@x", "[PATCH v2 2/2] two", "m\n" + DIFF, parent="c@x", minute=2)
    r = run(tmp_path, cover, p1, p2)
    (series,) = r["series"]
    (rev,) = series["revisions"]
    assert rev["cover"]["message_id"] == "c@x"
    assert rev["total"] == 2 and rev["missing"] == []
    assert [(p["index"], p["total"]) for p in rev["patches"]] == [(1, 2), (2, 2)]
    assert not any("without a diff" in d["problem"] for d in r["diagnostics"])


def test_stable_backports_to_two_trees_are_not_versions(tmp_path):
    a = mail("a@x", "[PATCH 6.18 121/270] hv: fix it", "m\n" + DIFF)
    b = mail("b@x", "[PATCH 7.0 142/307] hv: fix it", "m\n" + DIFF, minute=30)
    r = run(tmp_path, a, b)
    assert len(r["series"]) == 2
    assert all(s["revisions"][0]["version"] == 1 for s in r["series"])


def test_hostile_numbers_and_charsets_do_not_crash(tmp_path):
    mails = [
        mail("u7@x", "[PATCH] =?utf-7?q?+2D0-?= fix", "m\n" + DIFF),
        mail("sq@x", "[PATCH \u00b2 of 3] x", "m\n" + DIFF, minute=1),
        mail("big@x", "[PATCH 1 of 3000000] x", "m\n" + DIFF, minute=2),
        mail("v@x", "[PATCH] y", "m\n---\nv" + "9" * 5000 + ": x\n" + DIFF[4:], minute=3),
    ]
    path = tmp_path / "hostile.mbox"
    path.write_text("".join(mails), encoding="utf-8")
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            str(path),
            "-f",
            "json",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert all(
        p["total"] < 10000 for s in report["series"] for rv in s["revisions"] for p in rv["patches"]
    )


def test_long_ghost_chain_and_many_partial_rerolls(tmp_path):
    ghosts = [
        f"From x Mon Jan  1 00:00:00 2001\nFrom: A <a@example.com>\nSubject: Re: x\n"
        f"Message-ID: <m{k}@x>\nReferences: <g{k}@x> <g{k + 1}@x>\n"
        "Date: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n\n"
        for k in range(3000)
    ]
    r = run(tmp_path, *ghosts, name="ghosts.mbox")
    assert r["stats"]["messages"] == 3000
    first = mail("p1@x", "[PATCH 1/2] foo: one", "m\n" + DIFF)
    rerolls = [
        mail(f"r{k}@x", "[PATCH 2/2] foo: two", "m\n" + DIFF, minute=k % 60, day=2 + k // 60)
        for k in range(1100)
    ]
    r = run(tmp_path, first, *rerolls, name="rerolls.mbox")
    assert r["stats"]["messages"] == 1101


def test_deep_reply_chain(tmp_path):
    msgs = [mail("p@x", "[PATCH] x", "m\n" + DIFF)]
    parent = "p@x"
    for k in range(5000):
        msgs.append(
            mail(
                f"r{k}@x",
                "Re: [PATCH] x",
                "ok\n",
                parent=parent,
                sender="R <r@example.com>",
                minute=k % 60,
            )
        )
        parent = f"r{k}@x"
    r = run(tmp_path, *msgs, name="deep.mbox")
    assert r["series"][0]["revisions"][0]["replies"] == 5000


def test_patch_part_without_disposition_and_empty_file(tmp_path):
    raw = (
        "From: A <a@example.com>\nSubject: [PATCH] x\nMessage-ID: <a@x>\n"
        "Date: Mon, 1 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/x-patch\n\n"
        "m\n" + DIFF + "--B\nContent-Type: text/plain\n\n_____\nlist footer\n--B--\n"
    )
    path = tmp_path / "x.eml"
    path.write_text(raw)
    r = review([str(path)])
    assert r["series"][0]["revisions"][0]["patches"][0]["files"] == ["f"]
    empty = tmp_path / "empty.mbox"
    empty.write_text("")
    assert review([str(empty)])["stats"]["messages"] == 0


def test_new_work_sharing_a_patch_title_is_a_new_series(tmp_path):
    def series(prefix: str, version: str, cover: str, minute: int) -> list[str]:
        v = f" {version}" if version else ""
        return [
            mail(f"{prefix}c@x", f"[PATCH{v} 0/2] {cover}", "cover\n", minute=minute),
            mail(
                f"{prefix}1@x",
                f"[PATCH{v} 1/2] x86: shared helper",
                "m\n" + DIFF,
                parent=f"{prefix}c@x",
                minute=minute + 1,
            ),
            mail(
                f"{prefix}2@x",
                f"[PATCH{v} 2/2] x86: part {prefix}",
                "m\n" + DIFF,
                parent=f"{prefix}c@x",
                minute=minute + 2,
            ),
        ]

    r = run(
        tmp_path,
        *series("a", "", "first part", 0),
        *series("b", "v2", "first part", 10),
        *series("c", "", "second part", 20),
        *series("d", "v2", "second part", 30),
    )
    assert sorted((s["title"], [v["version"] for v in s["revisions"]]) for s in r["series"]) == [
        ("first part", [1, 2]),
        ("second part", [1, 2]),
    ]
