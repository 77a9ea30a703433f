"""Series, revisions and the replies attached to them: the grouped view of a thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from patchlint.model.changelog import Changelog, cover_changelog, patch_changelog
from patchlint.model.message import Address, Message
from patchlint.model.patch import Patch
from patchlint.model.subject import Subject
from patchlint.model.trailers import Trailer


@dataclass(slots=True)
class Reply:
    """A reply in a revision's thread: the patch or cover it answers, what it says."""

    message: Message
    subject: Subject
    # the cover or patch mail it answers (nearest such ancestor); None below a mail that is
    # missing from the input and sat right under the cover (it may have been a patch)
    target_key: str | None
    parent_key: str | None  # the mail it directly replies to
    trailers: list[Trailer] = field(default_factory=list)
    mismatched_trailers: list[Trailer] = field(default_factory=list)
    proposed: Patch | None = None
    # a diff the series author posts inline (no scissors): usually an interdiff to the next
    # revision ("the diff between the previous version and the forthcoming one")
    author_diff: Patch | None = None
    # how `target_key` was found: "thread" (the nearest cover or patch above it), or "quote"
    # (no cover or patch above it in the input: the patch whose code it quotes - the same
    # blob ids or changed lines - possibly posted after it, as when a tag is given on a draft)
    attached_by: str = "thread"


@dataclass(slots=True)
class GivenTrailer:
    """A trailer as it applies to one patch: where it was written and for which revision."""

    trailer: Trailer
    origin: str  # "patch" | "reply"
    message_id: str | None
    message_key: str
    revision: int
    date: datetime | None


@dataclass(slots=True)
class Revision:
    """One posting of a series: v1, v2, an RFC, a RESEND."""

    key: str
    author: Address
    date: datetime | None
    total: int | None
    explicit_version: int | None = None
    version: int = 1
    version_inferred: bool = False
    rfc: bool = False
    resend: bool = False
    cover: Message | None = None
    cover_subject: Subject | None = None
    patches: dict[int, Patch] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    proposed: list[tuple[Reply, Patch]] = field(default_factory=list)
    carried: dict[int, Patch] = field(default_factory=dict)  # partial re-roll: from `base`
    base: Revision | None = None  # the revision a partial re-roll completes
    state: str = "latest"
    superseded_by: str | None = None
    supersedes: list[str] = field(default_factory=list)

    @property
    def sorted_patches(self) -> list[Patch]:
        return [self.patches[i] for i in sorted(self.patches)]

    @property
    def message_id(self) -> str | None:
        if self.cover is not None:
            return self.cover.message_id
        patches = self.sorted_patches
        return patches[0].message_id if patches else None

    @property
    def title(self) -> str:
        # `git format-patch --cover-letter` leaves "*** SUBJECT HERE ***" until edited
        if (
            self.cover_subject is not None
            and self.cover_subject.title
            and (self.cover_subject.title != "*** SUBJECT HERE ***")
        ):
            return self.cover_subject.title
        patches = self.sorted_patches
        return patches[0].title if patches else ""

    @property
    def missing(self) -> list[int]:
        if not self.total or self.total < 1:
            return []
        return [
            i for i in range(1, self.total + 1) if i not in self.patches and i not in self.carried
        ]

    @property
    def message_keys(self) -> list[str]:
        keys = [self.cover.key] if self.cover is not None else []
        keys.extend(p.message_key for p in self.sorted_patches)
        return keys

    @property
    def changelog(self) -> str | None:
        """The cover letter's changelog and each patch's notes changelog, labelled by patch
        when the revision has several."""
        parts = self._changelog_parts(None, label=len(self.patches) > 1)
        return "\n\n".join(parts) if parts else None

    def changelog_for(self, index: int) -> str:
        """What the author says changed in one patch: the cover's changelog and its notes."""
        return "\n".join(self._changelog_parts(index, label=False))

    def _changelog_parts(self, index: int | None, label: bool) -> list[str]:
        parts: list[str] = []
        for number, log in self.changelogs(index):
            parts.append(f"[{number}] {log.text}" if label and number else log.text)
        return parts

    def changelogs(self, index: int | None = None) -> list[tuple[int, Changelog]]:
        """Every changelog the revision holds, by where it is: (0, the cover letter's),
        then (patch index, that patch's notes and commit message); `index`: the cover's and
        that patch's only (`model.changelog` reads them)."""
        out: list[tuple[int, Changelog]] = []
        if self.cover is not None:
            log = cover_changelog(self.cover.body)
            if log:
                out.append((0, log))
        for patch in self.sorted_patches:
            if index is not None and patch.index != index:
                continue
            log = patch_changelog(patch.message, patch.notes)
            if log:
                out.append((patch.index, log))
        return out


@dataclass(slots=True)
class Series:
    """All revisions of one piece of work, oldest first."""

    revisions: list[Revision] = field(default_factory=list)
    # (sender, sign-off) address pairs the whole input shows to be the author's standing
    # practice (`analysis.trailers.practice`): filled after grouping, where every series is
    # seen; empty for a series reviewed alone. It travels with the series to the workers.
    signoff_practice: frozenset[tuple[str, str]] = frozenset()

    @property
    def title(self) -> str:
        for rev in reversed(self.revisions):
            if rev.title:
                return rev.title
        return ""

    @property
    def author(self) -> Address:
        return self.revisions[0].author


@dataclass(slots=True)
class PullRequest:
    """A `git request-pull` mail: a repository to pull, not patches to review."""

    message: Message
    subject: Subject
    url: str | None


@dataclass(slots=True)
class Grouping:
    """Everything grouping found: series, pull requests, counts of what was not a patch."""

    series: list[Series]
    pull_requests: list[PullRequest]
    messages: int
    unattached: int
    classes: dict[str, str]
