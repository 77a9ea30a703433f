"""Trailers (`Acked-by: Name <addr>`): parsing, canonical names, people, and who gave them.

b4's `LoreMessage.find_trailers` was the reference for what counts as a trailer in a reply
(a person trailer needs an address; links only in link trailers; the signature ends the
search) and for matching a trailer's person to the reply's sender.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from patchlint import lazyre
from patchlint.model.message import Address

# Canonical spellings; anything else ending in "-by" is kept as a person trailer too.
CANONICAL = {
    name.lower(): name
    for name in (
        "Signed-off-by",
        "Acked-by",
        "Reviewed-by",
        "Tested-by",
        "Reported-by",
        "Suggested-by",
        "Co-developed-by",
        "Release-Acked-by",
        "Requested-by",
        "Debugged-by",
        "Bisected-by",
        "Analyzed-by",
        "Helped-by",
        "Originally-by",
        "Cc",
        "Fixes",
        "Link",
        "Closes",
        "BugLink",
        "Based-on",
        "Message-ID",
        "Change-Id",
        "Base-commit",
        "Obsoleted-by",
        "Supersedes",
        "Depends-on",
        "Backport-of",
        "Tested-and-acked-by",
    )
}
REVIEW_TRAILERS = frozenset(
    {"acked-by", "reviewed-by", "tested-by", "release-acked-by", "tested-and-acked-by"}
)
UTILITY = frozenset(
    {
        "fixes",
        "link",
        "buglink",
        "closes",
        "obsoleted-by",
        "message-id",
        "change-id",
        "base-commit",
        "based-on",
        "supersedes",
        "depends-on",
        "backport-of",
    }
)
_IGNORED = frozenset({"phone", "mail", "email", "e-mail", "subject", "date", "from", "to"})

_LINE = lazyre.compile(r"^\s*([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*):[ \t]*(\S.*)$")
MAX_TRAILER_LINE = 1000  # longer lines are not trailers (and must not feed the regexes)
# a name ends at a non-blank and an address starts where a run of address characters
# starts: either way, no two repeats can share the same characters (that is quadratic)
_PERSON = lazyre.compile(r"^((?:[^<]*?[^< \t])?)[ \t]*<([^<>]*)>[ \t]*(.*)$")
# no `@` in the parts, and a start only where a part starts: linear, where `\S+@\S+\.\S+`
# is cubic on `-@-@-@...`
_EMAILISH = lazyre.compile(r"(?<![^\s@])[^\s@]+@[^\s@]+\.[^\s@]+")
_BARE_PERSON = lazyre.compile(  # `Name addr@host`, or `Name <addr@host` missing its `>`
    r"^((?:[^<>@]*?[^<>@ \t])?)[ \t]*<?(?<![^\s<>@()\"',;])"
    r"([^\s<>@()\"',;]+@[^\s<>@()\"',;]+\.[^\s<>@()\"',;]+)"
    r"[ \t]*(.*)$"
)
_EXTINFO = lazyre.compile(r"^(.*\S)(\s+#.*)$")
_MAILTO = lazyre.compile(r"<mailto:[^>]*>")
_WRAPPED_REPLY_TRAILER = lazyre.compile(r"^(\S+:\s+[^<\s][^<\n]*)\n(<[^>\n]+>)$", re.M)
_FIXES_HASH = lazyre.compile(r"^[0-9a-f]{6,}")  # b4's test for a Fixes: value
# a robot's lead-in to the tags it suggests for a fix (kernel test robot, syzbot)
_SUGGESTION = lazyre.compile(
    r"\b(?:add|include|use)\s+(?:the\s+)?following\s+(?:tags?|trailers?|lines?)\b"
    r"|\btags?\s+as\s+appropriate\b|\badd\s+(?:this|these|the)\s+tags?\s+to\s+(?:the|your)\s+commit",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Trailer:
    """One trailer line. `name` keeps the spelling used; `canonical` is for comparisons."""

    name: str
    value: str
    person: Address | None = None
    extinfo: str | None = None
    line: int = 0
    wrapped: bool = False  # written over more than one line (a continuation was joined)

    @property
    def lname(self) -> str:
        return self.name.lower()

    @property
    def canonical(self) -> str:
        return CANONICAL.get(self.lname) or self.name[:1].upper() + self.name[1:].lower()

    @property
    def is_review(self) -> bool:
        """Acked-by, Reviewed-by, Tested-by, Release-Acked-by and the like."""
        return self.lname in REVIEW_TRAILERS or (
            self.lname.endswith("-by")
            and self.lname not in CANONICAL
            and any(w in self.lname for w in ("ack", "review", "test"))
        )

    def __str__(self) -> str:
        return f"{self.name}: {self.value}{self.extinfo or ''}"


def make_trailer(name: str, value: str, line: int = 0, *, wrapped: bool = False) -> Trailer:
    """Build a trailer from its name and raw value: split `# area` info, find the person."""
    value = _MAILTO.sub("", value).strip()
    extinfo = None
    m = _EXTINFO.match(value)
    # a `#` inside a quoted or parenthesised part is text, not a `# area` suffix:
    # `Fixes: 315562c9af3d ("x86/sev-es: Adjust #VC IST Stack on entering NMI handler")`
    if m and not value.lower().startswith("http") and _balanced(m.group(1)):
        value, extinfo = m.group(1), m.group(2)
    person: Address | None = None
    if name.lower() not in UTILITY:
        pm = _PERSON.match(value)
        if pm:
            person = Address(name=pm.group(1).strip().strip('"'), email=pm.group(2).strip())
            if pm.group(3) and not extinfo:
                extinfo = " " + pm.group(3)
                value = value[: len(value) - len(pm.group(3))].rstrip()
        elif _EMAILISH.fullmatch(value):
            person = Address(name="", email=value)
        elif bm := _BARE_PERSON.match(value):
            # `Name addr@example.com` without the <> (or without the >): still a person,
            # so a reply's trailer is checked against its sender like any other
            person = Address(name=bm.group(1).strip().strip('"'), email=bm.group(2))
            if bm.group(3) and not extinfo:
                extinfo = " " + bm.group(3)
                value = value[: len(value) - len(bm.group(3))].rstrip()
    return Trailer(
        name=name, value=value, person=person, extinfo=extinfo, line=line, wrapped=wrapped
    )


def _balanced(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("(") == text.count(")")


def is_trailer_name(name: str) -> bool:
    """Names accepted in a commit message's trailer block."""
    low = name.lower()
    return low in CANONICAL or low.endswith("-by") or low in UTILITY


def parse_trailer_line(line: str, number: int = 0) -> Trailer | None:
    """A trailer if `line` is one (by name), else None."""
    if len(line) > MAX_TRAILER_LINE:
        return None
    m = _LINE.match(line)
    if not m or not is_trailer_name(m.group(1)):
        return None
    return make_trailer(m.group(1), m.group(2).rstrip(), number)


_TOKEN_LINE = lazyre.compile(r"^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*):[ \t]+(\S.*)$")


def _block_item(line: str) -> tuple[str, str, bool] | None:
    """(name, value, known name) if `line` is a line of a trailer block: a trailer by name,
    or any other `Token: value` line that starts the line (git interpret-trailers takes
    `To:`, `Cc:` or `Change-Id:` as trailers too; `b4 prep` leaves `To:` lines in commit
    messages)."""
    if len(line) > MAX_TRAILER_LINE:
        return None
    m = _LINE.match(line)
    if m and is_trailer_name(m.group(1)):
        return m.group(1), m.group(2).rstrip(), True
    m = _TOKEN_LINE.match(line)
    return (m.group(1), m.group(2).rstrip(), False) if m else None


def _line_kinds(items: list[tuple[str, str, bool] | None], lines: list[str]) -> list[str]:
    """Per line of a paragraph: "trailer"; "cont" when it continues the trailer above
    (indented, an `<address>`, a `[note]`, or the line that closes a parenthesis the trailer
    left open, as in a wrapped `Fixes:` title); else "other"."""
    kinds: list[str] = []
    depth: int | None = None  # open parentheses of the trailer above; None: no trailer above
    for item, line in zip(items, lines, strict=True):
        if item is not None:
            kinds.append("trailer")
            depth = item[1].count("(") - item[1].count(")")
        elif depth is not None and _is_continuation(line):
            kinds.append("cont")
            depth += line.count("(") - line.count(")")
        elif depth and line.rstrip().endswith(")") and line.count(")") - line.count("(") >= depth:
            kinds.append("cont")
            depth = 0
        else:
            kinds.append("other")
            depth = None
    return kinds


def _trailer_paragraph(lines: list[str], *, last: bool) -> bool:
    """Every line `Token: value` or a continuation of the one above, with a trailer name among
    them, so a closing `Note: ...` sentence is not a block. The last paragraph may also mix
    in other lines when it has a `Signed-off-by:` and at least a quarter of its lines are
    trailers: git interpret-trailers' rule, which keeps the sign-off of a message ending in
    `[dwmw2: fixed X]` or `Testcases ran: ...` lines."""
    if not lines:
        return False
    items = [_block_item(line) for line in lines]
    kinds = _line_kinds(items, lines)
    if kinds[0] == "trailer" and "other" not in kinds and any(i and i[2] for i in items):
        return True
    signed = any(
        i is not None and i[0].lower() == "signed-off-by" and not line[:1].isspace()
        for i, line in zip(items, lines, strict=True)
    )
    if not last or not signed:
        return False
    return kinds.count("trailer") * 3 >= len(lines) - kinds.count("trailer")


def split_trailer_block(message: str) -> tuple[str, list[Trailer]]:
    """Split a commit message into its text and its trailing trailer block.

    The block is the run of paragraphs at the end made of `Token: value` lines, each with a
    trailer name among them (blank lines between trailer groups allowed; see
    `_trailer_paragraph` for the mixed last paragraph git accepts); a line that only
    continues the previous trailer is joined to it, so a wrapped trailer still counts.
    """
    lines = message.rstrip().split("\n")
    start = len(lines)
    while start > 0:
        end = start
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        begin = end
        while begin > 0 and lines[begin - 1].strip():
            begin -= 1
        if begin == end or not _trailer_paragraph(lines[begin:end], last=start == len(lines)):
            break
        start = begin
    trailers: list[Trailer] = []
    paragraph_start = start
    for offset in range(start, len(lines) + 1):
        if offset < len(lines) and lines[offset].strip():
            continue
        paragraph = lines[paragraph_start:offset]
        items = [_block_item(line) for line in paragraph]
        for number, (item, line, kind) in enumerate(
            zip(items, paragraph, _line_kinds(items, paragraph), strict=True), paragraph_start + 1
        ):
            if item is not None:
                trailers.append(make_trailer(item[0], item[1], number))
            elif kind == "cont":
                prev = trailers[-1]
                stripped = line.strip()
                if stripped.startswith("[") and stripped.endswith("]"):
                    trailers[-1] = Trailer(
                        prev.name,
                        prev.value,
                        prev.person,
                        (prev.extinfo or "") + " " + stripped,
                        prev.line,
                        prev.wrapped,
                    )
                else:
                    trailers[-1] = make_trailer(
                        prev.name, f"{prev.value} {stripped}", prev.line, wrapped=True
                    )
        paragraph_start = offset + 1
    text = "\n".join(lines[:start]).rstrip()
    return text, trailers


def _is_continuation(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and (
        line[:1] in (" ", "\t")
        or (stripped.startswith("<") and stripped.endswith(">") and "@" in stripped)
        or (stripped.startswith("[") and stripped.endswith("]"))
    )


_NAME_WORD = lazyre.compile(r"[^\W\d_]+")


def _named_sender(name: str, value: str, number: int, sender: Address | None) -> Trailer | None:
    """`Reviewed-by: Name` naming the sender: at least two words, all in the sender's name."""
    if sender is None or not sender.email:
        return None
    tr = make_trailer(name, value, number)
    named = _NAME_WORD.findall(value.lower())
    if not tr.is_review or len(named) < 2 or len(named) > 4:
        return None
    if not set(named) <= set(_NAME_WORD.findall((sender.name or "").lower())):
        return None
    return replace(tr, person=Address(name=value.strip(), email=sender.email))


def find_reply_trailers(text: str, sender: Address | None = None) -> list[Trailer]:
    """Person trailers given in a reply's own (unquoted) text, as b4 collects follow-ups.

    Only lines not quoted and above the signature; a person trailer needs an address, and a
    link only counts in a link trailer. Of the other trailers only links, `Fixes:` naming a
    commit hash and `Obsoleted-by:` count: a `Cc:` or `base-commit:` line in a reply is a
    pasted mail header or a note about a tree, never given for the patch (b4 skips them).
    Tags a robot suggests for a fix ("If you fix the issue, kindly add following tag as
    appropriate" above `Reported-by: kernel test robot <lkp@intel.com>`, syzbot's "please
    add the following tag to the commit") are not given for this patch: the lines after
    such a lead-in, to the end of its paragraph, are skipped (b4 would take them).

    Unlike b4, a review tag that names the `sender` without an address ("Reviewed-by:
    Michael Kelley" from "Michael Kelley (LINUX) <mikelley@...>") is taken with the sender's
    address: authors carry such tags with the address filled in.
    """
    out: list[Trailer] = []
    body = text.split("\n-- \n", 1)[0]
    wrapped: set[int] = set()  # line numbers (after joining) of trailers written on two lines

    def join(m: re.Match[str]) -> str:
        wrapped.add(body.count("\n", 0, m.start()) - len(wrapped) + 1)
        return f"{m.group(1)} {m.group(2)}"

    body = _WRAPPED_REPLY_TRAILER.sub(join, body)
    suggested = False  # in a paragraph a robot's "kindly add following tag" introduced
    for number, line in enumerate(body.split("\n"), 1):
        if not line.strip():
            suggested = False
            continue
        if len(line) < MAX_TRAILER_LINE and _SUGGESTION.search(line):
            suggested = True
            continue
        if suggested or len(line) > MAX_TRAILER_LINE or line.lstrip().startswith(">"):
            continue
        m = _LINE.match(line)
        if not m:
            continue
        name, value = m.group(1), m.group(2).rstrip()
        low = name.lower()
        if low in _IGNORED or not name.isascii():
            continue
        if low in UTILITY:
            if low in ("link", "buglink", "closes") or (
                low in ("fixes", "obsoleted-by")
                and not re.search(r"https?://", value)
                and (low != "fixes" or _FIXES_HASH.match(value))
            ):
                out.append(make_trailer(name, value, number))
            continue
        if not low.endswith("-by"):
            continue
        if not _EMAILISH.search(value):
            named = _named_sender(name, value, number, sender)
            if named is not None:
                out.append(named)
            continue
        out.append(make_trailer(name, value, number, wrapped=number in wrapped))
    return out


_PLUS_TAG = lazyre.compile(r"\+[^@]+@")


def same_address(a: str, b: str) -> bool:
    """One mailbox, as b4 compares a trailer's address with the sender's: case-insensitive,
    ignoring a `+tag` in the local part, and one extra subdomain level on either side
    (ssengar@linux.microsoft.com is ssengar@microsoft.com)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if "@" not in a or "@" not in b:
        return False
    a, b = _PLUS_TAG.sub("@", a), _PLUS_TAG.sub("@", b)
    if a == b:
        return True
    alocal, adomain = a.split("@", 1)
    blocal, bdomain = b.split("@", 1)
    if alocal != blocal or abs(adomain.count(".") - bdomain.count(".")) != 1:
        return False
    return adomain.endswith(f".{bdomain}") or bdomain.endswith(f".{adomain}")


def same_person(a: Address, b: Address) -> bool:
    """Same address (see `same_address`), else equal display names (as b4 accepts)."""
    if a.email and b.email and same_address(a.email, b.email):
        return True
    an, bn = " ".join(a.name.lower().split()), " ".join(b.name.lower().split())
    if an and an == bn:
        return True
    if "," in bn and an:
        return all(chunk.strip() in an for chunk in bn.split(","))
    return False


def same_sender(a: Address, b: Address) -> bool:
    """The same person sent both (`same_person` either way round)."""
    return same_person(a, b) or same_person(b, a)


MIN_HANDLE = 3  # letters a shortened name must keep to be told from chance


def _letters(text: str) -> str:
    """The text's letters, lower-cased, accents dropped (`Monné` -> `monne`)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if "a" <= ch <= "z")


def abbreviates(address: str, name: str) -> bool:
    """Is the address's local part the name shortened: its letters are the name's, in order,
    from the start of one of its words (`dmkhn@` for Denis Mukhin, `jbeulich@` for Jan
    Beulich, `roger.pau@` for Roger Pau Monné, `mukhin@`)?"""
    local = _letters(address.split("@", 1)[0])
    words = [w for w in (_letters(part) for part in name.split()) if w]
    if len(local) < MIN_HANDLE:
        return False
    for start in range(len(words)):
        rest = iter("".join(words[start:]))
        if words[start][0] == local[0] and all(ch in rest for ch in local):
            return True
    return False


def signs_as(sender: Address, person: Address) -> bool:
    """Is a tag naming `person`, in `sender`'s own words, the sender's own? The same person
    either way round; or a sender with no display name (a bare `dmkhn@proton.me`, which
    no name can be compared with) whose address is the tag's name shortened, signing
    with the address they review under (`Reviewed-by: Denis Mukhin <dmukhin@ford.com>`,
    xen-devel, July 2025)."""
    if same_sender(sender, person):
        return True
    return (
        not sender.name.strip()
        and bool(sender.email)
        and bool(person.name.strip())
        and abbreviates(sender.email, person.name)
    )
