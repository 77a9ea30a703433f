#!/usr/bin/env python3
"""Measure patchlint's precision on the labelled corpus (docs/precision.md).

Runs patchlint on every input (a cached report is reused while the source and the input are
unchanged), draws each rule's bottom-k sample and the sample of bot replies, joins the
labels and prints per rule: fired, sampled, judged, TP/FP/noise, precision with its 95%
Wilson interval and the rule's severity; then the overall precision, the precision at
warning and error, the welcome-reply rate and the difference from the last recorded run
(results.json). It lists sampled findings nobody judged yet (exit 1 with --strict when
there are any), records results.json and writes the mailing table
patchlint/data/precision.json. A group whose inputs are not on this machine keeps its last
entry in results.json, marked stale, and the table pools the groups measured now (record.py).

  python bench/precision/run.py [--strict] [--no-write] [--group main|unseen|holdout] [--jobs N]
                                [--markdown] [--unjudged-keys FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench.precision import cache, corpus, measure, record
from bench.precision.inputs import GROUPS, ROOT, discover
from bench.precision.labels import Label, load

RESULTS = Path(__file__).resolve().parent / "results.json"
TABLE = ROOT / "patchlint" / "data" / "precision.json"


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:4.0f}"


def _interval(fig: dict[str, Any] | None) -> str:
    if not fig or fig.get("precision") is None:
        return "-"
    return f"{fig['precision']:.0%} [{fig['low']:.0%}, {fig['high']:.0%}]"


def _delta(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    d = (now - before) * 100
    return f"{d:+.0f}pp" if round(d) else "="


def _print_group(name: str, result: dict[str, Any], last: dict[str, Any] | None) -> None:
    rules = result["rules"]
    old = (last or {}).get("rules", {})
    print(f"\n== {name}: {', '.join(result['inputs'])}")
    print(
        f"{'rule':6} {'name':29} {'severity':13} {'fired':>6} {'smpl':>4} {'jdg':>4} "
        f"{'tp':>3} {'fp':>3} {'nse':>3}  {'prec':>4} {'95% CI':>11}  vs last"
    )
    for code, r in rules.items():
        ci = f"{_pct(r['low']).strip()}-{_pct(r['high']).strip()}" if r["judged"] else "-"
        o = old.get(code)
        change = (
            "new"
            if o is None
            else " ".join(
                x
                for x in (
                    _delta(r["precision"], o.get("precision")),
                    f"fired {r['fired'] - o['fired']:+d}" if r["fired"] != o["fired"] else "",
                )
                if x
            )
        )
        print(
            f"{code:6} {r['rule'][:29]:29} {r['severity']:13} {r['fired']:6} "
            f"{r['sampled']:4} {r['judged']:4} {r['tp']:3} {r['fp']:3} {r['noise']:3}  "
            f"{_pct(r['precision'])}% {ci:>11}  {change}"
        )
    for code in sorted(set(old) - set(rules)):
        print(f"{code:6} (fired {old[code]['fired']} last time, none now)")
    ov, lo = result["overall"], (last or {}).get("overall", {})
    for label, field in (("all findings", "all"), ("warning+error", "warning_error")):
        fig = ov[field]
        before = (lo.get(field) or {}).get("precision")
        print(
            f"{label:>15}: {_interval(fig)} (weighed by fired; "
            f"{fig['judged'] if fig else 0} judged)  {_delta(fig and fig['precision'], before)}"
        )
    for inp, fig in ov["inputs"].items():
        if fig and not inp.startswith(("seed:", "xen:")):
            before = ((lo.get("inputs") or {}).get(inp) or {}).get("precision")
            print(
                f"{'  on ' + inp:>15}: {_interval(fig)} of {fig['fired']} findings  "
                f"{_delta(fig['precision'], before)}"
            )
    for label, field in (("replies", "replies"), ("by the table", "replies_table")):
        rep = result.get(field)
        if not rep:
            continue
        before = ((last or {}).get(field) or {}).get("rate")
        print(
            f"{label:>15}: {rep['welcome']} of {rep['judged']} welcome "
            f"({_interval({'precision': rep['rate'], 'low': rep['low'], 'high': rep['high']})});"
            f" {rep['sampled']} sampled of {rep['replies']}, {rep['unjudged']} not judged yet"
            + (f", {rep['not_sent']} no longer sent" if rep["not_sent"] else "")
            + f"  {_delta(rep['rate'], before)}"
        )


def markdown(results: dict[str, Any], table: dict[str, Any] | None) -> str:
    """The per-rule figures as the Markdown table docs/precision.md carries."""
    groups = results["groups"]
    names = list(groups)
    codes = sorted({c for g in groups.values() for c in g["rules"]})
    off = corpus.off_by_default()
    head = ["rule", "severity"]
    for name in names:
        stale = groups[name].get("stale")
        tag = f"{name} (stale, source {groups[name]['measured_at']})" if stale else name
        head += [f"{tag}: fired", "judged (tp/fp/noise)", "precision [95%]"]
    if table:
        head += ["pooled", "mailed"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for code in codes:
        some = next(g["rules"][code] for g in groups.values() if code in g["rules"])
        row = [
            f"{code} {some['rule']}",
            some["severity"] + (" (off by default)" if code in off else ""),
        ]
        for name in names:
            r = groups[name]["rules"].get(code)
            if r is None:
                row += ["-", "-", "-"]
                continue
            row += [
                str(r["fired"]),
                f"{r['judged']} ({r['tp']}/{r['fp']}/{r['noise']})",
                _interval(r),
            ]
        if table:
            t = table["rules"].get(code)
            row += [
                _interval(t) if t else "-",
                "yes" if t and t["mail"] else (t or {}).get("why_not", "-"),
            ]
        lines.append("| " + " | ".join(row) + " |")
    for label, field in (("all findings", "all"), ("warning+error", "warning_error")):
        cells = [f"**{label}**", ""]
        for name in names:
            fig = groups[name]["overall"][field]
            cells += [
                str(fig["fired"]) if fig else "-",
                str(fig["judged"]) if fig else "-",
                _interval(fig),
            ]
        if table:
            cells += ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _unjudged(
    samples: dict[str, list[corpus.Entry]], reps: list[corpus.Reply], labels: dict[str, Label]
) -> list[str]:
    keys = [e.key for entries in samples.values() for e in entries]
    keys += [k for r in reps for k in r.keys]
    return [k for k in dict.fromkeys(keys) if k not in labels]


def measure_group(
    name: str, runs: list[cache.Run], config: dict[str, Any], labels: dict[str, Label], seed: str
) -> tuple[dict[str, Any], list[str], corpus.Group]:
    cfg = config[name]
    group = corpus.collect(name, runs)
    samples = corpus.sample(group, cfg, seed)
    all_replies = corpus.replies(group, cfg)
    reps = corpus.sample_replies(all_replies, int(cfg["replies"]["k"]), seed)
    per_rule = measure.rules(group, samples, labels)
    result: dict[str, Any] = {
        "inputs": [r.input.name for r in runs],
        "rules": per_rule,
        "overall": measure.overall(group, samples, labels, per_rule),
        "sample_size": sum(len(v) for v in samples.values()),
    }
    if all_replies:
        result["replies"] = measure.replies(reps, len(all_replies), labels, group.entries)
    unjudged = _unjudged(samples, reps, labels)
    result["unjudged"] = len(unjudged)
    return result, unjudged, group


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a sampled finding or a finding of a sampled reply has no label",
    )
    ap.add_argument(
        "--no-write", action="store_true", help="do not record results.json nor the mailing table"
    )
    ap.add_argument(
        "--group",
        choices=GROUPS,
        action="append",
        help="only this group (default: every group whose inputs exist)",
    )
    ap.add_argument("--jobs", type=int, default=None, help="patchlint --jobs for the lists")
    ap.add_argument(
        "--show-unjudged",
        type=int,
        default=40,
        metavar="N",
        help="list at most N unjudged findings (default 40)",
    )
    ap.add_argument(
        "--markdown",
        action="store_true",
        help="also print the per-rule figures as docs/precision.md's table",
    )
    ap.add_argument(
        "--unjudged-keys",
        type=Path,
        metavar="FILE",
        help="write the keys of every unjudged finding to FILE, one a line",
    )
    args = ap.parse_args(argv)

    inputs, notes = discover()
    for note in notes:
        print(note, file=sys.stderr)
    source = cache.source_hash()
    runs = [
        cache.review(i, source, args.jobs, log=lambda m: print(m, file=sys.stderr))
        for i in inputs
        if not args.group or i.group in args.group
    ]
    cache.record_latest(runs)
    cache.prune(runs)
    config = corpus.load_config()
    labels = load()
    last = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results: dict[str, Any] = {
        "schema": "patchlint-precision-results/1",
        "source": source,
        "seed": config["seed"],
        "groups": {},
    }
    missing: list[str] = []
    measured: dict[str, tuple[dict[str, Any], list[str], corpus.Group]] = {}
    for name in GROUPS:
        mine = [r for r in runs if r.input.group == name]
        if mine:
            measured[name] = measure_group(name, mine, config, labels, config["seed"])
    # the mailing table pools the groups measured now; a group whose inputs left this
    # machine keeps its last figures in results.json, marked stale, out of the table
    absent = record.absent_groups(GROUPS, args.group, {i.group for i in inputs})
    writable, why_not = record.may_record(GROUPS, args.group, set(measured))
    table = None
    if measured:
        by_group, fired = {}, {}
        for name, (result, unjudged, group) in measured.items():
            samples = corpus.sample(group, config[name], config["seed"])
            by_group[name] = measure.evidence(samples, labels, set(unjudged))
            fired[name] = {code: r["fired"] for code, r in result["rules"].items()}
        table = measure.mailing_table(by_group, fired, config["mailing"])
    for name, (result, unjudged, group) in measured.items():
        if table is not None and "replies" in result:
            reps = corpus.sample_replies(
                corpus.replies(group, config[name]),
                int(config[name]["replies"]["k"]),
                config["seed"],
            )
            result["replies_table"] = measure.replies(
                reps, result["replies"]["replies"], labels, group.entries, set(table["mail"])
            )
        results["groups"][name] = result
        _print_group(name, result, last.get("groups", {}).get(name))
        if result["sample_size"] < int(config[name].get("minimum", 0)):
            print(
                f"  (sample holds {result['sample_size']} findings, fewer than "
                f"{config[name]['minimum']}: raise k in sample.toml)"
            )
        missing += unjudged
        for key in unjudged[: args.show_unjudged]:
            print(f"  unjudged: {key}  {group.entries[key].message[:100]}")
        if len(unjudged) > args.show_unjudged:
            print(f"  ... and {len(unjudged) - args.show_unjudged} more unjudged")
    if table is not None:
        print(
            f"\nmailed by the table (>= {table['threshold']:.0%} over >= "
            f"{table['min_judged']} judged findings about >= {table['min_mails']} mails, "
            f"pooled over {', '.join(measured)}): {', '.join(table['mail']) or 'none'}"
        )
        for code, t in table["rules"].items():
            if not t["mail"] and t["precision"] is not None and t["precision"] >= 0.75:
                print(f"  {code} not mailed: {t['why_not']}")
    for name in record.carry_stale(results, last, absent):
        entry = results["groups"][name]
        print(
            f"\n== {name}: not measured (its inputs are not here); its entry of source "
            f"{entry['measured_at']} is kept in results.json, marked stale, "
            "and left out of the table",
            file=sys.stderr,
        )
    if args.markdown:
        print("\n" + markdown(results, table))
    if not args.no_write:
        if writable:
            RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
            if table is not None:
                TABLE.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
        else:
            print(
                f"\nnot recording results.json nor {TABLE.name}: {why_not}; "
                "the committed files stand",
                file=sys.stderr,
            )
    if args.unjudged_keys:
        args.unjudged_keys.write_text("".join(f"{k}\n" for k in missing), encoding="utf-8")
    if missing:
        print(
            f"\n{len(missing)} sampled findings have no label: "
            "python bench/precision/show.py KEY, then label.py",
            file=sys.stderr,
        )
        if args.strict:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
