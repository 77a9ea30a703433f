"""A worker empties the package's memo caches after each decode task too, as after a
review (`pipeline.dask.trim`): decoding fills them (parsed senders), and a worker
that decodes more partitions would otherwise end the decoding with fuller caches. The
decoded partition is the one `decode_partition` makes here."""

from __future__ import annotations

from patchlint.ingest.partitions import RawPartition, decode_partition, partition_inputs
from patchlint.limits import DEFAULT_LIMITS
from patchlint.model.address import parse_address
from patchlint.pipeline.dask.mail import _decode_task
from patchlint.pipeline.dask.trim import memo_caches
from tests.pipeline.conftest import SEEDS


def test_a_decode_task_leaves_the_memo_caches_empty_and_decodes_alike():
    limits = DEFAULT_LIMITS
    cuts = [c for c in partition_inputs(SEEDS[:3], limits) if isinstance(c, RawPartition)]
    assert cuts
    for cut in cuts:
        here = decode_partition(cut.items, limits)
        assert parse_address.cache_info().currsize > 0  # decoding filled it
        task = _decode_task(cut.items, limits)
        assert all(c.cache_info().currsize == 0 for c in memo_caches())
        assert task == here
