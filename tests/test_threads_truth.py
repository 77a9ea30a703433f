"""The real review threads of fixtures/threads/{xen,linux}/ and their ground truth: every truth
file parses, names only messages its mbox holds, and every mbox reads cleanly with patchlint's
own ingest (no diagnostics). What patchlint makes of them is measured by bench/threads.py,
not asserted here: these are the targets other work is judged against."""

from __future__ import annotations

from pathlib import Path

import pytest

from patchlint.ingest import read_messages
from patchlint.model.message import Diagnostic
from tests.threads_truth import (
    GROUPS,
    THREADS,
    TruthError,
    bare_id,
    load_truth,
    truth_files,
)

TRUTHS = truth_files()


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name.removesuffix('.truth.toml')}"


def test_every_mbox_has_a_truth_file_and_back():
    mboxes = {p.with_suffix("") for g in GROUPS for p in (THREADS / g).glob("*.mbox")}
    truths = {p.parent / p.name.removesuffix(".truth.toml") for p in TRUTHS}
    assert mboxes == truths


def test_both_groups_are_there():
    assert {p.parent.name for p in TRUTHS} == set(GROUPS)


@pytest.mark.parametrize("path", TRUTHS, ids=_id)
def test_truth_parses_and_matches_its_mbox(path: Path):
    truth = load_truth(path)
    assert truth.mbox.exists(), truth.mbox
    diagnostics: list[Diagnostic] = []
    messages = read_messages([str(truth.mbox)], diagnostics)
    assert diagnostics == []
    in_mbox = {bare_id(m.message_id) for m in messages}
    assert len(in_mbox) == len(messages), "a Message-ID occurs twice in the mbox"
    assert truth.message_ids() - in_mbox == set()
    # the fixture's own comment preamble says where the mail came from (read as bytes: a
    # message copied byte for byte may carry undeclared 8-bit Latin-1, as the hwmon list's do)
    assert truth.mbox.read_bytes().startswith(b"# patchlint thread fixture ")


def test_a_bad_status_is_refused(tmp_path: Path):
    (tmp_path / "t.mbox").write_text("")
    good = (THREADS / "linux" / "2019-netvsc-rcu-warning-net-v2.truth.toml").read_text()
    bad = good.replace('status = "addressed"', 'status = "adressed"', 1)
    (tmp_path / "t.truth.toml").write_text(bad)
    with pytest.raises(TruthError, match="'adressed' is not one of"):
        load_truth(tmp_path / "t.truth.toml")


def test_a_comment_on_an_unknown_revision_is_refused(tmp_path: Path):
    good = (THREADS / "linux" / "2019-netvsc-rcu-warning-net-v2.truth.toml").read_text()
    anchor = 'revision = 1\npatch = 1\nsays = "Minor change'
    assert anchor in good
    (tmp_path / "t.truth.toml").write_text(good.replace(anchor, anchor.replace("1", "7", 1)))
    with pytest.raises(TruthError, match="unknown revision main v7"):
        load_truth(tmp_path / "t.truth.toml")
