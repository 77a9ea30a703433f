#!/usr/bin/env python3
"""The whole review against the stdlib floor, and how it grows with the archive.

For the slice and for the first quarter, the first half and all of the linux-hyperv archive
(each written as an mbox of its first N messages), in one run:
  floor     `mailbox` + a compat32 parse of every message with its parts decoded
            (`bench/ingest.py`'s floor, CPU of that process)
  review    `patchlint review FILE -f json -o /dev/null --jobs J`, a fresh process: wall,
            CPU of it and its workers, largest process (ru_maxrss)
and prints review / floor (target <= 3x), CPU per message (flat from a quarter to all:
linear work) and the load average around each run (the machine may be shared).

The archive's years differ (the later ones carry more C and longer threads per message), so
a growing CPU per message from a quarter to all of it mixes content with scaling. With
`--replicas 1,2,4` the first quarter is also reviewed as 1, 2 and 4 copies of itself (each
copy's Message-IDs and titles marked, `bench/dask_bench.py`'s replicator: the copies are
distinct threads): the same content, so CPU per message there is scaling alone.

  python bench/review_floor.py [--jobs J] [--skip-archive] [--fractions 4,2,1]
                               [--replicas 1,2,4] [--skip-slice]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
SLICE = SHARED / "corpus/lists/linux-hyperv-last3000.mboxrd.gz"
ARCHIVE = SHARED / "corpus/lists/linux-hyperv-epoch0.mboxrd.gz"


def first_messages(source: Path, fraction: int, folder: Path) -> tuple[Path, int]:
    """An mbox.gz of the first 1/fraction of `source`'s messages (cut at `From ` lines)."""
    with gzip.open(source, "rb") as fh:
        data = fh.read()
    starts = [0] if data.startswith(b"From ") else []
    pos = data.find(b"\nFrom ")
    while pos != -1:  # mboxrd: a body's "From " lines are quoted (">From ")
        starts.append(pos + 1)
        pos = data.find(b"\nFrom ", pos + 1)
    keep = len(starts) // fraction
    end = starts[keep] if keep < len(starts) else len(data)
    out = folder / f"{source.name.split('.')[0]}-1of{fraction}.mbox.gz"
    with gzip.open(out, "wb", compresslevel=1) as fh:
        fh.write(data[:end])
    return out, keep


def replicated(source: Path, copies: int, folder: Path) -> tuple[Path, int]:
    """`copies` marked copies of the mbox.gz `source` in one mbox.gz (copy 0 unmarked)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from dask_bench import replica

    with gzip.open(source, "rb") as fh:
        data = fh.read()
    out = folder / f"{source.name.split('.')[0]}-x{copies}.mbox.gz"
    with gzip.open(out, "wb", compresslevel=1) as fh:
        for k in range(copies):
            fh.write(replica(data, k))
    return out, _count(out)


def floor_cpu(path: Path) -> float:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ingest.py"), "--child", "floor", str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["timed_cpu"])


def review(path: Path, jobs: int) -> tuple[float, float, float]:
    """(wall, CPU with workers, largest process in MiB) of one review: the rusage of that
    child alone (os.wait4), which counts the workers it waited for. The largest process is
    read by /usr/bin/time: a child forked from this script starts its high-water mark at
    this script's size (it held the archive while cutting it), so its own ru_maxrss is
    hundreds of MiB too high; the review /usr/bin/time forks is clean."""
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    fd, rss_name = tempfile.mkstemp(suffix=".rss")
    os.close(fd)
    child = subprocess.Popen(
        [
            "/usr/bin/time",
            "-o",
            rss_name,
            "-f",
            "%M",
            sys.executable,
            "-m",
            "patchlint",
            "review",
            str(path),
            "-f",
            "json",
            "-o",
            os.devnull,
            "--jobs",
            str(jobs),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped here
    wall = time.perf_counter() - start
    rss_kib = int(Path(rss_name).read_text().split()[-1])
    os.unlink(rss_name)
    return wall, usage.ru_utime + usage.ru_stime, rss_kib / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--skip-archive", action="store_true")
    ap.add_argument("--fractions", default="4,2,1")
    ap.add_argument("--replicas", default="", help="copies of the first quarter, e.g. 1,2,4")
    ap.add_argument("--skip-slice", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = [] if args.skip_slice else [("slice", SLICE, 3000)]
        if not args.skip_archive:
            for fraction in (int(f) for f in args.fractions.split(",") if f):
                if fraction == 1:
                    inputs.append(("archive", ARCHIVE, 0))
                else:
                    path, count = first_messages(ARCHIVE, fraction, Path(tmp))
                    inputs.append((f"archive 1/{fraction}", path, count))
        if args.replicas:
            quarter, _ = first_messages(ARCHIVE, 4, Path(tmp))
            for copies in (int(k) for k in args.replicas.split(",")):
                path, count = replicated(quarter, copies, Path(tmp))
                inputs.append((f"1/4 x{copies}", path, count))
        print(f"--jobs {args.jobs}; CPU is user + system of the process and its workers")
        print(
            f"{'input':14s} {'messages':>8s} {'floor':>7s} {'review wall':>11s} "
            f"{'review CPU':>10s} {'CPU/floor':>9s} {'ms/msg':>7s} {'max RSS':>8s}  load"
        )
        for label, path, count in inputs:
            load = os.getloadavg()[0]
            floor = floor_cpu(path)
            wall, cpu, rss = review(path, args.jobs)
            count = count or _count(path)
            print(
                f"{label:14s} {count:8d} {floor:6.2f}s {wall:10.2f}s {cpu:9.2f}s "
                f"{cpu / floor:8.2f}x {1000 * cpu / count:7.2f} {rss:6.0f}Mi  "
                f"{load:.1f}->{os.getloadavg()[0]:.1f}"
            )


def _count(path: Path) -> int:
    with gzip.open(path, "rb") as fh:
        data = fh.read()
    return data.count(b"\nFrom ") + int(data.startswith(b"From "))


if __name__ == "__main__":
    main()
