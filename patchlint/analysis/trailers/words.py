"""What a giver said with each tag they gave by reply: its scope, its condition, whether it
is stated for the whole series, and a tag given again in words ("Please retain my R-b with
this added.").

`given_in(reply)` reads the reply's own words as every discussion analysis does
(`discussion.own_words.segments`) and applies `model.trailer_words` (the one reading of
the words around a trailer, which the comment tracker uses too) to each run of them. Each
trailer the model collected for the reply (`Reply.trailers`, b4's rule) gets the words
written around it. A "keep my tag" sentence is a `Given` of its own (`kept=True`) with the
kind the words name (`R-b` is Reviewed-by, `ack` Acked-by, `T-b` Tested-by; `my tag` any),
its condition the sentence, and what it points at the quote it answers ("with this added"
under the author's draft). A tag whose own words name no part but that answers a quoted
request for a tag on one ("May I ask for an ack ... for the changelog entry, please?") is
for that part (`asked`; the lineage turns it into the scope, naming the files it covers).
A "Yes." answering a quoted "Can I take this as a Tested-by: tag?" gives that tag
(`_consented`, `kept=True`: given in words).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime

from patchlint import lazyre
from patchlint.analysis.discussion.own_words import Segment, segments
from patchlint.model.series import Reply
from patchlint.model.trailer_words import TrailerWords, trailer_words
from patchlint.model.trailers import Trailer, make_trailer

REFERENT_CHARS = 2_000  # of the quote a "keep my tag ... with this" points at

_KEEP = lazyre.compile(
    r"\b(?:retain|keep|carry(?:\s+over)?|re-?add|add\s+back|(?:still|can)\s+(?:add|have|use))"
    r"\s+(?:\w+\s+){0,2}?my\s+(?P<tag>r-?b|rb|reviewed-by|review(?:ed)?(?:-by)?\s*tag|ack"
    r"|acked-by|a-?b|tested-by|t-?b|tags?)\b"
    r"|\bmy\s+(?P<tag2>r-?b|rb|reviewed-by|ack|acked-by|a-?b|tested-by|t-?b|tags?)\s+"
    r"(?:still\s+)?(?:stands|applies|holds|remains)\b",
    re.I,
)
# the giver asking for their dropped tag back: "I don't see any change to the parts the ack
# covers (x86 and common), so please re-instate." (Jan Beulich, xen-devel a7576b0c): the tag
# the sentence names, given again on the posting it answers
_REINSTATE = lazyre.compile(r"\bre-?instate\b", re.I)
_TAG_WORD = lazyre.compile(
    r"\b(?P<tag>r-?b|rb|reviewed-by|ack|acked-by|a-?b|tested-by|t-?b|tags?)\b", re.I
)
# the part a tag covers, in the giver's words: "the parts the ack covers (x86 and common)"
_COVERS = lazyre.compile(
    r"\b(?:r-?b|reviewed-by|ack|acked-by|a-?b|tested-by|t-?b|tag|review)\s+covers?\s*"
    r"\((?P<what>[^()]{1,80})\)",
    re.I,
)
# a request the tag answers, quoted above it: "May I ask for an ack or otherwise for the
# changelog entry, please?" (the tag is for that part)
_ASKED_FOR = lazyre.compile(
    r"\b(?:ack|acked-by|review|reviewed-by|r-?b|a-?b|tag)\b[^.?!]{0,60}?\bfor\s+(?P<what>"
    r"(?:the\s+|this\s+|that\s+)?[\w./-]+(?:\s+[\w./-]+){0,2}?\s+(?:entry|part|parts|bits|"
    r"changes?|hunks?|file|side))\b",
    re.I,
)
_CONDITIONAL = lazyre.compile(r"\b(?:with|if|once|provided|assuming|after|as\s+long\s+as)\b", re.I)
_NEGATED = lazyre.compile(r"\b(?:not|don't|do\s+not|no\s+longer|cannot|can't|drop|remove)\b", re.I)
_SENTENCE = lazyre.compile(r"(?<=[.!?])\s+(?=\S)")
# the giver taking their tag back, wherever in a sentence ("there are two more things (and
# I withdraw my R-b): ...?"): outcome's retraction reads whole sentences, questions left out
_WITHDRAW = lazyre.compile(
    r"\b(?:i\s+)?(?:withdraw|retract|revoke|take\s+back)\s+my\s+(?:r-?b|rb|reviewed-by|review"
    r"|ack|acked-by|a-?b|tested-by|t-?b|tags?)\b"
    r"|\b(?:please\s+)?(?:drop|remove|ignore)\s+my\s+(?:r-?b|rb|reviewed-by|ack|acked-by|a-?b"
    r"|tested-by|t-?b|tags?)\b"
    r"|\bmy\s+(?:r-?b|rb|reviewed-by|ack|acked-by|a-?b|tag)\s+(?:no\s+longer\s+(?:stands|applies"
    r"|holds)|is\s+(?:withdrawn|void))",
    re.I,
)
# the author asking for a tag, quoted at the end of what the giver answers: "Can I take this
# as a Tested-by: tag?", "May I add your Reviewed-by?"
_REQUEST = lazyre.compile(
    r"\b(?:can|may|could|shall)\s+(?:i|we)\s+(?:take|add|have|use|consider|put|include|"
    r"count|record)\b[^.?!]{0,40}?\b(?P<tag>reviewed-by|acked-by|tested-by|r-?b|a-?b|t-?b"
    r"|review(?:ed)?\s+tag|ack|tested\s+tag)\b[^.?!]{0,40}\?",
    re.I,
)
# the giver's answer, the first words of their reply under that request
_CONSENT = lazyre.compile(
    r"^(?:yes|yep|yeah|sure|of\s+course|absolutely|certainly|please\s+do"
    r"|fine\s+by\s+me|go\s+ahead|ok(?:ay)?\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Given:
    """A tag given by reply, with the words around it."""

    trailer: Trailer
    reply: Reply
    scope: str | None = None
    condition: str | None = None
    series: bool = False  # stated for the whole series, whatever mail it answers
    kept: bool = False  # "retain my R-b": given again in words, no trailer line
    # the quote a condition points at: "with this added" under a kept tag's quoted draft,
    # "With ... this now dead variable also removed" under quoted code
    referent: str = ""
    asked: str | None = None  # the part the quoted request asked the tag for

    @property
    def date(self) -> datetime | None:
        return self.reply.message.date

    @property
    def any_kind(self) -> bool:
        """A kept tag that names no kind ("keep my tags"): whichever the giver gave."""
        return self.kept and self.trailer.name == "Tag"


def withdraws(reply: Reply) -> bool:
    """The reply's own words take back its sender's tag ("(and I withdraw my R-b)")."""
    return _withdraws(reply.message.body)


@functools.lru_cache(maxsize=512)
def _withdraws(body: str) -> bool:
    """`withdraws`, remembered by the reply's text: each tag the reply's sender gave in
    the thread asks it of the same reply (about three times a reply)."""
    return any(
        not seg.quoted and _WITHDRAW.search(" ".join(seg.text.split())) for seg in segments(body)
    )


def _kind(word: str) -> str:
    w = word.lower().replace("-", "")
    if w.startswith(("rb", "review")):
        return "Reviewed-by"
    if w.startswith(("ack", "ab")):
        return "Acked-by"
    if w.startswith(("test", "tb")):
        return "Tested-by"
    return "Tag"


def _same(words: TrailerWords, tr: Trailer) -> bool:
    if words.trailer.lname != tr.lname:
        return False
    a, b = words.trailer.person, tr.person
    if a is None or b is None:
        return words.trailer.value == tr.value
    return a.email.lower() == b.email.lower()


def given_in(reply: Reply) -> list[Given]:
    """Every tag the reply gives (its `trailers`), each with the words around it, and the
    tags it gives again in words (see the module docstring)."""
    segs = segments(reply.message.body)
    runs = [[q.text for q in s.lines] for s in segs if not s.quoted]
    found: list[TrailerWords] = []
    asked: dict[int, str] = {}  # found index -> the part the quote above asked a tag for
    above: dict[int, str] = {}  # found index -> the quote right above the tag's words
    quote = ""
    k = 0
    for seg in segs:
        if seg.quoted:
            quote = seg.text
            continue
        following = "\n\n".join("\n".join(r) for r in runs[k + 1 :])
        k += 1
        words = trailer_words([q.text for q in seg.lines], following)
        m = _ASKED_FOR.search(" ".join(quote.split()[-120:])) if words else None
        for w in words:
            if m is not None:
                asked[len(found)] = m.group("what")
            if w.condition:
                above[len(found)] = quote[-REFERENT_CHARS:]
            found.append(w)
    out: list[Given] = []
    used: set[int] = set()
    for tr in reply.trailers:
        match = next((i for i, w in enumerate(found) if i not in used and _same(w, tr)), None)
        if match is None:
            out.append(Given(tr, reply))
            continue
        used.add(match)
        w = found[match]
        out.append(
            Given(
                tr,
                reply,
                w.scope,
                w.condition,
                w.series,
                referent=above.get(match, ""),
                asked=asked.get(match),
            )
        )
    if not reply.trailers:
        out.extend(_kept(reply, segs) or _consented(reply, segs))
    return out


def _consented(reply: Reply, segs: list[Segment]) -> list[Given]:
    """ "Yes." under a quoted "Can I take this as a Tested-by: tag?": the tag given."""
    quote = ""
    for seg in segs:
        if seg.quoted:
            quote = seg.text
            continue
        text = " ".join(seg.text.split())
        consents = bool(text) and _CONSENT.match(text) is not None  # rare: ask the quote then
        request = list(_REQUEST.finditer(" ".join(quote.split()[-80:]))) if consents else []
        if consents and request and not _NEGATED.search(text[:80]):
            author = reply.message.author
            kind = _kind(request[-1].group("tag"))
            tr = make_trailer(kind, f"{author.name} <{author.email}>")
            return [Given(tr, reply, kept=True, referent=quote[-REFERENT_CHARS:])]
        if text:
            quote = ""
    return []


def _kept(reply: Reply, segs: list[Segment]) -> list[Given]:
    """ "Please retain my R-b with this added." under a quote: the tag given again."""
    out: list[Given] = []
    quote = ""
    for seg in segs:
        if seg.quoted:
            quote = seg.text
            continue
        text = " ".join(seg.text.split())
        if _KEEP.search(text) is None and _REINSTATE.search(text) is None:
            continue  # no sentence of the run can give a tag again (most runs)
        for sentence in _SENTENCE.split(text):
            m = _KEEP.search(sentence)
            if m is None:
                given = _reinstated(reply, sentence, quote)
                if given is not None:
                    out.append(given)
                    break
                continue
            if "?" in sentence or _NEGATED.search(sentence[: m.start()]):
                continue
            kind = _kind(m.group("tag") or m.group("tag2") or "")
            author = reply.message.author
            tr = make_trailer(kind, f"{author.name} <{author.email}>")
            conditional = _CONDITIONAL.search(sentence[m.end() :]) is not None
            out.append(
                Given(
                    tr,
                    reply,
                    condition=sentence.strip() if conditional else None,
                    kept=True,
                    referent=quote[-REFERENT_CHARS:],
                )
            )
            break
    return out


def _reinstated(reply: Reply, sentence: str, quote: str) -> Given | None:
    """ "I don't see any change to the parts the ack covers (x86 and common), so please
    re-instate.": the tag the sentence names, given again, for the part it says the tag
    covers. A question ("could you re-instate ...?") or a negation before the request is
    not one."""
    m = _REINSTATE.search(sentence)
    if m is None or "?" in sentence:
        return None
    tag = _TAG_WORD.search(sentence)
    if tag is None or _NEGATED.search(sentence[: m.start()].split(",")[-1]):
        return None
    author = reply.message.author
    tr = make_trailer(_kind(tag.group("tag")), f"{author.name} <{author.email}>")
    covers = _COVERS.search(sentence)
    return Given(
        tr,
        reply,
        scope=covers.group("what").strip() if covers else None,
        kept=True,
        referent=quote[-REFERENT_CHARS:],
    )
