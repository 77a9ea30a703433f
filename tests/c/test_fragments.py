"""A patch's files as C rules see them: post-image lines, the pre-image on the hunk itself,
change blocks, the old side as a fragment of its own, and the code base of each file."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from patchlint.c.fragments import Change, Line, file_views, fragment_of
from patchlint.c.syntax import node_text, walk

DIFF = """\
diff --git a/xen/common/x.c b/xen/common/x.c
--- a/xen/common/x.c
+++ b/xen/common/x.c
@@ -10,7 +10,7 @@ static int f(int a)
 {
-    int old = a;
+    int new = a;
\x20
-    g(old);
-    h(old);
+    g(new);
+    h(new);
     return 0;
 }
@@ -30,3 +30,2 @@ static int f(int a)
 a();
-b();
 c();
"""


def test_the_pre_image_is_on_the_hunk_in_order_with_old_numbers():
    (view,) = file_views(DIFF)
    first, second = view.hunks
    assert [(ln.number, ln.text, ln.added) for ln in first.pre] == [
        (10, "{", False),
        (11, "    int old = a;", True),
        (12, "", False),
        (13, "    g(old);", True),
        (14, "    h(old);", True),
        (15, "    return 0;", False),
        (16, "}", False),
    ]
    assert [ln.number for ln in first.lines] == list(range(10, 17))
    assert [(ln.number, ln.text) for ln in second.pre] == [(30, "a();"), (31, "b();"), (32, "c();")]
    assert second.removed == [(31, "b();")]  # standing before post-image line 31


def test_change_blocks_pair_what_is_removed_with_what_replaces_it():
    (view,) = file_views(DIFF)
    first, second = view.hunks
    assert [
        ([ln.text for ln in c.removed], [ln.text for ln in c.added]) for c in first.changes()
    ] == [
        (["    int old = a;"], ["    int new = a;"]),
        (["    g(old);", "    h(old);"], ["    g(new);", "    h(new);"]),
    ]
    assert second.changes() == [Change((Line(31, "b();", True),), ())]


def test_the_old_side_parses_as_the_code_before_the_patch():
    (view,) = file_views(DIFF)
    hunk = view.hunks[0]
    old = fragment_of(hunk.old_side())
    new = fragment_of(hunk)
    assert old.source == new.source.replace(b"new", b"old")  # the same construct reopened
    assert [r for r in old.rows if r is not None] == [ln.number for ln in hunk.pre]
    for frag, name in ((old, "old"), (new, "new")):
        idents = {node_text(n) for n in walk(frag.tree.root_node) if n.type == "identifier"}
        assert name in idents and ({"old", "new"} - {name}).isdisjoint(idents)


def test_each_file_gets_the_code_base_it_is_asked_for():
    assert [v.project for v in file_views(DIFF)] == [""]
    assert [v.project for v in file_views(DIFF, lambda path: path.split("/")[0])] == ["xen"]


LINES = st.lists(st.sampled_from(["a", "b", "c", "", "{", "}", "x = 1;"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(LINES, LINES)
def test_both_images_are_the_files_lines_and_blocks_partition_the_changes(
    a: list[str], b: list[str]
):
    body = "".join(
        difflib.unified_diff([x + "\n" for x in a], [x + "\n" for x in b], "a/f.c", "b/f.c", n=2)
    )
    for view in file_views("diff --git a/f.c b/f.c\n" + body if body else ""):
        for hunk in view.hunks:
            for line in hunk.pre:
                assert a[line.number - 1] == line.text
            for line in hunk.lines:
                assert b[line.number - 1] == line.text
            changes = hunk.changes()
            assert [ln for c in changes for ln in c.removed] == [ln for ln in hunk.pre if ln.added]
            assert [ln for c in changes for ln in c.added] == hunk.added
            assert all(c.removed or c.added for c in changes)
            assert [text for _, text in hunk.removed] == [ln.text for ln in hunk.pre if ln.added]
