"""Every finding of one series, in report order: the series rules run once on the analyses'
facts, the patch rules on every patch of every revision and every patch proposed in a reply.

Order (what a reviewer reads first): findings of the series rules that judge the revisions
(changelogs), then those that judge the trailers, then the patch rules' findings (revision
by revision, patch by patch; each patch's in file and line order), then those that judge the
approvals. Within a group, by revision, patch and code, each rule's own findings in the order
it reported them; "by revision" is the order the revisions were posted for the changelog and
approval groups (a rule names the `Revision`), and by version number for the trailers (a
series whose v4 was posted before its v2 keeps that difference).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from patchlint.analysis.facts import SeriesAnalysis
from patchlint.analysis.profile import revision_profile
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.engine.rule import FACTS, Rule, RuleError
from patchlint.engine.runner import Where, lint_patch
from patchlint.engine.series_context import SeriesContext, SeriesHit
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache
from patchlint.model.finding import Finding
from patchlint.model.message import Diagnostic
from patchlint.model.profile import Profile, lower_severity
from patchlint.model.series import Revision, Series

BEFORE_PATCH_RULES = FACTS[:2]  # revisions, trailers: then the patch rules, then approval

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders


def run_series_rules(
    series: Series,
    analysis: SeriesAnalysis,
    rules: Sequence[Rule],
    diagnostics: list[Diagnostic] | None = None,
    config: Config = DEFAULT_CONFIG,
) -> dict[str, list[Finding]]:
    """The findings of the series rules among `rules`, by the facts they judge, each group
    in report order. A rule that fails is a diagnostic naming the rule (or, without a list,
    a RuleError); the other rules still run."""
    keyed: dict[str, list[tuple[tuple[int, int, str], Finding]]] = {f: [] for f in FACTS}
    for rule in rules:
        if not rule.series:
            continue
        ctx = SeriesContext(rule, series, analysis, config)
        try:
            hits: list[SeriesHit] = list(rule.check(ctx))
        except Exception as exc:  # one broken rule must not cost the rest of the report
            problem = f"rule {rule.name} failed: {type(exc).__name__}: {str(exc)[:200]}"
            if diagnostics is None:
                raise RuleError(problem) from exc
            first = series.revisions[0] if series.revisions else None
            diagnostics.append(Diagnostic(first.message_id if first else None, problem))
            continue
        facts = rule.meta.facts or FACTS[0]
        for hit in hits:
            level = rule.level(hit_profile(series, analysis, hit))
            if level == "off":
                continue  # about a patch (or revision) of a profile the rule is off for
            by_version = facts == "trailers" or hit.position is None
            place = (hit.revision or 0) if by_version else hit.position or 0
            keyed[facts].append(
                (
                    (place, hit.patch or 0, rule.code),
                    Finding(
                        rule.name,
                        rule.code,
                        lower_severity(level, hit.severity),
                        hit.message,
                        revision=hit.revision,
                        patch=hit.patch,
                        file=hit.file,
                        line=hit.line,
                        message_id=hit.message_id,
                        status="resolved" if hit.resolved_by is not None else "open",
                        resolved_by=hit.resolved_by,
                        details=dict(hit.details),
                    ),
                )
            )
    return {
        facts: [f for _, f in sorted(group, key=lambda kf: kf[0])] for facts, group in keyed.items()
    }


def _revision_of(series: Series, hit: SeriesHit) -> Revision | None:
    if hit.position is not None and 0 <= hit.position < len(series.revisions):
        return series.revisions[hit.position]
    return next((r for r in series.revisions if r.version == hit.revision), None)


def hit_profile(series: Series, analysis: SeriesAnalysis, hit: SeriesHit) -> Profile:
    """The profile a series rule's hit is judged by: its patch's (its file's, when it names
    one), else its revision's (what most of its patches are), else the series' first
    revision's; Linux when the series has no patch at all (`analysis.profile`'s default)."""
    profiles = analysis.profiles
    rev = _revision_of(series, hit)
    if rev is not None and hit.patch is not None:
        patch = rev.patches.get(hit.patch) or rev.carried.get(hit.patch)
        profile = profiles.get(patch.message_key) if patch is not None else None
        if profile is not None:
            return profile.of(hit.file) if hit.file is not None else profile.name
    for candidate in (rev, *series.revisions):
        if candidate is not None:
            whole = revision_profile(candidate.sorted_patches, profiles)
            if whole is not None:
                return whole.name
    return "linux"


def series_findings(
    series: Series,
    analysis: SeriesAnalysis,
    rules: Sequence[Rule],
    diagnostics: list[Diagnostic] | None = None,
    diffs: DiffCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    config: Config = DEFAULT_CONFIG,
    tree: TreeHeaders | None = None,
) -> list[Finding]:
    """Every finding of `rules` on one series, in report order (see the module docstring).
    `diffs` shares the series' diff parses with the analyses; `config` travels to every
    rule's context; `tree` is the source tree the patches are for, when one is at hand."""
    by_facts = run_series_rules(series, analysis, rules, diagnostics, config)
    findings = [f for facts in BEFORE_PATCH_RULES for f in by_facts[facts]]
    patch_rules = [r for r in rules if not r.series]
    if patch_rules:
        for rev in series.revisions:
            for patch in rev.sorted_patches:
                findings.extend(
                    lint_patch(
                        patch,
                        patch_rules,
                        Where(rev.version),
                        diagnostics,
                        diffs,
                        limits,
                        config,
                        tree,
                        analysis.profiles.get(patch.message_key),
                    )
                )
            for reply, proposal in rev.proposed:
                findings.extend(
                    lint_patch(
                        proposal,
                        patch_rules,
                        Where(rev.version, proposed_in=reply.message.message_id),
                        diagnostics,
                        diffs,
                        limits,
                        config,
                        tree,
                        analysis.profiles.get(proposal.message_key),
                    )
                )
    findings.extend(
        f for facts in FACTS if facts not in BEFORE_PATCH_RULES for f in by_facts[facts]
    )
    return findings
