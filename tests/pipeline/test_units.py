"""Grouping unit by unit (`pipeline.units`, `model.units`) gives exactly one grouping of
everything: the same series, pull requests, notes in the same order, and sources."""

from __future__ import annotations

from contextlib import chdir

from patchlint.ingest import read_messages
from patchlint.limits import DEFAULT_LIMITS
from patchlint.model.grouping import group_messages, reset_keys
from patchlint.model.message import Diagnostic, Message
from patchlint.model.units import KeptSeries, UnitGrouping, UnitSummary, cross_thread_keys
from patchlint.pipeline.units import find_units, group_by_units, group_partial
from patchlint.pipeline.unitstore import UnitStore, digest
from patchlint.report.model import report_stats
from tests.conftest import CORPUS, require
from tests.model.test_revision_links import CODE, diff, patch, quoting
from tests.pipeline.conftest import SLICE


def _both(
    messages: list[Message],
) -> tuple[tuple[str, list[Diagnostic]], tuple[str, list[Diagnostic]]]:
    """(repr of the grouping, notes) as one grouping and unit by unit."""
    whole: list[Diagnostic] = []
    one = repr(group_messages(messages, whole))
    reset_keys(messages)
    apart: list[Diagnostic] = []
    grouping, _ = group_by_units(messages, apart)
    return (one, whole), (repr(grouping), apart)


def _units(messages: list[Message]) -> int:
    return len(find_units([cross_thread_keys(m) for m in messages]).sets())


def test_the_slice_unit_by_unit_is_the_slice_grouped_at_once():
    require(CORPUS / SLICE)
    with chdir(CORPUS):
        read: list[Diagnostic] = []
        messages = read_messages([SLICE], read)
    assert _units(messages) > 50  # not one unit: the merge is what is tested
    (one, notes), (apart, apart_notes) = _both(messages)
    assert apart == one
    assert apart_notes == notes
    assert any("not in the input" in n.problem for n in notes)  # notes of every phase


def test_messages_in_any_order_of_units_merge_in_input_order():
    """Two units interleaved in the input: the merge puts notes and series back in place."""
    bo = "Bo <bo@example.org>"
    mails = [
        patch("a-1", "[PATCH 1/2] drv: add the helpers", CODE, day=1),
        patch("b-1", "[PATCH] net: other work", CODE[:3], author=bo),
        patch("a-3", "[PATCH 3/2] drv: past the total", CODE[4:], day=2, parent="a-1"),
        patch("b-1", "[PATCH] net: more work", CODE[3:6], author=bo),  # the id used twice
        patch("b-4", "[PATCH] net: third", CODE[6:], day=1, author=bo, parent="gone@x"),
    ]
    assert _units(mails) == 2
    (one, notes), (apart, apart_notes) = _both(mails)
    assert (apart, apart_notes) == (one, notes)
    assert len(notes) >= 4  # an id used twice, a parent missing, past the total, incomplete


def test_a_reply_quoting_a_patch_of_another_unit_is_grouped_with_it():
    """A reply whose parent is missing is placed by the code it quotes, among every patch
    of the input: its unit and the patch's are joined (blob ids; a title and its lines)."""
    v1 = patch("v1-1", "[PATCH] drv: add the helpers", CODE, day=5)
    ann = "Ann Author <ann@example.org>"
    draft = quoting("r-1", "Re: [RFC] how about this?", diff("drv/x.c", CODE), to=ann, day=1)
    assert _units([v1, draft]) == 2
    (one, _), (apart, _) = _both([v1, draft])
    assert apart == one and "attached_by='quote'" in apart
    v2 = patch("v2-1", "[PATCH v2] drv: add the helpers", CODE, day=5)
    lines = "".join(f"+{line}\n" for line in CODE[:6])
    quote = f"diff --git a/drv/x.c b/drv/x.c\n--- a/drv/x.c\n+++ b/drv/x.c\n@@ -1 +1,7 @@\n{lines}"
    reply = quoting("r-2", "Re: [PATCH] drv: add the helpers", quote, to="", day=1)
    (one, _), (apart, _) = _both([reply, v2])
    assert apart == one and "attached_by='quote'" in apart


def test_a_name_written_last_first_links_its_postings():
    """`same_person` matches `Author, Ann` with `Ann Author` by the name's parts."""
    a = patch("x-1", "[PATCH] drv: add the helpers", CODE, author="Author, Ann <a1@one.example>")
    b = patch(
        "x-2", "[PATCH v2] drv: add the helpers", CODE, day=3, author="Ann Author <a2@two.example>"
    )
    assert _units([a, b]) == 1
    c = patch(
        "x-3", "[PATCH v2] drv: add the helpers", CODE, day=3, author="Bo Other <bo@example.org>"
    )
    assert _units([a, c]) == 2


class _EveryOther:
    """A state's units as a run over grown mail sees them: the summary of every other unit
    kept (the rest, say, reached by new mail), the mail of the others asked for."""

    def __init__(self, store: UnitStore) -> None:
        self.store = store
        self.asked = 0

    def summary(self, ids: list[str]) -> UnitSummary | None:
        self.asked += 1
        return self.store.summary(ids) if self.asked % 2 else None

    def keep(self, ids: list[str], unit: UnitGrouping) -> None:
        self.store.keep(ids, unit)


def test_units_summarized_merge_with_units_grouped_into_the_whole_grouping(tmp_path):
    """`group_partial`: half the slice's units taken as their kept summaries, their mail
    never asked for, the others grouped; the same series in the same order, the same
    counts, pull requests, notes and sources as grouping everything."""
    require(CORPUS / SLICE)
    with chdir(CORPUS):
        messages = read_messages([SLICE], [])
    ids = [str(i) for i in range(len(messages))]
    store = UnitStore(tmp_path, summaries=True)
    store.use_messages(ids, messages, DEFAULT_LIMITS)
    whole_notes: list[Diagnostic] = []
    whole, whole_sources = group_by_units(messages, whole_notes, ids=ids, cache=store)
    asked: set[int] = set()

    def mail(members: list[int]) -> list[Message]:
        asked.update(members)
        return [messages[i] for i in members]

    keys = [cross_thread_keys(m) for m in messages]
    cache = _EveryOther(store)
    notes: list[Diagnostic] = []
    part, sources = group_partial(mail, keys, ids, notes, cache, lambda _: True)
    kept = [s for s in part.slots if isinstance(s, KeptSeries)]
    assert 0 < len(kept) < len(part.slots) and part.series  # both kinds merged
    assert 0 < len(asked) < len(messages)  # the mail of the units summarized never asked for
    assert [s.key if isinstance(s, KeptSeries) else repr(s) for s in part.slots] == [
        digest(repr(s)) if isinstance(slot, KeptSeries) else repr(s)
        for s, slot in zip(whole.series, part.slots, strict=True)
    ]
    assert report_stats(part) == report_stats(whole)
    assert repr(part.pull_requests) == repr(whole.pull_requests)
    assert (part.messages, part.unattached, part.classes) == (
        whole.messages,
        whole.unattached,
        whole.classes,
    )
    assert notes == whole_notes and sources == whole_sources
