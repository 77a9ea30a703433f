"""One patchlint run per input, kept: a report is reused while neither the patchlint source
(package and rules) nor the input changed, so re-measuring after no change costs nothing.

Each run is turned into a small SQLite file under bench/precision/cache/ holding the series
(as JSON), the findings with their keys, and the mails a reply could answer; show.py and
the sampler read only that.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.precision.inputs import ROOT, Input
from bench.precision.keys import finding_key

CACHE = Path(__file__).resolve().parent / "cache"
# generated from the labels: writing it must not make the next run's reports stale
_NOT_SOURCE = {Path("patchlint/data/precision.json")}
_SCHEMA = 3  # bump when the cached tables change (3: keys escape `%` and `|`)


def source_hash(root: Path = ROOT) -> str:
    """A hash of everything that decides what patchlint reports: the package, the rules and
    pyproject.toml (content, not dates)."""
    h = hashlib.sha256(f"schema {_SCHEMA}\0".encode())
    files = [root / "pyproject.toml"]
    for top in ("patchlint", "rules"):
        files += (
            p
            for p in (root / top).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        )
    for path in sorted(files):
        rel = path.relative_to(root)
        if rel in _NOT_SOURCE:
            continue
        h.update(f"{rel}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Run:
    """The cached result of `patchlint review` on one input."""

    input: Input
    db: Path

    def connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.db)

    def findings(self) -> Iterator[tuple[str, int, dict[str, Any]]]:
        """(key, series index, finding) for every finding, in report order."""
        with closing(self.connect()) as db:
            for key, idx, text in db.execute("SELECT key, idx, json FROM findings ORDER BY n"):
                yield key, idx, json.loads(text)

    def series(self, idx: int) -> dict[str, Any]:
        with closing(self.connect()) as db:
            row = db.execute("SELECT json FROM series WHERE idx = ?", (idx,)).fetchone()
        return json.loads(row[0]) if row else {}

    def targets(self) -> dict[str, tuple[int, str]]:
        """The mails a reply can answer: message-id -> (series index, patch | cover)."""
        with closing(self.connect()) as db:
            return {m: (i, k) for m, i, k in db.execute("SELECT msgid, idx, kind FROM targets")}


def _slug(inp: Input) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in inp.name)


def _db_path(inp: Input, source: str) -> Path:
    ident = hashlib.sha256("\0".join([inp.identity(), *inp.args, source]).encode())
    return CACHE / f"{_slug(inp)}-{ident.hexdigest()[:16]}.sqlite"


def prune(runs: list[Run], keep: int = 3) -> None:
    """Drop an input's older cached runs, keeping the one in use and the newest others up
    to `keep` in all (switching back to a recent source stays instant)."""
    for run in runs:
        others = sorted(
            (
                p
                for p in CACHE.glob(f"{_slug(run.input)}-*.sqlite")
                if p != run.db and len(p.stem) == len(run.db.stem)
            ),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in others[keep - 1 :]:
            old.unlink(missing_ok=True)


def review(inp: Input, source: str, jobs: int | None = None, log: Any = None) -> Run:
    """The run of `inp` for this source hash: from the cache, or made now."""
    db = _db_path(inp, source)
    if db.exists():
        return Run(inp, db)
    CACHE.mkdir(parents=True, exist_ok=True)
    if log:
        log(f"reviewing {inp.name} ({inp.path.name}) ...")
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        out = Path(tmp) / "report.json"
        # every rule, those off by default too: they are measured before they are turned on
        cmd = [
            sys.executable,
            "-m",
            "patchlint",
            "review",
            str(inp.path),
            "-f",
            "json",
            "-o",
            str(out),
            "--select",
            "ALL",
            *inp.args,
        ]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if res.returncode not in (0, 1) or not out.exists():
            raise RuntimeError(
                f"patchlint review {inp.path} exited {res.returncode}: {res.stderr.strip()[-500:]}"
            )
        report = json.loads(out.read_bytes())
        part = Path(tmp) / "run.sqlite"
        _store(report, inp, source, part)
        part.replace(db)
    return Run(inp, db)


def _store(report: dict[str, Any], inp: Input, source: str, path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.executescript("""
            CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE series (idx INTEGER PRIMARY KEY, title TEXT, json TEXT);
            CREATE TABLE findings (n INTEGER PRIMARY KEY, key TEXT, idx INTEGER, code TEXT,
                                   severity TEXT, status TEXT, json TEXT);
            CREATE INDEX findings_key ON findings (key);
            CREATE TABLE targets (msgid TEXT, idx INTEGER, kind TEXT);
        """)
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("input", inp.name),
                ("identity", inp.identity()),
                ("source", source),
                ("tool", json.dumps(report.get("tool"))),
                ("diagnostics", str(len(report.get("diagnostics") or []))),
            ],
        )
        n = 0
        for idx, s in enumerate(report["series"]):
            db.execute("INSERT INTO series VALUES (?, ?, ?)", (idx, s["title"], json.dumps(s)))
            for f in s["findings"]:
                n += 1
                db.execute(
                    "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        n,
                        finding_key(f, s["title"]),
                        idx,
                        f["code"],
                        f["severity"],
                        f.get("status", "open"),
                        json.dumps(f),
                    ),
                )
            for rev in s["revisions"]:
                if rev.get("cover") and rev["cover"].get("message_id"):
                    db.execute(
                        "INSERT INTO targets VALUES (?, ?, 'cover')",
                        (rev["cover"]["message_id"], idx),
                    )
                for patch in [*rev["patches"], *rev.get("proposed_patches", [])]:
                    if patch.get("message_id") and patch.get("carried_from") is None:
                        db.execute(
                            "INSERT INTO targets VALUES (?, ?, 'patch')", (patch["message_id"], idx)
                        )
        db.commit()


def record_latest(runs: list[Run]) -> None:
    """Which cached runs the last `run.py` used: show.py and label.py read these."""
    CACHE.mkdir(parents=True, exist_ok=True)
    latest = {
        r.input.name: {"db": r.db.name, "group": r.input.group, "path": str(r.input.path)}
        for r in runs
    }
    (CACHE / "latest.json").write_text(json.dumps(latest, indent=1))


def latest_runs() -> list[Run]:
    """The runs the last `run.py` used (empty before the first run)."""
    path = CACHE / "latest.json"
    if not path.exists():
        return []
    out = []
    for name, info in json.loads(path.read_text()).items():
        db = CACHE / info["db"]
        if db.exists():
            out.append(Run(Input(name, info["group"], Path(info["path"])), db))
    return out
