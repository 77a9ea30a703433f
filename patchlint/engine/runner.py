"""Run the selected patch rules over a patch: scope and profile filtering, added-lines-only,
suppressions, and Hits turned into Findings at the rule's level in the file's profile
(series rules: `engine.series_runner`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from patchlint.analysis.profile import patch_profile
from patchlint.c.fragments import FileView, file_views
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.engine.context import Hit, RuleContext
from patchlint.engine.rule import Rule, RuleError
from patchlint.engine.suppress import suppressions
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache
from patchlint.model.finding import Finding
from patchlint.model.message import Diagnostic
from patchlint.model.patch import Patch
from patchlint.model.profile import PatchProfile, lower_severity

if TYPE_CHECKING:
    from patchlint.c.kb.tree import TreeHeaders


@dataclass(frozen=True, slots=True)
class Where:
    """Which revision (and proposal) the patch belongs to, for the findings."""

    revision: int | None = None
    proposed_in: str | None = None  # message-id of the reply a proposed patch came in


def _files_for(rule: Rule, views: list[FileView]) -> list[FileView]:
    scope = rule.meta.scope
    if rule.series:
        return []  # judged once per series, not per patch
    out = []
    for v in views:
        if rule.level(v.project) == "off":
            continue
        if scope == "c-added" and not (v.is_c and v.added):
            continue
        if scope == "added" and not v.added:
            continue
        out.append(v)
    return out


def lint_patch(
    patch: Patch,
    rules: Sequence[Rule],
    where: Where | None = None,
    diagnostics: list[Diagnostic] | None = None,
    diffs: DiffCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    config: Config = DEFAULT_CONFIG,
    tree: TreeHeaders | None = None,
    profile: PatchProfile | None = None,
) -> list[Finding]:
    """Every finding of the patch rules among `rules` on `patch`, in file and line order.
    A rule that fails on this patch is a diagnostic naming the rule (or, without a list, a
    RuleError): the other rules still run. `diffs` shares the diff's parse with the other
    analyses; `config` is the run's configuration, which every rule's context carries;
    `tree` is the source tree the patch is for, when one is at hand; `profile` the patch's
    (`analysis.profile`; detected here from the patch and `config` when not given): a rule
    runs on the files whose profile it is not `off` for, and each finding takes the rule's
    level in its file's profile (lowered, never raised, by the hit's own severity)."""
    where = where or Where()
    profile = profile or patch_profile(patch, config.profiles)
    views = file_views(patch.diff, profile.of, cache=diffs, limits=limits)
    if not views and not any(r.meta.scope == "diff" for r in rules):
        return []
    silenced = suppressions(
        patch.notes,
        patch.message,
        {v.path: [(ln.number, ln.text) for ln in v.added] for v in views},
    )
    added = {v.path: v.added_numbers for v in views}
    findings: list[Finding] = []
    for rule in rules:
        files = _files_for(rule, views)
        if not files and (rule.meta.scope != "diff" or rule.level(profile.name) == "off"):
            continue  # a diff rule reads the text as posted, files or none
        ctx = RuleContext(
            rule=rule,
            patch=patch,
            files=files,
            patch_files=views,
            config=config,
            tree=tree,
            proposed_in=where.proposed_in,
        )
        try:
            hits = list(rule.check(ctx))
        except Exception as exc:  # one broken rule must not cost the rest of the report
            problem = f"rule {rule.name} failed: {type(exc).__name__}: {str(exc)[:200]}"
            if diagnostics is None:
                raise RuleError(problem) from exc
            diagnostics.append(Diagnostic(patch.message_id, problem))
            continue
        for hit in hits:
            if rule.meta.scope not in ("patch", "diff") and (
                hit.file is None or hit.line is None or hit.line not in added[hit.file]
            ):
                continue  # rules judge only what the patch adds
            if silenced.silenced(rule.code, rule.name, hit.file, hit.line):
                continue
            severity = _severity(rule, profile, hit)
            if severity is None:
                continue  # a patch-wide hit on a patch whose profile the rule is off for
            details = dict(hit.details)
            if where.proposed_in:
                details["proposed_in"] = where.proposed_in
            findings.append(
                Finding(
                    rule.name,
                    rule.code,
                    severity,
                    hit.message,
                    revision=where.revision,
                    patch=patch.index,
                    file=hit.file,
                    line=hit.line,
                    message_id=patch.message_id,
                    details=details,
                )
            )
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.code))
    return _dedupe(findings)


def _severity(rule: Rule, profile: PatchProfile, hit: Hit) -> str | None:
    """The rule's level in the profile of the hit's file (the patch's, for a hit on no
    file), lowered by the hit's own severity; None where the rule is off."""
    level = rule.level(profile.of(hit.file) if hit.file is not None else profile.name)
    return None if level == "off" else lower_severity(level, hit.severity)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str | None, int | None, str]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.file, f.line, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
