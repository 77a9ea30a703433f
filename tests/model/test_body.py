from patchlint.model.body import (
    changelog_text,
    is_scissors,
    split_patch_body,
    split_scissors,
    version_from_notes,
)

PATCH = """Commit text.

Signed-off-by: A <a@b.c>
---
v2: fix xenvif_fix_features() arguments

 foo.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/foo.c b/foo.c
index 1..2 100644
--- a/foo.c
+++ b/foo.c
@@ -1 +1 @@
-a
+b
-- \n2.1.0
"""


def test_patch_body_parts():
    b = split_patch_body(PATCH)
    assert b.message == "Commit text."
    assert [t.name for t in b.trailers] == ["Signed-off-by"]
    assert b.notes == "v2: fix xenvif_fix_features() arguments"
    assert "1 file changed" in b.diffstat
    assert b.diff.startswith("diff --git a/foo.c b/foo.c\n")
    assert b.diff.endswith("+b\n")
    assert b.signature.startswith("-- \n")


def test_mercurial_export_header():
    b = split_patch_body(
        "# HG changeset patch\n# User X <x@y>\n# Parent 3b7cbf32fee9\n"
        "msg\n\ndiff -r 3b7cbf32fee9 a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n")
    assert b.hg["parent"] == "3b7cbf32fee9"
    assert b.message == "msg"
    assert b.diff.startswith("diff -r ")


def test_bare_diff_without_separator():
    b = split_patch_body("msg\n\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n")
    assert b.message == "msg"
    assert b.diff.startswith("--- a/x")


def test_changelog_and_version_from_notes():
    assert version_from_notes("v2: Do not bother putting evtchn_fd in the ctx") == 2
    assert version_from_notes("Changes since v2:\n - x") == 3
    assert version_from_notes("Changes in v4:\n - x") == 4
    assert version_from_notes("v1 -> v2: x") == 2
    assert version_from_notes("no changelog here") is None
    assert changelog_text("blah\nChanges since v1:\n- a") == "Changes since v1:\n- a"


def test_scissors():
    assert is_scissors("-- >8 --")
    assert is_scissors("8<---")
    assert is_scissors("------------8<-------------")
    assert not is_scissors("a 8< b")
    assert not is_scissors("8<")
    above, below = split_scissors("text\n> 8<---\nmore\n8<-------\nFrom: X <x@y>\nbody\n")
    assert above == "text\n> 8<---\nmore"
    assert below == "From: X <x@y>\nbody\n"

