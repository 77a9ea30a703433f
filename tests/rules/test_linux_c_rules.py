"""The Linux C checks beyond their cases: what they leave to other projects, the date a
deprecation took effect, and rules off by default staying off in a default review."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from patchlint.engine.registry import default_registry
from patchlint.engine.runner import lint_patch
from patchlint.model.patch import Patch
from tests.cli.test_cli import run
from tests.rules.patches import patch_of

REGISTRY = default_registry()

ALLOCATION = (
    "diff --git a/lib/utils.c b/lib/utils.c\n"
    "--- a/lib/utils.c\n+++ b/lib/utils.c\n"
    "@@ -10,3 +10,5 @@ static struct indent_mem *alloc_indent_mem(void)\n"
    " \tstruct indent_mem *mem;\n"
    "+\tmem = kzalloc(count * sizeof(*mem), GFP_KERNEL);\n"
    '+\tstrcpy(mem->indent_str, "");\n'
    " \treturn mem;\n"
    " }\n"
)

FLEX = (
    "diff --git a/include/linux/hv_msg.h b/include/linux/hv_msg.h\n"
    "--- a/include/linux/hv_msg.h\n+++ b/include/linux/hv_msg.h\n"
    "@@ -10,2 +10,7 @@\n"
    " struct hv_msg_head;\n"
    " \n"
    "+struct hv_msg {\n"
    "+\tu32 count;\n"
    "+\tu64 pfns[0];\n"
    "+};\n"
    "+\n"
)


def _codes(patch: Patch, *codes: str) -> list[tuple[str, int | None]]:
    rules = [r for r in REGISTRY.rules if r.code in codes]
    return [(f.code, f.line) for f in lint_patch(patch, rules)]


def test_a_patch_tagged_for_another_project_is_not_kernel_code():
    """`[PATCH iproute2-next]` touches lib/utils.c, which is iproute2's, not the kernel's."""
    kernel = patch_of(ALLOCATION, title="lib: indent helpers")
    assert sorted(_codes(kernel, "CS007", "CS009")) == [("CS007", 12), ("CS009", 11)]
    iproute2 = patch_of(ALLOCATION, title="utils: Add helper routines")
    iproute2.subject = replace(iproute2.subject, prefixes=("iproute2-next",))
    assert _codes(iproute2, "CS007", "CS009") == []


@pytest.mark.parametrize(
    ("date", "reported"),
    [
        (datetime(2019, 8, 9, tzinfo=UTC), False),  # zero-length arrays were the idiom then
        (datetime(2020, 12, 7, tzinfo=UTC), True),  # mid-way through the treewide conversion
        (datetime(2020, 12, 7), True),  # a Date: without a zone
        (None, True),
    ],
)
def test_fake_flexible_arrays_are_judged_from_when_the_kernel_retired_them(
    date: datetime | None, reported: bool
):
    patch = patch_of(FLEX)
    patch.date = date
    assert _codes(patch, "CS005") == ([("CS005", 14)] if reported else [])


def test_rules_off_by_default_run_only_when_selected(tmp_path: Path):
    off = {r.code for r in REGISTRY.rules if not r.meta.default}
    # measured below 90% (issue 19 turns its new rules on only at 90% or better)
    assert {"CS004", "CS005", "CS006", "CS007", "CS008", "CS009", "PR003", "PR004", "ST006"} <= off
    assert not off & {"PR002", "ST005"}
    patch = tmp_path / "bug.patch"
    patch.write_text(
        "From: T <t@example.org>\nSubject: [PATCH] hv: crash on a bad ring\n"
        "Message-ID: <bug@example.org>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\n"
        "A change.\n\nSigned-off-by: T <t@example.org>\n---\n"
        "diff --git a/drivers/hv/ring.c b/drivers/hv/ring.c\n"
        "--- a/drivers/hv/ring.c\n+++ b/drivers/hv/ring.c\n"
        "@@ -1,2 +1,3 @@ static void ring_check(struct ring *r)\n"
        " {\n+\tBUG_ON(!r->size);\n }\n"
    )
    default = run("check", str(patch), "-f", "json")
    assert default.returncode == 0, default.stderr
    assert not [
        f
        for s in json.loads(default.stdout)["series"]
        for f in s["findings"]
        if f["code"] == "CS006"
    ]
    selected = run("check", str(patch), "-f", "json", "--select", "CS006")
    found = [f for s in json.loads(selected.stdout)["series"] for f in s["findings"]]
    assert [(f["code"], f["file"], f["line"]) for f in found] == [("CS006", "drivers/hv/ring.c", 2)]
    listing = {r["code"]: r for r in json.loads(run("rules", "list", "-f", "json").stdout)}
    assert listing["CS006"]["default"] is False and listing["PR002"]["default"] is True
    assert "(off by default)" in run("rules", "list").stdout
