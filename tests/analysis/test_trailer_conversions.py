"""A step that only re-applies a patch's own conversion where upstream now has the code, or
follows a rename upstream made under it, is rebase drift (analysis/trailers/conversions.py,
read by behaviour.py); a change undone by a later step is no change. Lines from real steps."""

from __future__ import annotations

from patchlint.analysis.trailers.behaviour import behaviour
from patchlint.analysis.trailers.conversions import Swaps, patch_swaps, swaps, upstream_swaps
from patchlint.analysis.trailers.material import CodeHunk


def hunk(dropped: tuple[str, ...], added: tuple[str, ...], path: str = "svm.c") -> CodeHunk:
    return CodeHunk(path, "material", 1, 2, frozenset(), dropped, added)


# 'x86/msr: Minimize usage of native_*() msr access functions' v4 (Juergen Gross): the
# patch converts native_read_msr_safe() to rdmsrq_safe(); upstream moved the OSVW reads
# into svm_init_os_visible_workarounds(), and v4 converts them there
V4 = """--- a/arch/x86/kvm/svm/svm.c
+++ b/arch/x86/kvm/svm/svm.c
@@ -471,8 +471,8 @@ static void svm_init_os_visible_workarounds(void)
     if (!this_cpu_has(X86_FEATURE_OSVW) ||
-        native_read_msr_safe(MSR_AMD64_OSVW_ID_LENGTH, &len) ||
-        native_read_msr_safe(MSR_AMD64_OSVW_STATUS, &status))
+        rdmsrq_safe(MSR_AMD64_OSVW_ID_LENGTH, &len) ||
+        rdmsrq_safe(MSR_AMD64_OSVW_STATUS, &status))
         len = status = 0;
--- a/arch/x86/hyperv/ivm.c
+++ b/arch/x86/hyperv/ivm.c
@@ -3,7 +3,7 @@ int hv_snp_boot_ap(u32 apic_id, unsigned long start_ip, unsigned int cpu)
-    vmsa->efer = native_read_msr(MSR_EFER);
+    vmsa->efer = rdmsrq(MSR_EFER);
"""
MOVED = hunk(
    (
        "native_read_msr_safe(MSR_AMD64_OSVW_ID_LENGTH, &len) ||",
        "native_read_msr_safe(MSR_AMD64_OSVW_STATUS, &status))",
        "err = rdmsrq_safe(MSR_AMD64_OSVW_ID_LENGTH, &len);",
        "err = rdmsrq_safe(MSR_AMD64_OSVW_STATUS, &status);",
    ),
    (
        "rdmsrq_safe(MSR_AMD64_OSVW_ID_LENGTH, &len) ||",
        "rdmsrq_safe(MSR_AMD64_OSVW_STATUS, &status))",
        "err = native_read_msr_safe(MSR_AMD64_OSVW_ID_LENGTH, &len);",
        "err = native_read_msr_safe(MSR_AMD64_OSVW_STATUS, &status);",
    ),
)


def test_a_patch_s_own_swaps_are_the_lines_it_replaces_by_another_name() -> None:
    assert sorted(set(patch_swaps(V4))) == [
        ("native_read_msr", "rdmsrq"),
        ("native_read_msr_safe", "rdmsrq_safe"),
    ]
    # more than a swap: no swap learnt
    assert swaps("return native_read_msr(reg);", "rdmsrq(reg, val);") == []
    # short names say nothing of intent
    assert swaps("a[i] = 0;", "a[j] = 0;") == []


def test_the_patch_s_conversion_applied_where_upstream_moved_the_code_is_drift() -> None:
    b = behaviour([[(MOVED, True)]], Swaps(patch_swaps(V4)))
    assert b.statements == 0
    assert b.rebased == 4
    assert b.to_dict()["detail"] == "rebased: removed lines changed upstream"
    # without the patch's swaps the same step reads as four calls changed
    assert behaviour([[(MOVED, True)]]).statements == 4


def test_a_call_changed_beyond_the_swap_counts() -> None:
    # the same step, but the newer posting's call is more than the patch's swap
    other = hunk(
        ("native_read_msr_safe(MSR_AMD64_OSVW_ID_LENGTH, &len) ||",),
        ("rdmsrq_safe(MSR_AMD64_OSVW_ID_LENGTH, &len, 0) ||",),
    )
    assert behaviour([[(other, True)]], Swaps(patch_swaps(V4))).statements == 1


def test_a_change_a_later_step_undoes_is_no_change_since_the_tag() -> None:
    # v2 -> v3 reads the MSR into a local and returns it; v3 -> v4 returns rdmsrq()'s value
    # again: since the tag, `return native_read_msr(reg);` became `return rdmsrq(reg);`,
    # the patch's own swap
    v3 = hunk(("return native_read_msr(reg);",), ("u64 val;", "rdmsrq(reg, val);", "return val;"))
    v4 = hunk(("u64 val;", "rdmsrq(reg, val);", "return val;"), ("return rdmsrq(reg);",))
    steps = [[(v3, True)], [(v4, True)]]
    assert behaviour(steps, Swaps(patch_swaps(V4))).statements == 0
    # the first step on its own changes the call and the return
    assert behaviour([[(v3, True)]]).statements == 3
    # `int ret;` dropped by one posting and back in the next ('rpmsg: Fix kfree() of
    # static memory on setting driver_override' v5, v6): nothing
    gone = hunk(("int ret;", "ret = rpmsg_register_device(rpdev);"), ())
    back = hunk((), ("int ret;", "ret = rpmsg_register_device(rpdev);"))
    assert behaviour([[(gone, True)], [(back, True)]]).statements == 0


def test_a_rename_upstream_made_under_the_patch_is_followed() -> None:
    # v4 -> v5 of the rpmsg patch: upstream renamed rpmsg_chrdev to rpmsg_ctrl in the line
    # the patch replaces, and the patch's call follows
    old = """--- a/drivers/rpmsg/rpmsg_internal.h
+++ b/drivers/rpmsg/rpmsg_internal.h
@@ -94,6 +94,8 @@
-    rpdev->driver_override = "rpmsg_chrdev";
+    ret = driver_set_override(&rpdev->dev, &rpdev->driver_override,
+                  "rpmsg_chrdev", strlen("rpmsg_chrdev"));
"""
    new = old.replace('"rpmsg_chrdev"', '"rpmsg_ctrl"').replace("@@ -94,6 +94,8 @@", "@@")
    assert upstream_swaps(old, new) == [('"rpmsg_chrdev"', '"rpmsg_ctrl"')]
    step = hunk(
        (
            'ret = driver_set_override(&rpdev->dev, &rpdev->driver_override, "rpmsg_chrdev",'
            ' strlen("rpmsg_chrdev"));',
        ),
        (
            'ret = driver_set_override(&rpdev->dev, &rpdev->driver_override, "rpmsg_ctrl",'
            ' strlen("rpmsg_ctrl"));',
        ),
        "rpmsg_internal.h",
    )
    assert behaviour([[(step, True)]], Swaps(upstream_swaps(old, new))).statements == 0
    assert behaviour([[(step, True)]]).statements == 1
