"""Agreement with b4 on trailer collection: per patch, the trailers patchlint says apply
(`given_trailers`) against the trailers b4 0.16 would apply (`get_am_ready`), on real mail.

The unit is one patchlint revision: its cover, its patches, every reply patchlint attached
to it, and, for a partial re-roll, the revisions it completes (b4 rebuilds a partial re-roll
from the earlier revision's mails, as patchlint does). b4 gets those mails in a fresh
LoreMailbox, so it sees one series at a time and never another revision's follow-ups, and
it is asked for the b4 revision(s) holding those patches. Patches are matched by
Message-ID; trailers are compared on (canonical name, lowercased address), or the
normalised value for a trailer without an address (Link, Fixes).

Used by `bench/b4_agreement.py` and by the conformance test that pins the rate; it is a
benchmark harness, not part of the package (b4 is a test dependency).
"""

from __future__ import annotations

import itertools
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from patchlint.ingest import iter_raw, parse_message
from patchlint.ingest.b4 import B4Patch, B4Trailer, b4_collect
from patchlint.model.body import split_patch_body
from patchlint.model.given import given_trailers
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic, Message
from patchlint.model.patch import Patch
from patchlint.model.series import GivenTrailer, Grouping, Reply, Revision
from patchlint.model.trailers import Trailer, make_trailer, same_person

Key = tuple[str, str]


def canonical_name(name: str) -> str:
    return make_trailer(name, "").canonical


_HASHTAG = re.compile(r"(?<!\s)\s+#[^#]+$")  # b4 splits `# comment` off as extinfo, never compared
_GIT_TOKEN = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")
_CHANGELOG_NAME = re.compile(r"^v\d+$", re.I)
_GIT_SEPARATOR = re.compile(r"^[A-Za-z0-9-]+[ \t]*:")
_HEX = re.compile(r"^[0-9a-f]{6,}")
_EMAIL = re.compile(r"(?<![^\s<>()\"',;@])[^\s<>()\"',;@]+@[^\s<>()\"',;@]+\.[^\s<>()\"',;@]+")


def git_takes_block(lines: list[str]) -> bool:
    """git interpret-trailers' test for a message's last paragraph (trailer.c,
    find_trailer_block_start): all of it `token: value` lines (and their indented
    continuations), or a Signed-off-by among at least a quarter of trailer lines. Written
    from git's rule, apart from patchlint's parser, to tell who misread a block."""
    trailers = others = pending = 0
    recognized = False
    for line in reversed(lines):
        if line.startswith(("Signed-off-by: ", "(cherry picked from commit ")):
            trailers, pending, recognized = trailers + 1, 0, True
        elif _GIT_SEPARATOR.match(line):
            trailers, pending = trailers + 1, 0
        elif line[:1] in (" ", "\t"):
            pending += 1
        else:
            others, pending = others + 1 + pending, 0
    others += pending
    return (recognized and trailers * 3 >= others) or (trailers > 0 and others == 0)


def _norm_value(value: str) -> str:
    return " ".join(_HASHTAG.sub("", value).split()).lower()


def b4_key(t: B4Trailer) -> Key:
    if t.email:
        return (canonical_name(t.name), t.email.lower())
    return (canonical_name(t.name), _norm_value(t.value))


# Disagreement classes; each is explained, with who is right, in docs/b4-agreement.md.
OWN_ABOVE_LAST = "own trailer: in a trailer paragraph above the last (b4 reads only the last)"
OWN_NOT_TRAILER = "own trailer: b4 takes a changelog or compiler line for a trailer"
OWN_NOT_GIT_BLOCK = (
    "own trailer: b4 reads it in a last paragraph that is too little trailers for git"
)
OWN_WRAPPED = "own trailer: a wrapped value b4 joins differently"
OWN_MISSED_BLOCK = "own trailer: in a trailer block git reads and patchlint does not"
OWN_ONLY_B4 = "own trailer: other line b4 reads as a trailer and patchlint does not"
OWN_ONLY_OURS = "own trailer: other line patchlint reads as a trailer and b4 does not"
BARE_ADDRESS = "reply: person trailer without <> (b4 cannot parse the address)"
NO_SPACE = "reply: no space after the trailer's colon (b4 needs one)"
BROKEN_CHAIN = "reply: a mail between it and the patch is missing (b4 follows In-Reply-To only)"
SPREAD = "reply: below a missing mail right under the cover, given to every patch"
NOT_GIVEN = "reply: a pasted Cc: header, a base-commit: note or a prose Fixes: taken for a trailer"
FROM_OTHER = "reply: a trailer naming someone other than its sender, collected"
NON_REPLY_STOP = "reply: a mail on the way up has no Re: (b4 stops there, taking it for a cover)"
REPLY_ONLY_OURS = "reply: other trailer only patchlint collects"
WALK_UP = "reply: b4 adds the trailers of a reply it walks through without checking the sender"
COMMA_NAME = "reply: sender's name has a comma (b4 then accepts any trailer)"
SENDER_MATCH = "reply: other trailer b4 matches to the sender and patchlint does not"
REPLY_PATCH = "reply: trailer of a patch posted inside the reply"
ELSEWHERE = "reply: patchlint attaches the reply elsewhere"
REPLY_ONLY_B4 = "reply: other trailer only b4 collects"
B4_FAILED = "b4 failed on the revision"
ATTACHED = "patch not in b4's series: its diff is in an attachment b4 does not read"
NO_DIFF = "patch not in b4's series: a [PATCH] mail without a diff"
NOT_IN_B4 = "patch not in b4's series: other"
EXTRA_IN_B4 = "b4 counts a mail patchlint does not place in this revision"
# where b4 is wrong or the difference is deliberate (docs/b4-agreement.md says why)
EXPLAINED = frozenset(
    {
        OWN_ABOVE_LAST,
        OWN_NOT_TRAILER,
        OWN_NOT_GIT_BLOCK,
        OWN_WRAPPED,
        BARE_ADDRESS,
        NO_SPACE,
        BROKEN_CHAIN,
        NON_REPLY_STOP,
        WALK_UP,
        COMMA_NAME,
        REPLY_PATCH,
        ATTACHED,
        NO_DIFF,
    }
)


@dataclass(slots=True)
class Difference:
    """One trailer one side applies and the other does not, with where it came from."""

    side: str  # "patchlint" | "b4"
    key: Key
    text: str
    origin: str | None  # Message-ID of the reply that gave it; None: the patch's own
    cls: str = ""


@dataclass(slots=True)
class PatchResult:
    message_id: str
    revision_id: str | None
    both: int
    from_replies: bool = False  # a trailer given in a reply, on either side
    differences: list[Difference] = field(default_factory=list)
    spelling: list[tuple[str, str]] = field(default_factory=list)  # (kind, both spellings)

    @property
    def identical(self) -> bool:
        return not self.differences


@dataclass(slots=True)
class Agreement:
    revisions: int = 0
    patches: list[PatchResult] = field(default_factory=list)
    carried_skipped: int = 0  # patches a partial re-roll carried over (compared where posted)
    # grouping differences and b4 failures: class -> Message-IDs of the patches
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def identical(self) -> int:
        return sum(1 for p in self.patches if p.identical)

    @property
    def with_reply_trailers(self) -> int:
        return sum(1 for p in self.patches if p.from_replies)

    @property
    def rate(self) -> float:
        return self.identical / len(self.patches) if self.patches else 1.0

    def count(self, side: str) -> int:
        return sum(1 for p in self.patches for d in p.differences if d.side == side)

    @property
    def both(self) -> int:
        return sum(p.both for p in self.patches)

    def classes(self) -> dict[str, tuple[int, list[str]]]:
        """Class -> (trailers, Message-IDs of the patches that show it, first seen first);
        grouping differences and b4 failures count patches."""
        out: dict[str, tuple[int, list[str]]] = {}
        for p in self.patches:
            for d in p.differences:
                n, ids = out.get(d.cls, (0, []))
                if p.message_id not in ids:
                    ids.append(p.message_id)
                out[d.cls] = (n + 1, ids)
        for cls, ids in self.unmatched.items():
            out[cls] = (len(ids), list(ids))
        return out

    def spelling(self) -> Counter[str]:
        return Counter(kind for p in self.patches for kind, _ in p.spelling)


def _note(agreement: Agreement, cls: str, message_id: str | None) -> None:
    agreement.unmatched.setdefault(cls, []).append(message_id or "?")


def revision_keys(rev: Revision) -> list[str]:
    """The mails of a revision, for b4: cover, patches posted in it, replies; a partial
    re-roll brings the revisions it completes."""
    keys: list[str] = []
    seen: set[int] = set()
    current: Revision | None = rev
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.cover is not None:
            keys.append(current.cover.key)
        keys.extend(p.message_key for p in current.sorted_patches)
        keys.extend(r.message.key for r in current.replies)
        current = current.base
    return keys


class _Classifier:
    """Names the class of a difference from what the mails show (see the constants)."""

    def __init__(self, rev: Revision, raw_of: dict[str, bytes], fed: set[str]) -> None:
        self.raw_of = raw_of
        self.fed = fed  # the mails b4 was given
        self.replies: dict[str, Reply] = {}
        self.children: dict[str, list[Reply]] = {}
        self.covers: set[str] = set()
        self._ref_parent: dict[str, str] | None = None
        current: Revision | None = rev
        seen: set[int] = set()
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            if current.cover is not None:
                self.covers.add(current.cover.key)
            for r in current.replies:
                self.replies.setdefault(r.message.key, r)
                if r.parent_key is not None:
                    self.children.setdefault(r.parent_key, []).append(r)
            current = current.base

    def is_cover(self, key: str | None) -> bool:
        return key in self.covers

    def parent_of(self, missing: str) -> str | None:
        """The parent of a mail b4 was not given, as the References of the others tell."""
        if self._ref_parent is None:
            self._ref_parent = {}
            for r in self.replies.values():
                refs = list(r.message.references)
                for up, down in itertools.pairwise(refs):
                    self._ref_parent.setdefault(down, up)
        return self._ref_parent.get(missing)

    def _last_paragraph(self, key: str) -> tuple[int, bool, bool]:
        """Line number (in the commit message) where its last paragraph starts, whether
        patchlint read a trailer there, and whether git takes it for a trailer block."""
        raw = self.raw_of.get(key)
        if raw is None:
            return 0, False, False
        body = split_patch_body(parse_message(raw).body)
        lines = body.log.rstrip().split("\n")
        start = len(lines)
        while start > 0 and lines[start - 1].strip():
            start -= 1
        return (
            start + 1,
            any(t.line > start for t in body.trailers),
            git_takes_block(lines[start:]),
        )

    def own(self, d: Difference, patch_key: str, line: int) -> str:
        last_start, ours_there, git_block = self._last_paragraph(patch_key)
        if d.side == "b4":
            name = d.text.split(":", 1)[0]
            if not _GIT_TOKEN.match(name) or _CHANGELOG_NAME.match(name):
                return OWN_NOT_TRAILER
            if ours_there:
                return OWN_ONLY_B4
            return OWN_MISSED_BLOCK if git_block else OWN_NOT_GIT_BLOCK
        return OWN_ABOVE_LAST if 0 < line < last_start else OWN_ONLY_OURS

    def _way_up(self, reply: Reply) -> tuple[Reply | None, bool]:
        """(the mail on the way up to the patch whose parent b4 was not given, whether one on
        the way has no Re:)"""
        non_reply = False
        current = reply
        hops = 0
        while current.parent_key is not None and hops < 10_000:
            hops += 1
            key = current.parent_key
            if key == reply.target_key:
                break
            if key not in self.fed:
                return current, non_reply
            up = self.replies.get(key)
            if up is None:
                break
            non_reply = non_reply or not up.subject.is_reply
            current = up
        return None, non_reply

    def _has_trailers_below(self, reply: Reply) -> bool:
        stack = list(self.children.get(reply.message.key, []))
        seen = 0
        while stack and seen < 10_000:
            r = stack.pop()
            seen += 1
            if r.trailers or r.mismatched_trailers:
                return True
            stack.extend(self.children.get(r.message.key, []))
        return False

    def reply(self, d: Difference, trailer: Trailer | None) -> str:
        reply = next((r for r in self.replies.values() if r.message.message_id == d.origin), None)
        if d.side == "patchlint":
            return self._ours_from_reply(reply, trailer) if reply is not None else ELSEWHERE
        if reply is None:
            return ELSEWHERE
        if any(our_key_of(t) == d.key for t in reply.mismatched_trailers):
            if "," in reply.message.author.name:
                return COMMA_NAME
            return WALK_UP if self._has_trailers_below(reply) else SENDER_MATCH
        if any(our_key_of(t) == d.key for t in reply.trailers):
            return ELSEWHERE  # collected from the reply, applied to another patch
        if reply.proposed is not None or reply.message.attachments:
            return REPLY_PATCH
        return REPLY_ONLY_B4

    def _ours_from_reply(self, reply: Reply, trailer: Trailer | None) -> str:
        if trailer is not None:
            if trailer.lname in ("cc", "base-commit", "change-id", "message-id") or (
                trailer.lname == "fixes" and not _HEX.match(trailer.value)
            ):
                return NOT_GIVEN
            sender = reply.message.author
            if trailer.person is not None:
                theirs = same_person(trailer.person, sender) or same_person(sender, trailer.person)
            else:
                found = _EMAIL.search(trailer.value)
                theirs = found is None or found.group(0).lower() == sender.email.lower()
            if not theirs:
                return FROM_OTHER
            if "@" in trailer.value and "<" not in trailer.value:
                return BARE_ADDRESS
            if re.search(rf"^\s*{re.escape(trailer.name)}:\S", reply.message.body, re.M):
                return NO_SPACE
        below, non_reply = self._way_up(reply)
        if below is not None:
            missing = below.parent_key or ""
            if self.is_cover(reply.target_key) and self.parent_of(missing) == reply.target_key:
                return SPREAD
            return BROKEN_CHAIN
        return NON_REPLY_STOP if non_reply else REPLY_ONLY_OURS

    def missing_patch(self, patch: Patch) -> str:
        if not patch.diff.strip():
            return NO_DIFF
        raw = self.raw_of.get(patch.message_key)
        if raw is not None and not split_patch_body(parse_message(raw).body).has_diff:
            return ATTACHED
        return NOT_IN_B4


def our_key_of(tr: Trailer) -> Key:
    if tr.person is not None and tr.person.email:
        return (tr.canonical, tr.person.email.lower())
    return (tr.canonical, _norm_value(tr.value))


def our_key(g: GivenTrailer) -> Key:
    return our_key_of(g.trailer)


def compare_revision(rev: Revision, raw_of: dict[str, bytes], agreement: Agreement) -> None:
    """Build the revision in b4 and compare every patch posted in it."""
    agreement.revisions += 1
    ours = given_trailers(rev)
    agreement.carried_skipped += len(rev.carried)
    posted = {p.message_id: (i, p) for i, p in rev.patches.items() if p.message_id}
    fed = [k for k in revision_keys(rev) if k in raw_of]
    raws = [raw_of[k] for k in fed]
    try:
        theirs = b4_collect(raws, want=list(posted))
    except (Exception, SystemExit) as exc:  # b4 exits on some input; that is a finding
        for mid in posted:
            _note(agreement, f"{B4_FAILED} ({type(exc).__name__})", mid)
        return
    carried = {p.message_id for p in rev.carried.values()}
    by_id: dict[str, B4Patch] = {}
    for bp in theirs:
        if bp.reroll_from is not None and bp.reroll_from != bp.revision:
            continue  # b4's copy of a patch carried over from the earlier revision
        if bp.message_id in carried:
            continue  # b4 counts it in this revision too; compared where it was posted
        by_id.setdefault(bp.message_id, bp)
    classifier = _Classifier(rev, raw_of, set(fed))
    for mid, (index, patch) in posted.items():
        found = by_id.pop(mid, None)
        if found is None:
            _note(agreement, classifier.missing_patch(patch), mid)
            continue
        agreement.patches.append(
            compare_patch(mid, rev, patch.message_key, ours.get(index, []), found, classifier)
        )
    for mid in by_id:
        _note(agreement, EXTRA_IN_B4, mid)


def _pair_wrapped(differences: list[Difference]) -> None:
    """A patch's own trailer both sides read, with the value wrapped differently: the same
    name, one value the start of the other."""
    own = [d for d in differences if d.origin is None]
    for ours in (d for d in own if d.side == "patchlint"):
        for theirs in (d for d in own if d.side == "b4" and d.key[0] == ours.key[0]):
            if ours.key[1].startswith(theirs.key[1]) or theirs.key[1].startswith(ours.key[1]):
                ours.cls = theirs.cls = OWN_WRAPPED


def _display(name: str | None) -> str:
    return " ".join((name or "").split())


def compare_patch(
    message_id: str,
    rev: Revision,
    patch_key: str,
    ours: list[GivenTrailer],
    bp: B4Patch,
    classifier: _Classifier,
) -> PatchResult:
    mine: dict[Key, GivenTrailer] = {}
    for g in ours:
        mine.setdefault(our_key(g), g)
    theirs: dict[Key, B4Trailer] = {}
    for t in bp.b4_trailers:
        theirs.setdefault(b4_key(t), t)
    result = PatchResult(message_id, rev.message_id, both=len(mine.keys() & theirs.keys()))
    result.from_replies = any(g.origin == "reply" for g in mine.values()) or any(
        t.origin is not None for t in theirs.values()
    )
    for key in sorted(mine.keys() - theirs.keys()):
        g = mine[key]
        own = g.origin == "patch"
        d = Difference("patchlint", key, str(g.trailer), None if own else g.message_id)
        d.cls = (
            classifier.own(d, patch_key, g.trailer.line) if own else classifier.reply(d, g.trailer)
        )
        result.differences.append(d)
    for key in sorted(theirs.keys() - mine.keys()):
        t = theirs[key]
        d = Difference("b4", key, f"{t.name}: {t.value}", t.origin)
        d.cls = classifier.own(d, patch_key, 0) if t.origin is None else classifier.reply(d, None)
        result.differences.append(d)
    _pair_wrapped(result.differences)
    for key in sorted(mine.keys() & theirs.keys()):
        g, t = mine[key], theirs[key]
        pair = f"{g.trailer} | b4: {t.name}: {t.value}"
        ours_name = _display(g.trailer.person.name if g.trailer.person else None)
        b4_name = _display(t.display_name)
        if g.trailer.name != t.name:
            result.spelling.append(("trailer name spelling", pair))
        elif t.email and ours_name != b4_name:
            kind = "display name quoting" if ours_name == b4_name.strip('"') else "display name"
            result.spelling.append((kind, pair))
    return result


def load(paths: Iterable[str], limit: int | None = None) -> tuple[Grouping, dict[str, bytes]]:
    """Read and group like patchlint does, keeping every mail's bytes for b4."""
    raws: list[bytes] = []
    msgs: list[Message] = []
    diags: list[Diagnostic] = []
    for source, raw in iter_raw(paths):
        if limit is not None and len(raws) >= limit:
            break
        try:
            msg = parse_message(raw, source)
        except Exception:  # unreadable mail: patchlint reports it and goes on
            continue
        raws.append(raw)
        msgs.append(msg)
    grouping = group_messages(msgs, diags)
    raw_of: dict[str, bytes] = {}
    for msg, raw in zip(msgs, raws, strict=True):
        raw_of.setdefault(msg.key, raw)
    return grouping, raw_of


def measure(paths: Iterable[str], limit: int | None = None) -> Agreement:
    """Compare every revision patchlint finds in `paths` (the first `limit` mails)."""
    start = time.perf_counter()
    grouping, raw_of = load(paths, limit)
    agreement = Agreement()
    for series in grouping.series:
        for rev in series.revisions:
            if rev.patches:
                compare_revision(rev, raw_of, agreement)
    agreement.seconds = time.perf_counter() - start
    return agreement
