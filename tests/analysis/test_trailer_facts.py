"""The trailer facts on real threads (fixtures/threads, judged by hand in their truth files):
scope and condition kept on the tag, conditions judged against the next posting, carried
classes by code tokens in the tag's scope, dropped tags; and the pieces (material changes,
tag checks, commit lookup in a real git tree) on small diffs."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from patchlint.analysis.approval import ApprovalConfig
from patchlint.analysis.people import People
from patchlint.analysis.revisions.compare import compare_patches
from patchlint.analysis.trailers.facts import Lineage
from patchlint.analysis.trailers.material import step_code
from patchlint.analysis.trailers.tags import patch_tag_problems
from patchlint.analysis.trailers.words import given_in
from patchlint.analysis.tree import tree_reader
from patchlint.maintainers import read_maintainers
from patchlint.model.message import Address, Message
from patchlint.model.patch import build_patch
from patchlint.model.series import Reply
from patchlint.model.subject import parse_subject
from patchlint.pipeline import load
from patchlint.pipeline.series import analyse_series
from tests.conftest import FIXTURES

THREADS = FIXTURES / "threads"
XEN_MAINTAINERS = (
    Path(__file__).resolve().parents[2] / "rules" / "dropped-trailer" / "cases" / "MAINTAINERS-xen"
)


def lineage_of(name: str, maintainers: Path | None = None) -> Lineage:
    grouping, _ = load([str(THREADS / name)])
    approval = ApprovalConfig(read_maintainers(maintainers)) if maintainers else None
    found = [analyse_series(s, approval=approval).lineage for s in grouping.series]
    assert len(found) == 1 and found[0] is not None
    return found[0]


def classes(lin: Lineage, person: str) -> dict[int, str | None]:
    return {
        e.revision: e.cls
        for e in lin.entries
        if e.origin == "patch" and e.trailer.person is not None and person in e.trailer.person.email
    }


def test_a_scoped_ack_is_carried_unchanged_while_code_outside_its_scope_changes() -> None:
    lin = lineage_of("xen/2025-settimeoffset-scoped-ack.mbox")
    given = [e for e in lin.entries if e.origin == "reply" and e.trailer.name == "Acked-by"]
    assert [(e.scope or "")[:3] for e in given] == ["x86"]
    # v3 drops the common hunk and adds riscv: outside "# x86"
    assert classes(lin, "jbeulich")[3] == "carried-unchanged"
    [o] = [o for o in lin.origins if o.revision == 3 and "jbeulich" in str(o.trailer)]
    assert o.scope_files == ("xen/arch/x86/time.c",)


def test_a_conditional_tag_met_then_not_met_then_dropped_then_kept_as_asked() -> None:
    lin = lineage_of("xen/2025-hwdom-flag-rb-condition-not-met.mbox")
    [given] = [
        e
        for e in lin.entries
        if e.origin == "reply" and e.revision == 2 and e.trailer.name == "Reviewed-by"
    ]
    assert given.condition is not None and "CDF_hardware" in given.condition
    assert given.condition_status == "not-met"  # Jan on v3: "... equally important ... d->cdf"
    got = classes(lin, "jbeulich")
    assert got[3] == "carried-condition-not-met"
    assert got[4] == "dropped"  # "Remove Jan's R-b": the code it covered changed
    assert got[5] == "carried-condition-met"  # "Please retain my R-b with this added."
    # its condition was not met on v3, so the tag v4 dropped stood for nothing: no TR007
    [dropped] = lin.dropped
    assert (dropped.revision, dropped.valid) == (4, False)


def test_the_xen_form_of_a_condition_after_the_tag_is_met() -> None:
    lin = lineage_of("xen/2022-pvh-dom0-e820-rb-with-request.mbox")
    [given] = [e for e in lin.entries if e.origin == "reply" and e.trailer.is_review]
    assert given.condition is not None and "pointer-to-const" in given.condition
    assert given.condition_status == "met"
    assert classes(lin, "jbeulich") == {2: "carried-condition-met"}


def test_a_tag_stated_for_both_patches_covers_the_revision() -> None:
    lin = lineage_of("xen/2021-xen-irq-pvops-conditional-rb-applied.mbox")
    [boris] = [e for e in lin.entries if e.origin == "reply" and "boris" in (e.person or "")]
    assert boris.series and boris.patch == 1
    assert {p for p in (1, 2) if boris in lin.for_patch(2, p)} == {1, 2}
    assert {
        e.patch: e.cls
        for e in lin.entries
        if e.origin == "patch" and e.revision == 3 and "boris" in (e.person or "")
    } == {1: "carried-condition-met", 2: "carried-condition-met"}


def test_a_literal_turned_into_its_constant_is_a_trivial_change_in_the_xen_part() -> None:
    # v2 -> v3 changes many files; in drivers/xen/balloon.c (the "Xen related part") only
    # `0` became `MHP_NONE`
    grouping, _ = load([str(THREADS / "xen/2020-memory-hotplug-flags-xen-part.mbox")])
    found = {}
    for series in grouping.series:
        lin = analyse_series(series).lineage
        assert lin is not None
        found.update(
            {
                (e.revision, e.patch): e.cls
                for e in lin.entries
                if e.origin == "patch" and e.trailer.is_review and "jgross" in (e.person or "")
            }
        )
    assert set(found.values()) == {"carried-over-trivial-change"}


def test_an_ack_dropped_though_its_givers_files_did_not_change() -> None:
    lin = lineage_of("xen/2022-pci-check-bar-ack-scope.mbox", XEN_MAINTAINERS)
    [d] = lin.dropped
    assert (d.revision, d.valid, d.changed) == (4, True, False)
    assert classes(lin, "jbeulich") == {4: "dropped", 6: "carried-unchanged"}
    # without a MAINTAINERS file nobody knows the ack covers only x86 and common
    assert lineage_of("xen/2022-pci-check-bar-ack-scope.mbox").dropped[0].changed


def test_a_tag_the_giver_asks_to_reinstate_is_given_again_for_the_part_it_covers() -> None:
    # Jan on v4: "I don't see any change to the parts the ack covers (x86 and common), so
    # please re-instate.": given again on v4 for x86 and common; v6 changes only Arm code
    lin = lineage_of("xen/2022-pci-check-bar-ack-scope.mbox")
    assert classes(lin, "jbeulich") == {4: "dropped", 6: "carried-unchanged"}
    [o] = [o for o in lin.origins if o.revision == 6 and "jbeulich" in str(o.trailer)]
    assert o.given_by == "a7576b0c-2134-1778-7751-375cd4c02554@suse.com"
    assert o.scope == "x86 and common"
    assert o.scope_files is not None and all("/arm/" not in f for f in o.scope_files)


@pytest.mark.parametrize(
    ("words", "scope"),
    [
        ("I see no change to the parts the ack covers (x86), so please re-instate it.", "x86"),
        ("Nothing changed in my area: please reinstate my R-b.", None),
    ],
)
def test_reinstate_words_give_the_tag_again(words: str, scope: str | None) -> None:
    reply = _reply_saying(words)
    [g] = given_in(reply)
    assert (g.kept, g.scope) == (True, scope)


@pytest.mark.parametrize(
    "words",
    [
        "Could you re-instate my ack?",
        "Please don't re-instate my ack, the patch changed too much.",
        "Please re-instate the old error path.",
    ],
)
def test_words_that_do_not_reinstate_a_tag(words: str) -> None:
    assert given_in(_reply_saying(words)) == []


def _reply_saying(words: str) -> Reply:
    subject = "Re: [PATCH v2] f: x"
    msg = Message(
        key="r@x",
        message_id="r@x",
        subject=subject,
        author=Address("J", "j@x.org"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        in_reply_to="p@x",
        references=("p@x",),
        body="> quoted patch line\n\n" + words + "\n",
    )
    return Reply(msg, parse_subject(subject), "p@x", "p@x")


def test_a_withdrawn_tag_and_a_robots_suggested_tag() -> None:
    grouping, _ = load([str(THREADS / "xen/2020-pci-ats-withdrawn-rb.mbox")])
    given = [
        e
        for s in grouping.series
        for e in (analyse_series(s).lineage or Lineage()).entries
        if e.origin == "reply" and "jbeulich" in (e.person or "")
    ]
    [jan] = given
    assert jan.withdrawn == "4598bf81-5802-93b8-e160-05c139a6d4cf@suse.com"
    assert jan.condition is not None and "---help---" in jan.condition
    grouping, _ = load([str(THREADS / "xen/2020-memory-hotplug-flags-xen-part.mbox")])
    assert not [
        e
        for s in grouping.series
        for e in (analyse_series(s).lineage or Lineage()).entries
        if e.origin == "reply" and "lkp@" in (e.person or "")
    ]


def test_a_yes_to_a_quoted_request_for_a_tag_gives_it(tmp_path: Path) -> None:
    """Marc Zyngier, 'PCI: xilinx: Convert to MSI domains' v2 (March 2021): "Can I take this
    as a Tested-by: tag?", Bharat Kumar Gogada: "Yes." (and a "No." gives nothing)."""

    def mail(mid: str, sender: str, subject: str, body: str, parent: str | None) -> str:
        head = f"From {sender} Mon Jan  1 00:00:00 2024\nFrom: {sender}\nSubject: {subject}\n"
        head += f"Date: Mon, 1 Jan 2024 00:00:0{len(mid) % 10} +0000\nMessage-ID: <{mid}>\n"
        if parent:
            head += f"In-Reply-To: <{parent}>\nReferences: <{parent}>\n"
        return head + "\n" + body + "\n"

    patch_body = diff("n = 0;")
    ask = "> With the patch everything works.\n\nGreat. Can I take this as a Tested-by:\ntag?\n"
    box = tmp_path / "t.mbox"
    for answer, tagged in (("Yes.\n\nRegards,\nB", True), ("No, not yet.\n", False)):
        box.write_text(
            mail("p@x", "M <m@x.org>", "[PATCH] f: x", patch_body, None)
            + mail("q@x", "M <m@x.org>", "Re: [PATCH] f: x", ask, "p@x")
            + mail(
                "a@x",
                "B <b@y.com>",
                "RE: [PATCH] f: x",
                "> Great. Can I take this as a Tested-by:\n> tag?\n\n" + answer,
                "q@x",
            )
        )
        grouping, _ = load([str(box)])
        [reply] = [
            r
            for s in grouping.series
            for rev in s.revisions
            for r in rev.replies
            if r.message.message_id == "a@x"
        ]
        given = [
            (g.trailer.canonical, g.trailer.person and g.trailer.person.email)
            for g in given_in(reply)
        ]
        assert given == ([("Tested-by", "b@y.com")] if tagged else []), answer


@pytest.mark.parametrize(
    ("changelog", "rejudged"),
    [
        # Sean Christopherson, 'x86/tsc' v5 cover letter (July 2026)
        (
            "- Collect reviews. [David] (Kirill's got dropped because the patch he reviewed\n"
            "  got completely rewritten).",
            True,
        ),
        ("v4: dropped the R-b of patch 3, it changed a lot", True),
        # Sean Christopherson, 'x86: Try to wrangle PV clocks vs. TSC' v4 (May 2026)
        (
            "Note, I deliberately didn't collect a few reviews as the patches changed quite\n"
            "a bit from what was reviewed in v3.",
            True,
        ),
        ("  - Remove Fixes: tag from patch #6\n  - Add Reviewed-by: tags", False),
        ("v2: collected tags, rebased", False),
    ],
)
def test_the_author_says_the_tags_of_changed_patches_were_dropped(
    changelog: str, rejudged: bool
) -> None:
    from types import SimpleNamespace

    from patchlint.analysis.trailers.author_says import tags_rejudged

    rev = SimpleNamespace(changelog=changelog, cover=None)
    assert tags_rejudged(SimpleNamespace(notes=""), [rev]) is rejudged  # type: ignore[arg-type]
    # said anywhere in the cover letter, outside its changelog, it counts the same
    rev = SimpleNamespace(changelog=None, cover=SimpleNamespace(body="Hi,\n\n" + changelog))
    assert tags_rejudged(SimpleNamespace(notes=""), [rev]) is rejudged  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cover", "kept"),
    [
        # Pankaj Gupta, 'virtio pmem driver' v10 cover letter (the virtualization list, May
        # 2019)
        (
            " Incorporated all the changes suggested in v9. This version\n"
            " has minor changes in patch 2(virtio) and does not change the \n"
            " existing functionality, Kept all the existing reviews/ack.\n"
            " Jakob CCed also tested the v9 of patch series and confirmed \n"
            " the working.",
            True,
        ),
        ("v3: no functional change, retained the R-b tags", True),
        # only one of the two: no statement about the tags weighed
        ("v3: no functional change", False),
        ("v3: kept the existing reviews\n\nReworked the locking in patch 2.", False),
        ("v3: reworked the locking; kept the tags since it does not change much", False),
    ],
)
def test_the_author_says_a_posting_changed_no_functionality_and_kept_the_tags(
    cover: str, kept: bool
) -> None:
    from types import SimpleNamespace

    from patchlint.analysis.trailers.author_says import kept_as_unchanged

    rev = SimpleNamespace(changelog=None, cover=SimpleNamespace(body="Hi,\n\n" + cover))
    assert kept_as_unchanged(rev, SimpleNamespace(notes="")) is kept  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "verdicts"),
    [
        ("f: x", ["missing"]),
        # Nuno Das Neves, '[PATCH] fixup! mshv: Add support for a new parent partition
        # configuration' (linux-hyperv, August 2025): folded into a commit signed off already
        ("fixup! f: x", []),
    ],
)
def test_a_fixup_commit_needs_no_signoff(tmp_path: Path, title: str, verdicts: list[str]) -> None:
    body = diff("n = 0;").replace("Signed-off-by: A <a@b.c>\n", "")
    box = tmp_path / "t.mbox"
    box.write_text(
        f"From a Mon Jan  1 00:00:00 2024\nFrom: A <a@b.c>\nSubject: [PATCH] {title}\n"
        "Date: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <p@x>\n\n" + body + "\n"
    )
    grouping, _ = load([str(box)])
    lineages = [analyse_series(s).lineage for s in grouping.series]
    assert [c.verdict.problem for lin in lineages if lin for c in lin.signoffs] == verdicts


# -- material changes ----------------------------------------------------------------------


def patch(body: str, mid: str) -> object:
    msg = Message(
        key=mid,
        message_id=mid,
        subject="[PATCH] f: x",
        author=Address("A", "a@b.c"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        body=body,
        in_reply_to=None,
        references=(),
    )
    return build_patch(msg, parse_subject(msg.subject))


def diff(*added: str, context: str = "int x;") -> str:
    lines = "\n".join(f"+{a}" for a in added)
    return (
        f"Change.\n\nSigned-off-by: A <a@b.c>\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n"
        f"+++ b/f.c\n@@ -1,2 +1,{2 + len(added)} @@\n {context}\n{lines}\n int y;\n"
    )


@pytest.mark.parametrize(
    ("old", "new", "kinds"),
    [
        (("/* count the users */", "n = 0;"), ("/* count every user */", "n = 0;"), []),
        (("n = 0;",), ("#include <linux/export.h>", "n = 0;"), ["trivial"]),
        (("static int f(int x);",), ("static int f(unsigned int x);",), ["trivial"]),
        (("n = 0;",), ("n  =  0 ;",), []),
        (("__u32 n;",), ("u32 n;",), []),
        (
            ('pr_err("try faulted after %d", n);',),
            ('pr_err("last line seen %d", n);',),
            ["trivial"],
        ),
        (('f("a");',), ('f("b");',), ["material"]),
        (("add(a, 0);",), ("add(a, MHP_NONE);",), ["trivial"]),
        (("a = 1;", "b = a;"), ("b = a;", "a = 1;"), ["material"]),
        (("a = 1;", "b = 2;"), ("a = 1;",), ["removal"]),
        (("if (x)", "\treturn -EINVAL;"), ("if (x)", "\treturn 0;"), ["material"]),
        # logging aside: a message gains __func__ and wraps, a debug line is added
        (
            ('syslog(LOG_ERR, "Too long key=%s", key);', "return 1;"),
            ('syslog(LOG_ERR, "%s: Too long key=%s",', "       __func__, key);", "return 1;"),
            ["trivial"],
        ),
        (("n = 0;",), ('dev_dbg(dev, "reset\\n");', "n = 0;"), ["trivial"]),
        # ... but not what is around the log: a new error path that also logs
        (("n = 0;",), ("if (n)", '\tpr_err("busy\\n");', "n = 0;"), ["material"]),
        # a result of a call that happens to end in _err is no log
        (("n = 0;",), ("n = set_err(x);",), ["material"]),
        # a declaration without an initializer moved
        (("int id;", "int ret;"), ("int ret;", "int id;"), ["trivial"]),
        (("int id = 0;", "int r;", "n = 1;"), ("int r;", "n = 1;", "int id = 0;"), ["material"]),
    ],
)
def test_what_a_step_changes_in_code(
    old: tuple[str, ...], new: tuple[str, ...], kinds: list[str]
) -> None:
    step = compare_patches(patch(diff(*old), "o@x"), patch(diff(*new), "n@x"))  # type: ignore[arg-type]
    assert [h.kind for h in step_code(step).hunks] == kinds


@pytest.mark.parametrize(
    ("renamed", "kinds"),
    [
        (frozenset({"acpi_get_wakeup"}), ["trivial"]),  # another patch of the series renames it
        (frozenset(), ["material"]),  # nothing in the series says so: a different function
        (frozenset({"unrelated"}), ["material"]),
    ],
)
def test_a_rename_followed_from_another_patch_of_the_series(
    renamed: frozenset[str], kinds: list[str]
) -> None:
    step = compare_patches(
        patch(diff("p = get_wakeup(x);", "q = get_wakeup(y);"), "o@x"),  # type: ignore[arg-type]
        patch(
            diff("p = acpi_get_wakeup(x);", "q = acpi_get_wakeup(y);"),  # type: ignore[arg-type]
            "n@x",
        ),
    )
    assert [h.kind for h in step_code(step, renamed).hunks] == kinds


@pytest.mark.parametrize(
    ("moves", "kinds"),
    [
        # the newer revision's patch 1 adds what this patch dropped; this one now adds what
        # the older revision's patch 1 added: a series reordered
        (
            (frozenset({"ret = setup(dev);"}), frozenset({"ret = prepare(dev);"}), frozenset()),
            ["trivial"],
        ),
        # only half of it went elsewhere: a change of this patch
        ((frozenset({"ret = setup(dev);"}), frozenset(), frozenset()), ["material"]),
        ((frozenset(), frozenset(), frozenset()), ["material"]),
    ],
)
def test_code_moved_between_the_series_patches_is_no_change(
    moves: tuple[frozenset[str], frozenset[str], frozenset[str]], kinds: list[str]
) -> None:
    step = compare_patches(
        patch(diff("ret = prepare(dev);"), "o@x"),  # type: ignore[arg-type]
        patch(diff("ret = setup(dev);"), "n@x"),  # type: ignore[arg-type]
    )
    assert [h.kind for h in step_code(step, frozenset(), moves).hunks] == kinds


def test_a_conversion_handed_to_another_patch_is_no_change() -> None:
    # 'mm/memory_hotplug: convert memhp_auto_online to store an online type' v2 (March
    # 2020): patch 7 no longer converts `!memhp_auto_online`; another patch of v2 does
    base = [f"int v{i};" for i in range(12)]

    def replaces(line: int, new: str) -> str:
        body = [f" {x}" for x in base]
        body[line] = f"-{base[line]}\n+{new}"
        return (
            "Change.\n\nSigned-off-by: A <a@b.c>\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n"
            "+++ b/f.c\n@@ -1,12 +1,12 @@\n" + "\n".join(body) + "\n"
        )

    base[1] = "w = !auto_online;"
    older = patch(replaces(1, "w = online_type == OFFLINE;"), "o@x")
    newer = patch(replaces(10, "int v10 = 1;"), "n@x")
    step = compare_patches(older, newer)  # type: ignore[arg-type]
    handed = (frozenset(), frozenset(), frozenset({"w = !auto_online;"}))
    kinds = {h.old_start < 5: h.kind for h in step_code(step, frozenset(), handed).hunks}
    assert kinds == {True: "trivial", False: "material"}  # the conversion went; v10 is new
    kinds = {h.old_start < 5: h.kind for h in step_code(step).hunks}
    assert kinds == {True: "material", False: "material"}


@pytest.mark.parametrize(
    ("notes", "cls"),
    [
        ("v2:\n- Rebase to latest upstream code\n", "carried-unchanged"),
        ("Changes in v2:\n  A minor rebase to the v7 DDA patchset.\n", "carried-unchanged"),
        ("v2:\n- rebased on 6.1\n- fix a leak in probe\n", "carried-over-material-change"),
        ("", "carried-over-material-change"),
        # 'virtio-balloon: Switch back to OOM handler for VIRTIO_BALLOON_F_DEFLATE_ON_OOM' v2
        # (the virtualization list, <20200310103903.6014-1-david@redhat.com>): a rebase, the
        # commit message and the tags, and a note to the maintainers under the list
        (
            "v1 -> v2:\n- Rebase on top of linux-next (free page reporting)\n- Clarified some"
            " parts in the patch description and added testing\n  instructions/results\n"
            "- Added Fixes: and Tested-by:\n\nAs this patch is based on free page reporting,"
            " MST suggested to take this\nvia Andrew's tree.\n",
            "carried-unchanged",
        ),
        # ... but a message item that names code is about code
        (
            "v2:\n- rebased on 6.1\n- reworded the description of register_table()\n",
            "carried-over-material-change",
        ),
        # 'Support GEM object mappings from I/O memory' v7 (the virtualization list,
        # <20201103093015.1063-11-tzimmermann@suse.de>): every item fixes what a checker or
        # a test reported
        (
            "v2:\n\t* use min_t(size_t,) (kernel test robot)\n\t* return the number of bytes"
            " read/written, if any (fbdev testcase)\n",
            "carried-unchanged",
        ),
        (
            "v2:\n- use min_t() (kernel test robot)\n- fix a leak in probe\n",
            "carried-over-material-change",
        ),
    ],
)
def test_a_step_the_changelog_calls_a_rebase_is_drift(tmp_path: Path, notes: str, cls: str) -> None:
    """Long Li, 'Drivers: hv: move panic report code from vmbus to hv early init code' v3
    (April 2023): "Change log v3: 1. Rebase to latest upstream code" under Michael
    Kelley's Reviewed-by of v2."""
    box = tmp_path / "t.mbox"

    def mail(mid: str, sender: str, subject: str, body: str, parent: str | None, n: int) -> str:
        head = f"From x Mon Jan  1 00:00:00 2024\nFrom: {sender}\nSubject: {subject}\n"
        head += f"Date: Mon, {n} Jan 2024 00:00:00 +0000\nMessage-ID: <{mid}>\n"
        if parent:
            head += f"In-Reply-To: <{parent}>\nReferences: <{parent}>\n"
        return head + "\n" + body + "\n"

    v2_body = diff("n = register(x);").replace(
        "Signed-off-by: A <a@b.c>\n---\n",
        "Signed-off-by: A <a@b.c>\nReviewed-by: R <r@y.org>\n---\n" + notes + "\n",
    )
    box.write_text(
        mail("p1@x", "A <a@b.c>", "[PATCH] f: x", diff("n = register_table(x);"), None, 1)
        + mail(
            "r@y",
            "R <r@y.org>",
            "Re: [PATCH] f: x",
            "> +n\n\nReviewed-by: R <r@y.org>\n",
            "p1@x",
            2,
        )
        + mail("p2@x", "A <a@b.c>", "[PATCH v2] f: x", v2_body, None, 9)
    )
    grouping, _ = load([str(box)])
    [series] = grouping.series
    lin = analyse_series(series).lineage
    assert lin is not None
    assert classes(lin, "r@y.org") == {2: cls}


def _header_patch(*added: str, mid: str) -> object:
    lines = "\n".join(f"+{a}" for a in added)
    return patch(
        f"Change.\n\nSigned-off-by: A <a@b.c>\n---\ndiff --git a/f.h b/f.h\n--- a/f.h\n"
        f"+++ b/f.h\n@@ -1,2 +1,{2 + len(added)} @@\n int x;\n{lines}\n int y;\n",
        mid,
    )


def test_an_inline_function_s_local_in_a_header_is_no_member() -> None:
    # 'rpmsg: ...' v6 put back the `int ret;` of rpmsg_ctrldev_register_device(), an
    # inline function in rpmsg_internal.h: a local, not a type's layout
    body = ("static inline int f(int a)", "{", "return a;", "}")
    with_local = ("static inline int f(int a)", "{", "int ret;", "return a;", "}")
    step = compare_patches(_header_patch(*body, mid="o@x"), _header_patch(*with_local, mid="n@x"))  # type: ignore[arg-type]
    assert [(h.kind, h.added) for h in step_code(step).hunks] == [("material", ())]
    # a member added to a struct is
    struct = ("struct s {", "int a;", "};")
    member = ("struct s {", "int a;", "int ret;", "};")
    step = compare_patches(_header_patch(*struct, mid="o@x"), _header_patch(*member, mid="n@x"))  # type: ignore[arg-type]
    assert [h.added for h in step_code(step).hunks] == [("int ret;",)]


def test_a_rename_all_through_the_patch_is_trivial() -> None:
    # Michael Kelley, 'drm/hyperv' v3 (May 2026): the patch's own to_hv() macro became
    # to_hv_drm() at every use under Dexuan Cui's Reviewed-by
    old = patch(diff("#define to_hv(d) f(d)", "p = to_hv(x);"), "o@x")
    new = patch(diff("#define to_hv_drm(d) f(d)", "p = to_hv_drm(x);"), "n@x")
    step = compare_patches(old, new)  # type: ignore[arg-type]
    assert {h.kind for h in step_code(step).hunks} == {"trivial"}
    # one use left under the old name: no rename
    new = patch(diff("#define to_hv_drm(d) f(d)", "p = to_hv_drm(x);", "q = to_hv(y);"), "n@x")
    step = compare_patches(old, new)  # type: ignore[arg-type]
    assert "material" in {h.kind for h in step_code(step).hunks}


def test_a_rename_is_made_everywhere_in_the_hunk() -> None:
    # one lock() of two turned into unlock(): no rename, whatever the series does
    step = compare_patches(
        patch(diff("lock(a);", "lock(b);"), "o@x"),  # type: ignore[arg-type]
        patch(diff("lock(a);", "unlock(b);"), "n@x"),
    )  # type: ignore[arg-type]
    assert [h.kind for h in step_code(step, frozenset({"unlock"})).hunks] == ["material"]
    step = compare_patches(
        patch(diff("f(a, b);"), "o@x"),  # type: ignore[arg-type]
        patch(diff("f(b, a);"), "n@x"),
    )  # type: ignore[arg-type]
    assert [h.kind for h in step_code(step, frozenset({"a", "b"})).hunks] == ["material"]


def header_diff(*hunks: tuple[int, tuple[str, ...]]) -> str:
    """A patch adding lines to f.h, one hunk per (line, added lines), 3 context lines."""
    out = "Change.\n\nSigned-off-by: A <a@b.c>\n---\ndiff --git a/f.h b/f.h\n--- a/f.h\n+++ b/f.h\n"
    shift = 0
    for line, added in hunks:
        out += f"@@ -{line},2 +{line + shift},{2 + len(added)} @@\n int c{line};\n"
        out += "".join(f"+{a}\n" for a in added) + f" int d{line};\n"
        shift += len(added)
    return out


def test_in_a_header_prototypes_added_and_a_block_moved_are_trivial() -> None:
    # Dexuan Cui, 'Support TDX guests on Hyper-V' v5: an extern prototype added to
    # asm-generic/mshyperv.h under Michael Kelley's Reviewed-by
    step = compare_patches(
        patch(header_diff((10, ("int a(void);",))), "o@x"),  # type: ignore[arg-type]
        patch(
            header_diff((10, ("int a(void);", "extern bool b(int x);"))),  # type: ignore[arg-type]
            "n@x",
        ),
    )
    assert [h.kind for h in step_code(step).hunks] == ["trivial"]
    block = (
        "#if X",
        "u8 get_vtl(void);",
        "#else",
        "static inline u8 get_vtl(void) { return 0; }",
        "#endif",
    )
    # Roman Kisel, 'hyperv: Enable the hypercall output page for the VTL mode' v6: the
    # get_vtl() block moved further down the header
    step = compare_patches(
        patch(header_diff((10, block), (40, ())), "o@x"),  # type: ignore[arg-type]
        patch(header_diff((10, ()), (40, block)), "n@x"),
    )  # type: ignore[arg-type]
    assert {h.kind for h in step_code(step).hunks} == {"trivial"}
    # a prototype changed is (Nathan Huckleberry's 'net: mana: Fix return type of
    # mana_start_xmit' v2, the stale-trailer case)
    step = compare_patches(
        patch(header_diff((10, ("int a(void);",))), "o@x"),  # type: ignore[arg-type]
        patch(header_diff((10, ("long a(void);",))), "n@x"),
    )  # type: ignore[arg-type]
    assert [h.kind for h in step_code(step).hunks] == ["material"]
    # an inline function's body is no prototype
    step = compare_patches(
        patch(header_diff((10, ("int a(void);",))), "o@x"),  # type: ignore[arg-type]
        patch(
            header_diff((10, ("static inline int a(void) { return 1; }",))),  # type: ignore[arg-type]
            "n@x",
        ),
    )
    assert [h.kind for h in step_code(step).hunks] == ["material"]


@pytest.mark.parametrize(
    ("old", "new", "kinds"),
    [
        # Purna Pavan Chandra Aekkaladevi, v7 (December 2025): a prototype taken out of
        # the CONFIG_X86_64 block to fix other builds
        (
            ("#ifdef CONFIG_X86_64", "int hv_sleep_register(void);", "#endif"),
            ("int hv_sleep_register(void);", "#ifdef CONFIG_X86_64", "#endif"),
            ["trivial"],
        ),
        # Nuno Das Neves, v6 (March 2025): the HVCALL defines put in order
        (
            ("#define HVCALL_B 0x0002", "#define HVCALL_A 0x0001"),
            ("#define HVCALL_A 0x0001", "#define HVCALL_B 0x0002"),
            ["trivial"],
        ),
        # a constant's value changed is a change
        (("#define HVCALL_A 0x0001",), ("#define HVCALL_A 0x0003",), ["material"]),
        # so is a macro that computes
        (("#define F(x) ((x) + 1)",), ("#define F(x) ((x) + 2)",), ["material"]),
    ],
)
def test_in_a_header_declarations_rearranged_are_no_change(
    old: tuple[str, ...], new: tuple[str, ...], kinds: list[str]
) -> None:
    step = compare_patches(
        patch(header_diff((10, old)), "o@x"),  # type: ignore[arg-type]
        patch(header_diff((10, new)), "n@x"),  # type: ignore[arg-type]
    )
    assert [h.kind for h in step_code(step).hunks] == kinds


def test_rebase_drift_in_the_context_is_no_change() -> None:
    step = compare_patches(
        patch(diff("n = 0;", context="int x;"), "o@x"),  # type: ignore[arg-type]
        patch(diff("n = 0;", context="long x;"), "n@x"),
    )  # type: ignore[arg-type]
    assert step_code(step).hunks == []


@pytest.mark.parametrize(
    ("newer", "kinds"),
    [
        # David Hildenbrand, 'mm/memory_hotplug: prepare passing flags to add_memory()' v4
        # (September 2020): only the line the patch replaces changed (`0` became
        # `MHP_NONE` earlier in the series); what it adds is the same
        (("add(a, MHP_NONE);",), []),
        (("add(a, MHP_NONE);", "gone();"), ["material"]),  # it now removes one line more
    ],
)
def test_in_a_diff_of_diffs_the_replaced_lines_changing_is_drift(
    newer: tuple[str, ...], kinds: list[str]
) -> None:
    def replacing(old: tuple[str, ...], new: str) -> str:
        removed = "".join(f"-{line}\n" for line in old)
        return (
            "Change.\n\nSigned-off-by: A <a@b.c>\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n"
            f"+++ b/f.c\n@@ -1,{2 + len(old)} +1,3 @@\n int x;\n{removed}+{new}\n int y;\n"
        )

    step = compare_patches(
        patch(replacing(("add(a, 0);",), "add(a, MERGE);"), "o@x"),  # type: ignore[arg-type]
        patch(replacing(newer, "add(a, MERGE);"), "n@x"),  # type: ignore[arg-type]
    )
    assert [f.method for f in step.files] == ["range-diff"]
    assert [h.kind for h in step_code(step).hunks] == kinds


# -- tag checks ----------------------------------------------------------------------------


def tags_of(trailers: str, date: datetime = datetime(2024, 1, 1, tzinfo=UTC)) -> list[str]:
    body = (
        f"Change.\n\n{trailers}---\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
        "@@ -1 +1,2 @@\n a\n+b\n"
    )
    msg = Message(
        key="m",
        message_id="m",
        subject="[PATCH] f: x",
        author=Address("A", "a@b.c"),
        date=date,
        body=body,
        in_reply_to=None,
        references=(),
    )
    return [
        p.kind
        for p in patch_tag_problems(build_patch(msg, parse_subject(msg.subject)), 1, People())
    ]


@pytest.mark.parametrize(
    ("trailers", "kinds"),
    [
        (
            "Reviewed-by: R <r@x.org>\nSigned-off-by: A <a@b.c>\nReviewed-by: R <r@x.org>\n",
            ["duplicate"],
        ),
        # a chain: back to its author after another sign-off; or re-signed under collected tags
        ("Signed-off-by: A <a@b.c>\nSigned-off-by: M <m@x.org>\nSigned-off-by: A <a@b.c>\n", []),
        ("Signed-off-by: A <a@b.c>\nReviewed-by: R <r@x.org>\nSigned-off-by: A <a@b.c>\n", []),
        (
            "Reported-by: kernel test robot <lkp@intel.com>\nCloses: https://x/1\n"
            "Reported-by: kernel test robot <lkp@intel.com>\nCloses: https://x/2\n"
            "Signed-off-by: A <a@b.c>\n",
            [],
        ),
        (
            'Fixes: 0efeea5fb ("hv_netvsc: Add the support of hibernation")\n'
            "Signed-off-by: A <a@b.c>\n",
            ["fixes-short-id"],
        ),
        ("Fixes: 0efeea5fb6f1\nSigned-off-by: A <a@b.c>\n", ["fixes-no-subject"]),
        (
            'Fixes: 0efeea5fb6f1 ("hv_netvsc: Add the support of hibernation").\n'
            "Signed-off-by: A <a@b.c>\n",
            [],
        ),
        (
            'Fixes: 315562c9af3d5 ("x86/sev-es: Adjust #VC IST Stack on entering NMI handler")\n'
            "Signed-off-by: A <a@b.c>\n",
            [],
        ),
        ("Fixes: https://bugzilla.example.org/1\nSigned-off-by: A <a@b.c>\n", []),
        (
            "Reported-by: syzbot+0123@syzkaller.appspotmail.com\nSigned-off-by: A <a@b.c>\n",
            ["reported-without-closes"],
        ),
        ("Reported-by: Jane Doe <jane@x.org>\nSigned-off-by: A <a@b.c>\n", []),
        (
            "Co-developed-by: C <c@x.org>\nSigned-off-by: A <a@b.c>\n",
            ["codeveloper-without-signoff"],
        ),
        (
            "Co-developed-by: C <c@x.org>\nSigned-off-by: C <c@x.org>\nSigned-off-by: A <a@b.c>\n",
            [],
        ),
    ],
)
def test_tag_problems(trailers: str, kinds: list[str]) -> None:
    assert tags_of(trailers) == kinds


def test_a_robots_report_before_it_asked_for_closes_is_left_alone() -> None:
    old = datetime(2022, 6, 1, tzinfo=UTC)
    assert (
        tags_of(
            "Reported-by: syzbot+0123@syzkaller.appspotmail.com\nSigned-off-by: A <a@b.c>\n", old
        )
        == []
    )


def test_a_fixes_id_is_looked_up_in_a_real_git_tree(tmp_path: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(tmp_path), *args], check=True, capture_output=True, text=True
        ).stdout.strip()

    git("init", "-q")
    (tmp_path / "f.c").write_text("a\n")
    git("add", "f.c")
    git("-c", "user.name=T", "-c", "user.email=t@x.org", "commit", "-q", "-m", "first")
    head = git("rev-parse", "HEAD")[:12]
    tree = tree_reader(tmp_path)
    assert tree.has_commit(head) is True
    assert tree.has_commit("0123456789ab") is False
    assert tree.has_commit("not-hex") is None
    body = (
        f'Change.\n\nFixes: {head} ("first")\nFixes: 0123456789ab ("gone")\n'
        "Signed-off-by: A <a@b.c>\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
        "@@ -1 +1,2 @@\n a\n+b\n"
    )
    msg = Message(
        key="m",
        message_id="m",
        subject="[PATCH] f: x",
        author=Address("A", "a@b.c"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        body=body,
        in_reply_to=None,
        references=(),
    )
    found = patch_tag_problems(build_patch(msg, parse_subject(msg.subject)), 1, People(), tree)
    assert [(p.kind, p.detail) for p in found] == [("fixes-unknown-commit", "0123456789ab")]
    # a directory that is no git checkout tells nothing
    plain = tmp_path.parent / f"{tmp_path.name}-plain"
    plain.mkdir()
    assert tree_reader(plain).has_commit(head) is None


def test_a_maintainer_is_found_in_every_section_but_the_catch_all(tmp_path: Path) -> None:
    # Vinod Koul's ack on 'bus: Make remove callback return void' (July 2021) covers
    # drivers/dma/idxd/, which has a section of its own under the DMA engine's
    from patchlint.analysis.trailers.areas import file_maintainers

    path = tmp_path / "MAINTAINERS"
    path.write_text(
        "DMA GENERIC OFFLOAD ENGINE SUBSYSTEM\nM:\tVinod Koul <vkoul@kernel.org>\n"
        "F:\tdrivers/dma/\n\n"
        "INTEL IADX DRIVER\nM:\tFenghua Yu <fenghua.yu@intel.com>\nF:\tdrivers/dma/idxd/*\n\n"
        "THE REST\nM:\tLinus Torvalds <torvalds@linux-foundation.org>\nF:\t*\nF:\t*/\n"
    )
    db = read_maintainers(path)
    found = {a.email for a in file_maintainers(db, "drivers/dma/idxd/bus.c")}
    assert found == {"vkoul@kernel.org", "fenghua.yu@intel.com"}
    # a file only the catch-all covers is nobody's area in particular
    assert file_maintainers(db, "kernel/fork.c") == []
