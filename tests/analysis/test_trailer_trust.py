"""Issue 17's trust round for TR006 (contradicted-trailer): the giver's word that the rule
did not find (docs/precision.md, "The unseen list again")."""

from __future__ import annotations

import pytest

from patchlint.analysis.trailers.conditions import answered
from patchlint.analysis.trailers.contradictions import retitled
from patchlint.analysis.trailers.facts import Lineage
from patchlint.analysis.trailers.giver_says import reports_good_test
from patchlint.analysis.trailers.scope import excludes, scope_files
from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from patchlint.model.message import Message
from patchlint.model.trailer_words import trailer_words
from patchlint.pipeline import load
from patchlint.pipeline.series import analyse_series
from tests.analysis.judging import judge_series
from tests.conftest import ROOT

CASES = ROOT / "rules" / "contradicted-trailer" / "cases"

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


def _lineage(name: str) -> Lineage:
    grouping, _ = load([str(CASES / name)])
    [series] = grouping.series[:1]
    lin = analyse_series(series).lineage
    assert lin is not None
    return lin


def test_a_condition_asking_for_an_answer_is_met_by_the_authors_answer() -> None:
    # linux-hyperv <87r28gl1d1.fsf@vitty.brq.redhat.com>: "With the (theoretical) question
    # above answered," - Michael Kelley answered it the same day, and v4 carries the tag
    lin = _lineage("condition-met-by-the-authors-answer.mbox")
    [carried] = [
        o for o in lin.origins if o.revision == 4 and o.patch == 2 and "vkuznets" in o.text
    ]
    assert carried.condition_status == "met"
    assert carried.cls == "carried-condition-met" and carried.contradiction is None


@pytest.mark.parametrize(
    ("condition", "answers", "met"),
    [
        ("With the (theoretical) question above answered", ["It could be done."], True),
        ("With the (theoretical) question above answered", [], False),
        ("If you can confirm that the lock is held here", ["Yes, it is always held."], True),
        ("If you can confirm that the lock is held here", ["Hmm, not sure, let me check."], False),
        ("With the typo fixed", ["Will do."], False),
    ],
)
def test_what_an_answer_meets(condition: str, answers: list[str], met: bool) -> None:
    assert answered(condition, answers) is met


def test_a_later_aside_of_the_giver_is_no_word_that_the_condition_failed() -> None:
    # virtualization <20200127094058.GZ43062@phenom.ffwll.local>: Daniel Vetter's "xen has no
    # hw vblank, but still has special processing of events" on v4 01/15 said nothing of
    # the kerneldoc his v3 condition asked for, which v4 had reworded
    lin = _lineage("scope-excludes-the-parts-split-out.mbox")
    [core] = [o for o in lin.origins if o.revision == 5 and o.patch == 1 and "vetter" in o.text]
    assert core.contradiction is None
    split = [o for o in lin.origins if o.revision == 5 and o.patch == 5 and "vetter" in o.text]
    assert [o.contradiction.kind for o in split if o.contradiction] == ["split-out"]
    assert split[0].condition_status != "not-met"


def test_a_scope_leaves_out_what_it_says_went_to_patches_of_their_own() -> None:
    scope = "the core parts of this patch (driver changes all split out)"
    assert excludes(scope, ["drivers/gpu/drm/cirrus/cirrus.c"])
    assert not excludes(scope, ["include/drm/drm_crtc.h"])
    # what it covers is not named, so it limits nothing on the patch it was given on
    assert scope_files(scope, ["drivers/gpu/drm/drm_vblank.c", "include/drm/drm_crtc.h"]) is None
    assert not excludes("x86", ["arch/x86/kernel/cpu/mshyperv.c"])


def test_a_counterpart_under_another_title_is_another_change() -> None:
    grouping, _ = load([str(CASES / "counterpart-paired-by-code-under-another-title.mbox")])
    by_title = {
        p.title: p for s in grouping.series for r in s.revisions for p in r.patches.values()
    }
    status = by_title["vdpa: conditionally read STATUS in config space"]
    show = by_title['vdpa: show dev config as-is in "vdpa dev show" output']
    fix = [p for t, p in by_title.items() if t.startswith("vdpa: fix improper error")]
    assert retitled(show, status)
    assert not retitled(fix[0], fix[-1])


def test_a_hole_in_the_reviewed_patchs_thread_leaves_a_tag_never_given_alone() -> None:
    # seed 000: Ian Campbell reviewed v1 without an Acked-by, and v2 carries one (TR006).
    # The same thread as an archive that lacks Michał's answer to Ian (Ian's next reply
    # answers a mail the input does not hold): that part of the review happened where the
    # input cannot see, and the tag may have been given there
    messages = read_messages([str(ROOT / "fixtures/threads/000-xen-netback-hw-features.mbox")], [])

    def findings(kept: list[Message]) -> list[str]:
        grouping = group_messages(kept, [])
        return [
            f.message
            for s in grouping.series
            for f in judge_series(s, "trailers").findings
            if f.rule == "contradicted-trailer"
        ]

    assert len(findings(messages)) == 1
    holed = [m for m in messages if m.message_id != "20110419133025.GA21853@rere.qmqm.pl"]
    assert len(holed) == len(messages) - 1
    assert findings(holed) == []
