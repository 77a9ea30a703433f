"""The JSON report as types: one TypedDict per object of the schemas `patchlint-report/1`
(`schema/patchlint-report-1.schema.json`) and `patchlint-summary/1`, so the one contract
machine consumers rely on is also what mypy checks the report code against.

TypedDicts and not dataclasses: the report is built once and written as JSON (byte for byte
as before, key order included), and templates read it as mappings; a TypedDict is a plain
dict at run time, so it costs nothing on a whole archive.

Keys the schema does not require are `NotRequired` here even where the model always writes
them (consumers may not rely on them). `tests/report/test_types.py` holds these types and
the schemas together: the same keys, the same required keys, the same enums.

Over 400 lines because it is one TypedDict per object of two schemas, in the schemas'
order: split, the mirror would be harder to read against them.
"""

# No `from __future__ import annotations` here: Python 3.11 cannot see `NotRequired` in a
# string annotation and would make every key required.
from typing import Any, Literal, NotRequired, TypedDict

from patchlint.model.finding import Severity
from patchlint.model.policy import JudgedPolicy

FindingStatus = Literal["open", "resolved"]
TrailerOrigin = Literal["patch", "reply"]
ConditionStatus = Literal["met", "not-met", "unknown"]
CarriedClass = Literal[
    "given-for-this-revision",
    "carried-unchanged",
    "carried-over-trivial-change",
    "carried-over-material-change",
    "carried-condition-met",
    "carried-condition-not-met",
    "no-on-list-origin",
    "dropped",
    "quoted-from-upstream",
]
DiffFormat = Literal["git", "hg", "cvs", "plain", "none"]
RevisionState = Literal["latest", "superseded", "applied"]
InterdiffStatus = Literal["modified", "unchanged", "added", "dropped"]
InterdiffDetail = Literal["identical", "whitespace-only", "context-only", "carried"] | None
InterdiffMethod = Literal["fragments", "tree", "range-diff"] | None
CommentAnchor = Literal["diff", "inherited", "fixup", "named", "message", "prose", "none"]
CommentStatus = Literal["addressed", "unchanged", "discussed", "open"]
EventKind = Literal["applied", "dropped", "hold", "retraction", "nak"]
EventRole = Literal["author", "maintainer"]
ApprovalKind = Literal["Acked-by", "Reviewed-by", "Signed-off-by"]
ApprovalOrigin = Literal["patch", "reply", "earlier"]
MaintainersFormat = Literal["xen", "linux"]
ProfileName = Literal["linux", "xen-hypervisor", "xen-tools", "other"]
ProfileSourceName = Literal["detected", "config", "flag"]

Stats = dict[str, int]  # messages, series, revisions, patches, replies, ... (counts)


class ToolInfo(TypedDict):
    name: Literal["patchlint"]
    version: str


# -- mails ---------------------------------------------------------------------------------


class TrailerEntry(TypedDict):
    name: str
    value: str
    person: str | None
    origin: TrailerOrigin
    message_id: str | None
    revision: int
    date: NotRequired[str | None]
    scope: NotRequired[str]
    condition: NotRequired[str]
    condition_status: NotRequired[ConditionStatus]
    withdrawn: NotRequired[str]
    series: NotRequired[bool]


class ProfileEntry(TypedDict):
    name: ProfileName
    source: ProfileSourceName
    evidence: list[str]
    files: dict[str, ProfileName]


class PatchEntry(TypedDict):
    index: int
    total: int
    subject: str
    title: NotRequired[str]
    message_id: str | None
    author: NotRequired[str]
    date: NotRequired[str | None]
    diff_format: NotRequired[DiffFormat]
    base: NotRequired[str | None]
    files: list[str]
    trailers: list[TrailerEntry]
    in_reply_to_patch: NotRequired[int | None]
    carried_from: NotRequired[int | None]
    added: NotRequired[int | None]
    removed: NotRequired[int | None]
    to: NotRequired[list[str]]
    cc: NotRequired[list[str]]
    in_reply_to: NotRequired[str | None]
    references: NotRequired[list[str]]
    profile: NotRequired[ProfileEntry]


class CoverEntry(TypedDict):
    message_id: str | None
    subject: str
    to: NotRequired[list[str]]
    cc: NotRequired[list[str]]
    in_reply_to: NotRequired[str | None]
    references: NotRequired[list[str]]


class ReplyMessage(TypedDict):
    message_id: str | None
    author: str
    date: str | None
    subject: str
    in_reply_to: str | None


# -- approval (with a MAINTAINERS file) ------------------------------------------------------


class EventEntry(TypedDict):
    kind: EventKind
    by: str
    role: EventRole
    message_id: str | None
    revision: int
    patch: int | None
    date: str | None
    text: str


class SectionEntry(TypedDict):
    name: str
    depth: int
    status: str | None
    maintainers: list[str]
    reviewers: list[str]
    lists: list[str]
    approved_by: list[str]


class ApprovalFile(TypedDict):
    path: str
    covered: bool
    sections: list[SectionEntry]
    required_sections: list[str]
    required: list[str]
    approved_by: list[str]
    stand_ins: list[str]
    satisfied: bool


class ApprovalEntry(TypedDict):
    person: str
    kind: ApprovalKind
    origin: ApprovalOrigin
    revision: int
    message_id: str | None
    date: str | None
    counts: bool
    why_not: str | None
    roles: list[str]
    scope: NotRequired[str]
    scope_files: NotRequired[list[str] | None]


class KeywordSection(TypedDict):
    name: str
    keyword: str
    maintainers: list[str]
    reviewers: list[str]


class ApprovalPatch(TypedDict):
    index: int
    title: str
    message_id: str | None
    author: str
    sender: str
    carried_from: int | None
    files: list[ApprovalFile]
    approvals: list[ApprovalEntry]
    independent_by: list[str]
    keyword_sections: list[KeywordSection]
    needs: list[str]


class Approval(TypedDict):
    policy: JudgedPolicy
    verdict: str | None
    committable: bool | None
    matters: bool
    applied: bool
    under_review: bool
    review_state: str
    needs: list[str]
    objections: list[EventEntry]
    patches: list[ApprovalPatch]
    policy_note: NotRequired[str]


class RevisionLinks(TypedDict):
    archive: str
    messages: dict[str, str]
    b4_am: str | None
    b4_shazam: str | None


class RevisionEntry(TypedDict):
    version: int
    version_inferred: bool
    rfc: NotRequired[bool]
    resend: NotRequired[bool]
    message_id: str | None
    date: str | None
    author: str
    cover: CoverEntry | None
    total: NotRequired[int]
    missing: NotRequired[list[int]]
    patches: list[PatchEntry]
    proposed_patches: list[PatchEntry]
    replies: NotRequired[int]
    changelog: str | None
    state: RevisionState
    superseded_by: NotRequired[str | None]
    applied_by: NotRequired[str | None]
    approval: NotRequired[Approval | None]
    reply_messages: NotRequired[list[ReplyMessage]]
    links: NotRequired[RevisionLinks]


# -- between revisions ---------------------------------------------------------------------


class InterdiffPatch(TypedDict):
    from_index: int | None
    to_index: int | None
    from_title: NotRequired[str | None]
    to_title: NotRequired[str | None]
    status: InterdiffStatus
    detail: InterdiffDetail
    method: InterdiffMethod
    files: list[str]
    functions: list[str]
    diff: str


# `from` is a Python keyword: the functional form spells the schema's key as it is
InterdiffEntry = TypedDict(
    "InterdiffEntry",
    {
        "from": int,
        "to": int,
        "from_message_id": str | None,
        "to_message_id": str | None,
        "patches": list[InterdiffPatch],
    },
)


# -- what patchlint says -------------------------------------------------------------------


class QuoteLine(TypedDict):
    text: str
    old: int | None
    new: int | None
    hit: bool


class Quote(TypedDict):
    file: str | None
    old_header: str | None
    new_header: str | None
    hunk: str | None
    lines: list[QuoteLine]


class FindingEntry(TypedDict):
    rule: str
    code: str
    severity: Severity
    revision: int | None
    patch: int | None
    file: str | None
    line: int | None
    message: str
    message_id: str | None
    status: NotRequired[FindingStatus]
    resolved_by: NotRequired[str | None]
    details: NotRequired[dict[str, Any]]
    quote: NotRequired[Quote | None]
    fingerprint: NotRequired[str]


class ReviewCommentEntry(TypedDict):
    author: str
    message_id: str | None
    date: str | None
    revision: int
    patch: int | None
    file: str | None
    line: int | None
    anchor: CommentAnchor
    excerpt: str
    comment: str
    status: CommentStatus
    answered_by: list[str]
    addressed_in: int | None


class LineageProblem(TypedDict):
    code: str
    rule: str
    severity: Severity
    status: FindingStatus


# functional form: a lineage entry has a key named "class", a Python keyword
LineageEntry = TypedDict(
    "LineageEntry",
    {
        "name": str,
        "canonical": str,
        "person": str | None,
        "value": str,
        "origin": TrailerOrigin,
        "message_id": str | None,
        "revision": int,
        "patch": int | None,
        "date": str | None,
        "review": bool,
        "by_sender": bool,
        "problems": NotRequired[list[LineageProblem]],
        "scope": NotRequired[str],
        "condition": NotRequired[str],
        "condition_status": NotRequired[ConditionStatus],
        "withdrawn": NotRequired[str],
        "series": NotRequired[bool],
        "class": NotRequired[CarriedClass],
        "given_by": NotRequired[str | None],
    },
)


class TrailerHistory(TypedDict):
    earlier_revisions_missing: NotRequired[list[int]]
    earlier_revisions_incomplete: NotRequired[list[int]]


class SeriesEntry(TypedDict):
    title: str
    author: NotRequired[str]
    revisions: list[RevisionEntry]
    interdiffs: list[InterdiffEntry]
    findings: list[FindingEntry]
    review_comments: list[ReviewCommentEntry]
    trailer_lineage: NotRequired[list[LineageEntry]]
    trailer_history: NotRequired[TrailerHistory]
    events: NotRequired[list[EventEntry]]


# -- the whole report ----------------------------------------------------------------------


class PullRequestEntry(TypedDict):
    message_id: str | None
    subject: str
    author: str
    date: str | None
    url: str | None


class DiagnosticEntry(TypedDict):
    message_id: str | None
    problem: str
    source: NotRequired[str | None]


class MaintainersEntry(TypedDict):
    source: str
    format: MaintainersFormat
    format_evidence: NotRequired[str]
    xen_version: str | None
    policy: JudgedPolicy
    sections: int
    problems: list[str]


class ReportHead(TypedDict):
    """The fields before `series` (known before any series is reviewed)."""

    schema: Literal["patchlint-report/1"]
    tool: ToolInfo
    stats: Stats
    maintainers: MaintainersEntry | None


class ReportTail(TypedDict):
    """The fields after `series` (diagnostics include those found reviewing them)."""

    pull_requests: list[PullRequestEntry]
    diagnostics: list[DiagnosticEntry]


class Report(TypedDict):
    schema: Literal["patchlint-report/1"]
    tool: ToolInfo
    stats: NotRequired[Stats]
    series: list[SeriesEntry]
    pull_requests: NotRequired[list[PullRequestEntry]]
    diagnostics: list[DiagnosticEntry]
    maintainers: NotRequired[MaintainersEntry | None]


# -- the summary (`review --summary`, schema patchlint-summary/1) -----------------------------


class SeverityCounts(TypedDict):
    error: int
    warning: int
    info: int


class CommentCounts(TypedDict):
    open: int
    unchanged: int
    discussed: int
    addressed: int


class SummaryRow(TypedDict):
    title: str
    author: str
    message_id: str | None
    date: str | None
    versions: list[int]
    state: str | None
    patches: int
    replies: int
    findings: SeverityCounts
    open: SeverityCounts
    rules: dict[str, int]
    review_comments: CommentCounts


class RuleTotal(TypedDict):
    code: str
    rule: str | None
    findings: int
    series: int


class SummaryTotals(TypedDict):
    findings: SeverityCounts
    open: SeverityCounts


class Summary(TypedDict):
    schema: Literal["patchlint-summary/1"]
    tool: ToolInfo
    stats: Stats
    series: list[SummaryRow]
    rules: list[RuleTotal]
    totals: SummaryTotals
    diagnostics: int
