"""Words around a trailer (model/trailer_words.py), on the words of real review mails: the
scope, the condition and the asides a giver writes with a tag, and which lines of the
reply they are."""

from __future__ import annotations

import pytest

from patchlint.model.trailer_words import around_lines, trailer_words


def words(text: str, following: str = ""):  # type: ignore[no-untyped-def]
    lines = text.split("\n")
    found = trailer_words(lines, following)
    assert len(found) == 1, found
    return found[0], [lines[i] for i in found[0].around]


def test_a_condition_pointing_back_takes_the_points_it_follows() -> None:
    # xen-devel c9874396-44d2-b969-104f-eb40b4e107c9@suse.com (Jan Beulich, 2020-11-04)
    w, around = words(
        'Support for "---help---" having gone away in Linux, I think we\'d\n'
        "better not add new instances. Also indentation of help content\n"
        "typically is by a tab and two spaces. With these two adjusted\n\n"
        "Reviewed-by: Jan Beulich <jbeulich@suse.com>\n\nJan"
    )
    assert w.condition is not None and "---help---" in w.condition
    assert w.condition.endswith("With these two adjusted")
    assert w.scope is None and not w.series
    # the review points themselves stay comments
    assert not any("Support for" in line for line in around)


def test_a_condition_naming_its_content_and_the_series() -> None:
    # 154d8fd5-1c31-97b2-8d8e-d50c9ff7a51f@oracle.com (Boris Ostrovsky, on 1/2 for both)
    w, around = words(
        "That last sentence -- famous last words ;-) But yes, sure.\n\n\n"
        "Assuming both patches adjust their commit messages and the typo\n\n\n"
        "Reviewed-by: Boris Ostrovsky <boris.ostrovsky@oracle.com>\n"
    )
    assert w.condition == "Assuming both patches adjust their commit messages and the typo"
    assert w.series
    assert "Assuming both patches adjust their commit messages and the typo" in around
    assert not any("famous last words" in line for line in around)


def test_a_condition_after_the_tag_pointing_ahead() -> None:
    # ce4b0cb5-7a8c-6e04-d263-1c5cd0466269@suse.com: "Reviewed-by ... with one further request:"
    w, around = words(
        "Reviewed-by: Jan Beulich <jbeulich@suse.com>\nwith one further request:",
        "While making this accessible from the outside, could you please\n"
        'make "map" pointer-to-const?\n\nJan',
    )
    assert w.condition is not None and "pointer-to-const" in w.condition
    assert around == ["Reviewed-by: Jan Beulich <jbeulich@suse.com>", "with one further request:"]


def test_modulo_is_a_condition() -> None:
    # Michael Kelley on 'ACPI: irq: Introduce acpi_get_gsi_dispatcher()' v5 (March 2025)
    w, around = words(
        "Modulo adding the EXPORT_SYMBOL_GPL,\n\n"
        "Reviewed-by: Michael Kelley <mhklinux@outlook.com>\n"
    )
    assert w.condition is not None and "EXPORT_SYMBOL_GPL" in w.condition
    assert "Modulo adding the EXPORT_SYMBOL_GPL," in around  # the tag's words, no comment


def test_then_after_a_question() -> None:
    # 049a2acc-09a9-43b8-9937-960ce2b99fda@suse.com
    w, around = words(
        "... doesn't this code then also need to set CDF_hardware if it's unset\n"
        "in the function argument? Then:\nReviewed-by: Jan Beulich <jbeulich@suse.com>\n\nJan"
    )
    assert w.condition is not None and "set CDF_hardware if it's unset" in w.condition
    # the line holding the question is a comment, not words around the tag
    assert not any("function argument" in line for line in around)


def test_xen_area_suffix_and_the_aside_that_explains_it() -> None:
    # 2d4bed7a-352b-4090-a07a-fd617e2f932b@suse.com
    w, around = words(
        "Acked-by: Jan Beulich <jbeulich@suse.com> # x86\n\n"
        "(i.e. specifically _not_ the common code change)\n\n"
        "I also wonder what our (Misra related) position is towards leaving declarations\n"
        "around in cases like this one.\n\nJan"
    )
    assert w.scope is not None and w.scope.startswith("x86") and "common" in w.scope
    assert "(i.e. specifically _not_ the common code change)" in around
    assert not any("I also wonder" in line for line in around)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # SN6PR02MB4157BC3FE0722EC3736E75AFD4D32@...outlook.com (Michael Kelley, 2025-03-13)
        (
            "For the hid-hyperv.c changes,\nReviewed-by: Michael Kelley <mhklinux@outlook.com>\n",
            "the hid-hyperv.c changes",
        ),
        # edfe936b-1178-d2c7-8427-caa7253d516b@suse.com (Juergen Gross, 2020-09-09)
        (
            "Reviewed-by: Juergen Gross <jgross@suse.com> (Xen related part)\n\n\nJuergen",
            "Xen related part",
        ),
        ("For the x86 bits:\n\nAcked-by: A B <a@b.org>", "the x86 bits"),
        ("Acked-by: A B <a@b.org> # for the arm part", "the arm part"),
    ],
)
def test_scope(text: str, scope: str) -> None:
    w, _ = words(text)
    assert w.scope == scope and w.condition is None


@pytest.mark.parametrize(
    "text",
    [
        "With or without that:\nReviewed-by: A B <a@b.org>",
        "Otherwise looks good:\nReviewed-by: A B <a@b.org>",
        "With this patch applied, my VM boots again.\n\nTested-by: T U <t@x.org>",
        "If you respin, please fix the typo.\n\nReviewed-by: A B <a@b.org>",
        "For what it's worth:\nAcked-by: A B <a@b.org>",
        "Acked-by: A B <a@b.org> # v2",
        # CAJuCfpF6eS18HLgNvQtkLGd=7N0_L1JPmF0GzM-Z0QimRWT7AQ@mail.gmail.com: a remark left to the
        # author ("nit: I see both "Returns:" and "Return:" ...")
        "With one nit,\nReviewed-by: Suren Baghdasaryan <surenb@google.com>",
    ],
)
def test_no_condition_and_no_scope(text: str) -> None:
    w, _ = words(text)
    assert w.condition is None and w.scope is None


def test_a_request_before_the_tag_stays_a_comment() -> None:
    lines = ["If you respin, please fix the typo.", "", "Reviewed-by: A B <a@b.org>"]
    assert around_lines(lines) == {2}


@pytest.mark.parametrize(
    "text",
    [
        # b8771688-bd89-4a38-a03d-1ee1cb3d8799@suse.com: approval of the author's inline draft
        "Please retain my R-b with this added.\n\nJan",
        "Feel free to keep my ack.",
    ],
)
def test_talk_about_ones_own_tag_is_around_it(text: str) -> None:
    lines = text.split("\n")
    assert lines[0] in [lines[i] for i in around_lines(lines)]


def test_asides_next_to_a_tag_but_not_a_point_next_to_it() -> None:
    # 20201117100017.GB3121406@hirez.programming.kicks-ass.net: praise with the ack
    lines = ["Looks 'sane'", "", "Acked-by: Peter Zijlstra (Intel) <peterz@infradead.org>"]
    assert around_lines(lines) == {0, 2}
    lines = [
        "This still leaks the buffer on the error path, but fine.",
        "",
        "Acked-by: A B <a@b.org>",
    ]
    assert around_lines(lines) == {2}


@pytest.mark.parametrize(
    "text",
    [
        # linux-hyperv <20190904142737.GA28184@e121166-lin.cambridge.arm.com> (Lorenzo Pieralisi)
        "If it helps:\n\nAcked-by: Lorenzo Pieralisi <lorenzo.pieralisi@arm.com>",
        # linux-hyperv <20220407131241.2mu2nqih3i46n4jz@liuwe-devbox-debian-v2> (Wei Liu)
        "FWIW this is a trivial change. If this is needed:\n\n"
        "Acked-by: Wei Liu <wei.liu@kernel.org>",
        # virtualization <CAG48ez0wfLkTqdBtDBV4b1uUQMGeeAr09GPPi9WT++Fn8ph4rA@mail.gmail.com>
        "If you want, you can add:\n\nTested-by: Jann Horn <jannh@google.com>",
        # virtualization <Yqi9BTTnlbcUsD5c@FVFF77S0Q05N> (Mark Rutland, after the author's answer)
        "Ah, duh. Given that:\n\nAcked-by: Mark Rutland <mark.rutland@arm.com>",
        # virtualization <fdef13b9-74e4-e578-482e-b9632c9f582c@oracle.com> (Si-Wei Liu)
        "Anyway, the above could be good enhancement with future patches. Given that,\n\n"
        "Reviewed-by: Si-Wei Liu <si-wei.liu@oracle.com>",
    ],
)
def test_an_offer_or_a_premise_is_no_condition(text: str) -> None:
    w, _ = words(text)
    assert w.condition is None and w.scope is None


def test_an_offer_on_a_line_of_its_own_is_words_around_the_tag() -> None:
    # linux-hyperv <20190904142737.GA28184@e121166-lin.cambridge.arm.com>: never a comment
    _, around = words("If it helps:\n\nAcked-by: Lorenzo Pieralisi <lorenzo.pieralisi@arm.com>")
    assert "If it helps:" in around


@pytest.mark.parametrize(
    "text",
    [
        "Given that is fixed:\n\nReviewed-by: A B <a@b.org>",
        "If that is fixed:\nReviewed-by: A B <a@b.org>",
    ],
)
def test_a_premise_asking_for_a_fix_is_still_a_condition(text: str) -> None:
    w, _ = words(text)
    assert w.condition is not None and w.condition.endswith("fixed")


def test_a_condition_lead_in_that_also_limits_the_tag() -> None:
    # virtualization <20200122084756.GQ43062@phenom.ffwll.local> (Daniel Vetter, v3 2/4 of
    # 'Use no_vblank property for drivers without VBLANK')
    w, around = words(
        "Just to clarify that this isn't done for everyone by default, but a helper\n"
        "thing.\n\n\n"
        "With the kerneldoc fixed, for the core parts of this patch (driver changes\n"
        "all split out):\n\n"
        "Reviewed-by: Daniel Vetter <daniel.vetter@ffwll.ch>"
    )
    assert w.condition == "With the kerneldoc fixed"
    assert w.scope == "the core parts of this patch (driver changes all split out)"
    assert "all split out):" in around and not any("Just to clarify" in line for line in around)
