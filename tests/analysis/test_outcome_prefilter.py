"""The outcome's sentence classes behind one prefilter (`_MAY_STATE`, perf14): every
sentence of real mail, and sentences made to sit at the filter's edges, get the class the
patterns alone give them (`_classify`, the reading before the filter)."""

from __future__ import annotations

from patchlint.analysis.discussion.outcome import (
    _MAY_STATE,
    _classify,
    _is_question,
    classify_sentence,
    sentences,
)
from patchlint.analysis.discussion.own_words import own_text
from tests.conftest import newest_third_and_seeds


def _as_before(sentence: str, *, by_author: bool) -> str | None:
    """`classify_sentence` as it was before the prefilter (every pattern on every sentence)."""
    if _is_question(sentence) or len(sentence) > 400:
        return None
    return _classify(sentence.strip(" \t*_"), by_author=by_author)


# each class said in the fewest words, in capitals, and with non-ASCII case folds the
# patterns' `re.I` makes (`ſ` is `s`, `ı` is `i`, the Kelvin sign is `k`): no filtering there
MADE = [
    "NAK.",
    "Nack, this is wrong.",
    "Self-NAK",
    "ſelf-NAK",
    "Please drop this series.",
    "Please ignore it.",
    "I'll withdraw this patch.",
    "I withdraw the series",
    "This version is withdrawn.",
    "Drop my Reviewed-by.",
    "My ack no longer stands.",
    "Please hold off on applying.",
    "Hold off merging for now.",
    "Don't take this yet.",
    "Do not push it yet",
    "Don't pick up this yet.",
    "Don't queue it until v3",
    "Don't commit this yet",
    "Don't merge this yet",
    "This is not ready to be merged.",
    "Dropped it from my tree.",
    "Reverted the patch from my branch.",
    "Removed it from my queue.",
    "Unapplied it from the tree.",
    "This patch has been merged into net-next.",
    "This is a note to let you know that I've just added the patch",
    "This series was applied to netdev/net.git",
    "Fixed the typo and pushed.",
    "Applied, thanks!",
    "APPLIED.",
    "Applıed, thanks!",
    "Taken, thanks.",
    "Picked up, thanks.",
    "Queued for 6.1.",
    "Committed.",
    "Merged, thanks",
    "Thanks, pushed to hyperv-fixes.",
    "Looks good to me.",
    "Nice work.",
    "\u212aeep it.",
    "",
]


def test_the_prefilter_gives_every_sentence_of_real_mail_its_class_as_before():
    said = [s for m in newest_third_and_seeds() for s in sentences(own_text(m.body))] + MADE
    assert len(said) > 8_000
    kinds: set[str] = set()
    filtered = 0
    for sentence in said:
        for by_author in (False, True):
            kind = classify_sentence(sentence, by_author=by_author)
            assert kind == _as_before(sentence, by_author=by_author), sentence
            if kind is not None:
                kinds.add(kind)
        stripped = sentence.strip(" \t*_")
        filtered += stripped.isascii() and _MAY_STATE.search(stripped.lower()) is None
    # every class was read, and most sentences skipped the patterns
    assert kinds == {"nak", "retraction", "hold", "dropped", "applied"}
    assert filtered > len(said) // 2
