"""`--state DIR`: a run over mail that has grown reuses what the earlier run decoded and
reviewed, redoes only what the new mail touches, and still gives exactly a full run's
report."""

from __future__ import annotations

import gzip
import subprocess
import sys
from contextlib import chdir
from pathlib import Path

from patchlint.ingest import read_messages
from patchlint.ingest.mbox import is_from_line
from patchlint.model.grouping import group_messages
from patchlint.pipeline.dask import OptionsRecipe, reviewing_on_dask
from patchlint.pipeline.dask.state import RunState
from patchlint.report.render import render
from tests.conftest import CORPUS
from tests.pipeline.conftest import SEEDS, SLICE


def _starts(data: bytes) -> list[int]:
    """Where each message of `data`, an mboxrd archive, starts."""
    starts = [0]
    pos = data.find(b"\nFrom ")
    while pos >= 0:
        end = data.find(b"\n", pos + 1)
        if is_from_line(data[pos + 1 : end]):
            starts.append(pos + 1)
        pos = data.find(b"\nFrom ", pos + 1)
    return starts


def _first_part(data: bytes, share: float) -> bytes:
    """`data`, an mboxrd archive, up to the separator nearest `share` of its messages."""
    starts = _starts(data)
    return data[: starts[int(len(starts) * share)]]


def _cut_inside_a_thread_and_a_series() -> int:
    """The number of the slice's first messages after which the rest is a reply to one of
    them in a series that has revisions before and after the cut (the one nearest the
    middle): the new mail lands inside a thread and inside a series."""
    with chdir(CORPUS):
        messages = read_messages([SLICE], [])
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
    assert cuts, "the slice has no such place"
    return min(cuts, key=lambda c: abs(c - len(messages) // 2))


def _grow(tmp_path: Path, first: int) -> tuple[Path, bytes]:
    """A copy of the slice with only its `first` messages, at the same relative path; the
    whole slice."""
    whole = (CORPUS / SLICE).read_bytes()
    grown = tmp_path / SLICE  # the same relative path, so the same labels
    grown.parent.mkdir(parents=True)
    data = gzip.decompress(whole)
    grown.write_bytes(gzip.compress(data[: _starts(data)[first]]))
    return grown, whole


def _run(client, state_dir: Path) -> tuple[str, RunState, int]:
    state = RunState(state_dir)
    with reviewing_on_dask(
        [SLICE], OptionsRecipe(), client=client, state=state, max_bytes=1 << 20
    ) as run:
        report = render(run.report(), "json")
        return report, state, len(run.grouping.series)


def test_the_slice_grown_by_half_gives_the_full_report(cluster_of, slice_report, tmp_path):
    whole = (CORPUS / SLICE).read_bytes()
    grown = tmp_path / SLICE  # the same relative path, so the same labels
    grown.parent.mkdir(parents=True)
    grown.write_bytes(gzip.compress(_first_part(gzip.decompress(whole), 0.5)))
    client = cluster_of[2]
    with chdir(tmp_path):
        first, state, _ = _run(client, tmp_path / "state")
        assert state.reused_partitions == 0
        assert first != slice_report
        grown.write_bytes(whole)  # the other half arrives
        again, state, series = _run(client, tmp_path / "state")
    assert again == slice_report
    assert state.reused_partitions >= 10  # the first half's partitions, but the last
    assert state.decoded_partitions >= 10  # the new half's
    assert 0 < state.reviewed_series < series  # the series the new half touched, only
    assert state.reused_series == series - state.reviewed_series
    assert state.reused_units > 0  # units the new half does not reach are not grouped again
    assert state.grouped_units > 0


def test_new_mail_inside_a_thread_and_a_series_gives_the_full_report(
    cluster_of, slice_report, tmp_path
):
    """The new mail answers old mail and adds a revision to an old series: the units it
    reaches are grouped again with the old mail they hold, the others are loaded."""
    grown, whole = _grow(tmp_path, _cut_inside_a_thread_and_a_series())
    client = cluster_of[2]
    with chdir(tmp_path):
        first, state, _ = _run(client, tmp_path / "state")
        assert first != slice_report
        units = state.grouped_units
        grown.write_bytes(whole)
        again, state, series = _run(client, tmp_path / "state")
    assert again == slice_report
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
