"""Interdiff between revisions computed from two diffs alone (and with a tree)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

from patchlint.analysis.revisions.compare import (
    change_id,
    compare_patches,
    pair_patches,
    series_interdiffs,
)
from patchlint.analysis.revisions.interdiff import file_changes, file_interdiff
from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from patchlint.model.message import Address, Message
from patchlint.model.patch import Patch, build_patch
from patchlint.model.series import Revision
from patchlint.model.subject import parse_subject
from tests.conftest import FIXTURES

BASE = [f"line {n}" for n in range(1, 41)]
_KEYS = itertools.count()


def hunk_diff(
    path: str,
    start: int,
    old: list[str],
    new: list[str],
    ctx_before: list[str],
    ctx_after: list[str],
    *,
    shift: int = 0,
) -> str:
    """A one-hunk unified diff of `path` replacing `old` with `new` at base line `start`."""
    src = len(ctx_before) + len(old) + len(ctx_after)
    tgt = len(ctx_before) + len(new) + len(ctx_after)
    first = start - len(ctx_before) + shift
    body = (
        [f" {x}" for x in ctx_before]
        + [f"-{x}" for x in old]
        + [f"+{x}" for x in new]
        + [f" {x}" for x in ctx_after]
    )
    return (
        f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n"
        f"@@ -{first},{src} +{first},{tgt} @@\n" + "\n".join(body) + "\n"
    )


def change(
    line: int, new: list[str], *, path: str = "f.c", shift: int = 0, base: list[str] = BASE
) -> str:
    """Replace base line `line` (1-based) with `new`, three lines of context each side."""
    i = line - 1
    return hunk_diff(path, line, [base[i]], new, base[i - 3 : i], base[i + 1 : i + 4], shift=shift)


def changed_lines(diff: str) -> list[str]:
    """The -/+ lines of a diff, without its file headers."""
    return [x for x in diff.splitlines() if x[:1] in "+-" and x[:3] not in ("+++", "---")]


def hunk_only(diff: str) -> str:
    """The hunks of a one-file diff, to append to another diff of the same file."""
    return diff[diff.index("@@") :]


def make_patch(
    diff: str, title: str = "f: fix", index: int = 1, total: int = 1, key: str | None = None
) -> Patch:
    subject = parse_subject(f"[PATCH {index}/{total}] {title}")
    body = f"Explain.\n\nSigned-off-by: A <a@x>\n---\n{diff}"
    msg = Message(
        key=key or f"mail-{next(_KEYS)}",
        message_id=None,
        subject=subject.raw,
        author=Address("A", "a@x"),
        date=datetime(2024, 1, 1, tzinfo=UTC),
        in_reply_to=None,
        references=(),
        body=body,
    )
    return build_patch(msg, subject)


def rev(*patches: Patch, version: int = 1) -> Revision:
    return Revision(
        key=f"v{version}",
        author=Address("A", "a@x"),
        date=None,
        total=len(patches),
        version=version,
        patches={p.index: p for p in patches},
    )


def test_changed_line_only_shows_the_difference():
    v1 = make_patch(change(20, ["line 20 fixed"]))
    v2 = make_patch(change(20, ["line 20 fixed properly"]))
    result = compare_patches(v1, v2)
    assert result.status == "modified"
    assert result.method == "fragments"
    assert result.diff.splitlines() == [
        "--- a/f.c",
        "+++ b/f.c",
        "@@ -17,7 +17,7 @@",
        " line 17",
        " line 18",
        " line 19",
        "-line 20 fixed",
        "+line 20 fixed properly",
        " line 21",
        " line 22",
        " line 23",
    ]


def test_rebased_hunk_is_relocated_not_reverted_and_reapplied():
    v1 = make_patch(change(20, ["line 20 fixed"]))
    # v2 was taken against a tree with 5 more lines above: same context, other numbers
    v2 = make_patch(change(20, ["line 20 fixed again"], shift=5))
    result = compare_patches(v1, v2)
    changed = changed_lines(result.diff)
    assert changed == ["-line 20 fixed", "+line 20 fixed again"]
    assert result.method == "fragments"
    # the new side is numbered as v2's own post-image
    assert result.diff.splitlines()[2] == "@@ -17,7 +22,7 @@"


def test_hunk_dropped_in_v2_shows_as_revert_and_new_hunk_as_addition():
    v1 = make_patch(change(10, ["ten"]) + hunk_only(change(30, ["thirty"])))
    v2 = make_patch(change(30, ["thirty"]))
    result = compare_patches(v1, v2)
    changed = changed_lines(result.diff)
    assert changed == ["-ten", "+line 10"]


def test_whitespace_only_is_modified_and_context_only_unchanged_and_say_which():
    v1 = make_patch(change(20, ["\tx = 1;"]))
    ws = make_patch(change(20, ["    x = 1;"]))
    result = compare_patches(v1, ws)
    # a change a review can ask for (indentation), but not a material one
    assert (result.status, result.detail, result.material) == ("modified", "whitespace-only", False)
    assert "+    x = 1;" in result.diff
    # same change with a different amount of context and other line numbers
    i = 19
    ctx = make_patch(
        hunk_diff("f.c", 20, [BASE[i]], ["\tx = 1;"], BASE[i - 1 : i], BASE[i + 1 : i + 2], shift=7)
    )
    result = compare_patches(v1, ctx)
    assert (result.status, result.detail, result.material) == ("unchanged", "context-only", False)
    same = make_patch(change(20, ["\tx = 1;"]))
    assert compare_patches(v1, same).detail == "identical"
    code = compare_patches(v1, make_patch(change(20, ["\tx = 2;"])))
    assert (code.status, code.detail, code.material) == ("modified", None, True)


def test_conflicting_bases_fall_back_to_a_diff_of_diffs():
    other = [f"other {n}" for n in range(1, 41)]
    v1 = make_patch(change(20, ["new"]))
    v2 = make_patch(change(20, ["newer"], base=other))
    result = compare_patches(v1, v2)
    assert result.status == "modified"
    assert result.method == "range-diff"
    assert "-+new" in result.diff and "++newer" in result.diff


def test_file_only_in_one_revision_and_new_files():
    v1 = make_patch(change(20, ["x"]))
    new_file = (
        "diff --git a/g.c b/g.c\nnew file mode 100644\n--- /dev/null\n+++ b/g.c\n"
        "@@ -0,0 +1,2 @@\n+int g;\n+int h;\n"
    )
    v2 = make_patch(change(20, ["x"]) + new_file)
    result = compare_patches(v1, v2)
    assert [f.path for f in result.files] == ["g.c"]
    assert "+int g;" in result.diff and "+int h;" in result.diff
    v3 = make_patch(change(20, ["x"]) + new_file.replace("+int h;", "+long h;"))
    again = compare_patches(v2, v3)
    changed = changed_lines(again.diff)
    assert changed == ["-int h;", "+long h;"]


def test_unparseable_diff_falls_back_to_text():
    broken1 = make_patch("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n-a\n+b\n")
    broken2 = make_patch("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n-a\n+c\n")
    result = compare_patches(broken1, broken2)
    assert result.status == "modified" and result.method == "range-diff"


def test_tree_gives_exact_interdiff(tmp_path: Path):
    (tmp_path / "f.c").write_text("\n".join(BASE) + "\n")
    v1 = make_patch(change(5, ["five"]) + hunk_only(change(35, ["thirty-five"])))
    v2 = make_patch(change(5, ["five"]) + hunk_only(change(35, ["35"])))

    def reader(path: str) -> list[str] | None:
        p = tmp_path / path
        return p.read_text().splitlines() if p.is_file() else None

    a, b = file_changes(v1.diff), file_changes(v2.diff)
    assert a is not None and b is not None
    result = file_interdiff(a["f.c"], b["f.c"], reader)
    assert result is not None and result.method == "tree"
    assert "-thirty-five\n+35\n" in result.diff


def test_pairing_follows_title_then_content_and_reports_added_and_dropped():
    a1 = make_patch(change(5, ["a"], path="a.c"), "a: one", 1, 3)
    b1 = make_patch(change(5, ["b"], path="b.c"), "b: two", 2, 3)
    c1 = make_patch(change(5, ["c"], path="c.c"), "c: three", 3, 3)
    # v2: reordered, b retitled but same change, c dropped, d added
    b2 = make_patch(change(5, ["b"], path="b.c"), "b: second, renamed", 1, 3)
    a2 = make_patch(change(5, ["a2"], path="a.c"), "a: one", 2, 3)
    d2 = make_patch(change(5, ["d"], path="d.c"), "d: four", 3, 3)
    pairs = pair_patches(rev(a1, b1, c1), rev(b2, a2, d2, version=2))
    titles = [(o.title if o else None, n.title if n else None) for o, n in pairs]
    assert titles == [
        ("b: two", "b: second, renamed"),
        ("a: one", "a: one"),
        (None, "d: four"),
        ("c: three", None),
    ]
    assert change_id(b1) == change_id(b2)


def load(name: str):
    diags: list = []
    return group_messages(read_messages([str(FIXTURES / "threads" / name)], diags, None), diags)


def test_seed_000_v2_changes_the_prototype_and_first_body_line():
    (series,) = load("000-xen-netback-hw-features.mbox").series
    (step,) = series_interdiffs(series)
    (patch,) = step.patches
    assert (patch.status, patch.old.index, patch.new.index) == ("modified", 1, 1)
    changed = changed_lines(patch.diff)
    assert changed == [
        "-static u32 xenvif_fix_features(struct xenvif *vif, u32 features)",
        "+static u32 xenvif_fix_features(struct net_device *dev, u32 features)",
        "-\tstruct net_device *dev = vif->dev;",
        "+\tstruct xenvif *vif = netdev_priv(dev);",
    ]
    assert patch.functions == ["xenvif_fix_features"]
    assert patch.files[0].path == "drivers/net/xen-netback/interface.c"


def _hunks(diff: str) -> list[str]:
    """File headers and hunks, without git's `diff --git`/`index` lines."""
    return [x for x in diff.splitlines() if not x.startswith(("diff --git", "index "))]


def test_seed_002_interdiff_agrees_with_the_one_the_author_posted():
    grouping = load("002-libxl-deregister-evtchn-fd.mbox")
    (series,) = grouping.series
    posted = [r.author_diff for rv in series.revisions for r in rv.replies if r.author_diff]
    assert len(posted) == 1
    (step,) = series_interdiffs(series)
    (patch,) = [p for p in step.patches if p.status == "modified"]
    assert (patch.old.index, patch.new.index) == (5, 5)
    assert _hunks(patch.diff) == _hunks(posted[0].diff)
