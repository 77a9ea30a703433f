"""Words around a trailer: the scope, the condition and the asides a giver writes with a tag.

Reviewers rarely give a bare tag. They limit it ("For the hid-hyperv.c changes,", Xen's
`Acked-by: X <x> # x86`, `(Xen related part)`, "(i.e. specifically _not_ the common code
change)"), make it depend on something ("With these two adjusted", "Assuming both patches
adjust their commit messages and the typo", "... Then:", `Reviewed-by: X` followed by "with
one further request:"), state it for the whole series ("for the series", "both patches"),
and talk about it ("Please retain my R-b with this added."). These words belong to the tag:
they are not review comments, and the tag means nothing without them.

`trailer_words(lines, following)` reads one run of the sender's own (unquoted) lines and
says, for each trailer line in it, its scope, condition and whether it is stated for the
series, and which lines of the run are words around a trailer (`around`). It is the one
reading both the trailer lineage (which attaches scope and condition to the tag) and the
review-comment tracker (which must not report these lines) use; `around_lines(lines)` is
the tracker's short form.

What counts (each piece is a line or a paragraph adjacent to the tag, never further):
- scope: the trailer's own `# area`, `(...)` or `[...]` suffix; a lead-in naming a part
  ("For the x86 bits:", "As far as the driver is concerned,", "x86 parts:"); a line right
  after the tag naming one ("for the Xen part", "(i.e. only the common code)");
- condition: a lead-in or a line right after the tag that starts with `with`, `once`,
  `if`, `provided`, `assuming`, `as long as`, `modulo` ... ("With that fixed:", "with the nit
  addressed", "provided you agree"), or a bare "Then:". "With one nit," introduces a remark
  the giver leaves to the author: no condition. A condition that
  only points back ("these two", "that", "the above", "Then:") takes the words it points
  at: the run's text before it; one that points ahead ("with one further request:", "with
  the comments below addressed") takes the sender's next own words. "With or without that",
  "either way", "regardless" are no condition;
- asides: a short paragraph (at most ASIDE_WORDS words, no question, no request) right
  before or after the tag ("Looks 'sane'", "Also tested on a platform ..."), and any short
  paragraph about the sender's own tag ("Please retain my R-b with this added.", "feel
  free to keep my ack").
A line that mixes a review point with a lead-in ("... in the function argument? Then:") is
not counted as around (the point is a comment), but its lead-in still makes the condition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from patchlint import lazyre
from patchlint.model.trailers import MAX_TRAILER_LINE, Trailer, parse_trailer_line

ASIDE_WORDS = 30  # a longer paragraph next to a tag is a comment of its own
LEAD_IN_WORDS = 40  # a lead-in longer than this is a comment that happens to precede a tag
REFERENT_CHARS = 600  # how much of the text a condition points at is kept with it
FORWARD_CHARS = 400

_WORD = lazyre.compile(r"[\w'’-]+")
_SENTENCE = lazyre.compile(r"(?<=[.?!])\s+(?=\S)")
_COND_START = lazyre.compile(
    r"^(?:(?:so|and|but|ok|okay|then|also|anyway|fwiw),?\s+)?"
    r"(?:with|once|if|provided|providing|assuming|as\s+long\s+as|given|after|"
    r"preferably\s+with|ideally\s+with|subject\s+to|conditional\s+(?:up)?on|pending|modulo)\b",
    re.I,
)
_COND_BARE = lazyre.compile(
    r"^(?:(?:and|so)\s+)?(?:then|with\s+th(?:at|is|ose|ese)(?:\s+\w+)?|if\s+so)"
    r"[\s:,.;]*$",
    re.I,
)
_UNCONDITIONAL = lazyre.compile(
    r"\b(?:with\s+or\s+without|either\s+way|regardless|in\s+any\s+case|irrespective"
    r"|whichever|otherwise|other\s+than\s+th(?:at|is|ese|ose)|apart\s+from\s+th(?:at|is|ese)"
    r"|if\s+you\s+(?:re-?spin|re-?send|send\s+(?:a|another)|do\s+(?:a|another))"
    r"|if\s+there\s+(?:is|will\s+be)\s+(?:a|another)\b"
    # a closing under the tag ("With regards, Daniel"), not a condition
    r"|with\s+(?:(?:best|kind|warm|many)\s+)?(?:regards|thanks|wishes)\b)",
    re.I,
)
# a lead-in that is a statement ("With this patch applied, my VM boots again.") is no
# condition unless it talks about the tag ("With these fixed, you can add my R-b.")
_STATEMENT_END = lazyre.compile(r"[.!]\s*$")
_TAG_OFFER = lazyre.compile(
    r"\b(?:my|add|feel\s+free|consider|you\s+can\s+(?:add|have|keep))\b"
    r".{0,40}\b(?:r-?b|rb|a-?b|ack|acked|review|reviewed|tag|tested)",
    re.I,
)
# words a condition uses without naming anything: one made of these only points back
_HOLLOW = frozenset(
    {
        "with",
        "these",
        "this",
        "that",
        "those",
        "the",
        "above",
        "it",
        "them",
        "both",
        "then",
        "two",
        "three",
        "all",
        "fixed",
        "addressed",
        "adjusted",
        "changed",
        "done",
        "taken",
        "care",
        "of",
        "in",
        "place",
        "applied",
        "sorted",
        "out",
        "resolved",
        "corrected",
        "amended",
        "added",
        "removed",
        "dropped",
        "folded",
        "nits",
        "nit",
        "comments",
        "comment",
        "changes",
        "change",
        "issues",
        "issue",
        "typos",
        "typo",
        "points",
        "point",
        "remarks",
        "remark",
        "fix",
        "fixes",
        "suggestion",
        "suggestions",
        "request",
        "requests",
        "adjustment",
        "adjustments",
        "tweak",
        "tweaks",
        "so",
        "and",
        "ok",
        "okay",
        "once",
        "if",
        "provided",
        "assuming",
        "one",
        "a",
        "an",
        "minor",
        "small",
        "little",
        "said",
        "mind",
        "you",
        "agree",
        "is",
        "are",
        "be",
        "were",
        "made",
        "make",
        "into",
        "account",
        "accounted",
        "for",
        "handled",
        "dealt",
        # "After which:" (AngeloGioacchino Del Regno, linux-arm-kernel
        # <99c2ec7c-bff2-fa50-f267-d5ca383bd5ca@collabora.com>, under "Please send a v3 that
        # mentions that you're also reordering."): a relative that points back
        "after",
        "which",
        "whereupon",
    }
)
_FORWARD = lazyre.compile(
    r"\b(?:(?:one|a|two|three|some|few|couple\s+of)\s+(?:\w+\s+)?(?:requests?|nits?|comments?"
    r"|remarks?|changes?|questions?)|the\s+following|(?:comments?|nits?|remarks?)\s+below"
    r"|below)\b",
    re.I,
)
# "With one nit," / "with a few comments below": it introduces remarks the giver leaves to
# the author, unless it asks for them done ("with the nit addressed")
_INTRODUCES = lazyre.compile(
    r"^(?:\w+\s+)?with\s+(?:one|an?|two|some|few|a\s+few|couple\s+of|the\s+following)\s+"
    r"(?:\w+\s+)?(?:nits?|comments?|remarks?|questions?|suggestions?|notes?|observations?"
    r"|minor\s+\w+)\b",
    re.I,
)
# an offer or a premise that reads like a condition but asks nothing of the author: "If it
# helps:" (Lorenzo Pieralisi, linux-hyperv <20190904142737.GA28184@e121166-lin.cambridge.arm.com>),
# "FWIW this is a trivial change. If this is needed:" (Wei Liu), "If you want, you can add:",
# "Ah, duh. Given that:" (Mark Rutland, after the author's answer), "Anyway, the above could
# be good enhancement with future patches. Given that," (Si-Wei Liu)
# ... but written under the tag it qualifies the tag: "Reviewed-by: ... / With a small
# NIT..." (Bertrand Marquis, xen-devel <EE47F5C6-8532-4E85-90C1-C82520EA10B5@arm.com>, the
# nit under a later hunk), "Acked-by: ... / with a nit and an entirely optional
# suggestion:" (Jan Beulich, xen-devel <a9511d98-64f5-4c61-a3f0-440616d0de35@suse.com>):
# the tag comes with the remarks that follow, as many as it counts, unless they are
# optional
_UNDER_TAG = lazyre.compile(
    r"\bwith\s+(?P<n>one|an?|two|three|some|a\s+few|few|a\s+couple\s+of|couple\s+of)\s+"
    r"(?P<adj>[\w-]+\s+)?(?:nits?|comments?|remarks?|requests?|changes?|adjustments?|fix(?:es)?"
    r"|typos?|tweaks?|nitpicks?)\b",
    re.I,
)
_OPTIONAL = lazyre.compile(r"^(?:optional|entirely|possible|tiny\s+optional)\b", re.I)
_COUNT = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3}
_COURTESY = lazyre.compile(
    r"^(?:(?:so|and|but|ok|okay|anyway|fwiw|then),?\s+)?(?:"
    r"(?:if|in\s+case)\s+(?:it|that|this|they|one)\s+(?:helps|is\s+(?:needed|wanted|useful|"
    r"helpful|of\s+(?:any\s+)?(?:use|help))|matters|counts)"
    r"|if\s+(?:you|anyone|somebody|someone|people)\s+(?:still\s+)?(?:want|wants|like|likes|care"
    r"|cares|need|needs|prefer|prefers)\b(?:\s+(?:it|one|that|this|them))?"
    r"|if\s+(?:needed|wanted|desired|useful|helpful|required|so\s+desired|you\s+wish)"
    r"|given\s+(?:that|this|the\s+above|all\s+(?:that|this)|your\s+\w+|the\s+explanation)"
    r")(?:\s*[,:;.]|\s*$|,?\s+(?:you\s+can|feel\s+free|please\s+(?:add|have|take)|here'?s|have))",
    re.I,
)
_DONE = lazyre.compile(
    r"\b(?:fixed|addressed|adjusted|done|changed|resolved|taken\s+care|applied"
    r"|folded|incorporated|sorted|corrected|dropped|removed|added)\b",
    re.I,
)
_SCOPE_LEAD = lazyre.compile(
    r"^(?:(?:fwiw|and|also|so|but),?\s+)?(?:for|as\s+for|regarding|re:?|wrt\.?|with\s+regard"
    r"\s+to|with\s+respect\s+to|as\s+far\s+as|from)\s+(?P<what>.{1,80}?)"
    r"(?:\s+(?:is|are)\s+concerned|\s+point\s+of\s+view|\s+perspective)?[\s:,]*$",
    re.I,
)
_SCOPE_NOUN = lazyre.compile(
    r"^(?P<what>(?:the\s+)?[\w./+-]+(?:\s+[\w./+-]+){0,3}\s+(?:parts?|bits?|changes?|side"
    r"|code|hunks?|bits\s+only|part\s+only|portion))[\s:,]*$",
    re.I,
)
_NOT_SCOPE = lazyre.compile(
    r"^(?:what\s+it'?s\s+worth|the\s+record|now|me|my\s+part|the\s+time\s+being|reference"
    r"|your\s+information|completeness|this(?:\s+(?:patch|one|version|revision|change|posting"
    r"|series|set))?|the\s+(?:patch|change|whole\s+thing)|v\d+|the\s+most\s+part|what\s+.*"
    r"|my\s+side|my\s+end|our\s+side|the\s+rest)$",
    re.I,
)
_COMMA = lazyre.compile(r",\s+(?=for\s)", re.I)
_ONLY = lazyre.compile(r"\bonly\b|\bspecifically\b|\bjust\b", re.I)
_SERIES = lazyre.compile(
    r"\b(?:(?:whole|entire|full)\s+(?:series|set|patch\s*set|patchset|thing)|both\s+patches"
    r"|all\s+(?:\w+\s+)?(?:patches|of\s+them)|for\s+the\s+(?:series|patch\s*set|patchset|set)"
    r"|to\s+the\s+(?:whole\s+)?series|the\s+(?:whole\s+)?series|series-?wide"
    r"|for\s+(?:all|both|each)\b)",
    re.I,
)
_NOT_VERSION = lazyre.compile(r"^(?:v?\d+(?:\.\d+)*|for-?\d[\w.-]*|\d{4}-\d\d-\d\d)$", re.I)
_REQUEST = lazyre.compile(
    r"\?|\b(?:please|pls|should|shouldn't|could|would|need|needs|must|instead|nit|typo|but"
    r"|however|though|wonder|why|wrong|missing|s/)",
    re.I,
)
# the sender talking about their own tag: "retain my R-b", "keep my ack", "my tag stands"
_TAG_TALK = lazyre.compile(
    r"\bmy\s+(?:r-?b|rb|a-?b|t-?b|ack|acked-by|reviewed-by|tested-by|review(?:ed)?(?:-by)?"
    r"\s*tag|tags?)\b",
    re.I,
)
# talk that withholds the tag ("I would have given this my R-b, but X needs resolving
# first", "I'm afraid I can't give it my R-b"): a reservation the author must answer, a
# review point, not an aside
_WITHHELD = lazyre.compile(
    r"\b(?:but|however|would\s+have|can(?:no|'|’)?t|won(?:'|’)t|withdraw\w*)\b", re.I
)


# words under the tag broken off to go on below the next quote ("Acked-by: ..." / "albeit
# I'm not quite happy with ..." / quote / "... this change when ..."): a reservation
# continued across the quote, a point of its own, not an aside
_BROKEN_OFF = lazyre.compile(r"\s(?:\.\.\.|\u2026)\s*$")


def _own_tag_talk(text: str) -> bool:
    """A paragraph about the sender's own tag that withholds nothing ("Please retain my R-b
    with this added.")."""
    return _TAG_TALK.search(text) is not None and _WITHHELD.search(text) is None


@dataclass(frozen=True, slots=True)
class TrailerWords:
    """What a giver wrote around one trailer line of a run of their own lines."""

    line: int  # index of the trailer line in the run
    trailer: Trailer
    scope: str | None = None  # the part it is limited to, as written
    condition: str | None = None  # what it depends on, with what the words point at
    series: bool = False  # stated for the whole series ("both patches", "for the series")
    around: tuple[int, ...] = ()  # indexes of the run's lines that are words around it


@dataclass(slots=True)
class _Lead:
    scope: str | None = None
    condition: str | None = None
    series: bool = False
    lines: list[int] = field(default_factory=list)
    backward: bool = False  # the condition points at the text before it
    forward: bool = False  # the condition points at the sender's next words
    items: int = 0  # how many of the next paragraphs it points at (0: up to FORWARD_CHARS)


# what every line `is_tag_line` accepts holds: a trailer name ending `-by` (any case), then
# its colon (`trailers._LINE`)
_BY_NAME = lazyre.compile(r"-[Bb][Yy]:")


def is_tag_line(line: str) -> Trailer | None:
    """A person trailer (`...-by:`) written on this line, with or without an address."""
    if len(line) > MAX_TRAILER_LINE:
        return None
    tr = parse_trailer_line(line.strip())
    if tr is None or not tr.lname.endswith("-by") or not tr.value.strip():
        return None
    return tr


def _hollow(text: str) -> bool:
    """A condition that names nothing itself ("With these two adjusted", "With that
    fixed"): it points at what was said before it."""
    return not [w for w in _WORD.findall(text.lower()) if w not in _HOLLOW]


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last+1) line indexes of each paragraph."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = i
        elif start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(lines)))
    return out


def _clean(text: str) -> str:
    return " ".join(text.split()).strip()


def _classify_extinfo(extinfo: str | None) -> _Lead:
    """A trailer's own suffix: `# x86`, `(Xen related part)`, `[for the series]`,
    `with the nit addressed`."""
    lead = _Lead()
    if not extinfo:
        return lead
    text = extinfo.strip()
    if text.startswith("#"):
        text = text[1:]
    text = text.strip().strip("()[]").strip()
    if not text or _NOT_VERSION.match(text) or _UNCONDITIONAL.search(text):
        return lead
    if _SERIES.search(text):
        lead.series = True
        return lead
    if _COND_START.match(text):
        lead.condition = text
        lead.forward = bool(_FORWARD.search(text))
        lead.backward = _hollow(text)
        return lead
    if _words(text) <= 12:
        lead.scope = re.sub(r"^(?:for|only)\s+", "", text, flags=re.I)
    return lead


def extinfo_scope(extinfo: str | None) -> str | None:
    """The scope a trailer's own suffix states (`# x86`, `(Xen related part)`), if any."""
    return _classify_extinfo(extinfo).scope


def _under_tag(text: str) -> int | None:
    """An afterword introducing remarks ("With a small NIT...", "with a nit and an entirely
    optional suggestion:"): how many of the next paragraphs the tag comes with (0: all the
    next words, for "some" or "a few"), or None when the remarks are optional."""
    m = _UNDER_TAG.search(text)
    if m is None or _OPTIONAL.match(m.group("adj") or ""):
        return None
    return _COUNT.get(m.group("n").lower(), 0)


def _classify_lead(text: str, after: bool = False) -> _Lead | None:
    """A lead-in (the words right before a tag), or an afterword (right after it, `after`):
    scope, condition, series, or None when it is none of these."""
    t = _clean(text).strip("*_ ")
    if not t or _words(t) > LEAD_IN_WORDS:
        return None
    lead = _Lead()
    if _SERIES.search(t) and _words(t) <= 12:
        lead.series = True
    if _UNCONDITIONAL.search(t):
        # "With or without that:" is about the tag; "If you respin, please fix the typo."
        # is a review point that happens to precede it
        return None if _REQUEST.search(t) else lead
    if _INTRODUCES.search(t) and not _DONE.search(t):
        items = _under_tag(t) if after else None
        if items is not None:  # "Acked-by: ... / with a nit:": the tag comes with it
            lead.condition = t.rstrip(":,;.… ")
            lead.forward, lead.items = True, items
        return lead  # "With one nit, Reviewed-by": an optional remark, no condition
    if _COURTESY.match(t) and not _DONE.search(t) and "?" not in t:
        return lead  # "If it helps:", "Given that:": an offer or a premise, no condition
    if _COND_BARE.match(t) or (
        _COND_START.match(t) and (not _STATEMENT_END.search(t) or _TAG_OFFER.search(t))
    ):
        t, lead.scope = _scope_clause(t)
        lead.condition = t.rstrip(":,;. ")
        lead.forward = bool(_FORWARD.search(t))
        lead.backward = bool(_COND_BARE.match(t)) or _hollow(t)
        return lead
    inner = t.strip("()[] ")
    m = _SCOPE_LEAD.match(inner)
    if m and not _NOT_SCOPE.match(m.group("what").strip()):
        what = m.group("what").strip()
        if _SERIES.search(t):
            return lead
        lead.scope = what
        return lead
    m = _SCOPE_NOUN.match(inner)
    if m or (_ONLY.search(inner) and _words(inner) <= 12 and not _REQUEST.search(inner)):
        lead.scope = (m.group("what") if m else inner).strip()
        return lead
    if lead.series:
        return lead
    return None


def _scope_clause(condition: str) -> tuple[str, str | None]:
    """A condition lead-in that limits the tag too, after a comma: "With the kerneldoc fixed,
    for the core parts of this patch (driver changes all split out):" (Daniel Vetter, 'drm:
    Initialize struct drm_crtc_state.no_vblank' v3) is the condition "With the kerneldoc
    fixed" and the scope "the core parts of this patch (driver changes all split out)"."""
    for m in _COMMA.finditer(condition):
        rest = condition[m.end() :].strip().rstrip(":,;. ")
        s = _SCOPE_LEAD.match(rest)
        if s is None or _SERIES.search(rest):
            continue
        what = s.group("what").strip()
        if _NOT_SCOPE.match(what) or _COND_START.match(what):
            continue
        return condition[: m.start()], what
    return condition, None


def _lead_sentence(lines: list[str], first: int, last: int) -> tuple[str, bool]:
    """The last sentence of the paragraph lines[first:last], and whether it fills whole
    lines (so those lines can be called words around a tag)."""
    text = " ".join(line.strip() for line in lines[first:last])
    parts = _SENTENCE.split(text)
    tail = parts[-1] if parts else ""
    whole = len(parts) == 1 or lines[last - 1].strip() == tail.strip()
    return tail, whole


def _is_aside(text: str) -> bool:
    t = _clean(text)
    return bool(t) and _words(t) <= ASIDE_WORDS and not _REQUEST.search(t)


def _join(parts: list[str]) -> str | None:
    text = _clean(" ".join(p for p in parts if p))
    return text or None


def trailer_words(lines: list[str], following: str = "") -> list[TrailerWords]:
    """For each trailer line of a run of the sender's own lines: its scope, condition and
    series flag, and the run's lines that are words around it (see the module docstring).
    `following`: the sender's own words after this run (later turns of the same mail), which
    a forward-pointing condition ("with one further request:") is about."""
    # a tag line names its trailer `...-by:` (`is_tag_line`): most runs hold no such text,
    # and then no line is parsed
    if _BY_NAME.search("\n".join(lines)) is None:
        return []
    tags = [(i, tr) for i, line in enumerate(lines) if (tr := is_tag_line(line)) is not None]
    if not tags:
        return []
    paragraphs = _paragraphs(lines)
    para_of = {i: p for p in paragraphs for i in range(*p)}
    out: list[TrailerWords] = []
    blocks = _blocks(tags)
    for block in blocks:
        first, last = block[0][0], block[-1][0]
        around: set[int] = set()
        leads: list[_Lead] = []
        # the lines of the tag's paragraph above it, else the paragraph right above
        p_first, _ = para_of[first]
        if p_first < first:
            lead_range = (p_first, first)
        else:
            above = [p for p in paragraphs if p[1] <= first]
            lead_range = above[-1] if above else (first, first)
        before_text = " ".join(lines[j].strip() for j in range(0, lead_range[0]))
        if lead_range[0] < lead_range[1]:
            sentence, whole = _lead_sentence(lines, *lead_range)
            lead = _classify_lead(sentence)
            if lead is not None:
                if whole:
                    lead.lines = [
                        j
                        for j in range(*lead_range)
                        if lines[j].strip() and lines[j].strip() in sentence
                    ]
                head = " ".join(lines[j].strip() for j in range(*lead_range))
                before_text = before_text + " " + head[: max(0, len(head) - len(sentence))]
                leads.append(lead)
            elif _is_aside(" ".join(lines[j] for j in range(*lead_range))) or _TAG_TALK.search(
                " ".join(lines[j] for j in range(*lead_range))
            ):
                around.update(range(*lead_range))
        # the lines right after the tag: the rest of its paragraph, else the next paragraph
        _, p_last = para_of[last]
        after = (
            (last + 1, p_last)
            if last + 1 < p_last
            else next((p for p in paragraphs if p[0] > last), (last + 1, last + 1))
        )
        if after[0] < after[1]:
            text = " ".join(lines[j].strip() for j in range(*after))
            lead = _classify_lead(text, after=True)
            if lead is not None and (lead.scope or lead.condition or lead.series):
                lead.lines = list(range(*after))
                leads.append(lead)
            elif (_is_aside(text) and _BROKEN_OFF.search(text) is None) or _TAG_TALK.search(text):
                around.update(range(*after))
        for index, tr in block:
            own = _classify_extinfo(tr.extinfo)
            scope_parts = [own.scope] + [lead.scope for lead in leads]
            condition_parts: list[str] = []
            series = own.series or any(lead.series for lead in leads)
            for lead in [own, *leads]:
                around.update(lead.lines)
                if lead.condition is None:
                    continue
                if lead.backward and not lead.forward and before_text.strip():
                    condition_parts.append(before_text.strip()[-REFERENT_CHARS:])
                condition_parts.append(lead.condition)
                # an afterword's remarks follow it; a lead-in's or the tag's own, the tag
                start = after[1] if lead.lines and lead.lines[0] > last else last + 1
                ahead = _ahead(lines, start, following, lead.items) if lead.forward else ""
                if ahead:
                    condition_parts.append(ahead)
            out.append(
                TrailerWords(
                    line=index,
                    trailer=tr,
                    scope=_join([s for s in scope_parts if s]),
                    condition=_join(condition_parts),
                    series=series,
                    around=tuple(sorted(around | {i for i, _ in block})),
                )
            )
    # tag talk anywhere in the run ("Please retain my R-b with this added.")
    talk = {
        j
        for p in paragraphs
        if _own_tag_talk(" ".join(lines[p[0] : p[1]]))
        and _words(" ".join(lines[p[0] : p[1]])) <= ASIDE_WORDS
        for j in range(*p)
    }
    if talk and out:
        out[-1] = TrailerWords(
            out[-1].line,
            out[-1].trailer,
            out[-1].scope,
            out[-1].condition,
            out[-1].series,
            tuple(sorted(set(out[-1].around) | talk)),
        )
    return out


def _ahead(lines: list[str], start: int, following: str, items: int) -> str:
    """The sender's words a forward-pointing condition is about: the run's lines from
    `start` on (a request written in the same turn) before `following` (later turns);
    with `items`, that many of their paragraphs ("with a nit": the first), else up to
    FORWARD_CHARS."""
    text = "\n".join(lines[start:]).strip()
    if following.strip():
        text = f"{text}\n\n{following}" if text else following
    if items:
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        return _clean(" ".join(paragraphs[:items]))[:FORWARD_CHARS]
    return _clean(text)[:FORWARD_CHARS]


def _blocks(tags: list[tuple[int, Trailer]]) -> list[list[tuple[int, Trailer]]]:
    """Tag lines on consecutive lines form one block (`Reviewed-by:` + `Tested-by:`)."""
    blocks: list[list[tuple[int, Trailer]]] = []
    for i, tr in tags:
        if blocks and blocks[-1][-1][0] == i - 1:
            blocks[-1].append((i, tr))
        else:
            blocks.append([(i, tr)])
    return blocks


def around_lines(lines: list[str]) -> set[int]:
    """The lines of one run of the sender's own lines that are words around a trailer: the
    tag lines themselves, their scope, condition and asides, and talk about the sender's own
    tag (see the module docstring). The review-comment tracker leaves these out."""
    out: set[int] = set()
    for words in trailer_words(lines):
        out.update(words.around)
    # talk about one's own tag: a paragraph's text is its lines joined by blanks, and the
    # pattern reads a newline as it reads a blank, so a run where it finds nothing has no
    # such paragraph (most runs: the paragraphs are not cut)
    if not out and _TAG_TALK.search("\n".join(lines)) is not None:
        paragraphs = _paragraphs(lines)
        for p in paragraphs:
            text = " ".join(lines[p[0] : p[1]])
            if _own_tag_talk(text) and _words(text) <= ASIDE_WORDS:
                out.update(range(*p))
    return out
