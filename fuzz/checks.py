"""What each fuzz target checks, as plain functions (no atheris): the harnesses run them
under coverage-guided fuzzing, tests/security/test_fuzz_regressions.py runs them on every
input that once crashed (fixtures/fuzz/TARGET/)."""

from __future__ import annotations

import io

from patchlint.analysis.revisions.interdiff import file_changes, file_interdiff
from patchlint.c.fragments import file_views
from patchlint.engine.registry import default_registry
from patchlint.engine.runner import lint_patch
from patchlint.ingest.mbox import looks_like_mbox, split_mbox
from patchlint.ingest.parse import parse_message
from patchlint.model.diff import summarize_diff
from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message
from patchlint.model.patch import build_patch, diff_files
from patchlint.model.subject import parse_subject
from patchlint.model.trailers import find_reply_trailers, split_trailer_block


def check_mail(data: bytes) -> None:
    """Split, decode and group: nothing raises, every message read is accounted for."""
    raws = (
        [raw for _, raw in split_mbox(io.BytesIO(data))]
        if looks_like_mbox(data[:65536])
        else [data]
    )
    messages: list[Message] = []
    for raw in raws:
        msg = parse_message(raw, "fuzz")
        assert isinstance(msg.body, str) and isinstance(msg.subject, str)
        split_trailer_block(msg.body)
        find_reply_trailers(msg.body)
        messages.append(msg)
    diagnostics: list[Diagnostic] = []
    grouping = group_messages(messages, diagnostics)
    skipped = sum(1 for d in diagnostics if "skipped" in d.problem)
    assert grouping.messages + skipped == len(messages), (grouping.messages, skipped, len(messages))


def check_diff(data: bytes) -> None:
    """Parse two diffs (the input split at a NUL byte, else twice the same) and compare."""
    text = data.decode("utf-8", "surrogateescape")
    old, _, new = text.partition("\0")
    new = new or old
    for diff in (old, new):
        summary = summarize_diff(diff)
        assert summary.error is None or isinstance(summary.error, str)
        diff_files(diff)
    a, b = file_changes(old), file_changes(new)
    if a is not None and b is not None:
        for path in sorted(set(a) | set(b)):
            file_interdiff(a.get(path), b.get(path), None)


SUBJECT = parse_subject("[PATCH] fuzz: one hunk")


def as_diff(text: str) -> str:
    """`text` as one hunk of drivers/fuzz.c with line counts that match its lines: an
    optional `@@ ... @@ section` first line, then hunk lines (unprefixed ones added)."""
    lines = text.split("\n")
    section = ""
    if lines and lines[0].startswith("@@"):
        head = lines.pop(0)
        section = head.split("@@", 2)[2].strip() if head.count("@@") >= 2 else ""
    body = [ln if ln[:1] in (" ", "+", "-") else "+" + ln for ln in lines]
    old = sum(1 for ln in body if ln[0] in " -")
    new = sum(1 for ln in body if ln[0] in " +")
    start = 40 if section else 1
    return (
        f"diff --git a/drivers/fuzz.c b/drivers/fuzz.c\n--- a/drivers/fuzz.c\n"
        f"+++ b/drivers/fuzz.c\n@@ -{start},{old} +{start},{new} @@ {section}\n"
        + "\n".join(body)
        + "\n"
    )


def check_cfrag(data: bytes) -> None:
    """Build the C fragments of one hunk and run every rule on it (a rule that raises is a
    crash: in a review it would be a check silently lost)."""
    diff = as_diff(data.decode("utf-8", "replace").replace("\r", ""))
    for view in file_views(diff):
        for frag in view.fragments():
            root = frag.tree.root_node
            assert len(frag.rows) == frag.source.count(b"\n"), (len(frag.rows), frag.source)
            assert frag.line_of(root) is None or frag.line_of(root) >= 1
    msg = Message(
        key="fuzz@x",
        message_id="fuzz@x",
        subject="[PATCH] fuzz: one hunk",
        author=Address("Fuzz", "fuzz@example.org"),
        date=None,
        in_reply_to=None,
        references=(),
        body="fuzz: one hunk\n\nSigned-off-by: Fuzz <fuzz@example.org>\n---\n" + diff,
    )
    lint_patch(build_patch(msg, SUBJECT), default_registry().rules)


CHECKS = {"mail": check_mail, "diff": check_diff, "cfrag": check_cfrag}


def check_email(data: bytes) -> None:
    """Hostile header values through the reply composer and header builders."""
    from fuzz.email_check import check_email as check

    check(data)


CHECKS["email"] = check_email
