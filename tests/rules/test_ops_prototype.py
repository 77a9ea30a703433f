"""ops-prototype-mismatch on the seed thread, and its weaker verdict on patches newer than
the shipped prototypes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from patchlint.engine.registry import default_registry
from patchlint.engine.runner import lint_patch
from patchlint.engine.testing import load_case
from patchlint.pipeline import load
from tests.conftest import FIXTURES

RULE = default_registry().get("ops-prototype-mismatch")
CASE = Path(RULE.folder if RULE else ".") / "cases" / "netdev.c"


def test_seed_000_v1_fires_at_the_definition_and_v2_and_the_proposal_do_not():
    assert RULE is not None
    grouping, _ = load([str(FIXTURES / "threads" / "000-xen-netback-hw-features.mbox")])
    v1, v2 = grouping.series[0].revisions
    (hit,) = lint_patch(v1.sorted_patches[0], [RULE])
    assert (hit.file, hit.line, hit.severity) == (
        "drivers/net/xen-netback/interface.c", 168, "error")
    assert "struct xenvif *" in hit.message and "struct net_device *" in hit.message
    assert lint_patch(v2.sorted_patches[0], [RULE]) == []
    assert [lint_patch(p, [RULE]) for _, p in v1.proposed] == [[]]


def test_a_patch_newer_than_the_shipped_prototypes_is_only_a_warning():
    assert RULE is not None
    case = load_case(CASE, RULE.name)
    later = dataclasses.replace(case.patch, date=datetime(2030, 1, 1, tzinfo=UTC))
    (hit,) = lint_patch(later, [RULE])
    assert hit.severity == "warning"
    assert "newer than the linux-6.12 prototypes" in hit.message
    (same,) = lint_patch(case.patch, [RULE])
    assert same.severity == "error"
