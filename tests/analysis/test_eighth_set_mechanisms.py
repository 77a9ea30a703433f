"""Mechanisms found on the eighth blind set (fixtures/threads/linux/2021-edac-*, the
linux-edac list), each checked on the words of the real mail and on the real thread:

- a short "Yeah, X can be removed" asks for a change (`acks.is_acknowledgement`);
- "That it does." is an assent (`acks.is_acknowledgement`);
- a bare interjection ("Eww.") under an answer neither accepts nor insists
  (`acks.is_interjection`, `status._rejected`, `status.set_status`);
- a question that asks for no change is not reopened by a follow-up question
  (`acks.asks_only`, `acks.disputes`, `status._rejected`);
- a quoted string literal of the patch names its lines (`named._literal`);
- a commenter who argued, then later gives in to the author ("Sure but do two variables
  pls" under "Can we start with that small fix ?"), leaves the argued points discussed
  (`status._conceded_later`).
"""

from __future__ import annotations

from typing import Any

import pytest

from patchlint.analysis.discussion.acks import (
    asks_only,
    disputes,
    is_acknowledgement,
    is_interjection,
)
from patchlint.pipeline import review
from tests.conftest import FIXTURES

THREADS = FIXTURES / "threads" / "linux"
FUTEX = THREADS / "2021-edac-mce-futex-copyin-loop.mbox"
CEC = THREADS / "2021-edac-ras-cec-event-filtering.mbox"
SMCA = THREADS / "2021-edac-smca-bank-types.mbox"


# -- the words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "ack"),
    [
        ("Yeah, that sentence can be removed now too.", False),  # Borislav Petkov on v3
        ("Yes, it can be dropped.", False),
        ("Right, that can be done later.", True),  # a deferral, nothing asked
        ("That it does.", True),  # Borislav Petkov under the author's words
        ("That it does not work.", False),
        ("OK.", True),
    ],
)
def test_acknowledgement_or_request(words: str, ack: bool) -> None:
    assert is_acknowledgement(words) is ack


@pytest.mark.parametrize(
    ("words", "interjection"),
    [
        ("Eww.", True),  # Borislav Petkov at the author's NMI scenario
        ("Heh.", True),
        ("No.", False),
        ("Really?", False),
        ("Please don't.", False),
        ("Ok, right, it should not be possible to trigger a second MCE.", False),
    ],
)
def test_interjection(words: str, interjection: bool) -> None:
    assert is_interjection(words) is interjection


@pytest.mark.parametrize(
    ("words", "question"),
    [
        (
            "I think you guys have veered off into the weeds with this. The current\n"
            "solution - modulo error messages not destined for humans :) - is not soo\n"
            "bad, considering the whole MCA trainwreck.\n\n"
            "Or am I missing something completely unacceptable?",
            True,
        ),
        ("Why? :-\\", True),
        ("Use identifiers from intel-family.h here instead?", False),  # a request
        ("Please drop this.", False),
    ],
)
def test_asks_only(words: str, question: bool) -> None:
    assert asks_only(words) is question


@pytest.mark.parametrize(
    ("words", "pushes"),
    [
        ("Does that mean more core code surgery?", False),  # a follow-up question
        ("Aha, so something accelerator-y where they do general purpose computation.", False),
        ("No, this is not what the CEC does", True),
        ("But that still leaks the buffer.", True),
        ("You should check the return value.", True),
    ],
)
def test_disputes(words: str, pushes: bool) -> None:
    assert disputes(words) is pushes


# -- the real threads -----------------------------------------------------------------------


def _comments(path: Any) -> list[dict[str, Any]]:
    report = review([str(path)])
    return [c for s in report["series"] for c in s.get("review_comments", [])]


@pytest.fixture(scope="module")
def futex() -> list[dict[str, Any]]:
    return _comments(FUTEX)


def _find(comments: list[dict[str, Any]], message_id: str, words: str) -> dict[str, Any]:
    hits = [
        c
        for c in comments
        if c["message_id"].strip("<>") == message_id and words in " ".join(c["comment"].split())
    ]
    assert hits, f"no comment {words!r} in {message_id}"
    return hits[0]


def test_a_short_yeah_that_asks_for_a_removal_is_a_comment(futex: list[dict[str, Any]]) -> None:
    c = _find(futex, "20210115152754.GC9138@zn.tnic", "that sentence can be removed now too")
    assert (c["status"], c["addressed_in"]) == ("addressed", 4)  # v4 rewrote the paragraph


def test_an_aside_between_accepting_turns_does_not_reopen(futex: list[dict[str, Any]]) -> None:
    # "Ok, right, ..." under the answer, then "Eww." at the NMI scenario: accepted
    c = _find(futex, "20210115152754.GC9138@zn.tnic", "different addresses in user mode?")
    assert c["status"] == "discussed"


def test_an_explained_question_stays_settled_by_its_answer(futex: list[dict[str, Any]]) -> None:
    # answered "Yes. Trying to catch two accesses to different pages."; the '||' fix beside
    # it in v4 is another point's
    c = _find(futex, "20210115152754.GC9138@zn.tnic", "what are you trying to catch with this?")
    assert c["status"] == "discussed"


def test_a_follow_up_question_does_not_reopen_a_question(futex: list[dict[str, Any]]) -> None:
    c = _find(futex, "20210113100009.GA16960@zn.tnic", "missing something completely unacceptable?")
    assert c["status"] == "discussed"


def test_a_quoted_string_literal_names_the_line(futex: list[dict[str, Any]]) -> None:
    # under the author's words; v3 replaces mce_panic("Multiple copyin", ...)
    c = _find(futex, "20210113161933.GE16960@zn.tnic", '"Multiple copyin" with something')
    assert (c["status"], c["addressed_in"]) == ("addressed", 3)


def test_an_emphatic_assent_is_no_open_comment() -> None:
    comments = _comments(CEC)
    assert not [
        c
        for c in comments
        if c["message_id"].strip("<>") == "20210326224310.GL25229@zn.tnic"
        and " ".join(c["comment"].split()) == "That it does."
        and c["status"] == "open"
    ]


def test_a_question_between_reviewers_is_settled_by_the_answer() -> None:
    c = _find(
        _comments(SMCA),
        "YUzD9wxtV411S8TC@zn.tnic",
        "5 correctable errors in the GPU VRAM?",
    )
    assert c["status"] == "discussed"


@pytest.mark.parametrize(
    ("message_id", "words"),
    [
        # the reviewer's hunk, argued away by the author, argued back, then given up
        ("20210326190242.GI25229@zn.tnic", 'that "ret = 1" we can remove'),
        ("20210326224310.GL25229@zn.tnic", "I don't see the point of logging the error"),
        ("20210326224310.GL25229@zn.tnic", "explain what you're trying to achieve"),
    ],
)
def test_a_later_assent_to_the_author_ends_the_argument(message_id: str, words: str) -> None:
    assert _find(_cec(), message_id, words)["status"] == "discussed"


_CEC: list[list[dict[str, Any]]] = []


def _cec() -> list[dict[str, Any]]:
    if not _CEC:
        _CEC.append(_comments(CEC))
    return _CEC[0]
