"""Parse every patch's diff once (unidiff): line counts for the report, and a diagnostic for
each diff that does not parse (hunk counts broken by a mailer, a truncated paste)."""

from __future__ import annotations

from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffSummary, summarize_diff
from patchlint.model.message import Diagnostic
from patchlint.model.series import Grouping


def check_diffs(grouping: Grouping, diagnostics: list[Diagnostic],
                limits: Limits = DEFAULT_LIMITS) -> dict[str, DiffSummary]:
    """Summaries by patch message key (proposed patches included)."""
    out: dict[str, DiffSummary] = {}
    for series in grouping.series:
        for rev in series.revisions:
            patches = list(rev.patches.values()) + [p for _, p in rev.proposed]
            for patch in patches:
                if patch.message_key in out:
                    continue
                summary = summarize_diff(patch.diff, limits)
                out[patch.message_key] = summary
                if summary.error:
                    what = "diff" if summary.over_limit else "diff does not parse"
                    diagnostics.append(Diagnostic(patch.message_id, f"{what}: {summary.error}"))
    return out
