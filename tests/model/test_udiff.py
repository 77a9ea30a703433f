"""patchlint's diff parser (`model/udiff.py`) against unidiff 1.0, whose semantics it ports:
the same files, hunks, lines, line numbers, `str()` and errors, on every diff of the real
corpus slice (the whole archive with PATCHLINT_ARCHIVE_TESTS=1) and on hand-made edge cases."""

from __future__ import annotations

from typing import Any

import pytest
import unidiff
from unidiff.errors import UnidiffParseError

from patchlint.model import udiff
from patchlint.model.diff import DiffCache
from patchlint.pipeline import load
from tests.conftest import CORPUS, require

SLICE = CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz"
ARCHIVE = CORPUS / "lists" / "linux-hyperv-epoch0.mboxrd.gz"


def _shape(patchset: Any) -> list[Any]:
    """Everything patchlint reads of a parse, from either parser."""
    return [
        (
            "".join(f.patch_info) if f.patch_info is not None else None,
            f.source_file,
            f.target_file,
            f.source_timestamp,
            f.target_timestamp,
            f.is_binary_file,
            f.source_mode,
            f.target_mode,
            f.path,
            f.is_added_file,
            f.is_removed_file,
            f.added,
            f.removed,
            str(f),
            [
                (
                    h.source_start,
                    h.source_length,
                    h.target_start,
                    h.target_length,
                    h.section_header,
                    [
                        (
                            ln.line_type,
                            ln.value,
                            ln.source_line_no,
                            ln.target_line_no,
                            ln.is_added,
                            ln.is_removed,
                            ln.is_context,
                        )
                        for ln in h
                    ],
                    [(ln.value, ln.source_line_no) for ln in h.source_lines()],
                    [(ln.value, ln.target_line_no) for ln in h.target_lines()],
                )
                for h in f
            ],
        )
        for f in patchset
    ]


def _parse(parser: Any, text: str) -> Any:
    try:
        return _shape(parser(text))
    except (UnidiffParseError, ValueError) as exc:
        return ("error", str(exc))


def _agree(text: str) -> None:
    assert _parse(udiff.PatchSet, text) == _parse(unidiff.PatchSet, text)


EDGE_CASES = {
    "plain": "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
    "no counts": "--- x\n+++ x\n@@ -1 +1 @@\n-a\n+b\n",
    "section": "--- a/x.c\n+++ b/x.c\n@@ -10,3 +10,4 @@ static int f(void)\n a\n+b\n c\n d\n",
    "timestamps": "--- x.orig\t2020-01-01 00:00:00\n+++ x\t2020-01-02 00:00:00\n"
    "@@ -1 +1 @@\n-a\n+b\n",
    "git new file": "diff --git a/n b/n\nnew file mode 100644\nindex 0000000..e69de29\n"
    "--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+x\n+y\n",
    "git deleted": "diff --git a/n b/n\ndeleted file mode 100644\nindex e69de29..0000000\n"
    "--- a/n\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n",
    "rename only": "diff --git a/old b/new\nsimilarity index 100%\nrename from old\n"
    "rename to new\n\ndiff --git a/z b/z\n--- a/z\n+++ b/z\n@@ -1 +1 @@\n-a\n+b\n",
    "mode change": "diff --git a/s b/s\nold mode 100644\nnew mode 100755\n",
    "binary": "diff --git a/b.png b/b.png\nindex 1..2 100644\nBinary files a/b.png and "
    "b/b.png differ\n",
    "git binary patch": "diff --git a/b b/b\nindex 1..2 100644\nGIT binary patch\nliteral 1\n"
    "Hc$@<O00001\n\n",
    "no newline": "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n"
    "\\ No newline at end of file\n",
    "eaten space": "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n",
    "crlf": "--- a/x\r\n+++ b/x\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n+c\r\n\r\n",
    "blank after hunk": "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n\n\n",
    "two files plain": "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/y\n+++ b/y\n"
    "@@ -1 +1 @@\n-c\n+d\n",
    "hg": "diff -r 0123456789ab -r ba9876543210 f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n",
    "cvs": "Index: f.c\n====\nRCS file: /x/f.c,v\n--- f.c\t1 Jan 2000\n+++ f.c\t2 Jan 2000\n"
    "@@ -1 +1 @@\n-a\n+b\n",
    "quoted names": 'diff --git "a/sp ace" "b/sp ace"\n--- "a/sp ace"\n+++ "b/sp ace"\n'
    "@@ -1 +1 @@\n-a\n+b\n",
    "no trailing newline": "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b",
    # malformed: each must fail with unidiff's own message
    "short hunk": "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n a\n-b\n+c\n",
    "long hunk": "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n-b\n+c\n",
    "bad line": "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n*b\n",
    "target without source": "+++ b/x\n@@ -1 +1 @@\n-a\n+b\n",
    "stray hunk": "@@ -1 +1 @@\n-a\n+b\n",
    "stray new file": "new file mode 100644\n",
    "stray deleted file": "deleted file mode 100644\n",
    "stray marker": "\\ No newline at end of file\n",
    "marker before hunks": "diff --git a/x b/x\n\\ No newline at end of file\n",
    "stray binary patch": "GIT binary patch\n",
    "mismatched target": "diff --git a/x b/x\n--- a/x\n+++ b/y\n",
    "huge number": "--- a/x\n+++ b/x\n@@ -1," + "9" * 5000 + " +1 @@\n-a\n",
    "not a diff": "Just words.\nMore words.\n",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases_agree_with_unidiff(name):
    _agree(EDGE_CASES[name])


def _corpus_diffs(path: str) -> list[str]:
    grouping, _ = load([path])
    out = []
    for series in grouping.series:
        for rev in series.revisions:
            out.extend(p.diff for p in rev.patches.values())
            out.extend(p.diff for _, p in rev.proposed)
            out.extend(r.author_diff.diff for r in rev.replies if r.author_diff is not None)
    return out


def _agree_on_corpus(path: str) -> None:
    diffs = _corpus_diffs(str(require(path)))
    assert len(diffs) > 1000
    bad = [
        i for i, d in enumerate(diffs) if _parse(udiff.PatchSet, d) != _parse(unidiff.PatchSet, d)
    ]
    assert bad == [], f"{len(bad)} of {len(diffs)} diffs parse differently"


@pytest.mark.slow
def test_every_diff_of_the_corpus_slice_agrees_with_unidiff():
    _agree_on_corpus(SLICE)


@pytest.mark.archive
def test_every_diff_of_the_archive_agrees_with_unidiff():
    _agree_on_corpus(ARCHIVE)


def test_cache_parses_once_and_remembers_failures():
    cache = DiffCache()
    text = EDGE_CASES["plain"]
    assert cache.parse(text) is cache.parse(text)
    for _ in range(2):
        with pytest.raises(udiff.DiffParseError, match="Hunk is shorter than expected"):
            cache.parse(EDGE_CASES["short hunk"])
