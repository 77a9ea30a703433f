"""Trailer collection cases found by comparing patchlint with b4 on the linux-hyperv
archive (bench/b4_agreement.py, docs/b4-agreement.md), each as a small synthetic mail."""

from datetime import UTC, datetime

from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message
from patchlint.model.trailers import same_person, split_trailer_block
from patchlint.report.model import given_trailers

T0 = datetime(2026, 4, 1, tzinfo=UTC)
DIFF = "---\n f | 1 +\n\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"


def _mail(
    mid: str, subject: str, body: str, author: Address, parent: str | None = None, minute: int = 0
) -> Message:
    return Message(
        key=mid,
        message_id=mid,
        subject=subject,
        author=author,
        date=T0.replace(minute=minute),
        in_reply_to=parent,
        references=(parent,) if parent else (),
        body=body,
    )


def _reply_trailers(reply_from: Address, reply_body: str) -> tuple[list[str], list[str]]:
    """(collected, mismatched) trailer values of one reply to a one-patch series."""
    patch = _mail(
        "p@x",
        "[PATCH] drm/hyperv: use VMBUS_RING_SIZE()",
        "m\n" + DIFF,
        Address("Hamza Mahfooz", "hamzamahfooz@linux.microsoft.com"),
    )
    reply = _mail(
        "r@x",
        "RE: [PATCH] drm/hyperv: use VMBUS_RING_SIZE()",
        reply_body,
        reply_from,
        parent="p@x",
        minute=1,
    )
    diags: list[Diagnostic] = []
    rev = group_messages([patch, reply], diags).series[0].revisions[0]
    [r] = rev.replies
    return [t.value for t in r.trailers], [t.value for t in r.mismatched_trailers]


def test_trailer_block_keeps_other_tokens_next_to_known_trailers():
    # b4 prep leaves the patch's To:/Cc: in the commit message, next to the sign-off
    # (linux-hyperv, "btrfs: Prefer IS_ERR_OR_NULL over manual NULL check")
    text, trailers = split_trailer_block(
        "Change generated with coccinelle.\n\n"
        "To: Chris Mason <clm@fb.com>\n"
        "Cc: linux-btrfs@vger.kernel.org\n"
        "Signed-off-by: Philipp Hahn <phahn-oss@avm.de>\n"
    )
    assert text == "Change generated with coccinelle."
    assert [t.name for t in trailers] == ["To", "Cc", "Signed-off-by"]
    assert trailers[0].person == Address("Chris Mason", "clm@fb.com")
    assert trailers[2].person == Address("Philipp Hahn", "phahn-oss@avm.de")


def test_token_lines_without_a_trailer_name_are_not_a_block():
    for tail in (
        "Note: this is prose\nAlso: more prose",
        "Reviewed-by: A <a@b.c>\nhttps://example.com/x",
        "Acked-by: A <a@b.c>\nsome words: then text",
    ):
        text, trailers = split_trailer_block(f"Explain.\n\n{tail}")
        assert trailers == [], tail
        assert text.endswith(tail)


def test_last_paragraph_with_a_sign_off_may_mix_in_other_lines():
    # git interpret-trailers: a Signed-off-by and at least 25% trailer lines (linux-hyperv:
    # "[dwmw2: ...]" notes, "Testcases ran:" lines, a Fixes title wrapped without indent)
    _, trailers = split_trailer_block(
        "Explain.\n\n[dwmw2: fix bitfields not all to be a union]\n"
        "Signed-off-by: Thomas Gleixner <tglx@linutronix.de>\n"
        "Signed-off-by: David Woodhouse <dwmw@amazon.co.uk>"
    )
    assert [t.value for t in trailers] == [
        "Thomas Gleixner <tglx@linutronix.de>",
        "David Woodhouse <dwmw@amazon.co.uk>",
    ]
    _, trailers = split_trailer_block(
        "Explain.\n\nReported-by: Jong Hyun Park <park.jonghyun@yonsei.ac.kr>\n"
        "Signed-off-by: Tianyu Lan <Tianyu.Lan@microsoft.com>\n"
        'Fixes: 2ffd9e33ce4a ("x86/hyper-v: Use hypercall for remote\nTLB flush")'
    )
    assert [t.name for t in trailers] == ["Reported-by", "Signed-off-by", "Fixes"]
    assert trailers[2].value == '2ffd9e33ce4a ("x86/hyper-v: Use hypercall for remote TLB flush")'
    text, trailers = split_trailer_block(
        "Explain.\n\nTestcases ran:Rhel 9, Hyper-V VMs\n"
        "              (IPv4 only, IPv6 only, IPv4 and IPv6 combination)\n"
        "Signed-off-by: Shradha Gupta <shradhagupta@linux.microsoft.com>"
    )
    assert [t.name for t in trailers] == ["Signed-off-by"]
    assert text == "Explain."
    # too little of it is trailers, or no sign-off, or not the last paragraph: not a block
    for message, names in (
        ("Explain.\n\nOne.\nTwo.\nThree.\nFour.\nSigned-off-by: A <a@b.c>", []),
        ("Explain.\n\n[note]\nReviewed-by: A <a@b.c>", []),
        ("Explain.\n\n[note]\nSigned-off-by: A <a@b.c>\n\nLink: https://x.org/1", ["Link"]),
    ):
        assert [t.name for t in split_trailer_block(message)[1]] == names, message


def test_same_person_by_address_variant_as_b4_matches_it():
    sender = Address("Saurabh Singh Sengar", "ssengar@microsoft.com")
    assert same_person(Address("Saurabh Sengar", "ssengar@linux.microsoft.com"), sender)
    assert same_person(Address("", "SSengar+kernel@Microsoft.com"), sender)
    assert not same_person(Address("", "ssengar@microsoft.co"), sender)
    assert not same_person(Address("", "ssengar@a.b.microsoft.com"), sender)
    assert not same_person(Address("", "other@linux.microsoft.com"), sender)
    assert not same_person(Address("", "ssengar@linuxmicrosoft.com"), sender)


def test_reply_trailer_from_a_subdomain_of_the_senders_address_is_collected():
    # linux-hyperv: "Saurabh Singh Sengar <ssengar@microsoft.com>" replies with his
    # linux.microsoft.com address in the trailer; b4 takes it as his
    collected, mismatched = _reply_trailers(
        Address("Saurabh Singh Sengar", "ssengar@microsoft.com"),
        "> Signed-off-by: Hamza Mahfooz <hamzamahfooz@linux.microsoft.com>\n\n"
        "Reviewed-by: Saurabh Sengar <ssengar@linux.microsoft.com>\n",
    )
    assert collected == ["Saurabh Sengar <ssengar@linux.microsoft.com>"]
    assert mismatched == []


def test_new_version_from_a_subdomain_address_joins_the_series():
    # the same rule links postings: v1 from pmartincic@microsoft.com, v2 (no thread link)
    # from pmartincic@linux.microsoft.com (linux-hyperv epoch 0, hv_utils timesync)
    v1 = _mail(
        "v1@x",
        "[PATCH] hv_utils: Allow implicit ICTIMESYNCFLAG_SYNC",
        "m\n" + DIFF,
        Address("Peter Martincic", "pmartincic@microsoft.com"),
    )
    v2 = _mail(
        "v2@x",
        "[PATCH v2] hv_utils: Allow implicit ICTIMESYNCFLAG_SYNC",
        "m\n" + DIFF,
        Address("", "pmartincic@linux.microsoft.com"),
        minute=30,
    )
    diags: list[Diagnostic] = []
    [series] = group_messages([v1, v2], diags).series
    assert [r.version for r in series.revisions] == [1, 2]


def test_person_trailer_without_angle_brackets_is_checked_against_the_sender():
    # linux-hyperv: "Acked-by: Erni Sri Satya Vennela ernis@linux.microsoft.com" from
    # Erni himself; b4's parseaddr cannot read it and drops it
    erni = Address("Erni Sri Satya Vennela", "ernis@linux.microsoft.com")
    bare = (
        "Thanks, good for stable.\n\nAcked-by: Erni Sri Satya Vennela ernis@linux.microsoft.com\n"
    )
    collected, mismatched = _reply_trailers(erni, bare)
    assert collected == ["Erni Sri Satya Vennela ernis@linux.microsoft.com"]
    assert mismatched == []
    # the same line sent by someone else is not his ack
    collected, mismatched = _reply_trailers(Address("Sasha Levin", "sashal@kernel.org"), bare)
    assert collected == []
    assert mismatched == ["Erni Sri Satya Vennela ernis@linux.microsoft.com"]


def test_reply_carries_no_pasted_headers_tree_notes_or_prose_fixes():
    # linux-hyperv: Outlook replies paste the quoted mail's "Cc:" header unquoted; KVM
    # maintainers' replies end with "base-commit:"; "Fixes: Broken hypervisor" is prose
    sender = Address("Sean Christopherson", "seanjc@google.com")
    collected, _ = _reply_trailers(
        sender,
        (
            "Applied to kvm-x86 hyperv, thanks!\n\n"
            "Cc: Ajay Sharma <sharmaajay@microsoft.com> ; linux-hyperv@vger.kernel.org\n"
            "base-commit: 62592c7c742ae78eb1f1005a63965ece19e6effe\n"
            "Change-Id: I1234567890abcdef\n"
            "Fixes: Broken hypervisor\n"
            "Obsoleted-by: https://lore.kernel.org/r/v2@example.com\n\n"
            'Fixes: 2ffd9e33ce4a ("x86/hyper-v: Use hypercall for remote TLB flush")\n'
            "Link: https://lore.kernel.org/r/20250101-1-x@example.com\n"
            "Reviewed-by: Sean Christopherson <seanjc@google.com>\n"
        ),
    )
    assert collected == [
        '2ffd9e33ce4a ("x86/hyper-v: Use hypercall for remote TLB flush")',
        "https://lore.kernel.org/r/20250101-1-x@example.com",
        "Sean Christopherson <seanjc@google.com>",
    ]


def test_trailer_below_a_missing_mail_under_the_cover_is_not_for_every_patch():
    # linux-hyperv: patch 2/2 of a series is not in the archive; Stephen Hemminger's
    # Reviewed-by answers it (References: cover, 2/2): it is not a review of patch 1/2
    author = Address("Dexuan Cui", "decui@microsoft.com")
    stephen = Address("Stephen Hemminger", "stephen@networkplumber.org")
    cover = _mail("c@x", "[PATCH v8 net-next 0/2] net: mana: Add a driver", "Cover.\n", author)
    p1 = _mail(
        "1@x",
        "[PATCH v8 net-next 1/2] hv_netvsc: Make netvsc/VF binding check both",
        "m\n" + DIFF,
        author,
        parent="c@x",
        minute=1,
    )
    below_missing = Message(
        key="r2@x",
        message_id="r2@x",
        subject="Re: [PATCH v8 net-next 2/2] net: mana: Add",
        author=stephen,
        date=T0.replace(minute=5),
        in_reply_to="2@x",
        references=("c@x", "2@x"),
        body="Reviewed-by: Stephen Hemminger <stephen@networkplumber.org>\n",
    )
    # a reply to a reply to the cover whose middle mail is missing is still the cover's
    below_reply = Message(
        key="r3@x",
        message_id="r3@x",
        subject="Re: [PATCH v8 net-next 0/2] net: mana: Add",
        author=stephen,
        date=T0.replace(minute=6),
        in_reply_to="gone@x",
        references=("c@x", "r1@x", "gone@x"),
        body="Acked-by: Stephen Hemminger <stephen@networkplumber.org>\n",
    )
    r1 = _mail(
        "r1@x",
        "Re: [PATCH v8 net-next 0/2] net: mana: Add",
        "Looks fine.\n",
        stephen,
        parent="c@x",
        minute=4,
    )
    diags: list[Diagnostic] = []
    [rev] = group_messages([cover, p1, r1, below_missing, below_reply], diags).series[0].revisions
    targets = {r.message.key: r.target_key for r in rev.replies}
    assert targets == {"r1@x": "c@x", "r2@x": None, "r3@x": "c@x"}
    assert [str(g.trailer) for g in given_trailers(rev)[1]] == [
        "Acked-by: Stephen Hemminger <stephen@networkplumber.org>"
    ]


def test_person_trailer_missing_its_closing_bracket_is_still_that_person():
    # linux-hyperv: "Reviewed-by: Roman Kisel <romank@linux.microsoft.com" (no ">")
    roman = Address("Roman Kisel", "romank@linux.microsoft.com")
    collected, mismatched = _reply_trailers(
        roman, "LGTM.\n\nReviewed-by: Roman Kisel <romank@linux.microsoft.com\n"
    )
    assert collected == ["Roman Kisel <romank@linux.microsoft.com"]
    _, mismatched = _reply_trailers(
        Address("Someone", "someone@example.com"),
        "Reviewed-by: Roman Kisel <romank@linux.microsoft.com\n",
    )
    assert mismatched == ["Roman Kisel <romank@linux.microsoft.com"]
