"""Run a series rule on a thread-shaped case (`engine.testing.SeriesCase`): the thread is
read and grouped as `patchlint review` reads it, every analysis runs, and only the rule under
test judges the facts. A case's `[config]` configures the run; its `tree` (a git bundle) is
cloned with the real git into a temporary directory and read as `--tree`."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.tree import tree_reader
from patchlint.config import Flags, resolve_config
from patchlint.engine.rule import Rule
from patchlint.engine.testing import SeriesCase
from patchlint.maintainers import read_maintainers
from patchlint.model.finding import Finding
from patchlint.model.message import Diagnostic
from patchlint.pipeline import load
from patchlint.pipeline.series import analyse_series


def series_case_findings(rule: Rule, case: SeriesCase) -> list[Finding]:
    """Every finding of `rule` on the case's thread (a rule that fails raises)."""
    approval = (
        ApprovalConfig(read_maintainers(case.maintainers), case.policy)
        if case.maintainers is not None
        else None
    )
    config = resolve_config(case.config, case.path, Flags())
    grouping, _ = load([str(case.mbox)])
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory() as tmp:
        tree = None
        if case.tree is not None:
            checkout = Path(tmp) / "tree"
            subprocess.run(
                ["git", "clone", "-q", str(case.tree), str(checkout)],
                check=True,
                capture_output=True,
            )
            tree = tree_reader(checkout)
        for series in grouping.series:
            diagnostics: list[Diagnostic] = []
            analysis = analyse_series(
                series,
                tree,
                rules=[rule],
                approval=approval,
                diagnostics=diagnostics,
                config=config,
            )
            assert not [d for d in diagnostics if "rule " in d.problem], diagnostics
            findings.extend(analysis.findings)
    return findings
