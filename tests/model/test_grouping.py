from datetime import UTC, datetime, timedelta

from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message

T0 = datetime(2024, 1, 1, tzinfo=UTC)
DIFF = "---\n f | 1 +\n\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"


def msg(mid, subject, body="text\n", *, parent=None, refs=(), author="A <a@x>", minutes=0):
    name, addr = author.split(" <")
    return Message(
        key=mid or "",
        message_id=mid,
        subject=subject,
        author=Address(name, addr.rstrip(">")),
        date=T0 + timedelta(minutes=minutes),
        in_reply_to=parent,
        references=tuple(refs) or ((parent,) if parent else ()),
        body=body,
    )


def group(*messages):
    diags: list[Diagnostic] = []
    return group_messages(list(messages), diags), diags


def test_missing_parent_and_missing_ids_are_diagnostics():
    g, diags = group(
        msg("p1", "[PATCH] x", "m\n\nSigned-off-by: A <a@x>\n" + DIFF, parent="gone"),
        msg(None, "Re: [PATCH] x", "ok\n", minutes=1),
    )
    problems = [d.problem for d in diags]
    assert "parent <gone> is not in the input" in problems
    assert "message has no Message-ID" in problems
    assert len(g.series) == 1


def test_duplicate_ids():
    a = msg("d", "[PATCH] x", "m\n" + DIFF)
    b = msg("d", "[PATCH] x", "m\n" + DIFF)
    c = msg("d", "[PATCH] other", "m\n" + DIFF, minutes=5)
    g, diags = group(a, b, c)
    problems = [d.problem for d in diags]
    assert any("skipped" in p for p in problems)
    assert any("different message" in p for p in problems)
    assert g.messages == 2


def test_reference_cycle_does_not_hang():
    a = msg("a", "Re: x", refs=("b",), parent="b")
    b = msg("b", "Re: x", refs=("a",), parent="a", minutes=1)
    _, diags = group(a, b)
    assert any("cycle" in d.problem for d in diags)


def test_v2_new_thread_same_title_links_series_and_infers_nothing():
    v1 = msg("v1", "[PATCH] net: thing", "m\n" + DIFF)
    v2 = msg("v2", "[PATCH v2] net: thing", "m\n---\nv2: fix\n" + DIFF[4:], minutes=60)
    g, _ = group(v1, v2)
    assert len(g.series) == 1
    revs = g.series[0].revisions
    assert [(r.version, r.version_inferred, r.state) for r in revs] == [
        (1, False, "superseded"),
        (2, False, "latest"),
    ]


def test_same_subject_resent_with_notes_is_inferred_v2():
    v1 = msg("v1", "[PATCH 5/6] libxl: x", "m\n" + DIFF)
    v2 = msg(
        "v2", "[PATCH 5/6] libxl: x", "m\n---\nv2: Do not bother\n" + DIFF[4:], minutes=60 * 24 * 10
    )
    g, diags = group(v1, v2)
    assert len(g.series) == 1
    assert [(r.version, r.version_inferred) for r in g.series[0].revisions] == [
        (1, False),
        (2, True),
    ]
    assert any("incomplete series" in d.problem for d in diags)


def test_other_authors_same_title_are_different_series():
    a = msg("a", "[PATCH] fix typo", "m\n" + DIFF)
    b = msg("b", "[PATCH] fix typo", "m\n" + DIFF, author="B <b@y>", minutes=5)
    g, _ = group(a, b)
    assert len(g.series) == 2


def test_cover_reply_trailer_and_scissors_proposal():
    cover = msg("c", "[PATCH 0/1] s", "cover\n")
    p1 = msg("p1", "[PATCH 1/1] x", "m\n" + DIFF, parent="c", minutes=1)
    ack = msg(
        "r1",
        "Re: [PATCH 0/1] s",
        "> cover\nAcked-by: R <r@example.com>\n",
        parent="c",
        author="R <r@example.com>",
        minutes=2,
    )
    prop = msg(
        "r2",
        "Re: [PATCH 1/1] x",
        "> -a\nHow about:\n8<-----\nSubject: [PATCH] y\n\nwhy\n" + DIFF,
        parent="p1",
        author="R <r@example.com>",
        minutes=3,
    )
    g, _ = group(cover, p1, ack, prop)
    rev = g.series[0].revisions[0]
    assert rev.cover is not None and rev.cover.key == "c"
    assert [t.name for r in rev.replies for t in r.trailers] == ["Acked-by"]
    assert len(rev.proposed) == 1
    reply, patch = rev.proposed[0]
    assert reply.message.key == "r2"
    assert patch.title == "y"
    assert patch.files == ("f",)


def test_mismatched_reply_trailer_is_not_collected():
    p1 = msg("p1", "[PATCH] x", "m\n" + DIFF)
    r = msg(
        "r",
        "Re: [PATCH] x",
        "Reviewed-by: Someone Else <else@example.com>\n",
        parent="p1",
        author="R <r@example.com>",
        minutes=1,
    )
    g, _ = group(p1, r)
    reply = g.series[0].revisions[0].replies[0]
    assert reply.trailers == []
    assert [t.value for t in reply.mismatched_trailers] == ["Someone Else <else@example.com>"]


def test_pull_request_is_not_a_patch():
    pr = msg(
        "pr",
        "[GIT PULL] fixes",
        "The following changes since commit 0123456789ab:\n\n  x\n\n"
        "are available in the Git repository at:\n\n  git://git.kernel.org/x.git tags/y\n",
    )
    g, _ = group(pr)
    assert g.series == []
    assert g.pull_requests[0].url == "git://git.kernel.org/x.git tags/y"
