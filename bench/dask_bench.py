#!/usr/bin/env python3
"""`patchlint review --executor dask` measured against the one-process pipeline.

  python bench/dask_bench.py [--archive] [--scale 1,2,4,8] [--memory 1,2,4,8] [--incremental]
                            [--workers 2] [--dated] [--replicate faithful|ids]

overhead     the slice (and with --archive the whole archive): `--jobs N` against a
             LocalCluster of N workers (`--executor dask --jobs N`), wall time, and the two
             JSON reports compared byte for byte
scale        the archive replicated K times as K plain mbox files, each copy the mail of
             other senders (`--replicate faithful`, the default: every address, in headers
             and bodies, Message-IDs included, marked with the copy's number, and each From:
             name too; titles marked), so the copies are distinct series, as 8x the mail of
             the same kind would be; `--replicate ids` marks only the Message-IDs and titles,
             and grouping links each series to its copies as re-posts by one sender (one
             series 8x as large: a stress case, a RESEND storm): wall time per message and
             the peak RSS of each process (the client, the largest worker), sampled every
             0.2 s
memory       the slice replicated K times (as `scale`), reviewed in this process on a
             LocalCluster whose workers note their RSS as each task ends (a worker plugin):
             per K and worker, the RSS after the decode tasks and after the review tasks
             (median and largest of each quarter of the run) and the peak; K=8 is about the
             archive's size, in a fraction of `scale`'s time (`--memory 1,2,4,8`)
incremental  the archive without its last 1% reviewed with `--state`, then the whole
             archive with the same state, against a full run without state; the reports
             compared byte for byte. Twice: the archive gzip'd as one stream (compressed
             again whole, so read whole) and as a plain mbox the last 1% is appended to
             (read from where the last run stopped); `--kinds gzip` or `--kinds mbox`
The load average is printed before and after each run: the machine may be shared.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from archive import _kb, _tree  # noqa: E402  (bench/archive.py: /proc readers)

SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
LISTS = "corpus/lists"
SLICE = f"{LISTS}/linux-hyperv-last3000.mboxrd.gz"
ARCHIVE = f"{LISTS}/linux-hyperv-epoch0.mboxrd.gz"


_HELPERS = (b"resource_tracker", b"forkserver", b"semaphore_tracker")


def _is_helper(pid: int) -> bool:
    """multiprocessing's own small processes (the resource tracker), not workers."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmdline = fh.read()
    except OSError:
        return False
    return any(name in cmdline for name in _HELPERS)


class PeakPerProcess(threading.Thread):
    """The peak RSS of each process of a tree, sampled; which of them are helpers
    (`_is_helper`), so that the rest are the client and its workers."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peaks: dict[int, int] = {}
        self.helpers: set[int] = set()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            for p in _tree(self.pid):
                if p not in self.peaks and _is_helper(p):
                    self.helpers.add(p)
                self.peaks[p] = max(self.peaks.get(p, 0), _kb(p, "status", "VmRSS:"))


def review(cwd: Path, inputs: list[str], out: Path, *extra: str) -> dict[str, Any]:
    """One `patchlint review INPUTS -f json -o OUT` run, measured."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "patchlint",
                "review",
                *inputs,
                "-f",
                "json",
                "-o",
                str(out),
                "--no-progress",
                "--fail-on",
                "never",
                *extra,
            ],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        sampler = PeakPerProcess(proc.pid)
        sampler.start()
        code = proc.wait()
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        if code != 0:
            err.seek(0)
            raise SystemExit(f"patchlint failed: {err.read().decode()[-800:]}")
    others = [kb for p, kb in sampler.peaks.items() if p != proc.pid and p not in sampler.helpers]
    return {
        "wall": wall,
        "client_mb": sampler.peaks.get(proc.pid, 0) / 1024,
        "worker_mb": max(others, default=0) / 1024,
        "workers_mb": sorted((kb / 1024 for kb in others), reverse=True),
        "load": load,
        "load_after": os.getloadavg()[0],
    }


def show(label: str, r: dict[str, Any], messages: int | None = None) -> None:
    per = f"  {r['wall'] / messages * 1000:.2f} ms/message" if messages else ""
    print(
        f"  {label:<34} wall {r['wall']:7.1f} s{per}  client peak {r['client_mb']:5.0f} MB"
        f"  largest worker {r['worker_mb']:5.0f} MB  load {r['load']:.1f}->"
        f"{r['load_after']:.1f}",
        flush=True,
    )
    peaks = cast("list[float]", r.get("workers_mb", []))
    print(
        f"    {len(peaks)} worker processes, peak RSS each: "
        + " ".join(f"{mb:.0f}" for mb in peaks)
        + " MB",
        flush=True,
    )


def same(a: Path, b: Path) -> str:
    return "identical" if a.read_bytes() == b.read_bytes() else "DIFFERENT"


def scratch() -> Path:
    """A directory where the corpus sits at `corpus/`, so reports name inputs alike."""
    d = Path(tempfile.mkdtemp(prefix="dask-bench-"))
    (d / "corpus").symlink_to(SHARED / "corpus")
    return d


def overhead(d: Path, rel: str, workers: int) -> None:
    n = sum(1 for _ in _messages(SHARED / rel))
    print(f"\n{rel}: {n:,} messages", flush=True)
    local = review(d, [rel], d / "local.json", "--jobs", str(workers))
    show(f"--jobs {workers}", local, n)
    dask = review(d, [rel], d / "dask.json", "--executor", "dask", "--jobs", str(workers))
    show(f"--executor dask, {workers} workers", dask, n)
    print(
        f"  dask / local: {dask['wall'] / local['wall']:.2f}x wall; reports "
        f"{same(d / 'local.json', d / 'dask.json')}",
        flush=True,
    )


def _messages(path: Path) -> list[int]:
    """Where each message of the (gzip'd) mboxrd `path` starts, in its uncompressed bytes."""
    sys.path.insert(0, str(ROOT))
    from patchlint.ingest.mbox import message_starts

    return message_starts(gzip.decompress(path.read_bytes()))


_ID_HEADER = re.compile(rb"^(?:Message-I[Dd]|In-Reply-To|References):.*(?:\n[ \t].*)*", re.M | re.I)
_ANGLE_ID = re.compile(rb"<([^<>@\s]+)@")
_SUBJECT = re.compile(
    rb"^(Subject:[ \t]*(?:(?:Re|Fwd|AW)[ \t]*:[ \t]*)*(?:\[[^\]\n]*\][ \t]*)*)", re.M | re.I
)


_DATE_YEAR = re.compile(rb"^(Date:[^\n]*?\b)((?:19|20)\d\d)\b", re.M | re.I)
# --dated: each copy's dates moved by this many years times its number, so the copies follow
# one another in the report's order instead of standing side by side series by series
SHIFT_YEARS = 0
MEMORY_INPUT = "slice"  # --memory-input: what --memory replicates (slice or archive)


# --replicate: how a copy is told from the others (`replica`): "faithful", every address and
# sender its own (distinct series, as more mail of the same kind), or "ids", only its
# Message-IDs and titles (a copy's series link to the others' as re-posts: a stress case)
REPLICATE = "faithful"


def replica(data: bytes, k: int) -> bytes:
    """Copy `k` of an archive: its ids and titles marked `rK`, with the faithful replication
    its senders too (`_other_senders`); with --dated, its Date: headers moved by
    `SHIFT_YEARS * k` years."""
    if k == 0:
        return data
    mark = f"r{k}".encode()
    if REPLICATE == "faithful":
        data = _other_senders(data, mark)
    else:
        data = _ID_HEADER.sub(lambda m: _ANGLE_ID.sub(rb"<\1." + mark + rb"@", m.group(0)), data)
    if SHIFT_YEARS:
        shift = SHIFT_YEARS * k
        data = _DATE_YEAR.sub(lambda m: m.group(1) + str(int(m.group(2)) + shift).encode(), data)
    return _SUBJECT.sub(lambda m: m.group(1) + mark + b" ", data)


# an address's local part, a `+tag` apart (same_address ignores the tag: the mark goes before)
_ADDRESS = re.compile(
    rb"([A-Za-z0-9_%=~-][A-Za-z0-9._%=~-]*)((?:\+[A-Za-z0-9._%=~+-]*)?)@(?=[A-Za-z0-9-])"
)
_FROM = re.compile(rb"^From:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)", re.M | re.I)
_NAME_WORD = re.compile(rb"(=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=)|\b([A-Za-z])([A-Za-z]*)")


def _other_senders(data: bytes, mark: bytes) -> bytes:
    """Every address of the copy (its senders', trailers', Message-IDs', in headers and
    bodies alike) marked in its local part, and each From: line's display name marked inside
    each word: the copy's senders are other people, so grouping, which links postings across
    threads only for one sender (titles, change-ids, continuations, changelog links), keeps
    the copies' series apart, while ids, links and sign-offs agree within a copy as in the
    original. A name's word keeps no original word whole (`same_person` takes a name that
    contains the other's comma-separated parts); an RFC 2047 encoded name gets the mark as a
    word after it."""

    def name(m: re.Match[bytes]) -> bytes:
        return m.group(1) or m.group(2) + mark + m.group(3)

    def sender(m: re.Match[bytes]) -> bytes:
        value = m.group(1)
        lt = value.rfind(b"<")
        if lt > 0:
            shown = _NAME_WORD.sub(name, value[:lt])
            if b"=?" in shown:
                shown = shown.rstrip() + b" " + mark + b" "
            value = shown + value[lt:]
        elif b"(" in value:
            head, _, tail = value.partition(b"(")
            value = head + b"(" + _NAME_WORD.sub(name, tail)
        return m.group(0)[: m.start(1) - m.start(0)] + value

    data = _FROM.sub(sender, data)
    return _ADDRESS.sub(lambda m: m.group(1) + b"." + mark + m.group(2) + b"@", data)


def scale(d: Path, factors: list[int], workers: int) -> None:
    data = gzip.decompress((SHARED / ARCHIVE).read_bytes())
    n = len(_messages(SHARED / ARCHIVE))
    print(f"\nscaling: the archive ({n:,} messages) replicated, {workers} workers", flush=True)
    copies: list[str] = []
    first: float | None = None
    first_mb: float | None = None
    for k in factors:
        while len(copies) < k:
            name = f"copy{len(copies)}.mbox"
            (d / name).write_bytes(replica(data, len(copies)))
            copies.append(name)
        r = review(d, copies[:k], d / "scaled.json", "--executor", "dask", "--jobs", str(workers))
        per = r["wall"] / (n * k)
        first = first or per
        show(f"x{k} ({n * k:,} messages)", r, n * k)
        first_mb = first_mb or r["worker_mb"]
        print(
            f"    time per message x{per / first:.2f}, largest worker's peak "
            f"x{r['worker_mb'] / first_mb:.2f} of x{factors[0]}",
            flush=True,
        )


def _rss_mb(field: str = "VmRSS:") -> int:
    """This process's RSS (or peak, "VmHWM:") in MB: read where the worker runs (bench/archive
    is not importable there)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1]) // 1024
    return 0


Row = tuple[str, int, int, int, int]  # kind, RSS MB, results held, their MB, inputs queued


def _task_memory() -> object:
    """A worker plugin: as each task ends, the worker's RSS (MB), the results it holds
    (count and Dask's estimate of their size) and the tasks waiting in it to run (their
    inputs are in its memory too)."""
    from distributed import WorkerPlugin

    class TaskMemory(WorkerPlugin):
        name = "patchlint-task-memory"

        def setup(self, worker: object) -> None:
            self.worker = worker
            self.rows: list[Row] = []

        def transition(self, key: object, start: str, finish: str, **kwargs: object) -> None:
            if start == "executing" and finish == "memory":
                kind = str(key).split("-")[0]
                state = self.worker.state  # type: ignore[attr-defined]
                held = len(self.worker.data)  # type: ignore[attr-defined]
                queued = sum(1 for ts in state.tasks.values() if ts.state in _QUEUED)
                self.rows.append((kind, _rss_mb(), held, state.nbytes >> 20, queued))

    return TaskMemory()


_QUEUED = ("ready", "constrained", "waiting")


def _task_rows(dask_worker: object) -> tuple[list[Row], int]:
    plugin = dask_worker.plugins["patchlint-task-memory"]  # type: ignore[attr-defined]
    return plugin.rows, _rss_mb("VmHWM:")


def memory(d: Path, factors: list[int], workers: int) -> None:
    sys.path.insert(0, str(ROOT))
    from patchlint.pipeline.dask import OptionsRecipe, reviewing_on_dask
    from patchlint.pipeline.dask.cluster import dask_client

    source = ARCHIVE if MEMORY_INPUT == "archive" else SLICE
    data = gzip.decompress((SHARED / source).read_bytes())
    n = len(_messages(SHARED / source))
    print(
        f"\nmemory: the {MEMORY_INPUT} ({n:,} messages) replicated, {workers} workers", flush=True
    )
    for k in factors:
        copies = []
        for i in range(k):
            path = d / f"slice{i}.mbox"
            if not path.exists():
                path.write_bytes(replica(data, i))
            copies.append(str(path))
        load = os.getloadavg()[0]
        start = time.perf_counter()
        with dask_client(None, workers) as client:
            client.register_plugin(_task_memory())
            with reviewing_on_dask(copies, OptionsRecipe(as_json=True), client=client) as run:
                for _ in run.json_entries():
                    pass
            found = client.run(_task_rows)
        wall = time.perf_counter() - start
        print(
            f"  x{k} ({n * k:,} messages) wall {wall:.1f} s, load {load:.1f}->"
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
        for rows, peak in found.values():
            decode = [mb for kind, mb, *_ in rows if kind == "decode"]
            review = [mb for kind, mb, *_ in rows if kind == "review"]
            reviews = [row for row in rows if row[0] == "review"]
            quarters = [review[i * len(review) // 4 : (i + 1) * len(review) // 4] for i in range(4)]
            shown = " ".join(f"{sorted(q)[len(q) // 2]}/{max(q)}" for q in quarters if q)
            print(
                f"    worker: peak {peak} MB; after decode tasks ({len(decode)}) last "
                f"{decode[-1] if decode else 0} max {max(decode, default=0)} MB; after review "
                f"tasks ({len(review)}) by quarter median/max {shown} MB; results held at "
                f"most {max((row[2] for row in rows), default=0)}",
                flush=True,
            )
            rises = [(i, row) for i, row in enumerate(rows) if i and row[1] > rows[i - 1][1] + 8]
            if rises:  # where the RSS stepped up (by more than 8 MB after one task)
                steps = ", ".join(f"#{i} {row[0]} {row[1]} MB" for i, row in rises[-6:])
                print(f"      of {len(rows)} tasks, the last steps up: {steps}", flush=True)
            if reviews:  # at the review task after which the worker's RSS was highest
                top = max(reviews, key=lambda row: row[1])
                print(
                    f"      review phase: results held at most "
                    f"{max(row[2] for row in reviews)} ({max(row[3] for row in reviews)} MB), "
                    f"inputs queued at most {max(row[4] for row in reviews)}; at its RSS high "
                    f"({top[1]} MB) {top[2]} results ({top[3]} MB), {top[4]} queued",
                    flush=True,
                )


def incremental(d: Path, workers: int, kinds: list[str]) -> None:
    """Per kind: `gzip`, the archive gzip'd as one stream, compressed again whole with the
    new mail (it is read whole); `mbox`, a plain mbox the new mail is appended to (it is
    read from where the last run stopped)."""
    archive = SHARED / ARCHIVE
    starts = _messages(archive)
    data = gzip.decompress(archive.read_bytes())
    old = int(len(starts) * 0.99)
    cut = starts[old]
    print(f"\nincremental: {len(starts) - old:,} new messages on {old:,}", flush=True)
    for kind in kinds:
        grow = d / f"grow-{kind}"
        (grow / LISTS).mkdir(parents=True)
        name = ARCHIVE if kind == "gzip" else ARCHIVE.removesuffix(".gz")
        target = grow / name
        if kind == "gzip":
            target.write_bytes(gzip.compress(data[:cut], compresslevel=1))
        else:
            target.write_bytes(data[:cut])
        state = ["--executor", "dask", "--jobs", str(workers), "--state", str(d / f"st-{kind}")]
        print(f"  {kind}:", flush=True)
        show("first 99%, state made", review(grow, [name], d / "inc0.json", *state))
        if kind == "gzip":
            shutil.copyfile(archive, target)  # the whole archive: one gzip stream again
        else:
            with target.open("ab") as fh:
                fh.write(data[cut:])
        inc = review(grow, [name], d / "inc.json", *state)
        show("whole archive, with the state", inc)
        dask = ["--executor", "dask", "--jobs", str(workers)]
        full = review(grow, [name], d / "full.json", *dask)
        show("whole archive, full run", full)
        print(
            f"  {kind} incremental / full: {inc['wall'] / full['wall']:.2f}; reports "
            f"{same(d / 'inc.json', d / 'full.json')}",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archive", action="store_true", help="the overhead on the archive too")
    ap.add_argument("--scale", default="", help="replication factors, e.g. 1,2,4,8")
    ap.add_argument("--memory", default="", help="slice replication factors, e.g. 1,2,4,8")
    ap.add_argument("--incremental", action="store_true")
    ap.add_argument(
        "--kinds",
        default="gzip,mbox",
        help="incremental inputs: gzip (read whole), mbox (appended)",
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-slice", action="store_true")
    ap.add_argument(
        "--dated",
        action="store_true",
        help="move each copy's dates by 40 years a copy (copies in sequence, not side by side)",
    )
    ap.add_argument("--memory-input", choices=("slice", "archive"), default="slice")
    ap.add_argument(
        "--replicate",
        choices=("faithful", "ids"),
        default="faithful",
        help="copies as other senders' mail (faithful) or with only their Message-IDs and "
        "titles marked (ids: each series linked to its copies as re-posts, a stress case)",
    )
    args = ap.parse_args()
    global SHIFT_YEARS, MEMORY_INPUT, REPLICATE
    SHIFT_YEARS = 40 if args.dated else 0
    REPLICATE = args.replicate
    MEMORY_INPUT = args.memory_input
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load "
        f"{os.getloadavg()[0]:.2f} at start",
        flush=True,
    )
    d = scratch()
    try:
        if not args.skip_slice:
            overhead(d, SLICE, args.workers)
        if args.archive:
            overhead(d, ARCHIVE, args.workers)
        if args.scale:
            scale(d, [int(k) for k in args.scale.split(",")], args.workers)
        if args.memory:
            memory(d, [int(k) for k in args.memory.split(",")], args.workers)
        if args.incremental:
            incremental(d, args.workers, args.kinds.split(","))
    finally:
        shutil.rmtree(d)


if __name__ == "__main__":
    main()
