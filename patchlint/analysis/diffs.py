"""Parse every patch's diff once (unidiff): line counts for the report, and a diagnostic for
each diff that does not parse (hunk counts broken by a mailer, a truncated paste)."""

from __future__ import annotations

from patchlint.model.diff import DiffSummary, summarize_diff
from patchlint.model.message import Diagnostic
from patchlint.model.series import Grouping


def check_diffs(grouping: Grouping, diagnostics: list[Diagnostic]) -> dict[str, DiffSummary]:
    """Summaries by patch message key (proposed patches included)."""
    out: dict[str, DiffSummary] = {}
    for series in grouping.series:
        for rev in series.revisions:
            patches = list(rev.patches.values()) + [p for _, p in rev.proposed]
            for patch in patches:
                if patch.message_key in out:
                    continue
                summary = summarize_diff(patch.diff)
                out[patch.message_key] = summary
                if summary.error:
                    diagnostics.append(Diagnostic(
                        patch.message_id, f"diff does not parse: {summary.error}"))
    return out
