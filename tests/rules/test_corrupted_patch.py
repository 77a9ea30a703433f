"""corrupted-patch (PR002) against real git: every damage the rule calls an error is one
`git apply` refuses, and a warning is one git reads without refusing; the rule's cases, the
damage kinds one by one, the notes, and a reviewer's proposal in a reply."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from patchlint.engine.registry import default_registry
from patchlint.engine.runner import Where, lint_patch
from patchlint.model import damage
from patchlint.model.damage import damaged_hunks
from patchlint.model.subject import parse_subject
from tests.rules.patches import patch_of

RULE = default_registry().get("corrupted-patch")
CASES = sorted(
    (Path(__file__).resolve().parents[2] / "rules" / "corrupted-patch" / "cases").glob("*.patch")
)

GOOD = """diff --git a/a.c b/a.c
--- a/a.c
+++ b/a.c
@@ -3,6 +3,7 @@ static int f(void)
 line 3
 line 4
 line 5
+new line, which is long
 line 6
 line 7
 line 8
@@ -20,3 +21,3 @@ static int g(void)
 line 20
-line 21
+line 21 changed
 line 22
diff --git a/b.c b/b.c
--- a/b.c
+++ b/b.c
@@ -3,3 +3,4 @@
 line 3
 line 4
+added to b
 line 5
"""

# (name, the damaged diff, kind, file, post-image line reported, git refuses)
VARIANTS = [
    (
        "wrapped",
        GOOD.replace("+new line, which is long\n", "+new line, which\nis long\n"),
        damage.NOT_A_DIFF_LINE,
        "a.c",
        6,
        True,
    ),
    ("space-lost", GOOD.replace(" line 7\n", "line 7\n"), damage.NOT_A_DIFF_LINE, "a.c", 7, True),
    ("nbsp", GOOD.replace(" line 7\n", "\u00a0line 7\n"), damage.NOT_A_DIFF_LINE, "a.c", 7, True),
    ("tab", GOOD.replace(" line 7\n", "\tline 7\n"), damage.NOT_A_DIFF_LINE, "a.c", 7, True),
    (
        "header-wrapped",
        GOOD.replace("@@ static int g(void)\n", "@@ static int\ng(void)\n"),
        damage.NOT_A_DIFF_LINE,
        "a.c",
        21,
        True,
    ),
    ("truncated", GOOD[: GOOD.rindex(" line 5\n")], damage.TRUNCATED, "b.c", 5, True),
    (
        "counts-too-big",
        GOOD.replace("@@ -20,3 +21,3 @@", "@@ -20,4 +21,4 @@"),
        damage.NOT_A_DIFF_LINE,
        "a.c",
        23,
        True,
    ),
    (
        "one-line-too-many",
        GOOD.replace("@@ -20,3 +21,3 @@", "@@ -20,2 +21,3 @@"),
        damage.MISCOUNTED,
        "a.c",
        22,
        True,
    ),
    (
        "context-only",
        GOOD.replace("-line 21\n+line 21 changed\n", " line 21\n"),
        damage.NO_CHANGE,
        "a.c",
        23,
        True,
    ),
    (
        "stray-then-hunk",
        GOOD.replace(" line 8\n@@", " line 8\n+extra\n@@"),
        damage.WITHOUT_HEADER,
        "a.c",
        9,
        True,
    ),
    (
        "blank-then-hunk",
        GOOD.replace(" line 8\n@@", " line 8\n\n@@"),
        damage.WITHOUT_HEADER,
        "a.c",
        9,
        True,
    ),
    (
        "stray-then-file",
        GOOD.replace(" line 22\ndiff", " line 22\n+extra\ndiff"),
        damage.EXTRA_LINES,
        "a.c",
        23,
        False,
    ),
    ("stray-at-end", GOOD + "+extra\n", damage.EXTRA_LINES, "b.c", 6, False),
]


def _git_refuses(diff: str, tmp_path: Path) -> bool:
    """Does `git apply` refuse the diff's form? (--numstat reads the patch, not a tree.)"""
    assert shutil.which("git"), "git is needed"
    path = tmp_path / "x.patch"
    path.write_text(diff)
    res = subprocess.run(
        ["git", "apply", "--numstat", str(path)], cwd=tmp_path, capture_output=True, text=True
    )
    assert res.returncode in (0, 128), res.stderr
    return res.returncode == 128


def test_a_clean_diff_has_no_damage(tmp_path: Path):
    assert damaged_hunks(GOOD) == []
    assert not _git_refuses(GOOD, tmp_path)
    assert lint_patch(patch_of(GOOD), [RULE]) == []


@pytest.mark.parametrize(
    ("name", "diff", "kind", "file", "line", "refused"), VARIANTS, ids=[v[0] for v in VARIANTS]
)
def test_each_damage_as_git_sees_it(
    name: str, diff: str, kind: str, file: str, line: int, refused: bool, tmp_path: Path
):
    found = damaged_hunks(diff)
    assert [(d.kind, d.file, d.line, d.refused) for d in found] == [(kind, file, line, refused)]
    assert _git_refuses(diff, tmp_path) is refused
    findings = lint_patch(patch_of(diff), [RULE])
    assert [(f.file, f.line, f.severity) for f in findings] == [
        (file, line, "error" if refused else "warning")
    ]
    assert findings[0].details["hunk"] == found[0].header


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_cases_errors_are_what_git_refuses(case: Path, tmp_path: Path):
    text = case.read_text()
    diff = text[text.index("diff --git") :]
    findings = lint_patch(patch_of(diff), [RULE])
    assert _git_refuses(diff, tmp_path) is any(f.severity == "error" for f in findings)


def test_the_wrapped_header_names_the_cause():
    diff = GOOD.replace(
        "@@ -20,3 +21,3 @@ static int g(void)",
        "@@ -20,3 +21,3 @@ static int netvsc_set_features(struct net_device\n*ndev,",
    )
    (finding,) = lint_patch(patch_of(diff), [RULE])
    assert (
        "the line after the header, `*ndev,`, is not a diff line (the header was wrapped)"
        in finding.message
    )
    assert finding.message.endswith("git am refuses the patch (corrupt patch)")


NOTES = (
    "With the below debug code:\n\n"
    "@@ -2103,6 +2103,8 @@ static void survey_child_resources(struct hv_pcibus_device "
    "*hbus)\n"
    " \tspin_unlock_irqrestore(&hbus->device_list_lock, flags);\n"
    "+\tssleep(15);\n"
    " \tcomplete(event);\n\n"
    "I'm able to repro the hang.\n"
)


def test_a_hunk_in_the_notes_is_refused(tmp_path: Path):
    """Dexuan Cui's 'PCI: hv: Fix a race condition bug in hv_pci_query_relations()'
    (linux-hyperv, 2023-03) showed its debugging diff below the `---`: git apply refuses
    the mail ("patch fragment without header")."""
    (finding,) = lint_patch(patch_of(GOOD, NOTES), [RULE])
    assert (finding.file, finding.line, finding.severity) == (None, None, "error")
    assert "`@@ -2103,6 +2103,8 @@ static void survey_child_resources(" in finding.message
    assert _git_refuses(NOTES + GOOD, tmp_path)
    indented = NOTES.replace("\n@@", "\n    @@")
    assert lint_patch(patch_of(GOOD, indented), [RULE]) == []
    assert not _git_refuses(indented + GOOD, tmp_path)


def test_a_mail_that_is_no_patch_posting_is_left_alone():
    """A question or bug report that quotes a (wrapped) diff is not sent for `git am`."""
    broken = patch_of(VARIANTS[0][1])
    question = replace(broken, subject=parse_subject("hv_netvsc: hang after this change?"))
    assert lint_patch(question, [RULE]) == []
    rfc = replace(broken, subject=parse_subject("[RFC] hv_netvsc: fix the hang"))
    assert len(lint_patch(rfc, [RULE])) == 1
    doubled = replace(broken, subject=parse_subject("Subject: [PATCH v2] hv_netvsc: fix"))
    assert len(lint_patch(doubled, [RULE])) == 1
    assert len(lint_patch(broken, [RULE])) == 1


def test_a_proposal_in_a_reply_is_left_alone():
    broken = VARIANTS[0][1]
    assert lint_patch(patch_of(broken), [RULE], Where(1, proposed_in="reply@x")) == []
    assert len(lint_patch(patch_of(broken), [RULE], Where(1))) == 1
