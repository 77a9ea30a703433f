"""Run the selected patch rules over a patch: scope and project filtering, added-lines-only,
suppressions, and Hits turned into Findings (series rules: `engine.series_runner`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from patchlint.c.fragments import FileView, file_views
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.engine.context import RuleContext
from patchlint.engine.project import patch_is_xen, project_of
from patchlint.engine.rule import Rule, RuleError
from patchlint.engine.suppress import suppressions
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache
from patchlint.model.finding import Finding
from patchlint.model.message import Diagnostic
from patchlint.model.patch import Patch

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
        if not rule.applies_to(v.project):
            continue
        if scope == "c-added" and not (v.is_c and v.added):
            continue
        if scope == "added" and not v.added:
            continue
        out.append(v)
    return out


def lint_patch(patch: Patch, rules: Sequence[Rule], where: Where | None = None,
               diagnostics: list[Diagnostic] | None = None,
               diffs: DiffCache | None = None,
               limits: Limits = DEFAULT_LIMITS,
               config: Config = DEFAULT_CONFIG,
               tree: TreeHeaders | None = None) -> list[Finding]:
    """Every finding of the patch rules among `rules` on `patch`, in file and line order.
    A rule that fails on this patch is a diagnostic naming the rule (or, without a list, a
    RuleError): the other rules still run. `diffs` shares the diff's parse with the other
    analyses; `config` is the run's configuration, which every rule's context carries;
    `tree` is the source tree the patch is for, when one is at hand."""
    where = where or Where()
    xen_patch = patch_is_xen(patch.files, patch.subject.list_tags)
    views = file_views(patch.diff, partial(project_of, xen_patch=xen_patch), cache=diffs,
                       limits=limits)
    if not views and not any(r.meta.scope == "diff" for r in rules):
        return []
    silenced = suppressions(patch.notes, patch.message,
                            {v.path: [(ln.number, ln.text) for ln in v.added] for v in views})
    added = {v.path: v.added_numbers for v in views}
    findings: list[Finding] = []
    for rule in rules:
        files = _files_for(rule, views)
        if not files and rule.meta.scope != "diff":  # a diff rule reads the text as posted
            continue
        ctx = RuleContext(rule=rule, patch=patch, files=files, patch_files=views,
                          config=config, tree=tree, proposed_in=where.proposed_in)
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
                    hit.file is None or hit.line is None or hit.line not in added[hit.file]):
                continue  # rules judge only what the patch adds
            if silenced.silenced(rule.code, rule.name, hit.file, hit.line):
                continue
            details = dict(hit.details)
            if where.proposed_in:
                details["proposed_in"] = where.proposed_in
            findings.append(Finding(rule.name, rule.code, hit.severity or rule.meta.severity,
                                    hit.message, revision=where.revision,
                                    patch=patch.index, file=hit.file, line=hit.line,
                                    message_id=patch.message_id, details=details))
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.code))
    return _dedupe(findings)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str | None, int | None, str]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.file, f.line, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
