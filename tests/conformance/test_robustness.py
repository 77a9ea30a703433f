"""Every file of every corpus goes through review without an exception; problems are
diagnostics, and no message read is lost without one."""

import gzip
from pathlib import Path

import pytest

from patchlint.errors import InputError
from patchlint.ingest import iter_raw, read_messages
from patchlint.ingest.sniff import not_mail
from patchlint.model.grouping import group_messages
from patchlint.pipeline import review
from tests.conftest import CORPUS

FULL_ARCHIVE = "linux-hyperv-epoch0.mboxrd.gz"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != FULL_ARCHIVE)


def test_corpus_is_there():
    assert len(corpus_files()) > 300


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_review_never_raises(path, validate_report):
    """Mail, however damaged, is reviewed; a file that is not mail at all (an expected
    output, a script, JSON: see ingest/sniff.py) is refused with an InputError saying so."""
    with open(path, "rb") as fh:
        start = fh.read(1 << 16)
    if start[:2] == b"\x1f\x8b":
        start = gzip.GzipFile(path).read(1 << 16)
    if not_mail(start) is not None:
        with pytest.raises(InputError, match=r": not mail \("):
            review([str(path)])
        return
    report = review([str(path)])
    validate_report(report)


def _accounting(paths: list[str]) -> tuple[int, int, int]:
    diags: list = []
    read = sum(1 for _ in iter_raw(paths))
    msgs = read_messages(paths, diags)
    grouping = group_messages(msgs, diags)
    unreadable = sum(1 for d in diags if d.problem.startswith("unreadable message"))
    skipped = sum(1 for d in diags if "skipped" in d.problem)
    return read, grouping.messages + skipped + unreadable, len(msgs)


def test_every_message_is_accounted_for_in_the_3000_slice():
    path = str(CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz")
    read, accounted, _ = _accounting([path])
    assert read == 3000
    assert accounted == read


def test_fuzz_files_become_diagnostics_not_errors():
    paths = [str(p) for p in sorted((CORPUS / "patchwork" / "fuzz").iterdir())]
    read, accounted, _ = _accounting(paths)
    assert read == accounted == len(paths)


@pytest.mark.archive
def test_full_archive(validate_report):
    path = str(CORPUS / "lists" / FULL_ARCHIVE)
    read, accounted, _ = _accounting([path])
    assert read == 26431
    assert accounted == read
