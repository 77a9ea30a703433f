"""Issue 17's trust round for TR006 (contradicted-trailer): the giver's word that the rule
did not find (docs/precision.md, "The unseen list again")."""

from __future__ import annotations

import pytest

from patchlint.analysis.trailers.giver_says import reports_good_test
from patchlint.model.trailer_words import trailer_words

# Guenter Roeck on 'virtio_net: Revert "virtio_net: set the default max ring size by
# find_vqs()"', the virtualization list, 2022-08-15 <20220815203426.GA509309@roeck-us.net>:
# the author's next posting carries his Tested-by
GUENTER = (
    "I ran this patch through a total of 14 syskaller tests, 2 test runs each on 7 different "
    "crashes reported by syzkaller (as reported to the linux-kernel mailing list). No problems "
    "were reported. I also ran a single cross-check with one of the syzkaller runs on top of "
    "v6.0-rc1, without this patch. That test run failed. Overall, I think we can call this "
    "fixed. Guenter"
)


def test_a_test_run_reported_good_in_prose_is_a_tested_by_given() -> None:
    assert reports_good_test(GUENTER)


@pytest.mark.parametrize(
    "own",
    [
        # linux-hyperv: tests that found a problem, or no test at all
        "I have tested your patch in ARM64 VM, can see the build failure. Here's the log:",
        "I tried applying this to platform-drivers tree but it failed to compile so I dropped it.",
        "Even a hypervisor bug should not trigger crashes like this one, though, or at least I "
        "think so. Any idea what to look for on the hypervisor side?",
        # a result without a test of the giver's own: someone else's report passed on
        "No problems were reported by the bots so far.",
    ],
)
def test_a_failed_test_or_no_test_is_no_tested_by(own: str) -> None:
    assert not reports_good_test(own)


def test_a_closing_under_the_tag_is_no_condition() -> None:
    # Daniel P. Berrangé on 'tests/crypto: Add test suite for RSA keys' v5, the
    # virtualization list, 2022-05-13 <Yn40YuXEpJZ2lfCt@redhat.com>: TR006 called the v6
    # tag's "condition" ("With regards, Daniel") not met
    lines = [
        "Reviewed-by: Daniel P. Berrangé <berrange@redhat.com>",
        "",
        "",
        "With regards,",
        "Daniel",
    ]
    [found] = trailer_words(lines)
    assert found.condition is None
    # a real condition after the tag still is one
    lines = ["Reviewed-by: Jan Beulich <jbeulich@suse.com>", "with the nit addressed"]
    [found] = trailer_words(lines)
    assert found.condition is not None
