"""What a Dask worker reviews series with, sent as a recipe and built once per worker.

`ReviewOptions` cannot travel as it is: the `--tree` reader is a closure, the rules are
modules loaded from files by path, and the MAINTAINERS database is large. The recipe holds
only what names them - the frozen `Config` (rule selection, limits, the MAINTAINERS file
and policy), the tree's path and what is sent back - and each worker process builds the
options from it the first time it sees it (`options`, cached by the recipe): rules, KBs and
MAINTAINERS are loaded once per worker, by path, never pickled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from patchlint.analysis.tree import tree_reader
from patchlint.config import DEFAULT_CONFIG, Config
from patchlint.pipeline.series import ReviewOptions
from patchlint.pipeline.setup import approval_for, rules_for


@dataclass(frozen=True, slots=True)
class OptionsRecipe:
    """How to build a run's `ReviewOptions` anywhere: what `cli review` builds them from."""

    config: Config = DEFAULT_CONFIG
    tree: str | None = None  # --tree
    summary: bool = False
    as_json: bool = False

    def build(self) -> ReviewOptions:
        """The options, built here (rules loaded, MAINTAINERS read, the tree opened), as
        the command line builds them for a one-process run."""
        config = self.config
        tree = Path(self.tree) if self.tree is not None else None
        selection = rules_for(config)
        approval = approval_for(config, tree)
        headers = None
        if tree is not None:
            from patchlint.c.kb.tree import TreeHeaders

            headers = TreeHeaders.at(tree)
        return ReviewOptions(
            tree_reader(tree, config.limits) if tree is not None else None,
            selection,
            approval,
            self.summary,
            self.as_json,
            config,
            headers,
        )


_built: dict[OptionsRecipe, ReviewOptions] = {}  # in each worker process


def options(recipe: OptionsRecipe) -> ReviewOptions:
    """The options of `recipe`, built the first time this process sees it."""
    found = _built.get(recipe)
    if found is None:
        found = _built[recipe] = recipe.build()
    return found
