"""Each resource bound on hostile input, pinned: the input is reviewed in a child process
killed after a fixed time, memory stays bounded, the cut is a diagnostic naming its
limit, and the good mail around the bad one is still reviewed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from patchlint.ingest.mbox import split_mbox
from patchlint.ingest.parse import parse_message
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.grouping import group_messages
from patchlint.model.message import Diagnostic
from tests.security.hostile import (
    PATCH_BODY,
    big_attachment,
    mail,
    many_hunks,
    mbox,
    nested_multipart,
    review_bounded,
    thread,
)

GOOD = mail("good@test", "[PATCH] a good change", PATCH_BODY, minute=59)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_limits_are_positive_integers():
    assert Limits() == DEFAULT_LIMITS
    for bad in (0, -1, 1.5, True, "10"):
        with pytest.raises(ValueError, match=r"limits\.line-chars"):
            Limits(line_chars=bad)  # type: ignore[arg-type]


def test_a_50_mb_base64_attachment(tmp_path):
    path = _write(tmp_path, "big.mbox", mbox([big_attachment(50), GOOD]))
    assert path.stat().st_size > 50 * 1024 * 1024
    out = review_bounded([path], timeout=120)
    assert out["read"] == 2
    assert any(
        "limits.message-bytes" in d and "headers read, body skipped" in d
        for d in out["diagnostics"]
    )
    assert "[PATCH] a good change" in out["subjects"]
    assert out["peak_mib"] < 300, out["peak_mib"]  # the 50 MB message is never held whole


def test_the_message_size_limit_is_configurable(tmp_path):
    path = _write(tmp_path, "big.eml", big_attachment(2))
    out = review_bounded([path], timeout=60, message_bytes=1024 * 1024)
    assert any("limits.message-bytes (1,048,576 bytes)" in d for d in out["diagnostics"])
    out = review_bounded([path], timeout=60)
    assert not any("limits.message-bytes" in d for d in out["diagnostics"])
    assert out["subjects"] == ["[PATCH] a change with a big attachment"]  # its text part's diff


def test_a_10_mb_single_line(tmp_path):
    long_line = "x" * 10_000_000
    mails = [
        mail(
            "line@test",
            "[PATCH] a change with a long line",
            PATCH_BODY.replace("+b\n", f"+{long_line}\n"),
        ),
        mail("subject@test", f"[PATCH] {long_line}", PATCH_BODY, minute=1),
        GOOD,
    ]
    path = _write(tmp_path, "line.mbox", mbox(mails))
    out = review_bounded([path], timeout=120)
    assert out["read"] == 3
    assert any(
        "1 line(s) longer than limits.line-chars (16,384) cut" in d for d in out["diagnostics"]
    )
    assert any("subject header of" in d and "limits.header-chars" in d for d in out["diagnostics"])
    assert "[PATCH] a good change" in out["subjects"]
    assert out["peak_mib"] < 300  # no copy per character of a long word


def test_a_line_cut_keeps_the_diff_parseable():
    raw = mail("x@test", "[PATCH] long", PATCH_BODY.replace("+b\n", "+" + "y" * 100 + "\n"))
    msg = parse_message(raw, limits=Limits(line_chars=50))
    assert "+" + "y" * 49 + "\n" in msg.body
    assert any("limits.line-chars (50)" in p for p in msg.problems)


def test_1000_deep_nested_multipart(tmp_path):
    path = _write(tmp_path, "deep.mbox", mbox([nested_multipart(1000), GOOD]))
    out = review_bounded([path], timeout=60)
    assert out["read"] == 2
    assert not any("unreadable" in d for d in out["diagnostics"])
    assert any("limits.mime-parts" in d for d in out["diagnostics"])
    assert "[PATCH] a good change" in out["subjects"]


def test_nesting_within_the_part_limit_is_cut_at_the_depth_limit():
    msg = parse_message(nested_multipart(40))
    assert any("limits.mime-depth (16)" in p for p in msg.problems)
    assert parse_message(nested_multipart(40), limits=Limits(mime_depth=64)).body.startswith(
        "A change."
    )


def test_a_10000_long_references_chain_and_a_cycle():
    refs = " ".join(f"<r{i}@test>" for i in range(10_000))
    chained = mail(
        "chained@test",
        "Re: [PATCH] x",
        "reply\n",
        extra=f"In-Reply-To: <r9999@test>\nReferences: {refs}\n",
    )
    a = mail("a@test", "Re: [PATCH] x", "a\n", extra="In-Reply-To: <b@test>\n")
    b = mail("b@test", "Re: [PATCH] x", "b\n", extra="In-Reply-To: <a@test>\n")
    diags: list[Diagnostic] = []
    msgs = [parse_message(r) for r in (chained, a, b)]
    assert len(msgs[0].references) == 10_000
    grouping = group_messages(msgs, diags)
    problems = [d.problem for d in diags]
    assert "References header has 10,000 ids; only the last 64 used (limits.references)" in (
        problems
    )
    assert "reference cycle: reply link ignored" in problems
    assert grouping.messages == 3


def test_a_20000_message_thread(tmp_path):
    path = _write(tmp_path, "thread.mbox", thread(20_000))
    out = review_bounded([path], timeout=240)
    assert out["read"] == 20_000
    assert out["series"] == 1 and out["patches"] == 1
    assert not any("unreadable" in d for d in out["diagnostics"])
    assert out["peak_mib"] < 1024


def test_20000_mails_sharing_one_message_id():
    raws = [mail("same@test", f"Re: [PATCH] x {i}", f"body {i}\n") for i in range(20_000)]
    diags: list[Diagnostic] = []
    grouping = group_messages([parse_message(r) for r in raws], diags)
    assert grouping.messages == 20_000
    assert sum("kept as a copy" in d.problem for d in diags) == 19_999


def test_a_diff_with_100000_hunks(tmp_path):
    path = _write(tmp_path, "hunks.mbox", mbox([many_hunks(100_000), GOOD]))
    out = review_bounded([path], timeout=120)
    assert any(
        "100,000 hunks, over limits.diff-hunks (10,000): not analysed" in d
        for d in out["diagnostics"]
    )
    assert "[PATCH] a good change" in out["subjects"]


def test_diffs_of_diffs_of_repetitive_lines(tmp_path):
    """Two revisions whose diffs do not parse (so their texts are compared) and are made
    of repeated lines: the alignment that used to be cubic."""

    def rev(version: int, step: int, minute: int) -> bytes:
        lines = "".join("+x\n" if i % step else "+y\n" for i in range(20_000))
        return mail(
            f"v{version}@test",
            f"[PATCH v{version}] a repetitive change",
            "A change.\n\nSigned-off-by: A U Thor <author@example.org>\n---\n"
            "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1,3 +1,3 @@\n" + lines,
            minute=minute,
        )

    path = _write(tmp_path, "revs.mbox", mbox([rev(1, 2, 0), rev(2, 3, 60)]))
    out = review_bounded([path], timeout=120)
    assert out["revisions"] == 2
    assert sum("diff does not parse" in d for d in out["diagnostics"]) == 2


def test_one_bad_message_never_stops_the_rest():
    """A message the parser gives up on is a diagnostic; the next one is still read."""
    data = mbox([b"\xff\xfe" * 1000, nested_multipart(1000), GOOD])
    raws = [raw for _, raw in split_mbox(io.BytesIO(data), DEFAULT_LIMITS.message_bytes)]
    assert len(raws) == 3
    assert parse_message(raws[2]).subject == "[PATCH] a good change"


def test_an_mbox_message_is_read_only_up_to_the_limit():
    data = mbox([mail("big@test", "[PATCH] big", "z" * 5_000_000), GOOD])
    raws = [raw for _, raw in split_mbox(io.BytesIO(data), 100_000)]
    assert [len(r) <= 100_001 for r in raws] == [True, True]
    big = parse_message(raws[0], limits=Limits(message_bytes=100_000))
    assert big.subject == "[PATCH] big" and big.body == ""


def test_a_series_whose_analysis_fails_costs_only_that_series(
    tmp_path, monkeypatch, validate_report
):
    """A bug one series' mail triggers in an analysis is a diagnostic for that series;
    every other series is still analysed and reported."""
    import patchlint.pipeline as pipeline
    import patchlint.pipeline.series as one_series

    real = one_series.analyse_series

    def fragile(series, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "poison" in series.title:
            raise KeyError("a bug")
        return real(series, *args, **kwargs)

    monkeypatch.setattr(one_series, "analyse_series", fragile)
    path = _write(
        tmp_path,
        "two.mbox",
        mbox(
            [
                mail("poison@test", "[PATCH] poison pill", PATCH_BODY),
                mail(
                    "fine@test",
                    "[PATCH] a fine change",
                    PATCH_BODY.replace("+b", "+c"),
                    minute=5,
                    sender="B <b@example.org>",
                ),
            ]
        ),
    )
    report = pipeline.review([str(path)])
    validate_report(report)
    assert len(report["series"]) == 2
    assert any(
        "analysis of series 'poison pill' failed: KeyError" in d["problem"]
        for d in report["diagnostics"]
    )


def test_a_huge_line_in_an_mbox_is_never_held_whole(tmp_path):
    """A 200 MB line with no newline: the mbox splitter passes it on in pieces (capped by
    the message limit) instead of buffering it whole, and the next message is still read."""
    path = tmp_path / "line.mbox"
    with path.open("wb") as fh:
        fh.write(b"From x@y Mon Jan  1 00:00:00 2024\n" + mail("huge@test", "[PATCH] huge", ""))
        for _ in range(200):
            fh.write(b"From " + b"y" * (1024 * 1024 - 5))  # `From ` inside the line, too
        fh.write(b"\n\n" + mbox([GOOD]))
    out = review_bounded([path], timeout=120)
    assert out["read"] == 2
    assert "[PATCH] a good change" in out["subjects"]
    assert out["peak_mib"] < 300, out["peak_mib"]
