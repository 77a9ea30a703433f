"""What is mail and what is not (ingest/sniff.py), on every file of the corpora, and what
the commands do with each: input that is not mail is refused (exit 2, one line saying what
was expected); a gzip archive that breaks off keeps what was read before the break, says so
and fails the run after writing the report."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from patchlint.errors import InputError
from patchlint.ingest import iter_raw, read_messages
from patchlint.ingest.sniff import not_mail
from patchlint.model.message import Diagnostic
from tests.conftest import CORPUS, FIXTURES, ROOT

# corpus files that are not mail: expected outputs of the tools the corpora test (git
# mailinfo's message parts, b4's .verify lists and gpg status output), scripts, JSON
NOT_MAIL_NAMES = (
    "msg0",
    "quoted-cr-msg",
    "0002mboxrd",
    ".verify",
    ".expect",
    ".sh",
    "gpg-",
    ".gitattributes",
    ".json.gz",
    ".json",
    ".md",
    ".rst",
)


def corpus_files() -> list[Path]:
    return sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file()
        and "sarif" not in p.parts
        and "xen-docs" not in p.parts
        and "lists" not in p.parts
    )


def head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        data = fh.read(1 << 16)
    return gzip.decompress(path.read_bytes())[: 1 << 16] if data[:2] == b"\x1f\x8b" else data


def test_every_corpus_mail_is_mail_and_nothing_else_is(corpus):
    files = corpus_files()
    assert len(files) > 250
    mail = [p for p in files if not any(n in p.name for n in NOT_MAIL_NAMES)]
    not_mail_files = [p for p in files if p not in mail]
    wrongly_refused = [(p, not_mail(head(p))) for p in mail if not_mail(head(p))]
    assert not wrongly_refused
    # patchwork's fuzz mails (NUL bytes, junk headers) and t5100's NUL and latin-1 mails
    # are damaged mail, read as mail
    for name in (
        "patchwork/fuzz/value2.mbox",
        "patchwork/fuzz/codec-null.mbox",
        "git-t5100/t5100/nul-plain",
        "git-t5100/t5100/patch0005",
    ):
        assert CORPUS / name in mail and not_mail(head(CORPUS / name)) is None
    # what is not mail is refused unless its first line reads as a header (mailinfo's
    # `Author: x` outputs, a Markdown note starting `Title:`): damaged mail, read as such
    refused = {p.relative_to(CORPUS).as_posix() for p in not_mail_files if not_mail(head(p))}
    assert len(refused) >= 30
    assert {
        "git-t5100/t5100/msg0001",
        "git-t5100/t5100-mailinfo.sh",
        "git-t5100/t5100/.gitattributes",
        "b4/samples/gpg-badsig.txt",
        "b4/samples/trailers-thread-with-followups.verify",
        "patchew/data/0022-another-simple-patch.json.gz",
    } <= refused


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (Path("/bin/ls").read_bytes()[:65536], "binary data"),
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02",
            "binary data",
        ),
        (bytes(range(256)) * 4, "binary data"),
        (b"x" * 65536, "text with no mail headers"),
        (b"Here is a commit message and nothing else.\n", "text with no mail headers"),
        (b'{"message_id": "x"}\n', "text with no mail headers"),
    ],
)
def test_what_is_not_mail(data, what):
    assert not_mail(data) == what


@pytest.mark.parametrize(
    "data",
    [
        b"Subject: x\n\nbody\n",
        b"From: a@b\nSubjec\x00t: junk\n\n",  # damaged headers are still headers
        b"From nobody Mon Sep 17 00:00:00 2001\n\n\x00binary body\n",
        b"Received : from x\nSubject: y\n\n",  # obsolete space before the colon
        b"diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n",
        b"A commit message\n---\n f | 2 +-\n\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-\xe9\n+b\n",
        b"# HG changeset patch\n# User x\ndiff -r 1 -r 2 f\n",
        b"",
    ],
)
def test_what_is_mail(data):
    assert not_mail(data) is None


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "patchlint", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "COLUMNS": "80"},
    )


@pytest.fixture(scope="module")
def junk(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("junk")
    files = {
        "ls": Path("/bin/ls"),
        "pdf": folder / "paper.pdf",
        "random": folder / "random.bin",
        "line": folder / "line.txt",
    }
    files["pdf"].write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 64)
    files["random"].write_bytes(os.urandom(1 << 16))
    with open(files["line"], "wb") as fh:  # a 50 MB single line
        for _ in range(50):
            fh.write(b"y" * (1 << 20))
    return files


@pytest.mark.parametrize("command", ["review", "check"])
@pytest.mark.parametrize("name", ["ls", "pdf", "random", "line"])
def test_commands_refuse_what_is_not_mail(command, name, junk):
    done = _cli(command, str(junk[name]))
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"{junk[name]}: not mail (" in err
    assert "expected mail: an mbox, a .eml or git format-patch file" in err
    assert done.stdout == b""


def test_stdin_that_is_not_mail_is_refused():
    done = _cli("check", "-", stdin=Path("/bin/ls").read_bytes())
    assert done.returncode == 2
    assert done.stderr.decode().startswith("patchlint: error: <stdin>: not mail (binary data)")


def test_a_file_that_is_not_mail_in_a_directory_of_patches_is_skipped(tmp_path):
    series = tmp_path / "series"
    series.mkdir()
    (series / "0001-a.patch").write_text(
        "From: A <a@example.org>\nSubject: [PATCH] a\n\nfix\n\nSigned-off-by: A "
        "<a@example.org>\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"
    )
    (series / "0002-notes.txt").write_bytes(b"\x7fELF\x00\x00junk")
    diagnostics: list[Diagnostic] = []
    messages = read_messages([str(series)], diagnostics)
    assert [m.subject for m in messages] == ["[PATCH] a"]
    skipped = [d for d in diagnostics if d.problem.startswith("skipped")]
    assert [(d.problem, d.source) for d in skipped] == [
        (
            f"skipped: {series / '0002-notes.txt'}: not mail (binary data); expected mail: an "
            "mbox, a .eml or git format-patch file, a maildir or a directory of patches",
            str(series / "0002-notes.txt"),
        )
    ]
    with pytest.raises(InputError, match="not mail"):
        list(iter_raw([str(series)]))


def _truncated(tmp_path: Path) -> tuple[Path, int]:
    """The seed 000 thread gzip'd and cut in the middle of its 7th message; how many
    messages are whole before the cut."""
    mbox = (FIXTURES / "threads" / "000-xen-netback-hw-features.mbox").read_bytes()
    starts = [
        i
        for i in range(len(mbox))
        if mbox.startswith(b"From ", i) and (i == 0 or mbox[i - 1 : i] == b"\n")
    ]
    cut = starts[6] + 200  # inside the 7th message's headers and body
    # a gzip stream of the first `cut` bytes, without its end: the archive as a broken
    # download leaves it
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = compressor.compress(mbox[:cut]) + compressor.flush(zlib.Z_SYNC_FLUSH)
    path = tmp_path / "cut.mbox.gz"
    path.write_bytes(data)
    return path, 6


def test_a_truncated_archive_keeps_what_was_read(tmp_path):
    path, whole = _truncated(tmp_path)
    diagnostics: list[Diagnostic] = []
    messages = read_messages([str(path)], diagnostics)
    assert len(messages) == whole + 1  # the 7th, as far as it got
    breaks = [d for d in diagnostics if d.problem.startswith("input ends early")]
    assert len(breaks) == 1 and breaks[0].source == str(path)
    assert f"the report covers the {whole + 1} messages read before the break" in breaks[0].problem
    with pytest.raises(InputError, match="input ends early"):
        list(iter_raw([str(path)]))


@pytest.mark.parametrize("command", ["review", "check"])
def test_a_truncated_archive_is_reported_and_fails_the_run(tmp_path, command):
    path, whole = _truncated(tmp_path)
    out = tmp_path / "report.json"
    args = ["-f", "json"] + (["-o", str(out)] if command == "review" else [])
    done = _cli(command, str(path), *args)
    assert done.returncode == 2, done.stderr
    err = done.stderr.decode()
    assert err.startswith("patchlint: error: input ends early: ") and err.count("\n") == 1
    report = json.loads(out.read_text() if command == "review" else done.stdout)
    assert report["stats"]["messages"] == whole + 1
    assert any(d["problem"].startswith("input ends early") for d in report["diagnostics"])
