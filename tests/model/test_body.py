import pytest

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
        "msg\n\ndiff -r 3b7cbf32fee9 a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n"
    )
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


# -- a sign-off that is not the last thing above the `---` (real linux-hyperv and
# virtualization mails; TR003 called each of them unsigned) ---------------------------------

DIFF = "---\n f.c | 1 +\n\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1,2 @@\n a\n+b\n"


@pytest.mark.parametrize(
    ("log", "tail"),
    [
        # 1642622346-22861-1-git-send-email-longli@linuxonhyperv.com
        (
            'Fix the NUMA node.\n\nFixes: 999dd956d838 ("PCI: hv: Add support")\n\n'
            "Signed-off-by: Long Li <longli@microsoft.com>\n\nChange log:\n"
            'v2: use numa_map_to_online_node()\n\nv3: add "Fixes"\n',
            "Change log:",
        ),
        # 20191203064240.425589-1-mst@redhat.com
        (
            "Pass the queue.\n\nSigned-off-by: Michael S. Tsirkin <mst@redhat.com>\n\n"
            "changes from v5:\n\tadd missing files\nChanges from v1:\n\tFix errors\n",
            "changes from v5:",
        ),
        # 20190814073447.96141-2-Tianyu.Lan@microsoft.com: `--` for `---`
        (
            "Fix the struct.\n\nSigned-off-by: Tianyu Lan <Tianyu.Lan@microsoft.com>\n--\n"
            "Change since v1:\n       Move definition of struct hv_nested_enlightenments_control\n"
            "       into this patch to fix offset issue.\n",
            "--",
        ),
        # 20220923114259.2945-1-kunyu@nfschina.com
        (
            "Rename the function.\n\nSigned-off-by: Li kunyu <kunyu@nfschina.com>\n\n--------\n"
            " v2: Fix generate_guest_id.\n",
            "--------",
        ),
        # 20220118170225.30620-2-mst@redhat.com: a squash leftover
        (
            "Acknowledge features.\n\nCc: stable@vger.kernel.org\n"
            "Signed-off-by: Michael S. Tsirkin <mst@redhat.com>\n\n"
            "fixup! virtio: acknowledge all features before access\n",
            "fixup!",
        ),
        # 20190829103301.3539-8-kraxel@redhat.com and 20221127-snd-freeze-v8-2-...@chromium.org
        (
            "Add helpers.\n\nSigned-off-by: Gerd Hoffmann <kraxel@redhat.com>\n\n"
            "[fixup] virtio_gpu_array_lock_resv\n",
            "[fixup]",
        ),
        ("Export it.\n\nSigned-off-by: Ricardo Ribalda <ribalda@chromium.org>\n\nsdad\n", "sdad"),
    ],
)
def test_a_signoff_above_a_changelog_fence_or_leftover_is_found(log: str, tail: str) -> None:
    b = split_patch_body(log + DIFF)
    assert "Signed-off-by" in [t.canonical for t in b.trailers]
    assert tail in b.message  # git am keeps it in the message: so do we
    assert "Signed-off-by" not in b.message


def test_a_short_tail_git_accepts_stays_in_the_block() -> None:
    # git interpret-trailers' own rule (a quarter of the last paragraph trailers) still wins
    b = split_patch_body("Fix.\n\nSigned-off-by: A <a@b.c>\n--\nv2: moved\n" + DIFF)
    assert "Signed-off-by" in [t.canonical for t in b.trailers] and b.message == "Fix."


@pytest.mark.parametrize(
    "log",
    [
        # a sentence after the sign-off is not a leftover: no block is invented
        "Change it.\n\nSigned-off-by: A <a@b.c>\n\nThis needs a respin before it is applied.\n",
        # a changelog with no trailer paragraph above it
        "Change it.\n\nv2: reworded\n",
        # trailers quoted in the middle of the message, prose after them
        "Revert it.\n\nAcked-by: A <a@b.c>\n\nThe original was wrong because it leaks.\n",
    ],
)
def test_no_block_is_invented_above_prose(log: str) -> None:
    assert split_patch_body(log + DIFF).trailers == []


_PROPOSAL = """I guess we can do that ontop.

---
From: Borislav Petkov <bp@suse.de>
Date: Mon, 23 Mar 2020 14:20:08 +0100

... to make it more readable.

Signed-off-by: Borislav Petkov <bp@suse.de>
---
 arch/x86/include/asm/svm.h | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/arch/x86/include/asm/svm.h b/arch/x86/include/asm/svm.h
--- a/arch/x86/include/asm/svm.h
+++ b/arch/x86/include/asm/svm.h
@@ -1 +1 @@
-} __attribute__ ((packed));
+} __packed;
"""


def test_a_note_above_a_dash_line_and_the_patch_s_own_from_is_not_the_message() -> None:
    # virtualization list, 2020-03-23 <20200323132315.GB4649@zn.tnic>: the patch below the
    # `---` is what the maintainer took, with its author and sign-off
    body = split_patch_body(_PROPOSAL)
    assert body.inbody["from"] == "Borislav Petkov <bp@suse.de>"
    assert body.message == "... to make it more readable."
    assert [t.value for t in body.trailers] == ["Borislav Petkov <bp@suse.de>"]
    assert body.notes.startswith("I guess we can do that ontop.")
    assert body.diff.startswith("diff --git")


def test_a_dash_line_without_a_from_below_it_or_after_a_sign_off_stays_as_git_reads_it() -> None:
    no_from = _PROPOSAL.replace("From: Borislav Petkov <bp@suse.de>\n", "")
    assert split_patch_body(no_from).message == "I guess we can do that ontop."
    signed = "Fix it.\n\nSigned-off-by: A <a@x>\n---\nFrom: B <b@x>\n\nv2: reworded\n"
    body = split_patch_body(signed)
    assert body.inbody == {}
    assert body.message == "Fix it."
    no_note = _PROPOSAL.replace("I guess we can do that ontop.\n", "")
    assert split_patch_body(no_note).inbody == {}
