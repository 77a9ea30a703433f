"""What is not a review comment (issue 17, task nc11): words in a reviewer's reply that a
maintainer would not call an open point, each kind checked on the words of the real mail
and on the real thread it was seen in, with a real comment of the same look beside it:

- a test report: setup, what was and was not covered, the tester's own use of the patch
  ("I tested these two patches ...", "I have tested the series on Arm64 ...");
- praise of the patch and its parts ("This patch looks good to me. The code comments were
  very helpful ...");
- the reviewer's own doings: why the answer is late, work planned on top of the patch;
- a note on the recipients ("[dropped ... from Cc ...]"), someone brought in ("+ Praveen
  Kumar"), a ping asking others for their review;
- a status notice with the story of how it came to be and an invitation to object;
- agreement with the series author's answer, a reaction to the author's promise, an answer
  to a question put to the sender by name;
- asking to keep a line the patch adds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.analysis.discussion.acks import (
    asks_to_keep,
    is_comment_text,
    opens_with_notice,
    promises,
)
from tests.analysis.thread_comments import LINUX, XEN
from tests.analysis.thread_comments import in_mail as _in_mail

# -- the words ------------------------------------------------------------------------------

TEST_REPORT = (
    "I tested these two patches in combination with the earlier two on\n"
    "5.18-rc6 in an ARM64 VM in Azure.   This was a smoke-test to ensure\n"
    "everything compiled and that the changes aren't fundamentally broken\n"
    "on ARM64.   The PCI device in this case is the Mellanox Virtual Function\n"
    'offered to VMs in Azure, which is MSI-X.   As such, the new MSI "batch"\n'
    "handling is not tested."
)
TEST_REPORT_OWN_USE = (
    "I have tested the series on Arm64 in the context of xen-virtio enabling \n"
    "work. I didn't see any issues with it. Thank you.\n\n"
    "I reworked patch #3 [1] to use new functionality:"
)
PING = (
    "it seems that there has not been any non-trivial review of this\n"
    "patchset since v3. But at that point there was some feedback\n"
    "from you. So I'd like to ask if you have any feedback on v6 [1].\n\n"
    "[1] https://lore.kernel.org/all/1685964606-24690-1-git-send-email-shradhagupta@linux.microsoft.com/"
)


@pytest.mark.parametrize(
    "words",
    [
        TEST_REPORT,  # Michael Kelley, with his Tested-by
        TEST_REPORT_OWN_USE,  # Oleksandr Tyshchenko, no tag
        "This patch looks good to me. The code comments were very helpful in explaining\n"
        "what is going on.",  # Nuno Das Neves
        "I will build the next RFC version of 64-bit swiotlb on top of this patch (or\n"
        "next version of this patch), so that it will render a more finalized view of\n"
        "32-bt/64-bit plus multiple area.",  # Dongli Zhang
        "Sorry for the late answer. While cleaning my inbox today, I noticied \n"
        "that I didn't reply to this thread :(.",  # Julien Grall
        "[dropped Philippe Schenker from Cc as his email bounced in the past]",  # Uwe
        "[Cc -= Philippe Schenker]",
        "+ Praveen Kumar",  # Simon Horman, above his ping
        PING,  # Simon Horman
    ],
)
def test_look_alikes_are_not_comments(words: str) -> None:
    assert not is_comment_text(words)


@pytest.mark.parametrize(
    "words",
    [
        "I tested this and it crashes on boot.",
        "I tested this. It does not boot.",
        "I tested this on arm64. The probe now fails with -EINVAL.",
        "I tested this on x86. It works, but the driver is slow now.",
        "I tested it. Could you also add a comment?",
        "I tested this. Please fix the typo.",
        "This is not correct.",
        "Looks good, but please rename foo.",
        "Sorry for the late answer. I think the lock is wrong here.",
        "I will build on top of this, but you should drop the flag.",
        "There was feedback on v3 that you did not address. Any feedback on v6?",
        "Any comments on this series? I think foo_bar() leaks.",
        "[ this hunk should go to patch 2 ]",
        # real comments of the same threads
        "I would like this to be a pr_debug() instead of pr_info()",  # Wei Liu, hv rng
        "You forgot to add #include <linux/sizes.h> for it.",  # Ilpo Järvinen
        "Given that arch/arm/boot/dts/nxp/imx/imx1.dtsi has:\n\n"
        "\tpwm: pwm@208000 {\n\t\t#pwm-cells = <3>;\n\nthis looks wrong.",  # Uwe
        "No need to reference schema for common properties.",  # Rob Herring
    ],
)
def test_comments_that_look_alike_stay_comments(words: str) -> None:
    assert is_comment_text(words)


def test_a_notice_with_its_story_is_news() -> None:
    # Wei Liu on the hv rng v3
    assert opens_with_notice(
        "Applied to hyperv-next. Thanks.\n\n"
        "Long gave his review in the last version. I assumed he's at least\n"
        "onboard with the general idea here. Time is tight, so I applied this\n"
        "patch without waiting for Long's ack again.\n\n"
        "Long, if you have objections, please speak up."
    )
    assert not opens_with_notice("Applied, thanks.\n\nPlease send a follow-up fixing the typo.")
    assert not opens_with_notice("Applied.\n\nThe lock in foo is wrong though, I fixed it up.")
    assert not opens_with_notice("Applied.\n\nWhy did you drop foo_bar()?")
    assert not opens_with_notice("Long, if you have objections, please speak up.")


@pytest.mark.parametrize(
    ("words", "keeps"),
    [
        ("This IS unique to this binding, so it should stay.", True),  # Rob Herring
        ("Keep it.", True),
        ("Drop this. The other one should stay.", False),
        ("This should stay, but rename it.", False),
        ("Why should it stay?", False),
        ("The lock must remain held here.", False),
    ],
)
def test_asks_to_keep(words: str, keeps: bool) -> None:
    assert asks_to_keep(words) is keeps


@pytest.mark.parametrize(
    ("words", "promised"),
    [
        ("I will send v2 soon.", True),  # Corentin Labbe
        ("Will fix.", True),
        (
            "I was planning to look at the x86 cpu features to see whether some of\n"
            "those might be candidates to be switched to platform features instead.",
            False,  # Juergen Gross: a plan of his own, not a change promised
        ),
    ],
)
def test_promises(words: str, promised: bool) -> None:
    assert promises(words) is promised


# -- the threads ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message_id", "words"),
    [
        (
            LINUX / "2022-pci-hv-compose-msi-fixups.mbox",
            "PH0PR21MB3025EB3FAE7EA7365FD2D7B6D7C99@PH0PR21MB3025.namprd21.prod.outlook.com",
            "I tested these two patches",
        ),
        (
            LINUX / "2022-platform-has-infrastructure.mbox",
            "9aa13b10-7342-461c-38a5-eb56d7e69b23@gmail.com",
            "I have tested the series on Arm64",
        ),
        (
            LINUX / "2022-swiotlb-split-lock.mbox",
            "09751b9b-0912-d2f2-5636-cde6db6afaa3@oracle.com",
            "I will build the next RFC version",
        ),
        (
            LINUX / "2023-netvsc-rx-indirection-v6.mbox",
            "ZH8Bv624GxCf1PKq@corigine.com",
            "So I'd like to ask if you have any feedback on v6",
        ),
        (LINUX / "2023-netvsc-rx-indirection-v6.mbox", "ZH8Bv624GxCf1PKq@corigine.com", "Praveen"),
        (
            LINUX / "2023-pwm-imx8-inverted-pwm-cells.mbox",
            "20231106103621.2fh6fkpdafpz4toa@pengutronix.de",
            "[dropped Philippe Schenker from Cc",
        ),
        (
            LINUX / "2024-hv-rng-oem0-entropy.mbox",
            "36684e56-242f-4161-b1b6-ca0cd21c0a8b@linux.microsoft.com",
            "This patch looks good to me.",
        ),
        (
            LINUX / "2024-hv-rng-oem0-entropy.mbox",
            "Zfi6XLyGeNarEeBK@liuwe-devbox-debian-v2",
            "Long, if you have objections, please speak up.",
        ),
        (
            XEN / "2021-arm-mpidr-reword-on-commit.mbox",
            "bbeffe6a-beac-54f7-560d-00b99135d365@xen.org",
            "Sorry for the late answer.",
        ),
        # agreement with the author's "Fixed in v3. I mis-interpreted your previous comment"
        (
            LINUX / "2024-pci-hv-ring-size-sz16k.mbox",
            "0a680c72-0c30-d3e7-5c67-a0aefe752be2@linux.intel.com",
            "Yes, we try include the headers we use in the .c file.",
        ),
        # a reaction to the author's "I will send v2 soon."
        (
            LINUX / "2022-hwmon-gpio-fan-yaml-dt-review.mbox",
            "4f42ebf8-a5bd-6d98-0515-f4872c7c33a8@kernel.org",
            "I didn't expect soon to mean 4 minutes later!",
        ),
        # under "+      min and max states are derived from the speed-map of the fan."
        (
            LINUX / "2022-hwmon-gpio-fan-yaml-dt-review.mbox",
            "20221220190644.GA898302-robh@kernel.org",
            "This IS unique to this binding, so it should stay.",
        ),
        # the answer to "@Uwe ... Is it possible to trigger this via sysfs ...?"
        (
            LINUX / "2023-pwm-imx27-output-bug-workaround.mbox",
            "w34gpyikqc6oz5zjoan3ws4ckw5dlzjytddfw4df26dyflx3uk@itw6b34z5luv",
            "When I read through the linked thread I was surprised",
        ),
        # a remark under the author's words that agree ("I agree ...")
        (
            LINUX / "2021-edac-ras-cec-event-filtering.mbox",
            "20210402170736.GJ28499@zn.tnic",
            "In the OS, errors reported through different mechanisms is all we have.",
        ),
    ],
)
def test_not_a_comment_in_the_thread(path: Path, message_id: str, words: str) -> None:
    assert not _in_mail(path, message_id, words)


@pytest.mark.parametrize(
    ("path", "message_id", "words", "status"),
    [
        # the same mails' real points stay
        (
            LINUX / "2023-pwm-imx8-inverted-pwm-cells.mbox",
            "20231106103621.2fh6fkpdafpz4toa@pengutronix.de",
            "this looks wrong.",
            "addressed",
        ),
        (
            LINUX / "2022-hwmon-gpio-fan-yaml-dt-review.mbox",
            "20221220190644.GA898302-robh@kernel.org",
            "No need to reference schema for common properties.",
            "open",
        ),
        (
            LINUX / "2021-edac-ras-cec-event-filtering.mbox",
            "20210402170736.GJ28499@zn.tnic",
            'Sure but do two variables pls - an "err" one',
            "addressed",
        ),
        # a remark under the author's plan (not a promise) stays a point (its status is
        # another matter: the truth says discussed)
        (
            LINUX / "2022-platform-has-infrastructure.mbox",
            "Ymk2gXuNGFhIQ2zQ@zn.tnic",
            "never touch a running system",
            None,
        ),
        # the request the author's "Fixed in v3." answers stays
        (
            LINUX / "2024-pci-hv-ring-size-sz16k.mbox",
            "0802ce88-c86d-3a74-501f-28393d6112f3@linux.intel.com",
            "You forgot to add #include <linux/sizes.h> for it.",
            "addressed",
        ),
    ],
)
def test_real_points_stay(path: Path, message_id: str, words: str, status: str | None) -> None:
    hits = _in_mail(path, message_id, words)
    assert hits, f"no comment {words!r} in {message_id}"
    if status is not None:
        assert hits[0]["status"] == status
