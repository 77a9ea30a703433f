#!/usr/bin/env python3
"""Record verdicts: each with the finding's current text, in labels/<CODE>.toml.

  python bench/precision/label.py KEY tp|fp|noise "the reason a maintainer would give"
  python bench/precision/label.py --batch FILE   # lines: KEY<TAB>VERDICT<TAB>REASON
Judge with show.py first; reads the runs of the last `run.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench.precision import cache
from bench.precision.labels import VERDICTS, Label, LabelError, save


def current_text(key: str) -> str | None:
    """The finding's message in the first run (most context first) that has it."""
    for run in cache.latest_runs():
        with run.connect() as db:
            row = db.execute(
                "SELECT json FROM findings WHERE key = ? ORDER BY n LIMIT 1", (key,)
            ).fetchone()
        if row:
            return str(json.loads(row[0])["message"])
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("key", nargs="?")
    ap.add_argument("verdict", nargs="?", choices=VERDICTS)
    ap.add_argument("reason", nargs="?")
    ap.add_argument("--batch", type=Path, help="KEY<TAB>VERDICT<TAB>REASON per line")
    args = ap.parse_args(argv)
    rows: list[tuple[str, str, str]] = []
    if args.batch:
        for n, line in enumerate(args.batch.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                print(f"{args.batch}:{n}: want KEY<TAB>VERDICT<TAB>REASON", file=sys.stderr)
                return 2
            rows.append((parts[0].strip(), parts[1].strip(), parts[2].strip()))
    elif args.key and args.verdict and args.reason:
        rows.append((args.key, args.verdict, args.reason))
    else:
        ap.error("KEY VERDICT REASON, or --batch FILE")
    new = []
    for key, verdict, reason in rows:
        text = current_text(key)
        if text is None:
            print(f"{key}: not in the last run", file=sys.stderr)
            return 2
        new.append(Label(key, verdict, reason, text))
    try:
        save(new)
    except LabelError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{len(new)} label(s) saved")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
