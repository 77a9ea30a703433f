#!/usr/bin/env python3
"""Trailer collection: how often patchlint and b4 agree, per patch, on a real archive.

For every revision patchlint finds, b4 0.16 (offline, attestation off) gets that revision's
mails (cover, patches, the replies patchlint attached; for a partial re-roll also the
revisions it completes) in a fresh LoreMailbox, and builds the b4 revision(s) holding
those patches. Per patch (matched by Message-ID) the trailers b4 would apply
(`get_am_ready`) are compared with patchlint's `given_trailers` on (canonical name,
lowercased address). Differences only in spelling are counted apart. Every difference is
put in a class; docs/b4-agreement.md explains each and says who is right. Not part of the
test suite (tests/conformance/test_b4_agreement.py pins the rate on a sample).

  python bench/b4_agreement.py [--limit N] [--examples K] [--json] [ARCHIVE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
DEFAULT = SHARED / "corpus/lists/linux-hyperv-last3000.mboxrd.gz"


def summary(agreement: Any, examples: int) -> dict[str, Any]:
    classes = agreement.classes()
    return {
        "revisions": agreement.revisions,
        "patches": len(agreement.patches),
        "patches_with_reply_trailers": agreement.with_reply_trailers,
        "identical": agreement.identical,
        "rate": round(agreement.rate, 4),
        "trailers_both": agreement.both,
        "only_patchlint": agreement.count("patchlint"),
        "only_b4": agreement.count("b4"),
        "carried_over_not_compared": agreement.carried_skipped,
        "spelling_only": dict(agreement.spelling()),
        "spelling_examples": {
            kind: [pair for p in agreement.patches for k, pair in p.spelling if k == kind][
                :examples
            ]
            for kind in agreement.spelling()
        },
        "seconds": round(agreement.seconds, 1),
        "classes": {
            cls: {"count": n, "patches": len(ids), "examples": ids[:examples]}
            for cls, (n, ids) in sorted(classes.items(), key=lambda kv: -kv[1][0])
        },
        "differences": [
            {
                "patch": p.message_id,
                "side": d.side,
                "class": d.cls,
                "trailer": d.text,
                "from": d.origin,
            }
            for p in agreement.patches
            for d in p.differences
        ],
    }


def report(path: Path, data: dict[str, Any]) -> None:
    print(f"{path.name}")
    print(f"  revisions compared       {data['revisions']}")
    print(
        f"  patches compared         {data['patches']}"
        f"  ({data['patches_with_reply_trailers']} given a trailer in a reply;"
        f" {data['carried_over_not_compared']} carried over, compared where posted)"
    )
    print(f"  identical trailer sets   {data['identical']}  ({100 * data['rate']:.2f}%)")
    print(f"  trailers in both         {data['trailers_both']}")
    print(f"  only patchlint           {data['only_patchlint']}")
    print(f"  only b4                  {data['only_b4']}")
    spelling = ", ".join(f"{k} {v}" for k, v in data["spelling_only"].items()) or "none"
    print(f"  same trailer, other spelling: {spelling}")
    print(f"  time                     {data['seconds']:.1f} s")
    if data["classes"]:
        print("  disagreements by class (count; patches; examples):")
    for cls, info in data["classes"].items():
        print(f"    {info['count']:4}  {info['patches']:4}  {cls}")
        for mid in info["examples"]:
            print(f"                <{mid}>")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--limit", type=int, help="only the first N messages of each archive")
    ap.add_argument("--examples", type=int, default=3, help="example Message-IDs per class")
    ap.add_argument("--json", action="store_true", help="print JSON (with every difference)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))  # the checkout's patchlint, not an installed one
    from bench.b4_compare import measure

    out = {}
    for path in args.files or [DEFAULT]:
        data = summary(measure([str(path)], args.limit), args.examples)
        if args.json:
            out[str(path)] = data
        else:
            report(path, data)
    if args.json:
        print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
