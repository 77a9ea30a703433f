#!/usr/bin/env python3
"""Hold each rule's level on each profile to what the labels measured (rules/README.md).

A level is a promise: `warning` and `error` mean right at least `threshold` of the time (90%,
`[mailing]` in sample.toml), `info` at least 70%. The evidence for a rule on a profile is its
judged findings on that profile's code, pooled over every group results.json records, when
there are at least `min_judged` of them; with fewer, the rule's findings on every profile
pooled (a community with little mail is judged by the rule as a whole, never by nothing).
A rule with fewer than `min_judged` judged findings in all is unproven: reported, not held.

  python bench/precision/levels.py [--results FILE]    exit 1 when a level breaks its promise
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench.precision.corpus import load_config

RESULTS = Path(__file__).resolve().parent / "results.json"
INFO_FLOOR = 0.70


@dataclass(frozen=True)
class Verdict:
    code: str
    profile: str
    level: str
    tp: int
    judged: int
    basis: str  # "profile" | "rule" | "unproven"
    problem: str  # empty when the level keeps its promise

    @property
    def precision(self) -> float | None:
        return self.tp / self.judged if self.judged else None


def pooled(results: dict[str, Any]) -> dict[str, dict[str, tuple[int, int]]]:
    """code -> profile -> (tp, judged) over every group, with "*" for all profiles."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for group in results["groups"].values():
        for code, r in group["rules"].items():
            mine = out.setdefault(code, {})
            parts = r.get("by_profile") or {}
            for name, fig in [("*", r), *parts.items()]:
                tp, judged = mine.get(name, (0, 0))
                mine[name] = (tp + fig["tp"], judged + fig["judged"])
    return out


def check(
    results: dict[str, Any],
    levels: dict[str, dict[str, str]],
    threshold: float,
    min_judged: int,
) -> list[Verdict]:
    """One verdict per measured rule and profile it runs on. `levels`: code -> profile ->
    level, for the rules on by default."""
    evidence = pooled(results)
    out = []
    for code, by_profile in sorted(levels.items()):
        figures = evidence.get(code)
        if figures is None:
            continue
        for profile, level in by_profile.items():
            if level == "off":
                continue
            tp, judged = figures.get(profile, (0, 0))
            basis = "profile"
            if judged < min_judged:
                tp, judged = figures["*"]
                basis = "rule" if judged >= min_judged else "unproven"
            floor = threshold if level in ("warning", "error") else INFO_FLOOR
            problem = ""
            if basis != "unproven" and tp < floor * judged:
                problem = f"{level} promises {floor:.0%}, measured {tp}/{judged}"
            out.append(Verdict(code, profile, level, tp, judged, basis, problem))
    return out


def shipped_levels() -> dict[str, dict[str, str]]:
    """The levels of the rules on by default, as their rule.toml files set them."""
    from patchlint.engine.registry import default_registry

    return {r.code: dict(r.meta.profiles) for r in default_registry().rules if r.meta.default}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    mailing = load_config()["mailing"]
    results = json.loads(args.results.read_text(encoding="utf-8"))
    verdicts = check(
        results, shipped_levels(), float(mailing["threshold"]), int(mailing["min_judged"])
    )
    print(f"{'rule':6} {'profile':15} {'level':8} {'tp/judged':>10} {'prec':>5}  basis     problem")
    for v in verdicts:
        prec = f"{v.precision:.0%}" if v.precision is not None else "-"
        print(
            f"{v.code:6} {v.profile:15} {v.level:8} {f'{v.tp}/{v.judged}':>10} {prec:>5}  "
            f"{v.basis:9} {v.problem}"
        )
    broken = [v for v in verdicts if v.problem]
    print(f"\n{len(broken)} level(s) break their promise" if broken else "\nevery level holds")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
