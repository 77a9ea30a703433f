"""`patchlint check --series` as b4's series check command, without a b4 review session:
the tracking file's thread blob (read with git, no network), b4's own `run_series_checks`
parsing the output, and every way the inputs can fail (one line, exit 2)."""

from __future__ import annotations

import json
import subprocess
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest

from patchlint.integrations.b4series import Tracking, parse_tracking
from tests.conftest import require_program
from tests.integrations.b4_series import ACK, CHANGE_ID, make_series, msgid
from tests.integrations.gitrepo import Repo, patchlint_cmd
from tests.integrations.pi_httpd import free_port


def _mbox(mails: list[bytes]) -> bytes:
    out = b""
    for raw in mails:
        body = b"\n".join(
            b">" + ln if ln.lstrip(b">").startswith(b"From ") else ln for ln in raw.split(b"\n")
        )
        out += b"From mboxrd@z Thu Jan  1 00:00:00 1970\n" + body.rstrip(b"\n") + b"\n\n"
    return out


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Repo, Path, bytes]:
    """A repository holding both revisions' threads as blobs, a tracking file naming v2's
    blob, and v2's cover letter (what b4 pipes to the command)."""
    require_program("git")
    repo = Repo(tmp_path / "repo", tmp_path / "home")
    series = make_series(repo)
    blob = repo.run(
        "git", "hash-object", "-w", "--stdin", stdin=_mbox(series.v2).decode()
    ).stdout.strip()
    tracking = tmp_path / "b4-tracking.json"
    tracking.write_text(
        json.dumps(
            {
                "series": {
                    "revision": 2,
                    "change-id": CHANGE_ID,
                    "thread-blob": blob,
                    "header-info": {"msgid": series.v2_cover},
                },
                "known-revisions": [{"revision": 2, "message-id": series.v2_cover}],
            }
        )
    )
    return repo, tracking, series.v2[0]


def _check(
    repo: Repo,
    tool: Path,
    cover: bytes,
    tracking: Path | None,
    *args: str,
    archive: str | None = None,
) -> subprocess.CompletedProcess[str]:
    closed = archive or f"http://127.0.0.1:{free_port()}/xen-devel/"  # nobody answers
    env = {"B4_TRACKING_FILE": str(tracking)} if tracking else {}
    return repo.run(
        str(tool),
        "check",
        "--series",
        "--archive-url",
        closed,
        *args,
        "-",
        stdin=cover.decode(),
        **env,
    )


def test_thread_blob_is_read_without_network(
    setup: tuple[Repo, Path, bytes], tmp_path: Path
) -> None:
    repo, tracking, cover = setup
    tool = patchlint_cmd(tmp_path / "bin")
    done = _check(repo, tool, cover, tracking, "--format", "b4-review")
    assert done.returncode == 0, done.stderr
    [result] = json.loads(done.stdout)
    assert result["tool"] == "patchlint"
    # no earlier revision: a tag's origin is not judged; Rita's ack written twice is
    assert result["summary"] == "1 warning (v2, no earlier revision found)"
    assert len(json.loads(result["details"])) == 1
    report = _check(repo, tool, cover, tracking, "--format", "json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert data["stats"]["messages"] == 3  # v2's cover and patches, from the blob
    assert {f["code"] for s in data["series"] for f in s["findings"]} == {"TR008"}


def test_b4_parses_the_series_result(
    setup: tuple[Repo, Path, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """b4's own runner for series checks (`run_series_checks`, which sets
    B4_TRACKING_FILE through `extra_env`) reads what `--series` prints."""
    from b4.review import checks  # b4's parser, as the perpatch test uses it

    repo, tracking, cover = setup
    tool = patchlint_cmd(tmp_path / "bin")
    closed = f"http://127.0.0.1:{free_port()}/xen-devel/"
    cmd = f"{tool} check --series --format b4-review --archive-url {closed} -"
    for name in ("PYTHONPATH", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, repo.env[name])
    monkeypatch.chdir(repo.path)
    msg = message_from_bytes(cover, policy=default_policy)
    assert isinstance(msg, EmailMessage)
    [result] = checks.run_series_checks(
        (msgid(2, 0), msg), [cmd], str(repo.path), extra_env={"B4_TRACKING_FILE": str(tracking)}
    )
    assert result["tool"] == "patchlint"
    assert result["status"] == "warn"
    assert result["summary"] == "1 warning (v2, no earlier revision found)"
    [described] = [d["description"] for d in json.loads(result["details"])]
    assert ACK.split(": ", 1)[1] in described and "duplicate-trailer" in described


def test_tracking_file_parsing_takes_what_it_can() -> None:
    assert parse_tracking({"series": "nonsense", "known-revisions": 3}) == Tracking()
    parsed = parse_tracking(
        {
            "series": {
                "revision": 3,
                "change-id": "c",
                "thread-blob": "not-a-sha; rm -rf /",
                "header-info": {"msgid": "<cover@x>"},
            },
            "known-revisions": [
                {"revision": 1, "message-id": "<v1@x>"},
                "junk",
                {"revision": True, "message-id": "b@x"},
                {"revision": 2, "message-id": "v2@x"},
                {"revision": 3, "message-id": "cover@x"},
                {"revision": 4, "message-id": "v4@x"},
            ],
        }
    )
    assert parsed == Tracking(
        revision=3,
        change_id="c",
        cover_message_id="cover@x",
        thread_blob=None,
        earlier=((1, "v1@x"), (2, "v2@x")),
    )


@pytest.mark.parametrize(
    ("tracking_text", "says"),
    [
        ("{not json", "B4_TRACKING_FILE"),
        ("[1, 2]", "B4_TRACKING_FILE: not a JSON object"),
    ],
)
def test_bad_tracking_file_is_one_line(
    setup: tuple[Repo, Path, bytes], tmp_path: Path, tracking_text: str, says: str
) -> None:
    repo, tracking, cover = setup
    tracking.write_text(tracking_text)
    done = _check(repo, patchlint_cmd(tmp_path / "bin"), cover, tracking, "-f", "b4-review")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("patchlint: error: ") and says in done.stderr
    assert done.stderr.count("\n") == 1


def test_gone_blob_and_no_archive_is_one_line(
    setup: tuple[Repo, Path, bytes], tmp_path: Path
) -> None:
    """A blob git gc took: the thread is fetched instead, and an archive nobody answers on
    is said in one line (b4 shows it as the check's failure)."""
    repo, tracking, cover = setup
    data = json.loads(tracking.read_text())
    data["series"]["thread-blob"] = "0" * 40
    tracking.write_text(json.dumps(data))
    done = _check(repo, patchlint_cmd(tmp_path / "bin"), cover, tracking, "-f", "b4-review")
    assert done.returncode == 2 and done.stdout == ""
    assert f"cannot fetch <{msgid(2, 0)}>" in done.stderr and "Connection refused" in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["--format", "text"], None, "--series prints --format b4-review (for b4) or json"),
        (["--format", "b4-review"], b"Subject: no id\n\nhello\n", "the mail has no Message-ID"),
        (["--format", "b4-review"], b"", "no mail to check"),
    ],
)
def test_series_usage_errors(
    setup: tuple[Repo, Path, bytes], tmp_path: Path, args: list[str], stdin: bytes | None, says: str
) -> None:
    repo, tracking, cover = setup
    done = _check(
        repo, patchlint_cmd(tmp_path / "bin"), cover if stdin is None else stdin, tracking, *args
    )
    assert done.returncode == 2 and done.stdout == ""
    assert says in done.stderr and done.stderr.count("\n") == 1
