"""The review pipeline, stage by stage: ingest -> model -> per-series review -> report model.

`run` drives a whole run (read, group, review every series, assemble the report);
`series` reviews one series (analyses, rules, its report entry); `workers` spreads the
series over processes.
"""

from patchlint.pipeline.run import (
    Progress,
    ReviewRun,
    load,
    review,
    review_all,
    review_grouping,
    reviewing,
    series_workers,
)
from patchlint.pipeline.series import ReviewOptions, SeriesReview, review_series

__all__ = [
    "Progress",
    "ReviewOptions",
    "ReviewRun",
    "SeriesReview",
    "load",
    "review",
    "review_all",
    "review_grouping",
    "review_series",
    "reviewing",
    "series_workers",
]
