"""Mechanisms found on the sixth blind set (fixtures/threads/linux/2020-*): a question answered
by a top-posted Outlook reply (`top_posted`), a maintainer's bare "I'll be taking this" and
"I will drop this from my branch" (`acks.is_status_notice`), and a reviewer's explanation
that closes in "So I have no objection to your patch." with a tag (`closing`), a question
under the message about "the code below" (`message.points_at_code`), "// Added by this
patch" in an explanation (`acks.takes_point`)."""

from __future__ import annotations

import pytest

from patchlint.analysis.discussion.acks import is_status_notice, takes_point
from patchlint.analysis.discussion.closing import closes_in_approval
from patchlint.analysis.discussion.message import points_at_code
from tests.analysis.test_comment_mechanisms import PATCH, message, with_v2
from tests.analysis.test_comments import AUTHOR, OTHER, REVIEWER, one, quote
from tests.analysis.test_whole_mail import single

QUESTION = quote("The frobnicator frobs on init.") + "\n\nHow did you find this bug? Any symptom?"
TOP_POSTED = (
    "I ran the frob tests and the times looked wrong.\n\n"
    "-----Original Message-----\nFrom: Rob Reviewer <rob@example.org>\n"
    "Sent: Tuesday, March 24, 2020 8:20 AM\nSubject: RE: [PATCH] frob: add the frobnicator\n\n"
    "How did you find this bug? Any symptom?\n"
)


# -- a question answered by a top-posted reply (top_posted) --------------------------------


def test_a_question_answered_above_the_original_is_answered():
    cs = with_v2(PATCH, ("r1@x", REVIEWER, QUESTION, None), ("a1@x", AUTHOR, TOP_POSTED, "r1@x"))
    c = one(cs, "How did you find")
    assert (c.status, c.answered_by) == ("discussed", ["a1@x"])


def test_without_the_top_posted_answer_the_question_stays_unanswered():
    cs = with_v2(PATCH, ("r1@x", REVIEWER, QUESTION, None))
    assert one(cs, "How did you find").status == "unchanged"


def test_a_top_posted_reply_from_someone_else_answers_nothing():
    cs = with_v2(PATCH, ("r1@x", REVIEWER, QUESTION, None), ("o1@x", OTHER, TOP_POSTED, "r1@x"))
    assert one(cs, "How did you find").answered_by == []


def test_a_mail_that_also_asks_for_a_change_is_not_answered_by_a_top_post():
    mixed = QUESTION + "\n\nPlease also rename frob_tick()."
    cs = with_v2(PATCH, ("r1@x", REVIEWER, mixed, None), ("a1@x", AUTHOR, TOP_POSTED, "r1@x"))
    assert all(c.answered_by == [] for c in cs)


def test_a_top_posted_thanks_answers_no_question():
    thanks = "Thanks!\n\n-----Original Message-----\nFrom: Rob\n\nHow did you find this bug?\n"
    cs = with_v2(PATCH, ("r1@x", REVIEWER, QUESTION, None), ("a1@x", AUTHOR, thanks, "r1@x"))
    assert one(cs, "How did you find").answered_by == []


# -- a maintainer's news with no tree named (acks.is_status_notice) ------------------------


@pytest.mark.parametrize(
    "words",
    [
        "I'll be taking this, thanks.",  # linux-hyperv 2020, netdev's maintainer
        "I will apply it.",
        "I'll queue these then.",
        "It appears Thomas already sent this to Linus, so I will drop this from\nmy branch.",
        "I've dropped the patch from the hyperv-next branch.",
    ],
)
def test_bare_intent_and_drop_notices_are_news(words):
    assert is_status_notice(words)


@pytest.mark.parametrize(
    "words",
    [
        "I'll take it, but please fix the typo.",
        "I will apply this but please resend the rest.",
        "Please drop this from the tree.",  # a request, not news
        "I will drop this from the series.",  # the author's plan, no tree
        "I will merge this code into frob_tick().",
        "I'll be taking a look at this tomorrow.",
    ],
)
def test_requests_and_plans_are_not_news(words):
    assert not is_status_notice(words)


def test_a_bare_intent_is_not_an_open_comment():
    cs = single(("r1@x", REVIEWER, "I'll be taking this, thanks.", None))
    assert cs == []


# -- reasons that close in approval (closing) ----------------------------------------------

REASONS = (
    "Here is more info: drivers may return any of the three kinds of codes. I believe "
    "the return type should be int, which means changing every driver. I'm not proposing "
    "to do this big change right now.\n\nSo I have no objection of your patch."
)


@pytest.mark.parametrize(
    "words",
    [
        REASONS,
        "I checked the callers.  No objections from me to this patch.",
        "That matches the spec. So I'm fine with this change as is.",
    ],
)
def test_turns_that_close_in_approval(words):
    assert closes_in_approval(words)


@pytest.mark.parametrize(
    "words",
    [
        "Please fix the typo. Otherwise no objection.",
        "No objection to the rest.",
        "No objection once the typo is fixed.",
        "With that fixed, I have no objection to this patch.",
        "Why is the lock dropped? So I have no objection of your patch.",
        "So I have no objection of your patch. But please rename frob_tick().",
    ],
)
def test_conditional_or_asking_turns_do_not(words):
    assert not closes_in_approval(words)


TAG = "Reviewed-by: Rob Reviewer <rob@example.org>\n"


def test_reasons_closing_in_approval_with_a_tag_are_not_a_comment():
    body = REASONS + "\n\nThanks,\nRob\n\n" + TAG
    assert single(("r1@x", REVIEWER, body, None)) == []


def test_the_same_reasons_without_a_tag_stay_a_comment():
    cs = single(("r1@x", REVIEWER, REASONS, None))
    assert len(cs) == 1 and cs[0].status == "open"


def test_a_conditional_approval_with_a_tag_stays_a_comment():
    body = "Please fix the typo. Otherwise no objection.\n\nThanks,\nRob\n\n" + TAG
    cs = single(("r1@x", REVIEWER, body, None))
    assert len(cs) == 1


# -- a question under the message that points at the code below (message.points_at_code) ---


@pytest.mark.parametrize(
    "words",
    [
        "Secondly, code below only specifies cpu0. What does it do with non-boot cpus?",
        "The hunk below resets the count; is that intended?",
    ],
)
def test_words_that_point_at_the_code_below(words):
    assert points_at_code(words)


@pytest.mark.parametrize(
    "words",
    [
        "Why would the frobnicator frob on init?",
        "The commit message below the title is wrong: what does the code do?",  # names it
        "See my comment below.",
    ],
)
def test_words_that_do_not(words):
    assert not points_at_code(words)


ON_MESSAGE = quote("The frobnicator frobs on init.")
EXPLAINED = "frob_init() is called for the other CPUs by the hotplug code, see frob_tick()."


def _question_on_message(question: str) -> str:
    cs = with_v2(
        message("The frobnicator frobs on init, for every CPU."),
        ("r1@x", REVIEWER, ON_MESSAGE + "\n\n" + question, None),
        ("a1@x", AUTHOR, quote(question) + "\n\n" + EXPLAINED, "r1@x"),
    )
    return one(cs, question[:20]).status


def test_an_explained_question_about_the_code_below_is_discussed():
    assert _question_on_message("The code below only frobs cpu0. What happens to the others?") == (
        "discussed"
    )


def test_a_question_on_the_message_itself_is_addressed_by_a_reword():
    assert _question_on_message("Why would it frob only on init?") == "addressed"


# -- "Added by this patch" describes the patch, it reports no change (acks.takes_point) -----


def test_describing_the_patch_is_not_taking_the_point():
    assert not takes_point("syscore_suspend()\n    hv_cpu_die(0)  // Added by this patch")
    assert not takes_point("This line was changed by the commit it fixes.")


@pytest.mark.parametrize(
    "words", ["Added in v2.", "Done.", "Fixed in this patch.", "I added a check."]
)
def test_reported_changes_still_take_the_point(words):
    assert takes_point(words)


# -- the approval right above the tag (closing.approves_above_tag) -------------------------


def test_reasons_with_the_approval_right_above_the_tag_are_not_a_comment():
    assert single(("r1@x", REVIEWER, REASONS + "\n" + TAG, None)) == []


@pytest.mark.parametrize(
    "closing",
    ["Otherwise no objection.", "With that fixed, no objection to this patch."],
)
def test_a_conditional_approval_right_above_the_tag_keeps_the_request(closing):
    body = "Please rename frob_tick().\n\n" + closing + "\n" + TAG
    cs = single(("r1@x", REVIEWER, body, None))
    assert [c.status for c in cs if "rename" in c.comment] == ["open"]
