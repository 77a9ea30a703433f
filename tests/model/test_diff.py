"""Diffs parsed with unidiff, and the cheap file-name scan used while grouping checked
against it on every patch of the real corpora."""

import pytest

from patchlint.ingest import read_messages
from patchlint.model.diff import summarize_diff
from patchlint.model.evidence import diff_print, print_files
from patchlint.model.grouping import group_messages
from patchlint.model.patch import diff_files
from tests.conftest import CORPUS, FIXTURES

GOOD = "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"


def test_summary_counts_lines():
    s = summarize_diff(GOOD)
    assert (s.files, s.added, s.removed, s.error) == (("x",), 1, 1, None)


def test_broken_hunk_count_is_reported_not_raised():
    s = summarize_diff("--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n a\n-b\n+c\n")
    assert s.error


@pytest.mark.parametrize(
    "source",
    [
        CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz",
        *sorted((CORPUS / "patchwork" / "mail").glob("*.mbox")),
        *sorted((FIXTURES / "threads").glob("*.mbox")),
    ],
    ids=lambda p: p.name,
)
def test_file_scan_agrees_with_unidiff(source):
    diags: list = []
    g = group_messages(read_messages([str(source)], diags), diags)
    for series in g.series:
        for rev in series.revisions:
            for patch in [*rev.patches.values(), *(p for _, p in rev.proposed)]:
                summary = summarize_diff(patch.diff)
                if summary.error is None:
                    assert diff_files(patch.diff) == summary.files, patch.message_id


@pytest.mark.parametrize(
    "source",
    [
        CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz",
        *sorted((FIXTURES / "threads").glob("*.mbox")),
    ],
    ids=lambda p: p.name,
)
def test_fingerprint_file_scan_agrees_with_the_fingerprint(source):
    """The quote index files each patch by `print_files` and fingerprints it only when a
    quote asks: the scan must name exactly the fingerprint's files, on every real diff."""
    diags: list = []
    g = group_messages(read_messages([str(source)], diags), diags)
    checked = 0
    for series in g.series:
        for rev in series.revisions:
            for patch in [*rev.patches.values(), *(p for _, p in rev.proposed)]:
                assert print_files(patch.diff) == diff_print([patch.diff]).files, patch.message_id
                checked += bool(patch.diff)
    assert checked > 0
