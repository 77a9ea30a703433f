"""Run a series rule on a thread-shaped case (`engine.testing.SeriesCase`): the thread is
read and grouped as `patchlint review` reads it, every analysis runs, and only the rule under
test judges the facts."""

from __future__ import annotations

from patchlint.analysis.approval import ApprovalConfig
from patchlint.engine.rule import Rule
from patchlint.engine.testing import SeriesCase
from patchlint.maintainers import read_maintainers
from patchlint.model.finding import Finding
from patchlint.model.message import Diagnostic
from patchlint.pipeline import load
from patchlint.pipeline.series import analyse_series


def series_case_findings(rule: Rule, case: SeriesCase) -> list[Finding]:
    """Every finding of `rule` on the case's thread (a rule that fails raises)."""
    approval = (ApprovalConfig(read_maintainers(case.maintainers), case.policy)
                if case.maintainers is not None else None)
    grouping, _ = load([str(case.mbox)])
    findings: list[Finding] = []
    for series in grouping.series:
        diagnostics: list[Diagnostic] = []
        analysis = analyse_series(series, rules=[rule], approval=approval,
                                  diagnostics=diagnostics)
        assert not [d for d in diagnostics if "rule " in d.problem], diagnostics
        findings.extend(analysis.findings)
    return findings
