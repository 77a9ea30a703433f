"""A rebase that changes only a patch's context lines (issue 17): the interdiff step is
`unchanged`, detail `context-only` (what `git range-diff` shows as no change of the patch),
so a tag carried over it is carried over nothing. On real mail (the smmu-v3 VHE patch,
fixtures/threads/linux/2021-iommu-smmu-v3-sva-tlb-invalidation) and on small diffs that
must and must not count as a rebase."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from patchlint.analysis.revisions.compare import compare_patches, series_interdiffs
from patchlint.analysis.revisions.interdiff import file_changes, file_interdiff
from patchlint.ingest import read_messages
from patchlint.model.patch import Patch, build_patch
from patchlint.model.subject import parse_subject
from patchlint.pipeline import load
from tests.analysis.test_interdiff import BASE, hunk_diff, make_patch
from tests.analysis.test_trailer_facts import THREADS, lineage_of
from tests.conftest import CORPUS, require

SMMU = "linux/2021-iommu-smmu-v3-sva-tlb-invalidation.mbox"


def _patch(line: int, new: list[str], base: list[str] = BASE, path: str = "f.c") -> str:
    """Replace base line `line` with `new`, three lines of context each side."""
    i = line - 1
    return hunk_diff(path, line, [base[i]], new, base[i - 3 : i], base[i + 1 : i + 4])


def test_the_smmu_vhe_patch_rebased_under_new_context_is_unchanged() -> None:
    grouping, _ = load([str(THREADS / SMMU)])
    (series,) = grouping.series
    (step,) = series_interdiffs(series)
    by_new = {p.new.index: p for p in step.patches if p.new is not None}
    # v2 3/3: the same -/+ lines; upstream code around two hunks changed (the function
    # above one hunk, the lines after another)
    vhe = by_new[3]
    assert (vhe.status, vhe.detail, vhe.material) == ("unchanged", "context-only", False)
    assert vhe.method == "fragments" and all(f.context_only for f in vhe.files)
    # v2 2/3 really changed (Robin's request): still a material change
    btm = by_new[2]
    assert (btm.status, btm.detail, btm.material) == ("modified", None, True)


def test_a_tag_carried_over_the_rebase_is_carried_unchanged() -> None:
    lin = lineage_of(SMMU)
    got = {
        e.patch: e.cls
        for e in lin.entries
        if e.origin == "patch" and e.revision == 2 and "Jonathan.Cameron" in (e.person or "")
    }
    # Jonathan's series-wide Reviewed-by on the v1 cover: 3/3 only rebased, 2/3 reworked
    assert got[3] == "carried-unchanged"
    assert got[2] == "carried-over-material-change"


def test_context_changed_upstream_is_context_only() -> None:
    v1 = make_patch(_patch(20, ["\tx = 1;"]))
    moved = list(BASE)
    moved[17] = "line 18 renamed upstream"  # a context line of the hunk
    v2 = make_patch(_patch(20, ["\tx = 1;"], base=moved))
    result = compare_patches(v1, v2)
    assert (result.status, result.detail, result.material) == ("unchanged", "context-only", False)


def test_the_same_lines_in_other_code_are_a_change() -> None:
    # v2 adds the same line 20 lines further down: other context, nothing in common
    v1 = make_patch(_patch(10, ["\tmutex_lock(&m);"]))
    v2 = make_patch(_patch(30, ["\tmutex_lock(&m);"]))
    result = compare_patches(v1, v2)
    assert (result.status, result.detail, result.material) == ("modified", None, True)


def test_the_same_lines_in_another_function_are_a_change() -> None:
    other = [f"other {n}" for n in range(1, 41)]
    v1 = make_patch(_patch(20, ["\tmutex_lock(&m);"]).replace(" @@\n", " @@ int frob(void)\n"))
    # v2's hunk replaces the same line but sits in another function, under other context
    base = list(other)
    base[19] = BASE[19]
    v2 = make_patch(
        _patch(20, ["\tmutex_lock(&m);"], base=base).replace(" @@\n", " @@ int tick(void)\n")
    )
    result = compare_patches(v1, v2)
    assert result.status == "modified" and result.material


def test_context_and_whitespace_changed_is_whitespace_only() -> None:
    v1 = make_patch(_patch(20, ["\tx = 1;"]))
    moved = list(BASE)
    moved[17] = "line 18 renamed upstream"
    v2 = make_patch(_patch(20, ["        x = 1;"], base=moved))
    result = compare_patches(v1, v2)
    assert (result.status, result.detail, result.material) == ("modified", "whitespace-only", False)


def _insert(before: int, new: list[str]) -> str:
    """Insert `new` above base line `before`, three lines of context each side."""
    i = before - 1
    return hunk_diff("f.c", before, [], new, BASE[i - 3 : i], BASE[i : i + 3])


def test_an_insertion_moved_on_known_lines_is_a_change(tmp_path: Path) -> None:
    # v2 takes the lock two lines lower: the same added line, and the two fragments show
    # one stretch of the file (their context overlaps), so it is a move, not a rebase
    v1 = make_patch(_insert(10, ["\tmutex_lock(&m);"]))
    v2 = make_patch(_insert(12, ["\tmutex_lock(&m);"]))
    result = compare_patches(v1, v2)
    assert (result.status, result.detail, result.material) == ("modified", None, True)
    assert result.method == "fragments"
    # on a real tree the same: both apply, at two places of the file
    (tmp_path / "f.c").write_text("\n".join(BASE) + "\n")

    def reader(path: str) -> list[str] | None:
        p = tmp_path / path
        return p.read_text().splitlines() if p.is_file() else None

    a, b = file_changes(v1.diff), file_changes(v2.diff)
    assert a is not None and b is not None
    tree = file_interdiff(a["f.c"], b["f.c"], reader)
    assert tree is not None and tree.method == "tree"
    assert not tree.context_only and not tree.whitespace_only


def test_an_insertion_under_a_base_that_grew_is_context_only() -> None:
    # upstream put 30 lines between the hunk's context lines: v2's fragment shows other
    # lines below the insertion, at other numbers, and shares those above it
    grown = BASE[:10] + [f"new upstream {n}" for n in range(30)] + BASE[10:]
    v1 = make_patch(_insert(10, ["\tmutex_lock(&m);"]))
    v2 = make_patch(
        hunk_diff("f.c", 50, [], ["\tmutex_lock(&m);"], grown[6:9], grown[9:12], shift=0)
    )
    result = compare_patches(v1, v2)
    assert (result.status, result.detail, result.material) == ("unchanged", "context-only", False)


# -- on the linux-hyperv archive: rebases under upstream edits next to the patch's hunks -----

ARCHIVE = CORPUS / "lists" / "linux-hyperv-epoch0.mboxrd.gz"
# 'Drivers: hv: vmbus: Add hooks for per-CPU IRQ' v6 -> v7: the lines around both hunks
# changed upstream (HYPERVISOR_CALLBACK_VECTOR become hv_get_vector()), same hunk headers
HOOKS = (
    "1584200119-18594-9-git-send-email-mikelley@microsoft.com",
    "1598287583-71762-9-git-send-email-mikelley@microsoft.com",
)
# 'HV/IOMMU: Enable swiotlb bounce buffer for Isolation VM' v2 -> v3: the function above
# the hunk was renamed by the base (hv_set_mem_enc -> hv_set_mem_host_visibility), its
# context line changed with it; no equal context line, a nearly equal one
SWIOTLB = (
    "20210804184513.512888-13-ltykernel@gmail.com",
    "20210809175620.720923-12-ltykernel@gmail.com",
)
# 'HV/Storvsc: Add Isolation VM support for storvsc driver' v2 -> v3: a real change
STORVSC = (
    "20210414144945.3460554-13-ltykernel@gmail.com",
    "20210530150628.2063957-12-ltykernel@gmail.com",
)


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Patch]:
    """The six postings above, read from the archive by Message-ID (streamed: the archive
    is large)."""
    wanted = set(HOOKS + SWIOTLB + STORVSC)
    out = tmp_path_factory.mktemp("archived") / "six.mbox"
    kept: list[bytes] = []
    current: list[bytes] = []

    def keep() -> None:
        blank = current.index(b"\n") if b"\n" in current else len(current)
        head = b"".join(current[:blank])  # the headers
        m = re.search(rb"^Message-I[dD]:\s*<([^>]+)>", head, re.M)
        if m is not None and m.group(1).decode() in wanted:
            kept.append(b"".join(current))

    with gzip.open(require(ARCHIVE), "rb") as f:
        for line in f:
            if line.startswith(b"From ") and (not current or current[-1] == b"\n"):
                keep()
                current = []
            current.append(line)
    keep()
    out.write_bytes(b"".join(kept))
    found = {}
    for msg in read_messages([str(out)], []):
        found[(msg.message_id or "").strip("<>")] = build_patch(msg, parse_subject(msg.subject))
    assert set(found) == wanted
    return found


def test_archived_rebases_under_upstream_edits_are_context_only(
    archived: dict[str, Patch],
) -> None:
    for old, new in (HOOKS, SWIOTLB):
        step = compare_patches(archived[old], archived[new])
        assert (step.status, step.detail, step.material) == ("unchanged", "context-only", False)
    step = compare_patches(archived[STORVSC[0]], archived[STORVSC[1]])
    assert (step.status, step.detail, step.material) == ("modified", None, True)
