"""`--state DIR`: a run over mail that has grown reuses what the earlier run decoded and
reviewed, redoes only what the new mail touches, and still gives exactly a full run's
report."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from contextlib import chdir
from dataclasses import replace
from pathlib import Path

import pytest

from patchlint.config import DEFAULT_CONFIG
from patchlint.ingest import read_messages
from patchlint.model.grouping import group_messages
from patchlint.pipeline.dask import OptionsRecipe, reviewing_on_dask
from patchlint.pipeline.dask.state import RunState
from patchlint.report.model import report_stats
from patchlint.report.render import render
from tests.conftest import CORPUS, last_part, message_starts, require
from tests.pipeline.conftest import SEEDS, SLICE, local_report


def _first_part(data: bytes, share: float) -> bytes:
    """`data`, an mboxrd archive, up to the separator nearest `share` of its messages."""
    starts = message_starts(data)
    return data[: starts[int(len(starts) * share)]]


def _cut_inside_a_thread_and_a_series(path: str) -> int:
    """The number of `path`'s first messages after which the rest is a reply to one of
    them in a series that has revisions before and after the cut (the one nearest two
    thirds of the way, so the new mail is less than the old, as in an archive that grows):
    the new mail lands inside a thread and inside a series."""
    messages = read_messages([path], [])
    grouping = group_messages(messages, [])
    at = {m.key: int(m.source.rsplit("#", 1)[1]) - 1 for m in messages}
    cuts = []
    for series in grouping.series:
        firsts = sorted(at[r.key] for r in series.revisions)
        for rev in series.revisions:
            for reply in rev.replies:
                cut = at[reply.message.key]
                parent = at.get(reply.parent_key or "")
                if parent is not None and parent < cut and firsts[0] < cut <= firsts[-1]:
                    cuts.append(cut)
    assert cuts, "the mail has no such place"
    return min(cuts, key=lambda c: abs(c - len(messages) * 2 // 3))


# The resuming tests take the slice's last third (1,000 messages, 12 MB), not all of it,
# cut in partitions of PART bytes (not 1 MiB): each still has more than ten partitions on
# each side of its cut, series that the new mail reaches and series it does not, and a
# reply landing inside an old thread and series (the cut above, found in the third
# itself) - what the assertions count - at a third of the cost of each run.
PART = 1 << 18
GZ = "list.mbox.gz"  # the third, compressed as one gzip stream
MBOX = "list.mbox"  # the third, plain


@pytest.fixture(scope="module")
def third() -> bytes:
    """The slice's last third, decompressed."""
    return last_part(gzip.decompress(require(CORPUS / SLICE).read_bytes()), 1 / 3)


@pytest.fixture(scope="module")
def third_reports(third, tmp_path_factory) -> dict[str, str]:
    """The one-process reports of the third as GZ and as MBOX (what every resumed run must
    equal; a test writing its file at the same relative path gets the same labels), and
    the cut inside a thread and a series (under "cut"). Computed once for the module: no
    test changes them."""
    where = tmp_path_factory.mktemp("third")
    (where / GZ).write_bytes(gzip.compress(third, compresslevel=1))
    (where / MBOX).write_bytes(third)
    with chdir(where):
        return {
            GZ: local_report([GZ]),
            MBOX: local_report([MBOX]),
            "cut": str(_cut_inside_a_thread_and_a_series(MBOX)),
        }


def _run(client, state_dir: Path, paths: list[str]) -> tuple[str, RunState, int]:
    state = RunState(state_dir)
    with reviewing_on_dask(
        paths, OptionsRecipe(), client=client, state=state, max_bytes=PART
    ) as run:
        report = render(run.report(), "json")
        return report, state, report_stats(run.grouping)["series"]  # every series


def test_the_mail_grown_by_half_gives_the_full_report(cluster_of, third, third_reports, tmp_path):
    """An archive rewritten whole with twice its mail (the slice's last third, its first
    half then all of it): the old partitions are recognised, the new ones decoded."""
    expected = third_reports[GZ]
    archive = tmp_path / GZ
    archive.write_bytes(gzip.compress(_first_part(third, 0.5), compresslevel=1))
    client = cluster_of[2]
    with chdir(tmp_path):
        first, state, _ = _run(client, tmp_path / "state", [GZ])
        assert state.reused_partitions == 0
        assert first != expected
        archive.write_bytes(gzip.compress(third, compresslevel=1))  # the other half arrives
        again, state, series = _run(client, tmp_path / "state", [GZ])
    assert again == expected
    assert state.reused_partitions >= 10  # the first half's partitions, but the last
    assert state.decoded_partitions >= 10  # the new half's
    assert 0 < state.reviewed_series < series  # the series the new half touched, only
    assert state.reused_series == series - state.reviewed_series
    assert state.reused_units > 0  # units the new half does not reach are not grouped again
    assert state.grouped_units > 0


def test_new_mail_inside_a_thread_and_a_series_gives_the_full_report(
    cluster_of, third, third_reports, tmp_path
):
    """The new mail answers old mail and adds a revision to an old series: the units it
    reaches are grouped again with the old mail they hold, the others are loaded."""
    expected = third_reports[GZ]
    archive = tmp_path / GZ
    cut = message_starts(third)[int(third_reports["cut"])]
    archive.write_bytes(gzip.compress(third[:cut], compresslevel=1))
    client = cluster_of[2]
    with chdir(tmp_path):
        first, state, _ = _run(client, tmp_path / "state", [GZ])
        assert first != expected
        units = state.grouped_units
        archive.write_bytes(gzip.compress(third, compresslevel=1))
        again, state, series = _run(client, tmp_path / "state", [GZ])
    assert again == expected
    assert 0 < state.grouped_units < units  # only the units the new mail reaches
    assert state.reused_units > 0
    assert 0 < state.reviewed_series < series


def test_an_unchanged_input_reviews_nothing_again(cluster_of, tmp_path):
    client = cluster_of[1]
    recipe = OptionsRecipe()
    reports = []
    states = []
    for _ in range(2):
        state = RunState(tmp_path / "state")
        with reviewing_on_dask(SEEDS, recipe, client=client, state=state) as run:
            reports.append(render(run.report(), "json"))
        states.append(state)
    assert reports[0] == reports[1]
    assert states[0].reviewed_series > 0
    assert states[1].reviewed_series == 0
    assert states[1].decoded_partitions == 0
    assert states[1].reused_series == states[0].reviewed_series


def test_command_line_state_gives_the_same_output(tmp_path):
    def run(*extra: str) -> bytes:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "patchlint",
                "review",
                *SEEDS,
                "-f",
                "json",
                "--fail-on",
                "never",
                *extra,
            ],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    local = run("--jobs", "1")
    state = ["--executor", "dask", "--jobs", "1", "--state", str(tmp_path / "state")]
    assert run(*state) == local
    assert any((tmp_path / "state" / "series").iterdir())
    assert run(*state) == local


def _plain_run(
    client, paths: list[str], state_dir: Path, max_bytes: int = 1 << 20
) -> tuple[str, RunState]:
    state = RunState(state_dir)
    with reviewing_on_dask(
        paths, OptionsRecipe(), client=client, state=state, max_bytes=max_bytes
    ) as run:
        return render(run.report(), "json"), state


def test_mail_appended_to_a_plain_mbox_is_read_from_where_the_last_run_stopped(
    cluster_of, third, third_reports, tmp_path
):
    """Real mail arrives appended: the second run reads only the new bytes (the old
    partitions are taken from the state unread), numbers the new messages after the old
    ones, and gives exactly the report of a run over the whole file."""
    data = third
    cut = message_starts(data)[int(third_reports["cut"])]
    mbox = tmp_path / MBOX
    whole = third_reports[MBOX]
    client = cluster_of[2]
    with chdir(tmp_path):
        mbox.write_bytes(data[:cut])
        first, state = _plain_run(client, ["list.mbox"], tmp_path / "state", PART)
        assert first != whole and state.resumed == []
        made = state.decoded_partitions
        with mbox.open("ab") as fh:
            fh.write(data[cut:])
        again, state = _plain_run(client, ["list.mbox"], tmp_path / "state", PART)
        assert again == whole
        assert state.resumed == ["list.mbox"]
        assert state.reused_partitions == made  # every old one, unread
        assert 0 < state.decoded_partitions < made  # the new bytes only
        assert state.reviewed_series > 0 and state.reused_series > 0
        # only the old partitions holding mail of the units the new mail reaches are loaded
        assert 0 < state.loaded_partitions < made
        # nothing new: nothing read, nothing decoded, no old message loaded, the same report
        same, state = _plain_run(client, ["list.mbox"], tmp_path / "state", PART)
        assert same == whole
        assert state.resumed == ["list.mbox"] and state.decoded_partitions == 0
        assert state.loaded_partitions == 0 and state.grouped_units == 0


def test_a_file_rewritten_or_a_new_file_beside_it_is_read_as_a_whole(cluster_of, third, tmp_path):
    """A new input is read whole beside the resumed one; an input whose old bytes changed
    (its end rewritten) is read whole: both give a full run's report."""
    data = third
    cut = message_starts(data)[len(message_starts(data)) // 2]
    (tmp_path / "a.mbox").write_bytes(data[:cut])
    (tmp_path / "b.mbox").write_bytes(data[cut:])
    client = cluster_of[2]
    with chdir(tmp_path):
        both = local_report(["a.mbox", "b.mbox"])
        _plain_run(client, ["a.mbox"], tmp_path / "state")
        again, state = _plain_run(client, ["a.mbox", "b.mbox"], tmp_path / "state")
        assert again == both
        assert state.resumed == ["a.mbox"]  # b.mbox is new: read whole
        # a.mbox's last message rewritten in place (the same size): read whole again
        old = (tmp_path / "a.mbox").read_bytes()
        at = old.rindex(b"Subject:")
        (tmp_path / "a.mbox").write_bytes(old[:at] + b"Subject: X" + old[at + 10 :])
        changed = local_report(["a.mbox", "b.mbox"])
        assert changed != both
        again, state = _plain_run(client, ["a.mbox", "b.mbox"], tmp_path / "state")
        assert again == changed
        assert state.resumed == ["b.mbox"]


def test_a_gzip_member_appended_is_read_from_where_the_last_run_stopped(
    cluster_of, third, third_reports, tmp_path
):
    """An archive kept gzip'd, each delivery a gzip member appended (`gzip -c new >> list.gz`)
    is read from the new member on; one compressed again as one stream is read whole."""
    data = third
    cut = message_starts(data)[int(len(message_starts(data)) * 0.9)]
    archive = tmp_path / GZ
    whole = third_reports[GZ]
    client = cluster_of[2]
    with chdir(tmp_path):
        archive.write_bytes(gzip.compress(data[:cut], compresslevel=1))
        _plain_run(client, [GZ], tmp_path / "state")
        with archive.open("ab") as fh:
            fh.write(gzip.compress(data[cut:], compresslevel=1))
        again, state = _plain_run(client, [GZ], tmp_path / "state")
        assert again == whole
        assert state.resumed == [GZ]
        archive.write_bytes(gzip.compress(data, compresslevel=1))  # one stream again
        again, state = _plain_run(client, [GZ], tmp_path / "state")
        assert again == whole
        assert state.resumed == []
        assert state.reused_partitions > 0  # read whole, but its first partitions are known


def test_tr004_s_sign_off_index_with_a_state_gives_the_full_report(cluster_of, tmp_path):
    """TR004 reads an input-wide index (`analysis.trailers.practice`): a third series of the
    same (sender, sign-off) pair makes it the sender's practice, and TR004 then says nothing
    about the two series an earlier run over the first two messages reported. A run with
    the state kept from that one gives the full run's report, not the kept reviews."""
    mail = Path(__file__).resolve().parents[2] / "rules/signoff-author-mismatch/cases"
    data = (mail / "standing-pair.mbox").read_bytes()
    config = replace(DEFAULT_CONFIG, select=("TR004",))
    recipe = OptionsRecipe(config)
    archive = tmp_path / MBOX
    archive.write_bytes(_first_part(data, 2 / 3))  # two of its three series

    def run() -> tuple[str, RunState]:
        state = RunState(tmp_path / "state")
        with reviewing_on_dask([MBOX], recipe, client=cluster_of[1], state=state) as going:
            return render(going.report(), "json"), state

    def tr004(report: str) -> int:
        return sum(
            f["code"] == "TR004" for s in json.loads(report)["series"] for f in s["findings"]
        )

    with chdir(tmp_path):
        before = local_report([MBOX], config)
        first, _ = run()
        assert first == before and tr004(first) == 2  # two series are not yet a practice
        archive.write_bytes(data)  # the third arrives
        expected = local_report([MBOX], config)
        again, state = run()
    assert tr004(expected) == 0
    assert again == expected
    assert state.reviewed_series == 3  # the new series, and the two whose share changed
