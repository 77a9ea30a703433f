#!/usr/bin/env python3
"""A series through the real hook: `git send-email --dry-run` of N patches with the
sendemail-validate hook `patchlint hook install` writes.

A scratch kernel-like repository (tests/integrations/gitrepo.py) gets N commits, each adding
a function and its ops member to a net driver (C the rules read, an ops table the KB
judges); the hook is installed and `git send-email --dry-run --confirm=never` runs over
them. Printed: the whole send's wall time (target: 3 s for 30 patches), per mail, and the
same send with `--no-validate` (git's own time, the floor); and the CPU of the send: git's
and the hook clients' (the send's children) plus the resident checker's whole life
(start-up, warm-up and every mail's fork), which it writes to PATCHLINT_RESIDENT_STATS as
it exits. PATCHLINT_RESIDENT=0 in the environment measures the process-per-mail hook.

  python bench/hook.py [--patches N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integrations.gitrepo import DRIVER, Repo  # noqa: E402


def series_repo(where: Path, patches: int) -> Repo:
    repo = Repo(where / "repo", where / "home")
    for n in range(patches):
        fn = f"static int dummy_step{n}(struct net_device *dev)\n{{\n\treturn {n};\n}}\n\n"
        text = repo.read(DRIVER).replace(
            "static const struct net_device_ops", fn + "static const struct net_device_ops"
        )
        repo.write(DRIVER, text)
        repo.commit(f"dummy: add step {n}", f"Step {n} of the series, for the benchmark.")
    return repo


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def checker_cpu(stats: Path, runs: int) -> float:
    """The CPU seconds the checker of send number `runs` reported as it exited (it may
    still be exiting when git is done: waited for, a few seconds at most)."""
    if os.environ.get("PATCHLINT_RESIDENT") == "0":
        return 0.0
    for _ in range(500):
        lines = stats.read_text().splitlines() if stats.exists() else []
        if len(lines) >= runs:
            return float(json.loads(lines[runs - 1])["cpu"])
        time.sleep(0.01)
    sys.exit("the resident checker did not report its CPU time")


def send(repo: Repo, patches: int, *extra: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = repo.run(
        "git",
        "send-email",
        "--dry-run",
        "--confirm=never",
        "--quiet",
        "--to=netdev@example.org",
        *extra,
        f"-{patches}",
    )
    return time.perf_counter() - start, done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--patches", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = series_repo(Path(tmp), args.patches)
        repo.env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
        subprocess.run(
            [
                sys.executable,
                "-m",
                "compileall",
                "-q",
                str(ROOT / "patchlint"),
                str(ROOT / "rules"),
            ],
            env=repo.env,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        subprocess.run(
            [sys.executable, "-m", "patchlint", "hook", "install", "--repo", str(repo.path)],
            env=repo.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        mails = args.patches
        stats = Path(tmp) / "checker-stats.jsonl"
        repo.env["PATCHLINT_RESIDENT_STATS"] = str(stats)
        floor, hooked, cpus, checkers = [], [], [], []
        send(repo, args.patches)  # warm-up: word lists compiled, tree headers cached
        checker_cpu(stats, 1)
        for n in range(args.rounds):
            wall, _done = send(repo, args.patches, "--no-validate")
            floor.append(wall)
            before = children_cpu()
            wall, done = send(repo, args.patches)
            if done.returncode != 0:
                sys.exit(f"the send was refused:\n{done.stdout}{done.stderr}")
            hooked.append(wall)
            checkers.append(checker_cpu(stats, n + 2))
            cpus.append(children_cpu() - before + checkers[-1])
        mine, git = statistics.median(hooked), statistics.median(floor)
        print(
            f"{args.patches} patches, git send-email --dry-run, "
            f"{args.rounds} rounds (load before: {os.getloadavg()[0]:.1f})"
        )
        print(
            f"  with the hook   {mine:6.2f} s ({1000 * mine / mails:.0f} ms per mail; "
            f"runs {', '.join(f'{w:.2f}' for w in hooked)})"
        )
        cpu = statistics.median(cpus)
        print(
            f"  CPU of the send {cpu:6.2f} s "
            f"({1000 * cpu / mails:.0f} ms per mail; the checker "
            f"{statistics.median(checkers):.2f} s of it, start-up included)"
        )
        print(f"  --no-validate   {git:6.2f} s (git alone)")
        print(f"  the hook's part {mine - git:6.2f} s (target: whole send <= 3 s for 30)")


if __name__ == "__main__":
    main()
