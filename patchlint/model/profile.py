"""Project profiles: which community's conventions a patch is judged by.

A rule declares, per profile, how sure it is there (`error`, `warning`, `info`) or that it
stays silent (`off`): a community's style preference must not fire on another's code
(Xen's narrow lexical scope is not Linux's locals-at-the-top). The profile is a fact about
the patch, read from its evidence (`analysis.profile`); this module holds the vocabulary and
the fact, pure data, so the configuration, the analyses and the engine share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from patchlint.model.finding import SEVERITIES, Severity

Profile = Literal["linux", "xen-hypervisor", "xen-tools", "other"]
# every profile, in the order rule docs and reports list them
PROFILES: tuple[Profile, ...] = get_args(Profile)

# what a rule may say per profile: a severity, or `off` (not run on that profile's code)
Level = Literal["error", "warning", "info", "off"]
LEVELS: tuple[Level, ...] = (*SEVERITIES, "off")

# who chose a patch's profile: its evidence, the configuration, or the command line
ProfileSource = Literal["detected", "config", "flag"]


def profile_named(value: object) -> Profile | None:
    """`value` as a profile name, or None when it is not one."""
    return next((p for p in PROFILES if p == value), None)


def level_named(value: object) -> Level | None:
    """`value` as a level name, or None when it is not one."""
    return next((lv for lv in LEVELS if lv == value), None)


def lower_severity(level: Severity, hit: str | None) -> Severity:
    """The severity of a finding: its rule's level in the patch's profile, lowered (never
    raised) by what the rule's hit says of its own evidence."""
    lowered = next((s for s in SEVERITIES if s == hit), None)
    if lowered is None:
        return level
    return max(level, lowered, key=SEVERITIES.index)


@dataclass(frozen=True, slots=True)
class PatchProfile:
    """The profile a patch is judged by, and why: `name` is the patch's, `files` names the
    files judged by another (a Xen patch's tools files, a configured path glob), `evidence`
    says in words what decided it (paths, lists, subject tags, the MAINTAINERS format, the
    configuration)."""

    name: Profile
    source: ProfileSource = "detected"
    evidence: tuple[str, ...] = ()
    files: tuple[tuple[str, Profile], ...] = field(default=())

    def of(self, path: str) -> Profile:
        """The profile one file of the patch is judged by."""
        return next((p for f, p in self.files if f == path), self.name)
