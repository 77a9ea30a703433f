"""Conditions kept on a tag however the giver phrases them (issue 17): after the tag ("with
a nit" and the nit below), pointing back ("After which:"), seconding another reviewer's
quoted point ("Agree. With this fixed:"); and judged against the interdiff. The words are
those of real review mails."""

from __future__ import annotations

import pytest

from patchlint.analysis.trailers.conditions import _pointed_words
from patchlint.analysis.trailers.facts import Lineage
from patchlint.model.trailer_words import trailer_words
from patchlint.pipeline import load
from patchlint.pipeline.series import analyse_series
from tests.conftest import ROOT

THREADS = ROOT / "fixtures" / "threads"


def _one(text: str, following: str = "") -> str | None:
    [found] = trailer_words(text.split("\n"), following)
    return found.condition


def test_a_nit_announced_under_the_tag_is_its_condition() -> None:
    # xen-devel <EE47F5C6-8532-4E85-90C1-C82520EA10B5@arm.com> (Bertrand Marquis): the nit
    # is under a later hunk, in the next turn of the mail
    cond = _one(
        "Reviewed-by: Bertrand Marquis <bertrand.marquis@arm.com>\n\nWith a small NIT...",
        'I would say "minimum required" here.\n\nCheers\nBertrand',
    )
    assert cond is not None and '"minimum required"' in cond
    assert "Cheers" not in cond  # one nit: one paragraph


def test_a_nit_and_an_optional_suggestion_under_the_tag_keep_only_the_nit() -> None:
    # xen-devel <a9511d98-64f5-4c61-a3f0-440616d0de35@suse.com> (Jan Beulich)
    cond = _one(
        "Acked-by: Jan Beulich <jbeulich@suse.com>\n"
        "with a nit and an entirely optional suggestion:",
        "__initconst\n\nYou could simplify the condition by using just system_state < "
        "SYS_STATE_smp_boot\n(without any &&), I think.\n\nJan",
    )
    assert cond is not None and "__initconst" in cond
    assert "SYS_STATE_smp_boot" not in cond


def test_a_relative_lead_in_points_at_the_request_before_it() -> None:
    # linux-arm-kernel <99c2ec7c-bff2-fa50-f267-d5ca383bd5ca@collabora.com>
    cond = _one(
        "The implementation is good now; there's only one nitpick: you're reordering\n"
        "the platform data entries and I agree about doing that, as they should be\n"
        "alphabetically sorted, but you didn't mention that in the commit message.\n\n"
        "Please send a v3 that mentions that you're also reordering.\n\n"
        '"...while at it, also reorder..."\n\n'
        "After which:\n\n"
        "Reviewed-by: AngeloGioacchino Del Regno <angelogioacchino.delregno@collabora.com>"
    )
    assert cond is not None and "mentions that you're also reordering" in cond


@pytest.mark.parametrize(
    ("text", "following"),
    [
        # a tag followed by a review of another patch of the series: no condition
        (
            "Reviewed-by: Jan Beulich <jbeulich@suse.com>\n\n"
            "As to patch 3, I think the comment there wants adjusting.",
            "",
        ),
        # remarks the giver says are optional
        ("Acked-by: Jan Beulich <jbeulich@suse.com>\nwith an optional nit:", "__initconst"),
        # CAJuCfpF6eS18HLgNvQtkLGd=7N0_L1JPmF0GzM-Z0QimRWT7AQ@mail.gmail.com: "With one nit,"
        # before the tag introduces a remark left to the author
        ("With one nit,\nReviewed-by: Suren Baghdasaryan <surenb@google.com>", "nit: Returns:"),
        # a question under the tag asks nothing to be done
        ("Reviewed-by: A B <a@b.org>\nwith a question below:", "Why not u32?"),
    ],
)
def test_words_under_a_tag_that_are_no_condition(text: str, following: str) -> None:
    assert _one(text, following) is None


def _lineage(name: str) -> Lineage:
    grouping, _ = load([str(THREADS / name)])
    [series] = grouping.series[:1]
    lin = analyse_series(series).lineage
    assert lin is not None
    return lin


def test_a_tag_seconding_another_reviewers_point_is_met_when_the_point_is() -> None:
    # xen-devel <49B99D6B-7323-47F8-BDF7-DD25B073E2EB@arm.com>: "Agree. With this fixed:
    # Acked-by" under Denis Mukhin's "Use %pd?"; v2 2/2 prints the domain with %pd
    lin = _lineage("xen/2025-arm-smmuv3-deassign-ack-with-fix.mbox")
    [acked] = [
        o for o in lin.origins if o.revision == 2 and o.patch == 2 and "marquis" in o.text.lower()
    ]
    assert acked.condition_status == "met"
    assert acked.cls == "carried-condition-met" and acked.contradiction is None
    # the unconditional ack on 1/2, over an unchanged patch, stays what it was
    [plain] = [
        o for o in lin.origins if o.revision == 2 and o.patch == 1 and "marquis" in o.text.lower()
    ]
    assert plain.cls == "carried-unchanged" and plain.condition_status is None


def test_a_nit_under_the_tag_met_by_the_next_posting() -> None:
    # xen-devel <EE47F5C6-...@arm.com>: v2 2/2 says "minimum required"
    lin = _lineage("xen/2025-arm-nr-spis-macro-and-nit-rb.mbox")
    [rb] = [
        o for o in lin.origins if o.revision == 2 and o.patch == 2 and "marquis" in o.text.lower()
    ]
    assert rb.condition_status == "met" and rb.cls == "carried-condition-met"


def test_a_condition_pointing_back_at_the_quoted_line_is_met_when_that_line_goes() -> None:
    # xen-devel <f5a68380-16f1-5383-5cfa-85a9e02ccf8d@suse.com> (Jan Beulich): "With, as
    # pointed out by Andrew, this now dead variable also removed" under the quoted
    # `unsigned long page_mask;`; v3 removes the variable and carries the tag
    lin = _lineage("xen/2021-libxl-acpi-align-conditional-rb-pushed.mbox")
    [rb] = [
        o for o in lin.origins if o.revision == 3 and o.patch == 1 and "beulich" in o.text.lower()
    ]
    assert rb.condition_status == "met" and rb.cls == "carried-condition-met"


QUOTED_CODE = (
    "--- a/tools/libs/light/libxl_x86_acpi.c\n"
    "+++ b/tools/libs/light/libxl_x86_acpi.c\n"
    "@@ -163,7 +159,6 @@ int libxl__dom_load_acpi(libxl__gc *gc,\n"
    "     int rc = 0, acpi_pages_num;\n"
    "-    void *acpi_pages;\n"
    "     unsigned long page_mask;"
)


def test_the_words_a_condition_points_back_at() -> None:
    condition = "With, as pointed out by Andrew, this now dead variable also removed"
    assert "page_mask" in _pointed_words(condition, QUOTED_CODE)
    assert "long" not in _pointed_words(condition, QUOTED_CODE)  # C's own words are not
    # a condition that points at nothing quoted, or at the patch itself, takes no words
    assert _pointed_words("With the typo in the title fixed", QUOTED_CODE) == set()
    assert _pointed_words("With this patch split in two", QUOTED_CODE) == set()
    # prose quoted last (the author's earlier answer) is no code to point at
    assert _pointed_words(condition, QUOTED_CODE + "\nI will drop it in v3.") == set()
