"""What the thread says happened: holds, retractions, NAKs, and the outcome ("Applied.").

Only a reply's own words count, read as every discussion analysis reads them
(`own_words.own_text`: no quotes, signature, list footer, forwarded original, attribution
lines or patch posted inside the reply). The text is split into sentences; a question
(`Applied?`) and a conditional (`if you don't apply ...`) state nothing and are skipped.

Event kinds:
- `applied`: a sentence that *starts* by saying so: `Applied.`, `Applied, thanks!`,
  `Thanks, applied.`, `Applied to net-next, thanks.`, `Pushed.`, `Committed.`, `Queued for
  6.1.`, `Merged, thanks`, `Both patches applied to for-rc`, `I've applied the series to
  ...`, or ends so (`Fixed the typo and applied.`), or a bot's `This patch has been merged
  into ...`, `This series was applied to netdev/net.git`, `These have already been picked
  up`. A tester's `Applied on top of rc1 and booted fine` is not an outcome (words about
  testing or problems, `on top of`, `locally`, `cleanly` rule a sentence out).
- `dropped`: the one who applied it takes it back (`Dropped from my tree`, `I've reverted
  it`); it cancels an earlier `applied` of the same revision.
- `hold`: `please wait with this patch`, `please hold off on applying`, `don't apply this
  yet`, `not ready to be merged`.
- `retraction`: the author withdraws the posting (`please ignore this`, `please drop this
  series`, `I'll drop this patch`, `self-NAK`, `this patch is withdrawn`), or anyone
  withdraws their own trailer (`please drop my Reviewed-by`). Someone else's "please drop
  this" is a review comment on a line of code unless it names the patch or series.
- `nak`: `NAK`/`NACK` in capitals opening a sentence, or a `Nacked-by:` line.

Who: without a MAINTAINERS file there is no telling maintainers from reviewers, so every
event records `role`: `author` (the series author, however they write their name) or
`maintainer` (anyone else). Holds and retractions by either count. An author's `Applied.`
in answer to a review comment means "I took your suggestion": it is an outcome only when it
answers the patch or cover itself, or says where it was applied (`Applied to for-next`).

The revision an event is about is the one whose patch or cover the reply answers; `patch` is
that patch's index, or None when the reply answers the cover letter (the whole revision).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from patchlint import lazyre
from patchlint.analysis.discussion.own_words import own_text
from patchlint.analysis.people import People
from patchlint.model.message import sort_time
from patchlint.model.series import Reply, Revision, Series

_SENTENCE_END = lazyre.compile(r"(?<=[.!?])\s+(?=\S)")

_CONDITIONAL = lazyre.compile(r"^(?:if|unless|when|whenever|once|after|before)\b", re.I)
_TESTER = lazyre.compile(
    r"\b(?:test\w*|boot\w*|build\w*|compil\w*|works?|worked|running|run|ran|locally|cleanly"
    r"|on top of|crash\w*|fail\w*|error\w*|warning\w*|oops|see|saw|seeing|conflict\w*"
    r"|manually|by hand|fuzz)\b",
    re.I,
)

_APPLIED = lazyre.compile(
    r"^(?:(?:thanks|thank you|thx|ok|okay|great|good|nice|so|and)\b[\s,!.:-]*)*"
    r"(?:(?:i|we)(?:'ve|\s+have)?\s+(?:now\s+|just\s+|also\s+)?|now\s+"
    r"|(?:both|all)(?:\s+(?:patches|of\s+them|\d+))?\s+"
    r"|(?:the\s+)?(?:whole\s+)?(?:series|patch(?:es|set)?|set)\s+)?"
    r"(?:applied|pushed|committed|queued(?:\s+up)?|merged|picked\s+up|taken)\b"
    r"(?:\s+(?:the|this|these|your|both|all|it|them|patch(?:es)?|series|set|patchset|fix|change"
    r"|one|v\d+|now|up)\b)*"
    r"\s*(?:$|[.,!;:)]|\s+(?:to|into|in|for|thanks|thank|with|as|via|and|,))",
    re.I,
)
_BOT_APPLIED = lazyre.compile(
    r"^(?:this|these|they|it|the following|your)\b.{0,120}?\b(?:has|have)\s+(?:already\s+)?"
    r"been\s+(?:merged|applied|pushed|committed|queued|added|picked\s+up|taken)"
    r"(?:\s+(?:in)?to\b|\s+(?:via|through)\b|\s*(?:[.!,;]|--|$))"
    r"|^this is a note to let you know that i(?:'ve|\s+have)\s+just\s+(?:added|applied)\b"
    r"|^(?:hello:?\s+)?this\s+(?:series|patch|patchset|pull\s+request)\s+was\s+applied\s+to\b",
    re.I,
)
# where it was applied (`to driver-core-testing`) says nothing about testing
_TARGET = lazyre.compile(r"\b(?:to|into|in|for)\s+(?:the\s+|my\s+)?[\w./+-]+", re.I)
# "I fixed the typo in the commit message and applied." / "... and pushed to hyperv-fixes."
_AND_APPLIED = lazyre.compile(
    r"\band\s+(?:applied|pushed|queued|committed|merged)(?:\s+(?:it|this|them|the\s+patch"
    r"|the\s+series))?(?:\s+(?:in)?to\s+\S+)?(?:,?\s+thanks?(?:\s+you)?)?\s*[.!]*$",
    re.I,
)
_DROPPED = lazyre.compile(
    r"^(?:(?:ok|okay|sorry|so|and)\b[\s,!.:-]*)*(?:i(?:'ve|\s+have)?\s+)?(?:dropped|reverted"
    r"|un-?applied|removed)\s+(?:it|this|them|(?:the|this|that|your)\s+(?:patch|series|commit))"
    r"(?:\s+again)?\s+(?:from|in)\s+(?:my|the)\s+(?:[\w./-]+\s+)?(?:tree|branch|queue|repo"
    r"|repository|pile)\b",
    re.I,
)
_HOLD = lazyre.compile(
    r"\bplease\s+(?:wait\s+(?:with|on)\s+(?:this|these|the|it|applying|merging)"
    r"|wait\s+before\s+(?:applying|merging|taking)|hold\s+(?:off\s+)?(?:on\s+|with\s+)?"
    r"(?:this|these|the|it|applying|merging|taking))"
    r"|\bhold\s+off\s+(?:on\s+)?(?:applying|merging|taking|picking)"
    r"|^(?:please\s+)?(?:do\s+not|don'?t)\s+(?:apply|merge|take|pick\s+up|queue|commit|push)"
    r"\s+(?:this|these|it|them|yet|for\s+now|until|v\d+|the\s+(?:patch|series|set))\b"
    r"|\b(?:this|it|these|they|the\s+(?:patch|series))(?:\s+(?:is|are)|'s|'re)\s+not\s+(?:yet\s+)?"
    r"ready\s+(?:to\s+be|for)\s+(?:applied|merged|merging|inclusion|upstream)",
    re.I,
)
_OBJECT = r"(?:patch(?:es|set)?|series|version|posting|submission|set|v\d+)"
_RETRACT_OWN = lazyre.compile(
    r"^(?:(?:sorry|oops|argh|ugh|hmm)\b[\s,!.:-]*)*please\s+(?:ignore|disregard|drop)\b"
    r"(?:\s+(?:this|it|that|the\s+" + _OBJECT + r"|this\s+" + _OBJECT + r"))?\s*(?:[.!,;]|$)"
    r"|\bi(?:'ll|\s+will)\s+(?:drop|withdraw)\s+this\s+" + _OBJECT + r"\b"
    r"|\bself[- ]?na(?:c)?k(?:ed)?\b|\b(?:i\s+)?(?:withdraw|retract)\s+(?:this|the|my)\s+"
    + _OBJECT
    + r"|\b(?:this\s+)?"
    + _OBJECT
    + r"\s+(?:is\s+)?withdrawn\b",
    re.I,
)
_RETRACT_ANY = lazyre.compile(
    r"\bplease\s+(?:ignore|disregard|drop)\s+(?:this|the|my)\s+" + _OBJECT + r"\b",
    re.I,
)
_RETRACT_TRAILER = lazyre.compile(
    r"\b(?:please\s+)?(?:drop|remove|withdraw|retract|ignore)\s+my\s+(?:ack|acked-by|nak"
    r"|reviewed-by|review|r-?b|tag|tested-by)\b"
    r"|\bmy\s+(?:ack|acked-by|reviewed-by|r-?b|tag)\s+(?:no\s+longer\s+(?:stands|applies)"
    r"|is\s+withdrawn)",
    re.I,
)
_NAK = lazyre.compile(
    r"^(?:(?i:so|sorry|hmm|then|well|for\s+now|i'?m\s+afraid)[\s,.:-]+)*"
    r"(?:NACK(?:ED)?|NAK(?:ED)?|Nack(?:ed)?|Nak)\b(?![?])"
)
_NAKED_BY = lazyre.compile(r"^\s*Nacked-by:\s*\S", re.I | re.M)


@dataclass(frozen=True, slots=True)
class ThreadEvent:
    """One thing said in a reply that decides the fate of a revision."""

    kind: str  # applied | dropped | hold | retraction | nak
    by: str  # "Name <addr>" of the sender
    role: str  # author | maintainer (anyone other than the series author)
    message_id: str | None
    revision: int
    patch: int | None  # the patch the reply answers; None: the cover (whole revision)
    date: datetime | None
    text: str  # the sentence that says it

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "by": self.by,
            "role": self.role,
            "message_id": self.message_id,
            "revision": self.revision,
            "patch": self.patch,
            "date": self.date.isoformat() if self.date else None,
            "text": self.text,
        }


def sentences(text: str) -> list[str]:
    """Sentences of the text: paragraphs joined into lines, cut after `.`, `!`, `?`."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        joined = " ".join(line.strip() for line in para.split("\n") if line.strip())
        out.extend(s.strip() for s in _SENTENCE_END.split(joined) if s.strip())
    return out


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?")


def classify_sentence(sentence: str, *, by_author: bool) -> str | None:
    """The event a sentence states, if any (see the module docstring)."""
    if _is_question(sentence) or len(sentence) > 400:
        return None
    s = sentence.strip(" \t*_")
    if s.isascii() and _MAY_STATE.search(s.lower()) is None:
        return None
    return _classify(s, by_author=by_author)


# A word (lower case) each class's every pattern needs, one per alternative: `nak`/`nack`
# (`_NAK`), `drop`, `remov`, `withdraw`, `retract`, `ignor`, `longer` (`_RETRACT_TRAILER`),
# `please` (`_RETRACT_ANY`, `_RETRACT_OWN`, `_HOLD`), `self`, `hold`, `ready`, the verbs a
# don't-apply names, `revert`, `appl`, `been`, `note` (`_BOT_APPLIED`), `take`, `pick`,
# `queue`, `commit`, `push`, `merge`. Four sentences in five hold none and state nothing.
# Only for ASCII text: there `re.I` is `str.lower` (elsewhere it also folds `ſ`, `ı`, `K`).
# A new pattern in `_classify` needs its word here (tests/analysis/test_outcome_prefilter.py).
_MAY_STATE = lazyre.compile(
    r"nak|nack|drop|remov|withdraw|retract|ignor|longer|please|self|hold|ready|appl|been"
    r"|note|take|pick|queue|commit|push|merge|revert"
)


def _classify(s: str, *, by_author: bool) -> str | None:
    """`classify_sentence` of a stripped sentence that may state an event."""
    if _NAK.match(s):
        return "nak"
    if _CONDITIONAL.match(s):
        return None
    if (
        _RETRACT_TRAILER.search(s)
        or _RETRACT_ANY.search(s)
        or (by_author and _RETRACT_OWN.search(s))
    ):
        return "retraction"
    if _HOLD.search(s):
        return "hold"
    if _DROPPED.match(s):
        return "dropped"
    if _BOT_APPLIED.match(s):
        return "applied"
    if _AND_APPLIED.search(s) and len(s.split()) <= 25 and not _TESTER.search(s):
        return "applied"
    if _APPLIED.match(s) and len(s.split()) <= 25:
        rest = _TARGET.sub(" ", _APPLIED_TAIL.sub("", s, count=1))
        if not _TESTER.search(rest):
            return "applied"
    return None


# the words after the verb: what follows "Applied" is checked for a tester's report
_APPLIED_TAIL = lazyre.compile(
    r"^.*?\b(?:applied|pushed|committed|queued|merged|picked\s+up|taken)\b", re.I
)


def reply_events(reply: Reply, rev: Revision, series: Series, people: People) -> list[ThreadEvent]:
    """Every event one reply states (at most one of each kind)."""
    msg = reply.message
    by_author = people.same(msg.author, series.author) or people.same(msg.author, rev.author)
    text = own_text(msg.body)
    patch = next((p.index for p in rev.patches.values() if p.message_key == reply.target_key), None)
    found: dict[str, str] = {}
    if _NAKED_BY.search(text):
        found["nak"] = next(line.strip() for line in text.split("\n") if _NAKED_BY.match(line))
    for sentence in sentences(text):
        kind = classify_sentence(sentence, by_author=by_author)
        if kind == "applied" and by_author and not _authors_outcome(reply, sentence):
            continue
        if kind is not None and kind not in found:
            found[kind] = sentence
    return [
        ThreadEvent(
            kind=kind,
            by=str(msg.author),
            role="author" if by_author else "maintainer",
            message_id=msg.message_id,
            revision=rev.version,
            patch=patch,
            date=msg.date,
            text=sentence,
        )
        for kind, sentence in found.items()
    ]


def _authors_outcome(reply: Reply, sentence: str) -> bool:
    """An author's "Applied." answering a review comment means the suggestion was taken.
    It is the outcome only when it answers the patch or cover itself, or names where it went
    (`Applied to for-next`: maintainers who apply their own series)."""
    return (
        reply.parent_key == reply.target_key
        or _TARGET.search(_APPLIED_TAIL.sub("", sentence, count=1)) is not None
    )


def series_events(series: Series, people: People) -> list[ThreadEvent]:
    """All events of the series, oldest first."""
    events: list[ThreadEvent] = []
    for rev in series.revisions:
        for reply in rev.replies:
            events.extend(reply_events(reply, rev, series, people))
    events.sort(key=lambda e: (sort_time(e.date), e.revision, e.message_id or ""))
    return events


def applied_event(events: list[ThreadEvent]) -> ThreadEvent | None:
    """The `applied` event that stands at the end: the latest one not later dropped for the
    same revision."""
    standing: dict[int, ThreadEvent] = {}
    for e in events:
        if e.kind == "applied":
            standing[e.revision] = e
        elif e.kind == "dropped":
            standing.pop(e.revision, None)
    if not standing:
        return None
    return max(standing.values(), key=lambda e: (e.revision, sort_time(e.date)))
