#!/usr/bin/env python3
"""CPU of each per-series review analysis on one input, ingest and grouping left out.

The input is read and grouped once; then every series' interdiffs, review comments,
trailer lineage and changelog reading are run in pipeline order (the order
`pipeline.series.analyse_series` runs them, so content-keyed caches behave as in a
review), each timed with process time. Run it in two checkouts in turn (each with its own
`PYTHONPATH`) to compare them: the figures of docs/benchmarks.md "Fewer passes over each
reply" are medians of such alternating runs.

  PYTHONPATH=. python bench/review_analyses.py [MBOX]   (default: the linux-hyperv slice)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from patchlint.analysis.revisions.changelog import read_changelogs
from patchlint.analysis.revisions.compare import series_interdiffs
from patchlint.analysis.trailers.lineage import analyse_lineage
from patchlint.limits import DEFAULT_LIMITS
from patchlint.model.diff import DiffCache
from patchlint.pipeline.run import load
from patchlint.pipeline.series import _comments

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
SLICE = SHARED / "corpus/lists/linux-hyperv-last3000.mboxrd.gz"


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else str(SLICE)
    grouping, _ = load([source])
    spent = dict.fromkeys(("interdiffs", "comments", "lineage", "changelogs"), 0.0)
    clock = time.process_time
    for series in grouping.series:
        t0 = clock()
        interdiffs = series_interdiffs(series, None, DiffCache(DEFAULT_LIMITS), DEFAULT_LIMITS)
        t1 = clock()
        comments = _comments(series, interdiffs)
        t2 = clock()
        analyse_lineage(series, interdiffs, comments, None, None)
        t3 = clock()
        read_changelogs(series, interdiffs, comments, None)
        t4 = clock()
        for name, took in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[name] += took
    print(" ".join(f"{name} {took:.2f}" for name, took in spent.items()), end=" ")
    print(f"sum {sum(spent.values()):.2f} ({len(grouping.series)} series, CPU seconds)")


if __name__ == "__main__":
    main()
