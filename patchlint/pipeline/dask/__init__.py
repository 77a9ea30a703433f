"""The review on a Dask cluster (`patchlint review --executor dask`): the same report as
the one-process run, with decoding and the per-series review spread over the cluster's
workers. `distributed` is imported only when a cluster is asked for."""

from patchlint.pipeline.dask.recipe import OptionsRecipe
from patchlint.pipeline.dask.run import reviewing_on_dask

__all__ = ["OptionsRecipe", "reviewing_on_dask"]
