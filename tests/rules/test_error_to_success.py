"""error-to-success and the commit message (a case file cannot carry one): a change the
message argues for is deliberate. Real patches: hv_sock (linux-hyperv, April 2026) and
of_map_rid (virtualization list, May 2019); seed 001 still fires."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from patchlint.engine.registry import default_registry
from patchlint.engine.runner import lint_patch
from patchlint.model.message import Address, Message
from patchlint.model.patch import Patch, build_patch
from patchlint.model.subject import parse_subject

RULE = default_registry().select(["CS003"]).rules

HV_SOCK = """\
diff --git a/net/vmw_vsock/hyperv_transport.c b/net/vmw_vsock/hyperv_transport.c
--- a/net/vmw_vsock/hyperv_transport.c
+++ b/net/vmw_vsock/hyperv_transport.c
@@ -703,8 +703,10 @@ static s64 hvs_stream_has_data(struct vsock_sock *vsk)
 \tswitch (hvs_channel_readable_payload(hvs->chan)) {
 \tcase 1:
 \t\tneed_refill = !hvs->recv_desc;
-\t\tif (!need_refill)
-\t\t\treturn -EIO;
+\t\tif (!need_refill) {
+\t\t\t/* Here all the payload has been dequeued: the FIN packet. */
+\t\t\treturn 0;
+\t\t}
\x20
 \t\thvs->recv_desc = hv_pkt_iter_first(hvs->chan);
 \t\tif (!hvs->recv_desc)
"""
HV_SOCK_MESSAGE = """\
Commit f0c5827d07cb unluckily causes a regression for the FIN packet,
and the final read syscall gets an error rather than 0.

Fix the regression in hv_sock by returning 0 rather than -EIO."""

OF_MAP_RID = """\
diff --git a/drivers/of/base.c b/drivers/of/base.c
--- a/drivers/of/base.c
+++ b/drivers/of/base.c
@@ -2294,7 +2294,11 @@ int of_map_rid(struct device_node *np, u32 rid,
 \t\treturn 0;
 \t}
\x20
-\tpr_err("%pOF: Invalid %s translation - no match for rid 0x%x on %pOF\\n",
-\t\tnp, map_name, rid, target && *target ? *target : NULL);
-\treturn -EFAULT;
+\tpr_info("%pOF: no %s translation for rid 0x%x on %pOF\\n", np, map_name,
+\t\trid, target && *target ? *target : NULL);
+
+\t/* Bypasses translation */
+\tif (id_out)
+\t\t*id_out = rid;
+\treturn 0;
 }
"""
OF_MAP_RID_MESSAGE = """\
Some PCI devices are behind an IOMMU, others are not. Allow the iommu-map
property to have gaps. Relaxing of_map_rid() also allows the msi-map
property to have gaps."""


def patch(title: str, message: str, diff: str) -> Patch:
    subject = parse_subject(f"[PATCH] {title}")
    msg = Message(
        key="t",
        message_id="t@test",
        subject=subject.raw,
        author=Address("T", "t@example.org"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        in_reply_to=None,
        references=(),
        body=f"{message}\n\nSigned-off-by: T <t@example.org>\n---\n{diff}",
    )
    return build_patch(msg, subject)


@pytest.mark.parametrize(
    ("title", "message", "diff"),
    [
        ("hv_sock: Report EOF instead of -EIO for FIN", HV_SOCK_MESSAGE, HV_SOCK),
        ("hv_sock: fix the FIN packet", HV_SOCK_MESSAGE, HV_SOCK),
        ("hv_sock: Report EOF instead of -EIO for FIN", "Fix the regression.", HV_SOCK),
        ("of: Allow the iommu-map property to have gaps", OF_MAP_RID_MESSAGE, OF_MAP_RID),
    ],
)
def test_a_change_the_message_argues_for_is_not_reported(title, message, diff):
    assert lint_patch(patch(title, message, diff), RULE) == []


@pytest.mark.parametrize("diff", [HV_SOCK, OF_MAP_RID])
def test_the_same_change_without_a_word_for_it_is(diff):
    (hit,) = lint_patch(patch("net: tidy up the read path", "Tidy up.", diff), RULE)
    assert hit.code == "CS003" and "became `return 0;`" in hit.message
