#!/usr/bin/env python3
"""One patch, one process: `patchlint check ONE.patch` against `checkpatch.pl --no-tree`.

What a hook or b4's per-patch check command pays: a fresh process per patch. Thirty real
patches (spread over the linux-hyperv slice, written as `git format-patch` files) are run
alternately through both tools, one process each; the script prints wall and CPU time per
patch and the ratio checkpatch / patchlint (>= 1.0: patchlint is no slower), then the
`python -X importtime` budget of each command (what start-up spends importing, by package).

checkpatch.pl (with spelling.txt and const_structs.checkpatch beside it) is read from
$PATCHLINT_CHECKPATCH, else ~/.cache/patchlint-bench/checkpatch/checkpatch.pl; it is never
committed. Python runs with bytecode written and read (as an installed package is), the
spelling word lists compiled beforehand (one warm-up run, into a cache folder of the bench's
own unless PATCHLINT_CACHE_DIR names one) as on any machine after its first run.

A third column runs the same `check` through the resident checker's client
(`patchlint/cli/hookclient.py check PATCH`, what b4's per-patch check command can name and
what the sendemail-validate hook runs), from a scratch repository: the first patch starts
the checker, the others are forks of it. Its CPU is the clients' plus the checker's whole
life (start-up, warm-up and every fork it reaped, read from /proc before it exits), spread
over the patches.

  python bench/startup.py [--patches N] [--rounds R] [--skip-importtime] [ARCHIVE]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from lint import DEFAULT, as_file, patches  # noqa: E402

CHECKPATCH = Path.home() / ".cache" / "patchlint-bench" / "checkpatch" / "checkpatch.pl"
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def checkpatch() -> Path:
    path = Path(os.environ.get("PATCHLINT_CHECKPATCH") or CHECKPATCH)
    if not path.is_file():
        sys.exit(
            f"no checkpatch.pl at {path}: put the kernel's scripts/checkpatch.pl, "
            "spelling.txt and const_structs.checkpatch in one folder and name the script "
            "in PATCHLINT_CHECKPATCH"
        )
    return path


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    env["PYTHONPATH"] = str(ROOT)
    # a cache folder of its own: on a shared machine other patchlint versions (whose word
    # lists are keyed differently) would replace the compilation between runs
    env.setdefault("PATCHLINT_CACHE_DIR", str(CHECKPATCH.parent.parent / "cache"))
    return env


def timed(command: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall, CPU of the child) for one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_budget(
    args: list[str], env: dict[str, str], cwd: Path, runs: int = 5
) -> tuple[float, int, list[str]]:
    """Milliseconds spent importing for `patchlint ARGS` (each module's least self time over
    `runs` runs: one run on a shared machine mostly measures the neighbours), the number of
    modules imported, and the costliest packages."""
    best: dict[str, int] = {}
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "patchlint", *args],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        for line in done.stderr.splitlines():
            m = IMPORT_LINE.match(line)
            if m:
                best[m.group(4)] = min(best.get(m.group(4), 10**9), int(m.group(1)))
    by_package: collections.Counter[str] = collections.Counter()
    for name, us in best.items():
        parts = name.split(".")
        by_package[".".join(parts[:2]) if parts[0] == "patchlint" else parts[0]] += us
    total = sum(by_package.values()) / 1000
    return total, len(best), [f"{n} {us / 1000:.0f}" for n, us in by_package.most_common(8)]


def checker_cpu(folder: Path) -> float:
    """CPU seconds of the resident checker listening in `folder` (with the children it
    reaped), read from /proc before it exits; 0.0 when none is found."""
    tick = os.sysconf("SC_CLK_TCK")
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if b"patchlint.cli.checker" not in cmdline or str(folder).encode() not in cmdline:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        return sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", nargs="?", default=str(DEFAULT))
    ap.add_argument("--patches", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=1, help="runs of each patch per tool")
    ap.add_argument("--skip-importtime", action="store_true")
    args = ap.parse_args()
    script = checkpatch()
    env = environment()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "patchlint"), str(ROOT / "rules")],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    every = patches(args.archive, None)
    step = max(1, len(every) // args.patches)
    chosen = [p for _, p in every[::step]][: args.patches]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = [as_file(p, folder, n) for n, p in enumerate(chosen)]
        ours = [sys.executable, "-m", "patchlint", "check"]
        theirs = ["perl", str(script), "--no-tree", "-q"]
        client = [sys.executable, "-I", "-S", str(ROOT / "patchlint/cli/hookclient.py"), "check"]
        scratch = folder / "resident"
        subprocess.run(["git", "init", "-q", str(scratch)], check=True)
        timed([*ours, str(files[0])], env)  # warm-up: word lists compiled, caches filled
        timed([*theirs, str(files[0])], env)
        results: dict[str, list[tuple[float, float]]] = {
            "patchlint": [],
            "checkpatch": [],
            "resident": [],
        }
        resident_cpu = 0.0
        for _ in range(args.rounds):
            for path in files:  # alternating, so both see the same load
                results["checkpatch"].append(timed([*theirs, str(path)], env))
                results["patchlint"].append(timed([*ours, str(path)], env))
            for path in files:  # one checker for the round (its idle time is 10 s)
                results["resident"].append(timed([*client, str(path)], env, scratch))
            resident_cpu += checker_cpu(scratch / ".git" / "patchlint" / "checker")
        print(
            f"{len(files)} patches x {args.rounds}, one process each "
            f"(load before: {os.getloadavg()[0]:.1f})"
        )
        for name in ("patchlint", "checkpatch"):
            runs = results[name]
            walls, cpus = [w for w, _ in runs], [c for _, c in runs]
            print(
                f"  {name:10s} wall {statistics.median(walls) * 1000:6.0f} ms/patch "
                f"(mean {statistics.fmean(walls) * 1000:.0f}), "
                f"CPU {statistics.median(cpus) * 1000:6.0f} ms/patch"
            )
        runs = results["resident"]
        res_wall = statistics.median(w for w, _ in runs)
        res_cpu = (sum(c for _, c in runs) + resident_cpu) / len(runs)
        print(
            f"  {'resident':10s} wall {res_wall * 1000:6.0f} ms/patch, CPU {res_cpu * 1000:6.0f} "
            f"ms/patch (clients {statistics.median(c for _, c in runs) * 1000:.0f} ms median, "
            f"checker {resident_cpu * 1000:.0f} ms in all, start-up included)"
        )
        mine = statistics.median(w for w, _ in results["patchlint"])
        theirs_wall = statistics.median(w for w, _ in results["checkpatch"])
        mine_cpu = statistics.median(c for _, c in results["patchlint"])
        theirs_cpu = statistics.median(c for _, c in results["checkpatch"])
        print(
            f"ratio checkpatch/patchlint: wall {theirs_wall / mine:.2f}, "
            f"CPU {theirs_cpu / mine_cpu:.2f} (target >= 1.0)"
        )
        print(
            f"ratio checkpatch/resident:  wall {theirs_wall / res_wall:.2f}, "
            f"CPU {theirs_cpu / res_cpu:.2f} (per patch, the checker's start-up included)"
        )
        if args.skip_importtime:
            return
        print("import budget (python -X importtime, least of 5 runs, ms, costliest packages):")
        repo = folder / "repo"
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        hook_env = {
            **env,
            "GIT_DIR": str(repo / ".git"),
            "GIT_SENDEMAIL_FILE_COUNTER": "1",
            "GIT_SENDEMAIL_FILE_TOTAL": "2",
        }
        for label, cmd, cwd, e in (
            ("check", ["check", str(files[0])], ROOT, env),
            (
                "check --format checkpatch",
                ["check", "--format", "checkpatch", str(files[0])],
                ROOT,
                env,
            ),
            ("hook run", ["hook", "run", "--", str(files[0])], repo, hook_env),
            ("review", ["review", str(files[0])], ROOT, env),
            ("--version", ["--version"], ROOT, env),
        ):
            total, modules, top = import_budget(cmd, e, cwd)
            print(f"  {label:26s} {total:6.0f} ({modules} modules)  {', '.join(top)}")


if __name__ == "__main__":
    main()
