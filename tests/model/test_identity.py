"""The person behind a list's DMARC rewrite of From: (model/identity.py, Message.author)."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage

from patchlint.engine.registry import default_registry
from patchlint.ingest import parse_message
from patchlint.model.address import Address
from patchlint.model.identity import list_addresses, rewritten_by_list
from patchlint.model.message import Message
from patchlint.pipeline import review
from patchlint.report.email import patch_replies, revision_reply
from tests.conftest import FIXTURES

LIST = "virtualization@lists.linux-foundation.org"
LIST_ID = "Linux virtualization <virtualization.lists.linux-foundation.org>"
LIST_POST = f"<mailto:{LIST}>"
VIA = Address("Juergen Gross via Virtualization", LIST)
DMARC = FIXTURES / "threads" / "linux" / "2023-paravirt-enter-mmap-dmarc.mbox"


def person(
    author: Address = VIA,
    *,
    reply_to: str = "Juergen Gross <jgross@suse.com>",
    original_from: str = "",
    list_id: str | None = LIST_ID,
    list_post: str | None = LIST_POST,
    to: str = "",
    cc: str = "",
) -> Address | None:
    return rewritten_by_list(
        author,
        reply_to=reply_to,
        original_from=original_from,
        list_id=list_id,
        list_post=list_post,
        to_header=to,
        cc_header=cc,
    )


def test_the_list_address_comes_from_list_post_and_list_id():
    assert list_addresses(LIST_ID, None) == {LIST}
    assert list_addresses(None, LIST_POST) == {LIST}
    assert list_addresses("<linux-hyperv.vger.kernel.org>", None) == {
        "linux-hyperv@vger.kernel.org"
    }
    assert list_addresses("no list here", "NO") == set()


def test_a_via_from_with_the_author_in_reply_to_is_the_author():
    assert person() == Address("Juergen Gross", "jgross@suse.com")
    # the list named by List-Post alone, by List-Id alone, or only by To/Cc
    assert person(list_id=None) == Address("Juergen Gross", "jgross@suse.com")
    assert person(list_post=None) == Address("Juergen Gross", "jgross@suse.com")
    assert person(list_id=None, list_post=None, cc=f"x@y.org, {LIST}") == Address(
        "Juergen Gross", "jgross@suse.com"
    )
    # X-Original-From when there is no Reply-To; the name from the From when it has none
    assert person(reply_to="", original_from="<jgross@suse.com>") == Address(
        "Juergen Gross", "jgross@suse.com"
    )
    # Google Groups quotes the name
    assert person(
        Address("'Ann Author' via kasan-dev", "kasan-dev@googlegroups.com"),
        reply_to="Ann Author <ann@example.org>",
        list_id=None,
        list_post=None,
        to="kasan-dev@googlegroups.com",
    ) == Address("Ann Author", "ann@example.org")


def test_a_reply_to_with_several_people_needs_the_one_the_list_named():
    both = "Someone Else <else@example.org>, Juergen Gross <jgross@suse.com>"
    assert person(reply_to=both) == Address("Juergen Gross", "jgross@suse.com")
    assert person(reply_to="A <a@example.org>, B <b@example.org>") is None


def test_what_is_not_a_list_rewrite_is_left_alone():
    # an ordinary sender, even with a Reply-To
    assert person(Address("Juergen Gross", "jgross@suse.com")) is None
    # "via" in the name, but the address is not the list's
    assert person(Address("Printer via Gateway", "gateway@example.org")) is None
    # the list's address, but no one named behind it (or only the list itself)
    assert person(reply_to="") is None
    assert person(reply_to=LIST) is None
    # a list address that no header of the mail ties to a list
    assert person(list_id=None, list_post=None) is None


def raw_mail(extra: str, sender: str = f"Juergen Gross via Virtualization <{LIST}>") -> bytes:
    return (
        f"From: {sender}\n{extra}Subject: [PATCH] x86: fix foo\n"
        "Message-ID: <p@suse.com>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
        f"To: x86@kernel.org\nCc: {LIST}\nList-Id: {LIST_ID}\nList-Post: {LIST_POST}\n\n"
        "Fix foo.\n\nSigned-off-by: Juergen Gross <jgross@suse.com>\n"
    ).encode()


def test_ingest_reads_the_headers_and_the_message_holds_the_person():
    msg = parse_message(raw_mail("Reply-To: Juergen Gross <jgross@suse.com>\n"))
    assert msg.author == Address("Juergen Gross", "jgross@suse.com")
    assert msg.list_from == VIA
    plain = parse_message(
        raw_mail(
            "Reply-To: Juergen Gross <jgross@suse.com>\n", sender="Juergen Gross <jgross@suse.com>"
        )
    )
    assert plain.author == Address("Juergen Gross", "jgross@suse.com")
    assert plain.list_from is None
    xo = parse_message(raw_mail("X-Original-From: Juergen Gross <jgross@suse.com>\n"))
    assert xo.author == Address("Juergen Gross", "jgross@suse.com")


def test_a_message_built_in_code_resolves_the_person_too():
    msg = Message(
        key="k",
        message_id="k",
        subject="s",
        author=VIA,
        date=None,
        in_reply_to=None,
        references=(),
        body="",
        list_id=LIST_ID,
        reply_to_header="Juergen Gross <jgross@suse.com>",
    )
    assert (msg.author.email, msg.list_from) == ("jgross@suse.com", VIA)


def _parse(msg: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_a_real_rewritten_thread_names_the_author_and_replies_reach_him():
    report = review([str(DMARC)], selection=default_registry().select(["ALL"]))
    (series,) = report["series"]
    # the thread has no finding of its own (TR002 stayed silent once it weighed behaviour:
    # v2 adds one call), and a reply needs something to say: one note on v2's patch
    v2 = series["revisions"][1]["patches"][0]
    series["findings"].append(
        {
            "rule": "spelling",
            "code": "SP001",
            "severity": "info",
            "revision": 2,
            "patch": 1,
            "file": None,
            "line": None,
            "message": "'calback' may be misspelt",
            "message_id": v2["message_id"],
            "status": "open",
            "resolved_by": None,
            "details": {"word": "calback"},
            "quote": None,
            "fingerprint": "0" * 32,
        }
    )
    assert [r["author"] for r in series["revisions"]] == ["Juergen Gross <jgross@suse.com>"] * 2
    # his sign-off matches the person, not the list (TR004 fired on both revisions before)
    assert not [f for f in series["findings"] if f["code"] in ("TR003", "TR004")]
    when = datetime(2024, 5, 1, tzinfo=UTC)
    replies = [
        _parse(m) for m in patch_replies(report, date=when, severity="info", superseded=True)
    ]
    assert replies
    for reply in replies:
        assert [a.addr_spec for a in reply["To"].addresses] == ["jgross@suse.com"]
    whole = revision_reply(report, 0, 2, date=when)
    assert whole is not None
    assert [a.addr_spec for a in _parse(whole)["To"].addresses] == ["jgross@suse.com"]
