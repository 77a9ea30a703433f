"""Approval data: what each patch of each revision needs from MAINTAINERS and what it has
(the facts the policy judge computes, `judge`, and the report and the rules read; the
English it is said in is `wording`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from patchlint.analysis.discussion.outcome import ThreadEvent
from patchlint.maintainers.file import MaintainersFile, Section, SectionMatch
from patchlint.model.message import Address
from patchlint.model.policy import JudgedPolicy, PolicyName


@dataclass(frozen=True, slots=True)
class ApprovalConfig:
    """A MAINTAINERS file and the policy to judge by (`auto`: the file's format decides)."""

    maintainers: MaintainersFile
    policy: PolicyName = "auto"

    @property
    def effective_policy(self) -> JudgedPolicy:
        if self.policy == "auto":
            return "xen" if self.maintainers.format == "xen" else "report"
        return self.policy


@dataclass(frozen=True, slots=True)
class Approval:
    """One trailer that could approve a patch, and whether it does."""

    person: Address
    kind: str  # Acked-by | Reviewed-by | Signed-off-by (the sender's own)
    origin: str  # patch | reply | earlier (given by reply on an earlier revision)
    revision: int  # the version it was given for
    message_id: str | None
    date: datetime | None
    counts: bool = True
    why_not: str | None = None
    # what the giver is for the patch's files: "maintainer: SECTION", "reviewer: SECTION"
    roles: tuple[str, ...] = ()
    scope: str | None = None  # the part its giver limited it to, as written
    scope_files: tuple[str, ...] | None = None  # the files that scope names; None: all

    def covers(self, path: str) -> bool:
        """Whether it approves `path`: a scoped approval only the files its scope names."""
        return self.scope_files is None or path in self.scope_files

    def to_dict(self) -> dict[str, Any]:
        out = {
            "person": str(self.person),
            "kind": self.kind,
            "origin": self.origin,
            "revision": self.revision,
            "message_id": self.message_id,
            "date": self.date.isoformat() if self.date else None,
            "counts": self.counts,
            "why_not": self.why_not,
            "roles": list(self.roles),
        }
        if self.scope is not None:
            out["scope"] = self.scope
            out["scope_files"] = list(self.scope_files) if self.scope_files is not None else None
        return out


def _section_dict(m: SectionMatch, approvers: dict[str, list[str]]) -> dict[str, Any]:
    s = m.section
    return {
        "name": s.name,
        "depth": m.depth,
        "status": s.status,
        "maintainers": [str(a) for a in s.maintainers],
        "reviewers": [str(a) for a in s.reviewers],
        "lists": list(s.lists),
        "approved_by": approvers.get(s.name, []),
    }


@dataclass(slots=True)
class FileApproval:
    """One touched file: the sections covering it and who of their people approved."""

    path: str
    covered: bool
    sections: list[SectionMatch] = field(default_factory=list)  # most specific first
    required: list[Section] = field(default_factory=list)  # the sections that must approve
    approved_by: list[Address] = field(default_factory=list)
    stand_ins: list[Address] = field(default_factory=list)  # more general maintainers
    section_approvers: dict[str, list[str]] = field(default_factory=dict)
    # whether any of the required people was addressed by the series or wrote in it: when
    # none was, the MAINTAINERS file likely does not describe the posting's time (today's
    # file on an old thread) or the thread misses their mail; the rules stay silent then
    required_reached: bool = True

    @property
    def satisfied(self) -> bool:
        return not self.covered or not self.required or bool(self.approved_by)

    @property
    def required_people(self) -> list[Address]:
        out: list[Address] = []
        for s in self.required:
            out.extend(a for a in s.maintainers if a not in out)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "covered": self.covered,
            "sections": [_section_dict(m, self.section_approvers) for m in self.sections],
            "required_sections": [s.name for s in self.required],
            "required": [str(a) for a in self.required_people],
            "approved_by": [str(a) for a in self.approved_by],
            "stand_ins": [str(a) for a in self.stand_ins],
            "satisfied": self.satisfied,
        }


@dataclass(slots=True)
class PatchApproval:
    """What one patch needs and has."""

    index: int
    total: int | None
    title: str
    message_id: str | None
    author: Address
    sender: Address
    files: list[FileApproval]
    approvals: list[Approval]
    independent_by: list[Address]
    keywords: list[tuple[Section, str]] = field(default_factory=list)
    carried_from: int | None = None
    # Acked-by givers the MAINTAINERS file names nowhere (as maintainer or reviewer): an
    # ack the thread treats as a maintainer's from someone the file does not know says the
    # file is not of the posting's time more often than that an outsider acked
    unknown_ackers: list[Address] = field(default_factory=list)

    @property
    def independent(self) -> bool:
        return bool(self.independent_by)

    def missing_groups(self) -> list[tuple[list[Section], list[FileApproval]]]:
        """Unsatisfied files grouped by the sections whose approval they need."""
        groups: dict[tuple[str, ...], tuple[list[Section], list[FileApproval]]] = {}
        for f in self.files:
            if not f.satisfied:
                key = tuple(s.name for s in f.required)
                groups.setdefault(key, (f.required, []))[1].append(f)
        return list(groups.values())

    @property
    def lacks_independent(self) -> bool:
        """Nobody but its writer approved it, and a file of it is covered (requirement 2)."""
        return not self.independent and any(f.covered for f in self.files)

    @property
    def lacking(self) -> bool:
        """Something the policy requires is missing."""
        return bool(self.missing_groups()) or self.lacks_independent


@dataclass(slots=True)
class RevisionApproval:
    """The verdict on one revision."""

    version: int
    policy: str
    patches: list[PatchApproval]
    matters: bool  # the newest posting, or the applied one: findings are raised on it
    applied: bool
    under_review: bool
    review_state: str  # why it is (not) under review, for people
    objections: list[ThreadEvent] = field(default_factory=list)
    withdrawn: ThreadEvent | None = None
    policy_note: str | None = None  # why no check-in policy applies (report policy)

    @property
    def covered(self) -> bool:
        return any(f.covered for p in self.patches for f in p.files)

    @property
    def lacking(self) -> bool:
        """An approval is missing or an objection stands: what the verdict lists."""
        return any(p.lacking for p in self.patches) or bool(self.objections)

    @property
    def committable(self) -> bool | None:
        if self.policy != "xen" or not self.covered:
            return None
        return self.withdrawn is None and not self.lacking


@dataclass(slots=True)
class SeriesApproval:
    """Per revision (aligned with `Series.revisions`)."""

    policy: str
    revisions: list[RevisionApproval]
