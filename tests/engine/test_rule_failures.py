"""A rule that raises, patch rule or series rule, is a diagnostic naming the rule, and the
other rules still report; without a diagnostics list it is a RuleError."""

from __future__ import annotations

from dataclasses import replace

import pytest

from patchlint.engine.registry import default_registry
from patchlint.engine.rule import Rule, RuleError
from patchlint.engine.runner import lint_patch
from patchlint.engine.series_runner import series_findings
from patchlint.model.message import Diagnostic
from patchlint.pipeline import load
from patchlint.pipeline.series import analyse_series
from tests.conftest import FIXTURES

REGISTRY = default_registry()
SEED_001 = FIXTURES / "threads" / "001-physdevop-alloc-irq-vector.mbox"


def broken(code: str) -> Rule:
    rule = REGISTRY.get(code)
    assert rule is not None

    def check(ctx: object) -> list[object]:
        raise ZeroDivisionError("a bug in the rule")

    return replace(rule, check=check)


def seed_series():
    grouping, _ = load([str(SEED_001)])
    (series,) = grouping.series
    return series


def test_a_crashing_patch_rule_is_a_diagnostic_and_the_others_report():
    series = seed_series()
    rules = [broken("XS001"), REGISTRY.get("XS002"), REGISTRY.get("TR005")]
    diagnostics: list[Diagnostic] = []
    analysis = analyse_series(series, rules=[r for r in rules if r], diagnostics=diagnostics)
    assert {f.code for f in analysis.findings} == {"XS002", "TR005"}
    problems = [d.problem for d in diagnostics]
    assert problems == ["rule hardcoded-dom0 failed: ZeroDivisionError: a bug in the rule"]
    patch = series.revisions[0].sorted_patches[0]
    with pytest.raises(RuleError, match="rule hardcoded-dom0 failed"):
        lint_patch(patch, [broken("XS001")])


def test_a_crashing_series_rule_is_a_diagnostic_and_the_others_report():
    series = seed_series()
    diagnostics: list[Diagnostic] = []
    analysis = analyse_series(
        series, rules=[broken("TR005"), REGISTRY.get("XS002")], diagnostics=diagnostics
    )
    assert {f.code for f in analysis.findings} == {"XS002"}
    assert [(d.message_id, d.problem) for d in diagnostics] == [
        (
            series.revisions[0].message_id,
            "rule malformed-trailer failed: ZeroDivisionError: a bug in the rule",
        )
    ]
    with pytest.raises(RuleError, match="rule malformed-trailer failed"):
        series_findings(series, analysis, [broken("TR005")])
