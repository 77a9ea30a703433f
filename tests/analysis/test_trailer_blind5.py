"""The fifth blind set's trailer misses (fixtures/threads/README.md): a Reviewed-by sent in
the v1 thread "for v2" (`analysis.trailers.named_revision`), and "With the above adjusted:"
under two reword requests, met by the next posting's new commit message
(`analysis.trailers.conditions`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from patchlint.analysis.trailers.named_revision import named_later_revision
from patchlint.model.series import Reply, Revision, Series
from patchlint.pipeline import load
from tests.analysis.test_trailer_facts import THREADS, classes, lineage_of

CORE_MASK = "xen/2024-arm-cpu-core-mask-rb-on-commit.mbox"
MICHAL_LATE = "b1f31e7f-c817-427e-8657-d36f0e8f04a3@amd.com"


def _late_reply() -> tuple[Series, Revision, Reply]:
    grouping, _ = load([str(THREADS / CORE_MASK)])
    [series] = grouping.series
    for rev in series.revisions:
        for reply in rev.replies:
            if reply.message.message_id == MICHAL_LATE:
                return series, rev, reply
    raise AssertionError("the late Reviewed-by is not in the fixture")


def test_a_tag_sent_in_the_v1_thread_for_v2_is_v2s_and_v3_drops_it() -> None:
    lin = lineage_of(CORE_MASK)
    [given] = [e for e in lin.entries if e.origin == "reply" and e.message_id == MICHAL_LATE]
    assert (given.revision, given.patch) == (2, 1)  # "I clearly forgot to say in v2 ..."
    assert classes(lin, "michal.orzel")[3] == "dropped"


def test_the_tag_is_the_v1_threads_when_its_words_name_no_later_posting() -> None:
    series, rev, reply = _late_reply()
    assert rev.version == 1
    later = named_later_revision(reply, rev, series)
    assert later is not None and later.version == 2
    # the same words before v2 was posted: a posting to come, not the one it answers
    v2 = min(p.date for p in later.patches.values() if p.date is not None)
    early = replace(reply, message=replace(reply.message, date=v2 - timedelta(days=1)))
    assert named_later_revision(early, rev, series) is None
    # "v2" only in the author's quoted words ("I've followed Michal's suggestion in v2")
    body = reply.message.body.replace("forgot to say in v2", "forgot to say")
    quoted_only = replace(reply, message=replace(reply.message, body=body))
    assert "in v2" in body
    assert named_later_revision(quoted_only, rev, series) is None


def test_with_the_above_adjusted_is_met_by_the_reworded_message() -> None:
    lin = lineage_of("xen/2023-arm-pci-check-bar-rb-with-reword.mbox")
    [given] = [
        e
        for e in lin.entries
        if e.origin == "reply" and e.trailer.is_review and "roger.pau" in (e.person or "")
    ]
    assert given.condition is not None and given.revision == 2
    assert given.condition_status == "met"
    assert classes(lin, "roger.pau")[3] == "carried-condition-met"
