"""The style rules on seed 004 as `patchlint review` runs them: Andrew Cooper's "Double
space." is found on the line he answered, and every other style finding is one CODING_STYLE
justifies (lines over 80 columns, labels in column 0)."""

from __future__ import annotations

import json

from tests.cli.test_cli import run
from tests.conftest import FIXTURES

SEED_004 = FIXTURES / "threads" / "004-ioreq-server-rfc.mbox"
HVM_C = "xen/arch/x86/hvm/hvm.c"


def _style_findings() -> list[tuple[str, str | None, int | None, str]]:
    res = run("review", str(SEED_004), "-f", "json")
    # seed 004's findings on its newest revision are warnings and info: below --fail-on error
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    return [
        (f["code"], f["file"], f["line"], f["message"])
        for s in report["series"]
        for f in s["findings"]
        if f["code"].startswith(("ST", "XS003"))
    ]


def test_double_space_is_reported_where_andrew_cooper_saw_it():
    found = _style_findings()
    double = [(file, line) for code, file, line, _ in found if code == "ST001"]
    assert double == [(HVM_C, 705)]
    text = SEED_004.read_text(encoding="utf-8")
    assert "+    return  hvm_set_ioreq_page(d, &s->buf_ioreq, pfn);" in text


def test_xen_style_findings_on_seed_004_are_the_justified_ones():
    found = _style_findings()
    xen = {line: message for code, file, line, message in found if code == "XS003"}
    assert sorted(xen) == [618, 622, 681, 687, 701]
    assert all("label in column 0" in xen[n] for n in (618, 681))
    assert all("columns long" in xen[n] for n in (622, 687, 701))
    assert not [f for f in found if f[0] in ("ST004",)]
