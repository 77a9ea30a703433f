"""What a run reviews with, from its `Config`: the rules it selects and the MAINTAINERS file
and policy approvals are judged by. One place, so the command line and the Dask workers
(`pipeline/dask/recipe.py`) cannot select differently."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from patchlint.config import Config
from patchlint.engine.registry import Selection, default_registry
from patchlint.errors import UsageError

if TYPE_CHECKING:
    from patchlint.analysis.approval import ApprovalConfig


def rules_for(config: Config) -> Selection:
    """The rules the configuration selects (codes, names or prefixes; per-file ignores),
    at the levels `[profiles.rules]` gives them."""
    return default_registry().select(
        config.select, config.ignore, config.per_file_ignores, config.profiles.rules
    )


def approval_for(config: Config, tree: Path | None) -> ApprovalConfig | None:
    """The MAINTAINERS file and policy to judge approvals by, if any: the configured file
    (--maintainers, else [maintainers] file), else MAINTAINERS at the root of --tree."""
    from patchlint.analysis.approval import ApprovalConfig  # runs that judge approvals
    from patchlint.maintainers import find_maintainers

    db = find_maintainers(config.maintainers.file, tree)
    policy = config.maintainers.policy
    if db is None:
        if policy != "auto":
            raise UsageError(
                f"the {policy} policy needs a MAINTAINERS file (--maintainers "
                "FILE, [maintainers] file in the config, or --tree DIR with "
                "MAINTAINERS at its root)"
            )
        return None
    return ApprovalConfig(db, policy)
