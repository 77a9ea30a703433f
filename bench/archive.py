#!/usr/bin/env python3
"""A whole list archive reviewed: wall time, CPU time and peak memory of
`patchlint review ARCHIVE -f json -o /dev/null --jobs N`, for the 3,000-message slice and
the full linux-hyperv archive, how they grow between the two, and b4's time for the part of
the work b4 can do (parse each thread and build its series, per thread, offline).

Each run is a fresh process, as a user runs it. Measured:
  wall      elapsed time of the command
  cpu       user + system time of the command and every worker process it started
  peak rss  the largest resident set of any one process (ru_maxrss)
  peak sum  the largest sum of resident sets over the process tree at one moment, sampled
            every 0.1 s (it counts pages the forked workers share with the parent twice)
  peak pss  the same with proportional set sizes (shared pages split between the sharers):
            the memory the run really takes
  load      the 1-minute load average before and after: the machine may be shared

  python bench/archive.py [--jobs 1,2] [--skip-b4] [FILE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
SLICE = SHARED / "corpus/lists/linux-hyperv-last3000.mboxrd.gz"
ARCHIVE = SHARED / "corpus/lists/linux-hyperv-epoch0.mboxrd.gz"


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _kb(pid: int, path: str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{path}", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Sampler(threading.Thread):
    """Peak RSS and PSS summed over a process tree, sampled."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            pids = _tree(self.pid)
            self.peak_rss = max(self.peak_rss, sum(_kb(p, "status", "VmRSS:") for p in pids))
            self.peak_pss = max(self.peak_pss, sum(_kb(p, "smaps_rollup", "Pss:") for p in pids))


def review(path: Path, jobs: int) -> dict[str, float]:
    """One `patchlint review` run, measured."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [
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
                "--no-progress",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        sampler = Sampler(proc.pid)
        sampler.start()
        # wait4: this run's own usage, its workers' included (they are waited for)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        sampler.join()
        if proc.returncode not in (0, 1):
            err.seek(0)
            raise SystemExit(f"patchlint failed on {path}: {err.read().decode()[-500:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "peak_sum_mb": sampler.peak_rss / 1024,
        "peak_pss_mb": sampler.peak_pss / 1024,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


def b4_time(path: Path) -> dict[str, float] | None:
    """b4 parsing every thread and building its series (bench/ingest.py's b4 runner)."""
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ingest.py"), "--child", "b4", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if res.returncode != 0:
        print(f"  b4 failed: {res.stderr.strip().splitlines()[-1:]}")
        return None
    data: dict[str, float] = json.loads(res.stdout.strip().splitlines()[-1])
    return data


def messages(path: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from patchlint.ingest import iter_raw

    return sum(1 for _ in iter_raw([str(path)]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path, help="default: the slice and the archive")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to measure")
    ap.add_argument("--skip-b4", action="store_true", help="b4 takes minutes on the archive")
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    files = args.files or [SLICE, ARCHIVE]
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
        f"load {os.getloadavg()[0]:.2f} at start"
    )
    results: dict[tuple[Path, int], dict[str, float]] = {}
    counts: dict[Path, int] = {}
    for path in files:
        counts[path] = messages(path)
        print(
            f"\n{path.name}: {counts[path]:,} messages, {path.stat().st_size / 1e6:.0f} MB on disk"
        )
        for j in jobs:
            r = results[(path, j)] = review(path, j)
            print(
                f"  patchlint --jobs {j}: wall {r['wall']:6.1f} s  cpu {r['cpu']:6.1f} s  "
                f"peak rss {r['peak_rss_mb']:5.0f} MB  peak sum {r['peak_sum_mb']:5.0f} MB  "
                f"peak pss {r['peak_pss_mb']:5.0f} MB  load {r['load_before']:.1f}->"
                f"{r['load_after']:.1f}"
            )
        if len(jobs) > 1:
            one, most = results[(path, jobs[0])], results[(path, jobs[-1])]
            print(
                f"  --jobs {jobs[-1]} / --jobs {jobs[0]}: {one['wall'] / most['wall']:.2f}x "
                "faster (wall)"
            )
        if not args.skip_b4:
            b4 = b4_time(path)
            if b4 is not None:
                ours = results[(path, jobs[-1])]
                print(
                    f"  b4 (parse + get_series per thread, {int(b4['threads']):,} threads): "
                    f"wall {b4['timed_wall']:6.1f} s  cpu {b4['timed_cpu']:6.1f} s"
                )
                print(
                    f"  b4 / patchlint review --jobs {jobs[-1]} (wall) = "
                    f"{b4['timed_wall'] / ours['wall']:.2f}  (b4 does less: no interdiff, "
                    "lineage, comments or rules)"
                )
    if len(files) == 2:
        small, big = files
        ratio = counts[big] / counts[small]
        print(
            f"\ngrowth {small.name} -> {big.name}: {ratio:.2f}x the messages, "
            f"{big.stat().st_size / small.stat().st_size:.2f}x the bytes"
        )
        for j in jobs:
            a, b = results[(small, j)], results[(big, j)]
            print(
                f"  --jobs {j}: wall {b['wall'] / a['wall']:.2f}x, cpu {b['cpu'] / a['cpu']:.2f}x"
                f" (cpu per message {b['cpu'] / a['cpu'] / ratio:.2f}x: 1.00 is linear)"
            )


if __name__ == "__main__":
    main()
