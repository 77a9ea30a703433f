"""When the next revision is the answer to a comment, and when it is not (issue 17, task
cmt15): a correction put as a question, a "wants to be" and a build break are met by the
change, whatever was said; a question is met by the next message writing its answer down;
a design argument under someone's words is not met by the message rewritten with the
redesign, nor by the code it names as its argument turning up. Checked on the real threads
the kinds were seen in (xen-devel 2020-2021), with the look-alikes beside them."""

from __future__ import annotations

from pathlib import Path

from patchlint.analysis.discussion import status
from tests.analysis.thread_comments import LINUX, XEN, find

PV = XEN / "2020-x86-pv-syscall-ud-abi-dispute-acked.mbox"
STUBDOM = XEN / "2021-xl-stubdom-init-seclabel-hard-error.mbox"
SVM = XEN / "2020-x86-svm-npt-recalc-redesigned-open.mbox"
PERF = XEN / "2020-x86-msr-perf-ctl-taken-over-rb-with-nits.mbox"


def _status(path: Path, message_id: str, words: str) -> str:
    return str(find(path, message_id, words)["status"])


def test_a_correction_put_as_a_question_is_met_by_the_change() -> None:
    # 'No, but that sentence clearly didn't come out right.', then v2 rewords it
    mid = "ed891c94-63a4-496c-6817-1b88ac4c004b@suse.com"
    assert _status(PV, mid, 'You mean "test the absence of PV entry points" here?') == "addressed"
    # 'Oops - you're quite right.', then v2 loads %rax
    assert _status(PV, mid, 'I guess you mean "movq ..., %rax"?') == "addressed"


def test_wants_to_be_asks_for_the_change() -> None:
    # answered with a doubt and a question to a third reviewer; v2 makes it a hard error
    assert (
        _status(STUBDOM, "dfc8bc88-ccab-bc6b-704d-c8ef95182311@citrix.com", "Surely this wants")
        == "addressed"
    )


def test_a_question_whose_answer_the_next_message_writes_down() -> None:
    # "This looks like domcreate_complete runs once and relabels both ...": v2's message
    # says "The device-model stubdomain is relabeled at the same time as its guest, just
    # before the guest is unpaused."
    assert (
        _status(
            STUBDOM,
            "CAKf6xpvZZCdEbPoetXabX15yL_oMnya0813-nrm6+WagL3Wx3w@mail.gmail.com",
            "relabels both the guest domain and the stubdom",
        )
        == "addressed"
    )


def test_a_question_sharing_only_code_or_short_words_with_the_next_message() -> None:
    # v4's message names current->mce_count, which the question quotes: code, not an answer
    assert (
        _status(
            LINUX / "2021-edac-mce-futex-copyin-loop.mbox",
            "20210115152754.GC9138@zn.tnic",
            "You do above in the first branch",
        )
        == "discussed"
    )
    # "data", "goto", "free": words of any memory-leak message
    assert (
        _status(
            LINUX / "2021-iommu-intel-irq-remapping-memleak.mbox",
            "6e1ce9ac-ac17-2b16-84d3-a18c011768f2@linux.intel.com",
            'Isn\'t it going to "goto out_free_data"?',
        )
        == "discussed"
    )


def test_a_design_argument_is_not_met_by_the_redesign() -> None:
    # under Andrew Cooper's words on the message; v2 rewrites the message with the redesign
    assert (
        _status(SVM, "20200522133259.GC54375@Air-de-Roger", "unify EPT resolve_misconfig")
        == "discussed"
    )
    # it names hvm_hap_nested_page_fault as its argument; v2 then changes that function
    assert (
        _status(SVM, "20200522111146.GZ54375@Air-de-Roger", "I'm not sure I agree") != "addressed"
    )


def test_a_build_break_disputed_is_still_met_by_the_change() -> None:
    # Roger Pau Monne: "It does seem to build on Arm"; v2 makes the helper collapse in
    # !CONFIG_PV builds
    assert (
        _status(PERF, "a98d6cb1-0b1d-8fb8-8718-c65e02e448bb@citrix.com", "This won't compile")
        == "addressed"
    )


def test_an_offer_under_a_condition_is_not_a_request_met_by_any_change() -> None:
    # "If you can get e.g. Roger to support your position and provide an ack ...": v2 keeps
    # the behaviour
    assert (
        _status(PV, "3060be1b-b036-92f6-02fa-a31933c76a63@suse.com", "If you can get e.g. Roger")
        != "addressed"
    )


def test_the_words_each_mechanism_reads() -> None:
    asks = status._ASKS_IN_OTHER_WORDS.search
    assert asks('You mean "foo_bar()" here?') and asks("I guess you meant `movq`?")
    assert asks("Surely this wants to be a hard error?") and asks("It really wants to be const")
    assert not asks("What do you mean by that?") and not asks("so that I want to be sure")
    broken = status._BROKEN.search
    assert broken("This won't compile on !CONFIG_X86") and broken("this breaks the build")
    assert broken("Fails to link on arm64") and broken("a build failure with clang")
    assert not broken("That won't happen either, AFAICT.") and not broken("It builds fine.")
    assert status._disagrees("Hm, I'm not sure I agree. p2m memory types are limited")
    assert status._disagrees("I don't agree with this.") and status._disagrees("I disagree")
    assert not status._disagrees("I'm slightly worried that this diverges from EPT")
    assert not status._disagrees("I agree, but this is not sure to work")
    words = status._prose_words("Add a counter (current->mce_count) to keep track of checks")
    assert "counter" in words and "track" in words
    assert not {"current", "mce_count", "count"} & words
