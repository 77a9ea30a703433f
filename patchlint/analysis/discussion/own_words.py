"""The reply's own words: the one reading of a reply that every analysis of the discussion
shares (review comments, answers, holds and outcomes, trailers written without an address).

1. What the sender wrote at all (`reply_text`): everything above a scissors line (a proposed
   patch), the signature (`-- `), a mailing-list footer (a line of 20 underscores), an
   Outlook original-message block (`-----Original Message-----` and its translations, or a
   `From:` line directly followed by `Sent:` with an unquoted original below its header;
   with a quote below, that header is only the quote's attribution).
2. Quoted and own runs (`segments`): quoted lines (`> `, `>> `, `> > `) de-quoted with their
   depth; the sender's own lines between them; an unquoted diff (a patch pasted without
   scissors) and the rest of its run dropped.
3. Attribution (`is_attribution`): `On <date>, X wrote:` and its relatives (`X writes
   ("..."):`, `Quoting X (...)`, a date-time-address line), wrapped over up to four lines, and
   blocks of `From:`/`Date:` header lines. The tail of an own run that introduces the quote
   after it, and an own paragraph that is nothing else, are not the sender's words.

`own_text` is all own runs without attribution, trailers kept (what holds, NAKs, outcomes
and malformed reply trailers are read from); `clean_own_words` is one own run read as a
review comment: also without greeting, closing, the sender's name, trailers and snip
markers. The model's `unquoted_text` is not this reading: it is b4's rule for where a
reply's trailers are collected from, which patchlint follows to agree with b4.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from patchlint import lazyre
from patchlint.model.body import DIFF_START, SIGNATURE, split_scissors
from patchlint.model.message import Address
from patchlint.model.trailer_words import around_lines
from patchlint.model.trailers import parse_trailer_line

MAX_LINE = 4_000  # longer lines are cut before any matching (hostile input)
MAX_LINES = 50_000  # lines of one body that are read at all
MAX_HEADER_LINES = 20  # lines of an Outlook header block looked through

_QUOTE_PREFIX = lazyre.compile(r"^(?: ?>)(?:[ \t]?>)*")
_FOOTER = "_" * 20
# `-----Original Message-----` and its translations (`----- Ursprüngliche Mail -----`)
_OUTLOOK = lazyre.compile(
    r"^\s*-{3,}\s*(?:[\w'’]+\s+){0,2}(?:message|mail|nachricht|original|messaggio|"
    r"mensaje)(?:\s+[\w'’]+){0,2}\s*-{3,}\s*$",
    re.I,
)
# Outlook's header of the original below a reply: `From: ...` then `Sent: ...`
_OUTLOOK_FROM = lazyre.compile(r"^from: ", re.I)
_OUTLOOK_SENT = lazyre.compile(r"^sent: ", re.I)
_ATTRIBUTION = lazyre.compile(
    r"(?:\b(?:wrote|writes|said|schrieb|a\s+écrit|escribió|escreveu|ha\s+scritto|scrisse"
    r"|schreef|skrev|kirjoitti|napisał|napsal|написал|написала|пишет|napisao|yazdı)"
    r"(?!\w).{0,250}[:：]\s*$"
    # Chinese and Japanese: `在 2023/5/24 16:10, X 写道:`, `X さんは書きました:`
    r"|(?:写道|寫道|書きました|작성)[\s:：]*$"
    r"|^quoting\b.*\)\s*:?\s*$|^\* .{0,200}\[[^\]]*\]:\s*$|^excerpts from .*:\s*$"
    # `Wed, 29 Apr 2026 14:36:36 +0200 Name <addr>:` (a date, a time, an address)
    r"|^.{0,80}\b\d{1,2}:\d{2}\b.{0,120}<[^<>@\s]+@[^<>\s]+>[^:]{0,20}:\s*$"
    # a bare address, with or without a name, and a colon: `Jane Doe <jane@example.org>:`
    r"|^(?:\"?[^\"<>@:]{0,60}\"?\s)?<?[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}>?"
    r"\s?[:：]\s*$)",
    re.I,
)
_ATTRIBUTION_ENDS = (":", "：", ")", "写道", "寫道", "書きました", "작성")
_ON_DATE = lazyre.compile(r"^On\s.{0,150}\d[^.?!]{0,80}$")
_HEADER_LINE = lazyre.compile(r"^(?:From|Date|Sent|To|Cc|Subject|Reply-To):\s", re.I)
_GREETING = lazyre.compile(
    r"^(?:(?:hi|hello|hey|hallo|dear|greetings|good (?:morning|afternoon|evening)|howdy)\b"
    r"[^.?]{0,60}|(?:hi|hello|hey|dear)\s+[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?[.!]"
    r"|(?:thanks|thank you|thankyou|thx)\b[^.?]{0,40},)$",
    re.I,
)
_CLOSING = lazyre.compile(
    r"^(?:thanks?(?: you)?(?: again| a lot| very much| in advance)?|thx|tia|ta|cheers|"
    r"regards|best|best regards|kind regards|warm regards|with regards|br|many thanks|"
    r"sincerely|yours|thank you|all the best)[\s,.!]*$",
    re.I,
)
_SNIP = lazyre.compile(
    r"^\s*(?:\[\s*(?:\.\.\.|…|snip(?:ped)?|cut)\s*\]|<\s*snip\s*>|\.\.\.|…|snip)\s*$", re.I
)
# `[ ... hunks unrelated to the comments below ... ]`: an editor's note about the quote
_EDITORIAL = lazyre.compile(r"^\[\s*(?:\.\.\.|…).*\]$", re.S)
_WORD = lazyre.compile(r"[\w'-]+")
_THANKS = lazyre.compile(r"^(?:many |thanks|thank you|thx|ta|cheers)\b", re.I)
ACK_MAX_WORDS = 8


@dataclass(slots=True, unsafe_hash=True)
class QLine:
    """One line of a reply: its quote depth (0 = the sender's own) and its text without the
    quote markers (`> `, `>> `, `> > `). Never changed once made (the lines of a `Reading`
    are shared by every analysis of the reply), but not `frozen`: a frozen dataclass sets
    each field through `object.__setattr__`, 2.4x the cost of making one, and one is made
    for every line of every reply (hashed and compared by its fields all the same)."""

    depth: int
    text: str


@dataclass(slots=True)
class Segment:
    """A run of quoted lines (any depth) or of the sender's own lines."""

    quoted: bool
    lines: list[QLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def dequote(line: str) -> QLine:
    """`> > +foo` -> depth 2, `+foo`; one space after the last marker belongs to it."""
    if not line.startswith((">", " >")):  # most lines: no marker, no pattern to run
        return QLine(0, line)
    m = _QUOTE_PREFIX.match(line)
    if m is None:
        return QLine(0, line)
    prefix = m.group(0)
    rest = line[m.end() :]
    if rest[:1] == " ":
        rest = rest[1:]
    return QLine(prefix.count(">"), rest)


# a line `_ends_mail` may end the mail at: the signature, a footer, one holding `---`, one
# starting `f` or `F` (each other line is passed over inside one pattern, not by a call)
_MAY_END = lazyre.compile(r"^(?:-- |_{20}|[fF]|[^\n]*---)", re.M)


def _ends_mail(lines: list[str], i: int) -> bool:
    line = lines[i]
    return (
        line == SIGNATURE
        or line.startswith(_FOOTER)
        # both patterns need a first character most lines lack: `-` (after spaces), `f`
        or ("---" in line and _OUTLOOK.match(line) is not None)
        or (line[:1] in ("f", "F") and _forwarded_original(lines, i))
    )


def _forwarded_original(lines: list[str], i: int) -> bool:
    """`From: ...` and `Sent: ...` at line i, and below the header block an unquoted text:
    Outlook's original, forwarded under a top-posted reply. Followed by a quote, the header
    only attributes that quote (an attribution, not the end of the sender's words)."""
    if not (
        _OUTLOOK_FROM.match(lines[i]) and i + 1 < len(lines) and _OUTLOOK_SENT.match(lines[i + 1])
    ):
        return False
    for line in lines[i + 2 : i + 2 + MAX_HEADER_LINES]:
        if line.strip() and not _HEADER_LINE.match(line) and not line[:1].isspace():
            return dequote(line).depth == 0
    return True


def reply_text(body: str) -> str:
    """The part of a reply that is the sender's mail: above a scissors line, the signature,
    a list footer or an (unquoted) Outlook original-message block."""
    above, _ = split_scissors(body)
    lines = above.split("\n")[:MAX_LINES]
    i = start = 0
    for m in _MAY_END.finditer(above):  # the lines `_ends_mail` may say yes to, in order
        i += above.count("\n", start, m.start())
        start = m.start()
        if i >= len(lines):
            break
        if _ends_mail(lines, i):
            return "\n".join(lines[:i])
    return "\n".join(lines)


def segments(body: str) -> list[Segment]:
    """The reply cut into alternating quoted and own runs. Blank own lines join the run they
    sit in; an unquoted diff (a patch pasted into the reply) and the rest of its run are
    dropped."""
    # each caller gets its own Segments (they are mutable); the lines are shared (frozen)
    return [Segment(quoted, list(lines)) for quoted, lines in read_reply(body).runs]


@dataclass(frozen=True, slots=True)
class Reading:
    """A reply read once: its quoted and own runs (`segments`, as tuples) and its own words
    (`own_text`). Immutable, so every analysis that reads the reply (comments, outcomes,
    holds, trailers given in words, withdrawals) shares the one record."""

    runs: tuple[tuple[bool, tuple[QLine, ...]], ...]
    own_text: str


@functools.lru_cache(maxsize=512)
def read_reply(body: str) -> Reading:
    """The reply's `Reading`, remembered by the body's text: the comment, trailer,
    withdrawal and outcome analyses each read every reply of a series (about six readings
    a reply)."""
    runs = _runs(body)
    return Reading(runs, _own_text(runs))


def _runs(body: str) -> tuple[tuple[bool, tuple[QLine, ...]], ...]:
    """`segments` as tuples (see there)."""
    out: list[Segment] = []
    skipping = False
    lines = reply_text(body).split("\n")
    marker = _QUOTE_PREFIX.match
    for i, raw in enumerate(lines):
        raw = raw[:MAX_LINE]
        # `dequote`, written out: a call per quoted line was a third of the cut
        m = marker(raw) if raw.startswith((">", " >")) else None
        if m is None:
            q = QLine(0, raw)
            quoted = False
        else:
            rest = raw[m.end() :]
            q = QLine(m.group(0).count(">"), rest[1:] if rest[:1] == " " else rest)
            quoted = True
        if not quoted and skipping:
            continue
        skipping = False
        if (
            not quoted
            and (raw.startswith(("diff ", "Index: ", "--- ")))
            and DIFF_START.match(raw + "\n" + (lines[i + 1] if i + 1 < len(lines) else ""))
        ):
            skipping = True
            continue
        if not quoted and not raw.strip() and out:
            out[-1].lines.append(
                QLine(0, "") if not out[-1].quoted else QLine(out[-1].lines[-1].depth, "")
            )
            continue
        if out and out[-1].quoted == quoted:
            out[-1].lines.append(q)
        else:
            out.append(Segment(quoted, [q]))
    for seg in out:
        while seg.lines and not seg.lines[-1].text.strip():
            seg.lines.pop()
        if not seg.quoted:
            while seg.lines and not seg.lines[0].text.strip():
                seg.lines.pop(0)
    return tuple((s.quoted, tuple(s.lines)) for s in out if s.lines)


# -- attribution ---------------------------------------------------------------------------


def is_attribution(lines: list[str]) -> bool:
    """`On <date>, X wrote:` and its relatives, possibly wrapped over up to four lines, or a
    block of `From:`/`Date:` header lines (a forwarded or Outlook-quoted header)."""
    if not lines or len(lines) > 4:
        return False
    return _is_attribution(tuple(lines))


@functools.lru_cache(maxsize=2048)
def _is_attribution(lines: tuple[str, ...]) -> bool:
    """`is_attribution` of one to four lines, remembered: every reading of a reply (its
    comments, its outcome, its trailers) asks it of the same paragraphs."""
    if all(_HEADER_LINE.match(line) for line in lines):
        return True
    joined = " ".join(line.strip() for line in lines)
    # every form of `_ATTRIBUTION` ends on a colon, a `)` or a CJK "wrote" (then maybe
    # whitespace): most paragraphs end otherwise and need not run the long pattern
    return (
        len(joined) < 400
        and joined.rstrip().endswith(_ATTRIBUTION_ENDS)
        and _ATTRIBUTION.search(joined) is not None
    )


def opens_with_header(lines: list[str]) -> bool:
    """A quoted block that starts with Outlook's `-----Original Message-----` or a
    `From:`/`Sent:` header block: the quote's own attribution, so the block is a quote even
    though its first lines occur in no earlier mail."""
    head = [line for line in lines[:MAX_HEADER_LINES] if line.strip()][:2]
    if not head:
        return False
    if _OUTLOOK.match(head[0]):
        return True
    return len(head) == 2 and all(_HEADER_LINE.match(line) for line in head)


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paras: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paras[-1].append(line)
        elif paras[-1]:
            paras.append([])
    return [p for p in paras if p]


def _without_attribution(paras: list[list[str]]) -> list[list[str]]:
    """Own paragraphs without the attribution of the quote that follows them (the last
    paragraph, or its last lines), paragraphs that are only an attribution or header lines
    (quoted-header blocks), and an editor's note about what was cut from the quote."""
    if paras:
        last = paras[-1]
        for k in range(1, min(4, len(last)) + 1):  # the shortest tail that is one
            if is_attribution(last[-k:]):
                del last[-k:]
                # `On Tue, 10 Mar 2026 12:49:12 +0100` / `Name <addr> wrote:`, wrapped
                if last and _ON_DATE.match(last[-1].strip()):
                    last.pop()
                break
        if not last:
            paras.pop()
    return [
        p
        for p in paras
        if not is_attribution(p) and not _EDITORIAL.match(" ".join(line.strip() for line in p))
    ]


def own_text(body: str) -> str:
    """Everything the sender wrote in their own words, run after run, without attribution
    lines; trailers, greetings and closings kept. Runs are separated by a blank line, so
    words on either side of a quote are never read as one sentence."""
    return read_reply(body).own_text


def _own_text(runs: tuple[tuple[bool, tuple[QLine, ...]], ...]) -> str:
    """`own_text` of a reply's runs."""
    out = []
    for quoted, lines in runs:
        if quoted:
            continue
        paras = _without_attribution(_paragraphs([q.text for q in lines]))
        if paras:
            out.append("\n\n".join("\n".join(p) for p in paras))
    return "\n\n".join(out)


# -- one run read as a review comment ----------------------------------------------------


def _is_person_trailer(line: str) -> bool:
    """`Acked-by: Name <addr>` and the like; a `Fixes:` line a reviewer suggests is content."""
    tr = parse_trailer_line(line.strip())
    return tr is not None and tr.lname.endswith("-by") and tr.person is not None


_PAREN = lazyre.compile(r"\([^()]{0,30}\)")  # `- Easwar (he/him)`
_SPELLED = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=256)
def _name_parts(author: Address) -> frozenset[str]:
    """The ways a sender signs: each name, its initial, the whole name, the address's local
    part; with accents dropped and German umlauts spelt out (Jürgen: jurgen, juergen).
    Remembered by the sender: asked of each line that may sign each of their comments."""
    parts: set[str] = set()
    for name in {author.name, _ascii(author.name), author.name.translate(_SPELLED)}:
        parts |= _one_name_parts(name)
    local = author.email.split("@")[0].lower()
    if local:
        parts.add(local)
    return frozenset(parts)


def _one_name_parts(name: str) -> set[str]:
    parts: set[str] = set()
    name = name.replace(",", " ")
    words = [w for w in name.split() if w]
    for w in words:
        parts.add(w.lower())
        parts.add(w[0].lower())
    if words:
        parts.add(" ".join(w.lower() for w in words))
    return parts


def _is_name_line(line: str, author: Address | None) -> bool:
    """A line that only signs the mail: the sender's name, first name or initial
    (`~Andrew`, `Ian.`, `J`, `-- Jan`)."""
    text = _PAREN.sub("", line).strip().strip("~-–—.,!:;*/").strip()
    if not text or len(text) > 60:
        return False
    if author is None:
        return False
    names = _name_parts(author)
    low = " ".join(text.lower().split())
    return low in names or all(w in names for w in low.split())


SIGNATURE_LINES = 3  # short lines under a closing ("Regards,") that sign the mail


def _under_closing(para: list[str]) -> bool:
    """The paragraph ends with a closing ("Thanks,", "Regards,") and at most
    SIGNATURE_LINES short lines under it (a name, a title, a company)."""
    for k in range(2, min(SIGNATURE_LINES + 1, len(para)) + 1):
        if _CLOSING.match(para[-k].strip()):
            below = [line.strip() for line in para[-k + 1 :]]
            return all(len(line.split()) <= 4 and not line.endswith(("?", ":")) for line in below)
    return False


def clean_own_words(lines: list[str], author: Address | None) -> str:
    """One own run read as a review comment: the sender's words without attribution,
    greeting, closing, signature name, trailers and snip markers; '' when nothing is left."""
    body = [line for line in lines if not _SNIP.match(line)]
    around = around_lines(body)  # trailers, and their scope, condition and asides
    kept = [line for i, line in enumerate(body) if i not in around and not _is_person_trailer(line)]
    paras = _without_attribution(_paragraphs(kept))
    if not paras:
        return ""
    # greeting on the first line (`Hi Ann,`, or a name alone: `Li,`)
    first = paras[0]
    head = first[0].strip()
    if (_GREETING.match(head) and len(head.split()) <= 6) or (
        head.endswith(",") and len(head.split()) <= 2 and len(first) == 1
    ):
        first.pop(0)
        if not first:
            paras.pop(0)
    # closing and name at the end, paragraph by paragraph from the last
    while paras:
        last = paras[-1]
        while last:
            line = last[-1].strip()
            if (
                _CLOSING.match(line)
                or _is_name_line(line, author)
                # short lines under `Thanks,`: a name, a title, a company we cannot check
                or _under_closing(last)
            ):
                last.pop()
                continue
            break
        if last:
            break
        paras.pop()
    # a paragraph that only signs the mail, before trailing references (`[1] https://...`)
    paras = [
        p
        for k, p in enumerate(paras)
        if k == 0
        or not all(_CLOSING.match(line.strip()) or _is_name_line(line, author) for line in p)
    ]
    # a leading or trailing thanks-only line around real text
    while paras and len(paras[0]) == 1 and is_thanks(paras[0][0]) and len(paras) > 1:
        paras.pop(0)
    while paras and len(paras[-1]) == 1 and is_thanks(paras[-1][0]) and len(paras) > 1:
        paras.pop()
    return "\n\n".join("\n".join(p).rstrip() for p in paras).strip()


def is_thanks(text: str) -> bool:
    """Thanks and nothing else (`Thanks!`, `Many thanks, applied`): no question, few words."""
    words = _WORD.findall(text)
    return (
        bool(words)
        and len(words) <= ACK_MAX_WORDS
        and _THANKS.match(text.strip()) is not None
        and "?" not in text
    )
