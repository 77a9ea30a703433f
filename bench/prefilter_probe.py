#!/usr/bin/env python3
"""Do ops-prototype-mismatch's prefilters pass every C fragment whose full reading holds a
table use they must not lose?

- `c.optables.may_name_table`: every fragment holding a use that names its struct;
- `c.optables.fields_written`: every use's member (a name) among the fields the fragment's
  text writes after `.` / `->`, and its struct's name in the text, so that
  `named_uses(view, tables)` (the rule's gate on the members and structs the KB knows) gives
  a file's full named uses, or none when none of them fills a member of a struct the KB
  knows.

Every C fragment of every patch of the input (both sides of each hunk), each distinct text
once, read in full (parsed); every C file's named uses with and without the gate. Prints the
counts and each fragment or file a prefilter would wrongly skip (there must be none).

  python bench/prefilter_probe.py MBOX...
"""

from __future__ import annotations

import sys

from patchlint.c.fragments import file_views, fragment_of
from patchlint.c.kb.index import shipped_tables
from patchlint.c.optables import Side, fields_written, may_name_table, named_uses
from patchlint.pipeline.run import load


def main(paths: list[str]) -> int:
    grouping, _ = load(paths)
    linux, xen = shipped_tables("linux"), shipped_tables("xen")
    tables = {k: (*linux.get(k, ()), *xen.get(k, ())) for k in {*linux, *xen}}
    seen: set[bytes] = set()
    distinct = named = passed = missed = 0
    files = with_named = gated = wrong = 0
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
                        written = fields_written(frag.source)
                        lost = [u for u in side.uses if u.member.isidentifier()]
                        lost = [u for u in lost if u.member not in written]
                        lost += [
                            u
                            for u in side.uses
                            if u.struct and u.struct.encode() not in frag.source
                        ]
                        distinct, named, passed = distinct + 1, named + has, passed + ok
                        if (has and not ok) or lost:
                            missed += 1
                            print("MISSED:", lost, frag.source[:400].decode("utf-8", "replace"))
                    full = named_uses(view)
                    kept = named_uses(view, tables)
                    files, with_named = files + 1, with_named + bool(full)
                    gated += bool(kept)
                    judged = [u for u in full if u.struct and u.member in tables]
                    judged = [u for u in judged if u.struct.encode() in tables[u.member]]
                    if kept != full and (kept or judged):
                        wrong += 1
                        print("GATE WRONG:", patch.message_id, view.path)
    print(
        f"distinct fragments {distinct}, passed {passed}, with a named use {named}, missed {missed}"
    )
    print(f"C files {files}, with named uses {with_named}, kept by the gate {gated}, wrong {wrong}")
    return 1 if missed or wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
