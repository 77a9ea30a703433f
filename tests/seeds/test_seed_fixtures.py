"""The four seed threads (fixtures/threads/), rebuilt from the damaged archives: their
structure as a reviewer reads it. SEED-REVIEWS.md says what each one teaches."""

from __future__ import annotations

from typing import Any

import pytest

from patchlint.pipeline import review
from tests.conftest import FIXTURES

THREADS = FIXTURES / "threads"


def load(name: str, validate) -> dict[str, Any]:
    (path,) = THREADS.glob(f"{name}-*.mbox")
    report = review([str(path)])
    validate(report)
    return report


def trailer_list(patch: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [t for t in patch["trailers"] if t["name"].lower() == name.lower()]


def test_all_four_seeds_are_there():
    assert sorted(p.name[:3] for p in THREADS.glob("*.mbox")) == ["000", "001", "002", "004"]


def test_000_hw_features(validate_report):
    r = load("000", validate_report)
    assert r["stats"]["messages"] == 11
    (series,) = r["series"]
    assert series["title"] == "net: xen-netback: convert to hw_features"
    v1, v2 = series["revisions"]
    assert (v1["version"], v1["version_inferred"], v1["state"]) == (1, False, "superseded")
    assert (v2["version"], v2["version_inferred"], v2["state"]) == (2, False, "applied")
    # v2 was posted as a new thread, not as a reply to v1
    assert v2["message_id"] == "20110419133506.8A47F13A6A@rere.qmqm.pl"
    assert v2["changelog"] == "v2: fix xenvif_fix_features() arguments"
    (p1,) = v1["patches"]
    assert p1["files"] == [
        "drivers/net/xen-netback/common.h",
        "drivers/net/xen-netback/interface.c",
    ]
    assert trailer_list(p1, "Acked-by") == []
    # Ian Campbell's fix-up after the scissors line is a proposed patch of v1
    (proposal,) = v1["proposed_patches"]
    assert proposal["message_id"] == "1303219073.5197.45.camel@zakaz.uk.xensource.com"
    assert proposal["author"].startswith("Ian Campbell")
    assert proposal["in_reply_to_patch"] == 1
    assert proposal["files"] == ["drivers/net/xen-netback/interface.c"]
    assert v2["proposed_patches"] == []
    # v2 carries an Acked-by in the patch; Ian's real one came later, in reply to v2
    (p2,) = v2["patches"]
    acks = trailer_list(p2, "Acked-by")
    assert [(a["origin"], a["person"], a["revision"]) for a in acks] == [
        ("patch", "Ian Campbell <ian.campbell@citrix.com>", 2),
        ("reply", "Ian Campbell <ian.campbell@citrix.com>", 2),
    ]
    assert acks[0]["message_id"] == v2["message_id"]
    assert acks[1]["message_id"] == "1303286338.31317.14.camel@zakaz.uk.xensource.com"
    assert acks[1]["date"].startswith("2011-04-20T07:58")


def test_001_mercurial_patch_as_attachment(validate_report):
    r = load("001", validate_report)
    (series,) = r["series"]
    (rev,) = series["revisions"]
    (patch,) = rev["patches"]
    assert series["title"] == "Make the hypercall PHYSDEVOP_alloc_irq_vector hypercall dummy."
    assert patch["diff_format"] == "hg"
    assert patch["base"] == "3b7cbf32fee9"
    assert patch["files"] == [
        "xen/arch/x86/io_apic.c",
        "xen/arch/x86/irq.c",
        "xen/arch/x86/mpparse.c",
        "xen/arch/x86/physdev.c",
        "xen/common/domain.c",
    ]
    (sob,) = trailer_list(patch, "Signed-off-by")
    assert sob["value"] == "Xiantao Zhang <xiantao.zhang.intel.com>"  # the malformed one
    assert rev["replies"] == 3
    assert r["diagnostics"] == []


def test_002_same_subject_second_revision_inferred(validate_report):
    r = load("002", validate_report)
    (series,) = r["series"]
    v1, v2 = series["revisions"]
    assert [(v["version"], v["version_inferred"]) for v in (v1, v2)] == [(1, False), (2, True)]
    for v in (v1, v2):
        (patch,) = v["patches"]
        assert (patch["index"], patch["total"]) == (5, 6)
        assert patch["subject"] == (
            "[Xen-devel] [PATCH 5/6] libxl: events: Deregister evtchn fd when not needed"
        )
    assert v2["changelog"].startswith("v2: Do not bother putting evtchn_fd in the ctx")
    (p2,) = v2["patches"]
    (release_ack,) = trailer_list(p2, "Release-Acked-by")
    assert release_ack["person"] == "Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>"
    assert release_ack["origin"] == "patch"
    (ack,) = trailer_list(p2, "Acked-by")
    assert (ack["origin"], ack["revision"]) == ("reply", 2)
    assert ack["person"].startswith("Ian Campbell")
    # the interdiff Ian Jackson posted inline is not a reviewer's proposal
    assert v1["proposed_patches"] == []
    problems = [d["problem"] for d in r["diagnostics"]]
    assert sum("incomplete series" in p for p in problems) == 2


def test_004_rfc_revision(validate_report):
    r = load("004", validate_report)
    (series,) = r["series"]
    (rev,) = series["revisions"]
    assert rev["rfc"] is True
    assert rev["version"] == 1
    (patch,) = rev["patches"]
    assert (patch["index"], patch["total"]) == (2, 5)
    assert patch["files"] == [
        "xen/arch/x86/hvm/hvm.c",
        "xen/include/asm-x86/hvm/domain.h",
        "xen/include/asm-x86/hvm/vcpu.h",
    ]
    assert rev["replies"] == 2


@pytest.mark.parametrize("name", ["000", "001", "002", "004"])
def test_seed_fixture_preamble_documents_the_reconstruction(name):
    (path,) = THREADS.glob(f"{name}-*.mbox")
    head = path.read_text(encoding="utf-8").split("\nFrom ", 1)[0]
    assert head.startswith("# ")
    assert "reconstruct" in head.lower()
