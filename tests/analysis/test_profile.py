"""The project profile of a patch, from its evidence (`analysis.profile`): the seed threads
as they were posted, and one mail per kind of evidence (paths, lists, subject tags, the
MAINTAINERS format), strongest first; then the configuration and `--profile` over it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from patchlint.analysis.profile import patch_profile, series_profiles
from patchlint.config import ProfilesConfig
from patchlint.model.message import Address, Message
from patchlint.model.patch import Patch, build_patch
from patchlint.model.profile import PatchProfile
from patchlint.model.subject import parse_subject
from patchlint.pipeline.run import load
from tests.conftest import FIXTURES

XEN_DEVEL = "xen-devel@lists.xenproject.org"


def mail(
    files: list[str],
    subject: str = "[PATCH] x: change it",
    to: str = "",
    cc: str = "",
    added: str = "int c;",
) -> Patch:
    """A patch mail changing one line of each of `files` into `added`, sent to `to` and
    `cc`."""
    diff = "".join(
        f"diff --git a/{f} b/{f}\n--- a/{f}\n+++ b/{f}\n@@ -1,2 +1,2 @@\n"
        f" int a;\n-int b;\n+{added}\n"
        for f in files
    )
    parsed = parse_subject(subject)
    msg = Message(
        key="k",
        message_id="m@x",
        subject=subject,
        author=Address("A", "a@example.org"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        in_reply_to=None,
        references=(),
        body=f"Change it.\n\nSigned-off-by: A <a@example.org>\n---\n{diff}",
        to_header=to,
        cc_header=cc,
    )
    return build_patch(msg, parsed)


@pytest.mark.parametrize(
    ("seed", "profiles", "evidence"),
    [
        # a Linux netback patch sent to netdev and Cc'd to xen-devel: Linux, from its paths
        ("000-xen-netback-hw-features", {"linux"}, "path drivers/"),
        ("001-physdevop-alloc-irq-vector", {"xen-hypervisor"}, "path xen/arch/x86/io_apic.c"),
        ("002-libxl-deregister-evtchn-fd", {"xen-tools"}, "path tools/libxl/libxl.c"),
        ("004-ioreq-server-rfc", {"xen-hypervisor"}, "path xen/arch/x86/hvm/hvm.c"),
    ],
)
def test_the_seed_threads_patches(seed: str, profiles: set[str], evidence: str) -> None:
    grouping, _ = load([str(FIXTURES / "threads" / f"{seed}.mbox")])
    found = [p for series in grouping.series for p in series_profiles(series).values()]
    assert found and {p.name for p in found} == profiles
    assert all(p.source == "detected" and evidence in p.evidence for p in found)


@pytest.mark.parametrize(
    ("files", "subject", "to", "cc", "name", "evidence"),
    [
        # paths one tree alone has decide, whatever the lists
        (
            ["drivers/net/xen-netback/interface.c"],
            "[PATCH] x",
            XEN_DEVEL,
            "",
            "linux",
            "path drivers/",
        ),
        (
            ["include/xen/interface/io/netif.h"],
            "[PATCH] x",
            XEN_DEVEL,
            "",
            "linux",
            "path include/xen/",
        ),
        (
            ["tools/testing/selftests/kvm/x86/hyperv_cpuid.c"],
            "[PATCH] x",
            "",
            "",
            "linux",
            "path tools/testing/",
        ),
        (
            ["xen/common/domain.c"],
            "[PATCH] x",
            "linux-kernel@vger.kernel.org",
            "",
            "xen-hypervisor",
            "path xen/common/domain.c",
        ),
        (["tools/xl/xl_utils.c"], "[PATCH] x", "", "", "xen-tools", "path tools/xl/xl_utils.c"),
        # the author naming the tree in the subject
        (
            ["docs/misc/xen-command-line.pandoc"],
            "[XEN PATCH v2] docs: x",
            "",
            "",
            "xen-tools",
            "subject tag XEN",
        ),
        (["arch/x86/mm.c"], "[MINI-OS PATCH] x", XEN_DEVEL, "", "other", "subject tag MINI-OS"),
        (
            ["docs/system/i386/hyperv.rst", "target/i386/cpu.c"],
            "[PATCH QEMU EXAMPLE] i386: x",
            "linux-hyperv@vger.kernel.org",
            "",
            "other",
            "subject tag QEMU",
        ),
        # QEMU's block/ is Linux's name too: another project's list, and no Linux list, says QEMU
        (
            ["block/qcow2.c"],
            "[PATCH] block: x",
            "qemu-block@nongnu.org",
            "qemu-devel@nongnu.org",
            "other",
            "list qemu-block@nongnu.org",
        ),
        (
            ["block/blk-mq.c"],
            "[PATCH] block: x",
            "linux-block@vger.kernel.org",
            "",
            "linux",
            "path block/",
        ),
        # paths neither tree has: another project's code, even on a Linux list
        (
            ["hw/virtio/vhost-user.c"],
            "[PATCH] vhost-user: x",
            "virtualization@lists.linux-foundation.org",
            "",
            "other",
            "path hw/",
        ),
        (
            ["ethtool.c", "netlink/coalesce.c"],
            "[PATCH ethtool-next] x",
            "netdev@vger.kernel.org",
            "",
            "other",
            "path ethtool.c",
        ),
        # names both trees have: the lists and tags decide, a Linux list before xen-devel
        (
            ["MAINTAINERS"],
            "[PATCH] MAINTAINERS: x",
            "linux-hyperv@vger.kernel.org",
            XEN_DEVEL,
            "linux",
            "list linux-hyperv@vger.kernel.org",
        ),
        (
            ["MAINTAINERS"],
            "[PATCH net-next] MAINTAINERS: x",
            "",
            "",
            "linux",
            "subject tag net-next",
        ),
        (
            ["MAINTAINERS"],
            "[PATCH] MAINTAINERS: x",
            XEN_DEVEL,
            "",
            "xen-tools",
            f"list {XEN_DEVEL}",
        ),
        (
            ["MAINTAINERS"],
            "[Xen-devel] [PATCH] MAINTAINERS: x",
            "",
            "",
            "xen-tools",
            "list tag Xen-devel",
        ),
        (["Makefile"], "[PATCH] x", "", "", "linux", "no evidence of another tree"),
    ],
)
def test_evidence_strongest_first(
    files: list[str], subject: str, to: str, cc: str, name: str, evidence: str
) -> None:
    profile = patch_profile(mail(files, subject, to, cc))
    assert (profile.name, profile.source) == (name, "detected")
    assert evidence in profile.evidence


def test_a_xen_format_maintainers_file_is_evidence_only_where_paths_say_nothing() -> None:
    assert patch_profile(mail(["Makefile"]), maintainers_format="xen").name == "xen-tools"
    assert (
        "MAINTAINERS format xen"
        in patch_profile(mail(["Makefile"]), maintainers_format="xen").evidence
    )
    assert patch_profile(mail(["drivers/xen/events.c"]), maintainers_format="xen").name == "linux"


def test_a_xen_patch_judges_its_tools_files_as_tools() -> None:
    profile = patch_profile(
        mail(["xen/include/public/domctl.h", "tools/libs/ctrl/xc_domain.c", "xen/common/domctl.c"])
    )
    assert profile.name == "xen-hypervisor"
    assert profile.files == (("tools/libs/ctrl/xc_domain.c", "xen-tools"),)
    assert profile.of("tools/libs/ctrl/xc_domain.c") == "xen-tools"
    assert profile.of("xen/common/domctl.c") == "xen-hypervisor"


def test_configured_globs_then_force_then_the_flag() -> None:
    patch = mail(["drivers/xen/events.c", "drivers/net/x.c"])
    globbed = patch_profile(patch, ProfilesConfig(paths=(("drivers/xen/*", "xen-tools"),)))
    assert globbed.of("drivers/xen/events.c") == "xen-tools"
    assert globbed.of("drivers/net/x.c") == "linux"
    assert globbed.name == "xen-tools"  # a tie: the first file's
    assert globbed.source == "detected" and "[profiles.paths] drivers/xen/*" in globbed.evidence
    every = patch_profile(patch, ProfilesConfig(paths=(("drivers/*", "other"),)))
    assert (every.name, every.source, every.files) == ("other", "config", ())
    forced = patch_profile(
        patch,
        ProfilesConfig(
            force="xen-hypervisor", forced_by="config", paths=(("drivers/net/*", "linux"),)
        ),
    )
    assert (forced.name, forced.source) == ("xen-hypervisor", "config")
    assert forced.of("drivers/net/x.c") == "linux"  # a glob is more specific than force
    flagged = patch_profile(
        patch, ProfilesConfig(force="other", forced_by="flag", paths=(("drivers/net/*", "linux"),))
    )
    assert flagged == PatchProfile("other", "flag", ("--profile",))
