"""Every case of every rule as its own test: the lines marked `ruleid:` are exactly the
lines the rule reports; those marked `ok:` are not reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.engine.registry import default_registry, rules_root
from patchlint.engine.rule import Rule
from patchlint.engine.runner import lint_patch
from patchlint.engine.testing import load_case, rule_cases

REGISTRY = default_registry()
CASES = [(rule, case) for rule in REGISTRY.rules for case in rule_cases(rule.folder)]


@pytest.mark.parametrize(("rule", "case"), CASES,
                         ids=[f"{r.name}/{c.name}" for r, c in CASES])
def test_rule_case(rule: Rule, case: Path):
    loaded = load_case(case, rule.name)
    found = {(f.file, f.line) for f in lint_patch(loaded.patch, [rule])}
    assert found == set(loaded.expect), (
        f"missed {sorted(loaded.expect - found)}, unexpected {sorted(found - loaded.expect)}")
    assert not found & loaded.allow_not


@pytest.mark.parametrize("rule", REGISTRY.rules, ids=[r.name for r in REGISTRY.rules])
def test_rule_has_cases_that_fire_and_cases_that_do_not(rule: Rule):
    cases = [load_case(c, rule.name) for c in rule_cases(rule.folder)]
    assert any(c.expect for c in cases), f"{rule.name}: no `ruleid:` case"
    assert any(c.allow_not for c in cases), f"{rule.name}: no `ok:` case"


def test_every_rule_folder_loads_and_is_shipped():
    folders = sorted(p.name for p in rules_root().iterdir() if (p / "rule.toml").is_file())
    assert folders == sorted(r.name for r in REGISTRY.rules)
    assert len({r.code for r in REGISTRY.rules}) == len(REGISTRY.rules)
