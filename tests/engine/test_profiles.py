"""A rule's level per project profile, as the engine applies it: a patch rule runs on the
files of the profiles it is not `off` for, at its level there (a hit may lower it, never
raise it); a series rule's finding takes the level of the profile of the patch (or the
revision) it is about; `[profiles]` in the configuration and `--profile` change the
profile, `[profiles.rules]` a rule's levels; and the JSON report says which profile a patch
was judged by and why."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from patchlint.config import Config, Flags, ProfilesConfig, resolve_config
from patchlint.engine.registry import default_registry
from patchlint.engine.rule import Rule
from patchlint.engine.runner import lint_patch
from patchlint.errors import UsageError
from patchlint.model.profile import Level, lower_severity
from patchlint.pipeline import review
from tests.analysis.test_profile import mail
from tests.cli.test_cli import run
from tests.conftest import ROOT

REGISTRY = default_registry()
NO_SIGNOFF = ROOT / "rules" / "missing-signoff" / "cases" / "no-signoff.mbox"  # Linux


def with_levels(code: str, **levels: Level) -> Rule:
    """A shipped rule with other levels (keyword `xen_hypervisor` for `xen-hypervisor`)."""
    rule = REGISTRY.get(code)
    assert rule is not None
    named = {k.replace("_", "-"): v for k, v in levels.items()}
    profiles = tuple((p, named.get(p, lv)) for p, lv in rule.meta.profiles)
    return replace(rule, meta=replace(rule.meta, profiles=profiles))


def test_a_patch_rule_runs_per_file_at_its_level_in_the_files_profile() -> None:
    rule = with_levels("ST004", linux="info", xen_hypervisor="warning", xen_tools="off")
    patch = mail(["xen/common/domain.c", "tools/xl/xl.c", "docs/x.md"], added="int c; ")
    found = {(f.file, f.severity) for f in lint_patch(patch, [rule])}
    assert found == {("xen/common/domain.c", "warning")}  # tools' files: off
    linux = mail(["drivers/x.c"], added="int c; ")
    assert [f.severity for f in lint_patch(linux, [rule])] == ["info"]


def test_a_hit_lowers_its_level_and_never_raises_it() -> None:
    assert lower_severity("error", "warning") == "warning"
    assert lower_severity("info", "warning") == "info"
    assert lower_severity("warning", None) == "warning"
    assert lower_severity("warning", "loud") == "warning"


def test_a_series_rule_takes_the_level_of_its_patchs_profile() -> None:
    tr003 = REGISTRY.get("TR003")
    assert tr003 is not None and tr003.level("linux") == "error"
    (finding,) = [
        f
        for s in review([str(NO_SIGNOFF)], selection=REGISTRY.select(["TR003"]))["series"]
        for f in s["findings"]
    ]
    assert finding["severity"] == "error"
    quiet = REGISTRY.select(["TR003"], levels=[("TR003", [("linux", "off")])])
    assert [
        f for s in review([str(NO_SIGNOFF)], selection=quiet)["series"] for f in s["findings"]
    ] == []
    noted = REGISTRY.select(["TR003"], levels=[("missing-signoff", [("linux", "info")])])
    assert [
        f["severity"]
        for s in review([str(NO_SIGNOFF)], selection=noted)["series"]
        for f in s["findings"]
    ] == ["info"]
    # judged as Xen code (forced), the Linux level no longer matters
    xen = Config(profiles=ProfilesConfig(force="xen-tools", forced_by="flag"))
    assert [
        f["severity"]
        for s in review([str(NO_SIGNOFF)], selection=quiet, config=xen)["series"]
        for f in s["findings"]
    ] == ["error"]


def test_profiles_rules_names_must_be_rules() -> None:
    with pytest.raises(UsageError, match=r"\[profiles.rules\] ZZ999: no rule"):
        REGISTRY.select(levels=[("ZZ999", [("linux", "off")])])


def test_the_report_says_which_profile_and_why(validate_report) -> None:  # type: ignore[no-untyped-def]
    report = review([str(NO_SIGNOFF)])
    validate_report(report)
    (patch,) = [p for s in report["series"] for r in s["revisions"] for p in r["patches"]]
    assert patch["profile"]["name"] == "linux" and patch["profile"]["source"] == "detected"
    assert "path drivers/" in patch["profile"]["evidence"]
    assert "list linux-hyperv@vger.kernel.org" in patch["profile"]["evidence"]


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('[profiles]\nforce = "bsd"\n', "profiles.force must be one of linux, xen-hypervisor"),
        ('[profiles]\nfoce = "linux"\n', "unknown key [profiles] 'foce'"),
        ('[profiles.paths]\n"drivers/*" = "kernel"\n', "profiles.paths.drivers/* must be one of"),
        (
            '[profiles.rules]\nST003 = { linux = "loud" }\n',
            "profiles.rules.ST003.linux must be one",
        ),
        (
            '[profiles.rules]\nST003 = { bsd = "info" }\n',
            "unknown key [profiles.rules.ST003] 'bsd'",
        ),
        ('[profiles.rules]\nST003 = "info"\n', "profiles.rules.ST003 must be a table"),
    ],
)
def test_profiles_config_mistakes_are_named(toml: str, problem: str) -> None:
    import tomllib

    with pytest.raises(UsageError) as caught:
        resolve_config(tomllib.loads(toml), Path("p.toml"), Flags())
    assert problem in str(caught.value)


def test_profiles_config_and_the_flag_over_it() -> None:
    import tomllib

    data = tomllib.loads(
        '[profiles]\nforce = "xen-tools"\n[profiles.paths]\n'
        '"xen/*" = "xen-hypervisor"\n'
        '[profiles.rules]\nscope-too-wide = { linux = "info" }\n'
    )
    config = resolve_config(data, Path("p.toml"), Flags())
    assert config.profiles == ProfilesConfig(
        force="xen-tools",
        forced_by="config",
        paths=(("xen/*", "xen-hypervisor"),),
        rules=(("scope-too-wide", (("linux", "info"),)),),
    )
    flagged = resolve_config(data, Path("p.toml"), Flags(profile="linux"))
    assert (flagged.profiles.force, flagged.profiles.forced_by) == ("linux", "flag")


def _xen_style_patch(tmp_path: Path) -> Path:
    """A git format-patch file adding one hypervisor line in Linux style (XS003 says so)."""
    path = tmp_path / "0001-x.patch"
    path.write_text(
        "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
        "From: A <a@example.org>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n"
        "Subject: [PATCH] x86: check it\n\nCheck it.\n\nSigned-off-by: A <a@example.org>\n"
        "---\n xen/arch/x86/x.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
        "diff --git a/xen/arch/x86/x.c b/xen/arch/x86/x.c\n"
        "--- a/xen/arch/x86/x.c\n+++ b/xen/arch/x86/x.c\n@@ -1,3 +1,4 @@\n"
        " int f(int x)\n {\n+    if (x) return 1;\n     return 0;\n-- \n2.43.0\n\n"
    )
    return path


@pytest.mark.parametrize(
    ("extra", "codes"),
    [
        ((), ["XS003"]),
        (("--profile", "xen-hypervisor"), ["XS003"]),
        (("--profile", "linux"), []),
    ],
)
def test_the_profile_flag_on_check(
    tmp_path: Path, extra: tuple[str, ...], codes: list[str]
) -> None:
    patch = _xen_style_patch(tmp_path)
    done = run("check", str(patch), "-f", "json", "--select", "XS003", "--fail-on", "never", *extra)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [f["code"] for s in report["series"] for f in s["findings"]] == codes


def test_a_profile_table_in_the_config_file_reaches_check(tmp_path: Path) -> None:
    patch = _xen_style_patch(tmp_path)
    config = tmp_path / "p.toml"
    config.write_text('[profiles.paths]\n"xen/arch/*" = "other"\n')
    done = run("check", str(patch), "-f", "json", "--select", "XS003", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert [f for s in json.loads(done.stdout)["series"] for f in s["findings"]] == []
    config.write_text(
        '[profiles.rules]\nXS003 = { other = "error" }\n[profiles.paths]\n"xen/arch/*" = "other"\n'
    )
    done = run("check", str(patch), "-f", "json", "--select", "XS003", "--config", str(config))
    assert done.returncode == 1, done.stderr  # an error now: the default --fail-on
    assert [f["severity"] for s in json.loads(done.stdout)["series"] for f in s["findings"]] == [
        "error"
    ]


def test_a_case_can_enable_a_rule_on_a_profile_it_is_off_for() -> None:
    """ST002 is off on Linux code; its Linux case says `enable: linux` so its mechanism is
    still tested there (as a user turning it on would run it), and without that line the
    rule says nothing on the case."""
    from patchlint.engine.testing import load_case

    rule = REGISTRY.get("ST002")
    assert rule is not None and rule.level("linux") == "off"
    case = load_case(rule.folder / "cases" / "linux.c", rule.name)
    assert case.enable == ("linux",)
    assert case.expect and {
        (f.file, f.line) for f in lint_patch(case.patch, [case.rule(rule)])
    } == set(case.expect)
    assert lint_patch(case.patch, [rule]) == []
