"""Rules off by default (`default = false` in rule.toml) and rules about the diff's own form
(`scope = "diff"`): what the registry selects and what the runner runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.engine.registry import load_registry
from patchlint.engine.rule import RuleError, load_meta
from patchlint.engine.runner import Where, lint_patch
from patchlint.errors import UsageError
from tests.rules.patches import patch_of

TOML = """code = "{code}"
name = "{name}"
scope = "{scope}"
summary = "s"
source = "a review"
{extra}
[profiles]
linux = "warning"
xen-hypervisor = "warning"
xen-tools = "warning"
other = "warning"

[docs]
what = "w"
why = "y"
example = "e"
instead = "i"
"""
QUERY = '(call_expression function: (identifier) @f (#eq? @f "strcpy")) @hit\n'


def _rule(root: Path, code: str, name: str, extra: str = "", scope: str = "c-added") -> None:
    folder = root / name
    folder.mkdir()
    (folder / "rule.toml").write_text(TOML.format(code=code, name=name, extra=extra, scope=scope))
    (folder / "query.scm").write_text(QUERY)


@pytest.fixture
def registry(tmp_path: Path):
    _rule(tmp_path, "ZZ001", "always-on")
    _rule(tmp_path, "ZZ002", "measured-low", "default = false")
    _rule(tmp_path, "ZY001", "other-family-off", "default = false")
    return load_registry(tmp_path)


def _names(selection) -> set[str]:
    return {r.name for r in selection.rules}


def test_a_rule_off_by_default_does_not_run_unless_named(registry):
    assert registry.get("measured-low").meta.default is False
    assert registry.get("always-on").meta.default is True
    assert _names(registry.select()) == {"always-on"}
    assert _names(registry.select(["ZZ002"])) == {"measured-low"}
    assert _names(registry.select(["measured-low", "ZZ001"])) == {"measured-low", "always-on"}


def test_a_prefix_keeps_selecting_only_the_rules_that_run(registry):
    assert _names(registry.select(["ZZ"])) == {"always-on"}
    with pytest.raises(UsageError, match=r"off by default \(other-family-off\)"):
        registry.select(["ZY"])


def test_all_selects_every_rule_and_ignore_still_applies(registry):
    assert _names(registry.select(["ALL"])) == {"always-on", "measured-low", "other-family-off"}
    assert _names(registry.select(["all"], ["ZY001"])) == {"always-on", "measured-low"}


def test_default_must_be_a_boolean(tmp_path: Path):
    _rule(tmp_path, "ZZ003", "bad-default", 'default = "no"')
    with pytest.raises(RuleError, match="default 'no' is not true or false"):
        load_meta(tmp_path / "bad-default")


BROKEN = """diff --git a/lib/x.c b/lib/x.c
--- a/lib/x.c
+++ b/lib/x.c
@@ -1,3 +1,4 @@
 int a;
+char b[4]; void f(void) { strcpy(b, "a long line the mailer
wrapped"); }
 int c;
 int d;
"""


def test_a_diff_rule_runs_on_a_diff_that_does_not_parse(tmp_path: Path):
    _rule(tmp_path, "ZZ001", "c-rule")
    folder = tmp_path / "diff-rule"
    folder.mkdir()
    (folder / "rule.toml").write_text(
        TOML.format(code="ZZ009", name="diff-rule", extra="", scope="diff")
    )
    (folder / "check.py").write_text(
        "from patchlint.engine.context import Hit\n"
        "def check(ctx):\n"
        "    yield Hit(None, None, f'{len(ctx.files)} files, {len(ctx.patch.diff)} chars',"
        " {}, None)\n"
    )
    registry = load_registry(tmp_path)
    patch = patch_of(BROKEN)
    found = lint_patch(patch, registry.rules, Where(1))
    assert [(f.rule, f.message) for f in found] == [
        ("diff-rule", f"0 files, {len(patch.diff)} chars")
    ]
