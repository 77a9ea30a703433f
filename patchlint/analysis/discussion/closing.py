"""A reviewer's turn that ends by approving the patch as it is.

A reviewer who answers a discussion at length ("Here is more info regarding ...", "I believe
the return type should be int ... I'm not proposing to do this big change right now.") and
closes with "So I have no objection to your patch." plus a Reviewed-by in the same mail has
argued *for* the patch: the paragraphs before are reasons, not a point to track. Read as a
comment, the explanation becomes an open request nobody answers.

The approval must be the turn's last sentence, unconditional (no "otherwise", "with that fixed",
"apart from", "once", "if", "except", "for the rest"), about the patch as a whole; nothing
in the turn may ask ("?"); and the mail must carry the sender's own review tag. "Please fix
the typo. Otherwise no objection." stays a comment. An approval written right above the tag
is read as the tag's aside (`trailer_words.around_lines`) and so is missing from the turn's
cleaned words: `approves_above_tag` reads the lines as written, up to the tag.
"""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.model.message import Address
from patchlint.model.trailers import Trailer, parse_trailer_line, same_person

_SENTENCE = lazyre.compile(r"(?<=[.!?])\s+|\n\s*\n")
# "(So) I have no objection(s) to/of your patch", "No objections from me to this change",
# "(So) I'm fine with this patch as is", "So this patch looks good to me"
_APPROVES = lazyre.compile(
    r"^(?:(?:so|thus|hence|therefore|then|anyway|all\s+in\s+all|in\s+short)\b[\s,]*)?"
    r"(?:(?:i|we)\s+(?:have|had|'ve)\s+no\s+objections?"
    r"|no\s+objections?(?:\s+from\s+(?:me|my\s+side))?"
    r"|(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:fine|ok|okay|happy)\s+with"
    r"|(?:this|the|your)\s+(?:patch|change|series)\s+(?:looks|is)\s+(?:good|fine|ok|okay)"
    r"(?:\s+to\s+me)?)"
    r"(?:\s+(?:to|of|for|with|on))?\s*"
    r"(?:(?:this|your|the)\s+(?:patch|change|series|fix)(?:\s+as\s+(?:it\s+)?is)?)?\s*[.!]*$",
    re.I,
)
_CONDITIONAL = lazyre.compile(
    r"\b(?:otherwise|with\s+(?:that|this|those|these)(?:\s+\w+)?\s+(?:fixed|addressed|changed"
    r"|done|resolved|removed|added)|^with\s+that|apart\s+from|aside\s+from|once|if"
    r"|except|besides|for\s+the\s+rest|the\s+rest)\b",
    re.I,
)


def closes_in_approval(words: str) -> bool:
    """The turn's last sentence approves the patch as it is, and nothing in it asks."""
    if "?" in words:
        return False
    parts = [p.strip() for p in _SENTENCE.split(words.strip()) if p.strip()]
    if not parts:
        return False
    last = " ".join(parts[-1].split())
    return _APPROVES.match(last) is not None and _CONDITIONAL.search(last) is None


def gives_own_tag(sender: Address, trailers: list[Trailer]) -> bool:
    """The mail carries the sender's own review tag (Reviewed-by, Acked-by, ...)."""
    return any(
        t.is_review
        and t.person is not None
        and (same_person(t.person, sender) or same_person(sender, t.person))
        for t in trailers
    )


def approves_above_tag(own: list[str]) -> bool:
    """The lines as written, up to the first review tag, end by approving the patch as it is
    ("So no objection from me." right above "Reviewed-by: ...")."""
    for n, line in enumerate(own):
        tr = parse_trailer_line(line.strip())
        if tr is not None and tr.is_review:
            return n > 0 and closes_in_approval("\n".join(own[:n]))
    return False
