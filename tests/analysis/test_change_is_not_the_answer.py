"""A later revision changing the quoted lines is the answer to a comment only when the comment
asked for a change (issue 17, task cmt11). Checked on the real threads each kind was seen in:

- a remark on quoted code that asks nothing (no question, no request, no "can"/"could"
  suggestion, no "Nit:"), argued or explained by the answer (no answer agrees, takes the
  point, proposes a change or adds to the point; or every answer offers a change back as a
  question the commenter never answers) and not insisted on, is settled by the answer
  (`status._remark_argued`): linux-edac 2021, the platform-feature thread 2022,
  linux-hyperv kvp 2024, xen-devel Arm 2024;
- a comment whose only requests ask for information ("The big picture pls."), answered
  without a promise, is settled by the explanation (`status._asked_information`);
- those exceptions, like the older ones (answered no, explained, asked of words, remark on
  words), apply only where the lines changing was the evidence: a changelog credit, a
  split or code written out still address (`set_status`, `touched`);
- a comment on white space or layout is met by a revision that differs only in white space,
  context lines included (`status._respaced`): linux-hwmon 2022;
- "it makes it hard to tell what code actually changed" asks for a split (`status._SPLIT`):
  linux-hyperv mana 2023.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.analysis.discussion import status
from patchlint.analysis.discussion.acks import is_request
from tests.analysis.thread_comments import LINUX, XEN, find

PLATFORM = LINUX / "2022-platform-has-infrastructure.mbox"
KVP = LINUX / "2024-kvp-keyfile-ipv4-ipv6-v5.mbox"
MCE = LINUX / "2021-edac-mce-futex-copyin-loop.mbox"
LM75 = LINUX / "2022-hwmon-lm75-at30ts74.mbox"


def _status(path: Path, message_id: str, words: str) -> str:
    return str(find(path, message_id, words)["status"])


@pytest.mark.parametrize(
    ("path", "message_id", "words"),
    [
        # Heiko Carstens against Borislav Petkov's request; Boris argues for his accessors,
        # v2 follows Boris: the remark was answered, not met
        (PLATFORM, "YmhNxnHMe/of4rDD@osiris", "That would add another indirection"),
        # Borislav Petkov on the author's plan; the author explains which features could move
        (PLATFORM, "Ymk2gXuNGFhIQ2zQ@zn.tnic", "never touch a running system"),
        # Easwar Hariharan; Ani Sinha explains the line strips the trailing comma
        (
            KVP,
            "9d24633d-b2bf-4cbe-86f7-6df56ba14657@linux.microsoft.com",
            "You don't need this since you're using strncat",
        ),
        # Borislav Petkov's claim, refuted: "With the s/||/&&/ above, we can get here."
        (MCE, "20210115152754.GC9138@zn.tnic", "That won't happen either, AFAICT."),
        # Julien Grall's remark on the removed comment; the author agrees and offers new
        # words as a question nobody answers; v3 uses them: the author's own change
        (
            XEN / "2024-arm-cpu-core-mask-rb-on-commit.mbox",
            "77520838-67cb-4755-8b02-2ec8b90c7bfa@xen.org",
            "I guess at the time we didn't realize that MT was supported on Arm.",
        ),
        # a request for an explanation, explained
        (PLATFORM, "Ymk2/N/DdAyxQnV0@zn.tnic", "The big picture pls."),
    ],
)
def test_a_point_answered_in_words_is_not_met_by_the_lines_changing(
    path: Path, message_id: str, words: str
) -> None:
    assert _status(path, message_id, words) == "discussed"


@pytest.mark.parametrize(
    ("path", "message_id", "words"),
    [
        # a problem stated, answered "Acked.": the change is the answer
        (
            LINUX / "2021-edac-smca-bank-types.mbox",
            "YUsWLw1gSD/AQbcH@zn.tnic",
            "This can run before you find_adev().",
        ),
        # a suggestion ("can go into"), explained away, asked again, then done
        (
            LINUX / "2022-swiotlb-split-lock.mbox",
            "YrL02y/fYxDkDRlA@infradead.org",
            "This can go into swiotlb.c.",
        ),
        # another reviewer adds to the point ("And really both ought to be returning bool.")
        (
            XEN / "2020-pci-ats-withdrawn-rb.mbox",
            "alpine.DEB.2.21.2010271640280.12247@sstabellini-ThinkPad-T480s",
            "also returns 0 when ATS is not enabled",
        ),
        # the commenter insisted on the claim; v2 stops moving argv
        (
            XEN / "2025-efi-argv-fixes-dispute-rb-with-reword.mbox",
            "ab5d830a-8b59-46d6-9e97-12b351bcf221@suse.com",
            "Incrementing NULL is UB",
        ),
        # "Nit:" asks; misread, clarified, done in v4
        (
            LINUX / "2023-netvsc-rx-indirection-v6.mbox",
            "92bc6f3e-4463-e0fe-5cab-54c6c5eecd3f@wanadoo.fr",
            "Nit: useless empty NL",
        ),
        # a question put as a request, closed on a colon
        (
            LINUX / "2023-vmbus-relid-channel-alloc.mbox",
            "SA1PR21MB1335435701EBB35A9DD35892BFA19@SA1PR21MB1335.namprd21.prod.outlook.com",
            "Can we make the line a little shorter:",
        ),
        # "log file" is not a request for a log; v2 rate-limits the message
        (
            LINUX / "2023-netvsc-rndis-send-status.mbox",
            "PH7PR21MB311602D700C0FD965AF792F6CAD99@PH7PR21MB3116.namprd21.prod.outlook.com",
            "jam guest's log file",
        ),
        # a corrupted patch re-sent clean: context-only to the interdiff, yet the answer; the
        # remark answered by another reviewer ("Actually, the patch is corrupted.") is still
        # addressed, as the evidence is the re-sent patch, not its lines changing
        (LM75, "de0b6b20-7b4d-64cb-0ae0-457bbc78cc59@linaro.org", "Looks like wrong indentation."),
        (LM75, "ad6ecb09-7ea2-16e3-35bf-ba430b92885d@roeck-us.net", "the patch is corrupted"),
        # refactor and change in one patch; v3 does the refactor alone
        (
            LINUX / "2023-mana-jumbo-frame.mbox",
            "422e4a51-4cec-5772-70f5-1019789acd18@intel.com",
            "hard to tell what code actually changed",
        ),
    ],
)
def test_a_point_the_change_answers_stays_addressed(
    path: Path, message_id: str, words: str
) -> None:
    assert _status(path, message_id, words) == "addressed"


# -- the words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "suggests"),
    [
        ("This can go into swiotlb.c.", True),
        ("Nit: useless empty NL", True),
        ("Can we make the line a little shorter:", True),
        ("That would add another indirection, which at least I think is not necessary", False),
        ("You don't need this since you're using strncat which adds its own '\\0'.", False),
    ],
)
def test_a_remark_that_still_suggests_a_change(words: str, suggests: bool) -> None:
    assert (status._SUGGESTS.search(words) is not None) is suggests


@pytest.mark.parametrize(
    ("words", "adds"),
    [
        ("And really both ought to be returning bool.", True),
        ("+1.", True),
        ("struct io_tlb_area is used in the struct io_tlb_mem.", False),
        ("With the s/||/&&/ above, we can get here.", False),
    ],
)
def test_an_answer_that_adds_to_the_point(words: str, adds: bool) -> None:
    assert (status._ADDS.search(words) is not None) is adds


@pytest.mark.parametrize(
    ("words", "offers"),
    [
        (
            "Yep. Do you think changing the content of this line to something like "
            '"Although multithread is part of the Arm spec ..." makes sense to you?',
            True,
        ),
        ("Would it make sense to return -ENODEV here?", True),
        ("Yes, good idea.", False),
        ("Not as far as I know. Why?", False),
    ],
)
def test_an_answer_that_offers_a_change_back(words: str, offers: bool) -> None:
    assert (status._OFFER.search(words) is not None) is offers


@pytest.mark.parametrize(
    ("words", "information"),
    [
        ("The big picture pls.", True),
        ("Can you please share the log or at least the crash call-stack?", True),
        ("probably we shouldn't allow the host to have a way to jam guest's log file?", False),
        ("Please use the ethtool to change & show the table contents.", False),
    ],
)
def test_a_request_for_information(words: str, information: bool) -> None:
    assert (status._INFORMATION.search(words) is not None) is information


def test_a_need_denied_is_no_request() -> None:
    words = "Regardless, I like how there's no need to touch stuff outside..."
    assert is_request(words)
    assert not is_request(status._NO_NEED.sub(" ", words))


def test_ought_to_asks_for_a_change() -> None:
    # Jan Beulich, xen-devel 2025 (ucode scan= doc): a remark that says how the code ought to
    # behave asks for it, as "should" does; v2's EFI rewording met it
    from patchlint.analysis.discussion.acks import is_request

    assert is_request('As to EFI boots: "scan=" ought to be usable there.')
    assert not is_request("It is usable there.")


def test_a_line_of_code_the_comment_writes_out_and_the_revision_adds_addresses_it() -> None:
    # Denis Mukhin on the smmuv3 deassign fix (xen-devel, July 2025): "Use %pd?" over the line
    # he wants; v2 adds that very line (the names in it were all there before)
    c = find(
        XEN / "2025-arm-smmuv3-deassign-ack-with-fix.mbox", "aIGFsy88qvMj4bTB@kraken", "Use %pd?"
    )
    assert (c["status"], c["addressed_in"]) == ("addressed", 2)


def test_a_written_line_is_code_not_prose() -> None:
    from patchlint.analysis.discussion.named import _code_lines

    assert _code_lines('Use %pd?\n\n        dev_err(dev, " not attached to %pd\\n", d);') == {
        'dev_err(dev, " not attached to %pd\\n", d);'
    }
    assert _code_lines("Please use the ethtool to change & show the table contents") == set()
