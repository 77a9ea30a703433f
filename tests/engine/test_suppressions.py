"""Suppressions (`patchlint-ignore:`) really silence: in the patch notes or the commit
message for the whole patch, on an added line for that line, by name, by code or `all`;
and nothing else is silenced."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from patchlint.engine.registry import default_registry
from patchlint.engine.runner import lint_patch
from patchlint.engine.suppress import suppressions
from patchlint.model.message import Address, Message
from patchlint.model.patch import build_patch
from patchlint.model.subject import parse_subject

RULE = default_registry().get("trailing-whitespace")
assert RULE is not None

DIFF = (
    "diff --git a/drivers/x.c b/drivers/x.c\n--- a/drivers/x.c\n+++ b/drivers/x.c\n"
    "@@ -1,2 +1,4 @@\n int a;\n+int b; \n+int c;{line_note} \n int d;\n"
)


def findings(message: str = "", notes: str = "", line_note: str = "") -> list[tuple[str, int]]:
    subject = parse_subject("[PATCH] x: add b and c")
    body = (
        f"Add b and c.\n{message}\nSigned-off-by: A <a@example.org>\n---\n{notes}\n"
        + DIFF.format(line_note=line_note)
    )
    msg = Message(
        key="k",
        message_id="m@x",
        subject=subject.raw,
        author=Address("A", "a@example.org"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        in_reply_to=None,
        references=(),
        body=body,
    )
    assert RULE is not None
    return [(f.file or "", f.line or 0) for f in lint_patch(build_patch(msg, subject), [RULE])]


BOTH = [("drivers/x.c", 2), ("drivers/x.c", 3)]


def test_without_a_suppression_both_lines_are_reported():
    assert findings() == BOTH


@pytest.mark.parametrize(
    "mark", ["trailing-whitespace", "ST004", "st004", "all", "debug-printk, trailing-whitespace"]
)
def test_a_suppression_in_the_notes_silences_the_patch(mark: str):
    assert findings(notes=f"patchlint-ignore: {mark}") == []


def test_a_suppression_in_the_commit_message_silences_the_patch():
    assert findings(message="\npatchlint-ignore: trailing-whitespace\n") == []


def test_a_suppression_on_a_line_silences_that_line_only():
    assert findings(line_note=" /* patchlint-ignore: ST004 */") == [("drivers/x.c", 2)]


def test_a_suppression_of_another_rule_silences_nothing():
    assert findings(notes="patchlint-ignore: debug-printk") == BOTH
    assert findings(line_note=" /* patchlint-ignore: XS002 */") == BOTH


def test_suppressions_read_names_codes_and_lines():
    s = suppressions(
        "patchlint-ignore: CS001, spelling",
        "",
        {"a.c": [(3, "x; // patchlint-ignore: all"), (4, "y;")]},
    )
    assert s.silenced("CS001", "ops-prototype-mismatch", None, None)
    assert s.silenced("SP001", "spelling", "a.c", 9)
    assert s.silenced("ST004", "trailing-whitespace", "a.c", 3)
    assert not s.silenced("ST004", "trailing-whitespace", "a.c", 4)
    assert not s.silenced("ST004", "trailing-whitespace", None, None)
