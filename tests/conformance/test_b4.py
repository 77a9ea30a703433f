"""b4's follow-up trailer samples: the trailers patchlint collects for each patch (from the
patch, from replies to it, from replies to the cover) equal b4's default-mode output."""

from pathlib import Path

import pytest

from patchlint.ingest.parse import parse_message
from patchlint.ingest.sources import iter_file
from patchlint.model.body import split_patch_body
from patchlint.model.subject import parse_subject
from patchlint.pipeline import review
from tests.conftest import CORPUS

SAMPLES = CORPUS / "b4" / "samples"
REFS = sorted(SAMPLES.glob("trailers-followup-*-ref-defaults.txt"))
B4_TEST_IDENTITY = "test-override@example.com"  # added by b4's addmysob, not collected


def _expected(ref: Path) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for _, raw in iter_file(ref):
        msg = parse_message(raw)
        trailers = split_patch_body(msg.body).trailers
        out[parse_subject(msg.subject).title] = [
            (t.name.lower(), t.value) for t in trailers if B4_TEST_IDENTITY not in t.value
        ]
    return out


def _ours(mbox: Path, validate) -> dict[str, list[tuple[str, str]]]:
    report = review([str(mbox)])
    validate(report)
    out = {}
    for series in report["series"]:
        for patch in series["revisions"][-1]["patches"]:
            seen: list[tuple[str, str]] = []
            for t in patch["trailers"]:
                key = (t["name"].lower(), t["value"])
                if key not in seen:
                    seen.append(key)
            out[patch["title"]] = seen
    return out


def test_all_default_refs_are_found():
    assert len(REFS) == 11


@pytest.mark.parametrize("ref", REFS, ids=lambda p: p.name)
def test_followup_trailers_match_b4(ref, validate_report):
    mbox = ref.with_name(ref.name.replace("-ref-defaults.txt", ".mbox"))
    assert _ours(mbox, validate_report) == _expected(ref)


def test_quoted_and_mismatched_trailers_are_not_collected():
    report = review([str(SAMPLES / "trailers-followup-single.mbox")])
    values = [t["value"] for t in report["series"][0]["revisions"][0]["patches"][0]["trailers"]]
    assert not any("Mismatched" in v for v in values)
    assert sum("Followup Reviewer1" in v for v in values) == 1


@pytest.mark.parametrize("ref", REFS, ids=lambda p: p.name)
def test_live_b4_agrees(ref, validate_report):
    """The same threads through b4 itself (behind patchlint.ingest.b4, offline)."""
    from patchlint.ingest.b4 import b4_collect

    mbox = ref.with_name(ref.name.replace("-ref-defaults.txt", ".mbox"))
    raws = [raw for _, raw in iter_file(mbox)]
    latest = max(p.revision for p in b4_collect(raws))
    theirs = {}
    for patch in b4_collect(raws):
        if patch.revision == latest:
            theirs[parse_subject(patch.subject).title] = [
                (name.lower(), value) for name, value in patch.trailers
            ]
    assert _ours(mbox, validate_report) == theirs
