"""A stable backport reproduces an upstream commit as it is (`commit X upstream.`,
`[ Upstream commit X ]`, `(cherry picked from commit X)`): the style rules (ST001, ST004,
PR001) say nothing about its lines, which nobody may change there; the same patch posted as
new work is reported (an AUTOSEL backport's double space and a backported rename were
labelled noise and false positives in bench/precision)."""

from __future__ import annotations

import pytest

from tests.rules.test_semantic_rules import _case_diff, _lint, _patch

UPSTREAM = "commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\n"


@pytest.mark.parametrize(
    ("code", "rule", "case"),
    [
        ("ST001", "double-space", "linux-alignment.patch"),
        ("ST004", "trailing-whitespace", "context-and-other-files.patch"),
        ("PR001", "gratuitous-rename", "ioapic-guest-write.patch"),
    ],
)
@pytest.mark.parametrize(
    "marker",
    [
        UPSTREAM,
        "[ Upstream commit 0123456789abcdef0123456789abcdef01234567 ]\n\n",
        "Fix it.\n\n(cherry picked from commit 0123456789abcdef)\n",
    ],
)
def test_style_rules_leave_stable_backports_alone(
    code: str, rule: str, case: str, marker: str
) -> None:
    diff = _case_diff(rule, case)
    message = "Fix it.\n\nSigned-off-by: T <t@example.org>"
    assert _lint(_patch("x: fix it", message, diff), code)  # new work: reported
    assert _lint(_patch("x: fix it", marker + message, diff), code) == []
