"""Line alignment with a bounded cost, for diffs of attacker-supplied text.

`difflib.SequenceMatcher(autojunk=False)` is cubic on repetitive input (1,000 lines of
alternating `+x`/`+y` take seconds, 2,000 take a minute) and autojunk only moves the
problem (cyclic input). `BoundedMatcher` is a SequenceMatcher whose matching blocks come
from: the common prefix and suffix; then anchors on lines unique to both sides (patience
diff), recursively; and SequenceMatcher itself only on gaps of at most `WINDOW` lines. A
total work budget bounds the anchoring; what is left over, or a large gap with no unique
line, is reported as replaced. Small inputs give exactly SequenceMatcher's answer.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Hashable, Sequence

WINDOW = 300  # lines (both sides) below which SequenceMatcher aligns exactly
BUDGET = 20  # patience passes may look at each line this many times in all

Block = tuple[int, int, int]


class BoundedMatcher(difflib.SequenceMatcher[Hashable]):
    """difflib.SequenceMatcher with `get_matching_blocks` computed in bounded time."""

    def __init__(self, a: Sequence[Hashable], b: Sequence[Hashable]) -> None:
        super().__init__(None, a, b, autojunk=False)
        self._pair = (a, b)
        self._blocks: list[difflib.Match] | None = None

    def get_matching_blocks(self) -> list[difflib.Match]:
        if self._blocks is None:
            self._blocks = [difflib.Match(*m) for m in matching_blocks(*self._pair)]
        return self._blocks


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """(i, j, n) triples as SequenceMatcher returns them, ending with (len a, len b, 0)."""
    found: list[Block] = []
    budget = BUDGET * (len(a) + len(b)) + 1000
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        if (ahi - alo) + (bhi - blo) <= WINDOW:
            sm = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            found.extend((alo + i, blo + j, n) for i, j, n in sm.get_matching_blocks() if n)
            continue
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            found.append((alo, blo, 1))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            found.append((ahi, bhi, 1))
        if alo == ahi or blo == bhi:
            continue
        if (ahi - alo) + (bhi - blo) <= WINDOW:
            stack.append((alo, ahi, blo, bhi))
            continue
        budget -= (ahi - alo) + (bhi - blo)
        anchors = _anchors(a, alo, ahi, b, blo, bhi) if budget > 0 else []
        # the gaps between anchors, each aligned in turn (an anchor is a match of one line)
        prev_a, prev_b = alo, blo
        for i, j in anchors:
            found.append((i, j, 1))
            stack.append((prev_a, i, prev_b, j))
            prev_a, prev_b = i + 1, j + 1
        if anchors:
            stack.append((prev_a, ahi, prev_b, bhi))
    return _merge(sorted(found), len(a), len(b))


def _anchors(
    a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Lines that occur once in each range, in an order both sides agree on (the longest
    increasing run of their positions, as patience diff takes them)."""
    count_a: dict[Hashable, int] = {}
    for i in range(alo, ahi):
        count_a[a[i]] = count_a.get(a[i], 0) + 1
    where_b: dict[Hashable, int] = {}
    count_b: dict[Hashable, int] = {}
    for j in range(blo, bhi):
        count_b[b[j]] = count_b.get(b[j], 0) + 1
        where_b[b[j]] = j
    pairs = [
        (i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and count_b.get(a[i]) == 1
    ]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by i) whose j increase (O(n log n))."""
    tails: list[int] = []  # j of the last pair of the best run of each length
    tail_at: list[int] = []  # index into pairs of that last pair
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back[k] = tail_at[pos - 1] if pos else -1
    out = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


def _merge(blocks: list[Block], la: int, lb: int) -> list[Block]:
    out: list[Block] = []
    for i, j, n in blocks:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            pi, pj, pn = out[-1]
            out[-1] = (pi, pj, pn + n)
        else:
            out.append((i, j, n))
    out.append((la, lb, 0))
    return out
