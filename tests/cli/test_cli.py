"""The installed `patchlint` command, run as a user runs it."""

import json
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, ROOT

SEED = ROOT / "fixtures" / "threads" / "000-xen-netback-hw-features.mbox"
SERIES = CORPUS / "patchwork" / "series" / "revision-basic.mbox"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "patchlint", *args],
        capture_output=True,
        input=stdin.decode() if stdin else None,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_version():
    from patchlint import __version__

    res = run("--version")
    assert res.returncode == 0
    assert res.stdout.strip() == f"patchlint {__version__}"


def test_review_text_summary_of_seed_000():
    res = run("review", str(SEED))
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "net: xen-netback: convert to hw_features" in out
    assert "v1" in out and "v2" in out
    assert "Acked-by: Ian Campbell" in out
    assert "\x1b[" not in out  # plain when piped


def test_review_json_to_file(tmp_path, validate_report):
    out = tmp_path / "r.json"
    res = run("review", str(SERIES), "--format", "json", "-o", str(out), "--fail-on", "never")
    assert res.returncode == 0, res.stderr
    report = json.loads(out.read_text())
    validate_report(report)
    assert [r["version"] for r in report["series"][0]["revisions"]] == [1, 2]


def test_stdin(validate_report):
    res = run("review", "-", "--format", "json", "--fail-on", "never", stdin=SERIES.read_bytes())
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    validate_report(report)
    assert report["stats"]["messages"] == 6


@pytest.mark.parametrize(
    "args",
    [
        ["review", "/nonexistent/x.mbox"],
        ["review"],
        ["review", "--format", "xml", str(SERIES)],
        ["nosuchcommand"],
    ],
)
def test_bad_usage_and_input_exit_2_without_traceback(args):
    res = run(*args)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr


def test_corrupt_gzip_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.mbox.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage-not-gzip")
    res = run("review", str(path), "--fail-on", "never")
    assert res.returncode == 2
    assert "broken.mbox.gz" in res.stderr
    assert "Traceback" not in res.stderr


def test_directory_of_format_patch_files_and_maildir(tmp_path, validate_report):
    from patchlint.ingest.sources import iter_file

    raws = [raw for _, raw in iter_file(SERIES)]
    patches = tmp_path / "series"
    patches.mkdir()
    for i, raw in enumerate(raws):
        (patches / f"{i:04d}-x.patch").write_bytes(b"From x Mon Sep 17 00:00:00 2001\n" + raw)
    maildir = tmp_path / "md"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for i, raw in enumerate(raws):
        (maildir / "cur" / f"{i}.host:2,S").write_bytes(raw)
    for path in (patches, maildir):
        res = run("review", str(path), "--format", "json", "--fail-on", "never")
        assert res.returncode == 0, res.stderr
        report = json.loads(res.stdout)
        validate_report(report)
        assert report["stats"]["messages"] == 6
        assert report["stats"]["revisions"] == 2


def test_gzip_on_stdin(validate_report):
    import gzip

    data = gzip.compress(SERIES.read_bytes())
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            "-",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        input=data,
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    validate_report(report)
    assert report["stats"]["messages"] == 6
