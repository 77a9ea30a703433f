"""What grouping reads of a mail is read once per run (`model.readings`): a unit grouped
again (joined to another by a quote) takes the readings of its first grouping, and groups
exactly as it did without them."""

from __future__ import annotations

import pytest

from patchlint.model import grouping as grouping_module
from patchlint.model.grouping import group_unit, reset_keys
from patchlint.model.message import Message
from patchlint.model.readings import MailReadings
from tests.model.test_revision_links import CODE, diff, patch, quoting


def test_a_reading_is_made_once_per_mail_and_arguments():
    made: list[tuple[str, int]] = []

    def read(msg: Message, n: int = 0) -> tuple[str, int]:
        made.append((msg.message_id or "", n))
        return (msg.message_id or "", n)

    a = patch("a-1", "[PATCH] drv: add the helpers", CODE)
    twin = patch("a-1", "[PATCH] drv: add the helpers", CODE)  # equal text, another mail
    readings = MailReadings()
    first = readings.of(a, read)
    assert readings.of(a, read) is first
    assert readings.of(a, read, 1) == ("a-1", 1)
    assert readings.of(twin, read) == first
    assert made == [("a-1", 0), ("a-1", 1), ("a-1", 0)]  # by the mail, never by its text


def test_diff_prints_are_taken_once_per_text():
    readings = MailReadings()
    text = diff("drv/x.c", CODE)
    first = readings.diff_print((text,))
    assert first.files == {"drv/x.c"}
    assert readings.diff_print((text,)) is first
    assert readings.diff_print((text, text)) is not first


def test_a_unit_grouped_again_reads_no_mail_again_and_groups_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ann = "Ann Author <ann@example.org>"
    mails = [
        patch("v1-1", "[PATCH] drv: add the helpers", CODE, day=5),
        quoting("r-1", "Re: [RFC] how about this?", diff("drv/x.c", CODE), to=ann, day=1),
    ]
    fresh = repr(group_unit(mails).grouping)
    classified: list[str] = []
    classify = grouping_module.classify

    def counted(msg: Message, has_parent: bool) -> grouping_module.Classified:
        classified.append(msg.message_id or "")
        return classify(msg, has_parent)

    monkeypatch.setattr(grouping_module, "classify", counted)
    readings = MailReadings()
    reset_keys(mails)
    first = repr(group_unit(mails, readings=readings).grouping)
    assert sorted(classified) == ["r-1", "v1-1"]
    reset_keys(mails)
    again = repr(group_unit(mails, readings=readings).grouping)
    assert sorted(classified) == ["r-1", "v1-1"]  # not read again
    assert first == again == fresh
    assert "attached_by='quote'" in again
