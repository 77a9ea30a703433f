"""Every input the fuzzers once crashed on (fixtures/fuzz/TARGET/) passes its target's
check now; and a sample of the shared corpus passes every check (so the checks are
exercised even before a crash is found)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz.checks import CHECKS, as_diff
from tests.conftest import CORPUS, FIXTURES

CRASHES = sorted(p for p in (FIXTURES / "fuzz").glob("*/*") if p.is_file())


def test_there_are_regression_fixtures():
    assert {p.parent.name for p in CRASHES} <= set(CHECKS)
    assert CRASHES


@pytest.mark.parametrize("path", CRASHES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_crash_fixed(path: Path):
    CHECKS[path.parent.name](path.read_bytes())


def test_an_8bit_content_disposition_is_read():
    from patchlint.ingest.parse import parse_message

    raw = (FIXTURES / "fuzz" / "mail" / "8bit-content-disposition.eml").read_bytes()
    msg = parse_message(raw)
    assert msg.subject == "hi" and msg.body.startswith("abcdef=g\n")


def test_the_checks_pass_on_corpus_mail():
    for path in sorted((CORPUS / "patchwork" / "mail").glob("*.mbox"))[:10]:
        data = path.read_bytes()
        CHECKS["mail"](data)
        CHECKS["diff"](data)


def test_as_diff_makes_a_consistent_hunk():
    diff = as_diff("@@ -1 +1 @@ static int f(void)\n x = 1;\n-y = 2;\n+y = 3;\nz();")
    assert "@@ -40,2 +40,3 @@ static int f(void)\n" in diff
