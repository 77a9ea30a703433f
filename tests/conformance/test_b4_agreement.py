"""Trailer collection agrees with b4 on real threads: the comparison of bench/b4_agreement.py
on the first 500 mails of the linux-hyperv slice (docs/b4-agreement.md has the method, the
figures for the whole slice and every disagreement class with its verdict)."""

import pytest

from bench import b4_compare as agree
from tests.conftest import CORPUS, require

SAMPLE = CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz"
SAMPLE_MAILS = 500
# measured on the sample (160 of 222 before the fixes listed in docs/b4-agreement.md)
PATCHES = 222
IDENTICAL = 221
# classes left where b4 is wrong or the difference is deliberate (docs/b4-agreement.md)
ACCEPTED = agree.EXPLAINED


@pytest.fixture(scope="module")
def sample() -> agree.Agreement:
    return agree.measure([str(require(SAMPLE))], limit=SAMPLE_MAILS)


def test_agreement_with_b4_on_the_sample_does_not_drop(sample):
    assert len(sample.patches) == PATCHES
    assert sample.identical >= IDENTICAL, [
        (p.message_id, d.cls, d.side, d.text) for p in sample.patches for d in p.differences
    ]
    assert not sample.unmatched  # every patch in b4's series, b4 failed on no revision


def test_what_is_left_is_b4s_error_or_deliberate(sample):
    left = {d.cls for p in sample.patches for d in p.differences}
    assert left <= ACCEPTED, left - ACCEPTED


def test_b4_failing_on_a_revision_is_recorded_not_raised(monkeypatch):
    def refuse(raws, want=None):
        raise SystemExit(1)  # b4 exits on suspicious control characters in a patch

    monkeypatch.setattr(agree, "b4_collect", refuse)
    result = agree.measure([str(require(SAMPLE))], limit=40)
    grouping, _ = agree.load([str(SAMPLE)], limit=40)
    posted = sum(len(r.patches) for s in grouping.series for r in s.revisions)
    assert posted > 0
    assert result.patches == []
    [(cls, ids)] = result.unmatched.items()
    assert cls == f"{agree.B4_FAILED} (SystemExit)"
    assert sorted(ids) == sorted(
        p.message_id for s in grouping.series for r in s.revisions for p in r.sorted_patches
    )


def test_git_trailer_block_rule_used_to_tell_who_misread_a_block():
    assert agree.git_takes_block(["To: A <a@b.c>", "Cc: x@y.z", "Signed-off-by: S <s@b.c>"])
    assert agree.git_takes_block(["[dwmw2: fix]", "Signed-off-by: T <t@b.c>"])
    assert agree.git_takes_block(['Fixes: 123456789abc ("x")', "  wrapped", "Link: u"])
    assert not agree.git_takes_block(
        ["w: 1", "text", "more text", "Signed-off-by: S <s@b.c>"] + ["prose"] * 6
    )
    assert not agree.git_takes_block(["Note that", "Reviewed-by: R <r@b.c>"])
    assert not agree.git_takes_block(
        ["Signed-off-by: S <s@b.c>", "--", "Change since v1:", "   Move it.", "   Fix it."]
    )
