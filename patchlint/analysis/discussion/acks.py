"""What a reply's own words are, once read (`own_words`): a review comment, or only an
acknowledgement ("OK.", "Applied, thanks.", "Looks good to me."), a status notice ("Applied
to foo-next"), or an answer to what they stand under (anything but thanks)."""

from __future__ import annotations

import re

from patchlint.analysis.discussion.own_words import ACK_MAX_WORDS, is_thanks

_WORD = re.compile(r"[\w'-]+")
# what a short acknowledgement starts with: not a comment to track, but an answer to one
_ACK = re.compile(
    r"^(?:thanks|thank you|thx|ok|okay|yes|yep|yeah|sure|agreed|agree|applied|queued|pushed|"
    r"merged|picked|taken|looks? (?:good|fine|ok|okay|sane|reasonable)|lgtm|ack|acked|nice|"
    r"great|good|fine|right|oh|ah|i see|"
    r"indeed|will do|done|noted|sounds good|makes sense|correct|true|understood|got it|"
    r"fair enough|np|no problem|ping|gentle ping|friendly ping|kindly ping|fixed|"
    r"will (?:do|fix|take care|send|update|change|address|respin|resend)|i agree|exactly)\b",
    re.I,
)
_NOTICE = re.compile(
    r"^(?:(?:this|the|your|these|all)\s+(?:\w+\s+){0,2}?(?:patch|patches|series|set|pull request|"
    r"changes?)\s+(?:was|were|has been|have been|is|are|got)\s+)?(?:now\s+)?"
    r"(?:applied|merged|queued|pushed|picked up|picked|taken|committed)\b",
    re.I,
)
# "..., all added to mm.git's mm-new branch." / "... and pushed to foo-fixes."
_NOTICE_ANYWHERE = re.compile(
    r"\b(?:applied|queued|pushed|merged|picked up|added|taken|updated)\b[^.?!]{0,80}?"
    r"(?:\bbranch\b|\btree\b|\.git\b|-next\b|-fixes\b|\bnext\b|\bfixes\b)",
    re.I,
)
NOTICE_MAX_WORDS = 40
NOTICE_ANYWHERE_MAX_WORDS = 25
# words that turn a short agreement into a request or an objection
_NOT_ACK = re.compile(
    r"\b(?:please|but|however|though|should|shouldn't|could|would|why|instead|need|needs|"
    r"must|don't|do not|isn't|wrong|missing|nit)\b", re.I)


def is_acknowledgement(text: str) -> bool:
    """Short agreement, thanks or status ("OK.", "Yes.", "Applied to foo-next, thanks.")."""
    t = text.strip()
    if not t or "?" in t:
        return False
    words = _WORD.findall(t)
    return (len(words) <= ACK_MAX_WORDS and _ACK.match(t) is not None
            and _NOT_ACK.search(t) is None)


def is_status_notice(text: str) -> bool:
    """A maintainer's (or a bot's) "Applied to foo-next" / "This series was applied to ...":
    news about the patch, not a review of it."""
    t = text.strip()
    if not t or "?" in t:
        return False
    words = len(_WORD.findall(t))
    return (words <= NOTICE_MAX_WORDS and _NOTICE.match(t) is not None) or (
        words <= NOTICE_ANYWHERE_MAX_WORDS and _NOTICE_ANYWHERE.search(t) is not None)


def is_comment_text(text: str) -> bool:
    """Cleaned own words that are a review comment: not empty, not only an acknowledgement."""
    return bool(text.strip()) and not is_acknowledgement(text)


def is_answer_text(text: str) -> bool:
    """Cleaned own words that answer what they follow: anything but thanks."""
    return bool(text.strip()) and not is_thanks(text)
