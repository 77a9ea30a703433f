"""`patchlint review --rereview`: the newest revision as each reviewer of the previous one
needs to see it, on seed 002 (a v2 after Ian Campbell's review of v1) and on the slice."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from patchlint.report.rereview import rereview_report
from tests.conftest import FIXTURES
from tests.views.conftest import XEN_MAINTAINERS, run

SEED_002 = FIXTURES / "threads" / "002-libxl-deregister-evtchn-fd.mbox"
HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? ", re.M)


def rereview(*args: str) -> dict[str, Any]:
    res = run("review", *args, "--rereview", "-f", "json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def old_range(diff: str) -> tuple[int, int]:
    m = HUNK.search(diff)
    assert m is not None, diff
    first, count = int(m.group(1)), int(m.group(2) or 1)
    return first, first + count - 1


def test_the_reviewer_of_v1_sees_the_hunks_around_his_comments():
    """Ian Campbell reviewed v1 of seed 002 (five comments, three anchored on lines of
    libxl_event.c): of the four hunks v2 changed, he is shown the two that hold the lines
    he commented on; his Acked-by, given again on v2, stands."""
    view = rereview(str(SEED_002))
    [series] = view["series"]
    assert (series["from_version"], series["to_version"], series["hunks"]) == (1, 2, 4)
    [ian] = series["reviewers"]
    assert ian["person"] == "Ian Campbell <Ian.Campbell@citrix.com>"
    assert ian["maintains"] == [] and ian["hunks_left_out"] == 2
    anchored = {n: c["line"] for n, c in enumerate(ian["comments"]) if c["line"]}
    assert sorted(anchored.values()) == [737, 768, 771]
    for hunk in ian["hunks"]:
        assert hunk["why"] == ["quoted"] and hunk["file"] == "tools/libxl/libxl_event.c"
        first, last = old_range(hunk["diff"])
        assert hunk["comments"] == [n for n, line in anchored.items() if first <= line <= last]
    assert sorted(n for h in ian["hunks"] for n in h["comments"]) == sorted(anchored)
    assert [c["status"] for c in ian["comments"]].count("addressed") == 2
    [tag] = ian["tags"]
    assert (tag["tag"], tag["given_on"], tag["stands"]) == ("Acked-by", 2, True)


def test_a_maintainer_sees_the_hunks_of_his_files():
    """With --me, only that person; with Xen's MAINTAINERS, the toolstack maintainer gets
    every hunk in tools/libxl (his files, v1's included), though he reviewed nothing."""
    view = rereview(
        str(SEED_002), "--maintainers", str(XEN_MAINTAINERS), "--me", "anthony.perard@vates.tech"
    )
    [series] = view["series"]
    [me] = series["reviewers"]
    assert me["person"] == "anthony.perard@vates.tech" and me["comments"] == []
    assert me["hunks_left_out"] == 0 and len(me["hunks"]) == series["hunks"] == 4
    assert all(h["why"] == ["maintains"] for h in me["hunks"])
    assert {h["file"] for h in me["hunks"]} <= set(me["maintains"])
    nobody = rereview(str(SEED_002), "--me", "jane@example.org")
    assert nobody["series"] == []


def test_text_and_html(tmp_path):
    text = run("review", str(SEED_002), "--rereview", "--no-links")
    assert text.returncode == 0, text.stderr
    assert "For Ian Campbell <Ian.Campbell@citrix.com>: 2 hunks of 4" in text.stdout
    assert "your Acked-by on [5]" in text.stdout and "you commented here" in text.stdout
    html = run("review", str(SEED_002), "--rereview", "-f", "html")
    assert html.returncode == 0 and "<script" not in html.stdout
    assert 'href="https://lore.kernel.org/all/' in html.stdout
    md = run("review", str(SEED_002), "--rereview", "-f", "markdown")
    assert md.returncode == 0 and "```diff" in md.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "sarif"], "--rereview is for text, markdown, html and json, not sarif"),
        (["--summary"], "--rereview is for text, markdown, html and json, without --summary"),
    ],
)
def test_rereview_usage_errors(args, message):
    res = run("review", str(SEED_002), "--rereview", *args)
    assert res.returncode == 2 and message in res.stderr


@pytest.mark.slow
def test_every_hunk_shown_on_the_slice_has_its_reason(slice_report):
    """On the real list: a reviewer is never the series' author; a hunk shown for a
    comment holds a line that comment quotes or is anchored at; a hunk shown for a file is
    in a file a section lists the reviewer for; and every hunk holding the anchor line of
    a reviewer's comment on the previous revision is shown to them."""
    view = rereview_report(slice_report)  # type: ignore[arg-type]
    assert len(view["series"]) >= 10
    by_mid = {s["revisions"][-1]["message_id"]: s for s in slice_report["series"]}
    shown = total = 0
    for s in view["series"]:
        entry = by_mid[s["to_message_id"]]
        step = next(st for st in reversed(entry["interdiffs"]) if st["to"] == s["to_version"])
        for r in s["reviewers"]:
            assert r["person"] != entry["revisions"][-1]["author"]
            total += s["hunks"]
            shown += len(r["hunks"])
            for h in r["hunks"]:
                for n in h["comments"]:
                    c = r["comments"][n]
                    assert c["file"] == h["file"]
                    width = 2 if h["method"] == "range-diff" else 1  # `@@@`: two columns
                    lines = {x[width:].strip() for x in h["diff"].splitlines()[3:]}
                    if (
                        h["method"] != "range-diff"
                        and c["revision"] == s["from_version"]
                        and c["line"] is not None
                        and c["patch"] == h["from_index"]
                    ):
                        first, last = old_range(h["diff"])
                        span = sum(1 for x in c["excerpt"].splitlines() if x[:1] in "+ ")
                        assert c["line"] - max(span, 1) + 1 <= last and first <= c["line"]
                    else:
                        assert any(
                            x[1:].strip() in lines
                            for x in c["excerpt"].splitlines()
                            if len(x[1:].strip()) >= 16
                        )
            anchored = [
                c
                for c in r["comments"]
                if c["revision"] == s["from_version"]
                and c["line"] is not None
                and c["anchor"] == "diff"
            ]
            for c in anchored:
                pair = next(
                    (
                        p
                        for p in step["patches"]
                        if p["from_index"] == c["patch"]
                        and p["status"] == "modified"
                        and p["method"] == "fragments"
                    ),
                    None,
                )
                if pair is None:
                    continue
                for m in HUNK.finditer(pair["diff"]):
                    first, count = int(m.group(1)), int(m.group(2) or 1)
                    file_header = pair["diff"][: m.start()].rsplit("\n+++ b/", 1)[-1]
                    if (
                        first <= c["line"] <= first + count - 1
                        and file_header.split("\n")[0] == c["file"]
                    ):
                        assert any(h["diff"].count(m.group(0)) for h in r["hunks"]), (
                            s["title"],
                            c["line"],
                        )
    assert 0 < shown < total / 2  # each reviewer sees a part of the interdiffs
