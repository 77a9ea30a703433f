"""What a tag's giver says in their own mail: a rebase asked for, a name proposed, a tag
written in a sentence rather than as a trailer line, a test they ran and its good result."""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.analysis.discussion.own_words import own_text
from patchlint.analysis.trailers.checks import misspelt_name
from patchlint.analysis.trailers.words import Given
from patchlint.model.trailers import Trailer

# the giver asking, in the mail that gives the tag, for the patch to be rebased ("This patch
# needs to be rebased on the latest linux-next. [...] But other than that, Reviewed-by"): the
# next posting's changes are that rebase, which they asked for
_ASKS_REBASE = lazyre.compile(
    r"\b(?:needs?\s+(?:to\s+be\s+)?|please\s+|should\s+be\s+|could\s+you\s+)rebas(?:e|ed|ing)\b"
    r"|\bdoes(?:n'?t|\s+not)\s+apply\s+(?:cleanly\s+)?(?:on|to)\b",
    re.I,
)


def asks_rebase(g: Given) -> bool:
    """The mail that gave the tag asks for a rebase (see `_ASKS_REBASE`)."""
    return _ASKS_REBASE.search(own_text(g.reply.message.body)) is not None


# a name a reviewer proposes ("Instead of using if-else, we can use netdev_lock_ops(), [...]
# netdev_lock_ops_to_full() seems to be a better choice"): code-like, with an underscore
PROPOSED_NAME = lazyre.compile(r"\b[A-Za-z]\w*_\w+\b")
MIN_PROPOSED = 6  # characters: shorter names (`u_int`) are words as often as proposals


def given_in_words(own: str, tr: Trailer) -> bool:
    """The giver wrote the tag with their address, though not as a trailer line b4 reads:
    "Looking better. FWIW, Reviewed-by: Andrew Cooper <andrew.cooper3@citrix.com>",
    "Acked by: Uros Bizjak <ubizjak@gmail.com>": the name, a colon, the address. Prose
    about a tag ("happy for this to be folded into the original with my "Signed-off-/Acked-by
    Ian Campbell <ian.campbell@citrix.com>" if that is preferable", seed 000) is no tag."""
    if tr.person is None or not tr.person.email:
        return False
    email = re.escape(tr.person.email)
    kind = r"[\s-]*".join(map(re.escape, tr.canonical.lower().removesuffix("-by").split("-")))
    if re.search(rf"\b{kind}[\s-]*by\s*:[^<>\n]{{0,80}}<?{email}", own, re.I) is not None:
        return True
    # a misspelt name ("Reviwed-by: Mark Brown <broonie@kernel.org>") is still the tag given
    return any(
        misspelt_name(m.group(1)) == tr.canonical
        for m in re.finditer(
            rf"\b([A-Za-z]+(?:-[A-Za-z]+)*-by)\s*:[^<>\n]{{0,80}}<?{email}", own, re.I
        )
    )


# a test the giver ran themselves ("I ran this patch through a total of 14 syskaller tests",
# "I have tested your patch in ARM64 VM", "Tested on ...")
_RAN_TEST = lazyre.compile(
    r"\bI(?:'ve|\s+have|\s+also)?\s+(?:ran|run|re-?ran|tested|retested|tried|booted|verified"
    r"|applied)\b|\btested\s+(?:on|with|it|this|the|your)\b",
    re.I,
)
# ... and what it showed, said without hedging: the patch works ("No problems were
# reported.", "Overall, I think we can call this fixed.", "works fine", "all tests pass");
# a failure seen ("can see the build failure", "it failed to compile") says none of these
_GOOD_RESULT = lazyre.compile(
    r"\b(?:no\s+(?:problems?|issues?|errors?|failures?|regressions?|crash(?:es)?)\s+"
    r"(?:were\s+|was\s+)?(?:reported|found|seen|observed)"
    r"|call\s+(?:this|it)\s+fixed"
    r"|works?\s+(?:fine|well|for\s+me|as\s+expected|great)"
    r"|(?:all\s+)?(?:the\s+)?tests?\s+(?:still\s+)?pass(?:es|ed)?\b(?!\s+without)"
    r"|(?:problem|issue|crash|hang|bug|warning)\s+(?:is|was)\s+(?:gone|fixed|resolved))",
    re.I,
)


def reports_good_test(own: str) -> bool:
    """The giver's own words say they tested the patch and it works: a Tested-by given in
    prose ("I ran this patch through a total of 14 syskaller tests [...] No problems were
    reported. [...] Overall, I think we can call this fixed.", Guenter Roeck, the
    virtualization list, August 2022), which the author then writes as the tag."""
    return _RAN_TEST.search(own) is not None and _GOOD_RESULT.search(own) is not None
