"""Indexes over one series that the trailer analyses share: who is who, what was given by
reply for which patch (with the words around it), counterparts across revisions, when a
patch was posted, and what the input lacks of a revision's history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from patchlint.analysis.people import People
from patchlint.analysis.revisions.compare import PatchInterdiff, RevisionInterdiff
from patchlint.analysis.trailers.code_tokens import strip_comments
from patchlint.analysis.trailers.material import (
    StepCode,
    changed_identifiers,
    changed_lines,
    step_code,
)
from patchlint.analysis.trailers.named_revision import named_later_revision
from patchlint.analysis.trailers.words import Given, given_in
from patchlint.model.message import sort_time
from patchlint.model.patch import Patch
from patchlint.model.series import Reply, Revision, Series
from patchlint.model.trailers import Trailer


def before(date: datetime | None, limit: datetime | None) -> bool:
    """Given no later than `limit` (undated mail gets the benefit of the doubt)."""
    return date is None or limit is None or date <= limit


class SeriesIndex:
    """Indexes over one series (see the module docstring)."""

    def __init__(self, series: Series, interdiffs: list[RevisionInterdiff]) -> None:
        self.series = series
        self.people = People()
        self.position = {id(rev): i for i, rev in enumerate(series.revisions)}
        self.steps: dict[int, RevisionInterdiff] = {id(ri.new): ri for ri in interdiffs}
        self.next_steps: dict[int, RevisionInterdiff] = {id(ri.old): ri for ri in interdiffs}
        self.by_target: dict[str, list[Reply]] = {}
        self.rev_of_reply: dict[str, Revision] = {}
        # replies a tag's words move to a later revision (`named_revision`): their target there
        self._moved: dict[str, str | None] = {}
        self._replies: dict[int, list[Reply]] = {id(rev): [] for rev in series.revisions}
        self._given: dict[str, list[Given]] = {}
        self._given_for: dict[tuple[int, int], tuple[Given, ...]] = {}  # `given`
        self._series_of: dict[int, list[tuple[str, list[Given]]]] = {}  # by id of the revision
        self._code: dict[int, StepCode] = {}
        self._rev_of_patch: dict[int, Revision] = {}
        self._idents: dict[int, frozenset[str]] = {}
        self._lines: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        for rev in series.revisions:
            self.people.add(rev.author)
            for patch in rev.patches.values():
                self._rev_of_patch[id(patch)] = rev
                self.people.add(patch.author)
                for tr in patch.trailers:
                    self.people.add(tr.person)
            for reply in sorted(rev.replies, key=lambda r: sort_time(r.message.date)):
                self.people.add(reply.message.author)
                for tr in reply.trailers:
                    self.people.add(tr.person)
        for rev in series.revisions:
            for reply in sorted(rev.replies, key=lambda r: sort_time(r.message.date)):
                owner, target = rev, reply.target_key
                later = (
                    named_later_revision(reply, rev, series) if self._answers(rev, reply) else None
                )
                if later is not None:
                    owner, target = later, self._counterpart_key(rev, target, later)
                    self._moved[reply.message.key] = target
                    self._replies[id(later)].append(reply)
                self.rev_of_reply.setdefault(reply.message.key, owner)
                if target is not None:
                    self.by_target.setdefault(target, []).append(reply)

    @staticmethod
    def _answers(rev: Revision, reply: Reply) -> bool:
        """The reply answers the cover or a patch of `rev` itself (not a later posting sent
        into the same thread)."""
        key = reply.target_key
        if key is None:
            return False
        if rev.cover is not None and key == rev.cover.key:
            return True
        return any(p.message_key == key for p in rev.patches.values())

    @property
    def moved(self) -> dict[str, str]:
        """Replies whose tags are for a later revision: reply key -> cover or patch key."""
        return {k: v for k, v in self._moved.items() if v is not None}

    def target(self, reply: Reply) -> str | None:
        """The cover or patch a reply's tags are for: the one it answers, or its counterpart
        in the later revision its words name (`named_revision`)."""
        key = reply.message.key
        return self._moved.get(key, reply.target_key)

    def replies_of(self, rev: Revision) -> list[Reply]:
        """The replies whose tags are for `rev`: its thread's, less those whose words name a
        later revision, then those of earlier threads that name `rev`."""
        moved = [r for r in rev.replies if r.message.key not in self._moved]
        return moved + self._replies.get(id(rev), [])

    def _counterpart_key(self, rev: Revision, key: str | None, later: Revision) -> str | None:
        """The message key, in `later`, of what `key` is in `rev`: the cover for the cover,
        the patch's counterpart for a patch (followed step by step); None when unpaired."""
        if key is None:
            return None
        if rev.cover is not None and key == rev.cover.key:
            return later.cover.key if later.cover is not None else None
        patch = next((p for p in rev.patches.values() if p.message_key == key), None)
        current: Revision | None = rev
        while patch is not None and current is not None and current is not later:
            step = self.next_steps.get(id(current))
            pair = step.for_old(patch.index) if step is not None else None
            if step is None or pair is None or pair.old is not patch or pair.new is None:
                return None
            current, patch = step.new, pair.new
        return patch.message_key if patch is not None and current is later else None

    # -- what was given ---------------------------------------------------------------------

    def words(self, reply: Reply) -> list[Given]:
        """The tags a reply gives, with the words around them (read once per reply)."""
        key = reply.message.key
        if key not in self._given:
            self._given[key] = given_in(reply)
        return self._given[key]

    def cover_key(self, rev: Revision) -> str | None:
        source = rev if rev.cover is not None else rev.base
        return source.cover.key if source is not None and source.cover is not None else None

    def given(self, rev: Revision, patch: Patch) -> tuple[Given, ...]:
        """Tags given by reply for `patch` of `rev`: to the patch, to the cover, or to another
        patch of the revision in words stated for the whole series ("both patches"); oldest
        first. Gathered once per patch (every tag of the patch and of its later postings
        asks again), the tags stated for the series once per revision."""
        memo = (id(rev), id(patch))
        found = self._given_for.get(memo)
        if found is not None:
            return found
        own = [patch.message_key]
        cover = self.cover_key(rev)
        if cover is not None:
            own.append(cover)
        out = [g for key in own for reply in self.by_target.get(key, []) for g in self.words(reply)]
        for other_key, stated in self._series_given(rev):
            if other_key != patch.message_key:
                out.extend(stated)
        out.sort(key=lambda g: sort_time(g.date))
        self._given_for[memo] = found = tuple(out)
        return found

    def _series_given(self, rev: Revision) -> list[tuple[str, list[Given]]]:
        """Each patch of `rev` (by message key, in the revision's order) with the tags given
        to it in words stated for the whole series."""
        found = self._series_of.get(id(rev))
        if found is None:
            found = [
                (
                    other.message_key,
                    [
                        g
                        for reply in self.by_target.get(other.message_key, [])
                        for g in self.words(reply)
                        if g.series
                    ],
                )
                for other in rev.patches.values()
            ]
            self._series_of[id(rev)] = found
        return found

    def matches(self, given: Given, wanted: Trailer) -> bool:
        """The same person giving a tag of the same kind (a kept tag naming no kind: any
        review tag)."""
        if not self.people.same(given.trailer.person, wanted.person):
            return False
        return given.trailer.canonical == wanted.canonical or (given.any_kind and wanted.is_review)

    # -- revisions --------------------------------------------------------------------------

    def earlier(
        self, rev: Revision, patch: Patch
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

    def previous(self, rev: Revision, patch: Patch) -> tuple[Revision, PatchInterdiff] | None:
        """The revision before and the step from its counterpart to `patch`, if paired."""
        return next(((old_rev, step) for old_rev, _, step in self.earlier(rev, patch)), None)

    def following(self, rev: Revision, patch: Patch) -> tuple[Revision, PatchInterdiff] | None:
        """The next revision and the step from `patch` to its counterpart there."""
        step = self.next_steps.get(id(rev))
        if step is None:
            return None
        pair = step.for_old(patch.index)
        if pair is None or pair.old is not patch or pair.new is None:
            return None
        return step.new, pair

    def split_off(self, old_rev: Revision, old_patch: Patch, step: PatchInterdiff) -> bool:
        """The step's newer patch is one split out of `old_patch`: the next revision pairs
        `old_patch` with another patch, which continues it (v3 'drm: Initialize struct
        drm_crtc_state.no_vblank' continued by v4 01/15, its driver changes split out into
        v4 02-14)."""
        following = self.following(old_rev, old_patch)
        return following is not None and step.new is not None and following[1].new is not step.new

    def code(self, step: PatchInterdiff) -> StepCode:
        """The code changes of a step (computed once per step), renames the newer revision's
        other patches make followed."""
        key = id(step)
        if key not in self._code:
            rev = self._rev_of_patch.get(id(step.new)) if step.new is not None else None
            old_rev = self._rev_of_patch.get(id(step.old)) if step.old is not None else None
            renamed: frozenset[str] = frozenset()
            moved_in: frozenset[str] = frozenset()
            moved_out: frozenset[str] = frozenset()
            handed: frozenset[str] = frozenset()
            if step.status != "modified":
                rev = old_rev = None  # no code changed: nothing the other patches did matters
            if rev is not None:
                others = [p for p in rev.patches.values() if p is not step.new]
                renamed = frozenset().union(*(self._changed(p) for p in others))
                moved_out = frozenset().union(*(self._lines_of(p)[0] for p in others))
                handed = frozenset().union(*(self._lines_of(p)[1] for p in others))
            if old_rev is not None:
                moved_in = frozenset().union(
                    *(self._lines_of(p)[0] for p in old_rev.patches.values() if p is not step.old)
                )
            # a line the other patches add in both postings stayed where it was: the hunk
            # adding (or dropping) it too moved nothing, it is a copy of its own ('hwrng:
            # virtio - always add a pending request' v2 resets `vi->data_idx = 0;` as its
            # 1/4, unchanged, still does)
            moved_in, moved_out = moved_in - moved_out, moved_out - moved_in
            self._code[key] = step_code(step, renamed, (moved_in, moved_out, handed))
        return self._code[key]

    def split_into(self, step: PatchInterdiff, tr: Trailer) -> frozenset[str]:
        """The lines (whitespace-folded) the other patches of the step's newer revision add or
        remove, of those that carry `tr`'s tag from the same giver: where a patch split into
        several took code to, still vouched for by the giver."""
        rev = self._rev_of_patch.get(id(step.new)) if step.new is not None else None
        if rev is None or tr.person is None:
            return frozenset()
        lines: set[str] = set()
        for other in rev.patches.values():
            if other is not step.new and any(
                t.canonical == tr.canonical and self.people.same(t.person, tr.person)
                for t in other.trailers
            ):
                added, removed = self._lines_of(other)
                lines |= added | removed
        # as the hunks read them too: comments stripped (`old_buf = NULL; /* drop ... */`)
        return frozenset(lines).union(
            " ".join(strip_comments([line], False)[0].split()) for line in lines
        )

    def _lines_of(self, patch: Patch) -> tuple[frozenset[str], frozenset[str]]:
        key = id(patch)
        if key not in self._lines:
            self._lines[key] = changed_lines(patch)
        return self._lines[key]

    def _changed(self, patch: Patch) -> frozenset[str]:
        key = id(patch)
        if key not in self._idents:
            self._idents[key] = changed_identifiers(patch)
        return self._idents[key]

    def posted(self, rev: Revision, patch: Patch) -> datetime | None:
        """When the patch was posted, as well as the mail tells.

        The Date: header is the posting time, except when the sender's tool kept the
        commit's author date: then the patch is dated no later than its counterpart in the
        revision before, which cannot be. Then the first reply to the revision bounds the
        posting time from above, and that bound is used (None when there is no reply)."""
        date = patch.date
        step = self.steps.get(id(rev))
        pair = step.for_new(patch.index) if step is not None else None
        if date is not None and (
            pair is None or pair.old is None or pair.old.date is None or date > pair.old.date
        ):
            return date
        replies = [r.message.date for r in rev.replies if r.message.date is not None]
        return min(replies) if replies else None

    def history_gaps(self, rev: Revision) -> dict[str, list[int]]:
        """What the input lacks of `rev`'s history, where a trailer may have been given:
        earlier versions not in the series at all (it starts at v3, or at a RESEND), and
        earlier revisions with patches (hence probably their cover letter) missing."""
        before_revs = self.series.revisions[: self.position[id(rev)]]
        versions = {r.version for r in before_revs}
        missing = [v for v in range(1, rev.version) if v not in versions]
        if rev.resend and rev.version not in versions and rev.version not in missing:
            missing.append(rev.version)
        incomplete = sorted({r.version for r in before_revs if r.missing})
        gaps: dict[str, list[int]] = {}
        if missing:
            gaps["earlier_revisions_missing"] = missing
        if incomplete:
            gaps["earlier_revisions_incomplete"] = incomplete
        return gaps

    def self_given(self, rev: Revision, patch: Patch, tr: Trailer) -> bool:
        return self.people.same(tr.person, rev.author) or self.people.same(tr.person, patch.author)
