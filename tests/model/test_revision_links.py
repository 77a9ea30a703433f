"""Revisions that hold together: links beyond the exact title (model/linking.py), re-posts,
renumbered patches, split patches; and what must stay apart."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from patchlint.analysis.revisions.compare import pair_patches, series_interdiffs
from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Diagnostic, Message
from patchlint.model.series import Grouping
from patchlint.pipeline import review
from tests.conftest import FIXTURES

T0 = datetime(2024, 1, 1, tzinfo=UTC)
ANN = "Ann Author <ann@example.org>"


def diff(path: str, lines: list[str]) -> str:
    """A diff adding `lines` to `path` (each line long enough to count as evidence), with
    blob ids on its `index` line as git computes them for these contents."""
    body = "".join(f"+{line}\n" for line in lines)
    old = "context_line();\n"
    new = old + "".join(f"{line}\n" for line in lines)
    blobs = "..".join(_blob(text)[:12] for text in (old, new))
    return (
        f"---\n {path} | {len(lines)} +\n\ndiff --git a/{path} b/{path}\n"
        f"index {blobs} 100644\n--- a/{path}\n+++ b/{path}\n"
        f"@@ -1,1 +1,{len(lines) + 1} @@\n context_line();\n{body}"
    )


def _blob(text: str) -> str:
    data = text.encode()
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


CODE = [f"helper_{i}(dev, value_{i});" for i in range(8)]
OTHER = [f"unrelated_{i}(ctx, item_{i});" for i in range(8)]


def mail(
    mid: str, subject: str, body: str, *, day: int = 0, author: str = ANN, parent: str | None = None
) -> Message:
    name, addr = author.split(" <")
    return Message(
        key=mid,
        message_id=mid,
        subject=subject,
        author=Address(name, addr.rstrip(">")),
        date=T0
        + timedelta(
            days=day, minutes=int(mid.rsplit("-", 1)[-1]) if mid.rsplit("-", 1)[-1].isdigit() else 0
        ),
        in_reply_to=parent,
        references=(parent,) if parent else (),
        body=body,
    )


def patch(
    mid: str,
    subject: str,
    lines: list[str],
    *,
    day: int = 0,
    path: str = "drv/x.c",
    notes: str = "",
    author: str = ANN,
    parent: str | None = None,
) -> Message:
    text = diff(path, lines)
    if notes:
        text = text.replace("---\n", f"---\n{notes}\n", 1)
    return mail(
        mid,
        subject,
        f"Change it.\n\nSigned-off-by: {author}\n{text}",
        day=day,
        author=author,
        parent=parent,
    )


def cover(
    mid: str, subject: str, text: str = "The series.\n", *, day: int = 0, author: str = ANN
) -> Message:
    return mail(mid, subject, text, day=day, author=author)


def group(*messages: Message) -> Grouping:
    diags: list[Diagnostic] = []
    return group_messages(list(messages), diags)


def shape(g: Grouping) -> list[list[tuple[int, str]]]:
    return [[(r.version, r.state) for r in s.revisions] for s in g.series]


def test_a_tree_or_release_tag_added_in_v2_keeps_one_series():
    g = group(
        patch("a-1", "[PATCH] tools/xl: open the log with O_CLOEXEC", CODE),
        patch("b-1", "[PATCH for-4.19 v2] tools/xl: open the log with O_CLOEXEC", CODE, day=30),
    )
    assert shape(g) == [[(1, "superseded"), (2, "latest")]]
    g = group(
        patch("a-1", "[PATCH net-next] net: fix the thing", CODE),
        patch("b-1", "[PATCH net v2] net: fix the thing", OTHER, day=3),
    )
    assert shape(g) == [[(1, "superseded"), (2, "latest")]]


def test_the_same_fix_for_two_stable_branches_stays_two_series():
    g = group(
        patch("a-1", "[PATCH 5.10] x: fix", CODE),
        patch("b-1", "[PATCH 5.15] x: fix", CODE, day=1),
        patch("c-1", "[PATCH 5.15 v2] x: fix", CODE, day=2),
    )
    assert sorted(shape(g)) == [[(1, "latest")], [(1, "superseded"), (2, "latest")]]
    fifteen = next(s for s in g.series if len(s.revisions) == 2)
    assert [r.key for r in fifteen.revisions] == ["b-1", "c-1"]


def test_a_retitled_cover_letter_with_the_same_patches_is_the_next_version():
    v1 = [
        cover("v1-0", "[PATCH 0/2] x86/xen: do some paravirt cleanup"),
        patch("v1-1", "[PATCH 1/2] x86/xen: drop a call", CODE, parent="v1-0"),
        patch(
            "v1-2", "[PATCH 2/2] x86/xen: drop another call", OTHER, parent="v1-0", path="drv/y.c"
        ),
    ]
    v2 = [
        cover("v2-0", "[PATCH v2 0/3] x86: major paravirt cleanup", day=5),
        patch("v2-1", "[PATCH v2 1/3] x86/xen: drop a call", CODE, day=5, parent="v2-0"),
        patch(
            "v2-2",
            "[PATCH v2 2/3] x86: more",
            [f"more_{i}(x, y);" for i in range(5)],
            day=5,
            parent="v2-0",
            path="drv/z.c",
        ),
        patch(
            "v2-3",
            "[PATCH v2 3/3] x86/xen: drop another call",
            OTHER,
            day=5,
            parent="v2-0",
            path="drv/y.c",
        ),
    ]
    g = group(*v1, *v2)
    assert shape(g) == [[(1, "superseded"), (2, "latest")]]


def test_new_work_restarting_at_v1_under_a_new_title_stays_apart():
    """Patches taken out of a series and posted as their own series from v1 (the first
    posting has no version): new work, even with the same code."""
    g = group(
        cover("a-0", "[PATCH v2 0/1] Solve probe races"),
        patch("a-1", "[PATCH v2 1/1] iommu: rework", CODE, parent="a-0"),
        cover("b-0", "[PATCH 0/1] FW parsing cleanup", day=9),
        patch("b-1", "[PATCH 1/1] iommu: rework", CODE, day=9, parent="b-0"),
    )
    assert len(g.series) == 2


def test_a_changelog_link_to_the_earlier_posting_links_the_series():
    v1 = patch("1.v1@example.org", "[PATCH] mm: do one thing", CODE)
    notes = (
        "Changes in v2:\n- all of it\n- Link to v1: https://lore.kernel.org/r/1.v1@example.org\n"
    )
    v2 = patch(
        "1.v2@example.org", "[PATCH v2] mm: do another thing instead", OTHER, day=2, notes=notes
    )
    g = group(v1, v2)
    assert shape(g) == [[(1, "superseded"), (2, "latest")]]
    assert g.series[0].revisions[1].supersedes == ["1.v1@example.org"]
    # a link on a line that does not speak of a version names other work
    v2 = patch(
        "1.v2@example.org",
        "[PATCH v2] mm: do another thing instead",
        OTHER,
        day=2,
        notes="Depends on https://lore.kernel.org/r/1.v1@example.org\n",
    )
    assert len(group(v1, v2).series) == 2


def test_the_same_version_posted_again_supersedes_the_first_posting():
    """'v4 posted twice ... the second posting is the v4 that counts'."""
    v3 = [
        cover("v3-0", "[PATCH v3 0/1] x86: cleanup"),
        patch("v3-1", "[PATCH v3 1/1] x86: drop it", CODE, parent="v3-0"),
    ]
    v4 = [
        cover("v4-0", "[PATCH v4 0/1] x86: cleanup", day=5),
        patch(
            "v4-1", "[PATCH v4 1/1] x86: drop it", [*CODE, "one_more(x, y);"], day=5, parent="v4-0"
        ),
    ]
    again = [
        cover("v4b-0", "[PATCH v4 0/1] x86: cleanup", "Resent: the Cc's were missing\n", day=5),
        patch(
            "v4b-1",
            "[PATCH v4 1/1] x86: drop it",
            [*CODE, "one_more(x, y);"],
            day=5,
            parent="v4b-0",
        ),
    ]
    g = group(*v3, *v4, *again)
    assert shape(g) == [[(3, "superseded"), (4, "superseded"), (4, "latest")]]
    assert g.series[0].revisions[-1].key == "v4b-0"
    # a v4 of different code under the same title is not a re-post: new work
    other = [
        cover("v4c-0", "[PATCH v4 0/1] x86: cleanup", day=9),
        patch("v4c-1", "[PATCH v4 1/1] x86: drop it", OTHER, day=9, parent="v4c-0"),
    ]
    assert len(group(*v3, *v4, *other).series) == 2


def test_dropping_rfc_restarts_the_count_and_frees_the_rfc_versions():
    """linux-hyperv 2022: '[RFC PATCH V4 1/1] swiotlb: ...', then '[PATCH 1/2]', '[PATCH V2
    1/1]', '[PATCH V3]', '[PATCH V4]': one series; the last V4 is not new work."""
    title = "swiotlb: split up the lock"
    g = group(
        patch("r-1", f"[RFC PATCH V4 1/1] {title}", CODE),
        patch("a-1", f"[PATCH] {title}", CODE, day=10),
        patch("b-1", f"[PATCH V2] {title}", [*CODE, "one_more(x, y);"], day=13),
        patch("c-1", f"[PATCH V3] {title}", [*CODE, "two_more(x, y);"], day=20),
        patch("d-1", f"[PATCH V4] {title}", [*CODE, "three_more(x, y);"], day=21),
    )
    assert [[r.key for r in s.revisions] for s in g.series] == [["r-1", "a-1", "b-1", "c-1", "d-1"]]
    assert shape(g)[0][-1] == (4, "latest")
    # without the restart, a V4 that RFC V4 already took is new work, as before
    g = group(
        patch("r-1", f"[RFC PATCH V4] {title}", CODE),
        patch("d-1", f"[PATCH V4] {title}", OTHER, day=21),
    )
    assert len(g.series) == 2


def test_a_renumbered_patch_is_not_a_partial_reroll():
    """`v4 12/24` -> `v5 13/24` (the other patches missing): v5 carries nothing of v4."""
    v4 = patch("v4-1", "[PATCH v4 12/24] xen: wrap it", CODE)
    v5 = patch("v5-1", "[PATCH v5 13/24] xen: wrap it", CODE, day=5)
    g = group(v4, v5)
    (series,) = g.series
    assert series.revisions[-1].carried == {}
    (step,) = series_interdiffs(series)
    assert [
        (p.old.index if p.old else None, p.new.index if p.new else None, p.status)
        for p in step.patches
    ] == [(12, 13, "unchanged")]


def test_a_patch_split_in_two_pairs_with_both_halves():
    first, second = CODE[:4], CODE[4:]
    v1 = patch("v1-1", "[PATCH] drv: add the helpers", CODE)
    v2 = [
        cover("v2-0", "[PATCH v2 0/2] drv: add the helpers", day=3),
        patch("v2-1", "[PATCH v2 1/2] drv: add the first helpers", first, day=3, parent="v2-0"),
        patch("v2-2", "[PATCH v2 2/2] drv: add the other helpers", second, day=3, parent="v2-0"),
    ]
    g = group(v1, *v2)
    (series,) = g.series
    old, new = series.revisions
    pairs = [
        (a.message_key if a else None, b.message_key if b else None)
        for a, b in pair_patches(old, new)
    ]
    assert pairs == [("v1-1", "v2-1"), ("v1-1", "v2-2")]
    (step,) = series_interdiffs(series)
    assert all(p.status == "modified" for p in step.patches)


def test_a_split_under_a_new_title_joins_by_its_code():
    v1 = patch("v1-1", "[PATCH] drv: add the helpers", CODE)
    v2 = [
        cover("v2-0", "[PATCH v2 0/2] drv: helpers, in two steps", day=3),
        patch("v2-1", "[PATCH v2 1/2] drv: first step", CODE[:4], day=3, parent="v2-0"),
        patch("v2-2", "[PATCH v2 2/2] drv: second step", CODE[4:], day=3, parent="v2-0"),
    ]
    assert shape(group(v1, *v2)) == [[(1, "superseded"), (2, "latest")]]
    # the same code from someone else is their own work
    v2 = [
        cover(
            "v2-0",
            "[PATCH v2 0/2] drv: helpers, in two steps",
            day=3,
            author="Bo Other <bo@example.org>",
        ),
        patch(
            "v2-1",
            "[PATCH v2 1/2] drv: first step",
            CODE[:4],
            day=3,
            parent="v2-0",
            author="Bo Other <bo@example.org>",
        ),
    ]
    assert len(group(v1, *v2).series) == 2


def test_a_series_forked_in_two_keeps_its_title_line():
    """v4 of 3 patches becomes a v5 of two (same title) and a v5 of one under a new cover
    posted first: the title's series goes on, the fork starts anew."""
    a, b, c = CODE[:3], CODE[3:6], OTHER[:4]
    v4 = [
        cover("v4-0", "[PATCH v4 0/3] Enhance the driver"),
        patch("v4-1", "[PATCH v4 1/3] drv: a", a, parent="v4-0"),
        patch("v4-2", "[PATCH v4 2/3] drv: b", b, parent="v4-0", path="drv/b.c"),
        patch("v4-3", "[PATCH v4 3/3] clk: c", c, parent="v4-0", path="clk/c.c"),
    ]
    fork = [
        cover("f-10", "[PATCH v5 0/1] Enhance the clock", day=2),
        patch("f-11", "[PATCH v5 1/1] clk: c", c, day=2, parent="f-10", path="clk/c.c"),
    ]
    v5 = [
        cover("v5-20", "[PATCH v5 0/2] Enhance the driver", day=2),
        patch("v5-21", "[PATCH v5 1/2] drv: a", a, day=2, parent="v5-20"),
        patch("v5-22", "[PATCH v5 2/2] drv: b", b, day=2, parent="v5-20", path="drv/b.c"),
    ]
    g = group(*v4, *fork, *v5)
    assert sorted([r.key for r in s.revisions] for s in g.series) == [["f-10"], ["v4-0", "v5-20"]]


def test_real_threads_hold_together():
    """The retitled cover letter and the re-posted v4 (sysret64), a release tag added in v2
    (xldevd), a patch renumbered in every posting (settimeoffset)."""
    threads = FIXTURES / "threads" / "xen"
    r = review([str(threads / "2020-xen-pv-sysret64-cover-retitled.mbox")])
    (series,) = r["series"]
    assert [v["version"] for v in series["revisions"]] == [1, 2, 3, 4, 4]
    assert [v["state"] for v in series["revisions"]][-2:] == ["superseded", "latest"]
    assert series["revisions"][-1]["message_id"] == "20210120135555.32594-1-jgross@suse.com"
    r = review([str(threads / "2024-xldevd-cloexec-for-4.19.mbox")])
    (series,) = r["series"]
    assert [p["status"] for d in series["interdiffs"] for p in d["patches"]] == ["unchanged"]
    r = review([str(threads / "2025-settimeoffset-scoped-ack.mbox")])
    (series,) = r["series"]
    assert [
        [(p["from_index"], p["to_index"]) for p in d["patches"]] for d in series["interdiffs"]
    ] == [[(16, 20)], [(20, 12)], [(12, 13)]]


def quoting(mid: str, subject: str, quoted: str, *, to: str, day: int) -> Message:
    """A reviewer's reply to a mail missing from the input, quoting a diff and giving a tag."""
    body = (
        "On Mon, Ann Author wrote:\n"
        + "".join(f"> {line}\n" for line in quoted.splitlines())
        + "\nLooks right.\n\nReviewed-by: Rita Reviewer <rita@example.org>\n"
    )
    msg = mail(
        mid,
        subject,
        body,
        day=day,
        author="Rita Reviewer <rita@example.org>",
        parent="draft@elsewhere",
    )
    msg.to_header = to
    return msg


def test_a_tag_on_a_draft_posted_elsewhere_goes_to_the_patch_of_the_same_code():
    """The reply's parent (a draft diff in another thread) is not in the input; its quote
    has the same blob ids as v1's patch, and it went to v1's author."""
    v1 = patch("v1-1", "[PATCH] drv: add the helpers", CODE, day=5)
    draft = quoting("r-1", "Re: [RFC] how about this?", diff("drv/x.c", CODE), to=ANN, day=1)
    g = group(v1, draft)
    (rev,) = g.series[0].revisions
    (reply,) = rev.replies
    assert (reply.attached_by, reply.target_key, reply.parent_key) == (
        "quote",
        "v1-1",
        "draft@elsewhere",
    )
    assert [t.name for t in reply.trailers] == ["Reviewed-by"]
    assert g.unattached == 0
    # the same change from someone else is theirs: a reply sent to another author does not
    # go to it under another title
    other = quoting(
        "r-1",
        "Re: [RFC] how about this?",
        diff("drv/x.c", CODE),
        to="Bo Other <bo@example.org>",
        day=1,
    )
    g = group(v1, other)
    assert g.series[0].revisions[0].replies == [] and g.unattached == 1


def test_a_reply_to_a_missing_posting_goes_to_the_patch_of_that_title_it_quotes():
    """An archive that starts after v1: a review of v1 quoting most of its lines (no index
    line kept) goes to the v2 patch of the same title and code."""
    v2 = patch("v2-1", "[PATCH v2] drv: add the helpers", CODE, day=5)
    lines = "".join(f"+{line}\n" for line in CODE[:6])
    quote = f"diff --git a/drv/x.c b/drv/x.c\n--- a/drv/x.c\n+++ b/drv/x.c\n@@ -1 +1,7 @@\n{lines}"
    review_ = quoting("r-1", "Re: [PATCH] drv: add the helpers", quote, to="", day=1)
    g = group(v2, review_)
    (reply,) = g.series[0].revisions[0].replies
    assert (reply.attached_by, reply.target_key) == ("quote", "v2-1")
    # quoting too little of it is not enough
    few = "".join(f"+{line}\n" for line in CODE[:2])
    short = quoting(
        "r-1",
        "Re: [PATCH] drv: add the helpers",
        quote.split("@@")[0] + "@@ -1 +1,3 @@\n" + few,
        to="",
        day=1,
    )
    assert group(v2, short).unattached == 1


BO = "Bo Maintainer <bo@example.org>"


def taken_over(mid: str, subject: str, *, day: int, inbody: str = ANN) -> Message:
    """Bo posts a patch whose in-body `From:` names its author."""
    text = diff("drv/x.c", CODE)
    body = f"From: {inbody}\n\nChange it.\n\nSigned-off-by: {inbody}\nSigned-off-by: {BO}\n{text}"
    return mail(mid, subject, body, day=day, author=BO)


def test_the_next_version_posted_by_someone_else_under_the_authors_from_continues():
    v1 = patch("a-1", "[PATCH] drv: add the helpers", CODE)
    g = group(v1, taken_over("b-1", "[PATCH v2] drv: add the helpers", day=30))
    assert shape(g) == [[(1, "superseded"), (2, "latest")]]
    # with a tree tag added, too
    g = group(v1, taken_over("b-1", "[PATCH for-4.15 v2] drv: add the helpers", day=30))
    assert shape(g) == [[(1, "superseded"), (2, "latest")]]


def test_someone_elses_posting_stays_apart_without_a_higher_version_or_the_authors_from():
    v1 = patch("a-1", "[PATCH] drv: add the helpers", CODE)
    # the same version posted by another person: no version goes up
    g = group(v1, taken_over("b-1", "[PATCH] drv: add the helpers", day=30))
    assert len(g.series) == 2
    # a higher version of the title, but another author's patch
    stranger = "Cy Stranger <cy@example.net>"
    g = group(v1, taken_over("b-1", "[PATCH v2] drv: add the helpers", day=30, inbody=stranger))
    assert len(g.series) == 2
    # a patch of a series someone posts with colleagues' patches is no take-over
    g = group(v1, taken_over("b-1", "[PATCH v2 1/2] drv: add the helpers", day=30))
    assert all(len(s.revisions) == 1 for s in g.series)


def test_a_real_series_taken_over_keeps_its_interdiff():
    """xen-devel, 2020: Roger Pau Monne's "[PATCH] x86/msr: fix handling of
    MSR_IA32_PERF_{STATUS/CTL}", its v2 posted by Andrew Cooper with `From: Roger` in the
    body (the fourteenth blind set)."""
    path = FIXTURES / "threads" / "xen" / "2020-x86-msr-perf-ctl-taken-over-rb-with-nits.mbox"
    (series,) = review([str(path)])["series"]
    assert [v["version"] for v in series["revisions"]] == [1, 2]
    assert [p["status"] for d in series["interdiffs"] for p in d["patches"]] == ["modified"]
