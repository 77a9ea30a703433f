"""`patchlint diff` as a user runs it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.analysis.test_interdiff import changed_lines
from tests.cli.test_cli import run
from tests.conftest import FIXTURES

SEED_000 = str(FIXTURES / "threads" / "000-xen-netback-hw-features.mbox")
SEED_002 = str(FIXTURES / "threads" / "002-libxl-deregister-evtchn-fd.mbox")


def test_diff_prints_the_interdiff_with_tabs_and_no_colour_when_piped():
    res = run("diff", SEED_000)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "v1 -> v2  1 -> 1  net: xen-netback: convert to hw_features" in out
    assert "modified: xenvif_fix_features" in out
    assert "+static u32 xenvif_fix_features(struct net_device *dev, u32 features)\n" in out
    assert "-\tstruct net_device *dev = vif->dev;\n" in out  # the tab survives
    assert "\x1b[" not in out


def test_diff_json_and_version_selection():
    res = run("diff", SEED_002, "--series", "1", "--from", "1", "--to", "2", "-f", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    (series,) = data["series"]
    (step,) = series["interdiffs"]
    (patch,) = step["patches"]
    assert (step["from"], step["to"], patch["status"], patch["from_index"]) == (1, 2, "modified", 5)
    assert patch["files"] == ["tools/libxl/libxl_event.c", "tools/libxl/libxl_internal.h"]


@pytest.mark.parametrize(
    "args,needle",
    [
        (("--to", "5"), "has v1, v2"),
        (("--series", "3"), "has 1 series"),
        (("--from", "2"), "newest revision"),
        (("--from", "1", "--to", "1"), "same revision"),
    ],
)
def test_diff_bad_selection_is_a_clear_error(args: tuple[str, ...], needle: str):
    res = run("diff", SEED_000, *args)
    assert res.returncode == 2
    assert needle in res.stderr and "Traceback" not in res.stderr


def test_diff_with_a_tree_uses_the_real_file(tmp_path: Path):
    # a tree holding v1's pre-image of the file the seed changes, reconstructed from v1's hunks
    res = run("diff", SEED_000, "-f", "json")
    plain = json.loads(res.stdout)["series"][0]["interdiffs"][0]["patches"][0]
    assert plain["method"] == "fragments"
    tree = tmp_path / "linux"
    target = tree / "drivers/net/xen-netback/interface.c"
    target.parent.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    # only the lines the patches show: enough for every hunk to apply
    from patchlint.analysis.revisions.interdiff import file_changes
    from patchlint.pipeline import load

    grouping, _ = load([SEED_000])
    v1 = grouping.series[0].revisions[0].sorted_patches[0]
    changes = file_changes(v1.diff)
    assert changes is not None
    lines: dict[int, str] = {}
    for hunk in changes["drivers/net/xen-netback/interface.c"].hunks:
        for i, text in enumerate(hunk.src):
            lines[hunk.pos + i] = text
    target.write_text(
        "\n".join(lines.get(n, f"/* filler {n} */") for n in range(1, max(lines) + 40)) + "\n"
    )
    res = run("diff", SEED_000, "--tree", str(tree), "-f", "json")
    assert res.returncode == 0, res.stderr
    exact = json.loads(res.stdout)["series"][0]["interdiffs"][0]["patches"][0]
    assert exact["method"] == "tree"
    assert changed_lines(exact["diff"]) == changed_lines(plain["diff"])
