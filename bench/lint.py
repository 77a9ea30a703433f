#!/usr/bin/env python3
"""Lint speed and precision: patchlint's rules against checkpatch.pl, per patch.

Takes every patch (each revision's patch mails) from a real archive slice, writes them as
`git format-patch`-style files, then times
  patchlint   all rules over all patches, in one process (parsing excluded: both get files)
  checkpatch  `checkpatch.pl --no-tree -q` from Debian's linux-source-6.12, one invocation
              for all patch files
and prints seconds per patch and the ratio, plus patchlint's findings per 100 patches per
rule (the precision figure: error-severity findings must stay at or under 1 per 100).

checkpatch.pl comes from $PATCHLINT_CHECKPATCH, or is fetched once with
`apt-get download linux-source-6.12` into ~/.cache/patchlint-bench (scripts/ only).

`--per-rule` adds a table of CPU time per rule in the same run (all rules together, as
`review` runs them: each rule's check timed, and the tree-sitter parse of the fragments
apart, since whichever rule reads a tree first would be charged with it).

`--default` runs only the rules on by default (what `patchlint review` runs) instead of all.

  python bench/lint.py [--limit N] [--skip-checkpatch] [--per-rule] [--default] [ARCHIVE]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PATCHLINT_SHARED", ROOT.parent / "shared"))
DEFAULT = SHARED / "corpus/lists/linux-hyperv-last3000.mboxrd.gz"
CACHE = Path.home() / ".cache" / "patchlint-bench"


def checkpatch() -> Path:
    """checkpatch.pl with the files it reads beside it (spelling.txt, const_structs)."""
    env = os.environ.get("PATCHLINT_CHECKPATCH")
    if env:
        return Path(env)
    script = CACHE / "linux-6.12" / "scripts" / "checkpatch.pl"
    if script.is_file():
        return script
    CACHE.mkdir(parents=True, exist_ok=True)
    if not any(CACHE.glob("linux-source-6.12_*.deb")):
        download_deb("linux-source-6.12", CACHE)
    deb = next(CACHE.glob("linux-source-6.12_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(CACHE / "deb")], check=True)
    tarball = next((CACHE / "deb").rglob("linux-source-6.12.tar.*"))
    wanted = ("scripts/checkpatch.pl", "scripts/spelling.txt", "scripts/const_structs.checkpatch")
    with tarfile.open(tarball) as tar:
        for member in tar:
            rel = member.name.split("/", 1)[-1]
            if rel in wanted:
                member.name = rel
                tar.extract(member, CACHE / "linux-6.12", filter="data")
    return script


def download_deb(package: str, where: Path) -> None:
    """`apt-get download` from Debian trixie (where linux-source-6.12 lives) through a
    private apt configuration: the machine's sources are left alone."""
    apt = where / "apt"
    for sub in ("lists/partial", "cache/archives/partial"):
        (apt / sub).mkdir(parents=True, exist_ok=True)
    sources = apt / "sources.list"
    sources.write_text(
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        "http://deb.debian.org/debian trixie main\n"
    )
    opts = [
        "-o",
        f"Dir::Etc::SourceList={sources}",
        "-o",
        "Dir::Etc::SourceParts=/dev/null",
        "-o",
        f"Dir::State::Lists={apt / 'lists'}",
        "-o",
        f"Dir::Cache={apt / 'cache'}",
    ]
    subprocess.run(["apt-get", *opts, "update", "-qq"], check=True)
    subprocess.run(["apt-get", *opts, "download", package], cwd=where, check=True)


def patches(archive: str, limit: int | None):
    from patchlint.pipeline import load

    grouping, _ = load([archive])
    out = []
    for series in grouping.series:
        for rev in series.revisions:
            for patch in rev.sorted_patches:
                if patch.diff.strip():
                    out.append((rev.version, patch))
    return out[:limit] if limit else out


def as_file(patch, folder: Path, n: int) -> Path:
    path = folder / f"{n:05d}.patch"
    body = patch.message
    if patch.trailers:
        body += "\n\n" + "\n".join(str(t) for t in patch.trailers)
    path.write_text(
        f"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
        f"From: {patch.author}\nSubject: [PATCH] {patch.title}\n\n{body}\n---\n"
        f"{patch.notes}\n\n{patch.diff}",
        encoding="utf-8",
        errors="surrogateescape",
    )
    return path


def timed_rules(rules, spent: collections.Counter[str]):
    """`rules` with each check timed into `spent` (process time, by rule name), and the
    fragments' parse and index pass (`c.index`, shared by every rule) timed apart under
    `(parse)` and `(index)`."""
    from patchlint.c import index

    parser, read = index.c_parser, index.FragmentIndex._read

    class TimedParser:
        def __init__(self):
            self.parser = parser()

        def parse(self, source):
            start = time.process_time()
            try:
                return self.parser.parse(source)
            finally:
                spent["(parse)"] += time.process_time() - start

    def indexed(self, group, kind):
        start, parsing = time.process_time(), spent["(parse)"]
        try:
            return read(self, group, kind)
        finally:
            parsed_here = spent["(parse)"] - parsing
            spent["(index)"] += time.process_time() - start - parsed_here

    index.c_parser = TimedParser
    index.FragmentIndex._read = indexed

    def timed(rule):
        def check(ctx):
            start, shared = time.process_time(), spent["(parse)"] + spent["(index)"]
            try:
                return list(rule.check(ctx))
            finally:
                shared_here = spent["(parse)"] + spent["(index)"] - shared
                spent[rule.name] += time.process_time() - start - shared_here

        return dataclasses.replace(rule, check=check)

    return [timed(r) for r in rules]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--skip-checkpatch", action="store_true")
    ap.add_argument("--per-rule", action="store_true", help="CPU time per rule, same run")
    ap.add_argument("--default", action="store_true", help="only the rules on by default")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from patchlint.engine.registry import default_registry
    from patchlint.engine.runner import Where, lint_patch

    todo = patches(args.archive, args.limit)
    rules = default_registry().rules
    if args.default:
        rules = tuple(r for r in rules if r.meta.default)
    spent: collections.Counter[str] = collections.Counter()
    if args.per_rule:
        rules = timed_rules(rules, spent)
    start = time.perf_counter()
    cpu = time.process_time()
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for version, patch in todo:
        for f in lint_patch(patch, rules, Where(version), []):
            counts[(f.rule, f.severity)] += 1
            if len(examples[f.rule]) < 3:
                examples[f.rule].append(f"{patch.message_id} {f.file}:{f.line}")
    ours = time.perf_counter() - start
    cpu = time.process_time() - cpu
    n = len(todo)
    print(f"patches: {n}")
    print(
        f"patchlint: {ours:.2f} s, {1000 * ours / n:.2f} ms/patch, CPU {cpu:.2f} s "
        f"({len(rules)} rules)"
    )
    if args.per_rule:
        print(f"CPU per rule (ms per patch; the rest, {cpu - sum(spent.values()):.2f} s, is the")
        print("runner: file views, suppressions, findings):")
        for name, seconds in spent.most_common():
            print(f"  {name:<28} {1000 * seconds / n:6.2f}   {seconds:6.2f} s")
    print("findings per 100 patches:")
    for (rule, severity), count in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(
            f"  {rule:<28} {severity:<8} {100 * count / n:6.2f}   e.g. "
            + "; ".join(examples[rule][:2])
        )
    errors = sum(c for (_, severity), c in counts.items() if severity == "error")
    print(f"  error-severity total: {100 * errors / n:.2f} per 100 patches (target <= 1)")
    if args.skip_checkpatch:
        return
    script = checkpatch()
    with tempfile.TemporaryDirectory() as tmp:
        files = [str(as_file(p, Path(tmp), i)) for i, (_, p) in enumerate(todo)]
        start = time.perf_counter()
        subprocess.run(
            ["perl", str(script), "--no-tree", "-q", "--no-summary", *files],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        theirs = time.perf_counter() - start
    print(f"checkpatch.pl: {theirs:.2f} s, {1000 * theirs / n:.2f} ms/patch")
    print(f"ratio: patchlint is {theirs / ours:.1f}x faster per patch (target >= 10x)")


if __name__ == "__main__":
    main()
