"""The author's changelog against the interdiff: missing-changelog, undocumented-change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from patchlint.analysis.revisions.changelog import _adders, _lines_by_kind
from patchlint.analysis.revisions.compare import series_interdiffs
from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message
from patchlint.model.patch import Patch
from tests.analysis.judging import judge_series
from tests.conftest import FIXTURES, newest_third_and_seeds

T0 = datetime(2024, 1, 1, tzinfo=UTC)
CODE = [
    "static int setup(struct dev *d)",
    "{",
    "\tint ret;",
    "",
    "\tret = init_hw(d);",
    "\treturn ret;",
    "}",
    "",
    "static void teardown(struct dev *d)",
    "{",
    "\tstop_hw(d);",
    "}",
]


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
    return (
        f"diff --git a/drv.c b/drv.c\n--- a/drv.c\n+++ b/drv.c\n"
        f"@@ -1,{len(CODE)} +1,{added} @@\n" + "\n".join(out) + "\n"
    )


def mail(
    mid: str,
    version: int,
    diff: str,
    notes: str = "",
    minutes: int = 0,
    resend: bool = False,
    n: str = "",
    title: str = "drv: fix setup",
    reply_to: str | None = None,
) -> Message:
    tag = "PATCH" + (f" v{version}" if version > 1 else "") + (" RESEND" if resend else "")
    tag += f" {n}" if n else ""
    body = f"Do it.\n\nSigned-off-by: A <a@x>\n---\n{notes}\n\n{diff}"
    return Message(
        key=mid,
        message_id=mid,
        subject=f"[{tag}] {title}",
        author=Address("A", "a@x"),
        date=T0 + timedelta(days=minutes),
        in_reply_to=reply_to,
        references=(reply_to,) if reply_to else (),
        body=body,
    )


def findings(*messages: Message):
    diags: list[Diagnostic] = []
    (series,) = group_messages(list(messages), diags).series
    return [
        (f.rule, f.revision, f.details.get("undocumented"))
        for f in judge_series(series, "revisions").findings
    ]


V1 = mail("v1", 1, diff_with({4: "\tret = init_hw(d, 0);"}))


def test_v2_without_notes_is_missing_changelog():
    v2 = mail("v2", 2, diff_with({4: "\tret = init_hw(d, 1);"}), minutes=1)
    assert findings(V1, v2) == [("missing-changelog", 2, None)]


@pytest.mark.parametrize(
    "notes",
    [
        "v2: pass 1 to init_hw() in setup()",
        "Changes since v1:\n - setup: call init_hw with flag 1",
        "Changes in v2:\n- use the setup() flag",
    ],
)
def test_notes_naming_the_function_or_its_identifiers_document_the_change(notes: str):
    v2 = mail("v2", 2, diff_with({4: "\tret = init_hw(d, 1);"}), notes, minutes=1)
    assert findings(V1, v2) == []


def test_change_the_notes_never_mention_is_named():
    v2 = mail(
        "v2",
        2,
        diff_with({4: "\tret = init_hw(d, 0);", 10: "\tstop_hw(d, 1);"}),
        "v2: reword the commit message",
        minutes=1,
    )
    assert findings(V1, v2) == [("undocumented-change", 2, ["teardown"])]


def test_resend_and_first_versions_need_no_changelog():
    again = mail("v1r", 1, V1.body.split("---\n", 1)[1], minutes=1, resend=True)
    assert findings(V1, again) == []
    assert findings(V1) == []


@pytest.mark.parametrize(
    "name", ["000-xen-netback-hw-features.mbox", "002-libxl-deregister-evtchn-fd.mbox"]
)
def test_seed_changelogs_match_their_interdiffs(name: str):
    diags: list[Diagnostic] = []
    grouping = group_messages(read_messages([str(FIXTURES / "threads" / name)], diags), diags)
    (series,) = grouping.series
    assert series.revisions[-1].changelog
    assert judge_series(series, "revisions").findings == []


# -- RV001 judges a revision only where the input holds its changelog's places ------------


def other_diff(name: str, new: str) -> str:
    return (
        f"diff --git a/{name} b/{name}\n--- a/{name}\n+++ b/{name}\n"
        f"@@ -1,3 +1,3 @@\n ctx1\n-old\n+{new}\n ctx2\n"
    )


def test_lone_patch_of_a_series_whose_cover_is_elsewhere_is_not_judged():
    """`check` or the hook given patch 2/3 of a v2, or a list that got only that patch:
    the changelog may be in the cover letter, so nothing is said."""
    p2 = mail(
        "v2-2",
        2,
        other_diff("b.c", "new"),
        n="2/3",
        title="drv: part two",
        reply_to="v2-cover@elsewhere",
    )
    assert findings(p2) == []
    alone = mail("v2-2b", 2, other_diff("b.c", "new"), n="2/3", title="drv: part two")
    assert findings(alone) == []  # 1 and 3 are not here either


def test_single_patch_revision_carries_its_own_notes():
    """A single-patch v2 is its whole revision: no notes below `---` is a missing changelog,
    with or without v1 in the input (a reviewer asks "what changed in V2?" either way)."""
    v2 = mail("v2", 2, diff_with({4: "\tret = init_hw(d, 1);"}))
    assert findings(v2) == [("missing-changelog", 2, None)]


def test_series_sent_without_cover_letter_is_judged_from_every_patch():
    p1 = mail("s1", 2, other_diff("a.c", "one"), n="1/2", title="drv: part one")
    p2 = mail("s2", 2, other_diff("b.c", "two"), n="2/2", title="drv: part two", reply_to="s1")
    assert findings(p1, p2) == [("missing-changelog", 2, None)]
    p2_notes = mail(
        "s2",
        2,
        other_diff("b.c", "two"),
        "v2: rename old to two",
        n="2/2",
        title="drv: part two",
        reply_to="s1",
    )
    assert findings(p1, p2_notes) == []


# -- RV002: mentioned in words, and what is no change ---------------------------------------

LOCKED = [
    "static void put(struct dev *d)",
    "{",
    "\tspin_lock(&d->lock);",
    "\td->count--;",
    "\tspin_unlock(&d->lock);",
    "\tkfree(d->buf);",
    "}",
]


def locked(lines: list[str]) -> str:
    body = "\n".join("+" + x for x in lines)
    return (
        f"diff --git a/put.c b/put.c\n--- a/put.c\n+++ b/put.c\n"
        f"@@ -0,0 +1,{len(lines)} @@\n{body}\n"
    )


LOCK_LATER = [
    "static void put(struct dev *d)",
    "{",
    "\tkfree(d->buf);",
    "\tspin_lock(&d->lock);",
    "\td->count--;",
    "\tspin_unlock(&d->lock);",
    "}",
]


@pytest.mark.parametrize(
    "notes",
    [
        "v2: take the lock later",  # linux-hyperv reviewers' words: a kind of change, in words
        "v2: free it first",  # `kfree`'s words are k and free
        "Changes in v2:\n- Reordered put() as Michael suggested",
    ],
)
def test_changes_described_in_words_are_mentioned(notes: str):
    v1 = mail("v1", 1, locked(LOCKED))
    v2 = mail("v2", 2, locked(LOCK_LATER), notes, minutes=1)
    assert findings(v1, v2) == []


def test_unrelated_words_leave_the_change_undocumented():
    v1 = mail("v1", 1, locked(LOCKED))
    v2 = mail("v2", 2, locked(LOCK_LATER), "v2: reword the commit message", minutes=1)
    assert findings(v1, v2) == [("undocumented-change", 2, ["put"])]


def test_brace_shorthand_names_each_identifier():
    old = ["#define KVM_REQ_VMX_A 1", "#define KVM_OPT_VMX_B 2"]
    new = ["#define KVM_REQUIRED_VMX_A 1", "#define KVM_OPTIONAL_VMX_B 2"]
    v1 = mail("v1", 1, locked(old))
    v2 = mail("v2", 2, locked(new), "v2: KVM_{REQUIRED,OPTIONAL}_VMX_* names", minutes=1)
    assert findings(v1, v2) == []


def test_file_roles_and_values_are_mentions():
    test_file = "tools/testing/selftests/drv/run.sh"
    v1 = mail("v1", 1, other_diff(test_file, "sleep 1"))
    v2 = mail("v2", 2, other_diff(test_file, "wait_for 1"), "v2: fix the test harness", minutes=1)
    assert findings(v1, v2) == []
    v1 = mail("v1", 1, other_diff("t.c", "timeout = 1000;"))
    v2 = mail("v2", 2, other_diff("t.c", "timeout = 10000;"), "v2: wait 10000 ms", minutes=1)
    assert findings(v1, v2) == []


def test_layout_comments_and_moved_code_are_no_change():
    v1 = mail("v1", 1, locked([*LOCKED, "/* the end */"]))
    v2 = mail(
        "v2",
        2,
        locked([x.replace("\t", "        ") for x in LOCKED] + ["/* the very end */"]),
        "v2: reword the commit message",
        minutes=1,
    )
    assert findings(v1, v2) == []


def with_body(message: Message, old: str, new: str) -> Message:
    """`message` with part of its body rewritten (a trailer added, the description changed)."""
    assert old in message.body
    return Message(
        key=message.key,
        message_id=message.message_id,
        subject=message.subject,
        author=message.author,
        date=message.date,
        in_reply_to=message.in_reply_to,
        references=message.references,
        body=message.body.replace(old, new),
    )


def test_a_repost_that_only_adds_trailers_needs_no_changelog():
    """v2 is v1 posted again with the acks v1 received (`b4 trailers -u`): its interdiff is
    empty, and a changelog would say nothing more than its new trailers do."""
    v1 = mail("t1", 1, diff_with({4: "\tret = init_hw(d, 0);"}))
    v2 = mail("t2", 2, diff_with({4: "\tret = init_hw(d, 0);"}), minutes=1)
    acked = "Signed-off-by: A <a@x>\nAcked-by: B <b@x>"
    assert findings(v1, with_body(v2, "Signed-off-by: A <a@x>", acked)) == []
    # the same posting again with nothing added, or with a new description: say what changed
    assert findings(v1, v2) == [("missing-changelog", 2, None)]
    reworded = with_body(v2, "Do it.\n\nSigned-off-by: A <a@x>", "Do it now.\n\n" + acked)
    assert findings(v1, reworded) == [("missing-changelog", 2, None)]


def _added_as_before(patch: Patch | None) -> list[str]:
    """The lines (squashed) a patch adds, as `_adders` read them before perf13 (a reading of
    the patch's diff of their own; now `_lines_by_kind`'s, read once per patch)."""
    if patch is None:
        return []
    return [
        "".join(line[1:].split())
        for line in patch.diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]


def test_each_patch_is_read_once_for_the_changelog_as_before():
    """Who adds each line of a step and each patch's lines by kind, from one reading per
    patch, are what each step's own readings gave, on the seed threads and the newest third
    of the linux-hyperv slice."""
    grouping = group_messages(newest_third_and_seeds(), [])
    steps = lines = 0
    for series in grouping.series:
        read: dict[int, dict[str, set[str]]] = {}
        for interdiff in series_interdiffs(series):
            before: dict[str, set[int]] = {}
            for change in interdiff.patches:
                for patch in (change.old, change.new):
                    for line in _added_as_before(patch):
                        if line:
                            before.setdefault(line, set()).add(id(patch))
                    assert _lines_by_kind(patch, read) == _lines_by_kind(patch)
                    if patch is not None:
                        assert _lines_by_kind(patch, read) is read[id(patch)]
            assert _adders(interdiff, read) == before
            steps += 1
            lines += len(before)
    assert steps > 30 and lines > 4_000, (steps, lines)
