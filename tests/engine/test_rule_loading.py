"""rule.toml validation and rule loading: every kind of mistake in a rule folder is a
RuleError naming the folder and what is wrong, never a traceback, and a good folder loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.engine.loader import load_rule
from patchlint.engine.registry import rules_root
from patchlint.engine.rule import RuleError, load_meta

GOOD = """code = "ZZ901"
name = "{name}"
scope = "{scope}"
{facts}summary = "a test rule"
source = "a test"

[profiles]
linux = "info"
xen-hypervisor = "warning"
xen-tools = "error"
other = "off"

[docs]
what = "what"
why = "why"
example = "example"
instead = "instead"
"""


def folder(
    tmp_path: Path,
    name: str = "test-rule",
    scope: str = "added",
    facts: str | None = None,
    text: str | None = None,
    check: str | None = "def check(ctx):\n    return []\n",
) -> Path:
    path = tmp_path / name
    path.mkdir()
    facts_line = f'facts = "{facts}"\n' if facts is not None else ""
    (path / "rule.toml").write_text(
        text if text is not None else GOOD.format(name=name, scope=scope, facts=facts_line)
    )
    if check is not None:
        (path / "check.py").write_text(check)
    return path


def test_a_good_patch_rule_and_a_good_series_rule_load(tmp_path: Path):
    patch_rule = load_rule(folder(tmp_path))
    assert patch_rule.code == "ZZ901" and not patch_rule.series and patch_rule.meta.facts is None
    assert [patch_rule.level(p) for p in ("linux", "xen-hypervisor", "xen-tools", "other")] == [
        "info",
        "warning",
        "error",
        "off",
    ]
    assert patch_rule.meta.severity == "error"
    assert patch_rule.meta.applies == ("linux", "xen-hypervisor", "xen-tools")
    series_rule = load_rule(folder(tmp_path, "series-rule", "series", "trailers"))
    assert series_rule.series and series_rule.meta.facts == "trailers"


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (('code = "ZZ901"', 'code = "Z901"'), "code 'Z901' is not two capitals and three digits"),
        (('name = "test-rule"', 'name = "Test_Rule"'), "name 'Test_Rule' is not kebab-case"),
        (
            ('name = "test-rule"', 'name = "other-rule"'),
            "folder 'test-rule' differs from the name 'other-rule'",
        ),
        (('scope = "added"', 'scope = "file"'), "scope 'file' is not one of"),
        (
            ('xen-hypervisor = "warning"', 'xen-hypervisor = "fatal"'),
            "[profiles] xen-hypervisor = 'fatal' is not one of error, warning, info, off",
        ),
        (('other = "off"', 'other = "off"\nbsd = "info"'), "[profiles] 'bsd' is not a profile"),
        (('linux = "info"\n', ""), "[profiles] lacks linux (name every profile"),
        (("[profiles]\n", "[nothing]\n"), "[profiles] is missing"),
        (
            (
                '[profiles]\nlinux = "info"\nxen-hypervisor = "warning"\nxen-tools = "error"\n',
                '[profiles]\nlinux = "off"\nxen-hypervisor = "off"\nxen-tools = "off"\n',
            ),
            "[profiles] is `off` everywhere",
        ),
        (
            ('scope = "added"', 'scope = "added"\nseverity = "warning"'),
            "`severity` is replaced by a [profiles] table",
        ),
        (
            ('scope = "added"', 'scope = "added"\nprojects = ["any"]'),
            "`projects` is replaced by a [profiles] table",
        ),
        (('scope = "added"', 'scope = "added"\nprofile = "linux"'), "unknown key 'profile'"),
        (
            ('instead = "instead"', 'instead = "instead"\nwhere = "x"'),
            "docs has unknown section(s) where",
        ),
        (('what = "what"', 'what = " "'), "docs lack what"),
        (('instead = "instead"\n', ""), "docs lack instead"),
        (('summary = "a test rule"', 'summary = ""'), "summary is empty"),
        (('source = "a test"', 'source = ""'), "source is empty"),
        (
            ('scope = "added"', 'scope = "added"\nfacts = "trailers"'),
            "facts is for series rules only",
        ),
        (('scope = "added"', 'scope = "series"'), "facts None is not one of"),
        (('scope = "added"', 'scope = "series"\nfacts = "mail"'), "facts 'mail' is not one of"),
        (('source = "a test"\n', ""), "missing `source`"),
        (("[docs]", "[docs]\n[[oops"), "rule.toml: "),
    ],
)
def test_every_kind_of_rule_toml_mistake_is_named(
    tmp_path: Path, edit: tuple[str, str], problem: str
):
    path = folder(tmp_path)
    toml = path / "rule.toml"
    text = toml.read_text()
    assert edit[0] in text
    toml.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(RuleError) as caught:
        load_rule(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_several_mistakes_are_named_together(tmp_path: Path):
    path = folder(
        tmp_path,
        text=GOOD.format(name="test-rule", scope="x", facts="").replace('"warning"', '"loud"'),
    )
    with pytest.raises(RuleError) as caught:
        load_meta(path)
    assert "xen-hypervisor = 'loud' is not one of" in str(caught.value)
    assert "; scope 'x' is not one of" in str(caught.value)


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        (None, "neither check.py nor query.scm"),
        ("x = 1\n", "defines no `check(ctx)` function"),
        ("raise ValueError('broken at import')\n", "ValueError: broken at import"),
        ("def check(ctx:\n", "SyntaxError"),
    ],
)
def test_a_rule_whose_code_does_not_load_names_itself(
    tmp_path: Path, check: str | None, problem: str
):
    path = folder(tmp_path, check=check)
    with pytest.raises(RuleError) as caught:
        load_rule(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)


def test_a_series_rule_needs_a_check_not_a_query(tmp_path: Path):
    path = folder(tmp_path, "series-rule", "series", "trailers", check=None)
    (path / "query.scm").write_text("(identifier) @hit")
    with pytest.raises(RuleError, match="a series rule judges facts, not C"):
        load_rule(path)


def test_a_query_only_patch_rule_loads(tmp_path: Path):
    path = folder(tmp_path, check=None)
    (path / "query.scm").write_text("(identifier) @hit")
    rule = load_rule(path)
    assert rule.query == "(identifier) @hit"


def test_every_shipped_rule_folder_passes_validation():
    shipped = [p for p in sorted(rules_root().iterdir()) if (p / "rule.toml").is_file()]
    assert len(shipped) == 41
    for path in shipped:
        assert load_meta(path).name == path.name
