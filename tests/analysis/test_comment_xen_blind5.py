"""Mechanisms found on the fifth blind set (fixtures/threads/xen/2023-arm-*, 2024-arm-*): a
point cut mid-sentence by a re-wrapping mailer, a NIT settled "on commit" in a later mail, a
changelog entry crediting a point the author promised, and first-person advice ("I would
keep your solution without the check") under an answer to the author's question."""

from __future__ import annotations

import pytest

from patchlint.analysis.discussion.acks import is_request
from patchlint.analysis.discussion.answers import _cut_at, _sentence_end
from patchlint.analysis.discussion.credit import credits
from patchlint.analysis.discussion.own_words import clean_own_words
from patchlint.model.message import Address
from tests.analysis.test_comment_mechanisms import RE, SUBJECT
from tests.analysis.test_comments import (
    AUTHOR,
    OTHER,
    PATCH,
    REVIEWER,
    comments_of,
    mail,
    one,
    quote,
    thread,
)

# -- a cut never splits a sentence --------------------------------------------------------

TWO = (
    "AFIACT, the mask will now be equal to the possible map. In that case, wouldn't it be\n"
    "better to simply copy the\n"
    "cpumask?\n"
    "\n"
    "This would also allow to drop the set_cpu() above."
)


def test_a_cut_inside_a_sentence_moves_to_the_sentence_end():
    cut = TWO.index("copy the") + len("copy the")
    assert _sentence_end(TWO, cut) == TWO.index("cpumask?") + len("cpumask?")


@pytest.mark.parametrize(
    "text, after",
    [
        ("Use frob_fast() here.\nAnd drop the count.", "here."),  # the line ends a sentence
        ("Use frob_fast() here, ie:\n\nfrob_fast(f);\n", "here, ie:"),  # a colon ends it too
        ("Please use frob_fast\n\nfor this. Thanks.", "frob_fast"),  # never past a paragraph
    ],
)
def test_a_cut_at_a_sentence_end_or_a_paragraph_stays(text, after):
    cut = text.index(after) + len(after)
    assert _sentence_end(text, cut) == cut


def test_cut_at_uses_the_sentence_end():
    # the squashed offset of the last character of "copy the"
    point = len("".join(TWO[: TWO.index("copy the") + len("copy the")].split()))
    assert _cut_at(TWO, [point]) == [TWO.index("cpumask?") + len("cpumask?")]


# -- a point settled on commit in a later mail --------------------------------------------

NIT = quote("+\tf->state = FROB_IDLE;") + "\n\nNIT: s/IDLE/READY in the comment\n"


def _nit_thread(*later: tuple[str, str, str, str]) -> list:
    """v1 only (the newest): a NIT, the author's offer of a v2, then `later` (id, sender,
    body, parent)."""
    raws = [
        mail("p1@x", SUBJECT, PATCH),
        mail("r1@x", RE, NIT, sender=REVIEWER, parent="p1@x", minute=1),
        mail(
            "a1@x",
            RE,
            quote("NIT: s/IDLE/READY in the comment") + "\n\nSorry, I will fix this in v2.\n",
            parent="r1@x",
            refs=("p1@x",),
            minute=2,
        ),
    ]
    for n, (mid, sender, body, parent) in enumerate(later, 3):
        raws.append(mail(mid, RE, body, sender=sender, parent=parent, refs=("p1@x",), minute=n))
    return comments_of(thread(*raws))


ON_COMMIT = (
    quote(quote("NIT: s/IDLE/READY in the comment") + "\n\nSorry, I will fix this in v2.")
    + "\n\nNo need to resend just for this typo. It can be done on commit.\n"
)
COMMITTED = quote("It can be done on commit.") + "\n\nFixed and committed.\n"


def test_a_nit_a_later_mail_leaves_to_the_committer_is_addressed_when_committed():
    cs = _nit_thread(("r2@x", REVIEWER, ON_COMMIT, "a1@x"), ("c1@x", OTHER, COMMITTED, "r2@x"))
    assert one(cs, "NIT: s/IDLE/READY").status == "addressed"


def test_no_fix_on_commit_without_the_offer_or_the_commit():
    # the commit notice alone: the author promised a v2 that never came
    cs = _nit_thread(
        ("c1@x", OTHER, quote("Sorry, I will fix this in v2.") + "\n\nCommitted.\n", "a1@x")
    )
    assert one(cs, "NIT: s/IDLE/READY").status != "addressed"
    # the offer alone: nobody says it was committed
    cs = _nit_thread(("r2@x", REVIEWER, ON_COMMIT, "a1@x"))
    assert one(cs, "NIT: s/IDLE/READY").status != "addressed"


def test_an_offer_that_quotes_another_point_or_comes_from_the_author_does_not_count():
    other = quote("Something else entirely.") + "\n\nIt can be done on commit.\n"
    cs = _nit_thread(("r2@x", REVIEWER, other, "a1@x"), ("c1@x", OTHER, COMMITTED, "r2@x"))
    assert one(cs, "NIT: s/IDLE/READY").status != "addressed"
    cs = _nit_thread(("a2@x", AUTHOR, ON_COMMIT, "a1@x"), ("c1@x", OTHER, COMMITTED, "a2@x"))
    assert one(cs, "NIT: s/IDLE/READY").status != "addressed"


# -- a changelog entry crediting a promised point -----------------------------------------

JULIEN = Address("Julien Grall", "julien@xen.org")
ASKED = (
    "I am OK if you want to keep the same interface, but can we at least document on top "
    "of the function whether we are expecting 'end' to be excluded or included?"
)
ENTRY = ["* add comment at the top of the function to document that end is inclusive"]


def test_a_promised_point_is_credited_by_two_shared_words():
    assert credits(ASKED, JULIEN, ENTRY, "xen/arm: pci: fix check", promised=True)


def test_without_the_promise_two_plain_words_do_not_credit():
    assert not credits(ASKED, JULIEN, ENTRY, "xen/arm: pci: fix check")


def test_a_promise_with_one_shared_word_does_not_credit():
    assert not credits(ASKED, JULIEN, ["* document the new option"], "", promised=True)


# -- first-person advice is a request -----------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "I would keep your solution without the check.",
        "I'd drop this hunk altogether.",
        "I would not rename it.",
        "I'd go with the simpler variant.",
    ],
)
def test_first_person_advice_is_a_request(words):
    assert is_request(words)


@pytest.mark.parametrize(
    "words",
    [
        "I would have kept it, but it does not matter.",
        "A65 is the only Arm CPU with SMT.",
        "We keep the mask as it is on x86.",
    ],
)
def test_other_first_person_words_are_not(words):
    assert not is_request(words)


# -- a greeting closed with a full stop ---------------------------------------------------


@pytest.mark.parametrize("first", ["Hi Henry.", "Hi all!", "Hello Ann Author."])
def test_a_greeting_with_a_full_stop_is_not_words_of_the_comment(first):
    assert clean_own_words([first, "", "This leaks f->buf."], None) == "This leaks f->buf."
    assert clean_own_words([first], None) == ""


@pytest.mark.parametrize(
    "line", ["Hi, this looks wrong.", "Hello there, please fix the leak.", "Hey, why not 0?"]
)
def test_a_sentence_that_opens_with_a_greeting_word_stays(line):
    assert clean_own_words([line], None) == line
