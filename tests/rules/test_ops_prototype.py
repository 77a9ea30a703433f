"""ops-prototype-mismatch on the seed thread, and its weaker verdict on patches newer than
the shipped prototypes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from patchlint.engine.registry import default_registry
from patchlint.engine.runner import lint_patch
from patchlint.engine.testing import load_case
from patchlint.model.finding import Finding
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
        "drivers/net/xen-netback/interface.c",
        168,
        "error",
    )
    assert "struct xenvif *" in hit.message and "struct net_device *" in hit.message
    assert lint_patch(v2.sorted_patches[0], [RULE]) == []
    assert [lint_patch(p, [RULE]) for _, p in v1.proposed] == [[]]


def _dated(case_text: str, tmp_path: Path, when: datetime) -> list[Finding]:
    assert RULE is not None
    path = tmp_path / "case.c"
    path.write_text(case_text)
    case = load_case(path, RULE.name)
    return lint_patch(dataclasses.replace(case.patch, date=when), [RULE])


LATER = datetime(2030, 1, 1, tzinfo=UTC)
EARLIER = datetime(2011, 4, 1, tzinfo=UTC)


@pytest.mark.parametrize("when", [LATER, EARLIER])
def test_outside_the_kb_era_the_tables_own_object_confirmed_by_the_file_still_fires(when):
    """netdev.c: `fixup_features(struct xenvif *, ...)` in a net_device_ops table, while
    the file's other net_device_ops functions take a `struct net_device *`."""
    assert RULE is not None
    case = load_case(CASE, RULE.name)
    (hit,) = lint_patch(dataclasses.replace(case.patch, date=when), [RULE])
    assert (hit.file, hit.line) in case.expect and hit.severity == "error"


OWN_OBJECT_ALONE = """// path: drivers/vfio/mdev/foo.c
static int foo_probe(struct device *dev)
{
\treturn 0;
}

static struct mdev_driver foo_driver = {
\t.probe = foo_probe,
};
"""

ARITY = """// path: drivers/iommu/foo.c
static int foo_attach_dev(struct iommu_domain *domain, struct device *dev,
\t\t\t  struct iommu_domain *old)
{
\treturn 0;
}

static const struct iommu_domain_ops foo_domain_ops = {
\t.attach_dev = foo_attach_dev,
};
"""


@pytest.mark.parametrize("text", [OWN_OBJECT_ALONE, ARITY])
def test_outside_the_kb_era_other_mismatches_are_not_reported(text, tmp_path):
    """Real cases: mdev_driver.probe took a `struct device *` in 2019 (virtio_mdev);
    iommu_domain_ops.attach_dev gained `old` after 6.12 (linux-hyperv, 2026). Inside the
    KB's era both are certain mismatches."""
    assert _dated(text, tmp_path, LATER) == []
    assert _dated(text, tmp_path, EARLIER) == []
    (hit,) = _dated(text, tmp_path, datetime(2024, 1, 1, tzinfo=UTC))
    assert hit.severity == "error"
