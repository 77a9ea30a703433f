"""Changelogs as authors write them (model.changelog): a table of real lines, each with the
mail it was taken from, and the step it names; then whole changelogs in their real places."""

from __future__ import annotations

import pytest

from patchlint.model.changelog import (
    cover_changelog,
    heading_step,
    patch_changelog,
    read_changelog,
)

# (line, where it was found: list, kind, Message-ID, (since, version) it names)
HEADINGS = [
    (
        "Changes in v2:",
        "linux-hyperv cover 1558969089-13204-1-git-send-email-mikelley@microsoft.com",
        (None, 2),
    ),
    (
        "Changes since v1:",
        "linux-hyperv notes BN6PR21MB0465043C08E519774EE73E99C0090@"
        "BN6PR21MB0465.namprd21.prod.outlook.com",
        (1, None),
    ),
    (
        "Change since v1:",
        "linux-hyperv cover 20190814073447.96141-1-Tianyu.Lan@microsoft.com",
        (1, None),
    ),
    (
        "[V2]",
        "linux-hyperv cover 1710930584-31180-1-git-send-email-ssengar@linux.microsoft.com",
        (None, 2),
    ),
    (
        "[v6] - Send the correct patches from the right folder",
        "linux-hyperv cover, 'Add "
        "support running nested Microsoft Hypervisor' v6 (labels/RV001.toml)",
        (None, 6),
    ),
    (
        "[V2] Rebase to latest",
        "linux-hyperv notes 1699691867-9827-1-git-send-email-ssengar@linux.microsoft.com",
        (None, 2),
    ),
    (
        "V1 -> V2:",
        "linux-hyperv notes 1687505355-29212-1-git-send-email-schakrabarti@linux.microsoft.com",
        (1, 2),
    ),
    ("v3 -> v4:", "linux-hyperv cover 20190823224153.15223-1-namit@vmware.com", (3, 4)),
    ("v3 -> v4", "virtualization notes 20230508222708.68281-1-feliu@nvidia.com", (3, 4)),
    ("v1 --> v2:", "virtualization cover 20190523162209.9543-1-mimu@linux.ibm.com", (1, 2)),
    (
        "v4->v5:",
        "linux-hyperv cover 20221019095620.124909-1-alexander.atanasov@virtuozzo.com",
        (4, 5),
    ),
    ("RFCv2 -> v1:", "linux-hyperv cover 20190823224153.15223-1-namit@vmware.com", (None, 2)),
    (
        "Change since RFC V2:",
        "linux-hyperv notes 20230122024607.788454-5-ltykernel@gmail.com",
        (2, None),
    ),
    (
        "Changes since latest v2",
        "linux-hyperv cover 20220227135214.145599-1-krzysztof.kozlowski@canonical.com",
        (2, None),
    ),
    (
        "In V2:",
        "linux-hyperv notes SN4PR2101MB08800F9A2F6961A05DAEAE4BC0D19@"
        "SN4PR2101MB0880.namprd21.prod.outlook.com",
        (None, 2),
    ),
    (
        "Changes v3->v4",
        "linux-hyperv notes 1694059512-5035-1-git-send-email-shradhagupta@linux.microsoft.com",
        (3, 4),
    ),
    ("Changes v10 -> v11", "virtualization notes (labels/RV001.toml)", (10, 11)),
    ("4. Changes RFC v3 -> RFC v4", "virtualization cover (labels/RV001.toml)", (3, 4)),
    (
        "Change log:",
        "linux-hyperv message 1642622346-22861-1-git-send-email-longli@linuxonhyperv.com",
        (None, None),
    ),
    (
        "Changelog:",
        "linux-hyperv notes 20220314020125.2365084-1-jiasheng@iscas.ac.cn",
        (None, None),
    ),
    ("Changes vs. V1:", "linux-hyperv cover 20200826111628.794979401@linutronix.de", (1, None)),
    (
        "V2: Remove the gotos - Jonathan",
        "linux-hyperv message 20250313130321.506045185@linutronix.de",
        (None, 2),
    ),
    ("v2 changes:", "linux-hyperv message 20230719123944.3438363-3-arnd@kernel.org", (None, 2)),
    (
        "Chagne since v3:",
        "linux-hyperv notes 20210827172114.414281-2-ltykernel@gmail.com",
        (3, None),
    ),
    (
        "Changes from v1:",
        "linux-hyperv cover cover.1618492553.git.viremana@linux.microsoft.com",
        (1, None),
    ),
    ("Changes v1->v2:", "linux-hyperv cover 20220223220456.666193-1-Jason@zx2c4.com", (1, 2)),
    (
        "Since v1 [1]:",
        "virtualization cover 20210423113836.3974972-1-jean-philippe@linaro.org",
        (1, None),
    ),
    (
        "Updated since v3:",
        "linux-hyperv notes 20210224232948.4651-1-melanieplageman@gmail.com",
        (3, None),
    ),
    (
        "V3",
        "linux-hyperv notes 1655190355-28722-1-git-send-email-ssengar@linux.microsoft.com",
        (None, 3),
    ),
    (
        "Changes since last version:",
        "linux-hyperv cover 20210609163211.3467449-1-boqun.feng@gmail.com",
        (None, None),
    ),
    (
        "Change log v2:",
        "linux-hyperv notes 1681435612-19282-1-git-send-email-longli@linuxonhyperv.com",
        (None, 2),
    ),
    ("fixes since v3:", "virtualization notes 20190718140006.15052-2-mst@redhat.com", (3, None)),
    (
        "    ver #2)",
        "virtualization message 20230617121146.716077-17-dhowells@redhat.com",
        (None, 2),
    ),
    ("* From v2 [2]:", "linux-hyperv cover 20210330151145.997953-1-maz@kernel.org", (2, None)),
    (
        "Changes since RFC:",
        "linux-hyperv cover 1622241819-21155-1-git-send-email-nunodasneves@linux.microsoft.com",
        (None, None),
    ),
]

NOT_HEADINGS = [
    "v1 link: lkml.kernel.org/r/20190611212003.26382-1-dima@arista.com",  # a link, no log
    "Section 1.9 of TLFS v6.0b says:",  # a spec version
    "Related VMX changes:",  # a commit message's own words
    "No functional change intended.",
    "V1 - V3 are supported by the host",
    "- Link to v1: https://lore.kernel.org/r/20240101-x-v1-0-1@example.com",  # b4's, alone
]


@pytest.mark.parametrize(("line", "where", "step"), HEADINGS, ids=[h[0].strip() for h in HEADINGS])
def test_real_headings(line: str, where: str, step: tuple[int | None, int | None]) -> None:
    assert where
    assert heading_step(line) == step


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_lines_that_open_no_changelog(line: str) -> None:
    assert heading_step(line, strict=True) is None
    assert heading_step(line) is None


# prose that says what a revision changed (cover letters and notes; the virtualization and
# linux-hyperv lists, and the labels of bench/precision)
PROSE = [
    "please find here the next iteration of my pending fixes for SEV-ES\nguest support in "
    "Linux. This version addresses the comments I received\nfrom Peter on the previous "
    "version, in particular:",
    "v10 was based on net - not on net-next by mistake.",
    "Easwar, thanks a lot for your comment! I fixed where you pointed.",
    'This is the V2 of patch 4 of the series "Add improvements suggested by\ncheckpatch '
    'for vmbus_drv" with the changes suggested by Michael Kelley and\nJoe Perches. Thanks!',
    "v7 contains both the netvsc change and the VF driver. This version (v8)\nposts them "
    "in 2 separate patches, as suggested by Stephen Hemminger.",
    "The only change compared to v3 is in the fourth patch where I modified a\nfew more "
    "drivers to fix build failures.",
    "Changes to the previous version are:\n\n\t- Rebased to tip/x86/sev",
    "This is a resubmission of:\n  https://lkml.kernel.org/r/20200907161920.71460-1-"
    "parri.andrea@gmail.com\nbased on 5.10-rc2.",
    "In earlier versions, there was a notifier for these changes\nbut after discussion - "
    "it is better to implement it in separate\npatch series.",
    "Same patch as v1 but update documentation so it's clear it's not\nexpected to work.",
    # linux-hyperv, 'local_clock() vs noinstr' v2 <20230519102058.581557770@infradead.org>
    "latest version of the local_clock_noinstr() patches.\n\nMost of the changes are in "
    "Hyper-V and x86/vdso/gettimeofday; Michael has been\nvery helpful.",
]

NOT_PROSE = [
    "This series introduces support for datagrams to virtio/vsock.",
    "I hope this version would go well...",
    "This patch set fixes an issue in SG tuning, and sync\noffload settings from synthetic "
    "NIC to VF NIC.",
    "v1 link: lkml.kernel.org/r/20190611212003.26382-1-dima@arista.com\n\nNOTE that I "
    "hadn't a chance to test v2 on hyperv machine so far,\nONLY BUILD TESTED.",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_changelogs(text: str) -> None:
    assert cover_changelog(text)


@pytest.mark.parametrize("text", NOT_PROSE)
def test_prose_that_is_no_changelog(text: str) -> None:
    assert not cover_changelog(text)


def test_notes_that_say_what_was_done_are_a_changelog() -> None:
    # linux-hyperv, 'Tools: hv: move to tools buildsystem' v2: notes below `---`
    assert patch_changelog(
        "Switch the daemons to the tools buildsystem.", "- fix commit message (Vitaly)"
    )
    # linux-hyperv, 'hvsock: fix epollout hang from race condition' v2
    assert patch_changelog(
        "The fix is to ...", "- Resubmitting the patch after taking care of some spurious warnings."
    )
    # the same words in a commit message are its description, not a changelog
    assert not patch_changelog("- fix commit message (Vitaly)", "")


def test_typographic_quotes_are_read_as_typed() -> None:
    # a mail client's apostrophe: "What’s new in this version"
    assert heading_step("What\u2019s new in this version") == (None, None)
    assert cover_changelog("I addressed Michael\u2019s comments on the locking.")


def test_commit_message_heading_about_the_posting_itself() -> None:
    # virtualization, '[RFC v2] vhost: introduce mdev based hardware vhost backend'
    # <20190703091339.1847-1-tiwei.bie@intel.com>: a single patch whose commit message
    # carries its changelog under an underlined heading that names no version number
    log = patch_changelog(
        "Details about this can be found here:\n\nWhat's new in this version\n"
        "==========================\n\nA new VFIO device type is introduced - vfio-vhost. "
        "This addressed\nsome comments from here: https://patchwork.ozlabs.org/cover/984763/",
        "",
    )
    assert [(e.since, e.version, e.where) for e in log.entries] == [(None, None, "message")]
    # a commit message's own words about changes are no changelog
    assert heading_step("Changes in the driver:", strict=True) is None
    assert heading_step("This changes the latest version check", strict=True) is None


def test_commit_message_changelogs_need_a_version() -> None:
    # DRM style, linux-hyperv 'arch,sysfb,efi: Support EDID on non-x86 EFI systems' v2
    log = patch_changelog(
        "Rename the helper.\n\nv2:\n- update comment\n- rename "
        "init_screen_info() to init_primary_display()",
        "",
    )
    assert [(e.since, e.version, e.where) for e in log.entries] == [(None, 2, "message")]
    assert "init_primary_display" in log.text
    # notes behind a `--` fence in the message (virtualization list, labels/RV001.toml)
    assert patch_changelog("Fix it.\n--\nv3: rebase\nv2: use a mutex", "")
    assert not patch_changelog("Related VMX changes:\n- one\n- two", "")


COVER = """\
This series moves the timer code.

Changes in v3:
  - fix the build on arm64 (kernel test robot)

Changes in v2:
  - split patch 2 [Michael]

Michael Kelley (2):
  Drivers: hv: Create Hyper-V clocksource driver from existing
    clockevents code
  Drivers: hv: Move Hyper-V clocksource code to new clocksource driver

 drivers/clocksource/hyperv_timer.c | 222 ++++++++++++++++++++++++++++
 2 files changed, 222 insertions(+)

base-commit: 0123456789abcdef0123456789abcdef01234567
"""


def test_cover_changelog_is_cut_into_steps_without_shortlog_or_diffstat() -> None:
    log = cover_changelog(COVER)
    assert [(e.since, e.version) for e in log.entries] == [(None, 3), (None, 2)]
    assert "clocksource" not in log.text  # the shortlog and the diffstat are not in it
    assert "base-commit" not in log.text
    assert log.entries[0].covers(2, 3) and not log.entries[1].covers(2, 3)


def test_changelog_after_the_diffstat() -> None:
    # linux-hyperv, 'vsock: updates for SO_RCVLOWAT handling' v4: after the diffstat
    body = (
        "This patchset includes some updates for SO_RCVLOWAT.\n\n"
        " net/vmw_vsock/af_vsock.c | 10 +++\n 1 file changed, 10 insertions(+)\n\n"
        " Changelog:\n\n v1 -> v2:\n 1) Patches for VMCI transport.\n\n"
        " v3 -> v4:\n 1) vsock_set_rcvlowat() logic changed.\n"
    )
    log = cover_changelog(body)
    assert [(e.since, e.version) for e in log.entries] == [(1, 2), (3, 4)]


def test_underlined_heading() -> None:
    body = "Changes\n=======\nver #2)\n - Fixed the locking.\n"
    assert cover_changelog(body)


def test_b4_template_left_unedited_is_no_changelog() -> None:
    body = (
        "Hello.\n\n---\nChanges in v2:\n- EDITME: describe what is new in this series "
        "revision.\n- EDITME: use bulletpoints and terse descriptions.\n"
        "- Link to v1: https://lore.kernel.org/r/20240101-x-v1-0-1@example.com\n"
    )
    assert not cover_changelog(body)
    filled = body.replace(
        "- EDITME: describe what is new in this series revision.", "- take the lock later"
    )
    assert "take the lock later" in cover_changelog(filled).text


def test_changes_none_is_a_changelog() -> None:
    # linux-hyperv: "Changes in v6: None." says there were none
    assert read_changelog("Changes in v6: None.", "notes")
    assert not read_changelog("Changes in v6:", "notes")


def test_quoted_lines_are_not_the_authors() -> None:
    assert not cover_changelog("> v2: fix it\n> Changes since v1:\n> - a\n\nThanks!")
