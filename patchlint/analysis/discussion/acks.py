"""What a reply's own words are, once read (`own_words`): a review comment, or only an
acknowledgement ("OK.", "Applied, thanks.", "Looks good to me."), a status notice ("Applied
to foo-next"), or an answer to what they stand under (anything but thanks; a status notice
answers too).

Under an answer, the commenter's own words either accept it (`accepts`: an acknowledgement,
or a first sentence such as "I see.", "Fair enough", "Sorry, I didn't notice that", with no
"but" in it) or do not (they insist, or ask again). An answer that opens with a no
(`is_negative`) answers a question without changing anything. `offers_commit_fix` finds a
reviewer's "I can adjust this while committing"."""

from __future__ import annotations

import re

from patchlint import lazyre
from patchlint.analysis.discussion.own_words import ACK_MAX_WORDS, is_thanks

_WORD = lazyre.compile(r"[\w'-]+")
# what a short acknowledgement starts with: not a comment to track, but an answer to one
_ACK = lazyre.compile(
    r"^(?:thanks|thank you|thx|ok|okay|yes|yep|yeah|sure|agreed|agree|applied|queued|pushed|"
    r"merged|picked|taken|looks? ['\"‘’]?(?:good|fine|ok|okay|sane|reasonable)|lgtm|ack|"
    r"acked|nice|"
    r"great|good|fine|right|oh|ah|i see|"
    r"indeed|will do|done|noted|sounds good|makes sense|correct|true|understood|got it|"
    r"fair enough|np|no problem|ping|gentle ping|friendly ping|kindly ping|fixed|"
    r"that\s+it\s+(?:does|is|did|was|will|can)(?=[\s.!]*$)|"
    r"will (?:do|fix|take care|send|update|change|address|respin|resend)|i agree|exactly)\b",
    re.I,
)
_NOTICE = lazyre.compile(
    r"^(?:(?:and|so|now|ok|okay|thanks|thank\s+you|thx)\b[\s,!.]*)?"
    r"(?:(?:this|the|your|these|all)\s+(?:\w+\s+){0,2}?(?:patch|patches|series|set|pull request|"
    r"changes?)\s+(?:was|were|has been|have been|is|are|got)\s+)?(?:now\s+)?"
    r"(?:applied|merged|queued|pushed|picked up|picked|taken|committed)\b",
    re.I,
)
# "..., all added to mm.git's mm-new branch." / "... and pushed to foo-fixes."
_NOTICE_ANYWHERE = lazyre.compile(
    r"\b(?:applied|queued|pushed|merged|picked up|added|taken|updated)\b[^.?!]{0,80}?"
    r"(?:\bbranch\b|\btree\b|\.git\b|-next\b|-fixes\b|\bnext\b|\bfixes\b)",
    re.I,
)
# "I will pick this up via hyperv-fixes." / "I'll take it through the x86 tree": news of
# the same kind, announced
_INTENT = lazyre.compile(
    r"^(?:(?:ok|okay|thanks|thank\s+you|thx)\b[\s,!.]*)?(?:i'?ll|i\s+will|i\s+can|i'?m\s+going\s+to"
    r"|i\s+am\s+going\s+to|let\s+me|will)\s+(?:pick|take|queue|apply|merge|route|push)\b"
    r"(?:\s+(?:this|it|these|them|(?:the|this|your)\s+(?:patch|patches|series|set|fix)))?"
    r"(?:\s+up)?\s+(?:via|through|into|in|to|for)\b",
    re.I,
)
# "I'll be taking this, thanks." / "I'll queue it." / "I will apply these.": the same news
# with no tree named, as long as nothing follows the patch but thanks
_INTENT_BARE = lazyre.compile(
    r"^(?:(?:ok|okay|thanks|thank\s+you|thx)\b[\s,!.]*)?(?:i'?ll|i\s+will)\s+"
    r"(?:be\s+(?:taking|picking|applying|queu(?:e)?ing|merging)"
    r"|pick|queue|apply|merge)\s+"
    r"(?:this|it|these|them|(?:the|this|your)\s+(?:patch|patches|series|set|fix))(?:\s+up)?"
    r"(?:\s+(?:now|then))?\s*(?:[,.!]\s*(?:thanks|thank\s+you|thx)\b)?\W*$",
    re.I,
)
# "so I will drop this from my branch" (another tree took it first): news about where the
# patch is, said by the one who had queued it
_DROP_NOTICE = lazyre.compile(
    r"\b(?:i'?ll|i\s+will|i'?ve|i\s+have|i)\s+(?:now\s+)?drop(?:ped)?\s+"
    r"(?:this|it|these|them|(?:the|this|your)\s+(?:patch|patches|series|set|fix))\s+from\s+"
    r"(?:my|the)\s+(?:[\w./-]+\s+){0,2}?(?:branch|tree|queue)\b",
    re.I,
)
NOTICE_MAX_WORDS = 40
NOTICE_ANYWHERE_MAX_WORDS = 25
# words that turn a short agreement into a request or an objection
# ("Yeah, that sentence can be removed now too.": a passive "can be <changed>" asks for it)
_NOT_ACK = lazyre.compile(
    r"\b(?:please|but|however|though|should|shouldn't|could|would|why|instead|need|needs|"
    r"must|don't|do not|isn't|wrong|missing|nit|"
    r"can\s+(?:now\s+|also\s+|just\s+|simply\s+)?(?:be\s+)?(?:now\s+|also\s+)?(?:removed|dropped|deleted"
    r"|simplified|squashed|folded|merged|replaced|renamed|reworded|shortened|moved|killed))\b",
    re.I,
)


def is_acknowledgement(text: str) -> bool:
    """Short agreement, thanks or status ("OK.", "Yes.", "Applied to foo-next, thanks.")."""
    t = text.strip()
    if not t or "?" in t:
        return False
    words = _WORD.findall(t)
    return len(words) <= ACK_MAX_WORDS and _ACK.match(t) is not None and _NOT_ACK.search(t) is None


# b4's thank-you note lists what it applied under the notice, one `[1/3] subject` line per
# patch with the commit's link (or `commit: <sha>`) indented under it: the list is the
# notice's, so its words are not counted ("Applied to will (for-joerg/arm-smmu/updates),
# thanks!" over a three-patch list is as short as over a one-patch list)
_APPLIED_LIST = lazyre.compile(
    r"^[ \t]*\[\d+/\d+\][ \t]+\S[^\n]*\n(?:[ \t]+(?:https?://\S+|commit:?[ \t]+[0-9a-f]{7,40})"
    r"[ \t]*(?:\n|$))?",
    re.I | re.M,
)


def is_status_notice(text: str) -> bool:
    """A maintainer's (or a bot's) "Applied to foo-next" / "This series was applied to ..." /
    "I will pick this up via foo-fixes" / "I'll be taking this, thanks." / "so I will drop
    this from my branch": news about the patch, not a review of it. b4's list of the applied
    patches under the notice is part of it (`_APPLIED_LIST`)."""
    t = _APPLIED_LIST.sub("", text).strip()
    if not t or "?" in t:
        return False
    words = len(_WORD.findall(t))
    return (
        (words <= NOTICE_MAX_WORDS and _NOTICE.match(t) is not None)
        or (words <= NOTICE_ANYWHERE_MAX_WORDS and _NOTICE_ANYWHERE.search(t) is not None)
        or (words <= NOTICE_ANYWHERE_MAX_WORDS and _INTENT.match(t) is not None)
        or (words <= NOTICE_ANYWHERE_MAX_WORDS and _INTENT_BARE.match(t) is not None)
        or (
            words <= NOTICE_ANYWHERE_MAX_WORDS
            and _DROP_NOTICE.search(t) is not None
            and _REQUEST.search(t) is None
        )
    )


# sentences that make no point to answer: praise, a test report, an apology for the delay
_NO_POINT = lazyre.compile(
    r"^(?:(?:that|this|it|(?:this|that|the)\s+(?:patch|series|change|patchset|version))\s+"
    r"(?:looks|seems|is)\s+"
    # "This is not correct." is no praise
    r"(?:(?!not\b|never\b|hardly\b)\w+\s+)?"
    r"(?:good|great|fine|sane|nice|awesome|neat|reasonable|ok|okay|correct|right)"
    # praise of the patch's parts: "The code comments were very helpful in explaining ..."
    r"|(?:the\s+)?(?:[\w-]+\s+){0,2}(?:comments?|commit\s+(?:message|log)|explanations?"
    r"|descriptions?|changelog|cover\s+letter|write-?up|documentation)\s+(?:was|were|is|are)\s+"
    r"(?:very\s+|really\s+|quite\s+|super\s+|most\s+)?(?:helpful|useful|clear|informative"
    r"|appreciated)"
    r"|(?:i'?m|i\s+am)\s+(?:\w+\s+)?(?:in\s+favou?r\s+of|happy\s+with|fine\s+with|ok\s+with)"
    r"|(?:also\s+|i\s+(?:have\s+|'ve\s+)?(?:also\s+)?)?(?:tested|boot-?tested|build-?tested)\b"
    r"|(?:it\s+|(?:[\w.-]+\s+){1,3})?works\s+(?:as\s+)?(?:for\s+me|fine|well)|i\s+can\s+confirm"
    r"|sorry\s+for\s+(?:the\s+)?(?:late|slow|delayed)\s+(?:reply|answer|response)"
    r"|nice(?:\s+(?:work|cleanup|catch|one))?|great(?:\s+(?:work|cleanup|catch))?)\b",
    re.I,
)
_TROUBLE = lazyre.compile(
    r"\b(?:fail\w*|crash\w*|break(?:s|ing)?|broke(?:n)?|errors?|warnings?|oops|panic\w*"
    r"|hang(?:s|ing)?|regress\w*|doesn'?t|does\s+not|didn'?t|did\s+not|won'?t|cannot|can'?t)\b",
    re.I,
)
# a test report's "I didn't see any issues with it": trouble words denied
_NO_TROUBLE = lazyre.compile(
    r"^(?:i\s+|we\s+)?(?:did\s+not|didn'?t|do\s+not|don'?t|have\s+not|haven'?t)\s+"
    r"(?:see|seen|notice|noticed|hit|find|found|observe|observed|get|got)\s+(?:any\s+)?"
    r"(?:issues?|problems?|regressions?|errors?|warnings?|failures?)\b"
    r"|^(?:no\s+(?:issues?|problems?|regressions?)\s+(?:seen|found|observed|so\s+far))\b",
    re.I,
)
_SENTENCE = lazyre.compile(r"(?<=[.!?])\s+|\n\s*\n")
NO_POINT_SENTENCES = 3
# a test report's first sentence: "I tested these two patches in combination with ...",
# "I have tested the series on Arm64 ...", "Tested on x86 with ..."
_TEST_REPORT = lazyre.compile(
    r"^(?:(?:also|so|and|fwiw),?\s+)?(?:(?:i|we)\s+(?:have\s+|'ve\s+)?(?:also\s+)?"
    r"(?:tested|boot-?tested|build-?tested|smoke-?tested)|tested\s+(?:on|with|against)\s)\b",
    re.I,
)
TEST_REPORT_SENTENCES = 6
# the reviewer's own doings, asking nothing of the author: why the answer is late ("While
# cleaning my inbox today, I noticed that I didn't reply to this thread"), and work of their
# own planned on top of the patch ("I will build the next RFC version of 64-bit swiotlb on
# top of this patch")
_ABOUT_ME = lazyre.compile(
    r"\bi\s+(?:didn'?t|did\s+not|haven'?t|have\s+not|never|forgot\s+to)\s+(?:reply|replied"
    r"|answer|answered|respond|responded|get\s+back)\b"
    r"|^(?:so\s+|and\s+|also\s+|then\s+)?(?:i(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to"
    r"|\s+plan\s+to|'m\s+planning\s+to|\s+am\s+planning\s+to)|we(?:'ll|\s+will))\s+"
    r"[^.?!]{0,80}?\bon\s+top\s+of\s+(?:this|it|these|your|the)\b",
    re.I,
)
# the same change once meant by the reviewer himself ("I was on the verge of doing this in
# v1, but wasn't really sure whether there was any use case ..."): his own doings, the "but"
# his own hesitation
_MEANT_SAME = lazyre.compile(
    r"^(?:fwiw,?\s+)?i\s+(?:was|had\s+been)\s+(?:on\s+the\s+verge\s+of|about\s+to|going\s+to"
    r"|thinking\s+(?:of|about)|planning\s+(?:on|to)|tempted\s+to)\s+(?:do|doing)\s+"
    r"(?:this|that|so|the\s+same)\b",
    re.I,
)
_HESITATION = lazyre.compile(r"\b(?:but|however|though)\b", re.I)
# "aren't fundamentally broken": a trouble word under a negation a few words before it
_NEGATED = lazyre.compile(r"(?:\bnot|n't|\bno|\bnever|\bwithout)\s+(?:[\w-]+\s+){0,2}$", re.I)
_NEGATING_TROUBLE = lazyre.compile(
    r"^(?:doesn'?t|does\s+not|didn'?t|did\s+not|won'?t|cannot|can'?t)$", re.I
)
NEGATION_REACH = 40  # characters before a trouble word looked through for its negation


def _reports_trouble(sentence: str) -> bool:
    """The sentence reports trouble: a trouble word that is not denied ("I didn't see any
    issues", "the changes aren't fundamentally broken"). A negation that is itself the
    trouble ("it doesn't boot") is trouble."""
    if _NO_TROUBLE.match(sentence) is not None:
        return False
    for m in _TROUBLE.finditer(sentence):
        if _NEGATING_TROUBLE.match(m.group(0)) is not None:
            return True
        if _NEGATED.search(sentence[max(0, m.start() - NEGATION_REACH) : m.start()]) is None:
            return True
    return False


def _about_me(sentence: str) -> bool:
    """A sentence about the reviewer's own doings (`_ABOUT_ME`) that asks nothing."""
    if "?" in sentence or is_request(sentence):
        return False
    if _MEANT_SAME.search(sentence) is not None:
        return _NOT_ACK.search(_HESITATION.sub(" ", sentence)) is None
    return _ABOUT_ME.search(sentence) is not None and _NOT_ACK.search(sentence) is None


def _no_point_sentence(p: str) -> bool:
    """One sentence that is an acknowledgement, thanks, praise, a test report, an apology
    or the reviewer's own doings, and neither asks, objects nor reports trouble."""
    return "?" not in p and (
        _NO_TROUBLE.match(p) is not None
        or _about_me(p)
        or (
            _NOT_ACK.search(p) is None
            and _TROUBLE.search(p) is None
            and (
                is_acknowledgement(p)
                or is_thanks(p)
                or _NO_POINT.match(p) is not None
                or not _WORD.search(p)
            )
        )
    )


def _test_report(parts: list[str]) -> bool:
    """A test report (its first sentence says the sender tested the patch) whose other
    sentences (at most TEST_REPORT_SENTENCES in all) describe the setup, what was and was
    not covered, or the tester's own use of it ("I reworked patch #3 [1] to use new
    functionality:"), and none asks, asks for a change or reports trouble. "I tested this
    and it crashes" is a comment."""
    return (
        1 < len(parts) <= TEST_REPORT_SENTENCES
        and _TEST_REPORT.match(parts[0]) is not None
        and all(
            _no_point_sentence(p)
            or (
                "?" not in p
                and _NOT_ACK.search(p) is None
                and not is_request(p)
                and not _reports_trouble(p)
            )
            for p in parts
        )
    )


def _no_point(text: str) -> bool:
    """Every sentence (at most NO_POINT_SENTENCES) is an acknowledgement, thanks, praise,
    a test report, an apology or the reviewer's own doings, and none asks, objects or
    reports trouble; or the words are a test report (`_test_report`)."""
    parts = [p.strip() for p in _SENTENCE.split(text.strip()) if p.strip()]
    if len(parts) > 1 and is_preface(parts[-1]):
        parts = parts[:-1]  # "Just small NIT below." closing a test report: the nits follow
    if not parts:
        return False
    if len(parts) <= NO_POINT_SENTENCES and all(_no_point_sentence(p) for p in parts):
        return True
    return _test_report(parts)


# "One tiny nit below, but not worth a respin." / "A few comments inline:": the points are in
# the turns that follow
_PREFACE = lazyre.compile(
    r"\b(?:comments?|nits?|nitpicks?|remarks?|questions?|notes?|suggestions?|concerns?"
    r"|feedback)\s+(?:[\w'-]+\s+){0,3}?(?:below|inline|in-line|in\s+line)\b",
    re.I,
)
PREFACE_MAX_WORDS = 20


def is_preface(text: str) -> bool:
    """A short line announcing the points below ("Some nits below."), asking nothing."""
    t = text.strip().rstrip(":")
    return (
        "?" not in t
        and ":" not in t
        and len([p for p in _SENTENCE.split(t) if p.strip()]) == 1  # not "... below. Please X."
        and len(_WORD.findall(t)) <= PREFACE_MAX_WORDS
        and _PREFACE.search(t) is not None
    )


# "[dropped Philippe Schenker from Cc as his email bounced in the past]", "[+Cc Jan]": a
# note on who the mail goes to, in brackets
NOTE_MAX_CHARS = 200  # a note on the recipients is one short line
# (the shape and the word are two patterns: one pattern with a word between two runs of
# non-brackets rescans the rest of the line from every such word, quadratic on hostile mail)
_BRACKETED = lazyre.compile(r"^\[[^\[\]]*\]$")
_RECIPIENTS_WORD = lazyre.compile(
    r"\b(?:cc(?:'?d|'?ing)?|bcc|to:|recipients?|bounc\w*|(?:mailing\s+)?list)\b", re.I
)


def _is_recipients_note(text: str) -> bool:
    """One short line in brackets naming who the mail goes to."""
    return (
        len(text) <= NOTE_MAX_CHARS
        and "\n" not in text
        and bool(_BRACKETED.match(text))
        and bool(_RECIPIENTS_WORD.search(text))
    )


# a ping to other reviewers: "So I'd like to ask if you have any feedback on v6 [1].", "Any
# comments on this series?"
_ASKS_FOR_REVIEW = lazyre.compile(
    r"\b(?:any|some|your)\s+(?:more\s+|further\s+|other\s+)?(?:feedback|comments?|thoughts"
    r"|reviews?|input|opinions?)\s+(?:on|about|for)\s+(?:v\d+\b|this\b|these\b|it\b"
    r"|(?:the|this|these)\s+(?:[\w-]+\s+)?"
    r"(?:patch|patches|series|patchset|set|version|revision)s?\b)",
    re.I,
)
# what such a ping says around its question: the state of the review ("it seems that there
# has not been any non-trivial review of this patchset since v3", "at that point there was
# some feedback from you")
_ABOUT_REVIEW = lazyre.compile(r"\b(?:reviews?|reviewed|feedback|acks?|comments)\b", re.I)
_FAULT = lazyre.compile(r"\b(?:wrong|missing|bug|buggy|broken|incorrect|unaddressed)\b", re.I)
# a reference under the words: "[1] https://lore.kernel.org/..."
_REFERENCE = lazyre.compile(r"^\[\d+\]:?\s+\S+$")
# code written in the words: foo_bar, foo(), ->field, `x`
CODE = lazyre.compile(r"\w_\w|\w\(\)|->|`")
PING_SENTENCES = 4


def _is_ping(text: str) -> bool:
    """Words that ask other reviewers for their review of the patch (`_ASKS_FOR_REVIEW`),
    with at most the state of the review around the question: they ask nothing of the
    author. Words that name code, ask for a change or report trouble are not one."""
    parts = [
        p.strip()
        for p in _SENTENCE.split(text.strip())
        if p.strip() and _REFERENCE.match(p.strip()) is None
    ]
    asks = [p for p in parts if _ASKS_FOR_REVIEW.search(p) is not None]
    return (
        bool(asks)
        and len(parts) <= PING_SENTENCES
        and CODE.search(text) is None
        and all(
            p in asks
            or (
                "?" not in p
                and _ABOUT_REVIEW.search(p) is not None
                and _FAULT.search(p) is None
                and _TROUBLE.search(p) is None
                and not is_request(p)
            )
            for p in parts
        )
    )


# "Long, if you have objections, please speak up.": an invitation to object, to anyone
_INVITES_OBJECTION = lazyre.compile(
    r"\bif\s+(?:you|anyone|anybody|someone|somebody)\s+(?:has|have)\s+(?:any\s+)?"
    r"(?:objections?|concerns?|comments?|problems?\s+with\s+(?:this|it))\b[^.?!]{0,40}?"
    r"\b(?:speak\s+up|shout|let\s+(?:me|us)\s+know|holler|scream|say\s+so|object)\b",
    re.I,
)
_PARAGRAPH = lazyre.compile(r"\n\s*\n")
NOTICE_STORY_SENTENCES = 6


def opens_with_notice(text: str) -> bool:
    """Words that open with a status notice ("Applied to hyperv-next. Thanks.") and after it
    only tell how it came to be ("Time is tight, so I applied this patch without waiting for
    Long's ack again.") or invite objections ("Long, if you have objections, please speak
    up."): news about the patch, as the notice alone is. A question, a request, code or a
    fault named after the notice is a comment ("Applied. Please send a follow-up ...")."""
    paras = [p for p in _PARAGRAPH.split(text.strip()) if p.strip()]
    if len(paras) < 2 or not is_status_notice(paras[0]):
        return False
    rest = [p.strip() for para in paras[1:] for p in _SENTENCE.split(para) if p.strip()]
    rest = [p for p in rest if _INVITES_OBJECTION.search(p) is None]
    return len(rest) <= NOTICE_STORY_SENTENCES and all(
        "?" not in p
        and not is_request(p)
        and CODE.search(p) is None
        and _FAULT.search(p) is None
        and not _reports_trouble(p)
        for p in rest
    )


# "This IS unique to this binding, so it should stay.": the words ask to keep what they stand
# under
_KEEP = lazyre.compile(
    r"\b(?:should|can|must|has\s+to|needs\s+to|ought\s+to)\s+(?:stay|remain|be\s+kept"
    r"|be\s+left(?:\s+as\s+is)?)(?=[\s.!]*$)"
    r"|^(?:please\s+)?keep\s+(?:it|this|that)(?:\s+as\s+is)?(?=[\s.!]*$)",
    re.I,
)


def asks_to_keep(text: str) -> bool:
    """One sentence that ends by asking to keep what it stands under ("..., so it should
    stay.", "Keep it."), and asks for nothing else ("Drop this. The other one should stay."
    asks for a change). Under a line the patch adds it asks for no change; under a line it
    removes it asks to restore it (`comments` tells the two)."""
    parts = [p.strip() for p in _SENTENCE.split(text.strip()) if p.strip()]
    return (
        len(parts) == 1
        and "?" not in text
        and _KEEP.search(parts[0]) is not None
        and _FAULT.search(parts[0]) is None
        and not _reports_trouble(parts[0])
    )


def is_comment_text(text: str) -> bool:
    """Cleaned own words that are a review comment: not empty, not only an acknowledgement
    (nor only praise, a test report, an apology for the delay, the reviewer's own doings, a
    preface to the points below, a note on the recipients, someone brought into the thread
    or a ping asking others for their review)."""
    t = text.strip()
    return (
        bool(t)
        and not is_acknowledgement(t)
        and not _no_point(t)
        and not is_preface(t)
        and not _is_recipients_note(t)
        and not brings_in(t)
        and not _is_ping(t)
    )


def is_answer_text(text: str) -> bool:
    """Cleaned own words that answer what they follow: anything but thanks; a status notice
    ("Thanks, applied.") too."""
    return bool(text.strip()) and (not is_thanks(text) or is_status_notice(text))


_FIRST_SENTENCE = lazyre.compile(r"^.*?(?:[.!?](?=\s|$)|\n\s*\n|$)", re.S)
_ACCEPT = lazyre.compile(
    r"^(?:hm+,?\s+)?(?:i\s+see|ah+|oh+|ok(?:ay)?|right|fair\s+enough|makes\s+sense|got\s+it|understood|"
    r"indeed|agreed|i\s+agree|fine|sure|true|good\s+point|yes|yeah|yep|thanks\s+for\s+"
    r"(?:the\s+|your\s+)?(?:explanation|clarification|clarifying|explaining|answer|info)|"
    r"(?:sorry,?\s+)?(?:i\s+)?(?:didn'?t|did\s+not|hadn'?t|had\s+not)\s+(?:notice|see|realize|"
    r"realise|spot|know)|that\s+(?:makes\s+sense|explains)|no\s+(?:problem|worries)|"
    r"(?:that'?s|that\s+is)\s+(?:fine|ok|okay|good|reasonable|fair))\b",
    re.I,
)
# words that turn an assent into a reservation ("OK, but ...")
BUT = lazyre.compile(r"\b(?:but|however|though|although|still|yet)\b", re.I)
_NEGATIVE = lazyre.compile(
    # a short lead-in before the no: "In this case, not really.", "Here, no."
    r"^(?:(?:in\s+this\s+case|here|honestly|frankly|well|actually),?\s+)?"
    r"(?:no\b|nope\b|not\s+(?:really|necessarily|quite|at\s+all)\b|i\s+don'?t\s+think\s+so\b"
    r"|not\s+(?:as\s+far\s+as|that)\s+i\s+(?:know|can\s+(?:tell|see)|am\s+aware)\b"
    r"|i\s+do\s+not\s+think\s+so\b|(?:it|that|this)(?:'s|\s+is)\s+not\b|nothing\b"
    # "Hm, I'm not sure I agree.", "I disagree": a no put politely
    r"|(?:hm+,?\s+)?(?:i'?m|i\s+am)\s+not\s+(?:sure|convinced)\s+(?:i\s+agree|that'?s\s+(?:right|true))\b"
    r"|(?:hm+,?\s+)?i\s+(?:disagree|don'?t\s+agree|do\s+not\s+agree)\b)",
    re.I,
)
_COMMIT_FIX = lazyre.compile(
    r"\b(?:while|when|upon|on|during|before)\s+(?:committing|commit|applying|pushing|merging)\b",
    re.I,
)
# "I'll fix it up myself", "I can adjust that locally": the verb, then within the sentence
# where the change is made
_I_WILL_FIX = lazyre.compile(
    r"\bi(?:'ll|\s+will|\s+can|\s+could)\s+(?:fix|adjust|update|tweak|amend|change|edit|fold"
    r"|whack|take\s+care\s+of)\b([^.?!\n]{0,80})",
    re.I,
)
_MYSELF = lazyre.compile(r"\b(?:myself|locally|up|in\s+my\s+tree|on\s+my\s+(?:end|side))\b", re.I)


def first_sentence(text: str) -> str:
    m = _FIRST_SENTENCE.match(text.strip())
    return m.group(0) if m else text


def accepts(text: str) -> bool:
    """The commenter's words under an answer accept it (see the module docstring)."""
    t = text.strip()
    if not t:
        return True
    if is_acknowledgement(t) or is_thanks(t):
        return True
    first = first_sentence(t)
    return _ACCEPT.match(first) is not None and BUT.search(first) is None and "?" not in first


def disputes(text: str) -> bool:
    """The commenter's words under an answer push back on it: they open with a no or a
    "but", or ask for a change. A follow-up question ("Does that mean more core code
    surgery?") or a remark on the answer's content does not."""
    t = text.strip()
    return bool(t) and (
        is_negative(t) or BUT.search(first_sentence(t)) is not None or is_request(t)
    )


# a question that may close on a smiley: "... in the GPU VRAM? All you wanna do is play :-)"
_TRAILING_SMILEY = lazyre.compile(r"[:;][-']?[()DPp/\\|]{1,3}$")
MAX_SMILEYS = 3


def _without_smileys(text: str) -> str:
    """The text with the smileys it ends on taken off (one at a time: a repeated group of
    them in one pattern backtracks on long runs of white space)."""
    t = text.rstrip()
    for _ in range(MAX_SMILEYS):
        m = _TRAILING_SMILEY.search(t[-8:])
        if m is None:
            break
        t = t[: len(t) - len(m.group(0))].rstrip()
    return t


_QUESTION = lazyre.compile(r"\?(?=\s)")
# "Why reset the count here? It is zeroed by kzalloc already.": a why-question with a claim
# after it is an objection, it asks for the change the claim implies
_WHY = lazyre.compile(r"(?:^|[.?!]\s+)(?:but\s+|and\s+|so\s+)?why\b", re.I)


def asks_only(text: str) -> bool:
    """A comment that is a question and asks for no change (its last sentence before any
    smiley ends with "?", and no words of it ask for a change)."""
    t = _without_smileys(text)
    return t.endswith("?") and not is_request(t)


def asks_no_change(text: str) -> bool:
    """A comment that asks a question, anywhere in it, and no words of it ask for a change:
    "Do you know what's the consequence of not properly supporting MT? One thing I can think
    of is security ..." asks for information, and an answer gives it. A why-question with a
    claim after it ("Why reset the count here? It is zeroed by kzalloc already.") objects.
    (`asks_only` wants the question last: a commenter's remark after an answered "But
    why?" may still insist.)"""
    t = _without_smileys(text)
    if asks_only(t):
        return True
    return _QUESTION.search(t) is not None and not is_request(t) and _WHY.search(t) is None


# a turn that only brings someone into the thread ("+Juergen as he worked on co-scheduling.",
# "Adding George", "CCing the scheduler maintainers"): it neither accepts nor insists
_BRINGS_IN = lazyre.compile(
    r"^(?:\+\s?[A-Z][\w.-]*|(?i:adding|add|cc(?:'?ing)?:?|copying|looping\s+in)\s+[A-Z@][\w.@-]*)"
    r"(?:[^\n.?!]{0,80})[.!]?$",
)


def brings_in(text: str) -> bool:
    """The words only bring someone into the thread; see `_BRINGS_IN`."""
    t = text.strip()
    return "\n" not in t and _BRINGS_IN.match(t) is not None and not is_request(t)


INTERJECTION_MAX_WORDS = 2


def is_interjection(text: str) -> bool:
    """A word or two that neither accepts nor insists ("Eww.", "Heh.", "Whoa."): the
    commenter reacting to a scenario in the answer, not to the answer itself. A question,
    a no or a request is not one."""
    t = text.strip()
    return (
        bool(t)
        and len(_WORD.findall(t)) <= INTERJECTION_MAX_WORDS
        and "?" not in t
        and not is_negative(t)
        and not is_request(t)
        and _NOT_ACK.search(t) is None
    )


_AGREE = lazyre.compile(
    r"\b(?:will\s+(?:do|fix|change|update|drop|remove|add|rework|rename|address|send|switch|use"
    r"|move|split|respin|resend|adjust|get)|i'?ll\s+(?:do|fix|change|update|drop|remove|add"
    r"|rework|rename|address|send|switch|use|move|split|respin|resend|adjust|make|try|look|get)"
    r"|good\s+(?:point|catch|idea|suggestion)|you'?re\s+right|you\s+are\s+right|makes\s+sense"
    r"|agreed|i\s+agree|thanks\s+for\s+(?:catching|spotting|noticing|pointing))\b",
    re.I,
)


def promises(text: str) -> bool:
    """Words that promise a change or a posting, or take the point, in so many words ("I will
    send v2 soon.", "Will fix.", "Good point."): unlike `takes_point`, a change described
    ("... candidates to be switched to platform features") is not one."""
    return _AGREE.search(text) is not None


def agrees(text: str) -> bool:
    """An answer that takes the point ("Good point.", "Agreed", "Will do", "I'll fix it")."""
    return accepts(text) or _AGREE.search(text) is not None


# an answer saying the change was made ("Fixed in v2.", "Done.", "Removed it.")
# "Done.", "Fixed in v2": a change reported. "hv_cpu_init(0) // Added by this patch" in an
# explanation describes the patch under review, not a change made for the reviewer
_MADE = lazyre.compile(
    r"\b(?:fixed|done|changed|updated|removed|dropped|added|renamed|reworked|moved|reworded"
    r"|switched|converted)\b"
    r"(?!\s+by\s+(?:this|the|that|my|your)\s+(?:patch|commit|change|series)\b)",
    re.I,
)


# an answer that is nothing but an assent ("Sure.", "OK, thanks."): under a request put as a
# question ("Use identifiers from intel-family.h here?") it takes the point; a bare "Yes."
# is left out, it answers "is this needed?" as often as "could you ...?"
_ASSENT_ONLY = lazyre.compile(
    r"^(?:sure|ok|okay|certainly|of\s+course|fine|np|no\s+problem|will\s+do)"
    r"(?:[\s.!,]+(?:thanks|thank\s+you|will\s+do))?[\s.!,]*$",
    re.I,
)


# the answerer asking what to change ("What needs to be corrected?"): they grant that
# something is to change (a counter-proposal, "... would be clearer?", grants nothing)
_WHAT_TO_CHANGE = lazyre.compile(
    r"\bwhat\s+(?:needs?|should|do\s+(?:i|we)\s+need)\s+to\s+(?:be\s+)?"
    r"(?:changed?|corrected|correct|fixed|fix|done|do)\b",
    re.I,
)


def takes_point(text: str) -> bool:
    """An answer that promises or reports a change, asks what to change, or assents and says
    nothing else. Unlike `agrees`, a bare "Yes, ..." does not count: under a question it is
    usually the start of an explanation."""
    return (
        _AGREE.search(text) is not None
        or _MADE.search(text) is not None
        or _WHAT_TO_CHANGE.search(text) is not None
        or _ASSENT_ONLY.match(text.strip()) is not None
    )


_REQUEST = lazyre.compile(
    # "I should go look at the code" is the reviewer's own to-do, not a request
    r"\b(?:please|pls|plz|(?<!\bi\s)should(?:n'?t)?|ought\s+to|must|need(?:s)?\s+to|why\s+not|how\s+about|what\s+about"
    r"|(?:could|can|would|will)\s+you|would\s+be\s+(?:better|nicer|good|cleaner|preferable)|would\s+help"
    r"|i'?d\s+(?:rather|prefer|suggest|like|expect)|i\s+would\s+(?:rather|prefer|suggest|like"
    r"|expect)|i(?:'d|\s+would)\s+(?:not\s+)?(?:keep|drop|remove|leave|avoid|move|rename"
    r"|split|go\s+with|stick\s+with)|instead|suggest\w*|let'?s|you\s+(?:can|could|may\s+want|might\s+want)"
    r"|consider|(?:was|am)\s+expecting|i\s+expected|rather\s+than|better\s+to|prefer\w*)\b",
    re.I,
)


# the series author saying in an answer what is to be done ("Now that Linux is picking up this
# workaround, we should follow"): the answer takes the point, it does not explain it away.
# "we should never get here" describes the code
_WE_SHOULD = lazyre.compile(
    r"\b(?:we|i)\s+should(?:\s+(?:just|probably|really|then|also))?\s+(?!not\b|never\b|be\b|get\b|have\b)\w",
    re.I,
)


def proposes(text: str) -> bool:
    """An answer in which its writer says what should be done ("we should follow ...")."""
    return _WE_SHOULD.search(text) is not None


# what a step that changes only white space can answer: "wrong indentation", "the patch is
# corrupted. Unchanged lines have an extra space", "add a blank line", "checkpatch"
_LAYOUT = lazyre.compile(
    r"\b(?:indent\w*|white\s*-?spaces?|spaces?|tabs?|blank\s+lines?|empty\s+lines?|newlines?"
    r"|align\w*|corrupt\w*|mangled|wrap\w*|format\w*|style|checkpatch)\b",
    re.I,
)


def about_layout(text: str) -> bool:
    """The words are about white space or layout, what a re-indented revision can answer
    ("Looks like wrong indentation."); "drop this function" is not."""
    return _LAYOUT.search(text) is not None


def is_request(text: str) -> bool:
    """Words that ask for (or suggest) a change, as opposed to a question about the code."""
    return _REQUEST.search(text) is not None


def is_negative(text: str) -> bool:
    """An answer that opens with a no ("No, ...", "Not really.", "I don't think so.")."""
    return _NEGATIVE.match(text.strip()) is not None


def offers_commit_fix(text: str) -> bool:
    """The reviewer offers to make the change when committing ("I can adjust this while
    committing", "I'll fix it up myself")."""
    if _COMMIT_FIX.search(text) is not None:
        return True
    return any(_MYSELF.search(m.group(1)) for m in _I_WILL_FIX.finditer(text[:20_000]))


# the commenter taking the point back in the same words: "Ha, I see you remove that line in
# the next patch, never mind..."
_WITHDRAW = lazyre.compile(
    r"\b(?:never\s*mind|scratch\s+that|ignore\s+(?:that|this|me|my\s+(?:comment|remark|question))"
    r"|(?:please\s+)?disregard\s+(?:that|this|my\s+\w+)|forget\s+(?:it|that|what\s+i\s+said))"
    r"(?:\s+then)?[\s.!,:;)(-]*$",
    re.I,
)


def withdraws(text: str) -> bool:
    """The words end by taking the point back ("never mind" closing the last sentence, not
    "never mind the comment above")."""
    parts = [p for p in _SENTENCE.split(text.strip()) if p.strip()]
    return bool(parts) and _WITHDRAW.search(parts[-1]) is not None
