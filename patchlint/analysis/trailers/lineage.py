"""Trailer lineage: where every trailer of a series came from.

Entry point: `analyse_lineage(series, interdiffs) -> Lineage`, with `interdiffs` from
`analysis.revisions.compare.series_interdiffs(series)` (it pairs each patch with its
counterpart in the revision before). The series rules judge what it found (`rules/`:
unsubstantiated-trailer TR001, stale-trailer TR002 from `origins`; missing-signoff TR003,
signoff-author-mismatch TR004 from `signoffs`; malformed-trailer TR005 from `problems`).

`Lineage.entries`: one `TrailerEntry` per trailer in a posted patch (origin "patch") and per
trailer given in a reply (origin "reply"), with the revision and patch it applies to. A
trailer given in reply to a cover letter covers the whole revision: it is ONE entry with
`patch` None (not one per patch; `Lineage.for_patch` expands it, as b4 and
`model.given.given_trailers` do). A reply to an earlier revision applies to that revision.
Patches a partial re-roll carries over are not repeated: their trailers are entries of the
revision that posted them.

`Lineage.origins`: for each review trailer (`Trailer.is_review`) in a posted patch of
revision N, where its giver had given it on the list before N was posted (`TrailerOrigin`).
On-list origins, before the patch's Date:
  - the same person (`analysis.people`) giving a trailer of the same name in a reply to this
    patch's counterpart in an earlier revision, or to that revision's cover letter
    (counterparts are followed back through the interdiff pairing, so a trailer given on v1
    and carried through v2 substantiates v3; a patch new in vN has no earlier origin); the
    latest such reply is the origin, and `changed_since` says whether some step of the
    counterpart chain since then changed materially (interdiff status `modified`, except a
    whitespace-only change; context-only changes are `unchanged`);
  - the giver posting the patch themselves (a trailer in one's own mail is on the list):
    such trailers are not listed.
  "Posted" is the patch's Date:, unless that is not later than its counterpart's in the
  revision before (the tool kept the commit's author date): then the first reply to the
  revision is the bound used (`_Series.posted`).
  Backports (`[ Upstream commit X ]`, `commit X upstream.`, `(cherry picked from commit X)`)
  are not listed: their trailers were given where the original was reviewed.
  Prose ("happy for this to be folded in with my Acked-by") is no trailer, so no origin.
  A carried-over trailer whose first posting had no origin still has none.
  `resolved_by`: the giver's later reply giving it on revision N itself (to the patch or to
  N's cover). `gaps`, for a trailer with no origin: what the input lacks of N's history,
  where it may have been given (earlier revisions missing: it starts at v3, or at a RESEND;
  earlier revisions missing some patches).

`Lineage.signoffs` and `Lineage.problems`: each posted patch's sign-off verdict and each
trailer with something wrong with it, in patches and in replies (`analysis.trailers.checks`).

`Lineage.events` and `Lineage.applied` come from `analysis.discussion.outcome`: holds,
retractions, NAKs and the stated outcome; `applied_revision` is the version a report marks
"applied". Nothing in the model is changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from patchlint.analysis.discussion.outcome import ThreadEvent, applied_event, series_events
from patchlint.analysis.people import People
from patchlint.analysis.revisions.compare import PatchInterdiff, RevisionInterdiff
from patchlint.analysis.trailers.checks import (
    SignoffCheck,
    TrailerProblem,
    signoff_checks,
    trailer_problems_of,
)
from patchlint.model.message import sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Reply, Revision, Series
from patchlint.model.trailers import Trailer


def _iso(date: datetime | None) -> str | None:
    return date.isoformat() if date else None


@dataclass(frozen=True, slots=True)
class TrailerEntry:
    """One trailer as written: in a posted patch, or given in a reply."""

    trailer: Trailer
    origin: str  # "patch" | "reply"
    message_id: str | None
    message_key: str
    revision: int  # version of the revision it applies to
    patch: int | None  # patch index; None: given on the cover letter, covers the revision
    date: datetime | None
    by_sender: bool  # the person named is the one who sent the mail

    @property
    def name(self) -> str:
        return self.trailer.name

    @property
    def person(self) -> str | None:
        return str(self.trailer.person) if self.trailer.person is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.trailer.name,
            "canonical": self.trailer.canonical,
            "person": self.person,
            "value": self.trailer.value,
            "origin": self.origin,
            "message_id": self.message_id,
            "revision": self.revision,
            "patch": self.patch,
            "date": _iso(self.date),
            "review": self.trailer.is_review,
            "by_sender": self.by_sender,
        }


@dataclass(frozen=True, slots=True)
class TrailerOrigin:
    """A review trailer in a posted patch, and where (if anywhere) its giver had given it on
    the list before the patch was posted (see the module docstring)."""

    trailer: Trailer
    revision: int
    patch: int
    message_id: str | None  # the patch mail
    posted: datetime | None  # when the patch was posted, as well as the mail tells
    given_on: int | None  # the version it was last given on, by reply; None: no origin
    given_by: str | None  # the Message-ID of that reply
    changed_since: bool  # the patch changed materially since it was given
    gaps: dict[str, list[int]] = field(default_factory=dict)  # without an origin only
    resolved_by: str | None = None  # the giver's reply giving it on this revision
    resolved_at: datetime | None = None

    @property
    def text(self) -> str:
        """`Name: value`, as written."""
        return f"{self.trailer.name}: {self.trailer.value}"


@dataclass(slots=True)
class Lineage:
    """Everything `analyse_lineage` found about one series."""

    entries: list[TrailerEntry] = field(default_factory=list)
    origins: list[TrailerOrigin] = field(default_factory=list)
    signoffs: list[SignoffCheck] = field(default_factory=list)
    problems: list[TrailerProblem] = field(default_factory=list)
    events: list[ThreadEvent] = field(default_factory=list)
    applied: ThreadEvent | None = None  # the outcome that stands, if the thread states one
    people: People | None = field(default=None, repr=False)  # who is who in the series

    @property
    def applied_revision(self) -> int | None:
        return self.applied.revision if self.applied is not None else None

    def for_patch(self, revision: int, patch: int) -> list[TrailerEntry]:
        """The entries that apply to one patch: its own and the cover's (patch None)."""
        return [e for e in self.entries
                if e.revision == revision and e.patch in (patch, None)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": [e.to_dict() for e in self.entries],
            "events": [e.to_dict() for e in self.events],
            "applied_revision": self.applied_revision,
            "applied_by": self.applied.message_id if self.applied is not None else None,
        }


@dataclass(frozen=True, slots=True)
class _Given:
    """A trailer given by reply, for one patch (or a whole revision through its cover)."""

    trailer: Trailer
    reply: Reply

    @property
    def date(self) -> datetime | None:
        return self.reply.message.date


class _Series:
    """Indexes over one series: who is who, who gave what for which patch, counterparts."""

    def __init__(self, series: Series, interdiffs: list[RevisionInterdiff]) -> None:
        self.series = series
        self.people = People()
        self.position = {id(rev): i for i, rev in enumerate(series.revisions)}
        self.steps: dict[int, RevisionInterdiff] = {id(ri.new): ri for ri in interdiffs}
        self.by_target: dict[str, list[Reply]] = {}
        for rev in series.revisions:
            self.people.add(rev.author)
            for patch in rev.patches.values():
                self.people.add(patch.author)
                for tr in patch.trailers:
                    self.people.add(tr.person)
            for reply in sorted(rev.replies, key=lambda r: sort_time(r.message.date)):
                self.people.add(reply.message.author)
                for tr in reply.trailers:
                    self.people.add(tr.person)
                if reply.target_key is not None:
                    self.by_target.setdefault(reply.target_key, []).append(reply)

    def cover_key(self, rev: Revision) -> str | None:
        source = rev if rev.cover is not None else rev.base
        return source.cover.key if source is not None and source.cover is not None else None

    def given(self, rev: Revision, patch: Patch) -> list[_Given]:
        """Trailers given by reply for `patch` of `rev`: to the patch, or to the cover."""
        keys = [patch.message_key]
        cover = self.cover_key(rev)
        if cover is not None:
            keys.append(cover)
        out = [_Given(tr, reply) for key in keys for reply in self.by_target.get(key, [])
               for tr in reply.trailers]
        out.sort(key=lambda g: sort_time(g.date))
        return out

    def earlier(self, rev: Revision, patch: Patch
                ) -> Iterator[tuple[Revision, Patch, PatchInterdiff]]:
        """The patch's counterparts in earlier revisions, newest first, each with the step
        (interdiff) that leads from it towards `patch`."""
        current_rev, current = rev, patch
        seen = 0
        while seen < len(self.series.revisions):
            step = self.steps.get(id(current_rev))
            if step is None:
                return
            pair = step.for_new(current.index)
            if pair is None or pair.old is None or pair.new is not current:
                return
            yield step.old, pair.old, pair
            current_rev, current = step.old, pair.old
            seen += 1

    def posted(self, rev: Revision, patch: Patch) -> datetime | None:
        """When the patch was posted, as well as the mail tells.

        The Date: header is the posting time, except when the sender's tool kept the
        commit's author date: then the patch is dated no later than its counterpart in the
        revision before, which cannot be. Then the first reply to the revision bounds the
        posting time from above, and that bound is used (None when there is no reply)."""
        date = patch.date
        step = self.steps.get(id(rev))
        pair = step.for_new(patch.index) if step is not None else None
        if date is not None and (pair is None or pair.old is None or pair.old.date is None
                                 or date > pair.old.date):
            return date
        replies = [r.message.date for r in rev.replies if r.message.date is not None]
        return min(replies) if replies else None

    def matches(self, given: Trailer, wanted: Trailer) -> bool:
        return given.canonical == wanted.canonical and self.people.same(given.person,
                                                                        wanted.person)

    def history_gaps(self, rev: Revision) -> dict[str, list[int]]:
        """What the input lacks of `rev`'s history, where a trailer may have been given:
        earlier versions not in the series at all (it starts at v3, or at a RESEND), and
        earlier revisions with patches (hence probably their cover letter) missing."""
        before = self.series.revisions[: self.position[id(rev)]]
        versions = {r.version for r in before}
        missing = [v for v in range(1, rev.version) if v not in versions]
        if rev.resend and rev.version not in versions and rev.version not in missing:
            missing.append(rev.version)
        incomplete = sorted({r.version for r in before if r.missing})
        gaps: dict[str, list[int]] = {}
        if missing:
            gaps["earlier_revisions_missing"] = missing
        if incomplete:
            gaps["earlier_revisions_incomplete"] = incomplete
        return gaps


def _before(date: datetime | None, limit: datetime | None) -> bool:
    """Given no later than `limit` (undated mail gets the benefit of the doubt)."""
    return date is None or limit is None or date <= limit


def _entries(idx: _Series) -> list[TrailerEntry]:
    out: list[TrailerEntry] = []
    for rev in idx.series.revisions:
        cover = rev.cover.key if rev.cover is not None else None
        by_key = {p.message_key: p.index for p in rev.patches.values()}
        for index, patch in sorted(rev.patches.items()):
            for tr in patch.trailers:
                out.append(TrailerEntry(
                    tr, "patch", patch.message_id, patch.message_key, rev.version, index,
                    patch.date, idx.people.same(tr.person, rev.author)))
        for reply in rev.replies:
            key = reply.target_key
            if key is None or (key != cover and key not in by_key):
                continue
            target = None if key == cover else by_key[key]
            msg = reply.message
            for tr in reply.trailers:
                out.append(TrailerEntry(tr, "reply", msg.message_id, msg.key, rev.version,
                                        target, msg.date, True))
            for tr in reply.mismatched_trailers:
                out.append(TrailerEntry(tr, "reply", msg.message_id, msg.key, rev.version,
                                        target, msg.date, False))
    out.sort(key=lambda e: (e.revision, e.patch or 0, sort_time(e.date),
                            e.origin != "patch", e.trailer.line))
    return out


def _self_given(idx: _Series, rev: Revision, patch: Patch, tr: Trailer) -> bool:
    return idx.people.same(tr.person, rev.author) or idx.people.same(tr.person, patch.author)


def _resolution(idx: _Series, rev: Revision, patch: Patch, tr: Trailer) -> _Given | None:
    return next((g for g in idx.given(rev, patch) if idx.matches(g.trailer, tr)), None)


_BACKPORT = re.compile(
    r"^\s*\[\s*(?:upstream\s+commit|commit\s+[0-9a-f]{7,40}\s+upstream)\b"
    r"|^\s*commit\s+[0-9a-f]{12,40}\s+upstream\.?\s*$"
    r"|^\s*\(cherry[- ]picked\s+from\s+commit\s+[0-9a-f]{7,40}",
    re.I | re.M,
)


def is_backport(patch: Patch) -> bool:
    """A stable/vendor backport of a commit already upstream (`[ Upstream commit X ]`,
    `commit X upstream.`, `(cherry picked from commit X)`): its trailers were given where the
    original was reviewed, not in this thread."""
    return _BACKPORT.search(patch.message) is not None


def _origins(idx: _Series) -> list[TrailerOrigin]:
    out: list[TrailerOrigin] = []
    for rev in idx.series.revisions:
        for index, patch in sorted(rev.patches.items()):
            if is_backport(patch):
                continue
            for tr in patch.trailers:
                if not tr.is_review or tr.person is None or _self_given(idx, rev, patch, tr):
                    continue
                out.append(_origin(idx, rev, index, patch, tr))
    return out


def _origin(idx: _Series, rev: Revision, index: int, patch: Patch,
            tr: Trailer) -> TrailerOrigin:
    """Where one review trailer in a posted patch was given (see the module docstring)."""
    changed_since = False
    origin: tuple[Revision, _Given] | None = None
    posted = idx.posted(rev, patch)
    for old_rev, old_patch, step in idx.earlier(rev, patch):
        changed_since = changed_since or step.material
        hit = [g for g in idx.given(old_rev, old_patch)
               if idx.matches(g.trailer, tr) and _before(g.date, posted)]
        if hit:
            origin = (old_rev, hit[-1])
            break
    later = _resolution(idx, rev, patch, tr)
    return TrailerOrigin(
        tr, rev.version, index, patch.message_id, posted,
        given_on=origin[0].version if origin is not None else None,
        given_by=origin[1].reply.message.message_id if origin is not None else None,
        changed_since=changed_since if origin is not None else False,
        gaps=idx.history_gaps(rev) if origin is None else {},
        resolved_by=later.reply.message.message_id if later is not None else None,
        resolved_at=later.date if later is not None else None)


def analyse_lineage(series: Series, interdiffs: list[RevisionInterdiff]) -> Lineage:
    """Trailer lineage, trailer and sign-off checks, holds and outcome of one series."""
    idx = _Series(series, interdiffs)
    events = series_events(series, idx.people)
    return Lineage(entries=_entries(idx), origins=_origins(idx),
                   signoffs=signoff_checks(series, idx.people),
                   problems=trailer_problems_of(series), events=events,
                   applied=applied_event(events), people=idx.people)
