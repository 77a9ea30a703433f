"""Trailer lineage (analysis/trailers/, judged by the TR rules): every finding kind fires where it
must and stays quiet where it must not; the seed threads pin the real cases."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.discussion.outcome import classify_sentence
from patchlint.analysis.people import People
from patchlint.analysis.trailers.checks import misspelt_name
from patchlint.config import Flags, resolve_config
from patchlint.engine.registry import default_registry
from patchlint.ingest import read_messages
from patchlint.maintainers.file import parse_maintainers
from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message
from patchlint.model.series import Series
from tests.analysis.judging import Judged, judge_series
from tests.conftest import CORPUS, FIXTURES, require

T0 = datetime(2024, 1, 1, tzinfo=UTC)
AUTHOR = "Alice Author <alice@example.org>"
XAVIER = "Xavier Reviewer <xavier@reviewers.net>"


def diff(line: str = "int b;", path: str = "f.c") -> str:
    """`int a;` replaced by `line` (several lines when it holds newlines)."""
    added = line.split("\n")
    body = "".join(f"+{x}\n" for x in added)
    return (
        f"---\n {path} | {1 + len(added)} +-\n\ndiff --git a/{path} b/{path}\n--- a/{path}\n"
        f"+++ b/{path}\n@@ -1,3 +1,{2 + len(added)} @@\n int x;\n-int a;\n{body} int y;\n"
    )


def mail(
    mid: str,
    subject: str,
    body: str,
    *,
    parent: str | None = None,
    refs: tuple[str, ...] = (),
    author: str = AUTHOR,
    minutes: float = 0,
) -> Message:
    name, addr = author.split(" <")
    return Message(
        key=mid,
        message_id=mid,
        subject=subject,
        author=Address(name, addr.rstrip(">")),
        date=T0 + timedelta(minutes=minutes),
        in_reply_to=parent,
        references=refs or ((parent,) if parent else ()),
        body=body,
    )


def patch_body(trailers: str = "", line: str = "int b;", message: str = "Change a to b.") -> str:
    return f"{message}\n\nSigned-off-by: {AUTHOR}\n{trailers}" + diff(line)


def reply(
    mid: str,
    parent: str,
    text: str,
    *,
    author: str = XAVIER,
    minutes: float,
    subject: str = "Re: [PATCH] f: change a",
) -> Message:
    return mail(mid, subject, text, parent=parent, author=author, minutes=minutes)


def series_of(*messages: Message) -> Series:
    diags: list[Diagnostic] = []
    grouping = group_messages(list(messages), diags)
    assert len(grouping.series) == 1, [s.title for s in grouping.series]
    return grouping.series[0]


def lineage(*messages: Message) -> Judged:
    """The lineage of the thread, with the trailer rules' findings on it."""
    analysis = judge_series(series_of(*messages), "trailers")
    return Judged(analysis.lineage, analysis.findings)


# the pre-send hook's --thread: the author declares the thread the whole of the review
COMPLETE = resolve_config({"hook": {"thread": "v1.mbox"}}, None, Flags())


def complete(*messages: Message) -> Judged:
    """The lineage of a thread declared complete (TR001 judges only such a thread)."""
    analysis = judge_series(series_of(*messages), "trailers", config=COMPLETE)
    return Judged(analysis.lineage, analysis.findings)


def rules(lin: Judged) -> list[tuple[str, int | None, int | None, str]]:
    return [(f.rule, f.revision, f.patch, f.status) for f in lin.findings]


def v1(trailers: str = "", line: str = "int b;") -> Message:
    return mail("v1@x", "[PATCH] f: change a", patch_body(trailers, line))


def v2(trailers: str = "", line: str = "int b;", minutes: float = 600) -> Message:
    return mail("v2@x", "[PATCH v2] f: change a", patch_body(trailers, line), minutes=minutes)


ACK = f"Acked-by: {XAVIER}\n"
REVIEW = f"Reviewed-by: {XAVIER}\n"
# a new failure path under a lock: the substantial change of behaviour TR002 is about
REWRITE = "\n".join(
    (
        "mutex_lock(&dev->lock);",
        "ret = setup_queue(dev);",
        "if (ret) {",
        "mutex_unlock(&dev->lock);",
        "return ret;",
        "}",
        "start_queue(dev);",
        "mutex_unlock(&dev->lock);",
    )
)


# -- entries ------------------------------------------------------------------------------


def test_entries_cover_reply_is_one_entry_for_the_whole_revision():
    cover = mail("c@x", "[PATCH 0/2] f: two changes", "Two changes.\n")
    p1 = mail("p1@x", "[PATCH 1/2] f: one", patch_body(), parent="c@x", minutes=1)
    p2 = mail(
        "p2@x",
        "[PATCH 2/2] f: two",
        patch_body(line="int c;"),
        parent="c@x",
        refs=("c@x",),
        minutes=2,
    )
    on_cover = reply(
        "r1@x", "c@x", f"Looks good.\n\n{ACK}", minutes=30, subject="Re: [PATCH 0/2] f: two changes"
    )
    on_p2 = reply(
        "r2@x",
        "p2@x",
        "> +int c;\n\nReviewed-by: Yvonne Y <yv@example.net>\n",
        author="Yvonne Y <yv@example.net>",
        minutes=40,
        subject="Re: [PATCH 2/2] f: two",
    )
    lin = lineage(cover, p1, p2, on_cover, on_p2)
    got = [(e.name, e.origin, e.message_id, e.revision, e.patch) for e in lin.entries]
    assert got == [
        ("Acked-by", "reply", "r1@x", 1, None),
        ("Signed-off-by", "patch", "p1@x", 1, 1),
        ("Signed-off-by", "patch", "p2@x", 1, 2),
        ("Reviewed-by", "reply", "r2@x", 1, 2),
    ]
    assert [e.name for e in lin.for_patch(1, 1)] == ["Acked-by", "Signed-off-by"]
    assert [e.name for e in lin.for_patch(1, 2)] == ["Acked-by", "Signed-off-by", "Reviewed-by"]
    d = lin.entries[0].to_dict()
    assert d == {
        "name": "Acked-by",
        "canonical": "Acked-by",
        "person": XAVIER,
        "value": XAVIER,
        "origin": "reply",
        "message_id": "r1@x",
        "revision": 1,
        "patch": None,
        "date": (T0 + timedelta(minutes=30)).isoformat(),
        "review": True,
        "by_sender": True,
    }
    json.dumps(lin.to_dict())  # JSON-ready


def test_a_trailer_written_for_someone_else_is_an_entry_but_not_by_its_sender():
    lin = lineage(
        v1(), reply("r@x", "v1@x", "Jan said on IRC:\n\nAcked-by: Jan B <jan@b.org>\n", minutes=5)
    )
    reply_entries = [e for e in lin.entries if e.origin == "reply"]
    assert [(e.person, e.by_sender) for e in reply_entries] == [("Jan B <jan@b.org>", False)]


# -- TR001 unsubstantiated-trailer (a thread declared complete) ----------------------------


def test_tr006_a_tag_written_inside_a_sentence_was_given():
    # linux-hyperv 750f39e5-0947-4b55-b33c-613c8b376dfe@citrix.com: "Looking better. FWIW,
    # Reviewed-by: Andrew Cooper <...>" (b4 does not read it, but it was given)
    given = reply("r@x", "v1@x", f"Looking better. FWIW, Reviewed-by: {XAVIER}\n", minutes=60)
    lin = lineage(v1(), given, v2(f"Reviewed-by: {XAVIER}\n"))
    assert rules(lin) == []


def test_tr006_prose_about_a_tag_is_no_tag():
    prose = (
        "I'm also happy for this to be folded into the original with my\n"
        f'"Signed-off-/Acked-by {XAVIER}" if that is preferable.\n'
    )
    lin = lineage(v1(), reply("r@x", "v1@x", prose, minutes=60), v2(ACK))
    assert rules(lin) == [("contradicted-trailer", 2, 1, "open")]


def test_tr006_a_colleagues_tag_after_a_review_on_the_list_is_no_contradiction():
    # 1710930584-31180-5-git-send-email-ssengar@linux.microsoft.com: Long Li reviewed v2 on the
    # list and the re-posting carries his Reviewed-by: a review inside the company
    colleague = "Lee Colleague <lee@corp.example.org>"
    author = "Ann Author <ann@linux.corp.example.org>"
    v1_ = mail(
        "v1@x",
        "[PATCH] f: change a",
        f"Change a to b.\n\nSigned-off-by: {author}\n" + diff(),
        author=author,
    )
    review = reply("r@x", "v1@x", "> +int b;\n\nWhy b?\n", author=colleague, minutes=60)
    v2_ = mail(
        "v2@x",
        "[PATCH v2] f: change a",
        f"Change a to b.\n\nSigned-off-by: {author}\nReviewed-by: {colleague}\n" + diff(),
        author=author,
        minutes=600,
    )
    assert rules(lineage(v1_, review, v2_)) == []


def test_tr006_a_changelog_saying_the_tag_was_added_is_no_contradiction():
    review = reply("r@x", "v1@x", "> +int b;\n\nWhy b?\n", minutes=60)
    body = (
        f"Change a to b.\n\nSigned-off-by: {AUTHOR}\n{ACK}---\n"
        "v2: added Xavier's Acked-by\n\n" + diff().removeprefix("---\n")
    )
    v2_ = mail("v2@x", "[PATCH v2] f: change a", body, minutes=600)
    assert rules(lineage(v1(), review, v2_)) == []


def test_tr007_a_series_tag_dropped_when_another_patch_changed_is_a_proper_drop():
    c1 = mail("c1@x", "[PATCH 0/2] f: two", "Two.\n")
    a1 = mail("a1@x", "[PATCH 1/2] f: one", patch_body(), parent="c1@x", minutes=1)
    b1 = mail("b1@x", "[PATCH 2/2] f: two", patch_body(line="int c;"), parent="c1@x", minutes=1)
    tested = reply(
        "t@x", "c1@x", f"Tested-by: {XAVIER}\n", minutes=30, subject="Re: [PATCH 0/2] f: two"
    )
    c2 = mail("c2@x", "[PATCH v2 0/2] f: two", "Two, again.\n", minutes=300)
    a2 = mail("a2@x", "[PATCH v2 1/2] f: one", patch_body(), parent="c2@x", minutes=301)
    b2 = mail(
        "b2@x", "[PATCH v2 2/2] f: two", patch_body(line="int d;"), parent="c2@x", minutes=301
    )
    # the series was tested; patch 2 changed: the test no longer stands, for patch 1 either
    assert rules(lineage(c1, a1, b1, tested, c2, a2, b2)) == []


def test_tr001_is_off_unless_the_thread_is_declared_complete():
    # a review before posting is normal: on a list, no origin is no finding
    assert rules(lineage(v1(ACK))) == []
    assert [o.cls for o in lineage(v1(ACK)).origins] == ["no-on-list-origin"]


def test_tr001_fires_for_an_ack_nobody_gave_on_the_list():
    lin = complete(v1(ACK))
    assert rules(lin) == [("unsubstantiated-trailer", 1, 1, "open")]
    f = lin.findings[0]
    assert f.code == "TR001" and f.severity == "warning"
    assert f.message_id == "v1@x" and f.resolved_by is None
    assert f.details["person"] == XAVIER


def test_tr001_is_resolved_when_the_giver_acks_that_revision_later():
    lin = complete(v1(ACK), reply("r@x", "v1@x", f"Sure.\n\n{ACK}", minutes=90))
    assert rules(lin) == [("unsubstantiated-trailer", 1, 1, "resolved")]
    assert lin.findings[0].resolved_by == "r@x"


def test_tr001_silent_when_the_ack_was_given_on_the_previous_revision():
    lin = complete(v1(), reply("r@x", "v1@x", f"Fine.\n\n{ACK}", minutes=60), v2(ACK))
    assert rules(lin) == []


def test_tr001_prose_about_an_ack_is_no_origin():
    prose = (
        "I'm also happy for this to be folded in with my\n"
        '"Acked-by Xavier Reviewer <xavier@reviewers.net>" if that is preferable.\n'
    )
    lin = complete(v1(), reply("r@x", "v1@x", prose, minutes=60), v2(ACK))
    # and Xavier reviewed v1 without giving it: the list contradicts it (TR006)
    assert rules(lin) == [
        ("unsubstantiated-trailer", 2, 1, "open"),
        ("contradicted-trailer", 2, 1, "open"),
    ]


def test_tr001_an_ack_given_after_the_revision_was_posted_is_no_origin():
    lin = complete(
        v1(), v2(ACK, minutes=600), reply("r@x", "v1@x", f"Late, but\n\n{ACK}", minutes=700)
    )
    assert rules(lin) == [("unsubstantiated-trailer", 2, 1, "open")]


def test_tr001_a_different_trailer_from_the_same_person_is_no_origin():
    given = reply("r@x", "v1@x", f"Reviewed-by: {XAVIER}\n", minutes=60)
    lin = complete(v1(), given, v2(ACK))
    # the Reviewed-by he gave is not carried: dropped from an unchanged patch (TR007)
    assert rules(lin) == [
        ("unsubstantiated-trailer", 2, 1, "open"),
        ("contradicted-trailer", 2, 1, "open"),
        ("dropped-trailer", 2, 1, "open"),
    ]


def test_tr001_an_ack_on_the_cover_covers_every_counterpart_of_the_next_revision():
    c1 = mail("c1@x", "[PATCH 0/2] f: two", "Two.\n")
    a1 = mail("a1@x", "[PATCH 1/2] f: one", patch_body(), parent="c1@x", minutes=1)
    b1 = mail("b1@x", "[PATCH 2/2] f: two", patch_body(line="int c;"), parent="c1@x", minutes=1)
    ack = reply("r@x", "c1@x", ACK, minutes=30, subject="Re: [PATCH 0/2] f: two")
    c2 = mail("c2@x", "[PATCH v2 0/2] f: two", "Two, again.\n", minutes=300)
    a2 = mail("a2@x", "[PATCH v2 1/2] f: one", patch_body(ACK), parent="c2@x", minutes=301)
    b2 = mail(
        "b2@x", "[PATCH v2 2/2] f: two", patch_body(ACK, line="int c;"), parent="c2@x", minutes=301
    )
    assert rules(complete(c1, a1, b1, ack, c2, a2, b2)) == []


def test_tr001_the_giver_under_another_address_still_counts():
    # the reviewer writes from work; the trailer carries the personal address
    work = "Xavier Reviewer <xreviewer@corp.example>"
    given = reply(
        "r@x", "v1@x", "Acked-by: Xavier Reviewer <xavier@reviewers.net>\n", author=work, minutes=60
    )
    assert rules(complete(v1(), given, v2(ACK))) == []


def test_tr001_a_trailer_of_the_sender_himself_needs_no_origin():
    lin = complete(v1(f"Tested-by: {AUTHOR}\n"))
    assert rules(lin) == []


def test_tr001_is_info_when_the_earlier_revisions_are_not_in_the_input():
    v3 = mail("v3@x", "[PATCH v3] f: change a", patch_body(ACK))
    lin = complete(v3)
    assert rules(lin) == [("unsubstantiated-trailer", 3, 1, "open")]
    assert lin.findings[0].severity == "info"
    assert lin.findings[0].details["earlier_revisions_missing"] == [1, 2]


def test_tr001_a_patch_dated_with_its_commit_date_is_bounded_by_the_first_reply():
    # v2 kept v1's Date: (the author date); the ack on v1 came later than that date but
    # before anyone answered v2, so v2 cannot be shown to predate it
    stale_date = v2(ACK, minutes=0)
    first_reply = reply(
        "q@x", "v2@x", "A question.\n", minutes=200, subject="Re: [PATCH v2] f: change a"
    )
    given = reply("r@x", "v1@x", ACK, minutes=100)
    assert rules(complete(v1(), given, stale_date, first_reply)) == []


def test_tr001_skips_backports_whose_trailers_were_given_upstream():
    body = (
        "[ Upstream commit 0123456789abcdef0123456789abcdef01234567 ]\n\nChange a.\n\n"
        f"{ACK}Signed-off-by: {AUTHOR}\n" + diff()
    )
    assert rules(complete(mail("s@x", "[PATCH 6.1 1/1] f: change a", body))) == []


# -- TR002 stale-trailer ------------------------------------------------------------------


def test_tr002_fires_when_the_patch_changed_after_the_review():
    lin = lineage(v1(), reply("r@x", "v1@x", REVIEW, minutes=60), v2(REVIEW, line=REWRITE))
    assert rules(lin) == [("stale-trailer", 2, 1, "open")]
    f = lin.findings[0]
    assert f.code == "TR002" and f.message_id == "v2@x"
    assert f.details["given_on"] == 1 and f.details["given_by"] == "r@x"
    assert f.details["behaviour"] == {
        "statements": 6,
        "kinds": ["call", "condition", "lock", "return"],
    }


def test_tr002_silent_when_the_giver_gives_it_again_on_the_new_revision():
    # the tag in v2 is then the one its giver gave for v2 (on the patch, on the cover, "for
    # the series"), not one carried over: nothing to report, not even as resolved
    lin = lineage(
        v1(),
        reply("r@x", "v1@x", REVIEW, minutes=60),
        v2(REVIEW, line=REWRITE),
        reply("r2@x", "v2@x", REVIEW, minutes=900, subject="Re: [PATCH v2] f: change a"),
    )
    assert rules(lin) == []
    assert lin.origins[-1].cls == "carried-over-material-change"
    assert lin.origins[-1].resolved_by == "r2@x"


def test_tr002_silent_when_the_change_uses_the_name_its_giver_proposed():
    # 'net: mana: Fix potential deadlocks in mana napi ops' v1: "Instead of using if-else,
    # we can use [...] netdev_lock_ops_to_full()", and v2 does
    proposed = "Instead of this, we can call setup_queue() under the lock.\n\n" + REVIEW
    lin = lineage(v1(), reply("r@x", "v1@x", proposed, minutes=60), v2(REVIEW, line=REWRITE))
    assert rules(lin) == []
    # the same words naming nothing the change uses: stale
    other = "Instead of this, we can call other_helper() under the lock.\n\n" + REVIEW
    lin = lineage(v1(), reply("r@x", "v1@x", other, minutes=60), v2(REVIEW, line=REWRITE))
    assert rules(lin) == [("stale-trailer", 2, 1, "open")]


def test_tr002_silent_when_the_giver_asked_for_the_rebase_that_changed_it():
    # 'mshv: ...' v5: "This patch needs to be rebased on the latest linux-next. [...] But
    # other than that, Reviewed-by": v6 is that rebase
    asked = "This patch needs to be rebased on linux-next. But other than that,\n\n" + REVIEW
    lin = lineage(v1(), reply("r@x", "v1@x", asked, minutes=60), v2(REVIEW, line=REWRITE))
    assert rules(lin) == []
    # the same change without the request is stale
    lin = lineage(v1(), reply("r@x", "v1@x", REVIEW, minutes=60), v2(REVIEW, line=REWRITE))
    assert rules(lin) == [("stale-trailer", 2, 1, "open")]


def test_tr002_silent_for_a_whitespace_only_change():
    lin = lineage(v1(), reply("r@x", "v1@x", REVIEW, minutes=60), v2(REVIEW, line="int  b;"))
    assert rules(lin) == []


@pytest.mark.parametrize(
    "line",
    [
        "int c;",  # a declaration
        "if (!pfn_array)\nresult = false;",  # a one-line fix of an error path
        "depends_on_smp = true;\nx = 1;\ny = 2;\nz = 3;",  # values assigned, no path
    ],
)
def test_tr002_silent_for_a_change_too_small_to_review_again(line: str) -> None:
    # the class stays what it is (the lineage shows the tag was carried over a change);
    # only the warning waits for a change a reviewer would want to look at again
    lin = lineage(v1(), reply("r@x", "v1@x", REVIEW, minutes=60), v2(REVIEW, line=line))
    assert rules(lin) == []
    assert [o.cls for o in lin.origins] == ["carried-over-material-change"]


def test_tr002_weighs_an_ack_as_a_go_ahead_not_a_reading_of_each_line():
    lin = lineage(v1(), reply("r@x", "v1@x", ACK, minutes=60), v2(ACK, line=REWRITE))
    assert rules(lin) == []
    assert lin.origins[0].behaviour.statements == 6
    # the part rewritten: twenty new calls
    bigger = REWRITE + "\n" + "\n".join(f"ret = step_{i}(dev);" for i in range(14))
    lin = lineage(v1(), reply("r@x", "v1@x", ACK, minutes=60), v2(ACK, line=bigger))
    assert rules(lin) == [("stale-trailer", 2, 1, "open")]


def test_tr002_silent_for_the_ack_of_the_maintainer_who_applies_the_patch() -> None:
    # Wei Liu's Acked-by of the mshv driver he merges himself (v3 -> v4 rework): the
    # maintainer who takes the patch reads the posting they apply
    bigger = REWRITE + "\n" + "\n".join(f"ret = step_{i}(dev);" for i in range(14))
    thread = (v1(), reply("r@x", "v1@x", ACK, minutes=60), v2(ACK, line=bigger))
    rest = "THE REST\nM:\tLinus <torvalds@example.org>\nS:\tBuggy\nF:\t*\nF:\t*/\n"

    def judged(maintainer: str) -> list[str]:
        db = parse_maintainers(f"F DRIVER\nM:\t{maintainer}\nS:\tMaintained\nF:\tf.c\n\n{rest}")
        found = judge_series(series_of(*thread), "trailers", ApprovalConfig(db)).findings
        return [f.rule for f in found if f.rule == "stale-trailer"]

    assert judged(XAVIER) == []
    assert judged("Someone Else <else@example.org>") == ["stale-trailer"]


def test_tr002_silent_when_the_giver_co_developed_the_patch():
    codev = f"Co-developed-by: {XAVIER}\nSigned-off-by: {XAVIER}\n"
    lin = lineage(
        v1(codev),
        reply("r@x", "v1@x", REVIEW, minutes=60),
        v2(codev + REVIEW, line=REWRITE),
    )
    assert rules(lin) == []
    assert lin.origins[-1].co_author


def test_tr002_stays_stale_through_an_unchanged_revision_until_confirmed():
    v3 = mail("v3@x", "[PATCH v3] f: change a", patch_body(REVIEW, line=REWRITE), minutes=1200)
    base = [v1(), reply("r@x", "v1@x", REVIEW, minutes=60), v2(REVIEW, line=REWRITE)]
    assert rules(lineage(*base, v3)) == [
        ("stale-trailer", 2, 1, "open"),
        ("stale-trailer", 3, 1, "open"),
    ]
    confirmed = reply("r2@x", "v2@x", REVIEW, minutes=900, subject="Re: [PATCH v2] f: change a")
    assert rules(lineage(*base, confirmed, v3)) == []


# -- TR003 / TR004 sign-offs --------------------------------------------------------------


def test_tr003_fires_without_the_authors_signoff():
    body = "Change a.\n\nSigned-off-by: Bob Other <bob@example.org>\n" + diff()
    lin = lineage(mail("p@x", "[PATCH] f: change a", body))
    assert rules(lin) == [("missing-signoff", 1, 1, "open")]
    assert lin.findings[0].severity == "error"


def test_tr003_in_body_from_makes_that_person_the_author():
    body = (
        f"From: Carol Coder <carol@example.net>\n\nChange a.\n\nSigned-off-by: {AUTHOR}\n" + diff()
    )
    assert rules(lineage(mail("p@x", "[PATCH] f: change a", body))) == [
        ("missing-signoff", 1, 1, "open")
    ]
    body_ok = (
        "From: Carol Coder <carol@example.net>\n\nChange a.\n\n"
        f"Signed-off-by: Carol Coder <carol@example.net>\nSigned-off-by: {AUTHOR}\n" + diff()
    )
    assert rules(lineage(mail("p@x", "[PATCH] f: change a", body_ok))) == []


def test_tr003_silent_for_a_patch_mail_without_a_diff_and_for_a_git_trailer_block():
    assert rules(lineage(mail("p@x", "[PATCH] f: change a", "Just words.\n"))) == []
    # b4 leaves To:/Cc: lines in the trailer paragraph; git still reads the sign-off there
    body = (
        f"Change a.\n\nTo: Some One <one@example.org>\nCc: list@example.org\n"
        f"Signed-off-by: {AUTHOR}\n" + diff()
    )
    assert rules(lineage(mail("p@x", "[PATCH] f: change a", body))) == []


def test_tr003_only_for_patch_postings_and_a_misspelt_signoff_is_tr005s():
    # a question with a sketch of a diff is not a patch posting
    query = mail("q@x", "[QUERY] f: is a right here?", "Should a be b?\n" + diff())
    assert rules(lineage(query)) == []
    body = f"Change a.\n\nSign-off-by: {AUTHOR}\n" + diff()
    lin = lineage(mail("p@x", "[PATCH] f: change a", body))
    assert [(f.rule, f.details.get("suggestion")) for f in lin.findings] == [
        ("malformed-trailer", "Signed-off-by")
    ]


def test_tr003_a_forwarded_patch_naming_its_author_in_a_from_line():
    body = (
        "6.1-stable review patch.\n\n------------------\n\n"
        "From: Carol Coder <carol@example.net>\n\nChange a.\n\n"
        "Signed-off-by: Carol Coder <carol@example.net>\n" + diff()
    )
    sent_by_other = mail(
        "p@x", "[PATCH 6.1 1/9] f: change a", body, author="Greg Stable <greg@example.com>"
    )
    assert rules(lineage(sent_by_other)) == []


def test_tr004_fires_for_the_authors_name_with_another_address():
    body = "Change a.\n\nSigned-off-by: Alice Author <alice@corp.example>\n" + diff()
    lin = lineage(mail("p@x", "[PATCH] f: change a", body))
    assert rules(lin) == [("signoff-author-mismatch", 1, 1, "open")]
    assert lin.findings[0].details["signoff"] == "Alice Author <alice@corp.example>"


@pytest.mark.parametrize(
    "signoff",
    [
        "Alice Author <Alice@Example.ORG>",  # case
        "Alice Author <alice+lkml@example.org>",  # sub-address
        "A. Author <alice@example.org>",  # another spelling of the name, same address
    ],
)
def test_tr004_silent_when_only_case_subaddress_or_name_spelling_differ(signoff):
    body = f"Change a.\n\nSigned-off-by: {signoff}\n" + diff()
    assert rules(lineage(mail("p@x", "[PATCH] f: change a", body))) == []


def test_tr004_leaves_an_unusable_address_to_tr005():
    body = "Change a.\n\nSigned-off-by: Alice Author <alice.example.org>\n" + diff()
    assert [f.rule for f in lineage(mail("p@x", "[PATCH] f: change a", body)).findings] == [
        "malformed-trailer"
    ]


# -- TR005 malformed-trailer --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("Signed-of-by", "Signed-off-by"),
        ("Sign-off-by", "Signed-off-by"),
        ("Relase-Acked-by", "Release-Acked-by"),
        ("Reviewed-off-by", "Reviewed-by"),
        ("Reviwed-by", "Reviewed-by"),
        ("Ack-by", "Acked-by"),
        ("Signed-by", "Signed-off-by"),
    ],
)
def test_misspelt_names_are_recognised(name, meant):
    assert misspelt_name(name) == meant


@pytest.mark.parametrize(
    "name",
    [
        "Signed-off-by",
        "Release-acked-by",
        "Nacked-by",
        "Reported-and-tested-by",
        "Not-signed-off-by",
        "Co-developed-by",
        "Assisted-by",
        "Boot-tested-by",
        "Fixed-by",
    ],
)
def test_real_names_are_not_misspelt(name):
    assert misspelt_name(name) is None


def test_tr005_fires_in_a_patch_for_a_misspelt_name():
    lin = lineage(v1(f"Reviewed-off-by: {XAVIER}\n"))
    malformed = [f for f in lin.findings if f.rule == "malformed-trailer"]
    assert [
        (f.patch, f.message_id, f.details["problems"], f.details["suggestion"]) for f in malformed
    ] == [(1, "v1@x", ["misspelt"], "Reviewed-by")]


def test_tr005_fires_for_a_wrapped_trailer():
    lin = lineage(v1("Acked-by: Xavier Reviewer\n <xavier@reviewers.net>\n"))
    malformed = [f for f in lin.findings if f.rule == "malformed-trailer"]
    assert [f.details["problems"] for f in malformed] == [["wrapped"]]


def test_tr005_silent_for_well_formed_trailers_and_assistant_tags():
    lin = lineage(
        v1(
            f"Reported-and-tested-by: {XAVIER}\nAssisted-by: Claude:claude-opus\n"
            f"Nacked-by: {XAVIER}\n"
        )
    )
    assert [f for f in lin.findings if f.rule == "malformed-trailer"] == []


def test_tr005_in_replies_is_reported_at_the_reply():
    lin = lineage(
        v1(),
        reply("r1@x", "v1@x", "Reviwed-by: Xavier Reviewer <xavier@reviewers.net>\n", minutes=5),
        reply(
            "r2@x", "v1@x", "Acked-by: Yvonne Y\n", author="Yvonne Y <yv@example.net>", minutes=6
        ),
        reply(
            "r3@x",
            "v1@x",
            "Acked-by: Yvonne Y yv@example.net\n",
            author="Yvonne Y <yv@example.net>",
            minutes=7,
        ),
        reply(
            "r4@x",
            "v1@x",
            "Acked-by: Zed Z\n<zed@example.net>\n",
            author="Zed Z <zed@example.net>",
            minutes=8,
        ),
        # quoted: somebody else's words, never reported here
        reply("r5@x", "v1@x", "> Signed-of-by: Someone <s@example.net>\n\nOK.\n", minutes=9),
        # prose that happens to start a line with a trailer name
        reply(
            "r6@x",
            "v1@x",
            "Reviewed-by: lines should not be added until the reviewer\nsays so.\n",
            minutes=10,
        ),
    )
    got = [(f.message_id, f.patch, f.details["problems"]) for f in lin.findings]
    assert got == [
        ("r1@x", 1, ["misspelt"]),
        ("r2@x", 1, ["no-address"]),
        ("r3@x", 1, ["unbracketed-address"]),
        ("r4@x", 1, ["wrapped"]),
    ]
    assert all(f.details["origin"] == "reply" for f in lin.findings)


# -- people -------------------------------------------------------------------------------


def test_people_match_by_name_address_and_what_the_thread_links():
    people = People()
    ian_from = Address("Ian Campbell", "Ian.Campbell@eu.citrix.com")
    ian_trailer = Address("Ian Campbell", "ian.campbell@citrix.com")
    people.add(ian_from)
    people.add(ian_trailer)
    assert people.same(ian_from, ian_trailer)
    assert people.same(Address("Zhang, Xiantao", "x@intel.com"), Address("Xiantao Zhang", ""))
    assert people.same(
        Address("Jane Doe via Xen-devel", "xen-devel@lists.example"),
        Address("Jane Doe", "jane@example.org"),
    )
    assert people.same(Address("Michał Mirosław", "a@b"), Address("Michal Miroslaw", "c@d"))
    # linked through the thread: the same address under two names
    people.add(Address("J. Doe", "jd@home.example"))
    people.add(Address("Jane Doe", "jd@home.example"))
    assert people.same(
        Address("J. Doe", "other@work.example"), Address("Jane Doe", "jane@example.org")
    )
    assert not people.same(Address("Ian Jackson", "ian.jackson@eu.citrix.com"), ian_from)
    assert not people.same(Address("Ian", "i@a.example"), Address("Ian", "i@b.example"))


# -- events and outcome -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Applied.", "applied"),
        ("Applied, thanks!", "applied"),
        ("Thanks, applied.", "applied"),
        ("Applied to net-next, thanks.", "applied"),
        ("Pushed.", "applied"),
        ("Committed.", "applied"),
        ("Queued for 6.1.", "applied"),
        ("Applied to driver-core-testing, thanks!", "applied"),
        ("Both patches applied to for-rc", "applied"),
        ("I fixed the typo in the commit message and applied.", "applied"),
        ("This series was applied to netdev/net.git (main) by Jakub <k@example.org>:", "applied"),
        ("I've dropped it from my tree, it breaks the build.", "dropped"),
        (
            "David, I was too quick with this, so please wait with this patch until Ian acks "
            "it again.",
            "hold",
        ),
        ("Please don't apply this yet.", "hold"),
        ("Please hold off on applying this.", "hold"),
        ("This is not ready to be merged.", "hold"),
        ("NAK.", "nak"),
        ("NACK, this breaks the ABI.", "nak"),
        ("Please drop this patch.", "retraction"),
        ("Please drop my Reviewed-by.", "retraction"),
    ],
)
def test_sentences_that_state_an_event(sentence, kind):
    assert classify_sentence(sentence, by_author=False) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Applied?",
        "Has this been applied?",
        "Can this be applied?",
        "Applied on top of rc1 and it boots fine.",
        "Applied it locally, works for me.",
        "This patch doesn't apply to net-next.",
        "If you don't apply this, nothing breaks.",
        "Please wait a few days before sending v2.",
        "Don't apply the mask twice.",
        "Please drop this.",
        "You can't use that in a naked function.",
        "This is not a NAK.",
        "Why the NAK?",
        "Taken offline, the CPU frees its vectors.",
        "I have dropped this note from the commit message.",
        "Generally the RFC tag is for patches which are not ready for merging.",
    ],
)
def test_sentences_that_state_nothing(sentence):
    assert classify_sentence(sentence, by_author=False) is None


def test_the_author_retracting_with_few_words_counts_only_for_the_author():
    assert classify_sentence("Please ignore this.", by_author=True) == "retraction"
    assert classify_sentence("Please ignore this.", by_author=False) is None


def test_events_read_only_the_replys_own_text():
    quoted = reply(
        "q@x",
        "v1@x",
        "On Mon, Xavier wrote:\n> Applied.\n\nReally?\n",
        author="Dave Maint <dave@example.net>",
        minutes=50,
    )
    lin = lineage(v1(), quoted)
    assert lin.events == [] and lin.applied_revision is None


def test_outcome_applied_revision_and_roles():
    hold = reply(
        "h@x",
        "v2@x",
        "Please don't apply this yet.\n",
        author=AUTHOR,
        minutes=610,
        subject="Re: [PATCH v2] f: change a",
    )
    applied = reply(
        "a@x",
        "v2@x",
        "> Please don't apply this yet.\n\nApplied, thanks!\n",
        author="Dave Maint <dave@example.net>",
        minutes=700,
        subject="Re: [PATCH v2] f: change a",
    )
    lin = lineage(v1(), v2(), hold, applied)
    assert [(e.kind, e.role, e.message_id, e.revision, e.patch) for e in lin.events] == [
        ("hold", "author", "h@x", 2, 1),
        ("applied", "maintainer", "a@x", 2, 1),
    ]
    assert lin.applied_revision == 2
    assert lin.to_dict()["applied_by"] == "a@x"


def test_an_authors_applied_is_an_outcome_only_when_it_is_one():
    comment = reply("c@x", "v1@x", "> +int b;\nPlease rename b.\n", minutes=20)
    took_it = mail(
        "t@x",
        "Re: [PATCH] f: change a",
        "> Please rename b.\n\nApplied.\n",
        parent="c@x",
        refs=("v1@x", "c@x"),
        minutes=30,
    )
    assert lineage(v1(), comment, took_it).events == []
    own_tree = mail(
        "o@x",
        "Re: [PATCH] f: change a",
        "> Please rename b.\n\nApplied to for-next.\n",
        parent="c@x",
        refs=("v1@x", "c@x"),
        minutes=30,
    )
    lin = lineage(v1(), comment, own_tree)
    assert [(e.kind, e.role) for e in lin.events] == [("applied", "author")]
    assert lin.applied_revision == 1


def test_a_dropped_patch_is_no_longer_applied():
    applied = reply(
        "a@x", "v1@x", "Applied to my tree.\n", author="Dave Maint <dave@e.net>", minutes=50
    )
    dropped = reply(
        "d@x",
        "v1@x",
        "I've dropped this patch from my tree again.\n",
        author="Dave Maint <dave@e.net>",
        minutes=90,
    )
    assert lineage(v1(), applied).applied_revision == 1
    assert lineage(v1(), applied, dropped).applied_revision is None


# -- the seed threads ---------------------------------------------------------------------


def seed(name: str) -> Judged:
    diags: list[Diagnostic] = []
    path = str(require(FIXTURES / "threads" / name))
    grouping = group_messages(read_messages([path], diags), diags)
    assert len(grouping.series) == 1
    analysis = judge_series(grouping.series[0], "trailers")
    return Judged(analysis.lineage, analysis.findings)


def test_seed_000_ack_contradicted_by_ians_review_resolved_hold_and_applied_v2():
    lin = seed("000-xen-netback-hw-features.mbox")
    assert [
        (f.rule, f.revision, f.patch, f.message_id, f.status, f.resolved_by) for f in lin.findings
    ] == [
        (
            "contradicted-trailer",
            2,
            1,
            "20110419133506.8A47F13A6A@rere.qmqm.pl",
            "resolved",
            "1303286338.31317.14.camel@zakaz.uk.xensource.com",
        )
    ]
    assert lin.findings[0].severity == "info"  # TR006 measured 58% over three lists
    assert lin.findings[0].details["trailer"] == (
        "Acked-by: Ian Campbell <ian.campbell@citrix.com>"
    )
    # the mail that contradicts it: Ian's review of v1, which gave no Acked-by
    contradiction = lin.findings[0].details["contradiction"]
    assert contradiction["kind"] == "never-given"
    assert contradiction["message_id"] == "1303219073.5197.45.camel@zakaz.uk.xensource.com"
    # Ian's prose on v1 ("happy for this to be folded in ...") is no trailer
    acks = [(e.origin, e.revision, e.message_id) for e in lin.entries if e.name == "Acked-by"]
    assert acks == [
        ("patch", 2, "20110419133506.8A47F13A6A@rere.qmqm.pl"),
        ("reply", 2, "1303286338.31317.14.camel@zakaz.uk.xensource.com"),
    ]
    assert [(e.kind, e.role, e.revision, e.message_id) for e in lin.events] == [
        ("hold", "author", 2, "20110419133949.GB21853@rere.qmqm.pl"),
        ("applied", "maintainer", 2, "20110420.013129.02247138.davem@davemloft.net"),
    ]
    assert lin.applied_revision == 2


def test_seed_001_malformed_signoff_and_nothing_else():
    lin = seed("001-physdevop-alloc-irq-vector.mbox")
    assert [(f.rule, f.code, f.revision, f.patch, f.details["problems"]) for f in lin.findings] == [
        ("malformed-trailer", "TR005", 1, 1, ["no-address"])
    ]
    assert lin.findings[0].message_id == (
        "706158FABBBA044BAD4FE898A02E4BC201C9E1C3F6@pdsmsx503.ccr.corp.intel.com"
    )
    assert "Xiantao Zhang <xiantao.zhang.intel.com>" in lin.findings[0].message
    assert lin.events == []


def test_seed_002_release_ack_without_origin_and_ian_campbells_ack_on_v2():
    lin = seed("002-libxl-deregister-evtchn-fd.mbox")
    # Konrad's Release-Acked-by has no origin in the input, and nothing contradicts it
    assert lin.findings == []
    [o] = lin.origins
    assert o.text == "Release-Acked-by: Konrad Rzeszutek Wilk <konrad.wilk@oracle.com>"
    assert (o.cls, o.contradiction) == ("no-on-list-origin", None)
    # only patch 5/6 of v1 is in the input: its cover, where the ack may be, is not; the
    # series says so once
    assert o.gaps["earlier_revisions_incomplete"] == [1]
    assert lin.history == {"earlier_revisions_incomplete": [1, 2]}
    reviews = [
        (e.name, e.origin, e.revision, e.patch, e.message_id)
        for e in lin.entries
        if e.trailer.is_review
    ]
    assert reviews == [
        (
            "Release-Acked-by",
            "patch",
            2,
            5,
            "1418140468-27313-6-git-send-email-ian.jackson@eu.citrix.com",
        ),
        ("Acked-by", "reply", 2, 5, "1418142529.17409.12.camel@citrix.com"),
    ]
    # "Should I take this as an ack ?" is a question, not an ack, not an event
    assert lin.events == [] and lin.applied_revision is None


def test_seed_004_is_clean():
    lin = seed("004-ioreq-server-rfc.mbox")
    assert lin.findings == [] and lin.events == []


# -- a real archive slice -----------------------------------------------------------------


@pytest.mark.slow
def test_hyperv_slice_every_trailer_finding_is_anchored():
    diags: list[Diagnostic] = []
    path = str(require(CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz"))
    grouping = group_messages(read_messages([path], diags), diags)
    trailer_rules = {r.name for r in default_registry().rules if r.meta.facts == "trailers"}
    kinds = set()
    for series in grouping.series:
        analysis = judge_series(series, "trailers")
        lin = Judged(analysis.lineage, analysis.findings)
        ids = {
            m
            for r in series.revisions
            for m in (
                [p.message_id for p in r.patches.values()]
                + [rp.message.message_id for rp in r.replies]
            )
        }
        versions = {r.version for r in series.revisions}
        for f in lin.findings:
            kinds.add(f.rule)
            assert f.rule in trailer_rules and f.message_id in ids and f.revision in versions
            assert (f.status == "resolved") == (f.resolved_by is not None)
        json.dumps(lin.to_dict())
    assert {"stale-trailer", "missing-signoff"} <= kinds
