"""Kinds of comment-status miss that recur across lists and years (issue 17, task cmt10),
each checked on the words of the real mail and on the real threads it was seen in:

- a step that changes only white space answers only a comment about layout
  (`acks.about_layout`, `status._changed`); "Hmm, ok." accepts (`acks.accepts`);
- a request under the discussion (no code quoted) that nobody answered, followed by a
  revision that changed the patch, was taken without a word (`status._taken_silently`):
  linux-edac 2021, linux-hwmon 2022, linux-hyperv 2023;
- a remark under an earlier mail's words that asks nothing, disputes nothing and nobody
  answered is the commenter's answer in the discussion: discussed, not addressed by the
  code changing (`status._remark_on_words`), under words about the code (`inherited`) or
  about the commit message (`turns.Anchor.follow_up`): xen-devel 2021 and 2025,
  linux-hyperv 2024;
- an answer that agreed with the comment is not reopened by a further remark that pushes
  back on nothing (`status._rejected`): linux-edac 2021.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.analysis.discussion.acks import about_layout, accepts
from tests.analysis.thread_comments import LINUX, XEN
from tests.analysis.thread_comments import find as _find

# -- the words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "layout"),
    [
        ("Looks like wrong indentation.", True),  # Krzysztof Kozlowski on lm75.yaml
        ("Actually, the patch is corrupted. Unchanged lines have an extra space.", True),
        ("Looks like you did not run checkpatch.", True),
        ("Please add a blank line after the declarations.", True),
        ("Either case, I think you should just drop this function In probe:", False),
        ("!strcmp(), and, yes, dmi functions can return NULL.", False),
    ],
)
def test_about_layout(words: str, layout: bool) -> None:
    assert about_layout(words) is layout


@pytest.mark.parametrize(
    ("words", "accepted"),
    [
        ("Hmm, ok. Wouldn't you still need some kind of dmi match ?", True),  # Guenter Roeck
        ("Hm, I see.", True),
        ("Hmm, but that still leaks.", False),
        ("Hmm. Why would that be?", False),
    ],
)
def test_a_hesitant_ok_accepts(words: str, accepted: bool) -> None:
    assert accepts(words) is accepted


# -- a whitespace-only step -----------------------------------------------------------------

ASUS = LINUX / "2022-hwmon-asus-ec-probe-print.mbox"


def test_a_request_declined_is_not_met_by_a_reindented_revision() -> None:
    # declined by the author, then "Hmm, ok."; v2 only re-indents the function
    c = _find(ASUS, "bf18f96a-b9ee-43f0-8b53-fc7d4aa6cf39@roeck-us.net", "drop this function")
    assert c["status"] == "discussed"


def test_a_layout_remark_is_still_met_by_a_reindented_revision() -> None:
    c = _find(ASUS, "bf18f96a-b9ee-43f0-8b53-fc7d4aa6cf39@roeck-us.net", "run checkpatch")
    assert c["status"] == "addressed"


def test_a_late_remark_with_nothing_after_it_stays_open() -> None:
    # written after v2 was out, answered only "Thanks!"
    c = _find(ASUS, "791af285-ad53-625a-8d3a-2be8d0022c75@roeck-us.net", "!strcmp()")
    assert c["status"] == "open"


# -- a request under the discussion, taken without a word -----------------------------------


@pytest.mark.parametrize(
    ("path", "message_id", "words"),
    [
        # Borislav Petkov under Yazen Ghannam's answer; v2 names the UMC V2 bank apart
        (
            LINUX / "2021-edac-smca-bank-types.mbox",
            "YK1aPCwdO2T/ux9r@zn.tnic",
            "make sure those strings are unique",
        ),
        # the DT bot's report; v2 drops the failing provider nodes from the example
        (
            LINUX / "2022-hwmon-gpio-fan-yaml-dt-review.mbox",
            "1643235052.887619.1535101.nullmailer@robh.at.kernel.org",
            "My bot found errors",
        ),
        # Dexuan Cui under the author's answer; v2 prints 'Requested relid=%u'
        (
            LINUX / "2023-vmbus-relid-channel-alloc.mbox",
            "SA1PR21MB13350F1693DE51A69AE27AA6BFDE9@SA1PR21MB1335.namprd21.prod.outlook.com",
            "print the 'relid' in the newly-added warning",
        ),
    ],
)
def test_an_unanswered_request_under_the_discussion_is_met_by_the_next_revision(
    path: Path, message_id: str, words: str
) -> None:
    c = _find(path, message_id, words)
    assert (c["status"], c["addressed_in"]) == ("addressed", 2)


def test_an_answered_request_under_the_discussion_stays_discussed() -> None:
    # "Kdump is special ..." was answered: the thread, not the next revision, settles it
    c = _find(
        LINUX / "2023-vmbus-relid-channel-alloc.mbox",
        "SA1PR21MB13352C415EE6A3E9D3072991BFDE9@SA1PR21MB1335.namprd21.prod.outlook.com",
        "Kdump is special",
    )
    assert c["status"] == "discussed"


# -- a remark answering the author's words --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message_id", "words"),
    [
        # Jan Beulich under the author's doubt about a BIOS workaround for LNL030
        (
            XEN / "2025-mwait-errata-ack-with-nit.mbox",
            "2de9f9a8-a785-445b-9ca3-97c6ba7285d6@suse.com",
            "Usually this means a ucode update",
        ),
        # Boris Ostrovsky under the author's "Okay we can't, due to __must_check"
        (
            XEN / "2021-xen-oldmem-pfn-new-patch-on-request.mbox",
            "3b935aa0-6d85-0bcd-100e-15098add3c4c@oracle.com",
            "argument described as OUT",
        ),
        # Ani Sinha under the doubt about dhcp_enabled with static addresses
        (
            LINUX / "2024-kvp-keyfile-ipv4-ipv6-v5.mbox",
            "A940B76F-8409-4147-8C09-DB2B3FD2EAF5@redhat.com",
            "we can assert() or something",
        ),
        # Jan Beulich under the author's words on a comment about the commit message (a
        # follow-up on the message): "Yes, such an issue wants fixing. But ..."
        (
            XEN / "2025-efi-argv-fixes-dispute-rb-with-reword.mbox",
            "feaf2adf-1cd9-4a1d-960f-ebf18de112d8@suse.com",
            "Yes, such an issue wants fixing.",
        ),
    ],
)
def test_a_remark_answering_the_authors_words_is_discussed(
    path: Path, message_id: str, words: str
) -> None:
    c = _find(path, message_id, words)
    assert (c["status"], c["addressed_in"]) == ("discussed", None)


@pytest.mark.parametrize(
    ("path", "message_id", "words"),
    [
        # pushes back on the author's words ("Right, but ..."): v2 changed the code
        (
            XEN / "2025-efi-argv-fixes-dispute-rb-with-reword.mbox",
            "c31947e7-f786-4213-9d91-28e1fa8908c1@suse.com",
            "doesn't make the use of NULL C-compliant",
        ),
        (
            LINUX / "2021-edac-mce-futex-copyin-loop.mbox",
            "20210108231459.GC2453@worktop.programming.kicks-ass.net",
            "But surely none are currently returning",
        ),
    ],
)
def test_a_remark_pushing_back_on_the_authors_words_is_still_addressed(
    path: Path, message_id: str, words: str
) -> None:
    assert _find(path, message_id, words)["status"] == "addressed"


def test_a_late_follow_up_on_the_message_with_nothing_after_it_stays_open() -> None:
    # "You need a use case to get the stats upstream.": no revision came after it
    c = _find(
        LINUX / "2024-mana-pcpu-stats-changes-requested.mbox",
        "20240314120528.1ac154d1@kernel.org",
        "You need a use case",
    )
    assert c["status"] == "open"


# -- an agreeing answer, then a remark ------------------------------------------------------

CEC = LINUX / "2021-edac-ras-cec-event-filtering.mbox"


def test_a_remark_after_an_agreeing_answer_does_not_reopen() -> None:
    # answered "I agree that enabling ras_cec is a good thing to have in production";
    # then "In the OS, errors reported through different mechanisms is all we have."
    c = _find(CEC, "20210401161237.GC28954@zn.tnic", "disabling the CEC altogether")
    assert c["status"] == "discussed"


def test_a_rejected_answer_still_leaves_the_point_open() -> None:
    # Jakub Kicinski rejects the answer ("forget about irqbalance for networking")
    c = _find(
        LINUX / "2024-mana-pcpu-stats-changes-requested.mbox",
        "20240314112734.5f1c9f7e@kernel.org",
        "forget about irqbalance for networking",
    )
    assert c["status"] == "open"


# -- a point cut from a comment names the message by its own words --------------------------

VMBUS = LINUX / "2023-vmbus-relid-channel-alloc.mbox"
DEXUAN = "SA1PR21MB13352C415EE6A3E9D3072991BFDE9@SA1PR21MB1335.namprd21.prod.outlook.com"


def test_a_point_above_a_commit_message_request_is_not_about_the_message() -> None:
    # answered "We've actually seen this on Windows Server 2016, 2019, and 2022."; the
    # request below it in the same turn ("mention kdump in the commit message") was cut
    # off by the author's inline answers and is the one the new message meets
    c = _find(VMBUS, DEXUAN, "running an old Hyper-V")
    assert (c["status"], c["addressed_in"]) == ("discussed", None)
    assert _find(VMBUS, DEXUAN, "mention kdump in the commit message")["status"] == "addressed"


# -- a substitution written out, made by the next revision ----------------------------------


def test_a_substitution_under_no_quote_is_met_by_the_retitled_revision() -> None:
    # Dexuan Cui's "s/ITRE/IRTE. I suppose Wei can help fix this without a v2 :-)" stands
    # under no quote of the message; v2 is titled "Reuse existing IRTE allocation"
    c = _find(
        LINUX / "2022-pci-hv-compose-msi-fixups.mbox",
        "BYAPR21MB1270A579B909B31FA271FC08BFC69@BYAPR21MB1270.namprd21.prod.outlook.com",
        "s/ITRE/IRTE. I suppose Wei",
    )
    assert (c["status"], c["addressed_in"]) == ("addressed", 2)


# -- an answer threaded under the patch, naming the review only in References -------------

IMX27 = LINUX / "2023-pwm-imx27-output-bug-workaround.mbox"
REVIEW = "9b5f9e1b-645a-4b44-a30c-fe93e7bf3532@gmx.net"


@pytest.mark.parametrize(
    "words",
    [
        "So are you sure that every PWM IP handled by this driver is affected?",
        "This touches a different workaround",
        "This is hard to believe that checkpatch.pl is fine with this patch.",
    ],
)
def test_an_answer_whose_references_name_the_review_answers_it(words):
    """linux-pwm 2023 (the tenth blind set, fixed after scoring): the author answered Stefan
    Wahren's review of v2 point by point a month later, in a mail whose In-Reply-To is the
    v2 patch and whose References name only the review. The points are discussed, not left
    `unchanged` by the v3 posted two minutes after the review."""
    comment = _find(IMX27, REVIEW, words)
    assert comment["answered_by"], comment
    assert comment["status"] == "discussed"


def test_an_answer_the_reviewer_then_reacts_to_is_discussed_when_that_reaction_is_answered():
    """The same answer reached the request for a link too. Stefan's reply to it ("Thanks, i
    think this ERR... reference is better ... in a comment would be great.") is a point of
    its own, which the author answered ("Sure, I will mention this #ERR051198 ..."): the
    reviewer no longer has the last word, so the point is discussed, as the judge called it
    (it was left open until task cmt12: `answers._LastWord`)."""
    comment = _find(IMX27, REVIEW, "Could you please provide a link to the origin")
    assert comment["answered_by"], comment
    assert comment["status"] == "discussed"
