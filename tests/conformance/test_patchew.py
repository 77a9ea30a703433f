"""patchew's test data: versions, trailer (tag) collection and superseding."""

import pytest

from patchlint.pipeline import review
from tests.conftest import CORPUS

DATA = CORPUS / "patchew" / "data"


def run(name: str, validate):
    report = review([str(DATA / name)])
    validate(report)
    return report


def trailers_of(patch):
    return [f"{t['name']}: {t['value']}" for t in patch["trailers"]]


def test_0001_simple_patch(validate_report):
    r = run("0001-simple-patch.mbox.gz", validate_report)
    (series,) = r["series"]
    (rev,) = series["revisions"]
    assert series["title"] == "quorum: Only compile when supported"
    assert rev["version"] == 1 and rev["missing"] == [] and len(rev["patches"]) == 1
    assert rev["message_id"] == "20160628014747.20971-1-famz@redhat.com"
    assert rev["date"].startswith("2016-06-28T01:47:47")


def test_0002_unusual_cased_tags_keep_their_spelling(validate_report):
    r = run("0002-unusual-cased-tags.mbox.gz", validate_report)
    tags = trailers_of(r["series"][0]["revisions"][0]["patches"][0])
    assert "Reviewed-By: Fam Zheng <famz@redhat.com>" in tags
    assert "tESTed-bY: Fam Zheng <famz@redhat.com>" in tags


def test_0003_reviewed_by_from_a_reply(validate_report):
    r = run("0003-single-patch-reviewed.mbox.gz", validate_report)
    patch = r["series"][0]["revisions"][0]["patches"][0]
    replies = [t for t in patch["trailers"] if t["origin"] == "reply"]
    assert [f"{t['name']}: {t['value']}" for t in replies] == [
        "Reviewed-by: Aurelien Jarno <aurelien@aurel32.net>"
    ]
    assert r["series"][0]["revisions"][0]["replies"] == 2


@pytest.mark.parametrize(
    ("name", "complete"),
    [("0004-multiple-patch-reviewed.mbox.gz", True), ("0012-incomplete-series.mbox.gz", False)],
)
def test_0004_0012_cover_tags_and_completeness(name, complete, validate_report):
    r = run(name, validate_report)
    (series,) = r["series"]
    (rev,) = series["revisions"]
    assert rev["version"] == 4
    assert series["title"] == "Report format specific info for LUKS block driver"
    assert rev["total"] == 2
    assert (rev["missing"] == []) is complete
    assert len(rev["patches"]) == (2 if complete else 1)
    for patch in rev["patches"]:
        given = [(t["value"], t["message_id"]) for t in patch["trailers"] if t["origin"] == "reply"]
        assert given == [("Eric Blake <eblake@redhat.com>", "5792265A.5070507@redhat.com")]
    assert any("incomplete" in d["problem"] for d in r["diagnostics"]) is not complete


def test_0009_versions_by_subject_and_superseding_by_date(validate_report):
    r = run("0009-obsolete-by.mbox.gz", validate_report)
    (series,) = r["series"]
    by_id = {rev["message_id"].split("-")[1].split("@")[0]: rev for rev in series["revisions"]}
    assert {k: v["version"] for k, v in by_id.items()} == {"1": 1, "2": 2, "3": 3}
    assert not any(v["version_inferred"] for v in by_id.values())
    # patchew: v1 is obsoleted by v2; v2 by nothing (v3's Date is older than both)
    assert by_id["1"]["superseded_by"] == "20160628014747.20971-2-famz@redhat.com"
    assert by_id["2"]["superseded_by"] is None


def test_0030_superseded_by_v3(validate_report):
    r = run("0030-obsolete-by-v3.mbox.gz", validate_report)
    revs = r["series"][0]["revisions"]
    assert [rv["version"] for rv in revs] == [1, 2, 3]
    v3 = "20160628014747.20971-3-famz@redhat.com"
    assert [rv["superseded_by"] for rv in revs[:2]] == [v3, v3]
    assert revs[2]["state"] == "latest"


@pytest.mark.parametrize(
    "name", ["0031-supersedes-embedded.mbox.gz", "0032-supersedes-separate.mbox.gz"]
)
def test_supersedes_links_revisions_with_different_subjects(name, validate_report):
    r = run(name, validate_report)
    (series,) = r["series"]
    first, second = series["revisions"]
    assert first["superseded_by"] == second["message_id"]
    assert first["state"] == "superseded"


def test_0028_base64_utf8_reply_tag(validate_report):
    r = run("0028-tags-need-8bit-encoding.mbox.gz", validate_report)
    tags = trailers_of(r["series"][0]["revisions"][0]["patches"][0])
    assert "Reviewed-by: Philippe Mathieu-Daudé <philmd@redhat.com>" in tags


@pytest.mark.parametrize(
    "name",
    [
        "0021-mode-only-patch.mbox.gz",
        "0033-raw-diff.mbox.gz",
        "0034-rename-only-patch.mbox.gz",
        "0038-octet-stream.mbox.gz",
    ],
)
def test_unusual_patches_are_patches(name, validate_report):
    r = run(name, validate_report)
    patches = [p for s in r["series"] for rv in s["revisions"] for p in rv["patches"]]
    assert len(patches) == 1 and patches[0]["files"]
