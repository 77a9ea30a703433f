"""Binomial confidence intervals and the stratified estimate of a precision over rules."""

from __future__ import annotations

import math
from collections.abc import Iterable

Z95 = 1.959963984540054


def wilson(right: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of right/n (95% by default); (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = right / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def stratified(
    strata: Iterable[tuple[int, int, int]], z: float = Z95
) -> tuple[float, float, float] | None:
    """A precision over strata (rules) sampled at different rates: each stratum is
    (findings fired, right in its sample, judged in its sample); the estimate weighs each
    stratum's precision by what it fired. The interval is the normal one with each
    stratum's variance taken from its Agresti-Coull estimate ((right+2)/(n+4)), so a
    stratum judged all right or all wrong still adds its uncertainty. None when nothing
    was judged."""
    rows = [(w, r, n) for w, r, n in strata if n > 0 and w > 0]
    total = sum(w for w, _, _ in rows)
    if not total:
        return None
    est = sum(w / total * r / n for w, r, n in rows)
    var = 0.0
    for w, r, n in rows:
        share = w / total
        p = (r + 2) / (n + 4)
        fpc = max(0.0, (w - n) / (w - 1)) if w > 1 else 0.0  # finite population
        var += share * share * p * (1 - p) / (n + 4) * fpc
    half = z * math.sqrt(var)
    return est, max(0.0, est - half), min(1.0, est + half)
