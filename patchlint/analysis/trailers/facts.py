"""The facts the trailer lineage finds about a series (the analysis is `lineage`; the TR
rules judge these). The vocabularies (carried classes, condition statuses, contradiction
kinds) are documented in docs/trailers.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from patchlint.analysis.discussion.outcome import ThreadEvent
from patchlint.analysis.people import People
from patchlint.analysis.trailers.behaviour import Behaviour
from patchlint.analysis.trailers.checks import SignoffCheck, TrailerProblem
from patchlint.analysis.trailers.tags import TagProblem
from patchlint.model.trailers import Trailer

# what a tag in a posted patch is, judged against the revision it was given for
CARRIED_CLASSES = (
    "given-for-this-revision",
    "carried-unchanged",
    "carried-over-trivial-change",
    "carried-over-material-change",
    "carried-condition-met",
    "carried-condition-not-met",
    "no-on-list-origin",
    "dropped",
    "quoted-from-upstream",
)
CONDITION_STATUSES = ("met", "not-met", "unknown")
# how the list contradicts a tag in a posted patch
CONTRADICTIONS = (
    "never-given",
    "withdrawn",
    "condition-not-met",
    "scope-dropped",
    "split-out",
    "other-patch",
)


def iso(date: datetime | None) -> str | None:
    return date.isoformat() if date else None


@dataclass(frozen=True, slots=True)
class TrailerEntry:
    """One trailer as written: in a posted patch, or given in a reply (with the words its
    giver wrote around it); or a tag the patch no longer carries (`cls` "dropped")."""

    trailer: Trailer
    origin: str  # "patch" | "reply"
    message_id: str | None
    message_key: str
    revision: int  # version of the revision it applies to
    patch: int | None  # patch index; None: given on the cover letter, covers the revision
    date: datetime | None
    by_sender: bool  # the person named is the one who sent the mail
    scope: str | None = None  # the part it is limited to, as its giver wrote it
    condition: str | None = None  # what its giver made it depend on
    condition_status: str | None = None  # met | not-met | unknown, against the next revision
    series: bool = False  # stated for the whole series, though given on one patch
    withdrawn: str | None = None  # the Message-ID of its giver's withdrawal
    cls: str | None = None  # a tag in a posted patch: its carried class
    given_by: str | None = None  # ... and the mail it was given in (its on-list origin)

    @property
    def name(self) -> str:
        return self.trailer.name

    @property
    def person(self) -> str | None:
        return str(self.trailer.person) if self.trailer.person is not None else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.trailer.name,
            "canonical": self.trailer.canonical,
            "person": self.person,
            "value": self.trailer.value,
            "origin": self.origin,
            "message_id": self.message_id,
            "revision": self.revision,
            "patch": self.patch,
            "date": iso(self.date),
            "review": self.trailer.is_review,
            "by_sender": self.by_sender,
        }
        for key, value in (
            ("scope", self.scope),
            ("condition", self.condition),
            ("condition_status", self.condition_status),
            ("withdrawn", self.withdrawn),
            ("class", self.cls),
            ("given_by", self.given_by),
        ):
            if value is not None:
                out[key] = value
        if self.series:
            out["series"] = True
        return out


@dataclass(frozen=True, slots=True)
class Contradiction:
    """What the list says against a tag in a posted patch: the mail, when, and its words."""

    kind: str  # one of CONTRADICTIONS
    message_id: str | None
    date: datetime | None
    words: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message_id": self.message_id,
            "date": iso(self.date),
            "words": self.words,
        }


@dataclass(frozen=True, slots=True)
class TrailerOrigin:
    """A review trailer in a posted patch, where (if anywhere) its giver had given it on the
    list before the patch was posted, and what became of it since (see `lineage`)."""

    trailer: Trailer
    revision: int
    patch: int
    message_id: str | None  # the patch mail
    posted: datetime | None  # when the patch was posted, as well as the mail tells
    given_on: int | None  # the version it was last given on, by reply; None: no origin
    given_by: str | None  # the Message-ID of that reply
    changed_since: bool  # code in its scope changed since it was given, not as asked
    gaps: dict[str, list[int]] = field(default_factory=dict)  # without an origin only
    resolved_by: str | None = None  # the giver's reply giving it on this revision
    resolved_at: datetime | None = None
    cls: str = "no-on-list-origin"  # its carried class (CARRIED_CLASSES)
    scope: str | None = None  # the scope its giver stated (at the origin)
    scope_files: tuple[str, ...] | None = None  # the patch's files that scope covers
    condition: str | None = None  # the condition its giver stated
    condition_status: str | None = None  # met | not-met | unknown
    changed_files: tuple[str, ...] = ()  # where the unrequested change is
    contradiction: Contradiction | None = None
    # carried over a material change, but the author says they dropped the tags of the
    # patches that changed much: this one they kept after weighing the change
    rejudged: bool = False
    # what the unrequested change since the origin does (carried over a material change)
    behaviour: Behaviour = field(default_factory=Behaviour)
    # its giver co-developed or signed off the patch: the changes are theirs too
    co_author: bool = False
    # an Acked-by of the maintainer of every file of the patch: the one who applies it
    applier: bool = False

    @property
    def text(self) -> str:
        """`Name: value`, as written."""
        return f"{self.trailer.name}: {self.trailer.value}"


@dataclass(frozen=True, slots=True)
class DroppedTrailer:
    """A tag valid for the previous revision's patch that the next posting of it lacks."""

    trailer: Trailer
    revision: int  # the revision that lacks it
    patch: int
    message_id: str | None  # the patch mail that lacks it
    message_key: str
    date: datetime | None
    from_revision: int
    given_by: str | None  # the reply (or patch mail) it was valid by
    changed: bool  # code in its scope changed between the two, not as its giver asked
    changed_files: tuple[str, ...] = ()
    scope: str | None = None
    valid: bool = True  # it stood for the previous patch (on-list, not withdrawn, not stale)
    resolved_by: str | None = None  # the giver giving it on the new revision
    resolved_at: datetime | None = None
    late: bool = False  # given less than COLLECT_MARGIN before the posting that lacks it

    @property
    def text(self) -> str:
        return f"{self.trailer.name}: {self.trailer.value}"

    def entry(self) -> TrailerEntry:
        """The lineage entry that records it ("dropped")."""
        return TrailerEntry(
            self.trailer,
            "patch",
            self.message_id,
            self.message_key,
            self.revision,
            self.patch,
            self.date,
            False,
            scope=self.scope,
            cls="dropped",
            given_by=self.given_by,
        )


@dataclass(slots=True)
class Lineage:
    """Everything `analyse_lineage` found about one series."""

    entries: list[TrailerEntry] = field(default_factory=list)
    origins: list[TrailerOrigin] = field(default_factory=list)
    dropped: list[DroppedTrailer] = field(default_factory=list)
    signoffs: list[SignoffCheck] = field(default_factory=list)
    problems: list[TrailerProblem] = field(default_factory=list)
    tags: list[TagProblem] = field(default_factory=list)  # duplicates, Fixes:, Reported-by:
    events: list[ThreadEvent] = field(default_factory=list)
    applied: ThreadEvent | None = None  # the outcome that stands, if the thread states one
    people: People | None = field(default=None, repr=False)  # who is who in the series
    # what the input lacks of the series' review, said once: earlier revisions missing
    history: dict[str, list[int]] = field(default_factory=dict)
    # replies in an earlier revision's thread whose tags are for a later one ("forgot to say
    # in v2"; `named_revision`): reply message key -> the cover or patch key they are for
    moved: dict[str, str] = field(default_factory=dict)

    @property
    def applied_revision(self) -> int | None:
        return self.applied.revision if self.applied is not None else None

    def for_patch(self, revision: int, patch: int) -> list[TrailerEntry]:
        """The entries that apply to one patch: its own, the cover's (patch None), and those
        stated for the whole series on another patch of the revision; not dropped ones."""
        return [
            e
            for e in self.entries
            if e.revision == revision
            and e.cls != "dropped"
            and (e.patch in (patch, None) or (e.series and e.origin == "reply"))
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": [e.to_dict() for e in self.entries],
            "events": [e.to_dict() for e in self.events],
            "applied_revision": self.applied_revision,
            "applied_by": self.applied.message_id if self.applied is not None else None,
        }
