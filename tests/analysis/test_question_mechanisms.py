"""Issue 17, the tracker's remaining misses: an information question is settled by its
answer, not by code, each checked on the words of the real mail and on the real thread:

- a comment whose question sits before a closing remark ("Do you know what's the
  consequence of not properly supporting MT? One thing I can think of is security ...")
  asks for no change (`acks.asks_no_change`), so a later revision changing the lines under
  it does not address it (`status._explained`);
- a turn under the answer that only brings someone into the thread ("+Juergen as he worked
  on co-scheduling.") is an aside: it does not reopen the question (`acks.brings_in`,
  `status._rejected`);
- "A comment would help here" asks for a change (`acks.is_request`);
- an answer that says what is to be done ("we should follow ...") takes the point
  (`acks.proposes`): the question stays addressed by the revision that did it.
"""

from __future__ import annotations

from typing import Any

import pytest

from patchlint.analysis.discussion.acks import (
    asks_no_change,
    asks_only,
    brings_in,
    is_request,
    proposes,
)
from patchlint.pipeline import review
from tests.conftest import FIXTURES

XEN = FIXTURES / "threads" / "xen"
LINUX = FIXTURES / "threads" / "linux"
CORE_MASK = XEN / "2024-arm-cpu-core-mask-rb-on-commit.mbox"
MWAIT = XEN / "2025-mwait-errata-ack-with-nit.mbox"
KVP = LINUX / "2024-kvp-keyfile-ipv4-ipv6-v5.mbox"

MT_QUESTION = (
    "I am not very familiar with the scheduling in Xen. Do you know what's \n"
    "the consequence of not properly supporting MT? One thing I can think of \n"
    "is security (I know there were plenty of security issues with SMT)."
)


# -- the words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "question"),
    [
        (MT_QUESTION, True),  # Julien Grall on the Arm core mask patch
        # Easwar Hariharan on the kvp patch: a question, then a request
        (
            "Is this a limitation defined by hv_kvp? If so, is it possible it may change "
            "in a later\nversion? A comment would help here",
            False,
        ),
        ("Did we manage to reproduce on 0x6c? Please drop it otherwise.", False),
        ("This can run before you find_adev().", False),  # a remark, not a question
        # a why-question with a claim after it objects
        ("Why reset the count here? It is zeroed by kzalloc already.", False),
        ("But why? The core frobs already.", False),
        ("Why reset the count here?", True),  # asks, and nothing else
        ("See https://example.org/x?y=1 for the details.", False),  # no question mark ends
    ],
)
def test_a_question_before_a_closing_remark_asks_no_change(words: str, question: bool) -> None:
    assert asks_no_change(words) is question


def test_asks_only_still_wants_the_question_last() -> None:
    # a remark after an answered "But why?" may still insist (`status._rejected`)
    assert not asks_only(MT_QUESTION)
    assert not asks_only("But why? The core frobs already.")


@pytest.mark.parametrize(
    ("words", "aside"),
    [
        ("+Juergen as he worked on co-scheduling.", True),  # Julien Grall under the answer
        ("Adding George to the thread.", True),
        ("CCing Stefano", True),
        ("+1, please drop it.", False),
        ("Adding a check here would be better.", False),
        ("Adding George.\nBut this still leaks the buffer.", False),
    ],
)
def test_a_turn_that_only_brings_someone_in(words: str, aside: bool) -> None:
    assert brings_in(words) is aside


@pytest.mark.parametrize(
    ("words", "asks"),
    [
        ("A comment would help here", True),
        ("That would help a lot, thanks.", True),
        ("That would add another indirection", False),
    ],
)
def test_would_help_asks_for_a_change(words: str, asks: bool) -> None:
    assert is_request(words) is asks


@pytest.mark.parametrize(
    ("words", "takes"),
    [
        # Andrew Cooper under "Did we manage to reproduce on 0x6c?"
        (
            "It only affects 0x6a, but I can't go into why.  Now that Linux is\n"
            "picking up this workaround, we should follow Dave Hansen",
            True,
        ),
        ("I think we should just drop the check then.", True),
        ("We should never get here: the caller holds the lock.", False),
        ("I should have said so in the commit message.", False),
        ("That should be fine, the caller checks it.", False),
    ],
)
def test_an_answer_that_says_what_to_do_proposes(words: str, takes: bool) -> None:
    assert proposes(words) is takes


# -- the real threads -----------------------------------------------------------------------


def _comments(path: Any) -> list[dict[str, Any]]:
    report = review([str(path)])
    return [c for s in report["series"] for c in s.get("review_comments", [])]


def _find(comments: list[dict[str, Any]], message_id: str, words: str) -> dict[str, Any]:
    hits = [
        c
        for c in comments
        if c["message_id"].strip("<>") == message_id and words in " ".join(c["comment"].split())
    ]
    assert hits, f"no comment {words!r} in {message_id}"
    return hits[0]


def test_an_information_question_is_settled_by_its_answers() -> None:
    # answered by Henry Wang and Juergen Gross; v2 rewrote the comment line under the quote
    c = _find(
        _comments(CORE_MASK),
        "77520838-67cb-4755-8b02-2ec8b90c7bfa@xen.org",
        "Do you know what's the consequence of not properly supporting MT?",
    )
    assert c["status"] == "discussed"


def test_a_question_the_answer_takes_up_is_addressed() -> None:
    c = _find(
        _comments(MWAIT),
        "CACHz=ZgnaJuHTOrhhNEDtctV8HP7X8GZDP9HMAy7TTDUk+dcmQ@mail.gmail.com",
        "Did we manage to reproduce on 0x6c?",
    )
    assert c["status"] == "addressed"


def test_a_question_with_a_request_is_addressed_by_the_code() -> None:
    c = _find(
        _comments(KVP),
        "3bf8844a-3e19-4105-8cce-2b1f8f98d3bc@linux.microsoft.com",
        "A comment would help here",
    )
    assert c["status"] == "addressed"
