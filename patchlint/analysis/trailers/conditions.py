"""Is a conditional tag's condition met? Judged against the step to the next revision.

A condition is what the giver asked for with the tag ("With these two adjusted", "Assuming
both patches adjust their commit messages and the typo", "Then:" after a question, "with
one further request: ... make "map" pointer-to-const?", "retain my R-b with this added"
under the author's draft). Its words (with what they point at) name what must change:

- code: the quoted words (`"map"`, `'---help---'`) and the code-like words (`CDF_hardware`,
  `foo()`, `a->b`, `MAX_LEN`) of the condition, and for a kept tag the identifiers its
  quoted draft adds;
- the commit message: words such as "commit message", "changelog", "description", "title",
  "typo", "reword", "explain", "mention", "fixes tag" (the message with its `Fixes:`,
  `Link:`, `Cc:` tags; review and sign-off tags are not the message).

Verdicts, on the step from the patch the tag was given on to its next posting:
  unknown   no next posting of the patch in the input, or nothing to tell by;
  not-met   the giver, reviewing the next posting, says it is not done ("this isn't quite
            enough", "you missed", "still needs"); or the next posting changed nothing at
            all (not a line, not a comment, not the message), or, for a condition about the
            commit message only, left the message and the code as they were;
  met       the author answered what the condition asked ("With the (theoretical) question
            above answered,"; "if you can confirm ..." and a yes), replying to the mail that
            gave the tag before the next posting; the step changes code holding a word the
            condition names, or the message where it asks about the message; or one holding
            a word of the quoted code lines a condition naming none points back at ("this
            now dead variable also removed" under the variable's line); or, with
            nothing named, every comment the giver made in the mail that gave the tag on
            the code or on the commit message ("With the above adjusted" under two reword
            requests) was addressed by the step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from patchlint import lazyre
from patchlint.analysis.discussion.model import ReviewComment
from patchlint.analysis.revisions.compare import PatchInterdiff
from patchlint.analysis.trailers.material import StepCode
from patchlint.analysis.trailers.words import Given
from patchlint.c.keywords import C_KEYWORDS
from patchlint.model.message import Address
from patchlint.model.patch import Patch
from patchlint.model.trailers import same_person

_QUOTED = lazyre.compile(r"[\"'`‘“]([^\"'`’”\n]{1,60})[\"'`’”]")
_CODE_WORD = lazyre.compile(
    r"\b[A-Za-z_]\w*(?:\(\)|->\w+)|\b\w*_\w+\b|\b[A-Z][A-Z0-9_]{2,}\b|\b[a-z]+[A-Z]\w*\b"
)
_IDENT = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MESSAGE = lazyre.compile(
    r"\b(?:commit\s+message|commit\s+log|changelog|change\s+log|description|title|subject"
    r"|typo|typos|reword\w*|wording|explain\w*|mention\w*|spelling|sentence|paragraph"
    r"|fixes:?\s*tags?)\b",
    re.I,
)
# the giver, on the next posting, saying their request is not done yet. "still has/have"
# only of the patch or its author ("you still have the typo", "this still has the leak"):
# of anything else it is no verdict on the request ("xen has no hw vblank, but still has
# special processing of events", Daniel Vetter on 'drm: Initialize struct
# drm_crtc_state.no_vblank' v4, whose kerneldoc condition v4 met)
_NOT_DONE = lazyre.compile(
    r"\b(?:(?:is|isn't|is\s+not|not)\s+(?:quite\s+)?enough|still\s+(?:need|needs|missing|wrong"
    r"|not|doesn't|don't|isn't)|(?:you|it|this|this\s+patch|the\s+patch|this\s+version)\s+"
    r"still\s+(?:have|has)|you\s+(?:missed|forgot)|(?:not|isn't)\s+(?:yet\s+)?"
    r"(?:done|addressed|fixed)|what\s+i\s+(?:asked|meant)|as\s+i\s+(?:asked|said)\s+before)\b",
    re.I,
)
# a condition an answer meets: the giver's question answered ("With the (theoretical)
# question above answered,", Vitaly Kuznetsov, linux-hyperv <87r28gl1d1.fsf@vitty.brq.redhat.com>,
# which Michael Kelley answered the same day), or a fact the author is to confirm ("if you
# can confirm that ...")
_ANSWERED = lazyre.compile(
    r"\b(?:questions?|concerns?|quer(?:y|ies)|doubts?)\b[^.;:]{0,40}?\b(?:answered|addressed"
    r"|clarified|resolved|explained|cleared)\b",
    re.I,
)
_CONFIRM = lazyre.compile(r"\bconfirm(?:s|ed|ing)?\b", re.I)
# ... and the author saying yes to what they were asked to confirm
_AFFIRM = lazyre.compile(
    r"(?:^|\n)\s*(?:yes|yep|yeah|yup|correct|right|indeed|exactly|confirmed|sure)\b"
    r"|\bi\s+(?:can\s+)?confirm\b|\bthat'?s\s+(?:right|correct|the\s+case)\b"
    r"|\b(?:it|this|that)\s+is\s+(?:correct|right|the\s+case)\b",
    re.I,
)


def answered(condition: str, answers: Sequence[str]) -> bool:
    """The condition asks for an answer and the author gave it, replying to the mail that
    gave the tag: to a question, any answer ("With the (theoretical) question above
    answered,"); to a request to confirm, a yes (`answers`: the author's own words in those
    replies)."""
    if not answers:
        return False
    if _ANSWERED.search(condition):
        return True
    return _CONFIRM.search(condition) is not None and any(_AFFIRM.search(a) for a in answers)


# a condition names code words: C's own words and the two commonest English ones are not
_C_WORDS = C_KEYWORDS | {"the", "and"}


def asked_words(text: str) -> set[str]:
    """The code words a condition names (see the module docstring)."""
    out: set[str] = set()
    for m in _QUOTED.finditer(text):
        out.update(w for w in _IDENT.findall(m.group(1)) if len(w) >= 3)
    for m in _CODE_WORD.finditer(text):
        out.update(w for w in _IDENT.findall(m.group(0)) if len(w) >= 3)
    return {w for w in out if w not in _C_WORDS}


def _draft_words(referent: str) -> set[str]:
    """The identifiers the lines a quoted draft adds hold."""
    out: set[str] = set()
    for line in referent.split("\n"):
        if line.startswith("+") and not line.startswith("+++"):
            out.update(w for w in _IDENT.findall(line[1:]) if len(w) >= 3)
    return {w for w in out if w not in _C_WORDS}


# a condition that points at what it is written under: "this now dead variable", "that
# line", "these two", "the above"
_POINTS_BACK = lazyre.compile(
    r"\b(?:this|that|these|those)\b(?!\s+(?:patch|series|commit|change|version|one\s+patch)\b)"
    r"|\bthe\s+above\b",
    re.I,
)
POINTED_LINES = 2  # the last code lines of the quote a condition under it points at


def _pointed_words(condition: str, quote: str) -> set[str]:
    """The identifiers of the code lines right above a condition that names no code but
    points back at them ("With, as pointed out by Andrew, this now dead variable also
    removed" under `unsigned long page_mask;`, Jan Beulich on libxl's ACPI alignment v2):
    met when the step adds or removes a line holding one of them."""
    if not quote or _POINTS_BACK.search(condition) is None:
        return set()
    lines: list[str] = []
    for line in reversed(quote.split("\n")):
        if not line.strip():
            continue
        if not line.startswith((" ", "+", "-")) or line.startswith(("+++", "---")):
            break  # prose, or the diff's header: the quoted code ends here
        lines.append(line[1:])
        if len(lines) == POINTED_LINES:
            break
    out = {w for line in lines for w in _IDENT.findall(line) if len(w) >= 3}
    return {w for w in out if w not in _C_WORDS}


def _message(patch: Patch) -> str:
    """The commit message as a condition reads it: title, text and the tags that are part of
    the change's record (`Fixes:`, `Link:`, `Cc: stable`), not the review and sign-off tags
    ("Please add fixes tag [...] With that change, Reviewed-by" is met by a `Fixes:` line)."""
    tags = " ".join(f"{t.name}: {t.value}" for t in patch.trailers if not t.lname.endswith("-by"))
    return " ".join((patch.title + " " + patch.message + " " + tags).split())


def judge(
    given: Given,
    step: PatchInterdiff | None,
    code: StepCode,
    giver: Address | None,
    giver_mail_comments: Sequence[ReviewComment],
    next_comments: Sequence[ReviewComment],
    answers: Sequence[str] = (),
) -> tuple[str, frozenset[str]]:
    """The condition's status (met | not-met | unknown) on `step`, and the code words it
    asked for (which make a change the giver requested). `giver_mail_comments`: the code
    comments of the mail that gave the tag; `next_comments`: the giver's comments on the
    next posting of the patch; `answers`: the author's own words in their replies to the
    mail that gave the tag, before that posting."""
    text = given.condition or ""
    words = asked_words(text) | (_draft_words(given.referent) if given.kept else set())
    if answered(text, answers) and not any(
        _NOT_DONE.search(c.comment)
        for c in next_comments
        if giver is None or same_person(c.author, giver)
    ):
        return "met", frozenset(words)  # met in the thread, by the author's answer
    if step is None or step.new is None or step.old is None:
        return "unknown", frozenset(words)
    changed = {w for h in code.hunks if h.kind != "removal" for w in h.tokens}
    for c in next_comments:
        if giver is not None and not same_person(c.author, giver):
            continue
        if _NOT_DONE.search(c.comment):
            return "not-met", frozenset(words)
    message_changed = _message(step.old) != _message(step.new)
    about_message = _MESSAGE.search(text) is not None
    if words & changed:
        return "met", frozenset(words)
    pointed = _pointed_words(text, given.referent) if not words else set()
    if pointed & {w for h in code.hunks for w in h.tokens}:
        return "met", frozenset(words)  # the quoted line the condition points at changed
    if about_message and message_changed:
        return "met", frozenset(words)
    untouched = step.status == "unchanged" and step.detail != "whitespace-only"
    if untouched and not message_changed:
        return "not-met", frozenset(words)  # nothing at all was done
    if about_message and not words and not message_changed and not code.hunks:
        return "not-met", frozenset(words)
    # "With the above adjusted": the points above the tag, on the code or quoting the
    # commit message
    anchored = [c for c in giver_mail_comments if c.file is not None or c.message is not None]
    if anchored and all(c.status == "addressed" for c in anchored):
        return "met", frozenset(words)
    return "unknown", frozenset(words)
