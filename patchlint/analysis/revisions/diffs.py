"""Every patch's diff checked once: line counts for the report, and a diagnostic for each
diff that does not parse (hunk counts broken by a mailer, a truncated paste)."""

from __future__ import annotations

from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache, DiffSummary, summarize_diff
from patchlint.model.message import Diagnostic
from patchlint.model.series import Series


def series_diffs(
    series: Series,
    diagnostics: list[Diagnostic],
    cache: DiffCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, DiffSummary]:
    """Summaries of one series' patches (proposed ones included) by message key; `cache`
    keeps the parses for the series' other analyses."""
    out: dict[str, DiffSummary] = {}
    for rev in series.revisions:
        patches = list(rev.patches.values()) + [p for _, p in rev.proposed]
        for patch in patches:
            if patch.message_key in out:
                continue
            summary = summarize_diff(patch.diff, cache, limits)
            out[patch.message_key] = summary
            if summary.error:
                what = "diff" if summary.over_limit else "diff does not parse"
                diagnostics.append(Diagnostic(patch.message_id, f"{what}: {summary.error}"))
    return out
