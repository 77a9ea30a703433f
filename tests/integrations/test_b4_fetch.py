"""`--msgid`: a reviewer starts from a Message-ID and patchlint fetches the thread through b4
(ingest/b4.py) from a real public-inbox served on loopback by `public-inbox-httpd`, holding
the seed 000 thread as the list saw it. Fetched and read from the mbox, the reports are the
same; the `b4 am` line a report gives fetches the revision with the real b4; network errors,
unknown ids and garbage answers are one line and exit 2."""

from __future__ import annotations

import ast
import gzip
import json
import mailbox
import random
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS, FIXTURES, ROOT, require, require_program
from tests.integrations.gitrepo import env
from tests.integrations.pi_httpd import Inbox, answering, free_port, served

SEED = FIXTURES / "threads" / "000-xen-netback-hw-features.mbox"
V1 = "20110419115606.6EBB313A6A@rere.qmqm.pl"  # v1, a thread of 7 mails
V1_REVIEW = "1303219073.5197.45.camel@zakaz.uk.xensource.com"  # Ian's review of v1
V2 = "20110419133506.8A47F13A6A@rere.qmqm.pl"  # v2, posted in a new thread (4 mails)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pi")
    inbox = Inbox(root)
    inbox.deliver([m.as_bytes() for m in mailbox.mbox(SEED)])
    with served(inbox, root) as url:
        yield url


def patchlint(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, with a scratch HOME (b4 writes its cache there)."""
    return subprocess.run(
        [sys.executable, "-m", "patchlint", *args],
        cwd=tmp,
        env=env(tmp / "home"),
        capture_output=True,
        text=True,
        check=False,
    )


def test_fetched_thread_reviews_as_the_mbox(archive: str, tmp_path: Path) -> None:
    fetched = patchlint(
        tmp_path,
        "review",
        "--msgid",
        V1,
        "--msgid",
        f"<{V2}>",
        "--archive-url",
        archive,
        "-f",
        "json",
    )
    direct = patchlint(tmp_path, "review", str(SEED), "--archive-url", archive, "-f", "json")
    assert fetched.returncode == direct.returncode == 0, fetched.stderr + direct.stderr
    assert fetched.stdout == direct.stdout  # byte for byte
    report = json.loads(fetched.stdout)
    assert report["stats"]["messages"] == 11
    [series] = report["series"]
    assert [r["version"] for r in series["revisions"]] == [1, 2]


def test_any_message_of_the_thread_fetches_it(archive: str, tmp_path: Path) -> None:
    """A reply's Message-ID (or its URL, as a reviewer copies it) fetches its whole thread:
    v1 and its review, not v2 (a thread of its own)."""
    by_reply = patchlint(
        tmp_path,
        "review",
        "--msgid",
        V1_REVIEW,
        "--archive-url",
        archive,
        "-f",
        "json",
        "--no-links",
    )
    by_url = patchlint(
        tmp_path,
        "review",
        "--msgid",
        f"{archive}{V1_REVIEW}/",
        "--archive-url",
        "https://lore.kernel.org/all/",
        "-f",
        "json",
        "--no-links",
    )
    assert by_reply.returncode == 1, by_reply.stderr  # v1's wrong prototype: an error
    assert by_reply.stdout == by_url.stdout
    report = json.loads(by_reply.stdout)
    assert report["stats"]["messages"] == 7
    [series] = report["series"]
    assert [r["version"] for r in series["revisions"]] == [1]
    assert "links" not in series["revisions"][0]
    assert "CS001" in [f["code"] for f in series["findings"]]
    # the same as reviewing those seven mails from the mbox
    thread = tmp_path / "v1.mbox"
    box = mailbox.mbox(thread)
    for mail in mailbox.mbox(SEED):
        if mail["Message-ID"].strip("<>") == V1 or V1 in (mail["References"] or ""):
            box.add(mail)
    box.flush()
    direct = patchlint(tmp_path, "review", str(thread), "-f", "json", "--no-links")
    assert (direct.returncode, direct.stdout) == (by_reply.returncode, by_reply.stdout)


def test_diff_and_who_read_fetched_threads(archive: str, tmp_path: Path) -> None:
    diff = patchlint(tmp_path, "diff", "--msgid", V1, "--msgid", V2, "--archive-url", archive)
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout == patchlint(tmp_path, "diff", str(SEED)).stdout
    assert "xenvif_fix_features" in diff.stdout
    xen = str(require(CORPUS / "xen-docs" / "MAINTAINERS"))
    who = patchlint(
        tmp_path,
        "who",
        "--msgid",
        V1,
        "--msgid",
        V2,
        "--archive-url",
        archive,
        "--maintainers",
        xen,
        "-f",
        "json",
    )
    direct = patchlint(tmp_path, "who", str(SEED), "--maintainers", xen, "-f", "json")
    assert who.stdout and (who.returncode, who.stdout) == (direct.returncode, direct.stdout)


def test_report_links_and_b4_line_fetch_the_revision(archive: str, tmp_path: Path) -> None:
    """Each revision's links point into the archive, and its `b4 am` line, run as printed
    by the real b4, fetches that revision from it."""
    require_program("b4")
    done = patchlint(
        tmp_path, "review", "--msgid", V1, "--msgid", V2, "--archive-url", archive, "-f", "json"
    )
    v1, v2 = json.loads(done.stdout)["series"][0]["revisions"]
    assert v2["links"]["archive"] == archive
    assert v2["links"]["messages"][V2] == f"{archive}{V2}/"
    assert set(v1["links"]["messages"]) == {
        V1,
        V1_REVIEW,
        *(r["message_id"] for r in v1["reply_messages"]),
    }
    assert v2["links"]["b4_am"] == f"b4 am -v 2 {archive}{V2}/"
    assert v2["links"]["b4_shazam"] == f"b4 shazam -v 2 {archive}{V2}/"
    out = tmp_path / "am"
    argv = [*shlex.split(v2["links"]["b4_am"]), "-o", str(out)]
    b4 = subprocess.run(
        argv, cwd=tmp_path, env=env(tmp_path / "home"), capture_output=True, text=True, check=False
    )
    assert b4.returncode == 0, b4.stdout + b4.stderr
    [mbx] = out.glob("*.mbx")
    text = mbx.read_text()
    assert "Subject: [PATCH v2] net: xen-netback: convert to hw_features" in text
    assert "Acked-by: Ian Campbell <ian.campbell@citrix.com>" in text  # given in v2's thread


def test_text_markdown_and_html_give_the_links(archive: str, tmp_path: Path) -> None:
    for fmt, link in (
        ("text", f"{archive}{V2}/"),
        ("markdown", f"<{archive}{V2}/>"),
        ("html", f'href="{archive}{V2}/"'),
    ):
        done = patchlint(tmp_path, "review", str(SEED), "--archive-url", archive, "-f", fmt)
        assert done.returncode == 0, done.stderr
        assert link in done.stdout, fmt
        assert f"b4 shazam -v 2 {archive}{V2}/" in done.stdout, fmt
        off = patchlint(tmp_path, "review", str(SEED), "--no-links", "-f", fmt)
        assert archive not in off.stdout and "b4 shazam" not in off.stdout, fmt


def _one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("patchlint: error: ") and done.stderr.count("\n") == 1, (
        done.stderr
    )
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr


def test_unknown_id_is_one_line(archive: str, tmp_path: Path) -> None:
    done = patchlint(
        tmp_path, "review", "--msgid", "no-such-mail@example.org", "--archive-url", archive
    )
    _one_line_error(done, "no message <no-such-mail@example.org> in this archive")


def test_unreachable_archive_is_one_line(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/{'xen-devel'}/"
    done = patchlint(tmp_path, "review", "--msgid", V1, "--archive-url", closed)
    _one_line_error(done, f"cannot fetch <{V1}> from http://127.0.0.1:", "Connection refused")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"<html><body>Service Unavailable</body></html>", "not a gzip'd mbox"),
        (gzip.compress(b"hello\nthis is no mailbox\n", mtime=0), "no thread holding it"),
        (
            gzip.compress(
                b"From mboxrd@z Thu Jan  1 00:00:00 1970\nMessage-ID: <other@x>\n"
                b"Subject: other\n\nbody\n",
                mtime=0,
            ),
            "no thread holding it",
        ),
        (gzip.compress(random.Random(0).randbytes(4096), mtime=0)[:2000], "not a gzip'd mbox"),
    ],
    ids=["html", "no-mailbox", "other-thread", "cut-gzip"],  # the same in every xdist worker
)
def test_garbage_answer_is_one_line(tmp_path: Path, body: bytes, says: str) -> None:
    with answering(body) as url:
        done = patchlint(tmp_path, "review", "--msgid", V1, "--archive-url", url)
    _one_line_error(done, says)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--msgid", ""], "--msgid: not a Message-ID: ''"),
        (["--msgid", "a b@c"], "--msgid: not a Message-ID"),
        (["--msgid", V1, "--archive-url", "ftp://example.org/"], "--archive-url: not an http(s)"),
        ([], "give the mail to read: PATH... (- for standard input) or --msgid ID"),
    ],
)
def test_bad_requests_are_usage_errors(tmp_path: Path, args: list[str], says: str) -> None:
    _one_line_error(patchlint(tmp_path, "review", *args), says)


def test_b4_is_imported_only_by_the_adapter_and_only_when_fetching() -> None:
    """b4 (and liblore, its fetching library) behind one adapter: no other module of the
    package imports them, and reading mail without --msgid does not load them."""
    importers = []
    for path in sorted((ROOT / "patchlint").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] in ("b4", "liblore") for n in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(importers)) == ["patchlint/ingest/b4.py"]
    probe = (
        "import sys; from patchlint.cli import app; from patchlint.pipeline import review; "
        f"review([{str(SEED)!r}]); print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('b4', 'liblore')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"
