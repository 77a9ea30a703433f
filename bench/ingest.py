#!/usr/bin/env python3
"""Ingest + grouping speed: patchlint against b4 and against the stdlib floor.

For each input (default: the 3,000-message slice and the full linux-hyperv archive) it runs,
each in its own process so peak memory is its own:
  patchlint  read_messages + group_messages (ingest, threading, series/revisions, trailers)
  b4         b4.LoreMessage parsing + one LoreMailbox.get_series per thread, offline
             (threads are formed beforehand and not timed: b4 has no archive grouping)
  floor      mailbox.mbox over the uncompressed file + compat32 parse of headers and body
and prints wall time, CPU time, peak RSS and the ratios. Not part of the test suite.

  python bench/ingest.py [--skip-b4] [FILE ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
DEFAULT = [
    SHARED / "corpus/lists/linux-hyperv-last3000.mboxrd.gz",
    SHARED / "corpus/lists/linux-hyperv-epoch0.mboxrd.gz",
]


def run_patchlint(path: str) -> dict[str, float]:
    from patchlint.ingest import read_messages
    from patchlint.model.grouping import group_messages

    diags: list = []
    msgs = read_messages([path], diags)
    g = group_messages(msgs, diags)
    return {"messages": len(msgs), "series": len(g.series)}


def run_b4(path: str) -> dict[str, float]:
    from patchlint.ingest import iter_raw, parse_message
    from patchlint.ingest.b4 import b4_get_latest_series
    from patchlint.model.thread import build_threads

    raws = [raw for _, raw in iter_raw([path])]
    msgs = [parse_message(r) for r in raws]
    for i, m in enumerate(msgs):
        m.key = m.message_id or f"none-{i}"
    index = build_threads(msgs, [])
    by_key = {m.key: r for m, r in zip(msgs, raws, strict=True)}
    threads = [
        [by_key[n.key] for n in root.walk() if n.message is not None] for root in index.roots
    ]
    start = time.perf_counter()
    cpu = time.process_time()
    patches = sum(b4_get_latest_series(t) for t in threads)
    return {
        "timed_wall": time.perf_counter() - start,
        "timed_cpu": time.process_time() - cpu,
        "threads": len(threads),
        "patches": patches,
    }


def run_floor(path: str) -> dict[str, float]:
    import email.policy
    import mailbox

    plain = path
    if path.endswith(".gz"):
        fd, plain = tempfile.mkstemp(suffix=".mbox")
        with os.fdopen(fd, "wb") as out, gzip.open(path) as src:
            while chunk := src.read(1 << 22):
                out.write(chunk)
    start = time.perf_counter()
    cpu = time.process_time()
    count = 0
    box = mailbox.mbox(plain, factory=None, create=False)
    for key in box.iterkeys():
        msg = email.message_from_bytes(box.get_bytes(key), policy=email.policy.compat32)
        for part in msg.walk():
            if not part.is_multipart():
                part.get_payload(decode=True)
        count += 1
    result = {
        "timed_wall": time.perf_counter() - start,
        "timed_cpu": time.process_time() - cpu,
        "messages": count,
    }
    if plain != path:
        os.unlink(plain)
    return result


RUNNERS = {"patchlint": run_patchlint, "b4": run_b4, "floor": run_floor}


def child(name: str, path: str) -> None:
    start = time.perf_counter()
    cpu = time.process_time()
    info = RUNNERS[name](path)
    info.setdefault("timed_wall", time.perf_counter() - start)
    info.setdefault("timed_cpu", time.process_time() - cpu)
    info["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(info))


def measure(name: str, path: Path) -> dict[str, float]:
    res = subprocess.run(
        [sys.executable, __file__, "--child", name, str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if res.returncode != 0:
        return {"error": res.stderr.strip().splitlines()[-1] if res.stderr else "failed"}
    data: dict[str, float] = json.loads(res.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--skip-b4", action="store_true", help="b4 takes minutes on the archive")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    for path in args.files or DEFAULT:
        print(f"\n{path.name}")
        results = {}
        for name in ("floor", "patchlint") + (() if args.skip_b4 else ("b4",)):
            results[name] = r = measure(name, path)
            if "error" in r:
                print(f"  {name:10} error: {r['error']}")
                continue
            print(
                f"  {name:10} wall {r['timed_wall']:7.2f} s  cpu {r['timed_cpu']:7.2f} s  "
                f"peak {r['peak_rss_mb']:7.0f} MB  "
                + "  ".join(
                    f"{k}={int(v)}"
                    for k, v in r.items()
                    if k not in ("timed_wall", "timed_cpu", "peak_rss_mb")
                )
            )
        ours = results.get("patchlint", {}).get("timed_wall")
        if ours:
            floor = results.get("floor", {}).get("timed_wall")
            b4 = results.get("b4", {}).get("timed_wall")
            if floor:
                print(f"  patchlint / stdlib floor = {ours / floor:.2f}x  (target <= 3x)")
            if b4:
                print(f"  b4 / patchlint           = {b4 / ours:.1f}x faster  (target >= 10x)")


if __name__ == "__main__":
    main()
