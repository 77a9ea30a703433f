"""Every case of every rule as its own test. Patch rules: the lines marked `ruleid:` are
exactly the lines the rule reports; those marked `ok:` are not reported. Series rules: on
each thread-shaped case the rule reports what the case expects, nothing it forbids, and (by
default) nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.engine.registry import default_registry, rules_root
from patchlint.engine.rule import Rule
from patchlint.engine.runner import lint_patch
from patchlint.engine.testing import load_case, load_series_case, rule_cases
from tests.rules.series_cases import series_case_findings

REGISTRY = default_registry()
PATCH_CASES = [
    (rule, case) for rule in REGISTRY.rules if not rule.series for case in rule_cases(rule.folder)
]
SERIES_CASES = [
    (rule, case) for rule in REGISTRY.rules if rule.series for case in rule_cases(rule.folder)
]


@pytest.mark.parametrize(
    ("rule", "case"), PATCH_CASES, ids=[f"{r.name}/{c.name}" for r, c in PATCH_CASES]
)
def test_rule_case(rule: Rule, case: Path):
    loaded = load_case(case, rule.name)
    found = {(f.file, f.line) for f in lint_patch(loaded.patch, [loaded.rule(rule)])}
    assert found == set(loaded.expect), (
        f"missed {sorted(loaded.expect - found)}, unexpected {sorted(found - loaded.expect)}"
    )
    assert not found & loaded.allow_not


@pytest.mark.parametrize(
    ("rule", "case"), SERIES_CASES, ids=[f"{r.name}/{c.name}" for r, c in SERIES_CASES]
)
def test_series_rule_case(rule: Rule, case: Path):
    loaded = load_series_case(case)
    findings = series_case_findings(rule, loaded)
    assert {f.code for f in findings} <= {rule.code}
    assert loaded.problems(findings) == []


@pytest.mark.parametrize("rule", REGISTRY.rules, ids=[r.name for r in REGISTRY.rules])
def test_rule_has_cases_that_fire_and_cases_that_do_not(rule: Rule):
    if rule.series:
        series = [load_series_case(c) for c in rule_cases(rule.folder)]
        assert any(c.fires for c in series), f"{rule.name}: no case with an [[expect]]"
        assert any(c.forbids for c in series), f"{rule.name}: no case that must not fire"
        return
    cases = [load_case(c, rule.name) for c in rule_cases(rule.folder)]
    assert any(c.expect for c in cases), f"{rule.name}: no `ruleid:` case"
    assert any(c.allow_not for c in cases), f"{rule.name}: no `ok:` case"


def test_every_rule_folder_loads_and_is_shipped():
    folders = sorted(p for p in rules_root().iterdir() if (p / "rule.toml").is_file())
    assert [p.name for p in folders] == sorted(r.name for r in REGISTRY.rules)
    assert len({r.code for r in REGISTRY.rules}) == len(REGISTRY.rules) == 41
    assert all(r.series == (r.meta.scope == "series") for r in REGISTRY.rules)
    assert {r.code for r in REGISTRY.rules if r.series} == {
        "TR001",
        "TR002",
        "TR003",
        "TR004",
        "TR005",
        "TR006",
        "TR007",
        "TR008",
        "TR009",
        "TR010",
        "TR011",
        "TR012",
        "RV001",
        "RV002",
        "RV003",
        "MA001",
        "MA002",
        "MA003",
    }
