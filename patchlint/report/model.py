"""Build the report model: one plain dict (schema `patchlint-report/1`, typed by
`report.types`) that every output format renders from, so JSON consumers and people see the
same facts.

The model's and the analyses' vocabularies are plain strings; where they become the
schema's enums they are cast once, here (`tests/report/test_types.py` holds the types to
the schema, and the report tests validate what is built against it)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Final, TypedDict, cast

from patchlint import __version__
from patchlint.analysis.facts import SeriesAnalysis
from patchlint.analysis.revisions.compare import RevisionInterdiff
from patchlint.analysis.trailers.lineage import Lineage
from patchlint.analysis.trailers.lineage import TrailerEntry as LineageTrailer
from patchlint.model.address import parse_address_list
from patchlint.model.diff import DiffCache, DiffSummary
from patchlint.model.given import given_trailers
from patchlint.model.message import Diagnostic, Message, sort_time
from patchlint.model.patch import Patch
from patchlint.model.profile import PatchProfile
from patchlint.model.series import GivenTrailer, Grouping, Revision, Series
from patchlint.model.units import KeptSeries, PartialGrouping
from patchlint.report.findings import finding_entries

if TYPE_CHECKING:
    from patchlint.analysis.approval import ApprovalConfig
    from patchlint.report.types import (
        Approval,
        ConditionStatus,
        CoverEntry,
        DiagnosticEntry,
        DiffFormat,
        EventEntry,
        FindingEntry,
        InterdiffEntry,
        InterdiffPatch,
        LineageEntry,
        LineageProblem,
        MaintainersEntry,
        MaintainersFormat,
        PatchEntry,
        ProfileEntry,
        Report,
        ReportHead,
        ReportTail,
        ReviewCommentEntry,
        RevisionEntry,
        RevisionState,
        SeriesEntry,
        Stats,
        TrailerEntry,
        TrailerHistory,
        TrailerOrigin,
    )

SCHEMA_ID: Final = "patchlint-report/1"


def _iso(date: datetime | None) -> str | None:
    return date.isoformat() if date else None


def _trailer_dict(g: GivenTrailer, words: LineageTrailer | None = None) -> TrailerEntry:
    tr = g.trailer
    out: TrailerEntry = {
        "name": tr.name,
        "value": tr.value,
        "person": str(tr.person) if tr.person is not None else None,
        "origin": cast("TrailerOrigin", g.origin),
        "message_id": g.message_id,
        "revision": g.revision,
        "date": _iso(g.date),
    }
    if words is not None:  # what its giver wrote around it (analysis.trailers.words)
        if words.scope is not None:
            out["scope"] = words.scope
        if words.condition is not None:
            out["condition"] = words.condition
            if words.condition_status is not None:
                out["condition_status"] = cast("ConditionStatus", words.condition_status)
        if words.withdrawn is not None:
            out["withdrawn"] = words.withdrawn
        if words.series:
            out["series"] = True
    return out


def _patch_trailers(
    rev: Revision, index: int, given: list[GivenTrailer], lineage: Lineage | None
) -> list[TrailerEntry]:
    """A patch's trailers as b4 would apply them (`model.given`), each with the words its
    giver wrote around it, the tags stated for the whole series in reply to another patch
    of the revision ("Assuming both patches ..."), and those given for it in an earlier
    revision's thread ("I forgot to say in v2 ...": `analysis.trailers.named_revision`)."""
    if lineage is None:
        return [_trailer_dict(g) for g in given]
    replies = {
        (e.message_id, e.trailer.name, e.trailer.value): e
        for e in lineage.entries
        if e.origin == "reply" and e.revision == rev.version
    }
    out = [
        _trailer_dict(
            g,
            replies.get((g.message_id, g.trailer.name, g.trailer.value))
            if g.origin == "reply"
            else None,
        )
        for g in given
    ]
    have = {(g.message_id, g.trailer.name, g.trailer.value) for g in given}
    # given in an earlier revision's thread for this patch or cover ("forgot to say in v2")
    patch = rev.patches.get(index)
    here = {patch.message_key if patch is not None else None, rev.cover.key if rev.cover else None}
    moved = {k for k, target in lineage.moved.items() if target in here}
    for e in lineage.entries:
        if (
            e.origin == "reply"
            and e.revision == rev.version
            and ((e.series and e.patch != index) or e.message_key in moved)
            and (e.message_id, e.trailer.name, e.trailer.value) not in have
        ):
            out.append(
                _trailer_dict(
                    GivenTrailer(
                        e.trailer, "reply", e.message_id, e.message_key, e.revision, e.date
                    ),
                    e,
                )
            )
    return out


@lru_cache(maxsize=4096)
def _addresses(header: str) -> tuple[str, ...]:
    """A To/Cc header's mailboxes as `Name <addr>`; cached, as a series' patches and replies
    repeat the same (often long) Cc lists and the stdlib's address parser is slow."""
    return tuple(str(a) for a in parse_address_list([header])) if header else ()


class _Addressing(TypedDict):
    to: list[str]
    cc: list[str]
    in_reply_to: str | None
    references: list[str]


def _addressing(
    to_header: str, cc_header: str, in_reply_to: str | None, references: tuple[str, ...]
) -> _Addressing:
    """Who a mail went to and where it sits in its thread: what a reply to it needs."""
    return {
        "to": list(_addresses(to_header)),
        "cc": list(_addresses(cc_header)),
        "in_reply_to": in_reply_to,
        "references": list(references),
    }


def _message_addressing(msg: Message) -> _Addressing:
    return _addressing(msg.to_header, msg.cc_header, msg.in_reply_to, msg.references)


def _profile_dict(profile: PatchProfile) -> ProfileEntry:
    return {
        "name": profile.name,
        "source": profile.source,
        "evidence": list(profile.evidence),
        "files": dict(profile.files),
    }


def _patch_dict(
    patch: Patch,
    total: int | None,
    diffs: Mapping[str, DiffSummary],
    trailers: list[TrailerEntry],
    carried_from: int | None = None,
    profiles: Mapping[str, PatchProfile] | None = None,
) -> PatchEntry:
    summary = diffs.get(patch.message_key)
    addressing = _addressing(patch.to_header, patch.cc_header, patch.in_reply_to, patch.references)
    entry: PatchEntry = {
        "added": summary.added if summary else None,
        "removed": summary.removed if summary else None,
        "carried_from": carried_from,
        "index": patch.index,
        "total": total if total is not None else 1,
        "subject": patch.subject.raw,
        "title": patch.title,
        "message_id": patch.message_id,
        "author": str(patch.author),
        "date": _iso(patch.date),
        "diff_format": cast("DiffFormat", patch.kind),
        "base": patch.base,
        "files": list(patch.files),
        "trailers": trailers,
        "to": addressing["to"],
        "cc": addressing["cc"],
        "in_reply_to": addressing["in_reply_to"],
        "references": addressing["references"],
    }
    profile = (profiles or {}).get(patch.message_key)
    if profile is not None:
        entry["profile"] = _profile_dict(profile)
    return entry


def _cover(msg: Message | None) -> CoverEntry | None:
    if msg is None:
        return None
    addressing = _message_addressing(msg)
    return {
        "message_id": msg.message_id,
        "subject": msg.subject,
        "to": addressing["to"],
        "cc": addressing["cc"],
        "in_reply_to": addressing["in_reply_to"],
        "references": addressing["references"],
    }


def _revision_dict(
    rev: Revision,
    diffs: Mapping[str, DiffSummary],
    profiles: Mapping[str, PatchProfile],
    lineage: Lineage | None = None,
) -> RevisionEntry:
    trailers = given_trailers(rev)
    proposed = []
    for reply, patch in rev.proposed:
        d = _patch_dict(
            patch,
            patch.subject.total,
            diffs,
            [
                _trailer_dict(
                    GivenTrailer(
                        tr, "patch", patch.message_id, patch.message_key, rev.version, patch.date
                    )
                )
                for tr in patch.trailers
            ],
            profiles=profiles,
        )
        target = next(
            (p.index for p in rev.patches.values() if p.message_key == reply.target_key), None
        )
        d["in_reply_to_patch"] = target
        proposed.append(d)
    return {
        "version": rev.version,
        "version_inferred": rev.version_inferred,
        "rfc": rev.rfc,
        "resend": rev.resend,
        "message_id": rev.message_id,
        "date": _iso(rev.date),
        "author": str(rev.author),
        "cover": _cover(rev.cover),
        "total": rev.total if rev.total is not None else len(rev.patches),
        "missing": rev.missing,
        "patches": [
            _patch_dict(
                p,
                rev.total,
                diffs,
                _patch_trailers(rev, i, trailers.get(i, []), lineage),
                carried_from=rev.base.version if i in rev.carried and rev.base else None,
                profiles=profiles,
            )
            for i, p in sorted({**rev.carried, **rev.patches}.items())
        ],
        "proposed_patches": proposed,
        "replies": len(rev.replies),
        "reply_messages": [
            {
                "message_id": r.message.message_id,
                "author": str(r.message.author),
                "date": _iso(r.message.date),
                "subject": r.message.subject,
                "in_reply_to": r.message.in_reply_to,
            }
            for r in sorted(rev.replies, key=lambda r: sort_time(r.message.date))
        ],
        "changelog": rev.changelog,
        "state": cast("RevisionState", rev.state),
        "superseded_by": rev.superseded_by,
    }


def interdiff_dict(step: RevisionInterdiff) -> InterdiffEntry:
    """One revision-to-revision step: each patch's status and its interdiff."""
    return {
        "from": step.old.version,
        "to": step.new.version,
        "from_message_id": step.old.message_id,
        "to_message_id": step.new.message_id,
        "patches": [
            cast(
                "InterdiffPatch",
                {
                    "from_index": p.old.index if p.old else None,
                    "to_index": p.new.index if p.new else None,
                    "from_title": p.old.title if p.old else None,
                    "to_title": p.new.title if p.new else None,
                    "status": p.status,
                    "detail": p.detail,
                    "method": p.method,
                    "files": [f.path for f in p.files],
                    "functions": p.functions,
                    "diff": p.diff,
                },
            )
            for p in step.patches
        ],
    }


def _comment_entries(analysis: SeriesAnalysis) -> list[ReviewCommentEntry]:
    """The review comments in report order (the comment analysis is imported only when
    there are comments)."""
    if not analysis.comments:
        return []
    from patchlint.analysis.discussion.comments import sort_key

    return [
        cast("ReviewCommentEntry", c.to_dict()) for c in sorted(analysis.comments, key=sort_key)
    ]


def series_report(
    series: Series,
    diffs: Mapping[str, DiffSummary],
    analysis: SeriesAnalysis | None,
    parses: DiffCache | None = None,
) -> SeriesEntry:
    """One entry of the report's `series` (built where the series was analysed, so a worker
    process sends back plain data); `parses`: the series' parsed diffs, for quotes."""
    analysis = analysis or SeriesAnalysis()
    revisions = [
        _revision_dict(r, diffs, analysis.profiles, analysis.lineage) for r in series.revisions
    ]
    approval = analysis.approval
    if approval is not None:  # imported only for runs that judge approvals
        from patchlint.analysis.approval.wording import revision_dict
    for i, rev in enumerate(revisions):
        rev["approval"] = (
            cast("Approval", revision_dict(approval.revisions[i])) if approval is not None else None
        )
    lineage = analysis.lineage
    if lineage is not None and lineage.applied is not None:
        # the newest posting of the version the thread says was applied
        for rev in reversed(revisions):
            if rev["version"] == lineage.applied.revision:
                rev["state"] = "applied"
                rev["applied_by"] = lineage.applied.message_id
                break
    findings = finding_entries(series, analysis.findings, parses)
    entry: SeriesEntry = {
        "title": series.title,
        "author": str(series.author),
        "revisions": revisions,
        "interdiffs": [interdiff_dict(step) for step in analysis.interdiffs],
        "findings": findings,
        "review_comments": _comment_entries(analysis),
        "trailer_lineage": _lineage(lineage, findings),
        "events": [cast("EventEntry", e.to_dict()) for e in lineage.events] if lineage else [],
    }
    if lineage is not None and lineage.history:
        entry["trailer_history"] = cast("TrailerHistory", dict(lineage.history))
    return entry


def _lineage(lineage: Lineage | None, findings: list[FindingEntry]) -> list[LineageEntry]:
    """The trailer lineage, each entry with the trailer findings about it (`problems`: the
    unsubstantiated, stale or malformed ones), matched by the trailer text and the mail."""
    if lineage is None:
        return []
    about: dict[tuple[str, str | None], list[LineageProblem]] = {}
    for f in findings:
        trailer = f["details"].get("trailer")
        if isinstance(trailer, str):
            about.setdefault((trailer, f["message_id"]), []).append(
                {
                    "code": f["code"],
                    "rule": f["rule"],
                    "severity": f["severity"],
                    "status": f["status"],
                }
            )
    out = []
    for entry in lineage.entries:
        d = cast("LineageEntry", entry.to_dict())
        d["problems"] = about.get((f"{d['name']}: {d['value']}", d["message_id"]), [])
        out.append(d)
    return out


def report_stats(grouping: Grouping) -> Stats:
    """The report's `stats`, from the grouping alone (known before any series is analysed;
    a `PartialGrouping` counts the series it holds only as `KeptSeries` too)."""
    revisions = [r for s in grouping.series for r in s.revisions]
    kept = (
        [s for s in grouping.slots if isinstance(s, KeptSeries)]
        if isinstance(grouping, PartialGrouping)
        else []
    )
    return {
        "messages": grouping.messages,
        "series": len(grouping.series) + len(kept),
        "revisions": len(revisions) + sum(k.revisions for k in kept),
        "patches": sum(len(r.patches.keys() | r.carried.keys()) for r in revisions)
        + sum(k.patches for k in kept),
        "replies": sum(len(r.replies) for r in revisions) + sum(k.replies for k in kept),
        "unattached": grouping.unattached,
        "pull_requests": len(grouping.pull_requests),
    }


def diagnostic_dicts(diagnostics: list[Diagnostic]) -> list[DiagnosticEntry]:
    return [
        {"message_id": d.message_id, "problem": d.problem, "source": d.source} for d in diagnostics
    ]


def report_head(grouping: Grouping, approval: ApprovalConfig | None = None) -> ReportHead:
    """The report's fields before `series` (known before any series is reviewed)."""
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "patchlint", "version": __version__},
        "stats": report_stats(grouping),
        "maintainers": maintainers_dict(approval),
    }


def report_tail(grouping: Grouping, diagnostics: list[Diagnostic]) -> ReportTail:
    """The report's fields after `series` (diagnostics: also those found reviewing them)."""
    return {
        "pull_requests": [
            {
                "message_id": p.message.message_id,
                "subject": p.message.subject,
                "author": str(p.message.author),
                "date": _iso(p.message.date),
                "url": p.url,
            }
            for p in grouping.pull_requests
        ],
        "diagnostics": diagnostic_dicts(diagnostics),
    }


def assemble_report(
    grouping: Grouping,
    diagnostics: list[Diagnostic],
    series: list[SeriesEntry],
    approval: ApprovalConfig | None = None,
) -> Report:
    """The whole report from the series entries (`series_report`, in grouping order);
    `approval`: the MAINTAINERS file the approvals were judged by, if any."""
    head, tail = report_head(grouping, approval), report_tail(grouping, diagnostics)
    return {
        "schema": head["schema"],
        "tool": head["tool"],
        "stats": head["stats"],
        "maintainers": head["maintainers"],
        "series": series,
        "pull_requests": tail["pull_requests"],
        "diagnostics": tail["diagnostics"],
    }


def build_report(
    grouping: Grouping,
    diagnostics: list[Diagnostic],
    diffs: Mapping[str, DiffSummary] | None = None,
    analyses: Mapping[int, SeriesAnalysis] | None = None,
    approval: ApprovalConfig | None = None,
) -> Report:
    """The whole report as a JSON-ready dict; `analyses` by id() of each Series;
    `approval`: the MAINTAINERS file the approvals were judged by, if any."""
    analyses = analyses or {}
    return assemble_report(
        grouping,
        diagnostics,
        [series_report(s, diffs or {}, analyses.get(id(s))) for s in grouping.series],
        approval,
    )


def maintainers_dict(approval: ApprovalConfig | None) -> MaintainersEntry | None:
    """Which MAINTAINERS file and policy the approvals were judged by."""
    if approval is None:
        return None
    db = approval.maintainers
    return {
        "source": db.source,
        "format": cast("MaintainersFormat", db.format),
        "format_evidence": db.format_evidence[1],
        "xen_version": db.xen_version,
        "policy": approval.effective_policy,
        "sections": len(db.sections),
        "problems": list(db.problems),
    }
