"""Run one fuzz target (harness.py TARGET) for a total time at the lowest priority, one
process at a time, starting libFuzzer again after each crash (atheris has no working
`-fork` mode), and append the figures to WORKDIR/TARGET/runs.jsonl.

    python fuzz/run.py mail|diff|cfrag SECONDS [WORKDIR]     (WORKDIR: ../fuzz-work)

Each crash or timeout input is kept in WORKDIR/TARGET/crashes/ and becomes a regression
fixture (fixtures/fuzz/) with a test; the corpus grows in WORKDIR/TARGET/corpus/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_EXECS = re.compile(r"stat::number_of_executed_units:\s*(\d+)")
_PROGRESS = re.compile(r"^#(\d+)\s", re.M)
_COV = re.compile(r"cov: (\d+) ft: (\d+) corp: (\d+)")


def run(target: str, seconds: int, work: Path) -> dict[str, object]:
    folder = work / target
    for sub in ("corpus", "crashes"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    if not (folder / "seeds").is_dir():
        subprocess.run([sys.executable, str(HERE / "seeds.py"), str(work)], check=True)
    started = time.monotonic()
    execs = restarts = 0
    cov = ""
    log = folder / "log.txt"
    while (left := seconds - int(time.monotonic() - started)) > 5:
        proc = subprocess.run(
            [
                "nice",
                "-n",
                "19",
                sys.executable,
                str(HERE / "harness.py"),
                target,
                str(folder / "corpus"),
                str(folder / "seeds"),
                f"-max_total_time={left}",
                "-timeout=20",
                "-rss_limit_mb=2048",
                "-max_len=65536",
                "-print_final_stats=1",
                f"-artifact_prefix={folder / 'crashes'}/",
            ],
            capture_output=True,
            text=True,
            errors="replace",
        )
        out = proc.stdout + proc.stderr
        with log.open("a") as fh:
            fh.write(out[-200_000:])
        stat = _EXECS.findall(out)
        progress = _PROGRESS.findall(out)
        execs += int(stat[-1]) if stat else int(progress[-1]) if progress else 0
        found = _COV.findall(out)
        cov = " ".join(found[-1]) if found else cov
        if proc.returncode == 0:
            break
        restarts += 1
    crashes = sorted(p.name for p in (folder / "crashes").iterdir())
    figures = {
        "target": target,
        "seconds": int(time.monotonic() - started),
        "executions": execs,
        "restarts": restarts,
        "cov_ft_corp": cov,
        "crash_files": crashes,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    with (folder / "runs.jsonl").open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


if __name__ == "__main__":
    workdir = Path(sys.argv[3]) if len(sys.argv) > 3 else HERE.parent.parent / "fuzz-work"
    print(json.dumps(run(sys.argv[1], int(sys.argv[2]), workdir)))
