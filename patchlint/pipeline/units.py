"""Group an input unit by unit (`model.units`): the mail cut into the pieces no grouping
rule links across, each piece grouped on its own (`model.grouping.group_unit`), the
results merged into what grouping everything at once gives, byte for byte in the report.

Why: a run over mail that has grown re-groups only the units the new mail reaches (the
threads its Message-ID edges join, the postings its sender keys link, the patches a
floating reply's quote may name); every other unit's grouping is taken from `UnitCache`
(`pipeline.dask.state` keeps them). The one-process pipeline groups by units too, so both
run the same two parts.

The units are found in two steps. First the connected components of `cross_thread_keys`
(sender names written `Last, First`, which `same_person` matches by their parts, are linked
to the names holding those parts). Then, since a reply whose thread leads to no patch is
placed by the code it quotes among every patch of the input, the units whose patches share a
title or a blob with such a reply's quote are joined and grouped again, until none does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.grouping import group_unit, reset_keys
from patchlint.model.message import Diagnostic, Message
from patchlint.model.series import Grouping
from patchlint.model.units import (
    PartialGrouping,
    UnitGrouping,
    UnitSummary,
    cross_thread_keys,
    merge_partial,
    merge_units,
    patch_quote_keys,
    quote_keys,
)


class UnitCache(Protocol):
    """Groupings of units kept from an earlier run, by their mails' identities."""

    def unit(self, ids: list[str]) -> UnitGrouping | None: ...

    def keep(self, ids: list[str], unit: UnitGrouping) -> None: ...


class _Links:
    """Union-find over the mails' indexes (the smaller index is a set's root)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def sets(self) -> list[list[int]]:
        """The sets, each in input order, ordered by their first mail."""
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            found.setdefault(self.root(i), []).append(i)
        return list(found.values())


def find_units(keys: Sequence[Sequence[str]]) -> _Links:
    """The mails (by index) linked by sharing a key, directly or through others."""
    links = _Links(len(keys))
    first: dict[str, int] = {}
    for i, mine in enumerate(keys):
        for key in mine:
            j = first.setdefault(key, i)
            if j != i:
                links.join(i, j)
    names = [k[3:] for k in first if k.startswith("sn:")]
    for turned in (n for n in names if "," in n):
        chunks = [chunk.strip() for chunk in turned.split(",")]
        for name in names:
            if name != turned and all(chunk in name for chunk in chunks):
                links.join(first["sn:" + turned], first["sn:" + name])
    return links


def group_by_units(
    messages: list[Message],
    diagnostics: list[Diagnostic],
    limits: Limits = DEFAULT_LIMITS,
    keys: Sequence[Sequence[str]] | None = None,
    ids: Sequence[str] | None = None,
    cache: UnitCache | None = None,
) -> tuple[Grouping, dict[str, str]]:
    """What `group_messages` gives for `messages`, grouped unit by unit; its notes are
    appended to `diagnostics`. Also where each message was read, by key. `keys`: each
    mail's `cross_thread_keys` if already known; `ids`, each mail's identity across runs
    (what `cache` keeps units by)."""
    if keys is None:
        keys = [cross_thread_keys(m) for m in messages]
    links = find_units(keys)
    done: dict[tuple[int, ...], UnitGrouping] = {}

    def grouped(members: list[int]) -> UnitGrouping:
        at = tuple(members)
        found = done.get(at)
        if found is None:
            found = done[at] = _group(messages, members, limits, ids, cache)
        return found

    units, results = _to_fixpoint(links, grouped)
    grouping, notes, sources = merge_units(list(zip(units, results, strict=True)))
    diagnostics.extend(notes)
    return grouping, sources


def _group(
    messages: list[Message],
    members: list[int],
    limits: Limits,
    ids: Sequence[str] | None,
    cache: UnitCache | None,
) -> UnitGrouping:
    mails = [messages[i] for i in members]
    names = [ids[i] for i in members] if ids is not None and cache is not None else None
    if names is not None and cache is not None:
        kept = cache.unit(names)
        if kept is not None:
            for i, key, _ in kept.sources:  # the keys grouping gave them (`#dup2`, ...)
                mails[i].key = key
            return kept
    reset_keys(mails)
    unit = group_unit(mails, limits)
    if names is not None and cache is not None:
        unit.patch_keys = patch_quote_keys(unit.grouping)  # kept, for the runs to come
        cache.keep(names, unit)
    return unit


class SummaryCache(Protocol):
    """Units' groupings kept from an earlier run, and their summaries (`UnitSummary`)."""

    def summary(self, ids: list[str]) -> UnitSummary | None: ...

    def keep(self, ids: list[str], unit: UnitGrouping) -> None: ...


def group_partial(
    mail: Callable[[list[int]], list[Message]],
    keys: Sequence[Sequence[str]],
    ids: Sequence[str],
    diagnostics: list[Diagnostic],
    cache: SummaryCache,
    usable: Callable[[UnitSummary], bool],
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[PartialGrouping, dict[str, str]]:
    """`group_by_units` for a run over grown mail that loads only what the new mail
    reaches: a unit `cache` holds a summary of (and `usable` accepts) is taken as that
    summary, its messages never asked for; every other unit is grouped from the messages
    `mail` gives for its members (by index) and kept. The same series in the same order,
    the same notes, counts and sources as grouping everything."""
    links = find_units(keys)
    done: dict[tuple[int, ...], UnitGrouping | UnitSummary] = {}

    def regrouped(members: list[int]) -> UnitGrouping:
        mails = mail(members)
        reset_keys(mails)
        unit = group_unit(mails, limits)
        unit.patch_keys = patch_quote_keys(unit.grouping)
        cache.keep([ids[i] for i in members], unit)
        return unit

    def grouped(members: list[int]) -> UnitGrouping | UnitSummary:
        at = tuple(members)
        found = done.get(at)
        if found is None:
            # a unit only joined to others by a quote in the end need not be `usable`
            found = done[at] = cache.summary([ids[i] for i in members]) or regrouped(members)
        return found

    units, results = _to_fixpoint(links, grouped)
    results = [
        regrouped(members) if isinstance(unit, UnitSummary) and not usable(unit) else unit
        for members, unit in zip(units, results, strict=True)
    ]
    grouping, notes, sources = merge_partial(list(zip(units, results, strict=True)))
    diagnostics.extend(notes)
    return grouping, sources


_Unit = TypeVar("_Unit", bound=UnitGrouping | UnitSummary)


def _to_fixpoint(
    links: _Links, grouped: Callable[[list[int]], _Unit]
) -> tuple[list[list[int]], list[_Unit]]:
    """Group every unit, join the units a floating reply's quote names a patch of, and
    again until no quote joins any: the units and their groupings at that point."""
    while True:
        units = links.sets()
        results = [grouped(members) for members in units]
        floating: set[str] = set()
        for unit in results:
            floating |= _floating_keys(unit)
        if not floating or not _join_keys(units, results, floating, links):
            return units, results


def _floating_keys(unit: UnitGrouping | UnitSummary) -> set[str]:
    if isinstance(unit, UnitSummary):
        return unit.floating_keys
    return {k for quote, title in unit.floating for k in quote_keys(quote, title)}


def _join_keys(
    units: list[list[int]],
    results: Sequence[UnitGrouping | UnitSummary],
    floating: set[str],
    links: _Links,
) -> bool:
    """Join the units a floating reply's quote may name a patch of (units grouped here or
    summarized from a kept state); whether any were."""
    holder: dict[str, int] = {}
    joined = False
    for members, unit in zip(units, results, strict=True):
        if unit.patch_keys is None:
            assert isinstance(unit, UnitGrouping)
            unit.patch_keys = patch_quote_keys(unit.grouping)
        for key in (unit.patch_keys & floating) | _floating_keys(unit):
            other = holder.setdefault(key, members[0])
            if links.root(other) != links.root(members[0]):
                links.join(other, members[0])
                joined = True
    return joined
