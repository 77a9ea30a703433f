"""`patchlint check` and `patchlint rules` as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import run
from tests.conftest import FIXTURES

SEED_001 = str(FIXTURES / "threads" / "001-physdevop-alloc-irq-vector.mbox")


def test_check_reports_one_line_per_finding_and_fails_on_threshold():
    res = run("check", SEED_001, "--select", "CS003,XS001,XS002")
    assert res.returncode == 0, res.stderr  # warnings only: below the default --fail-on error
    lines = [x for x in res.stdout.splitlines() if ": warning " in x]
    assert any(
        x.startswith("xen/arch/x86/irq.c:1298: warning CS003 error-to-success: ") for x in lines
    )
    assert len(lines) == 3
    assert any(x.startswith("xen/common/domain.c:256: warning XS001 hardcoded-dom0") for x in lines)
    assert any(
        x.startswith("xen/arch/x86/io_apic.c:2206: warning XS002 debug-printk") for x in lines
    )
    assert (
        run("check", SEED_001, "--select", "CS003,XS001,XS002", "--fail-on", "warning").returncode
        == 1
    )
    # the malformed sign-off (no @) is an error: the default threshold fails on it
    everything = run("check", SEED_001)
    assert everything.returncode == 1
    assert "error TR005 malformed-trailer" in everything.stdout


def test_select_and_ignore_by_code_name_and_prefix():
    only = run("check", SEED_001, "--select", "XS", "-f", "json")
    found = [f for s in json.loads(only.stdout)["series"] for f in s["findings"]]
    assert {"hardcoded-dom0", "debug-printk"} <= {f["rule"] for f in found}
    assert "error-to-success" not in {f["rule"] for f in found}
    rest = run("check", SEED_001, "--ignore", "XS001,debug-printk", "-f", "json")
    rules = {f["rule"] for s in json.loads(rest.stdout)["series"] for f in s["findings"]}
    assert "hardcoded-dom0" not in rules and "debug-printk" not in rules
    bad = run("check", SEED_001, "--select", "no-such-rule")
    assert bad.returncode == 2 and "no rule has that code or name" in bad.stderr


def test_rules_list_and_show():
    listing = run("rules", "list", "-f", "json")
    rows = json.loads(listing.stdout)
    assert {"XS001", "CS003", "RV001"} <= {r["code"] for r in rows}
    shown = run("rules", "show", "hardcoded-dom0")
    assert shown.returncode == 0
    assert "## Why it is bad" in shown.stdout and "seed 001" in shown.stdout
    assert run("rules", "show", "nope").returncode == 2


@pytest.mark.parametrize(
    "name", ["000-xen-netback-hw-features.mbox", "002-libxl-deregister-evtchn-fd.mbox"]
)
def test_review_runs_the_rules_too(name: str, validate_report):
    res = run("review", str(FIXTURES / "threads" / name), "-f", "json")
    # neither seed has an open error on its newest revision (seed 000's bug is v1's)
    assert res.returncode == 0, res.stderr
    validate_report(json.loads(res.stdout))


def test_fail_on_judges_the_newest_revision_only(validate_report):
    seed = str(FIXTURES / "threads" / "000-xen-netback-hw-features.mbox")
    res = run("review", seed, "-f", "json")
    report = json.loads(res.stdout)
    validate_report(report)
    errors = [
        (f["rule"], f["revision"])
        for f in report["series"][0]["findings"]
        if f["severity"] == "error"
    ]
    assert errors == [("ops-prototype-mismatch", 1)]  # v1's bug, fixed in v2
    assert res.returncode == 0
