"""Is it committable? The seed threads judged against MAINTAINERS files.

The Xen seeds (001, 002, 004) are judged against the real Xen MAINTAINERS of the corpus
(xen.git, 2026): maintainers changed since 2009-2014 and some files moved, so these pin
what that file says, which is what a committer applying these patches today would be told.
002 is also judged against a 2014-style TOOLSTACK entry, to pin what its committer was
told then. 000 is a Linux netdev patch: Xen's file does not describe it, and an excerpt in
the Linux format (written for this test, shaped like the 2011 entries) reports its
maintainers without a verdict unless the Xen policy is asked for."""

from __future__ import annotations

from typing import Any

from patchlint.analysis.approval import ApprovalConfig
from patchlint.engine.registry import default_registry
from patchlint.maintainers import parse_maintainers, read_maintainers
from patchlint.maintainers.file import MaintainersFile
from patchlint.pipeline import review
from tests.analysis.judging import APPROVAL_AT_WARNING
from tests.conftest import CORPUS, FIXTURES, require

THREADS = FIXTURES / "threads"
JAN = "Jan Beulich <jbeulich@suse.com>"
ANDREW = "Andrew Cooper <andrew.cooper3@citrix.com>"
ROGER = "Roger Pau Monné <roger@xenproject.org>"
THE_REST = [
    ANDREW,
    "Anthony PERARD <anthony.perard@vates.tech>",
    "Michal Orzel <michal.orzel@amd.com>",
    JAN,
    "Julien Grall <julien@xen.org>",
    ROGER,
    "Stefano Stabellini <sstabellini@kernel.org>",
]


# the approval rules at `warning`, as a project that trusts its MAINTAINERS raises them
# (tests/analysis/judging.py): the tests pin what is a warning and what a note
APPROVAL_RULES = default_registry().select(["MA"], levels=APPROVAL_AT_WARNING)


def xen_file() -> MaintainersFile:
    return read_maintainers(require(CORPUS / "xen-docs" / "MAINTAINERS"))


def judged(name: str, db: MaintainersFile, validate, policy: str = "auto") -> dict[str, Any]:
    (path,) = THREADS.glob(f"{name}-*.mbox")
    report = review([str(path)], selection=APPROVAL_RULES, approval=ApprovalConfig(db, policy))
    validate(report)
    return report


def ma(report: dict[str, Any]) -> list[tuple[str, int, int, str, tuple[str, ...]]]:
    return [
        (
            f["code"],
            f["revision"],
            f["patch"],
            f["severity"],
            tuple(f["details"].get("sections", ())),
        )
        for f in report["series"][0]["findings"]
        if f["code"].startswith("MA")
    ]


def file_view(approval: dict[str, Any]) -> list[tuple[str, list[str], list[str]]]:
    return [
        (f["path"], f["required_sections"], f["approved_by"])
        for p in approval["patches"]
        for f in p["files"]
    ]


def test_001_needs_the_x86_maintainers_the_rest_and_a_review(validate_report):
    r = judged("001", xen_file(), validate_report)
    assert r["maintainers"] == {
        "source": str(CORPUS / "xen-docs" / "MAINTAINERS"),
        "format": "xen",
        "xen_version": "1",
        "policy": "xen",
        "sections": 57,
        "problems": [],
        "format_evidence": "V: xen-maintainers-1 in THE REST",
    }
    (v1,) = r["series"][0]["revisions"]
    a = v1["approval"]
    assert a["committable"] is False and a["matters"]
    # two of Jeremy's points were never answered, and he did not accept the answer to the
    # clean-up question: still under review
    assert a["under_review"] and a["review_state"] == "3 review comments still open"
    assert file_view(a) == [
        ("xen/arch/x86/io_apic.c", ["X86 ARCHITECTURE"], []),
        ("xen/arch/x86/irq.c", ["X86 ARCHITECTURE"], []),
        ("xen/arch/x86/mpparse.c", ["X86 ARCHITECTURE"], []),
        ("xen/arch/x86/physdev.c", ["X86 ARCHITECTURE"], []),
        ("xen/common/domain.c", ["THE REST"], []),
    ]
    assert a["patches"][0]["files"][0]["required"] == [JAN, ANDREW, ROGER]
    assert a["patches"][0]["files"][4]["required"] == THE_REST
    # what it lacks is what the approval section says; no finding while it is under review
    assert ma(r) == []
    # Jeremy Fitzhardinge reviewed without giving a trailer: nobody approved anything
    assert [x["kind"] for x in a["patches"][0]["approvals"]] == ["Signed-off-by"]


def test_002_ian_campbells_ack_is_not_a_maintainers_ack_in_todays_file(validate_report):
    r = judged("002", xen_file(), validate_report)
    v1, v2 = r["series"][0]["revisions"]
    assert not v1["approval"]["matters"] and v2["approval"]["matters"]
    a = v2["approval"]
    assert file_view(a) == [
        ("tools/libxl/libxl.c", ["TOOLSTACK"], []),
        ("tools/libxl/libxl_event.c", ["TOOLSTACK"], []),
    ]
    assert a["patches"][0]["files"][0]["required"] == ["Anthony PERARD <anthony.perard@vates.tech>"]
    # reviewed on v1, acked on v2, nothing left unanswered: what is missing is a warning
    assert not a["under_review"] and a["review_state"] == "reviewed: every comment answered"
    assert not a["committable"]
    # but today's file does not describe a 2014 posting: nobody in the thread ever addressed
    # or heard from Anthony PERARD, and the file names Ian Campbell, whose ack the thread
    # treats as a maintainer's, nowhere: the approval rules stay silent
    assert ma(r) == []
    (acked,) = [x for x in a["patches"][0]["approvals"] if x["kind"] == "Acked-by"]
    assert (acked["person"], acked["origin"], acked["counts"], acked["roles"]) == (
        "Ian Campbell <ian.campbell@citrix.com>",
        "reply",
        True,
        [],
    )
    # a release manager's Release-Acked-by is no maintainer approval
    assert all(x["kind"] != "Release-Acked-by" for x in a["patches"][0]["approvals"])


TOOLSTACK_2014 = """\
TOOLSTACK
M:\tIan Jackson <ian.jackson@eu.citrix.com>
M:\tStefano Stabellini <stefano.stabellini@eu.citrix.com>
M:\tIan Campbell <ian.campbell@citrix.com>
S:\tSupported
L:\txen-devel@lists.xen.org
F:\ttools/

THE REST
M:\tKeir Fraser <keir@xen.org>
M:\tTim Deegan <tim@xen.org>
L:\txen-devel@lists.xen.org
S:\tSupported
F:\t*
F:\t*/
V:\txen-maintainers-1
"""


def test_002_was_committable_for_its_2014_committer(validate_report):
    r = judged("002", parse_maintainers(TOOLSTACK_2014), validate_report)
    v1, v2 = r["series"][0]["revisions"]
    # Ian Jackson maintains the toolstack: his own sign-off is requirement 1; Ian
    # Campbell's Acked-by (a co-maintainer's) is requirement 2
    assert v2["approval"]["verdict"] == "committable"
    assert file_view(v2["approval"]) == [
        (
            "tools/libxl/libxl.c",
            ["TOOLSTACK"],
            ["Ian Jackson <ian.jackson@eu.citrix.com>", "Ian Campbell <ian.campbell@citrix.com>"],
        ),
        (
            "tools/libxl/libxl_event.c",
            ["TOOLSTACK"],
            ["Ian Jackson <ian.jackson@eu.citrix.com>", "Ian Campbell <ian.campbell@citrix.com>"],
        ),
    ]
    # v1 had the author's sign-off but nobody else's approval yet
    assert v1["approval"]["needs"] == [
        "an approval from someone other than its author (a Reviewed-by from anyone, or a "
        "maintainer's Acked-by)"
    ]
    assert ma(r) == []


def test_004_an_rfc_is_under_review(validate_report):
    r = judged("004", xen_file(), validate_report)
    (v1,) = r["series"][0]["revisions"]
    a = v1["approval"]
    assert a["under_review"] and a["review_state"].startswith("an RFC")
    # xen/include/asm-x86/ has moved to xen/arch/x86/include/asm/ since 2014: THE REST
    assert file_view(a) == [
        ("xen/arch/x86/hvm/hvm.c", ["X86 ARCHITECTURE"], []),
        ("xen/include/asm-x86/hvm/domain.h", ["THE REST"], []),
        ("xen/include/asm-x86/hvm/vcpu.h", ["THE REST"], []),
    ]
    assert ma(r) == []  # an RFC: posted for comments, not for commit


LINUX_2011 = """\
NETWORKING DRIVERS
M:\t"David S. Miller" <davem@davemloft.net>
L:\tnetdev@vger.kernel.org
S:\tMaintained
F:\tdrivers/net/

XEN NETWORK BACKEND DRIVER
M:\tIan Campbell <ian.campbell@citrix.com>
L:\txen-devel@lists.xensource.com (moderated for non-subscribers)
L:\tnetdev@vger.kernel.org
S:\tSupported
F:\tdrivers/net/xen-netback/*

THE REST
M:\tLinus Torvalds <torvalds@linux-foundation.org>
L:\tlinux-kernel@vger.kernel.org
S:\tBuried alive in reporters
F:\t*
F:\t*/
"""


def test_000_xen_maintainers_do_not_describe_a_linux_patch(validate_report):
    r = judged("000", xen_file(), validate_report)
    for rev in r["series"][0]["revisions"]:
        assert rev["approval"]["verdict"].startswith("not covered")
        assert rev["approval"]["committable"] is None
    assert ma(r) == []


def test_000_linux_maintainers_are_reported_with_who_acked(validate_report):
    r = judged("000", parse_maintainers(LINUX_2011), validate_report)
    assert r["maintainers"]["format"] == "linux" and r["maintainers"]["policy"] == "report"
    v1, v2 = r["series"][0]["revisions"]
    a = v2["approval"]
    assert a["verdict"] is None and a["needs"] == []
    sections = a["patches"][0]["files"][1]["sections"]
    assert [(s["name"], s["maintainers"], s["approved_by"]) for s in sections] == [
        (
            "XEN NETWORK BACKEND DRIVER",
            ["Ian Campbell <ian.campbell@citrix.com>"],
            ["Ian Campbell <ian.campbell@citrix.com>"],
        ),
        ("NETWORKING DRIVERS", ["David S. Miller <davem@davemloft.net>"], []),
    ]
    assert v1["approval"]["patches"][0]["files"][1]["sections"][0]["approved_by"] == []
    (acked,) = [x for x in a["patches"][0]["approvals"] if x["kind"] == "Acked-by"]
    assert acked["roles"] == ["maintainer: XEN NETWORK BACKEND DRIVER"]
    assert ma(r) == []


def test_000_under_the_xen_policy_v2_was_committable_when_applied(validate_report):
    r = judged("000", parse_maintainers(LINUX_2011), validate_report, policy="xen")
    v1, v2 = r["series"][0]["revisions"]
    assert v2["approval"]["verdict"] == "committable" and v2["approval"]["applied"]
    # Michał's "please wait ... until Ian acks it again" was lifted by Ian's ack
    assert v2["approval"]["objections"] == []
    assert v1["approval"]["committable"] is False and not v1["approval"]["matters"]
    assert ma(r) == []


def test_the_2020_passthrough_case(validate_report, tmp_path):
    """A maintainer had to point out after the fact that an x86 maintainer's tags "were too
    little for the patch to go in - the change to drivers/passthrough/io.c would also have
    required Paul's (or my) R-b". The same shape, against today's file."""
    body = (
        "x86/hvm: something touching passthrough too\n\n"
        "Signed-off-by: Alice Author <alice@example.org>\n"
        "Acked-by: Andrew Cooper <andrew.cooper3@citrix.com>\n---\n"
        "diff --git a/xen/arch/x86/hvm/irq.c b/xen/arch/x86/hvm/irq.c\n"
        "--- a/xen/arch/x86/hvm/irq.c\n+++ b/xen/arch/x86/hvm/irq.c\n"
        "@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n"
        "diff --git a/xen/drivers/passthrough/io.c b/xen/drivers/passthrough/io.c\n"
        "--- a/xen/drivers/passthrough/io.c\n+++ b/xen/drivers/passthrough/io.c\n"
        "@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n"
    )
    thread = tmp_path / "t.mbox"
    thread.write_text(
        "From a@b Thu Jan 1 00:00:00 2020\nFrom: Alice Author <alice@example.org>\n"
        "Subject: [PATCH v3] x86/hvm: something\nMessage-ID: <v3@example.org>\n"
        f"Cc: {JAN}, {ANDREW}\n"  # as add_maintainers.pl copies them
        "Date: Mon, 6 Jan 2020 10:00:00 +0000\n\n" + body + "\n"
        "From a@b Thu Jan 1 00:00:00 2020\nFrom: Andrew Cooper <andrew.cooper3@citrix.com>\n"
        "Subject: Re: [PATCH v3] x86/hvm: something\nMessage-ID: <applied@example.org>\n"
        "In-Reply-To: <v3@example.org>\nReferences: <v3@example.org>\n"
        "Date: Tue, 7 Jan 2020 10:00:00 +0000\n\nApplied, thanks.\n"
    )
    report = review([str(thread)], selection=APPROVAL_RULES, approval=ApprovalConfig(xen_file()))
    validate_report(report)
    (f,) = [f for f in report["series"][0]["findings"] if f["code"] == "MA001"]
    assert (f["file"], f["severity"]) == ("xen/drivers/passthrough/io.c", "warning")
    assert f["details"]["sections"] == ["IOMMU VENDOR INDEPENDENT CODE"]
    assert f["details"]["maintainers"] == [JAN]
    assert f["details"]["stand_ins"] == [ANDREW]  # of THE REST: stands in only exceptionally
    a = report["series"][0]["revisions"][0]["approval"]
    assert a["applied"] and a["patches"][0]["files"][0]["approved_by"] == [ANDREW]
