"""rules/README.md says a new rule is added by copying one folder: this does exactly that,
for a patch rule and for a series rule, into a rules root of its own, renames the copy (the
folder, `code` and `name` in rule.toml, the rule name in the case markers), loads the
registry from there and runs the copy's cases as the suite runs every rule's."""

from __future__ import annotations

import shutil
from pathlib import Path

from patchlint.engine.registry import load_registry, rules_root
from patchlint.engine.runner import lint_patch
from patchlint.engine.testing import load_case, load_series_case, rule_cases
from tests.rules.series_cases import series_case_findings


def copy_rule(root: Path, source: str, name: str, code: str) -> Path:
    """The README's steps: copy the folder, rename it, give it a new code and name."""
    folder = root / name
    shutil.copytree(rules_root() / source, folder)
    toml = folder / "rule.toml"
    text = toml.read_text(encoding="utf-8")
    old_code = text.split('code = "', 1)[1].split('"', 1)[0]
    toml.write_text(
        text.replace(f'code = "{old_code}"', f'code = "{code}"').replace(
            f'name = "{source}"', f'name = "{name}"'
        ),
        encoding="utf-8",
    )
    for case in rule_cases(folder):
        text = case.read_text(encoding="utf-8")
        case.write_text(
            text.replace(f"ruleid: {source}", f"ruleid: {name}").replace(
                f"ok: {source}", f"ok: {name}"
            ),
            encoding="utf-8",
        )
    return folder


def test_a_copied_patch_rule_and_a_copied_series_rule_load_and_pass_their_cases(tmp_path: Path):
    copy_rule(tmp_path, "trailing-whitespace", "trailing-blanks", "ZZ001")
    copy_rule(tmp_path, "missing-changelog", "missing-version-notes", "ZZ002")
    registry = load_registry(tmp_path)
    assert [(r.code, r.name, r.series) for r in registry.rules] == [
        ("ZZ001", "trailing-blanks", False),
        ("ZZ002", "missing-version-notes", True),
    ]
    assert [r.code for r in registry.select(["ZZ"]).rules] == ["ZZ001", "ZZ002"]
    patch_rule, series_rule = registry.rules

    patch_cases = [load_case(c, patch_rule.name) for c in rule_cases(patch_rule.folder)]
    assert patch_cases and any(c.expect for c in patch_cases)
    for case in patch_cases:
        found = {(f.file, f.line) for f in lint_patch(case.patch, [patch_rule])}
        assert found == set(case.expect)
        assert all(f.code == "ZZ001" for f in lint_patch(case.patch, [patch_rule]))

    series_cases = [load_series_case(c) for c in rule_cases(series_rule.folder)]
    assert any(c.fires for c in series_cases) and any(c.forbids for c in series_cases)
    for case in series_cases:
        findings = series_case_findings(series_rule, case)
        assert case.problems(findings) == []
        assert all(f.code == "ZZ002" and f.rule == "missing-version-notes" for f in findings)
