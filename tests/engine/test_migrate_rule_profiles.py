"""tools/migrate-rule-profiles.py: a rule.toml written before project profiles (`severity`
+ `projects`) comes out with a `[profiles]` table the loader accepts, every other line as
it was, and a file already migrated is left alone."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path
from typing import cast

from patchlint.engine.rule import load_meta
from tests.conftest import ROOT

TOOL = runpy.run_path(str(ROOT / "tools" / "migrate-rule-profiles.py"))
migrated = cast(Callable[[str], "str | None"], TOOL["migrated"])

OLD = """code = "ZZ902"
name = "old-rule"
severity = "warning"
scope = "c-added"
projects = {projects}
summary = "a rule from before profiles"  # a comment kept
source = "a test"

[docs]
what = "what"
why = "why"
example = "example"
instead = "instead"
"""


def levels(tmp_path: Path, projects: str) -> dict[str, str]:
    text = migrated(OLD.format(projects=projects))
    assert text is not None
    assert "severity" not in text and "projects" not in text
    assert "# a comment kept" in text and 'what = "what"' in text
    folder = tmp_path / "old-rule"
    folder.mkdir(exist_ok=True)
    (folder / "rule.toml").write_text(text)
    return dict(load_meta(folder).profiles)


def test_any_puts_the_severity_on_every_profile(tmp_path: Path) -> None:
    assert levels(tmp_path, '["any"]') == {
        "linux": "warning",
        "xen-hypervisor": "warning",
        "xen-tools": "warning",
        "other": "warning",
    }


def test_a_list_of_projects_leaves_the_others_off(tmp_path: Path) -> None:
    assert levels(tmp_path, '["linux", "xen-tools"]') == {
        "linux": "warning",
        "xen-hypervisor": "off",
        "xen-tools": "warning",
        "other": "off",
    }


def test_a_migrated_file_is_left_alone() -> None:
    shipped = (ROOT / "rules" / "double-space" / "rule.toml").read_text(encoding="utf-8")
    assert migrated(shipped) is None
