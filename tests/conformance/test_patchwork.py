"""Patchwork's series corpus: covers, patches and replies, and patches per revision in date
order, as patchwork's own test_series.py expects (expected-series.json)."""

import json

import pytest

from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from tests.conftest import CORPUS

EXPECTED = json.loads((CORPUS / "patchwork" / "expected-series.json").read_text())["series"]


def _group(name: str):
    diags: list = []
    msgs = read_messages([str(CORPUS / "patchwork" / "series" / name)], diags)
    return group_messages(msgs, diags)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_series_split(name):
    expected = EXPECTED[name]
    g = _group(name)
    revs = sorted(
        (r for s in g.series for r in s.revisions),
        key=lambda r: r.date.timestamp() if r.date else 0,
    )
    kinds = list(g.classes.values())
    covers = kinds.count("cover")
    patches = kinds.count("patch")
    comments = len(kinds) - covers - patches
    assert [covers, patches, comments] == expected["counts"]
    if "patch_split" in expected:
        assert [len(r.patches) for r in revs] == expected["patch_split"]
    if "cover_split" in expected:
        assert [1 if r.cover else 0 for r in revs] == expected["cover_split"]
    if "received_all" in expected:
        assert (not any(r.missing for r in revs)) == expected["received_all"]
    if expected.get("series_name") and not expected["series_name"].startswith("<"):
        assert g.series[0].title == expected["series_name"]


def test_every_series_file_is_covered():
    files = {p.name for p in (CORPUS / "patchwork" / "series").glob("*.mbox")}
    assert files - set(EXPECTED) <= {"dependency-base-patch.mbox"}


MAIL = CORPUS / "patchwork" / "mail"


@pytest.mark.parametrize(
    "name",
    [
        "0001-git-pull-request.mbox",
        "0002-git-pull-request-wrapped.mbox",
        "0004-git-pull-request-git+ssh.mbox",
        "0017-git-pull-request-git-2-14-3.mbox",
    ],
)
def test_pull_requests_are_not_patches(name):
    diags: list = []
    g = group_messages(read_messages([str(MAIL / name)], diags), diags)
    assert g.series == []
    assert len(g.pull_requests) == 1


@pytest.mark.parametrize(
    ("name", "first_file", "kind"),
    [
        ("0007-cvs-format-diff.mbox", None, "cvs"),
        ("0008-git-rename.mbox", None, "git"),
        ("0011-no-newline-at-end-of-file.mbox", "tools/testing/selftests/powerpc/Makefile", "git"),
        ("0021-git-empty-new-file.mbox", None, "git"),
        ("0022-git-mode-change.mbox", None, "git"),
        ("0025-git-add-binary-file.mbox", "pixel.bmp", "git"),
        ("0019-multipart-patch.mbox", None, None),
    ],
)
def test_patch_mails(name, first_file, kind):
    diags: list = []
    g = group_messages(read_messages([str(MAIL / name)], diags), diags)
    patches = [p for s in g.series for r in s.revisions for p in r.sorted_patches]
    assert len(patches) == 1
    patch = patches[0]
    assert patch.files, "a patch must name the files it touches"
    if first_file:
        assert patch.files[0] == first_file
    if kind:
        assert patch.kind == kind
    assert "<div" not in patch.diff and "<div" not in patch.message
