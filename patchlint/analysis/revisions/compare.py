"""Revision against revision: which patch of v(N+1) is which patch of vN, and what changed.

Pairing uses, in order of trust: the same change (identical changed lines), the same commit
title, then files touched and similarity of the changed lines, so re-ordered, re-titled,
added, dropped and split patches are told apart. A patch split in two pairs with both
halves: the old patch appears in two pairs.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from patchlint.analysis.revisions.interdiff import (
    FileChange,
    FileInterdiff,
    file_changes,
    file_interdiff,
    range_diff,
)
from patchlint.analysis.revisions.linediff import BoundedMatcher
from patchlint.limits import DEFAULT_LIMITS, Limits
from patchlint.model.diff import DiffCache
from patchlint.model.evidence import DiffPrint, diff_print
from patchlint.model.patch import Patch
from patchlint.model.series import Revision, Series

PAIR_THRESHOLD = 0.45
# a new patch that is half of an old one brings at least this many of its changed lines, and
# at least this share of its own
SPLIT_MIN_LINES = 3
SPLIT_SHARE = 0.5
MAX_SIMILARITY_LINES = 4_000  # beyond this the content score uses a cheaper bound

TreeReader = Callable[[str], list[str] | None]


@dataclass(slots=True)
class PatchInterdiff:
    """One patch of the older revision against its counterpart in the newer one."""

    old: Patch | None
    new: Patch | None
    status: str  # modified | unchanged | added | dropped
    # unchanged: identical | context-only | carried; modified: whitespace-only or None
    detail: str | None = None
    files: list[FileInterdiff] = field(default_factory=list)

    @property
    def material(self) -> bool:
        """Modified beyond whitespace: what trailers, approvals and changelogs weigh. A
        whitespace-only change is still a change (a review that asked for an indentation
        fix is addressed by it), but it changes no code."""
        return self.status == "modified" and self.detail != "whitespace-only"

    @property
    def diff(self) -> str:
        return "".join(f.diff for f in self.files)

    @property
    def functions(self) -> list[str]:
        out: list[str] = []
        for f in self.files:
            out.extend(name for name in f.functions if name not in out)
        return out

    @property
    def method(self) -> str | None:
        methods = {f.method for f in self.files}
        if not methods:
            return None
        return "range-diff" if "range-diff" in methods else methods.pop()


@dataclass(slots=True)
class RevisionInterdiff:
    """Everything that changed from one revision to the next."""

    old: Revision
    new: Revision
    patches: list[PatchInterdiff]

    def for_old(self, index: int) -> PatchInterdiff | None:
        return next((p for p in self.patches if p.old is not None and p.old.index == index), None)

    def for_new(self, index: int) -> PatchInterdiff | None:
        return next((p for p in self.patches if p.new is not None and p.new.index == index), None)


def all_patches(rev: Revision) -> list[Patch]:
    """The revision's patches including those a partial re-roll carries over, by index."""
    merged = {**rev.carried, **rev.patches}
    return [merged[i] for i in sorted(merged)]


def _changed(patch: Patch) -> list[str]:
    return [
        line
        for line in patch.diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++ ", "--- "))
    ]


def change_id(patch: Patch) -> str:
    """A fingerprint of what the patch changes, blind to whitespace, line numbers and
    context (the idea of `git patch-id`, computed without git)."""
    h = hashlib.sha1(usedforsecurity=False)
    for line in _changed(patch):
        h.update(("".join(line.split()) + "\n").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _title(patch: Patch) -> str:
    return " ".join(patch.title.lower().split())


def _similarity(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    if len(a) + len(b) > MAX_SIMILARITY_LINES:
        return BoundedMatcher(a, b).quick_ratio()
    return BoundedMatcher(a, b).ratio()


def _score(a: Patch, b: Patch) -> float:
    files_a, files_b = set(a.files), set(b.files)
    union = files_a | files_b
    jaccard = len(files_a & files_b) / len(union) if union else 0.0
    if jaccard == 0.0:
        return 0.0
    ca, cb = _changed(a), _changed(b)
    matcher = BoundedMatcher(ca, cb)
    # the cheap upper bounds first: most non-counterparts stop here
    if 0.5 * jaccard + 0.5 * matcher.real_quick_ratio() < PAIR_THRESHOLD:
        return 0.0
    if 0.5 * jaccard + 0.5 * matcher.quick_ratio() < PAIR_THRESHOLD:
        return 0.0
    return 0.5 * jaccard + 0.5 * _similarity(ca, cb)


def pair_patches(old: Revision, new: Revision) -> list[tuple[Patch | None, Patch | None]]:
    """Counterparts between two revisions, in the newer revision's order; unmatched old
    patches (dropped) come last."""
    olds, news = all_patches(old), all_patches(new)
    pairs: dict[int, Patch] = {}  # id(new patch) -> old patch
    used: set[int] = set()

    def match(key: Callable[[Patch], str]) -> None:
        index: dict[str, list[Patch]] = {}
        for p in olds:
            if id(p) not in used:
                index.setdefault(key(p), []).append(p)
        for b in news:
            if id(b) in pairs:
                continue
            candidates = [p for p in index.get(key(b), []) if id(p) not in used]
            if candidates:
                a = min(candidates, key=lambda p: abs(p.index - b.index))
                pairs[id(b)] = a
                used.add(id(a))

    match(lambda p: p.message_key)  # carried over by a partial re-roll
    match(lambda p: change_id(p) if _changed(p) else f"no-diff:{_title(p)}")
    match(_title)
    scored = sorted(
        (
            (s, abs(a.index - b.index), ia, ib)
            for ia, a in enumerate(olds)
            if id(a) not in used
            for ib, b in enumerate(news)
            if id(b) not in pairs
            for s in [_score(a, b)]
            if s >= PAIR_THRESHOLD
        ),
        key=lambda t: (-t[0], t[1]),
    )
    for _, _, ia, ib in scored:
        a, b = olds[ia], news[ib]
        if id(a) in used or id(b) in pairs:
            continue
        pairs[id(b)] = a
        used.add(id(a))
    _pair_split_halves(olds, news, pairs)
    out: list[tuple[Patch | None, Patch | None]] = [(pairs.get(id(b)), b) for b in news]
    out.extend(
        (a, None) for a in olds if id(a) not in used and not any(p is a for p in pairs.values())
    )
    return out


def _pair_split_halves(olds: list[Patch], news: list[Patch], pairs: dict[int, Patch]) -> None:
    """A patch split in two: the half that found no counterpart (it would read as "added")
    pairs with the old patch its changed lines come from, even when that old patch is paired
    with the other half already - one old patch, two new ones."""
    prints: dict[int, DiffPrint] = {}  # taken when needed: most new patches are paired

    def lines_of(p: Patch) -> frozenset[str]:
        if id(p) not in prints:
            prints[id(p)] = diff_print([p.diff])
        return prints[id(p)].lines

    for b in news:
        if id(b) in pairs:
            continue
        mine = lines_of(b)
        if len(mine) < SPLIT_MIN_LINES:
            continue
        best: tuple[int, Patch] | None = None
        for a in olds:
            if not set(a.files) & set(b.files):
                continue
            shared = len(mine & lines_of(a))
            if (
                shared >= SPLIT_MIN_LINES
                and shared >= SPLIT_SHARE * len(mine)
                and (best is None or shared > best[0])
            ):
                best = (shared, a)
        if best is not None:
            pairs[id(b)] = best[1]


@dataclass(slots=True)
class ParseCache:
    """Per series: each patch's changes by mail (a patch is compared with both its
    neighbours), read from the series' shared diff parses."""

    diffs: DiffCache = field(default_factory=DiffCache)
    changes: dict[str, dict[str, FileChange] | None] = field(default_factory=dict)


def _parsed(patch: Patch, cache: ParseCache | None, limits: Limits) -> dict[str, FileChange] | None:
    if cache is None:
        return file_changes(patch.diff, None, limits)
    if patch.message_key not in cache.changes:
        cache.changes[patch.message_key] = file_changes(patch.diff, cache.diffs, limits)
    return cache.changes[patch.message_key]


def compare_patches(
    old: Patch | None,
    new: Patch | None,
    tree: TreeReader | None = None,
    cache: ParseCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> PatchInterdiff:
    """The interdiff of one pair (either side may be missing: added, dropped). `cache`
    keeps parsed diffs by mail, for patches compared with both neighbours."""
    if old is None:
        return PatchInterdiff(None, new, "added")
    if new is None:
        return PatchInterdiff(old, None, "dropped")
    if old.message_key == new.message_key:
        return PatchInterdiff(old, new, "unchanged", "carried")
    if old.diff == new.diff:
        return PatchInterdiff(old, new, "unchanged", "identical")
    a, b = _parsed(old, cache, limits), _parsed(new, cache, limits)
    files = _whole_text_fallback(old, new) if a is None or b is None else _per_file(a, b, tree)
    if not files:
        return PatchInterdiff(old, new, "unchanged", "context-only")
    if all(f.context_only for f in files):
        return PatchInterdiff(old, new, "unchanged", "context-only", files)
    if all(f.whitespace_only for f in files):
        return PatchInterdiff(old, new, "modified", "whitespace-only", files)
    return PatchInterdiff(old, new, "modified", None, files)


def _per_file(
    a: dict[str, FileChange], b: dict[str, FileChange], tree: TreeReader | None
) -> list[FileInterdiff]:
    out = []
    for path in list(b) + [p for p in a if p not in b]:
        result = file_interdiff(a.get(path), b.get(path), tree)
        if result is not None:
            out.append(result)
    return out


def _whole_text_fallback(old: Patch, new: Patch) -> list[FileInterdiff]:
    """Diffs that do not parse: compare their texts, line numbers and all."""
    fake_old = FileChange("(patch)", "", "", [], False, old.diff)
    fake_new = FileChange("(patch)", "", "", [], False, new.diff)  # text-only sources

    result = range_diff("(patch)", fake_old, fake_new)
    return [result] if result is not None else []


def compare_revisions(
    old: Revision,
    new: Revision,
    tree: TreeReader | None = None,
    cache: ParseCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> RevisionInterdiff:
    return RevisionInterdiff(
        old, new, [compare_patches(a, b, tree, cache, limits) for a, b in pair_patches(old, new)]
    )


def series_interdiffs(
    series: Series,
    tree: TreeReader | None = None,
    diffs: DiffCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[RevisionInterdiff]:
    """Each revision against the one before it; `diffs` shares the parses with the other
    analyses of the series."""
    cache = ParseCache(diffs if diffs is not None else DiffCache(limits))
    return [
        compare_revisions(a, b, tree, cache, limits)
        for a, b in itertools.pairwise(series.revisions)
    ]
