"""Two points in one turn, and promises not kept (issue 17, task cmt13). Checked on the real
threads each kind was seen in:

- a paragraph opening with words that mark a new point ("Also, ...", "Please note that
  ...", "Or even better, ...") is a point of its own when it is of another kind than the
  point above it (a question beside a request or a remark) or an alternative to it
  (`turns.points`); two requests under one quote stay one point;
- an alternative the next revision did not take is answered, not met by the change that
  met the first choice (`status._other_choice_taken`); one met by the same revision goes
  back into the first choice (`comments._rejoin_choices`);
- "You can skip the else here..." / quote / "...and you can skip the else here as well"
  is two points, each on its quote (`turns._another_place`), and the author's answer under
  both answers both (`answers._quoted_together`);
- an answer opening with a promise, a revision after it that left the lines alone, or
  changed them without the code the comment wrote out: open (`status._promise_broken`,
  `status._not_as_promised`);
- a question argued on someone's words and insisted on is not met by the lines changing
  for another point (`status._argued_on_words`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from patchlint.analysis.discussion.turns import _another_place, is_alternative, points
from tests.analysis.thread_comments import LINUX, XEN
from tests.analysis.thread_comments import comments as _comments
from tests.threads_truth import bare_id, load_truth

NETVSC = LINUX / "2023-netvsc-rndis-send-status.mbox"
HV_RNG = LINUX / "2024-hv-rng-oem0-entropy.mbox"
KVP = LINUX / "2024-kvp-keyfile-ipv4-ipv6-v5.mbox"
PLATFORM = LINUX / "2022-platform-has-infrastructure.mbox"
MANA = LINUX / "2024-mana-pcpu-stats-changes-requested.mbox"
PWM = LINUX / "2023-pwm-imx27-output-bug-workaround.mbox"
LIBXL = XEN / "2024-libxl-disk-grant-usage-doc-review.mbox"


def _of(path: Path, message_id: str) -> list[dict[str, Any]]:
    return [c for c in _comments(path) if bare_id(c["message_id"] or "") == message_id]


def _found(path: Path, message_id: str, words: str) -> list[dict[str, Any]]:
    return [c for c in _of(path, message_id) if words in " ".join(c["comment"].split())]


# --- what a point is -------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        # Haiyang Zhang, netvsc 2023: a request and an alternative to it
        "Could you add rate limit to this error, so in case it happens frequently, the\n"
        "errors won't fill up the dmesg.\n\nOr even better, add a counter for this.",
        # Borislav Petkov, edac 2021: a question, then a request marked "Also"
        'So this is called "umc_v2" but the other V2 FUs\'s strings are the same. Why?\n\n'
        "Also, if you're going to repeat strings, you can just as well group all those "
        "which are the same this way:",
        # Jakub Kicinski, mana 2024: an argued question, then a request marked "Please note"
        "Dynamic is a bit of an exaggeration, right? On a well-configured system\n"
        "each CPU should use a single queue assigned thru XPS.\n\n"
        "Please note that you can't use num_present_cpus() to size stats in\nethtool -S",
    ],
)
def test_a_marked_paragraph_of_another_kind_is_a_point_of_its_own(words: str) -> None:
    assert len(points(words)) == 2


@pytest.mark.parametrize(
    "words",
    [
        # Haiyang Zhang, rx indirection 2023: two requests under one quote, met together
        "Please move the table free to rndis_filter_device_remove() which is the counter\n"
        "part of rndis_filter_device_add().\n\n"
        "Also, set ndev_ctx->rx_table = NULL after free to prevent potential double free.",
        "Please use the ethtool to change & show the table contents.\n\n"
        "Also, run perf test to ensure no perf regression.",
        # Simon Horman, rx indirection 2023: two layout nits
        "nit: the line above is not indented correctly,\n\n"
        "Also, I don't think the curly-brackets are needed.",
        # a paragraph that marks no new point stays with the one above
        "Why is this needed?\n\nThe caller already checks it, as far as I can see.",
    ],
)
def test_points_of_one_kind_or_unmarked_stay_one(words: str) -> None:
    assert points(words) == [words]


def test_an_alternative_is_told_by_its_opening() -> None:
    assert is_alternative("Or even better, add a counter for this.")
    assert is_alternative("Alternatively, we can remove this message here")
    assert not is_alternative("Also, run perf test to ensure no perf regression.")


def test_the_same_point_at_the_next_quote_is_not_a_sentence_carried_on() -> None:
    # Easwar Hariharan, kvp 2024: two places, each its own point
    assert _another_place(
        "You can skip the else here...",
        "...and you can skip the else here as well and just return -EINVAL",
    )
    # a sentence continued across a quote stays one turn
    assert not _another_place(
        "Since it's || here ...",
        "... doesn't this code then also need to set CDF_hardware if it's unset",
    )
    assert not _another_place("Except that ...", "... this isn't enough as well")
    assert not _another_place("You can skip the else here...", "...so that it reads better")


# --- on the real mail ------------------------------------------------------------------

NETVSC_MAIL = "PH7PR21MB3116666E45172226731263B1CAD99@PH7PR21MB3116.namprd21.prod.outlook.com"


def test_an_alternative_not_taken_is_discussed_beside_the_request_met() -> None:
    counter = _found(NETVSC, NETVSC_MAIL, "Or even better, add a counter for this.")
    limit = _found(NETVSC, NETVSC_MAIL, "Could you add rate limit to this error")
    assert len(counter) == len(limit) == 1 and counter[0] is not limit[0]
    assert counter[0]["status"] == "discussed"
    assert limit[0]["status"] == "addressed"


def test_an_alternative_met_with_its_first_choice_is_one_point() -> None:
    # Wei Liu: "I would like this to be a pr_debug() ..." / "Alternatively, we can remove
    # this message here ...": v2 did the alternative, the truth judges one point
    mail = "ZeVwz5qQUwbkgH1H@liuwe-devbox-debian-v2"
    both = _found(HV_RNG, mail, "I would like this to be a pr_debug() instead of pr_info()")
    assert len(both) == 1 and "Alternatively" in both[0]["comment"]
    assert both[0]["status"] == "addressed"
    assert not [c for c in _of(HV_RNG, mail) if c["comment"].startswith("Alternatively")]


def test_a_promise_the_next_revision_did_not_keep_is_open() -> None:
    mail = "3bf8844a-3e19-4105-8cce-2b1f8f98d3bc@linux.microsoft.com"
    first = _found(KVP, mail, "You can skip the else here...")
    second = _found(KVP, mail, "and you can skip the else here as well")
    assert len(first) == len(second) == 1 and first[0] is not second[0]
    assert first[0]["status"] == "open"  # 'right, will change this', v3 keeps 'else if'
    assert second[0]["status"] == "addressed"  # v3: plain 'return -EINVAL;'


def test_a_promised_name_the_changed_line_does_not_hold_is_open() -> None:
    # Borislav Petkov: "Probably __ro_after_init." / "Yes, good idea."; v2 made the array
    # static and kept __read_mostly
    (found,) = _found(PLATFORM, "YmgsYvWQchxub8cW@zn.tnic", "Probably __ro_after_init.")
    assert found["status"] == "open"
    # the point below it, argued by Heiko Carstens, keeps its own answer and status
    (static,) = _found(PLATFORM, "YmgsYvWQchxub8cW@zn.tnic", "make that thing static")
    assert static["status"] == "addressed"


def test_a_question_argued_on_the_authors_words_stays_open() -> None:
    mail = "20240307090145.2fc7aa2e@kernel.org"
    (dynamic,) = _found(MANA, mail, "Dynamic is a bit of an exaggeration, right?")
    (cpus,) = _found(MANA, mail, "you can't use num_present_cpus() to size stats")
    assert dynamic is not cpus
    assert dynamic["status"] == "open"
    assert cpus["status"] == "addressed"


@pytest.mark.parametrize(
    ("path", "message_id", "words"),
    [
        # "Right. I will remove this line in next patch version." a month after v3, no
        # revision after it: a promise with nothing to break it is an answer
        (PWM, "9b5f9e1b-645a-4b44-a30c-fe93e7bf3532@gmx.net", "This line looks unrelated"),
        # "That's good point. I am not 100% sure ..." agrees and commits to nothing
        (
            LIBXL,
            "20240202110316.hfzwseow7uhdgtsz@vireshk-i7",
            "I wonder if there is a way to avoid the duplication here",
        ),
    ],
)
def test_an_answer_that_is_no_broken_promise_stays_discussed(
    path: Path, message_id: str, words: str
) -> None:
    (found,) = _found(path, message_id, words)
    assert found["status"] == "discussed"


@pytest.mark.parametrize(
    ("path", "message_id"),
    [
        (NETVSC, NETVSC_MAIL),
        (MANA, "20240307090145.2fc7aa2e@kernel.org"),
        (HV_RNG, "ZeVwz5qQUwbkgH1H@liuwe-devbox-debian-v2"),
        (LINUX / "2023-netvsc-rx-indirection-v6.mbox", "ZG2236VbHkOpjau2@corigine.com"),
    ],
)
def test_a_split_makes_no_comment_the_truth_does_not_have(path: Path, message_id: str) -> None:
    """Every judged point of the mail is one report comment, and every report comment of the
    mail is a judged point or a judged look-alike (praise reported as unchanged is the
    look-alike kind's business, not the split's)."""
    truth = load_truth(path.with_suffix(".truth.toml"))
    says = [c.says for c in truth.comments if c.message_id == message_id]
    alike = [n.says for n in truth.not_comments if n.message_id == message_id]
    found = [" ".join(c["comment"].split()) for c in _of(path, message_id)]
    for words in says:
        assert sum(1 for f in found if " ".join(words.split()) in f) == 1, words
    for f in found:
        assert any(" ".join(w.split()) in f for w in says + alike), f
