"""`patchlint digest --for ADDRESS`: one person's attention set, on real threads (the Xen
seeds with Xen's MAINTAINERS, the linux-hyperv slice) and on hostile mail."""

from __future__ import annotations

import email
import email.policy
import json
import re
from typing import Any

import pytest

from patchlint.analysis.involvement import person
from patchlint.report.digest import build_digest, render_digest
from tests.conftest import FIXTURES, require
from tests.report.mail import IMG, SCRIPT, hostile_mbox, series_mbox
from tests.views.conftest import MAINTAINERS, SLICE, XEN_MAINTAINERS, run

SEED_002 = FIXTURES / "threads" / "002-libxl-deregister-evtchn-fd.mbox"
SEED_000 = FIXTURES / "threads" / "000-xen-netback-hw-features.mbox"
KELLEY = "Michael Kelley <mhklinux@outlook.com>"


def digest_json(*args: str) -> dict[str, Any]:
    res = run("digest", *args, "-f", "json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_the_maintainers_approval_is_the_last_one_missing():
    """Seed 002 against today's Xen MAINTAINERS: Ian Campbell's ack on v2 no longer counts
    (he maintains nothing now), so the toolstack maintainer's approval is what v2 needs,
    and his alone: it would be the independent approval as well."""
    d = digest_json(
        "--for", "anthony.perard@vates.tech", str(SEED_002), "--maintainers", str(XEN_MAINTAINERS)
    )
    assert d["reviewed"] == 1 and d["counts"]["last_approvals"] == 1
    [item] = d["series"]
    assert item["title"] == "libxl: events: Deregister evtchn fd when not needed"
    assert item["version"] == 2
    wait = item["approval"]
    assert wait["last"] is True and wait["other_files"] == [] and wait["objections"] == []
    [patch] = wait["patches"]
    assert patch["index"] == 5 and patch["independent"] is True
    assert [f["path"] for f in patch["files"]] == [
        "tools/libxl/libxl.c",
        "tools/libxl/libxl_event.c",
    ]
    assert {s for f in patch["files"] for s in f["sections"]} == {"TOOLSTACK"}


def test_a_maintainer_the_series_does_not_need_gets_nothing():
    """Jan Beulich maintains THE REST, which covers seed 002's files: the series involves
    him (it is reviewed) but needs nothing from him."""
    res = run(
        "digest",
        "--for",
        "Jan Beulich <jbeulich@suse.com>",
        str(SEED_002),
        "--maintainers",
        str(XEN_MAINTAINERS),
    )
    assert res.returncode == 0, res.stderr
    assert "1 series involves you" in res.stdout
    assert "Nothing needs you." in res.stdout


def test_an_author_whose_series_was_applied_has_nothing_waiting():
    d = digest_json("--for", "mirq-linux@rere.qmqm.pl", str(SEED_000))
    assert d["reviewed"] == 1 and d["series"] == []


def _matches(author: str, emails: set[str]) -> bool:
    return any(e in author.lower() for e in emails)


@pytest.mark.slow
@pytest.mark.parametrize(
    "who",
    [
        KELLEY,
        "kys@microsoft.com",
        "kuba@kernel.org",
        "Stanislav Kinsburskii <skinsburskii@linux.microsoft.com>",
    ],
)
def test_digest_over_the_slice_loses_nothing(slice_report, who):
    """The digest reviews only the series that involve the person, with no patch rules:
    what it finds is what the digest of the whole review (every series, every rule) finds."""
    whole = build_digest(
        slice_report["series"], person(who), slice_report["stats"], str(MAINTAINERS)
    )
    d = digest_json("--for", who, str(require(SLICE)), "--maintainers", str(MAINTAINERS))
    assert d["series"] == whole["series"]
    assert d["counts"] == whole["counts"]
    assert d["reviewed"] < whole["reviewed"] == len(slice_report["series"])


@pytest.mark.slow
def test_every_item_of_a_reviewers_digest_is_right(slice_report):
    """Michael Kelley reviews as mhklinux@outlook.com: each comment listed is his and not
    addressed, each one of his unaddressed comments on a series not applied is listed,
    and each tag to re-confirm is on a patch an interdiff step changed since he gave it."""
    d = build_digest(slice_report["series"], person(KELLEY), slice_report["stats"])
    by_mid = {s["revisions"][-1]["message_id"]: s for s in slice_report["series"]}
    listed = {(c["message_id"], c["excerpt"]) for i in d["series"] for c in i["comments"]}
    expected = {
        (c["message_id"], c["excerpt"])
        for s in slice_report["series"]
        if s["revisions"][-1]["state"] != "applied"
        for c in s["review_comments"]
        if "mhklinux@outlook.com" in c["author"] and c["status"] != "addressed"
    }
    assert listed == expected and len(expected) > 50
    assert d["counts"]["tags"] >= 2
    for item in d["series"]:
        entry = by_mid[item["message_id"]]
        for tag in item["tags"]:
            assert tag["stands"] is False and tag["given_on"] < item["version"]
            steps = [st for st in entry["interdiffs"] if st["from"] >= tag["given_on"]]
            assert any(p["status"] == "modified" for st in steps for p in st["patches"])
            assert any(
                t["name"] == tag["tag"]
                and "mhklinux@outlook.com" in (t["person"] or "")
                and t["revision"] == tag["given_on"]
                and t["origin"] == "reply"
                for t in entry["trailer_lineage"]
            )
    titles = {i["title"] for i in d["series"] if i["tags"]}
    assert "Drivers: hv: vmbus: use generic driver_override infrastructure" in titles


@pytest.mark.slow
def test_one_person_under_two_addresses(slice_report):
    """He posts his own series as mhklkml@zohomail.com and reviews as mhklinux@outlook.com,
    both as `Michael Kelley`: named, either address finds every comment of his; the bare
    posting address finds only what the threads link to it."""
    named = build_digest(
        slice_report["series"],
        person("Michael Kelley <mhklkml@zohomail.com>"),
        slice_report["stats"],
    )
    bare = build_digest(
        slice_report["series"], person("mhklkml@zohomail.com"), slice_report["stats"]
    )
    reviewer = build_digest(slice_report["series"], person(KELLEY), slice_report["stats"])

    def comments(d: dict[str, Any]) -> set[tuple[str, str]]:
        return {(c["message_id"], c["author"]) for i in d["series"] for c in i["comments"]}

    assert comments(reviewer) < comments(named)
    assert {a for _, a in comments(named)} == {"mhklkml@zohomail.com", KELLEY}
    assert comments(bare) == {c for c in comments(named) if c[1] == "mhklkml@zohomail.com"}


@pytest.mark.slow
def test_series_waiting_for_review(slice_report):
    """An author's series whose newest revision nobody else answered, and only those; not
    the ones the author withdrew ("Please disregard")."""
    who = "Stanislav Kinsburskii <skinsburskii@linux.microsoft.com>"
    d = build_digest(slice_report["series"], person(who), slice_report["stats"])
    waiting = [i["title"] for i in d["series"] if i["awaiting_review"]]
    expected = [
        s["title"]
        for s in slice_report["series"]
        if (rev := s["revisions"][-1])["state"] == "latest"
        and "skinsburskii@" in rev["author"]
        and all("skinsburskii@" in m["author"] for m in rev.get("reply_messages", []))
        and not any(
            e["kind"] == "retraction" and e["revision"] == rev["version"] for e in s["events"]
        )
    ]
    assert waiting == expected and len(expected) >= 5


@pytest.mark.slow
def test_approvals_with_a_linux_maintainers_file(slice_report):
    """kys@microsoft.com maintains the Hyper-V code with four others: a series waits for
    his approval while no one of them approved a file; his is the last missing when every
    other file (the networking ones, say) is approved."""
    d = build_digest(slice_report["series"], person("kys@microsoft.com"), slice_report["stats"])
    approvals = [i for i in d["series"] if i["approval"]]
    assert d["counts"]["last_approvals"] >= 5 and len(approvals) > d["counts"]["last_approvals"]
    by_mid = {s["revisions"][-1]["message_id"]: s for s in slice_report["series"]}
    for item in approvals:
        rev = by_mid[item["message_id"]]["revisions"][-1]
        files = {(p["index"], f["path"]): f for p in rev["approval"]["patches"] for f in p["files"]}
        for p in item["approval"]["patches"]:
            for need in p["files"]:
                f = files[p["index"], need["path"]]
                assert (
                    not f["satisfied"] and "K. Y. Srinivasan <kys@microsoft.com>" in f["required"]
                )
        unsatisfied = [f for f in files.values() if not f["satisfied"]]
        assert item["approval"]["last"] == all(
            "K. Y. Srinivasan <kys@microsoft.com>" in f["required"] for f in unsatisfied
        )


def test_the_digest_mail(tmp_path):
    """One mail to the person: headers as the reply composer builds them, the text format
    as its body, the same Message-ID for the same digest."""
    out = tmp_path / "digest.eml"
    args = (
        "digest",
        "--for",
        "Anthony PERARD <anthony.perard@vates.tech>",
        str(SEED_002),
        "--maintainers",
        str(XEN_MAINTAINERS),
        "--from",
        "Xen CI <ci@example.org>",
    )
    res = run(*args, "-f", "email", "-o", str(out))
    assert res.returncode == 0, res.stderr
    msg = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert msg["To"] == "Anthony PERARD <anthony.perard@vates.tech>"
    assert msg["From"] == "Xen CI <ci@example.org>"
    assert msg["Subject"] == "patchlint digest for Anthony PERARD: 1 series needs you"
    assert msg["Message-ID"].startswith("<patchlint-digest-")
    assert msg["Message-ID"].endswith("@example.org>")
    assert msg.get_content_type() == "text/plain"
    text = run(*args).stdout
    assert msg.get_content() == text
    assert "Your approval is the last one missing (1)" in text
    again = run(*args, "-f", "email")
    assert email.message_from_string(again.stdout)["Message-ID"] == msg["Message-ID"]


def test_hostile_mail_in_every_format(tmp_path):
    """Titles and comments carrying markup, and a --for carrying a header break."""
    mbox = hostile_mbox(tmp_path / "hostile.mbox")
    who = "Bob Reviewer <bob@example.org>"
    d = digest_json("--for", who, str(mbox))
    assert [c["comment"] for i in d["series"] for c in i["comments"]] == [
        f"This line is wrong: {IMG} {SCRIPT}"
    ]
    html = run("digest", "--for", who, str(mbox), "-f", "html").stdout
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    md = run("digest", "--for", who, str(mbox), "-f", "markdown").stdout
    assert re.search(r"(?<!\\)<(script|img)", md) is None and r"\<script\>" in md
    res = run(
        "digest",
        "--for",
        "Bob Reviewer <bob@example.org>\r\nBcc: eve@example.org",
        str(mbox),
        "-f",
        "email",
    )
    assert res.returncode == 0, res.stderr
    msg = email.message_from_string(res.stdout, policy=email.policy.default)
    assert msg["Bcc"] is None and "eve" not in (msg["To"] or "")


def test_text_lists_the_links_to_the_archive(tmp_path):
    mbox = series_mbox(tmp_path / "s.mbox", replies=("Looks wrong to me.\n\nBob",))
    who = "bob@example.org"
    text = run(
        "digest", "--for", who, str(mbox), "--archive-url", "https://lists.example.org/xen-devel"
    ).stdout
    assert "https://lists.example.org/xen-devel/reply1@example.org/" in text
    none = run("digest", "--for", who, str(mbox), "--no-links").stdout
    assert "https://" not in none and "Looks wrong to me." in none


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "digest needs --for ADDRESS"),
        (["--for", "ian"], "give an address, or a full name"),
        (
            ["--for", "a@b.org", "--archive-url", "javascript:alert(1)"],
            "not an http(s) archive URL",
        ),
    ],
)
def test_usage_errors(args, message):
    res = run("digest", *args, str(SEED_000))
    assert res.returncode == 2
    assert message in res.stderr and "Traceback" not in res.stderr


def test_render_formats_agree():
    """The same digest in every format names the same series."""
    d = build_digest([], person("a@b.org"), {"messages": 0, "series": 0})
    for fmt in ("text", "markdown", "html"):
        assert "Nothing needs you." in render_digest(d, fmt)
