"""Email review replies: threading, addressing, what is quoted, and header safety."""

from __future__ import annotations

import copy
import email
import email.policy
import subprocess
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from patchlint import __version__
from patchlint.pipeline import review
from patchlint.report.email import clean_msgid, patch_replies, revision_reply, write_eml
from tests.conftest import ROOT
from tests.report.conftest import SEEDS
from tests.report.mail import series_mbox

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
V1 = "20110419115606.6EBB313A6A@rere.qmqm.pl"
PROPOSAL = "1303219073.5197.45.camel@zakaz.uk.xensource.com"


def parse(msg: EmailMessage) -> EmailMessage:
    """What a mail client sees: the bytes as sent, parsed back with the stdlib."""
    parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def body(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def addresses(msg: EmailMessage, name: str) -> list[str]:
    header = msg[name]
    return [a.addr_spec.lower() for a in header.addresses] if header is not None else []


def test_seed_000_v1_reply_quotes_the_prototype_and_names_the_rule(seed_reports):
    replies = [parse(m) for m in patch_replies(seed_reports["000"], date=WHEN, superseded=True)]
    v1 = next(m for m in replies if m["In-Reply-To"] == f"<{V1}>")
    # the list's tag is the list's to add again
    assert v1["Subject"] == "Re: [PATCH] net: xen-netback: convert to hw_features"
    assert v1["References"] == f"<{V1}>"
    assert addresses(v1, "To") == ["mirq-linux@rere.qmqm.pl"]
    assert addresses(v1, "Cc") == [
        "netdev@vger.kernel.org",
        "ian.campbell@citrix.com",
        "xen-devel@lists.xensource.com",
    ]
    assert v1["To"].addresses[0].display_name == "Michał Mirosław"
    text = body(v1)
    lines = text.splitlines()
    assert lines[0] == "On Tue, 19 Apr 2011 11:56:06 +0000, Michał Mirosław wrote:"
    # only the offending line, under its file and hunk headers; no git noise
    assert lines[1:5] == [
        "> --- a/drivers/net/xen-netback/interface.c",
        "> +++ b/drivers/net/xen-netback/interface.c",
        "> @@ -165,69 +165,18 @@ static int xenvif_change_mtu(struct net_device *dev, int mtu)",
        "> +static u32 xenvif_fix_features(struct xenvif *vif, u32 features)",
    ]
    assert not any(line.startswith(("> diff --git", "> index ")) for line in lines)
    assert sum(line.startswith(">") for line in lines) == 4
    assert lines[5] == ""
    assert lines[6].startswith("CS001 ops-prototype-mismatch (error): xenvif_fix_features()")
    prose = [line for line in lines if not line.startswith(">")]
    assert max(len(line) for line in prose) <= 72
    assert f"-- \npatchlint {__version__} " in text
    assert v1["Content-Transfer-Encoding"] == "8bit"


def test_seed_000_reply_to_a_patch_proposed_in_a_reply(seed_reports):
    replies = [parse(m) for m in patch_replies(seed_reports["000"], date=WHEN, superseded=True)]
    assert len(replies) == 2  # v1's patch and Ian's proposal; v2's only finding is resolved
    ian = next(m for m in replies if m["In-Reply-To"] == f"<{PROPOSAL}>")
    assert ian["References"] == f"<{V1}> <{PROPOSAL}>"
    assert addresses(ian, "To") == ["ian.campbell@eu.citrix.com"]
    assert "mirq-linux@rere.qmqm.pl" in addresses(ian, "Cc")
    assert ian["Subject"] == "Re: [PATCH] net: xen-netback: convert to hw_features"
    assert "> +\tif (!(features & NETIF_F_SG) && dev->mtu > ETH_DATA_LEN) {" in body(ian)
    assert "CS002 mtu-offload-state (warning)" in body(ian)


def test_revision_reply_for_seed_000(seed_reports):
    report = seed_reports["000"]
    reply = revision_reply(report, 0, 1, date=WHEN)
    assert reply is not None
    msg = parse(reply)
    assert msg["In-Reply-To"] == f"<{V1}>"  # no cover letter: under the patch
    text = body(msg)
    assert text.index("ops-prototype-mismatch") < text.index("In the patch Ian Campbell proposed")
    assert "mtu-offload-state" in text
    # v2's only finding (the premature ack) was resolved by the real ack
    assert revision_reply(report, 0, 2, date=WHEN) is None
    assert revision_reply(report, report["series"][0], "no-such-revision") is None


def test_revision_reply_threads_under_the_cover_letter(tmp_path):
    report = review([str(series_mbox(tmp_path / "s.mbox"))])
    reply = revision_reply(report, 0, 1, sender="Bot <bot@ci.example.org>", date=WHEN)
    assert reply is not None
    msg = parse(reply)
    assert msg["In-Reply-To"] == "<cover@example.org>"
    assert msg["References"] == "<cover@example.org>"
    assert msg["Subject"] == "Re: [PATCH 0/2] foo: add b and c"
    assert addresses(msg, "From") == ["bot@ci.example.org"]
    assert msg["Message-ID"].endswith("@ci.example.org>")
    assert addresses(msg, "To") == ["alice@example.org"]
    assert addresses(msg, "Cc") == ["xen-devel@lists.example.org", "bob@example.org"]
    text = body(msg)
    assert text.startswith(
        "On Mon, 01 Jan 2024 10:00:00 +0000, Alice Author wrote:\n> [PATCH 0/2] foo: add b and c\n"
    )
    assert text.count("> +int b;   \n") == 2
    assert text.index("[PATCH 1/2]") < text.index("[PATCH 2/2]")
    assert text.count("ST004 trailing-whitespace") == 2


def test_replies_are_deterministic_for_the_same_input(tmp_path):
    report = review([str(series_mbox(tmp_path / "s.mbox"))])
    first = [bytes(m) for m in patch_replies(report, date=WHEN)]
    again = [bytes(m) for m in patch_replies(report, date=WHEN)]
    assert first == again
    ids = [parse(m)["Message-ID"] for m in patch_replies(report, date=WHEN)]
    assert len(set(ids)) == len(ids) == 2


def test_severity_floor(tmp_path):
    report = review([str(series_mbox(tmp_path / "s.mbox"))])
    assert len(patch_replies(report, severity="warning")) == 2
    assert patch_replies(report, severity="error") == []


def _headers_are_single_lines(msg: EmailMessage) -> None:
    for name, value in msg.items():
        assert "\r" not in str(value) and "\n" not in str(value), (name, value)


def test_hostile_subject_cannot_inject_headers_end_to_end(tmp_path):
    mbox = series_mbox(
        tmp_path / "s.mbox",
        cover=False,
        title="=?utf-8?q?evil=0D=0ABcc:_victim@example.org?=",
        sender="=?utf-8?q?Eve=0D=0ABcc:_x@example.org?= <eve@example.org>",
    )
    raw = mbox.read_bytes().replace(b"(1)", b"(1)\rX-Injected: yes")
    mbox.write_bytes(raw)
    out = tmp_path / "replies"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            str(mbox),
            "--format",
            "email",
            "-o",
            str(out),
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    files = sorted(out.glob("*.eml"))
    assert len(files) == 2
    for path in files:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert "Bcc" not in msg and "X-Injected" not in msg
        assert len(msg.get_all("Subject") or []) == 1
        _headers_are_single_lines(msg)
        assert msg["Subject"].startswith("Re: [PATCH ")
        assert "victim@example.org" in msg["Subject"]  # kept as text, on the one line
        assert addresses(msg, "To") == ["eve@example.org"]


def test_hostile_report_values_are_cleaned_before_they_become_headers(seed_reports):
    report: dict[str, Any] = copy.deepcopy(seed_reports["000"])
    patch = report["series"][0]["revisions"][0]["patches"][0]
    patch["subject"] = "[PATCH] x\r\nBcc: victim@example.org\r\n\r\nbody"
    patch["author"] = "Eve\r\nBcc: victim@example.org <eve@example.org>"
    patch["cc"] = ["Mallory <mallory@example.org>\r\nX-Injected: 1", "not an address"]
    patch["references"] = ["a@b\r\nX-Injected: 1"]
    for f in report["series"][0]["findings"]:
        if f["message_id"] == patch["message_id"]:
            f["message_id"] = patch["message_id"] = f"{V1}>\r\nX-Injected: 2"
    msg = parse(patch_replies(report, date=WHEN, superseded=True)[0])
    assert "Bcc" not in msg and "X-Injected" not in msg
    _headers_are_single_lines(msg)
    assert msg["Subject"] == "Re: [PATCH] x Bcc: victim@example.org body"
    assert addresses(msg, "To") == ["eve@example.org"]
    # the CR/LF became a space inside the display name; "not an address" was dropped
    assert addresses(msg, "Cc") == ["netdev@vger.kernel.org", "mallory@example.org"]
    assert msg["In-Reply-To"] == f"<{V1}X-Injected2>"
    assert msg["References"].split() == ["<a@bX-Injected1>", f"<{V1}X-Injected2>"]


def test_clean_msgid():
    assert clean_msgid("<abc@example.org>") == "<abc@example.org>"
    assert clean_msgid("abc@example.org") == "<abc@example.org>"
    assert clean_msgid(" \r\n<>") is None
    assert clean_msgid(None) is None


def test_write_eml_names_files_safely(tmp_path, seed_reports):
    written = write_eml(
        patch_replies(seed_reports["000"], date=WHEN, superseded=True), tmp_path / "out"
    )
    assert [p.name for p in written] == [
        "0001-Re-PATCH-net-xen-netback-convert-to-hw_features.eml",
        "0002-Re-PATCH-net-xen-netback-convert-to-hw_features.eml",
    ]
    assert all(p.parent == tmp_path / "out" for p in written)


def test_every_seed_gets_replies_that_parse_back(seed_reports):
    for name, report in seed_reports.items():
        replies = patch_replies(report, date=WHEN, superseded=True)
        # seed 002 has nothing to say: Konrad's Release-Acked-by without an on-list origin is
        # no finding (a review before posting is normal)
        assert bool(replies) == (name != "002"), name
        for reply in replies:
            msg = parse(reply)
            assert msg["In-Reply-To"] and msg["Subject"].startswith("Re: "), name
            text = body(msg)
            assert text.startswith("On ") and " wrote:\n> " in text, name
            prose = [line for line in text.splitlines() if not line.startswith(">")]
            assert max(len(line) for line in prose) <= 72, name


def test_cli_email_to_stdout_is_an_mbox(tmp_path):
    mbox = series_mbox(tmp_path / "s.mbox")
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            str(mbox),
            "--format",
            "email",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(b"From ")
    assert res.stdout.count(b"\nFrom: patchlint <patchlint@localhost>") == 2


def test_cli_email_output_must_be_a_directory(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            str(SEEDS["000"]),
            "--format",
            "email",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == 2
    assert "needs a directory" in res.stderr and "Traceback" not in res.stderr


def test_nothing_to_say_means_no_reply(tmp_path):
    mbox = tmp_path / "clean.mbox"
    text = series_mbox(tmp_path / "s.mbox").read_text().replace("+int b;   \n", "+int b;\n")
    mbox.write_text(text)
    report = review([str(mbox)])
    assert patch_replies(report) == []
    assert revision_reply(report, 0, 1) is None
    assert Path(mbox).exists()


def test_message_id_names_the_review_not_its_wording(seed_reports):
    report = seed_reports["000"]
    first = parse(patch_replies(report, date=WHEN, superseded=True)[0])["Message-ID"]
    reworded = copy.deepcopy(report)
    reworded["tool"]["version"] = "99.0"
    for f in reworded["series"][0]["findings"]:
        f["message"] = "another wording"
    assert parse(patch_replies(reworded, date=WHEN, superseded=True)[0])["Message-ID"] == first
    # the revision's reply to the same mail is another mail
    reply = revision_reply(report, 0, 1, date=WHEN)
    assert reply is not None and parse(reply)["Message-ID"] != first
