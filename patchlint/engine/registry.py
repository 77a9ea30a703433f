"""The one registry: every rule, patch and series rules alike, found where the package keeps
them (one folder each), with unique codes and names; and the `--select`/`--ignore`
selection: a full code or name, a prefix of a code (`TR`, `XS00`), or `ALL`. A prefix never
matches a name: `MA` means the MA rules, not `malformed-trailer` too. A rule off by default
(`default = false`) runs only when named exactly or by `ALL`. The configuration's
`[profiles.rules]` levels are applied to the selected rules here."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from patchlint.engine.loader import load_rule
from patchlint.engine.rule import Rule, RuleError
from patchlint.errors import UsageError
from patchlint.model.profile import Level, Profile


def rules_root() -> Path:
    """`patchlint/_rules` in an installed wheel; the repository's `rules/` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_rules"
    if installed.is_dir():
        return installed
    return package.parent / "rules"


@dataclass(frozen=True, slots=True)
class Selection:
    """What `--select`/`--ignore` leave (patch and series rules, by code), and the
    configuration's per-file ignores."""

    rules: tuple[Rule, ...]
    per_file: tuple[tuple[str, frozenset[str]], ...] = ()  # (glob, rule names) not reported

    def keeps(self, rule: str, file: str | None) -> bool:
        """False for a finding of `rule` on a file a per-file ignore covers (fnmatch
        globs on the path as the patch names it; `*` crosses `/`)."""
        if file is None:
            return True
        return not any(
            rule in names and fnmatch.fnmatchcase(file, glob) for glob, names in self.per_file
        )


@dataclass(frozen=True, slots=True)
class Registry:
    rules: tuple[Rule, ...]  # by code

    def get(self, key: str) -> Rule | None:
        """A rule by code (any case) or name."""
        key_l = key.lower()
        return next((r for r in self.rules if r.name == key_l or r.code.lower() == key_l), None)

    def matching(self, pattern: str) -> list[Rule]:
        """The rules a `--select`/`--ignore` pattern names: its code or name, every rule
        whose code starts with it, or every rule (`ALL`)."""
        p = pattern.lower()
        if p == "all":
            return list(self.rules)
        return [r for r in self.rules if r.name == p or r.code.lower().startswith(p)]

    def select(
        self,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        per_file: Sequence[tuple[str, Sequence[str]]] = (),
        levels: Sequence[tuple[str, Sequence[tuple[Profile, Level]]]] = (),
    ) -> Selection:
        """The rules to run: those on by default, or what `select` names, with `levels`
        (`[profiles.rules]`: a rule pattern and its level per profile) over their own; an
        unknown pattern is a usage error (a typo must not silently turn a check off, or on)."""
        off = {r.name: r.code.lower() for r in self.rules if not r.meta.default}

        def names_of(pattern: str, option: str) -> set[str]:
            found = {r.name for r in self.matching(pattern)}
            if not found:
                raise UsageError(f"{option} {pattern}: no rule has that code or name")
            return found

        def selected(pattern: str) -> set[str]:
            """A rule that is off by default is selected by its exact code or name (or
            ALL), never by a prefix: `--select CS` keeps meaning the CS rules that run."""
            found = names_of(pattern, "--select")
            p = pattern.lower()
            kept = {n for n in found if n not in off or p in ("all", n, off[n])}
            if not kept:
                raise UsageError(
                    f"--select {pattern}: matches only rules that are off by "
                    f"default ({', '.join(sorted(found))}): name one exactly, "
                    "or select ALL"
                )
            return kept

        names = {r.name for r in self.rules if r.name not in off}
        if select:
            names = set().union(*(selected(p) for p in _split(select)))
        for pattern in _split(ignore):
            names -= names_of(pattern, "--ignore")
        ignored_per_file = tuple(
            (
                glob,
                frozenset().union(
                    *(names_of(p, f"per-file-ignores {glob}") for p in _split(patterns))
                ),
            )
            for glob, patterns in per_file
        )
        overrides: dict[str, dict[Profile, Level]] = {}
        for pattern, per_profile in levels:
            for name in names_of(pattern, "[profiles.rules]"):
                overrides.setdefault(name, {}).update(per_profile)
        chosen = tuple(
            _with_levels(r, overrides.get(r.name, {})) for r in self.rules if r.name in names
        )
        return Selection(chosen, ignored_per_file)

    def series_only(self) -> Selection:
        """Every series rule and no patch rule (`patchlint who`: approvals, not code)."""
        return Selection(tuple(r for r in self.rules if r.series))


def _with_levels(rule: Rule, levels: dict[Profile, Level]) -> Rule:
    """`rule` with `levels` over its rule.toml's, per profile."""
    if not levels:
        return rule
    profiles = tuple((p, levels.get(p, lv)) for p, lv in rule.meta.profiles)
    return replace(rule, meta=replace(rule.meta, profiles=profiles))


def _split(patterns: Iterable[str]) -> list[str]:
    return [p.strip() for item in patterns for p in item.split(",") if p.strip()]


def load_registry(root: Path | None = None) -> Registry:
    """Every rule under `root`, validated (each check.py imported when the rule first
    runs); duplicate codes or names are an error."""
    root = root or rules_root()
    rules = []
    for folder in sorted(p for p in root.iterdir() if (p / "rule.toml").is_file()):
        rules.append(load_rule(folder, lazy=True))
    seen: dict[str, Path] = {}
    for rule in rules:
        for key in (rule.code, rule.name):
            if key in seen:
                raise RuleError(f"{rule.folder}: {key} is already used by {seen[key]}")
            seen[key] = rule.folder
    return Registry(tuple(sorted(rules, key=lambda r: r.code)))


@cache
def default_registry() -> Registry:
    return load_registry()
