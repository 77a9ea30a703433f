"""What is wrong with single trailers and with a patch's sign-offs: the facts the rules
missing-signoff (TR003), signoff-author-mismatch (TR004) and malformed-trailer (TR005) judge.

A missing sign-off (`SignoffVerdict.problem == "missing"`): a posted patch (a diff, and a
  subject tagged `[PATCH ...]`, `[RFC ...]` or numbered n/m: not a question with a sketch in
  it, not a bot's commit notice) carries no `Signed-off-by` from its author (`Patch.author`:
  the in-body `From:` when there is one, else the mail's sender). A sign-off is the author's
  when it names the author's address, the author's name, or an address the thread shows the
  author using (see `analysis.people`). A patch whose in-body `From:` has no address has no
  known author: any sign-off will do. A misspelt sign-off (`Sign-off-by`) is TR005's, not
  also TR003's. A `From:`/`Author:` line inside the message (a stable review mail, a
  forwarded patch) names an author too; passing for either does.

A mismatched sign-off (`"mismatch"`): checkpatch's "From:/Signed-off-by: email address
  mismatch". The author has a sign-off (by name, or by an address linked to the author), but
  no sign-off of the patch uses the author's address. Addresses compare case-insensitively
  and without a `+tag` sub-address (checkpatch reports those separately, as a mere "check";
  we do not). A sign-off whose address is unusable (no `@`) is left to TR005, so one mistake
  is reported once. A different spelling of the name with the same address is not reported
  ("Zhang, Xiantao" / "Xiantao Zhang" are the same name to a reader).

A malformed trailer (`TrailerProblem`), for each person trailer (`...-by:`) in a patch's
  trailer block or in a reply's own text:
  - `no-address`: no address at all, or one without a usable `@` (`<x.y.intel.com>`);
    in a reply, b4 would not pick such a trailer up, so it is reported there too;
    `unbracketed-address`: `Name addr@host` without the `<>` tools need to find it.
    Only known person trailers (and misspellings of them) need an address; `Assisted-by:
    AGENT:MODEL` (the kernel's rule for coding assistants) and names unknown to us do not;
  - `misspelt`: a name no tree uses, close to one that is used (see `misspelt_name`);
  - `wrapped`: written over two lines (the address on the next line); git interpret-trailers
    and b4 read only the first line, so the person is lost.
  One `TrailerProblem` per trailer, listing every problem it has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from patchlint import lazyre
from patchlint.analysis.discussion.own_words import own_text
from patchlint.analysis.people import People, name_key, usable_email
from patchlint.model.address import parse_address
from patchlint.model.message import Address, sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Series
from patchlint.model.trailers import CANONICAL, UTILITY, Trailer, parse_trailer_line

# Person trailers in use in real trees besides model.trailers.CANONICAL (counted on the
# linux-hyperv archive and on kernel/Xen history); they are never reported as misspelt.
KNOWN_PERSON_TRAILERS = frozenset(
    {k for k in CANONICAL if k.endswith("-by")}
    | {
        "nacked-by",
        "assisted-by",
        "co-authored-by",
        "based-on-idea-by",
        "fixed-by",
        "required-by",
        "noticed-by",
        "found-by",
        "diagnosed-by",
        "root-caused-by",
        "inspired-by",
        "proposed-by",
        "mentored-by",
        "written-by",
        "sponsored-by",
        "regression-tested-by",
        "build-tested-by",
        "compile-tested-by",
        "boot-tested-by",
    }
)
# Known person trailers whose value is not a mailbox: the kernel's coding-assistants rule
# writes `Assisted-by: AGENT:MODEL [TOOL...]`. Other names unknown to us are not checked for
# an address either (we do not know what they hold); misspelt known names are.
ADDRESS_OPTIONAL = frozenset(
    {"assisted-by", "based-on-idea-by", "required-by", "written-by", "sponsored-by"}
)
# the words of the canonical names, for spotting a hybrid such as `Reviewed-off-by`
_VOCABULARY = frozenset(
    w for k in CANONICAL if k.endswith("-by") for w in k.split("-") if w not in ("by", "and")
)


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def _word_distance(a: list[str], b: list[str]) -> int:
    """Levenshtein distance counted in whole words."""
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        prev = cur
    return prev[len(b)]


def misspelt_name(name: str) -> str | None:
    """The canonical name a person-trailer name was probably meant to be, or None.

    A name is misspelt when it is not a known name and
    - is within a small edit distance of a known one (1 for names up to 9 letters, else 2:
      `Signed-of-by`, `Relase-Acked-by`, `Reviwed-by`, `Sign-off-by`), or
    - shortens a known name's first word (`Ack-by`, `Review-by`), or
    - mixes the words of known names, one word off (`Reviewed-off-by`, `Signed-by`).
    Deliberate variants are not: `Not-signed-off-by`, `X-and-Y-by` made of known names
    (`Reported-and-tested-by`), and names in KNOWN_PERSON_TRAILERS (`Nacked-by`).
    """
    low = name.lower()
    if low in KNOWN_PERSON_TRAILERS or not low.endswith("-by") or low.startswith("not-"):
        return None
    if "-and-" in low:
        parts = low[:-3].split("-and-")
        for part in parts:
            fix = misspelt_name(part + "-by")
            if fix is not None:
                return fix
        return None
    known = sorted(k for k in KNOWN_PERSON_TRAILERS if k in CANONICAL)
    best: tuple[int, str] | None = None
    for k in known:
        d = _distance(low, k)
        if d <= (1 if len(k) <= 9 else 2) and (best is None or d < best[0]):
            best = (d, k)
    if best is not None:
        return CANONICAL[best[1]]
    words = low.split("-")
    for k in known:
        kw = k.split("-")
        if (
            len(words) == len(kw)
            and words[1:] == kw[1:]
            and len(words[0]) >= 3
            and (kw[0].startswith(words[0]))
        ):
            return CANONICAL[k]
    if all(w in _VOCABULARY or w == "by" for w in words):
        near = [
            (-len(set(words) & set(k.split("-"))), _distance(low, k), k)
            for k in known
            if _word_distance(words, k.split("-")) == 1
        ]
        if near:
            return CANONICAL[min(near)[2]]
    return None


def is_person_trailer(tr: Trailer) -> bool:
    return tr.lname.endswith("-by") and tr.lname not in UTILITY


def trailer_problems(tr: Trailer) -> tuple[list[str], str | None]:
    """What is wrong with one trailer: problem codes and, if misspelt, the likely name."""
    problems: list[str] = []
    if not is_person_trailer(tr):
        return problems, None
    suggestion = misspelt_name(tr.name)
    needs_address = tr.lname not in ADDRESS_OPTIONAL and (
        tr.lname in KNOWN_PERSON_TRAILERS or suggestion is not None
    )
    # a reply's `Reviewed-by: Name` is given with its sender's address (`find_reply_trailers`),
    # but the line itself still has none
    if needs_address and (
        tr.person is None or not usable_email(tr.person.email) or "@" not in tr.value
    ):
        problems.append(
            "unbracketed-address" if tr.person is None and "@" in tr.value else "no-address"
        )
    elif (
        needs_address
        and ("<" not in tr.value or ">" not in tr.value)
        and not (tr.person is not None and not tr.person.name and "<" not in tr.value)
    ):
        # `Name addr@host` (or a missing `>`): the person is read, but tools want the <>;
        # a bare `addr@host` is unambiguous (syzbot asks for exactly that form:
        # `Reported-by: syzbot+<hash>@syzkaller.appspotmail.com`)
        problems.append("unbracketed-address")
    if suggestion is not None:
        problems.append("misspelt")
    if tr.wrapped:
        problems.append("wrapped")
    return problems, suggestion


# a value that is a person's name and nothing else: `Michael Kelley`, `Jan de Vries`; not
# prose such as `lines should not be added until ...` or `for this patch? ;-)`
_NAME_ONLY = lazyre.compile(r"^[A-Z][\w.'\-]*(?:\s+[\w.'\-()]+){0,4}$")
_REPLY_LINE = lazyre.compile(r"^\s*([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*-[Bb][Yy]):[ \t]*(\S.*)$")


def addressless_reply_trailers(own_text: str) -> Iterator[Trailer]:
    """Person-trailer lines in a reply's own text that name nobody by address (b4 skips
    them, so the giver's trailer is silently lost). A line whose address follows on the next
    line is a wrapped trailer, found by `find_reply_trailers`, not this."""
    lines = own_text.split("\n")
    for number, line in enumerate(lines, 1):
        m = _REPLY_LINE.match(line)
        if not m or "@" in m.group(2):
            continue
        nxt = lines[number].strip() if number < len(lines) else ""
        if nxt.startswith("<"):
            continue
        tr = parse_trailer_line(line, number)
        if (
            tr is not None
            and is_person_trailer(tr)
            and _NAME_ONLY.match(tr.value)
            and (tr.is_review or misspelt_name(tr.name) is not None or tr.lname in CANONICAL)
        ):
            yield tr


@dataclass(frozen=True, slots=True)
class SignoffVerdict:
    problem: str | None  # missing | mismatch | None (fine)
    signoff: Trailer | None  # the author's sign-off when there is one


_TOKEN_LINE = lazyre.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*:\s")
_FROM_LINE = lazyre.compile(
    r"^(?:From|Author):[ \t]*((?:[^\s<][^\n<]*)?<[^<>\s@]+@[^<>\s]+>)[ \t]*$", re.M
)


def signoffs_of(patch: Patch) -> list[Trailer]:
    """The patch's `Signed-off-by` trailers. When the model found none, the paragraphs are
    read by git's wider rule (a paragraph of `Token: value` lines, at least a quarter of
    it, with a sign-off among them: b4 leaves `To:`/`Cc:` lines there, which git accepts
    but `split_trailer_block` does not), every one: an author who put the version notes
    below the trailer block (without git's `---`), or whose sign-off stands above a
    maintainer's `[name: what I changed]` note and the later sign-offs, still signed off;
    a missing sign-off is what TR003 says, not a misplaced one."""
    found = [t for t in patch.trailers if _is_signoff(t)]
    for paragraph in patch.message.rstrip().split("\n\n"):
        lines = [line for line in paragraph.split("\n") if line.strip()]
        tokens = [line for line in lines if _TOKEN_LINE.match(line)]
        parsed = [parse_trailer_line(line) for line in tokens]
        sobs = [t for t in parsed if t is not None and _is_signoff(t)]
        if sobs and 3 * len(tokens) >= len(lines) - len(tokens):
            found += [t for t in sobs if t not in found]
    return found


def _is_signoff(tr: Trailer) -> bool:
    """A sign-off, or a misspelt one (`Sign-off-by`): that mistake is TR005's to report."""
    return tr.canonical == "Signed-off-by" or (
        is_person_trailer(tr) and misspelt_name(tr.name) == "Signed-off-by"
    )


def check_signoff(patch: Patch, people: People) -> SignoffVerdict:
    """The sign-off verdict for one patch (see the module docstring). A patch that names its author
    in a `From:` line of its message (a forwarded patch, a stable review mail) is checked
    against that author too; passing for either is enough."""
    signoffs = signoffs_of(patch)
    authors = [parse_address(m) for m in _FROM_LINE.findall(patch.message)]
    verdicts = [_verdict(signoffs, author, people) for author in [patch.author, *authors]]
    return next((v for v in verdicts if v.problem is None), verdicts[0])


def _verdict(signoffs: list[Trailer], author: Address, people: People) -> SignoffVerdict:
    if not author.email and not author.name:
        return SignoffVerdict(None if signoffs else "missing", None)
    for tr in signoffs:
        if tr.person is not None and people.same_address(tr.person, author):
            return SignoffVerdict(None, tr)
    mine = [
        t
        for t in signoffs
        if t.person is not None
        and (people.same(t.person, author) or _same_name_only(t.person, author))
    ]
    if not mine:
        return SignoffVerdict("missing", None)
    if any(t.person is not None and not usable_email(t.person.email) for t in mine):
        return SignoffVerdict(None, mine[0])  # TR005 reports the bad address
    if not usable_email(author.email):
        return SignoffVerdict(None, mine[0])
    return SignoffVerdict("mismatch", mine[0])


def _same_name_only(a: Address, b: Address) -> bool:
    ka, kb = name_key(a.name), name_key(b.name)
    return bool(ka) and ka == kb


# -- the facts of one series ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignoffCheck:
    """The sign-off verdict of one posted patch."""

    revision: int
    patch: Patch
    verdict: SignoffVerdict


@dataclass(frozen=True, slots=True)
class TrailerProblem:
    """A person trailer with something wrong with it, in a patch or in a reply."""

    trailer: Trailer
    problems: list[str]  # no-address | unbracketed-address | misspelt | wrapped
    suggestion: str | None  # the name a misspelt one was probably meant to be
    origin: str  # patch | reply
    revision: int
    patch: int | None  # the patch it is in or answers; None: a reply to the cover
    message_id: str | None  # the mail it is in

    @property
    def text(self) -> str:
        """`Name: value`, as written."""
        return f"{self.trailer.name}: {self.trailer.value}"


def is_posted_patch(patch: Patch) -> bool:
    """A patch posted for inclusion: a diff, and a subject tagged `[PATCH ...]`, `[RFC ...]`
    or numbered n/m (not a question with a sketch in it, not a bot's commit notice)."""
    subject = patch.subject
    return bool(patch.diff.strip()) and (
        subject.has_patch_tag or subject.rfc or subject.index is not None
    )


# a commit made to be squashed into another before it is applied (`git commit --fixup`):
# its sign-off is the target commit's ('fixup! mshv: ...' sent for the maintainer to fold in)
_SQUASH = lazyre.compile(r"^\s*(?:fixup|squash|amend)!\s", re.I)


def signoff_checks(series: Series, people: People) -> list[SignoffCheck]:
    """The sign-off verdict of every posted patch of every revision (not of a `fixup!`
    commit, which is folded into one signed off already)."""
    return [
        SignoffCheck(rev.version, patch, check_signoff(patch, people))
        for rev in series.revisions
        for _, patch in sorted(rev.patches.items())
        if is_posted_patch(patch) and not _SQUASH.match(patch.title)
    ]


_BACKPORT = lazyre.compile(
    r"^\s*\[\s*(?:upstream\s+commit|commit\s+[0-9a-f]{7,40}\s+upstream)\b"
    r"|^\s*commit\s+[0-9a-f]{12,40}\s+upstream\.?\s*$"
    r"|^\s*\(cherry[- ]picked\s+from\s+commit\s+[0-9a-f]{7,40}",
    re.I | re.M,
)


def is_backport(patch: Patch) -> bool:
    """A stable/vendor backport of a commit already upstream (`[ Upstream commit X ]`,
    `commit X upstream.`, `(cherry picked from commit X)`): its trailers were given where the
    original was reviewed and are quoted as they were committed; nobody may change them."""
    return _BACKPORT.search(patch.message) is not None


def trailer_problems_of(series: Series) -> list[TrailerProblem]:
    """Every malformed person trailer: those in posted patches (revision by revision, patch
    by patch; not in a backport, whose trailers are upstream's), then those given in replies
    (reported at the reply)."""
    out: list[TrailerProblem] = []
    for rev in series.revisions:
        for index, patch in sorted(rev.patches.items()):
            if is_backport(patch):
                continue
            for tr in patch.trailers:
                problems, suggestion = trailer_problems(tr)
                if problems:
                    out.append(
                        TrailerProblem(
                            tr, problems, suggestion, "patch", rev.version, index, patch.message_id
                        )
                    )
    for rev in series.revisions:
        by_key = {p.message_key: p.index for p in rev.patches.values()}
        for reply in sorted(rev.replies, key=lambda r: sort_time(r.message.date)):
            msg = reply.message
            target = by_key.get(reply.target_key or "")
            candidates = [*reply.trailers, *reply.mismatched_trailers]
            if any("@" not in line for line in _trailer_lines(msg.body)):
                # those naming the sender are in `reply.trailers` already (given, with the
                # sender's address), and still malformed: report each line once
                seen = {(t.lname, t.value) for t in candidates}
                candidates.extend(
                    t
                    for t in addressless_reply_trailers(own_text(msg.body))
                    if (t.lname, t.value) not in seen
                )
            for tr in candidates:
                problems, suggestion = trailer_problems(tr)
                if problems:
                    out.append(
                        TrailerProblem(
                            tr, problems, suggestion, "reply", rev.version, target, msg.message_id
                        )
                    )
    return out


def _trailer_lines(body: str) -> Iterator[str]:
    """A cheap pre-filter: unquoted lines that look like `Something-by: ...`."""
    for line in body.split("\n"):
        head = line.lstrip()[:40].lower()
        if "-by:" in head and not head.startswith(">"):
            yield line
