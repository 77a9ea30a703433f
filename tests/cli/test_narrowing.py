"""`review --series/--author/--since/--open`: whole series kept or dropped after grouping,
the options composing, and the report's stats still counting the whole input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, FIXTURES, ROOT, last_part, require

SEEDS = [
    str(FIXTURES / "threads" / name)
    for name in (
        "000-xen-netback-hw-features.mbox",
        "001-physdevop-alloc-irq-vector.mbox",
        "002-libxl-deregister-evtchn-fd.mbox",
        "004-ioreq-server-rfc.mbox",
    )
]
# the four seeds as `review` numbers them (order of first posting)
PHYSDEVOP, NETBACK, IOREQ, LIBXL = (
    "Make the hypercall PHYSDEVOP_alloc_irq_vector hypercall dummy.",
    "net: xen-netback: convert to hw_features",
    "ioreq-server: create basic ioreq server abstraction.",
    "libxl: events: Deregister evtchn fd when not needed",
)
SLICE = CORPUS / "lists" / "linux-hyperv-last3000.mboxrd.gz"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "patchlint", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


def titles(*args: str) -> list[str]:
    res = run("review", *SEEDS, "-f", "json", "--fail-on", "never", *args)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["stats"]["series"] == 4  # stats describe the input, narrowed or not
    return [s["title"] for s in report["series"]]


def test_no_narrowing_lists_every_series():
    assert titles() == [PHYSDEVOP, NETBACK, IOREQ, LIBXL]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--series", "2"], [NETBACK]),
        (["--series", "NETBACK"], [NETBACK]),  # any case
        (["--series", "netback", "--series", "4"], [NETBACK, LIBXL]),  # repeated: any of them
        (["--series", "xen"], [NETBACK]),  # a title substring, not the subject's tags
        (["--author", "ian.jackson@citrix.com"], [LIBXL]),  # b4's subdomain rule
        (["--author", "Xiantao Zhang"], [PHYSDEVOP]),  # `Zhang, Xiantao` is the same name
        (["--author", "durrant"], [IOREQ]),  # part of `Name <addr>`
        (["--author", "nobody@example.org"], []),
        (["--since", "2014-01-30"], [IOREQ, LIBXL]),
        (["--since", "2014-01-30T15:00+00:00"], [IOREQ, LIBXL]),  # a reply at 15:26 counts
        (["--since", "2014-01-30T15:30+00:00"], [LIBXL]),
        # NETBACK's v2 has nothing open; nor LIBXL: Konrad's Release-Acked-by without an on-list
        # origin is no finding (a review before posting is normal)
        (["--open"], [PHYSDEVOP, IOREQ]),
        (["--open", "--since", "2011-01-01", "--series", "netback"], []),  # they compose
        (["--open", "--since", "2011-01-01", "--author", "paul.durrant@citrix.com"], [IOREQ]),
    ],
)
def test_narrowing(args, expected):
    assert titles(*args) == expected


def test_open_is_judged_like_fail_on():
    """--open keeps what --fail-on info would fail on: the exit code agrees with it."""
    res = run("review", *SEEDS, "--open", "--series", "netback", "--fail-on", "info")
    assert res.returncode == 0, res.stderr
    res = run("review", *SEEDS, "--open", "--series", "libxl", "--fail-on", "info")
    assert res.returncode == 0, res.stderr
    res = run("review", *SEEDS, "--open", "--series", "ioreq", "--fail-on", "info")
    assert res.returncode == 1, res.stderr
    assert IOREQ in res.stdout and NETBACK not in res.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--series", "9"], "--series 9: the input has 4 series"),
        (["--series", "0"], "--series 0: series are numbered from 1"),
        (["--since", "last tuesday"], "--since 'last tuesday': not a date"),
    ],
)
def test_bad_narrowing_is_a_usage_error(args, message):
    res = run("review", *SEEDS, *args)
    assert res.returncode == 2
    assert message in res.stderr and "Traceback" not in res.stderr


def _mail_dates(series: dict[str, Any]) -> list[datetime]:
    dates = [r["date"] for r in series["revisions"]]
    dates += [p.get("date") for r in series["revisions"] for p in r["patches"]]
    dates += [m["date"] for r in series["revisions"] for m in r.get("reply_messages", [])]
    return [datetime.fromisoformat(d) for d in dates if d]


def _titles(series: dict[str, Any]) -> list[str]:
    out = [series["title"]]
    for r in series["revisions"]:
        out += [r["cover"]["subject"]] if r["cover"] else []
        out += [r["patches"][0]["title"]] if r["patches"] else []
    return [t.lower() for t in out]


@pytest.mark.slow
def test_narrowing_the_slice_keeps_whole_series(tmp_path):
    """On the real list: the series kept are exactly those of the whole review that meet
    every criterion, each the same entry, in the same order. The slice's last third
    (1,000 messages, its newest), not all of it, and mail since June (not April): it still
    holds mana series from Microsoft with mail since then among many others, so each
    criterion keeps and drops some, at a third of the cost of the two reviews."""
    path = str(tmp_path / "linux-hyperv-last1000.mboxrd.gz")
    whole_slice = gzip.decompress(require(SLICE).read_bytes())
    Path(path).write_bytes(gzip.compress(last_part(whole_slice, 1 / 3), compresslevel=1))
    since = datetime(2026, 6, 1, tzinfo=UTC)
    res = run(
        "review",
        path,
        "-f",
        "json",
        "--fail-on",
        "never",
        "--series",
        "net: mana",
        "--since",
        "2026-06-01",
        "--author",
        "microsoft.com",
    )
    assert res.returncode == 0, res.stderr
    narrowed = json.loads(res.stdout)
    whole = json.loads(run("review", path, "-f", "json", "--fail-on", "never").stdout)
    assert narrowed["stats"] == whole["stats"]
    expected = [
        s
        for s in whole["series"]
        if any("net: mana" in t for t in _titles(s))
        and any("microsoft.com" in r["author"] for r in s["revisions"])
        and max(_mail_dates(s)) >= since
    ]
    assert 3 <= len(expected) < len(whole["series"]) // 4
    assert narrowed["series"] == expected
