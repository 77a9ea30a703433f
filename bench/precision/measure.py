"""The figures of one group: per rule, overall, at warning and error, per input, and the
welcome rate of the replies; plus the mailing table. Plain dicts, as results.json keeps them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.precision.corpus import Entry, Group, Reply, off_by_default
from bench.precision.labels import Label
from bench.precision.stats import stratified, wilson

MAILED = ("warning", "error")


def _counts(entries: list[Entry], labels: dict[str, Label]) -> Counter[str]:
    return Counter(labels[e.key].verdict for e in entries if e.key in labels)


def _figure(c: Counter[str]) -> dict[str, Any]:
    judged = c["tp"] + c["fp"] + c["noise"]
    low, high = wilson(c["tp"], judged)
    return {
        "judged": judged,
        "tp": c["tp"],
        "fp": c["fp"],
        "noise": c["noise"],
        "precision": round(c["tp"] / judged, 4) if judged else None,
        "low": round(low, 4) if judged else None,
        "high": round(high, 4) if judged else None,
    }


def _estimate(strata: list[tuple[int, int, int]]) -> dict[str, Any] | None:
    est = stratified(strata)
    if est is None:
        return None
    return {
        "precision": round(est[0], 4),
        "low": round(est[1], 4),
        "high": round(est[2], 4),
        "fired": sum(w for w, _, _ in strata),
        "judged": sum(n for _, _, n in strata),
        "tp": sum(r for _, r, _ in strata),
    }


def rules(
    group: Group, samples: dict[str, list[Entry]], labels: dict[str, Label]
) -> dict[str, dict[str, Any]]:
    out = {}
    for code, entries in group.by_code().items():
        sampled = samples[code]
        severities = Counter(e.severity for e in entries)
        out[code] = {
            "rule": entries[0].first.finding["rule"],
            "severity": "/".join(s for s in ("error", "warning", "info") if s in severities),
            "fired": len(entries),
            "fired_by_severity": dict(sorted(severities.items())),
            "sampled": len(sampled),
            **_figure(_counts(sampled, labels)),
            "by_severity": {
                s: _figure(_counts([e for e in sampled if e.severity == s], labels))
                for s in sorted(severities)
            },
            "by_profile": _by_profile(group, sampled, labels),
        }
    return out


def _by_profile(group: Group, sampled: list[Entry], labels: dict[str, Label]) -> dict[str, Any]:
    """The sample split by the community whose code or series each finding is about: a rule
    may hold on Xen and not on Linux, and its level is chosen per profile (levels.py)."""
    split: dict[str, list[Entry]] = {}
    for e in sampled:
        split.setdefault(group.profile(e), []).append(e)
    return {name: _figure(_counts(split[name], labels)) for name in sorted(split)}


def overall(
    group: Group,
    samples: dict[str, list[Entry]],
    labels: dict[str, Label],
    per_rule: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """All findings, and those at warning or error (what the bot mails and `--fail-on
    warning` fails on), each rule weighed by what it fired; and the same per input. Rules
    off by default are left out: the figures are those of patchlint as it ships."""
    off = off_by_default()
    per_rule = {code: r for code, r in per_rule.items() if code not in off}
    every = [(r["fired"], r["tp"], r["judged"]) for r in per_rule.values()]
    mailed = []
    for r in per_rule.values():
        for sev in MAILED:
            if sev in r["fired_by_severity"]:
                b = r["by_severity"][sev]
                mailed.append((r["fired_by_severity"][sev], b["tp"], b["judged"]))
    inputs = {}
    for run in group.runs:
        name = run.input.name
        strata = []
        for code, fired in group.fired_by_input.get(name, {}).items():
            if code in off:
                continue
            mine = [e for e in samples[code] if name in e.inputs]
            c = _counts(mine, labels)
            judged = c["tp"] + c["fp"] + c["noise"]
            if judged:
                strata.append((fired, c["tp"], judged))
            else:  # nothing of this input in the rule's sample: the rule's figure stands in
                r = per_rule[code]
                strata.append((fired, r["tp"], r["judged"]))
        inputs[name] = _estimate(strata)
    return {"all": _estimate(every), "warning_error": _estimate(mailed), "inputs": inputs}


def replies(
    sampled: list[Reply],
    total: int,
    labels: dict[str, Label],
    entries: dict[str, Entry],
    mail: set[str] | None = None,
) -> dict[str, Any]:
    """Welcome: no false positive and at least one true one. With `mail`, each reply keeps
    only the findings of those rules (what the bot sends once it mails by the table); a
    reply left empty is not sent."""
    rows = []
    for r in sampled:
        keys = [k for k in r.keys if mail is None or entries[k].code in mail]
        if not keys:
            rows.append({"message_id": r.message_id, "state": "not sent", "keys": []})
            continue
        verdicts = [labels[k].verdict if k in labels else None for k in keys]
        if "fp" in verdicts:
            state = "unwelcome"
        elif None in verdicts:
            state = "unjudged"
        else:
            state = "welcome" if "tp" in verdicts else "unwelcome"
        rows.append({"message_id": r.message_id, "state": state, "keys": keys})
    states = Counter(row["state"] for row in rows)
    judged = states["welcome"] + states["unwelcome"]
    low, high = wilson(states["welcome"], judged)
    return {
        "replies": total,
        "sampled": len(sampled),
        "judged": judged,
        "welcome": states["welcome"],
        "unwelcome": states["unwelcome"],
        "unjudged": states["unjudged"],
        "not_sent": states["not sent"],
        "rate": round(states["welcome"] / judged, 4) if judged else None,
        "low": round(low, 4) if judged else None,
        "high": round(high, 4) if judged else None,
        "rows": rows,
    }


def evidence(
    samples: dict[str, list[Entry]], labels: dict[str, Label], unjudged: set[str]
) -> dict[str, dict[str, Any]]:
    """Per rule, what one group's sample says: verdict counts, the mails the judged findings
    are about, and whether any sampled finding is still unjudged."""
    out = {}
    for code, sampled in samples.items():
        judged = [e for e in sampled if e.key in labels]
        out[code] = {
            "counts": _counts(sampled, labels),
            "mails": {e.key.split("|")[1] for e in judged},
            "rule": sampled[0].first.finding["rule"] if sampled else code,
            "complete": not any(e.key in unjudged for e in sampled),
        }
    return out


def mailing_table(
    by_group: dict[str, dict[str, dict[str, Any]]],
    fired: dict[str, dict[str, int]],
    config: dict[str, Any],
) -> dict[str, Any]:
    """patchlint/data/precision.json: per rule its precision pooled over the samples of
    the groups measured (named in `groups`) and whether it is mailed. A rule is mailed
    when every sampled finding of it is judged, at least `min_judged` are, they are about
    at least `min_mails` different mails (ten findings in two patches are two observations,
    not ten), and tp/judged is at least `threshold`. A rule the corpus never saw fire is
    absent, hence not mailed."""
    threshold, minimum = float(config["threshold"]), int(config["min_judged"])
    min_mails = int(config.get("min_mails", 1))
    table = {}
    for code in sorted({c for ev in by_group.values() for c in ev}):
        evs = {g: ev[code] for g, ev in by_group.items() if code in ev}
        c: Counter[str] = Counter()
        mails: set[str] = set()
        for ev in evs.values():
            c.update(ev["counts"])
            mails |= ev["mails"]
        fig = _figure(c)
        why = None
        if not all(ev["complete"] for ev in evs.values()):
            why = "some sampled findings are not judged yet"
        elif fig["judged"] < minimum:
            why = f"{fig['judged']} judged findings, fewer than {minimum}"
        elif len(mails) < min_mails:
            why = f"judged findings about {len(mails)} mails, fewer than {min_mails}"
        elif fig["precision"] < threshold:
            why = f"precision {fig['precision']:.0%} below {threshold:.0%}"
        groups = {
            g: {"fired": fired[g].get(code, 0), **_figure(ev["counts"])} for g, ev in evs.items()
        }
        table[code] = {
            "rule": next(iter(evs.values()))["rule"],
            "precision": fig["precision"],
            "low": fig["low"],
            "high": fig["high"],
            "judged": fig["judged"],
            "mails": len(mails),
            "fired": sum(fired[g].get(code, 0) for g in evs),
            "groups": groups,
            "mail": why is None,
            **({"why_not": why} if why else {}),
        }
    return {
        "schema": "patchlint-precision/1",
        "about": "Measured precision of each rule on bench/precision (docs/precision.md), "
        "pooled over the labelled samples of the input groups in `groups`. The "
        "bot and `review -f email` mail only rules with mail=true; a rule not "
        "listed was never measured and is not mailed.",
        "groups": list(by_group),
        "threshold": threshold,
        "min_judged": minimum,
        "min_mails": min_mails,
        "mail": sorted(c for c, t in table.items() if t["mail"]),
        "rules": table,
    }
