"""The report's `findings` of one series: each finding as the schema has it, with the lines
of the patch it refers to (`quote`) and a `fingerprint` that survives line shifts and new
revisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from patchlint.model.diff import DiffCache
from patchlint.model.finding import Finding, Severity
from patchlint.model.patch import Patch
from patchlint.model.series import Series
from patchlint.model.udiff import PatchSet
from patchlint.report.quote import finding_quote, fingerprint, parsed

if TYPE_CHECKING:
    from patchlint.report.types import FindingEntry, FindingStatus


def finding_entry(finding: Finding) -> FindingEntry:
    """A finding as the report has it, before its quote and fingerprint are added."""
    return {
        "rule": finding.rule,
        "code": finding.code,
        "severity": cast("Severity", finding.severity),
        "revision": finding.revision,
        "patch": finding.patch,
        "file": finding.file,
        "line": finding.line,
        "message": finding.message,
        "message_id": finding.message_id,
        "status": cast("FindingStatus", finding.status),
        "resolved_by": finding.resolved_by,
        "details": finding.details,
    }


def finding_entries(
    series: Series, findings: list[Finding], parses: DiffCache | None = None
) -> list[FindingEntry]:
    """Each finding with the lines of the patch it refers to (`quote`) and a `fingerprint`
    that survives line shifts and new revisions."""
    by_id: dict[str, Patch] = {}
    by_index: dict[tuple[int, int], Patch] = {}
    for rev in series.revisions:
        for posted in [*rev.sorted_patches, *(p for _, p in rev.proposed)]:
            if posted.message_id:
                by_id.setdefault(posted.message_id, posted)
        for index, posted in rev.patches.items():
            by_index.setdefault((rev.version, index), posted)
    parsed_diffs: dict[str, PatchSet | None] = {}
    out = []
    for finding in findings:
        d = finding_entry(finding)
        patch: Patch | None = by_id.get(finding.message_id or "")
        if patch is None and finding.revision is not None and finding.patch is not None:
            patch = by_index.get((finding.revision, finding.patch))
        patchset = None
        if patch is not None and finding.file:
            if patch.message_key not in parsed_diffs:
                parsed_diffs[patch.message_key] = parsed(patch, parses)
            patchset = parsed_diffs[patch.message_key]
        d["quote"] = finding_quote(d, patch, patchset)
        d["fingerprint"] = fingerprint(d, patch.title if patch else series.title)
        out.append(d)
    return out
