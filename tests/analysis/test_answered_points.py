"""A point the thread answered, where the tracker saw no answer (issue 17, task cmt12), each
checked on the real mail it was seen in, with the points the same threads must leave open:

- a comment on someone else's point, left unanswered where it stands, is answered by an
  answer to that point written after it (the author replying to the point, a sibling of
  the comment; a third reviewer's summary): `answers._answer_follow_ups`;
- the commenter's reaction to an answer that was itself answered (a further question or a
  new request the author then answered, and the commenter let stand) no longer leaves the
  commenter the last word: `Reaction.answered`, `answers._mark_answered_reactions`; an
  argument where the commenter rejects each new answer stays open;
- words around the answerer's own tag ("Ya, it was not required there in the first
  place." over an Acked-by) answer the remark they stand under: `answers._answer_words`;
- a question on which tree takes the series is answered by a maintainer taking it, in a
  reply that does not quote it (`route`);
- the author's question asking what to change ("What needs to be corrected?") makes the
  reviewer's answer a point of its own (`comments._ASKS_DIRECTION`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.analysis.discussion.answers import _answer_words, seconds
from patchlint.analysis.discussion.comments import _ASKS_DIRECTION
from patchlint.analysis.discussion.route import asks_route
from patchlint.model.message import Address
from tests.analysis.thread_comments import LINUX, XEN
from tests.analysis.thread_comments import find as _find

XLDEVD = XEN / "2024-xldevd-cloexec-for-4.19.mbox"
EFI = XEN / "2025-efi-argv-fixes-dispute-rb-with-reword.mbox"
IMX27 = LINUX / "2023-pwm-imx27-output-bug-workaround.mbox"
IMX8 = LINUX / "2023-pwm-imx8-inverted-pwm-cells.mbox"
MANA = LINUX / "2024-mana-pcpu-stats-changes-requested.mbox"


# -- a comment on someone else's point, answered by a reply to that point ---------------------


@pytest.mark.parametrize(
    ("message_id", "words"),
    [
        # Jan Beulich under Anthony PERARD's "we don't need to do that anymore?"
        ("43cf9879-c781-4e05-8be4-f7f8ec87d4a3@suse.com", "I'm pretty certain I'll run into"),
        # Jan Beulich under the author's answer to it ("... drop support for Linux < 2.6.23")
        ("7582f9e6-7b31-47e7-b42a-92c0f87effd2@suse.com", "this is a two fold thing"),
    ],
)
def test_a_follow_up_is_answered_by_the_authors_later_reply_to_the_point(
    message_id: str, words: str
) -> None:
    # Andrew Cooper replies to Anthony's mail (a sibling of Jan's): "Therefore I've re-added
    # this at the top of xl_utils.c"
    c = _find(XLDEVD, message_id, words)
    assert c["status"] == "discussed"
    assert c["answered_by"] == ["a93f8078-a4df-4395-b7ad-61d2fc38e18d@citrix.com"]


def test_an_answer_older_than_the_follow_up_does_not_answer_it() -> None:
    # the author's first answer to Anthony (21 June) came before Jan's remark (24 June)
    c = _find(XLDEVD, "43cf9879-c781-4e05-8be4-f7f8ec87d4a3@suse.com", "pretty certain")
    assert "e6262049-21b4-4eb7-9f29-6d5983bfb212@citrix.com" not in c["answered_by"]


def test_a_third_reviewers_summary_answers_a_remark_on_the_question() -> None:
    # Bertrand Marquis under Julien Grall's BAR alignment question; Stefano Stabellini's
    # "We had a discussion this morning and this is the summary." answers the question
    c = _find(
        XEN / "2022-pci-check-bar-ack-scope.mbox",
        "22E9182D-2345-4088-A9D6-76E62B110225@arm.com",
        "the bar should be strictly inside that range",
    )
    assert (c["status"], c["addressed_in"]) == ("discussed", None)


# -- a reaction that was answered in turn ----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message_id", "words"),
    [
        # "On the 1st pass, which path does get_argv() take?" answered by the author ("I
        # managed to reproduce this issue using GRUB commands"), then v2
        (EFI, "c31947e7-f786-4213-9d91-28e1fa8908c1@suse.com", "can hold garbage."),
        (EFI, "c31947e7-f786-4213-9d91-28e1fa8908c1@suse.com", "plain command line"),
        # "Thanks, i think this ERR... reference is better ... in a comment would be great."
        # answered "Sure, I will mention this #ERR051198 code in commit message."
        (IMX27, "9b5f9e1b-645a-4b44-a30c-fe93e7bf3532@gmx.net", "provide a link to the origin"),
        # "Could you also please look at Uwe's comments [1]?" answered "... I will look into
        # this now."
        (IMX27, "9b5f9e1b-645a-4b44-a30c-fe93e7bf3532@gmx.net", "looks unrelated and unnecessary"),
        # round after round: "That seems scary" answered "Scary? It's terrifying! ...";
        # Andy Lutomirski's "No, but NMI can. ... percpu list ..." answered by Tony Luck,
        # whose answer Andy's next mail pushes back on, itself answered in turn
        (
            LINUX / "2021-edac-mce-futex-copyin-loop.mbox",
            "CALCETrXw59WDTwfoZHVtDrveMpFF=Eh4jaOF7vFsF02Zk54mDw@mail.gmail.com",
            "That seems scary",
        ),
    ],
)
def test_a_reaction_answered_in_turn_leaves_the_point_discussed(
    path: Path, message_id: str, words: str
) -> None:
    c = _find(path, message_id, words)
    assert (c["status"], c["addressed_in"]) == ("discussed", None)


@pytest.mark.parametrize(
    ("message_id", "words"),
    [
        # Jakub Kicinski rejects each answer ("Dynamic is a bit of an exaggeration, right?",
        # then "You need a use case to get the stats upstream."); no revision settles it
        ("20240307072923.6cc8a2ba@kernel.org", "But why? You already have per queue stats."),
        ("20240308112244.391b3779@kernel.org", "if it does work we should enable it for all"),
    ],
)
def test_an_argument_the_commenter_keeps_rejecting_stays_open(message_id: str, words: str) -> None:
    assert _find(MANA, message_id, words)["status"] == "open"


def test_an_unanswered_point_stays_open() -> None:
    # "Okay, AFAIR the coding style suggests braces for the else case." got no answer and
    # no revision after it
    c = _find(IMX27, "d72d1ae5-0378-4bac-8b77-0bb69f55accd@gmx.net", "suggests braces")
    assert (c["status"], c["answered_by"]) == ("open", [])


# -- words around the answerer's tag ---------------------------------------------------------

CONOR = Address("Conor Dooley", "conor@kernel.org")


def test_the_words_over_a_tag_answer_the_remark_above() -> None:
    c = _find(IMX8, "20231106153926.dqvx56fegqpmw3k7@pengutronix.de", "You dropped the |")
    assert c["status"] == "discussed"
    assert c["answered_by"] == ["20231108-wisdom-overall-753fbb76ac74@spud"]


@pytest.mark.parametrize(
    ("own", "said"),
    [
        (
            [
                "Ya, it was not required there in the first place.",
                "",
                "Acked-by: Conor Dooley <conor.dooley@microchip.com>",
                "",
                "Cheers,",
                "Conor.",
            ],
            "Ya, it was not required there in the first place.",
        ),
        # a tag alone says nothing to the words above it
        (["Acked-by: Conor Dooley <conor.dooley@microchip.com>", "", "Thanks,", "Conor"], ""),
        # no tag: the cleaned words are all there is (empty: nothing)
        (["Thanks,", "Conor"], ""),
    ],
)
def test_answer_words(own: list[str], said: str) -> None:
    assert _answer_words(own, "", CONOR) == said


def test_answer_words_keep_a_comments_words() -> None:
    assert _answer_words(["Yes.", "Acked-by: A <a@b.c>"], "Yes.", CONOR) == "Yes."


# -- a question on the series' route, answered by the taking ---------------------------------


def test_a_merge_plan_question_is_answered_by_the_maintainer_taking_the_series() -> None:
    # Uwe Kleine-König on the v2 cover; Shawn Guo's "Applied, thanks!" on 2/3 and 3/3
    c = _find(IMX8, "20231114113932.aqidxrmg4sajfsh5@pengutronix.de", "What is the merge plan")
    assert c["status"] == "discussed"
    assert len(c["answered_by"]) == 1


@pytest.mark.parametrize(
    ("words", "route"),
    [
        ("What is the merge plan here? pwm or imx?", True),
        ("Do you want this to go through net tree? I can submit it via hyperv tree.", True),
        ("Which tree should this go through?", True),
        ("Who will pick this up?", True),
        ("Should this be merged by Greg?", True),
        ("I will take this through the tip tree.", False),  # no question
        ("How were the fixes tested?", False),
        ("Which path does get_argv() take?", False),
    ],
)
def test_asks_route(words: str, route: bool) -> None:
    assert asks_route(words) is route


def test_a_question_on_anything_else_is_not_answered_by_the_applying() -> None:
    # "Couldn't userspace do the same thing ...?" got no answer, whatever happened later
    c = _find(MANA, "20240311094142.3bbe7d7b@hermes.local", "Couldn't userspace do the same")
    assert c["answered_by"] == []


# -- the author's question asking what to change ---------------------------------------------


def test_the_answer_to_what_needs_to_be_corrected_is_a_point_v2_meets() -> None:
    # "I did (0 errors/warnings/checks). What needs to be corrected?" / Guenter Roeck:
    # "... Otherwise you would get: WARNING: Missing a blank line after declarations"
    c = _find(
        LINUX / "2022-hwmon-asus-ec-probe-print.mbox",
        "a8e9e6f1-e7a0-d40d-8065-b72f60c72a32@roeck-us.net",
        "the continuation line in the declaration confuses it",
    )
    assert (c["status"], c["addressed_in"]) == ("addressed", 2)


@pytest.mark.parametrize(
    ("words", "direction"),
    [
        ("I did (0 errors/warnings/checks). What needs to be corrected?", True),
        ('May be something like: pr_warn("...") would be clearer?', True),
        ("Does this not happen with kdump?", False),
        ("What happens if XDP gets enabled after MTU larger than PAGE_SIZE is set?", False),
    ],
)
def test_a_question_asking_what_to_do(words: str, direction: bool) -> None:
    assert (_ASKS_DIRECTION.search(words) is not None) is direction


# -- words that only second someone else's point --------------------------------------------


def test_a_comment_seconding_a_point_is_met_with_it() -> None:
    # Uwe Kleine-König under Francesco Dolcini's "You need to add your signed-off-by":
    # "FTR: This also applies to the v2 patch."; v3 adds the poster's Signed-off-by
    point = _find(IMX27, "20240103103421.GA3758@francesco-nb", "add your signed-off-by")
    c = _find(IMX27, "sdqgerar4utskfvp2pxbjsjesf2s5zuxtlssur2v3kdvq5m7a6@jaueiad7zvcf", "FTR:")
    assert point["status"] == "addressed"
    assert (c["status"], c["addressed_in"]) == (point["status"], point["addressed_in"])


@pytest.mark.parametrize(
    ("words", "second"),
    [
        ("FTR: This also applies to the v2 patch. I discarded both from the pwm patchwork.", True),
        ("+1.", True),
        ("Agreed.", True),
        ("Same here.", True),
        ("Agreed, but please also rename the helper.", False),
        ("Agreed with Olga, please take the lock here.", False),  # a request of its own
        ("+1, why not use a mutex here?", False),
        ("This applies to the v2 patch too, and the v3 one, and any later one. " * 4, False),
        ("I agree with the approach. The locking is wrong. Please fix it.", False),
    ],
)
def test_seconds(words: str, second: bool) -> None:
    assert seconds(words) is second
