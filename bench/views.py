#!/usr/bin/env python3
"""The reader views on a whole list, measured against one review run of the same list.

  digest    `patchlint digest --for WHO LIST` against `patchlint review LIST -f json`: the
            issue's target is a digest "in the time of one review run" (ratio <= 1). Each
            person is run with and without a MAINTAINERS file; the ratio is printed per run.
  html      `patchlint review LIST -f html`: the page's size, and (with --chromium) how long
            headless Chromium takes to load it (navigation to the load event) and to apply
            a filter over every series (the page's own script, timed in the page).
  rereview  `patchlint review LIST --rereview -f json` against the review run.

Runs alternate (review, view, review, view ...) so a machine shared with other work slows
both alike; wall and CPU (user + system, workers included) are the medians of --rounds.

  python bench/views.py [--rounds 3] [--list FILE] [--chromium]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
SLICE = SHARED / "corpus/lists/linux-hyperv-last3000.mboxrd.gz"
MAINTAINERS = ROOT / "tests/views/data/MAINTAINERS.hyperv"
PEOPLE = ("Michael Kelley <mhklinux@outlook.com>", "kys@microsoft.com", "kuba@kernel.org")


def timed(args: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of `patchlint ARGS` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    res = subprocess.run(
        [sys.executable, "-m", "patchlint", *args], cwd=ROOT, capture_output=True, text=True
    )
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode not in (0, 1):
        sys.exit(f"patchlint {' '.join(args)}: exit {res.returncode}: {res.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def compare(name: str, base: list[str], view: list[str], rounds: int) -> None:
    walls: dict[str, list[float]] = {"review": [], name: []}
    cpus: dict[str, list[float]] = {"review": [], name: []}
    for _ in range(rounds):
        for label, args in (("review", base), (name, view)):
            wall, cpu = timed(args)
            walls[label].append(wall)
            cpus[label].append(cpu)
    w = {k: statistics.median(v) for k, v in walls.items()}
    c = {k: statistics.median(v) for k, v in cpus.items()}
    print(
        f"{name:<52} wall {w[name]:6.2f}s / review {w['review']:6.2f}s = "
        f"{w[name] / w['review']:.2f}   cpu {c[name]:6.2f}s / {c['review']:6.2f}s = "
        f"{c[name] / c['review']:.2f}",
        flush=True,
    )


def chromium_load(page: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.report.chromium import Chromium

    binary = subprocess.run(
        ["sh", "-c", "command -v chromium"], capture_output=True, text=True
    ).stdout.strip()
    if not binary:
        print("chromium: not installed")
        return
    with tempfile.TemporaryDirectory() as profile, Chromium(binary, Path(profile)) as c:
        c.open_page()
        start = time.monotonic()
        c.load(page.as_uri())
        loaded = time.monotonic() - start
        filtered = c.evaluate("""(() => { const t = performance.now();
            const s = document.querySelector('#filter-state');
            s.value = 'latest'; s.dispatchEvent(new Event('change', {bubbles: true}));
            document.body.offsetHeight; return performance.now() - t; })()""")
        rows = c.evaluate("document.querySelectorAll('#index tbody tr').length")
    print(
        f"chromium: loaded in {loaded:.2f}s (to the load event); a filter over "
        f"{rows} series applied in {filtered:.0f} ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--list", type=Path, default=SLICE)
    ap.add_argument("--chromium", action="store_true")
    args = ap.parse_args()
    mbox = str(args.list)
    print(f"{mbox}; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    review = ["review", mbox, "-f", "json", "-o", os.devnull]
    for who in PEOPLE:
        compare(
            f"digest --for {who}",
            review,
            ["digest", "--for", who, mbox, "-o", os.devnull],
            args.rounds,
        )
        compare(
            f"digest --for {who} --maintainers",
            review,
            ["digest", "--for", who, mbox, "--maintainers", str(MAINTAINERS), "-o", os.devnull],
            args.rounds,
        )
    compare(
        "review --rereview",
        review,
        ["review", mbox, "--rereview", "-f", "json", "-o", os.devnull],
        args.rounds,
    )
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "list.html"
        compare(
            "review -f html", review, ["review", mbox, "-f", "html", "-o", str(page)], args.rounds
        )
        print(f"html: {page.stat().st_size / 1e6:.1f} MB")
        if args.chromium:
            chromium_load(page)
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
