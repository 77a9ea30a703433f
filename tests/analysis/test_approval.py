"""Xen's check-in policy and maintainer coverage (analysis/approval/, judged by the MA rules)
on synthetic MAINTAINERS files and threads: nesting, THE REST, X:, a maintainer's own patch,
acks from non-maintainers, R-b from anyone, trailers voided by a material change, review
state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.approval.wording import revision_dict, verdict
from patchlint.maintainers import parse_maintainers
from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message
from tests.analysis.judging import Judged, judge_series

T0 = datetime(2024, 3, 1, tzinfo=UTC)

MAINTAINERS = """\
Intro text, then the entries.

\tM: Maintainer: FullName <address@domain>   (indented: a description, not a field)

Maintainers List (try to look for most precise areas first)

X86 ARCHITECTURE
M:\tXavier Arch <xavier@x86.example>
M:\tYvonne Arch <yvonne@x86.example>
R:\tRita Reviewer <rita@example.com>
S:\tSupported
F:\txen/arch/x86/

X86 MM
M:\tMona Memory <mona@mm.example>
S:\tSupported
F:\txen/arch/x86/mm/
X:\txen/arch/x86/mm/legacy/

X86 SHADOW
R:\tSam Shadow <sam@example.com>
S:\tMaintained
F:\txen/arch/x86/mm/shadow/

KEXEC
M:\tKim Kexec <kim@example.com>
S:\tSupported
F:\txen/common/{kexec,kimage}.c

XSM
M:\tSue Secure <sue@example.com>
S:\tSupported
F:\txen/xsm/
K:\t\\bxsm_\\w+

THE REST
M:\tTom Rest <tom@rest.example>
M:\tUrsula Rest <ursula@rest.example>
S:\tSupported
F:\t*
F:\t*/
V:\txen-maintainers-1
"""
DB = parse_maintainers(MAINTAINERS, "SYNTHETIC")
# the same sections over Linux paths (arch/x86/, not xen/arch/x86/), no V: line: Linux's format
# (the same file with its xen/ paths is still Xen's without the V: line: see below)
LINUX_DB = parse_maintainers(
    MAINTAINERS.replace("V:\txen-maintainers-1\n", "")
    .replace("F:\txen/", "F:\t")
    .replace("X:\txen/", "X:\t"),
    "LINUX",
)

AUTHOR = "Alice Author <alice@example.org>"
MONA = "Mona Memory <mona@mm.example>"
XAVIER = "Xavier Arch <xavier@x86.example>"
TOM = "Tom Rest <tom@rest.example>"
RITA = "Rita Reviewer <rita@example.com>"
BOB = "Bob Bystander <bob@example.net>"
# what `add_maintainers.pl` puts on a posting's Cc: every maintainer of the synthetic file
EVERYONE = ", ".join(
    f"{a.name} <{a.email}>" for sec in DB.sections for a in (*sec.maintainers, *sec.reviewers)
)


def diff(path: str, line: str = "int b;") -> str:
    return (
        f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n"
        f"@@ -1,3 +1,3 @@\n int x;\n-int a;\n+{line}\n int y;\n"
    )


def mail(
    mid: str,
    subject: str,
    body: str,
    *,
    parent: str | None = None,
    author: str = AUTHOR,
    minutes: float = 0,
    cc: str = "",
) -> Message:
    name, addr = author.split(" <")
    return Message(
        key=mid,
        message_id=mid,
        subject=subject,
        author=Address(name, addr.rstrip(">")),
        date=T0 + timedelta(minutes=minutes),
        in_reply_to=parent,
        references=(parent,) if parent else (),
        body=body,
        cc_header=cc,
    )


def patch(
    mid: str = "v1@x",
    paths: tuple[str, ...] = ("xen/arch/x86/mm/p2m.c",),
    *,
    version: int = 1,
    trailers: str = "",
    author: str = AUTHOR,
    line: str = "int b;",
    minutes: float = 0,
    rfc: bool = False,
    message: str = "Change a to b.",
    cc: str = EVERYONE,
) -> Message:
    tag = ("RFC PATCH" if rfc else "PATCH") + (f" v{version}" if version > 1 else "")
    body = f"{message}\n\nSigned-off-by: {author}\n{trailers}---\n" + "".join(
        diff(p, line) for p in paths
    )
    return mail(mid, f"[{tag}] x86: change a", body, author=author, minutes=minutes, cc=cc)


def reply(
    mid: str, parent: str, text: str, *, author: str, minutes: float, version: int = 1
) -> Message:
    tag = "PATCH" + (f" v{version}" if version > 1 else "")
    return mail(
        mid, f"Re: [{tag}] x86: change a", text, parent=parent, author=author, minutes=minutes
    )


def judge(*messages: Message, db=DB, policy: str = "auto") -> Judged:
    """The approvals of the thread, with the approval rules' findings on them."""
    diags: list[Diagnostic] = []
    grouping = group_messages(list(messages), diags)
    assert len(grouping.series) == 1
    analysis = judge_series(grouping.series[0], "approval", ApprovalConfig(db, policy))
    return Judged(analysis.approval, analysis.findings)


def findings(result: Judged) -> list[tuple[str, int | None, str | None, str]]:
    return [(f.code, f.revision, f.file, f.severity) for f in result.findings]


def newest(result: Judged):
    return result.revisions[-1]


# -- nesting -----------------------------------------------------------------------------


def test_most_specific_section_decides_and_its_ack_is_enough():
    result = judge(patch(), reply("r@x", "v1@x", f"Acked-by: {MONA}\n", author=MONA, minutes=30))
    ra = newest(result)
    f = ra.patches[0].files[0]
    assert [m.section.name for m in f.sections] == ["X86 MM", "X86 ARCHITECTURE", "THE REST"]
    assert [s.name for s in f.required] == ["X86 MM"]
    assert [str(a) for a in f.approved_by] == [MONA]
    # the ack of the most specific maintainer stands in for requirements 1 and 2
    assert verdict(ra) == "committable" and ra.committable is True
    assert result.findings == []


def test_a_more_general_maintainers_ack_does_not_satisfy_the_specific_section():
    result = judge(
        patch(), reply("r@x", "v1@x", f"Acked-by: {XAVIER}\n", author=XAVIER, minutes=30)
    )
    ra = newest(result)
    f = ra.patches[0].files[0]
    assert not f.satisfied and [str(a) for a in f.stand_ins] == [XAVIER]
    (ack,) = [a for a in ra.patches[0].approvals if a.kind == "Acked-by"]
    assert ack.roles == ("maintainer: X86 ARCHITECTURE",)
    assert ra.patches[0].independent  # a maintainer's Ack is approval by someone else
    assert findings(result) == [("MA001", 1, "xen/arch/x86/mm/p2m.c", "warning")]
    msg = result.findings[0].message
    assert "X86 MM" in msg and "Mona Memory's would do" in msg
    assert "Xavier Arch, a more general maintainer, approved" in msg
    assert verdict(ra).startswith("needs: an Acked-by or Reviewed-by from a maintainer of X86 MM")


def test_the_rest_covers_what_no_section_names():
    result = judge(
        patch(paths=("xen/common/domain.c",)),
        reply("r@x", "v1@x", f"Acked-by: {TOM}\n", author=TOM, minutes=30),
    )
    f = newest(result).patches[0].files[0]
    assert [s.name for s in f.required] == ["THE REST"]
    assert newest(result).committable is True


def test_a_section_with_reviewers_only_leaves_the_decision_to_the_next_level():
    result = judge(patch(paths=("xen/arch/x86/mm/shadow/multi.c",)))
    f = newest(result).patches[0].files[0]
    assert f.sections[0].section.name == "X86 SHADOW"
    assert [s.name for s in f.required] == ["X86 MM"]


def test_x_exclusion_hands_the_file_to_the_enclosing_section():
    result = judge(
        patch(paths=("xen/arch/x86/mm/legacy/old.c",)),
        reply("r@x", "v1@x", f"Acked-by: {XAVIER}\n", author=XAVIER, minutes=30),
    )
    f = newest(result).patches[0].files[0]
    assert "X86 MM" not in [m.section.name for m in f.sections]
    assert [s.name for s in f.required] == ["X86 ARCHITECTURE"]
    assert newest(result).committable is True


def test_every_file_needs_its_own_maintainers_and_findings_group_files():
    paths = (
        "xen/arch/x86/mm/p2m.c",
        "xen/arch/x86/mm/paging.c",
        "xen/common/kimage.c",
        "xen/arch/x86/traps.c",
    )
    result = judge(
        patch(paths=paths), reply("r@x", "v1@x", f"Acked-by: {XAVIER}\n", author=XAVIER, minutes=30)
    )
    got = [
        (f.code, tuple(f.details["files"]), tuple(f.details["sections"])) for f in result.findings
    ]
    assert got == [
        ("MA001", ("xen/arch/x86/mm/p2m.c", "xen/arch/x86/mm/paging.c"), ("X86 MM",)),
        ("MA001", ("xen/common/kimage.c",), ("KEXEC",)),  # brace pattern
    ]
    assert result.findings[0].file is None and result.findings[1].file == "xen/common/kimage.c"


# -- who approves ------------------------------------------------------------------------


def test_a_maintainer_submitting_their_own_patch_needs_only_a_review_from_anyone():
    alone = judge(patch(author=MONA))
    f = newest(alone).patches[0].files[0]
    assert [str(a) for a in f.approved_by] == [MONA]  # the sign-off meets requirement 1
    assert newest(alone).patches[0].lacks_independent and newest(alone).under_review
    assert findings(alone) == []  # nobody reviewed it yet: awaiting review, not a finding
    answered = judge(
        patch(author=MONA),
        reply("q@x", "v1@x", "> +int b;\n\nWhy b?\n", author=BOB, minutes=30),
        reply("a@x", "q@x", "> Why b?\n\nBecause c is taken.\n", author=MONA, minutes=60),
        reply("ok@x", "a@x", "> Because c is taken.\n\nFair enough.\n", author=BOB, minutes=90),
    )
    assert not newest(answered).under_review
    assert findings(answered) == [("MA002", 1, None, "warning")]  # reviewed, yet no R-b
    reviewed = judge(
        patch(author=MONA), reply("r@x", "v1@x", f"Reviewed-by: {BOB}\n", author=BOB, minutes=30)
    )
    assert newest(reviewed).committable is True


def test_a_maintainers_own_reviewed_by_on_their_patch_is_not_independent():
    result = judge(
        patch(author=MONA), reply("r@x", "v1@x", f"Reviewed-by: {MONA}\n", author=MONA, minutes=30)
    )
    assert not newest(result).patches[0].independent


def test_an_ack_from_a_non_maintainer_satisfies_neither_requirement():
    result = judge(patch(), reply("r@x", "v1@x", f"Acked-by: {RITA}\n", author=RITA, minutes=30))
    p = newest(result).patches[0]
    assert [a.roles for a in p.approvals if a.kind == "Acked-by"] == [
        ("reviewer: X86 ARCHITECTURE",)
    ]
    assert not p.files[0].satisfied and not p.independent
    assert findings(result) == [
        ("MA001", 1, "xen/arch/x86/mm/p2m.c", "warning"),
        ("MA002", 1, None, "warning"),
    ]
    assert "the Acked-by of Rita Reviewer" in result.findings[1].message


def test_a_reviewed_by_from_anyone_satisfies_requirement_2_only():
    result = judge(patch(), reply("r@x", "v1@x", f"Reviewed-by: {BOB}\n", author=BOB, minutes=30))
    p = newest(result).patches[0]
    assert p.independent and [str(a) for a in p.independent_by] == [BOB]
    assert findings(result) == [("MA001", 1, "xen/arch/x86/mm/p2m.c", "warning")]


def test_a_maintainers_reviewed_by_is_their_approval():
    result = judge(patch(), reply("r@x", "v1@x", f"Reviewed-by: {MONA}\n", author=MONA, minutes=30))
    assert newest(result).committable is True


def test_maintainers_matched_by_name_and_address_case():
    # Mona acks from an old address under her name; the file has her new one
    old = "Mona Memory <mona@old-employer.example>"
    result = judge(patch(), reply("r@x", "v1@x", f"Acked-by: {old}\n", author=old, minutes=30))
    assert newest(result).committable is True
    shouting = "MONA MEMORY <Mona@MM.example>"
    result = judge(
        patch(), reply("r@x", "v1@x", f"Acked-by: {shouting}\n", author=shouting, minutes=30)
    )
    assert newest(result).committable is True


def test_an_ack_on_the_cover_letter_covers_every_patch():
    cover = mail("c@x", "[PATCH 0/2] x86: two", "Two changes.\n")
    p1 = mail(
        "p1@x",
        "[PATCH 1/2] x86: one",
        f"One.\n\nSigned-off-by: {AUTHOR}\n---\n" + diff("xen/arch/x86/mm/p2m.c"),
        parent="c@x",
        minutes=1,
    )
    p2 = mail(
        "p2@x",
        "[PATCH 2/2] x86: two",
        f"Two.\n\nSigned-off-by: {AUTHOR}\n---\n" + diff("xen/arch/x86/mm/paging.c"),
        parent="c@x",
        minutes=2,
    )
    ack = mail(
        "r@x",
        "Re: [PATCH 0/2] x86: two",
        f"Acked-by: {MONA}\n",
        parent="c@x",
        author=MONA,
        minutes=30,
    )
    result = judge(cover, p1, p2, ack)
    assert [p.files[0].satisfied for p in newest(result).patches] == [True, True]
    assert newest(result).committable is True


def test_a_trailer_written_in_someone_elses_name_does_not_count():
    result = judge(
        patch(),
        reply("r@x", "v1@x", f"Mona said on IRC:\n\nAcked-by: {MONA}\n", author=BOB, minutes=30),
    )
    a = newest(result).patches[0].approvals
    assert [(x.kind, x.counts) for x in a if x.kind == "Acked-by"] == [("Acked-by", False)]
    assert not newest(result).patches[0].files[0].satisfied


def test_a_withdrawn_review_does_not_count():
    result = judge(
        patch(),
        reply("r1@x", "v1@x", f"Reviewed-by: {MONA}\n", author=MONA, minutes=30),
        reply(
            "r2@x",
            "v1@x",
            "Sorry, please drop my Reviewed-by: I missed a bug.\n",
            author=MONA,
            minutes=60,
        ),
    )
    approval = newest(result).patches[0].approvals[-1]
    assert not approval.counts and "withdrawn" in (approval.why_not or "")
    assert newest(result).committable is False


# -- lineage: which revision a trailer was given for ------------------------------------


def test_an_ack_given_before_a_material_change_does_not_count():
    v1 = patch("v1@x")
    ack = reply("r@x", "v1@x", f"Acked-by: {MONA}\n", author=MONA, minutes=30)
    v2 = patch(
        "v2@x",
        version=2,
        trailers=f"Acked-by: {MONA}\n",
        line="int c;",
        minutes=600,
        message="Change a to c.\n\nv2: c, not b",
    )
    result = judge(v1, ack, v2)
    ra = newest(result)
    ack_on_v2 = [a for a in ra.patches[0].approvals if a.kind == "Acked-by"]
    assert [(a.origin, a.counts) for a in ack_on_v2] == [("patch", False)]
    assert "changed materially" in (ack_on_v2[0].why_not or "")
    # nobody has looked at v2 yet: what it lacks is for its reviewers to give, which the
    # approval section says; no finding while it awaits review
    assert not ra.patches[0].files[0].satisfied and ra.patches[0].lacks_independent
    assert findings(result) == []
    assert "awaiting review" in ra.review_state
    assert result.revisions[0].committable is True  # v1 had it; v1 is superseded


def test_an_ack_on_an_unchanged_earlier_revision_still_counts():
    v1 = patch("v1@x")
    ack = reply("r@x", "v1@x", f"Acked-by: {MONA}\n", author=MONA, minutes=30)
    v2 = patch("v2@x", version=2, minutes=600, message="Change a to b.\n\nv2: reworded")
    result = judge(v1, ack, v2)
    ack_on_v2 = [a for a in newest(result).patches[0].approvals if a.kind == "Acked-by"]
    assert [(a.origin, a.revision, a.counts) for a in ack_on_v2] == [("earlier", 1, True)]
    assert newest(result).committable is True


def test_a_fresh_ack_on_the_new_revision_counts_again():
    v1 = patch("v1@x")
    ack = reply("r@x", "v1@x", f"Acked-by: {MONA}\n", author=MONA, minutes=30)
    v2 = patch("v2@x", version=2, trailers=f"Acked-by: {MONA}\n", line="int c;", minutes=600)
    again = reply(
        "r2@x", "v2@x", f"Still fine.\n\nAcked-by: {MONA}\n", author=MONA, minutes=700, version=2
    )
    result = judge(v1, ack, v2, again)
    assert newest(result).committable is True and result.findings == []


def test_an_ack_from_review_before_posting_counts_but_one_the_list_contradicts_does_not():
    # nothing on the list says otherwise: a maintainer's ack from review before posting
    assert newest(judge(patch(trailers=f"Acked-by: {MONA}\n"))).committable is True
    v3 = patch("v3@x", version=3, trailers=f"Acked-by: {MONA}\n")
    assert newest(judge(v3)).committable is True
    # Mona reviewed v1 and gave no ack; v2 carries one anyway
    review = reply(
        "r@x",
        "v1@x",
        "> +int b;\n\nWhy b and not c? This needs explaining.\n",
        author=MONA,
        minutes=30,
    )
    v2 = patch("v2@x", version=2, trailers=f"Acked-by: {MONA}\n", minutes=600)
    result = newest(judge(patch(), review, v2))
    assert result.committable is False
    [mona] = [a for a in result.patches[0].approvals if a.person.email == "mona@mm.example"]
    assert not mona.counts and "reviewed an earlier posting" in (mona.why_not or "")


# -- review state and severity -----------------------------------------------------------


def test_awaiting_review_and_rfc_are_silent():
    result = judge(patch())
    assert newest(result).under_review and "awaiting review" in newest(result).review_state
    assert newest(result).committable is False and result.findings == []
    rfc = judge(
        patch(rfc=True), reply("r@x", "v1@x", f"Reviewed-by: {BOB}\n", author=BOB, minutes=30)
    )
    assert newest(rfc).under_review and "RFC" in newest(rfc).review_state
    assert rfc.findings == []


def test_an_unanswered_review_comment_keeps_it_under_review():
    comment = reply(
        "r@x",
        "v1@x",
        "> +int b;\n\nWhy b and not c? This needs explaining.\n",
        author=BOB,
        minutes=30,
    )
    result = judge(patch(), comment)
    assert newest(result).under_review
    assert newest(result).review_state == "1 review comment not answered yet"


def test_applied_without_approval_is_a_warning():
    applied = reply("r@x", "v1@x", "Applied, thanks.\n", author=TOM, minutes=30)
    result = judge(patch(), applied)
    ra = newest(result)
    assert ra.applied and not ra.under_review and ra.matters
    assert findings(result) == [
        ("MA001", 1, "xen/arch/x86/mm/p2m.c", "warning"),
        ("MA002", 1, None, "warning"),
    ]


def test_findings_only_on_the_revision_that_matters():
    result = judge(
        patch("v1@x"),
        patch("v2@x", version=2, minutes=600, message="Change a to b.\n\nv2: reworded"),
        reply("r@x", "v2@x", f"Reviewed-by: {BOB}\n", author=BOB, minutes=700, version=2),
    )
    assert [r.matters for r in result.revisions] == [False, True]
    assert {f.revision for f in result.findings} == {2}


def test_silent_where_the_file_is_not_of_the_postings_time():
    """Today's file on an old thread: the maintainers it requires were never addressed nor
    took part (MA001), an ack the thread treats as a maintainer's comes from someone the file
    does not know (MA002). The verdict still follows the file."""
    old = "Otto Oldtimer <otto@old.example>"
    applied = reply("ap@x", "v1@x", "Applied, thanks.\n", author=old, minutes=60)
    nobody_asked = judge(
        patch(cc="xen-devel@lists.example"),
        reply("r@x", "v1@x", f"Acked-by: {old}\n", author=old, minutes=30),
        applied,
    )
    ra = newest(nobody_asked)
    assert ra.applied and not ra.patches[0].files[0].required_reached
    assert ra.patches[0].unknown_ackers and ra.committable is False
    assert nobody_asked.findings == []
    # the same thread where Mona (X86 MM) was on Cc and Rita, whom the file knows, acked
    asked = judge(
        patch(cc=MONA),
        reply("r@x", "v1@x", f"Acked-by: {RITA}\n", author=RITA, minutes=30),
        applied,
    )
    assert findings(asked) == [
        ("MA001", 1, "xen/arch/x86/mm/p2m.c", "warning"),
        ("MA002", 1, None, "warning"),
    ]
    # a required maintainer who only took part in the thread counts as reached
    took_part = judge(
        patch(cc=""),
        reply("q@x", "v1@x", f"Reviewed-by: {BOB}\n", author=BOB, minutes=20),
        reply("m@x", "v1@x", "I will look at it next week.\n", author=MONA, minutes=30),
        applied,
    )
    assert [f.code for f in took_part.findings] == ["MA001"]


def test_a_nak_is_an_objection_until_its_giver_approves():
    nak = reply("n@x", "v1@x", "NAK. This breaks shadow paging.\n", author=XAVIER, minutes=20)
    ack = reply("r@x", "v1@x", f"Acked-by: {MONA}\n", author=MONA, minutes=30)
    ra = newest(judge(patch(), nak, ack))
    assert [e.kind for e in ra.objections] == ["nak"]
    assert ra.committable is False and "the NAK by Xavier Arch" in (verdict(ra) or "")
    lifted = reply(
        "l@x",
        "v1@x",
        f"Fair enough, I was wrong.\n\nAcked-by: {XAVIER}\n",
        author=XAVIER,
        minutes=40,
    )
    assert newest(judge(patch(), nak, ack, lifted)).committable is True


def test_withdrawn_by_the_author():
    gone = reply("w@x", "v1@x", "Please ignore this patch.\n", author=AUTHOR, minutes=20)
    result = judge(patch(), gone)
    assert (verdict(newest(result)) or "").startswith("withdrawn by the author")
    assert result.findings == []


# -- coverage and policies ---------------------------------------------------------------


def test_files_the_maintainers_file_does_not_describe_are_not_covered():
    result = judge(patch(paths=("drivers/net/xen-netback/interface.c",)))
    ra = newest(result)
    assert not ra.patches[0].files[0].covered
    assert ra.committable is None and (verdict(ra) or "").startswith("not covered")
    assert result.findings == []


def test_keyword_sections_are_reported_without_a_requirement():
    result = judge(
        patch(line="rc = xsm_map_domain_pirq(d);"),
        reply("r@x", "v1@x", f"Acked-by: {MONA}\n", author=MONA, minutes=30),
    )
    p = newest(result).patches[0]
    assert [(s.name, k) for s, k in p.keywords] == [("XSM", "\\bxsm_\\w+")]
    assert newest(result).committable is True


def test_linux_format_reports_without_findings_unless_the_xen_policy_is_asked_for():
    ack = reply("r@x", "v1@x", f"Acked-by: {XAVIER}\n", author=XAVIER, minutes=30)
    linux_patch = patch(paths=("arch/x86/mm/p2m.c",))
    report = judge(linux_patch, ack, db=LINUX_DB)
    ra = newest(report)
    assert report.policy == "report" and report.findings == []
    assert verdict(ra) is None and ra.committable is None
    # the report says why no check-in policy applies
    assert ra.policy_note is not None and "Linux-format" in ra.policy_note
    f = ra.patches[0].files[0]
    # every covering section but the catch-all, with who of its people approved
    assert [m.section.name for m in f.sections] == ["X86 MM", "X86 ARCHITECTURE"]
    assert f.section_approvers == {"X86 ARCHITECTURE": [XAVIER]}
    d = revision_dict(ra)
    assert d["needs"] == [] and d["patches"][0]["needs"] == []
    strict = judge(linux_patch, ack, db=LINUX_DB, policy="xen")
    assert [f.code for f in strict.findings] == ["MA001"]


def test_a_xen_file_without_its_v_line_and_a_series_to_xen_devel_get_xens_policy():
    no_marker = parse_maintainers(MAINTAINERS.replace("V:\txen-maintainers-1\n", ""), "OLD")
    assert no_marker.format == "xen"  # THE REST beside sections for xen/ paths
    assert judge(patch(), db=no_marker).policy == "xen"
    # a file too small to tell (one xen/ section, no list), but the series went to
    # xen-devel and touches only Xen paths the file covers
    small = parse_maintainers(
        "X86 ARCHITECTURE\nM:\tXavier Arch <xavier@x86.example>\n"
        "F:\txen/arch/x86/\n\nTHE REST\nM:\tTom Rest <tom@rest.example>\n"
        "F:\t*\nF:\t*/\n",
        "SMALL",
    )
    assert small.format == "linux"
    assert judge(patch(), db=small).policy == "report"
    to_xen = patch()
    to_xen.to_header = "xen-devel@lists.xenproject.org"
    result = judge(to_xen, db=small)
    assert result.policy == "xen" and newest(result).policy_note is None


def test_a_scoped_ack_approves_only_the_files_it_names():
    two = patch(paths=("xen/arch/x86/mm/p2m.c", "xen/common/kexec.c"))
    mona = reply("r@x", "v1@x", f"Acked-by: {MONA} # x86\n", author=MONA, minutes=30)
    kim = reply(
        "k@x",
        "v1@x",
        "For the x86 part:\nAcked-by: Kim Kexec <kim@example.com>\n",
        author="Kim Kexec <kim@example.com>",
        minutes=40,
    )
    files = {f.path: f for f in newest(judge(two, mona, kim)).patches[0].files}
    assert files["xen/arch/x86/mm/p2m.c"].approved_by == [Address("Mona Memory", "mona@mm.example")]
    # Kim maintains kexec.c, but her ack says it is for the x86 part only
    assert files["xen/common/kexec.c"].approved_by == []


def test_report_dict_is_json_ready():
    import json

    result = judge(patch(), reply("r@x", "v1@x", f"Acked-by: {MONA}\n", author=MONA, minutes=30))
    d = revision_dict(newest(result))
    json.dumps(d)
    assert d["verdict"] == "committable" and d["matters"] and not d["applied"]
    assert d["patches"][0]["files"][0]["required"] == [MONA]
