#!/usr/bin/env python3
"""Does ops-prototype-mismatch's prefilter (`c.optables.may_name_table`) pass every C
fragment whose full reading holds a table use naming its struct?

Every C fragment of every patch of the input (both sides of each hunk), each distinct text
once: read in full (parsed) and tested by the prefilter. Prints the counts and each fragment
the prefilter would wrongly skip (there must be none).

  python bench/prefilter_probe.py MBOX...
"""

from __future__ import annotations

import sys

from patchlint.c.fragments import file_views, fragment_of
from patchlint.c.optables import Side, may_name_table
from patchlint.pipeline.run import load


def main(paths: list[str]) -> int:
    grouping, _ = load(paths)
    seen: set[bytes] = set()
    distinct = named = passed = missed = 0
    for series in grouping.series:
        for rev in series.revisions:
            for patch in rev.patches.values():
                for view in file_views(patch.diff):
                    if not view.is_c:
                        continue
                    frags = view.fragments() + [
                        fragment_of(h.old_side()) for h in view.hunks if h.pre
                    ]
                    for frag in frags:
                        if frag.source in seen:
                            continue
                        seen.add(frag.source)
                        side = Side()
                        side.add_uses(frag)
                        has = any(u.struct is not None for u in side.uses)
                        ok = may_name_table(frag.source)
                        distinct, named, passed = distinct + 1, named + has, passed + ok
                        if has and not ok:
                            missed += 1
                            print("MISSED:", frag.source[:400].decode("utf-8", "replace"))
    print(
        f"distinct fragments {distinct}, passed {passed}, with a named use {named}, missed {missed}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
