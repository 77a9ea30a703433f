"""Which calls only log: the one test both the changelog matcher ("log message" entries,
`analysis.revisions.mentions`) and the trailer audit (a log message reworded is no change a
tag covers, `analysis.trailers.material`) read a call's name with."""

from __future__ import annotations

from patchlint import lazyre

# a call: the name read possessively (linear on hostile text), judged by `is_log_call`
CALL_NAME = lazyre.compile(r"\b([A-Za-z_]\w*+)\s*+\(")
_LEVELS = ("err", "warn", "info", "dbg", "notice", "crit")
_DEV_LEVELS = (*_LEVELS, "alert", "emerg")
_SUFFIX_LEVELS = (*_LEVELS, "debug")


def is_log_call(name: str) -> bool:
    """printk, seq_printf, WARN*, BUG*, pr_*, netdev_*, ibdev_*, dev_<level>*,
    drm_*<level>*, *_<level>[_once|_ratelimited] (`kunit_err`, `ath10k_warn`)."""
    if name in ("printk", "seq_printf") or name.startswith(("WARN", "BUG")):
        return True
    if any(name.startswith(p) and len(name) > len(p) for p in ("pr_", "netdev_", "ibdev_")):
        return True
    if name.startswith("dev_") and name[4:].startswith(_DEV_LEVELS):
        return True
    if name.startswith("drm_") and any(level in name[4:] for level in _LEVELS[:4]):
        return True
    return any(
        base.endswith("_" + level) and len(base) > len(level) + 1
        for base in (name.removesuffix("_ratelimited"), name.removesuffix("_once"))
        for level in _SUFFIX_LEVELS
    )


def logs(line: str) -> bool:
    """The line calls a logging function."""
    return any(is_log_call(name) for name in CALL_NAME.findall(line))
