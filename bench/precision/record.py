"""What a run records when some group could not be measured.

A group's inputs can leave a machine (the unseen list was local to one that is gone). The
run then still records what it measured: results.json keeps the absent group's last entry
for the record, marked `"stale": true` with the source hash it was measured at, and the
mailing table pools only the groups measured now (the table names them). A group left out
by `--group` while its input is here is a quick partial look, not a measurement: such a run
records nothing.
"""

from __future__ import annotations

from typing import Any


def absent_groups(
    groups: tuple[str, ...], requested: list[str] | None, present: set[str]
) -> list[str]:
    """The groups this run cannot measure because their inputs are not on this machine."""
    return [g for g in groups if g not in present and (not requested or g in requested)]


def may_record(
    groups: tuple[str, ...], requested: list[str] | None, measured: set[str]
) -> tuple[bool, str]:
    """Whether results.json and the table may be rewritten, and why not when not."""
    if not measured:
        return False, "no group was measured"
    skipped = [g for g in groups if requested and g not in requested and g not in measured]
    if skipped:
        return False, f"--group left out {', '.join(skipped)}"
    return True, ""


def carry_stale(results: dict[str, Any], last: dict[str, Any], absent: list[str]) -> list[str]:
    """Copy each absent group's last recorded entry into `results`, marked stale with the
    source hash it was measured at (kept from an entry already stale). Returns the groups
    carried; a group never recorded has nothing to carry."""
    carried = []
    for name in absent:
        entry = (last.get("groups") or {}).get(name)
        if entry is None:
            continue
        kept = dict(entry)
        if not kept.get("stale"):
            kept["stale"] = True
            kept["measured_at"] = last.get("source")
        results["groups"][name] = kept
        carried.append(name)
    return carried
