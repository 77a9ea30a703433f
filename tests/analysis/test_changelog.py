"""The author's changelog against the interdiff: missing-changelog, undocumented-change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message
from tests.analysis.judging import judge_series
from tests.conftest import FIXTURES

T0 = datetime(2024, 1, 1, tzinfo=UTC)
CODE = ["static int setup(struct dev *d)", "{", "\tint ret;", "", "\tret = init_hw(d);",
        "\treturn ret;", "}", "", "static void teardown(struct dev *d)", "{", "\tstop_hw(d);",
        "}"]


def diff_with(replace: dict[int, str]) -> str:
    """A diff of drv.c changing the CODE lines given (0-based) into new text."""
    lines = [" " + x for x in CODE]
    out = []
    for i, text in enumerate(lines):
        if i in replace:
            out += ["-" + CODE[i], "+" + replace[i]]
        else:
            out.append(text)
    added = sum(1 for x in out if x[0] in " +")
    return (f"diff --git a/drv.c b/drv.c\n--- a/drv.c\n+++ b/drv.c\n"
            f"@@ -1,{len(CODE)} +1,{added} @@\n" + "\n".join(out) + "\n")


def mail(mid: str, version: int, diff: str, notes: str = "", minutes: int = 0,
         resend: bool = False) -> Message:
    tag = "PATCH" + (f" v{version}" if version > 1 else "") + (" RESEND" if resend else "")
    body = f"Do it.\n\nSigned-off-by: A <a@x>\n---\n{notes}\n\n{diff}"
    return Message(key=mid, message_id=mid, subject=f"[{tag}] drv: fix setup",
                   author=Address("A", "a@x"), date=T0 + timedelta(days=minutes),
                   in_reply_to=None, references=(), body=body)


def findings(*messages: Message):
    diags: list[Diagnostic] = []
    (series,) = group_messages(list(messages), diags).series
    return [(f.rule, f.revision, f.details.get("undocumented"))
            for f in judge_series(series, "revisions").findings]


V1 = mail("v1", 1, diff_with({4: "\tret = init_hw(d, 0);"}))


def test_v2_without_notes_is_missing_changelog():
    v2 = mail("v2", 2, diff_with({4: "\tret = init_hw(d, 1);"}), minutes=1)
    assert findings(V1, v2) == [("missing-changelog", 2, None)]


@pytest.mark.parametrize("notes", [
    "v2: pass 1 to init_hw() in setup()",
    "Changes since v1:\n - setup: call init_hw with flag 1",
    "Changes in v2:\n- use the setup() flag",
])
def test_notes_naming_the_function_or_its_identifiers_document_the_change(notes: str):
    v2 = mail("v2", 2, diff_with({4: "\tret = init_hw(d, 1);"}), notes, minutes=1)
    assert findings(V1, v2) == []


def test_change_the_notes_never_mention_is_named():
    v2 = mail("v2", 2, diff_with({4: "\tret = init_hw(d, 0);", 10: "\tstop_hw(d, 1);"}),
              "v2: reword the commit message", minutes=1)
    assert findings(V1, v2) == [("undocumented-change", 2, ["teardown"])]


def test_resend_and_first_versions_need_no_changelog():
    again = mail("v1r", 1, V1.body.split("---\n", 1)[1], minutes=1, resend=True)
    assert findings(V1, again) == []
    assert findings(V1) == []


@pytest.mark.parametrize("name", ["000-xen-netback-hw-features.mbox",
                                  "002-libxl-deregister-evtchn-fd.mbox"])
def test_seed_changelogs_match_their_interdiffs(name: str):
    diags: list[Diagnostic] = []
    grouping = group_messages(read_messages([str(FIXTURES / "threads" / name)], diags), diags)
    (series,) = grouping.series
    assert series.revisions[-1].changelog
    assert judge_series(series, "revisions").findings == []
