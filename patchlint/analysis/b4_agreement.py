"""Agreement with b4 on trailer collection: per patch, the trailers patchlint says apply
(`given_trailers`) against the trailers b4 0.16 would apply (`get_am_ready`), on real mail.

The unit is one patchlint revision: its cover, its patches, every reply patchlint attached
to it, and, for a partial re-roll, the revisions it completes (b4 rebuilds a partial re-roll
from the earlier revision's mails, as patchlint does). b4 gets those mails in a fresh
LoreMailbox, so it sees one series at a time and never another revision's follow-ups, and
it is asked for the b4 revision(s) holding those patches. Patches are matched by
Message-ID; trailers are compared on (canonical name, lowercased address), or the
normalised value for a trailer without an address (Link, Fixes).

Used by `bench/b4_agreement.py` and by the conformance test that pins the rate.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from patchlint.ingest import iter_raw, parse_message
from patchlint.ingest.b4 import B4Patch, B4Trailer, b4_collect
from patchlint.model.body import split_patch_body
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic, Message
from patchlint.model.series import GivenTrailer, Grouping, Reply, Revision
from patchlint.model.trailers import Trailer, make_trailer
from patchlint.report.model import given_trailers

Key = tuple[str, str]


def canonical_name(name: str) -> str:
    return make_trailer(name, "").canonical


def _norm_value(value: str) -> str:
    return " ".join(value.split()).lower()


def b4_key(t: B4Trailer) -> Key:
    if t.email:
        return (canonical_name(t.name), t.email.lower())
    return (canonical_name(t.name), _norm_value(t.value))


# Disagreement classes; each is explained, with who is right, in docs/b4-agreement.md.
OWN_ONLY_B4 = "own trailer: b4 reads a line of the patch as a trailer, patchlint does not"
OWN_ABOVE_LAST = "own trailer: in a trailer paragraph above the last (b4 reads only the last)"
OWN_ONLY_OURS = "own trailer: patchlint reads a line of the patch as a trailer, b4 does not"
BARE_ADDRESS = "reply: person trailer without <> (b4 cannot parse the address)"
SENDER_MATCH = "reply: trailer b4 matches to the sender and patchlint does not"
COMMA_NAME = "reply: sender's name has a comma (b4 then accepts any trailer)"
REPLY_PATCH = "reply: trailer of a patch posted inside the reply"
ELSEWHERE = "reply: patchlint attaches the reply elsewhere"
REPLY_ONLY_B4 = "reply: other trailer only b4 collects"
REPLY_ONLY_OURS = "reply: other trailer only patchlint collects"
B4_FAILED = "b4 failed on the revision"
NOT_IN_B4 = "patch not in b4's series"
EXTRA_IN_B4 = "b4 counts a mail patchlint does not place in this revision"


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

    def __init__(self, rev: Revision, raw_of: dict[str, bytes]) -> None:
        self.raw_of = raw_of
        self.replies: dict[str, Reply] = {}
        current: Revision | None = rev
        seen: set[int] = set()
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            for r in current.replies:
                if r.message.message_id:
                    self.replies.setdefault(r.message.message_id, r)
            current = current.base

    def _last_paragraph(self, key: str) -> str:
        raw = self.raw_of.get(key)
        if raw is None:
            return ""
        log = split_patch_body(parse_message(raw).body).log
        return log.rstrip().split("\n\n")[-1]

    def own(self, d: Difference, patch_key: str, line: str) -> str:
        if d.side == "b4":
            return OWN_ONLY_B4
        if line not in self._last_paragraph(patch_key):
            return OWN_ABOVE_LAST
        return OWN_ONLY_OURS

    def reply(self, d: Difference, patch_key: str, trailer: Trailer | None) -> str:
        reply = self.replies.get(d.origin or "")
        if d.side == "patchlint":
            if trailer is not None and "@" in trailer.value and "<" not in trailer.value:
                return BARE_ADDRESS
            return REPLY_ONLY_OURS
        if reply is None:
            return ELSEWHERE
        if any(our_key_of(t) == d.key for t in reply.mismatched_trailers):
            return COMMA_NAME if "," in reply.message.author.name else SENDER_MATCH
        if any(our_key_of(t) == d.key for t in reply.trailers):
            return ELSEWHERE  # collected from the reply, applied to another patch
        if reply.proposed is not None or reply.message.attachments:
            return REPLY_PATCH
        return REPLY_ONLY_B4


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
    raws = [raw_of[k] for k in revision_keys(rev) if k in raw_of]
    try:
        theirs = b4_collect(raws, want=list(posted))
    except (Exception, SystemExit) as exc:  # b4 exits on some input; that is a finding
        for mid in posted:
            _note(agreement, f"{B4_FAILED} ({type(exc).__name__})", mid)
        return
    by_id: dict[str, B4Patch] = {}
    for bp in theirs:
        if bp.reroll_from is not None and bp.reroll_from != bp.revision:
            continue  # b4's copy of a patch carried over from the earlier revision
        by_id.setdefault(bp.message_id, bp)
    classifier = _Classifier(rev, raw_of)
    for mid, (index, patch) in posted.items():
        found = by_id.pop(mid, None)
        if found is None:
            _note(agreement, NOT_IN_B4, mid)
            continue
        agreement.patches.append(
            compare_patch(mid, rev, patch.message_key, ours.get(index, []), found, classifier))
    for mid in by_id:
        _note(agreement, EXTRA_IN_B4, mid)


def _display(name: str | None) -> str:
    return " ".join((name or "").split())


def compare_patch(
    message_id: str, rev: Revision, patch_key: str, ours: list[GivenTrailer], bp: B4Patch,
    classifier: _Classifier,
) -> PatchResult:
    mine: dict[Key, GivenTrailer] = {}
    for g in ours:
        mine.setdefault(our_key(g), g)
    theirs: dict[Key, B4Trailer] = {}
    for t in bp.b4_trailers:
        theirs.setdefault(b4_key(t), t)
    result = PatchResult(message_id, rev.message_id, both=len(mine.keys() & theirs.keys()))
    result.from_replies = (any(g.origin == "reply" for g in mine.values())
                           or any(t.origin is not None for t in theirs.values()))
    for key in sorted(mine.keys() - theirs.keys()):
        g = mine[key]
        own = g.origin == "patch"
        d = Difference("patchlint", key, str(g.trailer), None if own else g.message_id)
        d.cls = (classifier.own(d, patch_key, f"{g.trailer.name}: {g.trailer.value}") if own
                 else classifier.reply(d, patch_key, g.trailer))
        result.differences.append(d)
    for key in sorted(theirs.keys() - mine.keys()):
        t = theirs[key]
        d = Difference("b4", key, f"{t.name}: {t.value}", t.origin)
        d.cls = (classifier.own(d, patch_key, d.text) if t.origin is None
                 else classifier.reply(d, patch_key, None))
        result.differences.append(d)
    for key in sorted(mine.keys() & theirs.keys()):
        g, t = mine[key], theirs[key]
        pair = f"{g.trailer} | b4: {t.name}: {t.value}"
        ours_name = _display(g.trailer.person.name if g.trailer.person else None)
        b4_name = _display(t.display_name)
        if g.trailer.name != t.name:
            result.spelling.append(("trailer name spelling", pair))
        elif t.email and ours_name != b4_name:
            kind = ("display name quoting" if ours_name == b4_name.strip('"')
                    else "display name")
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
