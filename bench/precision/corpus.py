"""From the runs to what is judged: every distinct finding of a group (by key), the bottom-k
sample of each rule, and the sample of replies the bot would send.

Bottom-k: a finding's rank is sha256(seed, key); a rule's sample is its k findings of lowest
rank. The rank of a finding never changes, so after a rule change the findings that stay keep
their place (and their labels) and only findings the change adds can enter the sample.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.precision.cache import Run

CONFIG = Path(__file__).resolve().parent / "sample.toml"
_RANKS = {"info": 1, "warning": 2, "error": 3}


def load_config(path: Path = CONFIG) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def rank(seed: str, key: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}\0{key}".encode()).digest()[:8], "big")


@dataclass
class Occurrence:
    input: str
    series: int
    finding: dict[str, Any]


@dataclass
class Entry:
    """One distinct finding (key) and where it occurs; the first occurrence is the one shown
    and recorded (inputs come most-context-first: the archive before its slice)."""

    key: str
    code: str
    severity: str
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def first(self) -> Occurrence:
        return self.occurrences[0]

    @property
    def message(self) -> str:
        return str(self.first.finding["message"])

    @property
    def inputs(self) -> list[str]:
        return list(dict.fromkeys(o.input for o in self.occurrences))


@dataclass
class Reply:
    """A reply the bot would send: to one mail, holding the findings about it at or above
    the bot's level."""

    input: str
    message_id: str
    keys: list[str]


@dataclass
class Group:
    name: str
    runs: list[Run]
    entries: dict[str, Entry] = field(default_factory=dict)
    fired_by_input: dict[str, dict[str, int]] = field(default_factory=dict)  # input->code->n
    _series: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict, repr=False)

    def series(self, input_name: str, idx: int) -> dict[str, Any]:
        """One series of one input's report, read once."""
        got = self._series.get((input_name, idx))
        if got is None:
            run = next(r for r in self.runs if r.input.name == input_name)
            got = self._series[(input_name, idx)] = run.series(idx)
        return got

    def profile(self, entry: Entry) -> str:
        """The community whose conventions a finding is judged by: the profile patchlint chose
        for the file the finding is about, else for its patch, else the one most of its
        revision's patches have (a series finding about a cover letter)."""
        occ = entry.first
        f = occ.finding
        revisions = self.series(occ.input, occ.series).get("revisions", [])
        revs = [r for r in revisions if r.get("version") == f.get("revision")] or revisions[-1:]
        patches = [p for r in revs for p in r.get("patches", [])]
        if f.get("patch") is not None:
            patches = [p for p in patches if p.get("index") == f["patch"]] or patches
        names: Counter[str] = Counter()
        for patch in patches:
            prof = patch.get("profile") or {}
            by_file = prof.get("files") or {}
            if f.get("file") in by_file:
                return str(by_file[f["file"]])
            if prof.get("name"):
                names[str(prof["name"])] += 1
        return names.most_common(1)[0][0] if names else "other"

    def by_code(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries.values():
            out[e.code].append(e)
        return dict(sorted(out.items()))


def collect(name: str, runs: list[Run]) -> Group:
    group = Group(name, runs)
    for run in runs:
        counts: dict[str, set[str]] = defaultdict(set)
        for key, idx, finding in run.findings():
            entry = group.entries.get(key)
            if entry is None:
                entry = group.entries[key] = Entry(key, finding["code"], finding["severity"])
            entry.occurrences.append(Occurrence(run.input.name, idx, finding))
            counts[finding["code"]].add(key)
        group.fired_by_input[run.input.name] = {c: len(v) for c, v in sorted(counts.items())}
    return group


def off_by_default() -> frozenset[str]:
    """The codes of the rules that are off by default (`default = false`): measured (the
    runs select ALL) but never in a reply, nor in the overall figures, which describe what
    patchlint says when run as it ships."""
    from patchlint.engine.registry import default_registry

    return frozenset(r.code for r in default_registry().rules if not r.meta.default)


def k_for(config: dict[str, Any], code: str) -> int:
    return int(config.get("k_rule", {}).get(code, config["k"]))


def sample(group: Group, config: dict[str, Any], seed: str) -> dict[str, list[Entry]]:
    """Each rule's bottom-k findings, lowest rank first."""
    out = {}
    for code, entries in group.by_code().items():
        entries.sort(key=lambda e: rank(seed, e.key))
        out[code] = entries[: k_for(config, code)]
    return out


def replies(group: Group, config: dict[str, Any]) -> list[Reply]:
    """Every reply the bot would send for the configured input: one per patch or cover mail
    with open findings at or above the bot's level (carried-over patches get none)."""
    want = config["replies"]["input"]
    level = _RANKS[config["replies"]["level"]]
    run = next((r for r in group.runs if r.input.name == want), None)
    if run is None:
        return []
    targets = run.targets()
    off = off_by_default()
    found: dict[str, list[str]] = defaultdict(list)
    for key, _idx, f in run.findings():
        mid = f.get("message_id")
        if (
            mid in targets
            and f["code"] not in off
            and f.get("status", "open") == "open"
            and _RANKS.get(f["severity"], 0) >= level
            and key not in found[mid]
        ):
            found[mid].append(key)
    return [Reply(want, mid, keys) for mid, keys in found.items()]


def sample_replies(all_replies: list[Reply], k: int, seed: str) -> list[Reply]:
    return sorted(all_replies, key=lambda r: rank(seed, f"reply|{r.message_id}"))[:k]
